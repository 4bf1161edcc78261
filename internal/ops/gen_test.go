package ops

import (
	"fmt"
	"math/rand/v2"

	"github.com/raceline/raceline/internal/trace"
)

// genStore generates groups of traces shaped like a cached web service: a
// request that reads the cache, on a miss queries the database and fills
// it, reads a pipeline of keys and a hash field, sometimes updates a row,
// deletes the key and enqueues a job; and that job, in its own trace,
// linked back, refreshing the cache. Client spans are written by go-redis,
// OpenTelemetry Python (masked, with cache.key) and otelpgx. Spans of a
// trace are shuffled, as exporters write them in no useful order. Each
// group holds about 2 + 5·rounds ops. The same seed gives the same store.
func genStore(groups int, seed uint64) *trace.Store {
	return genStoreRounds(groups, 2, seed)
}

func genStoreRounds(groups, rounds int, seed uint64) *trace.Store {
	r := rand.New(rand.NewPCG(seed, seed))
	st := trace.NewStore()
	for g := range groups {
		s := &scenario{trace: uint64(2 * g), now: epoch + int64(g)*10}
		user := fmt.Sprint(r.IntN(1000))
		s.request("GET /users/{id}", a("user.id", "u"+user))
		for range rounds {
			genRound(r, s, user)
		}
		producer := s.next
		if r.IntN(4) == 0 {
			s.pgx("UPDATE users SET name = $1 WHERE id = $2", "users").goRedis("del user:" + user + ":profile").client("send jobs")
			s.spans[len(s.spans)-1].Kind = trace.KindProducer
			producer = s.next - 1
		}
		reqTrace := s.trace
		s.job("process jobs")
		if producer < s.next {
			s.spans[len(s.spans)-1].Links = []trace.Link{{TraceID: tid(reqTrace), SpanID: sid(producer)}}
		}
		s.pgx(selectUser, "users").goRedis("set user:" + user + ":profile ? ex 600")
		for _, sp := range shuffled(r, s.spans) {
			st.Add(sp)
		}
	}
	return st
}

// genRound adds one round of cache traffic to the current request.
func genRound(r *rand.Rand, s *scenario, user string) {
	key := "user:" + user + ":profile"
	if r.IntN(3) == 0 {
		s.pyRedis("GET", 1, a("cache.key", key))
	} else {
		s.goRedis("get " + key)
	}
	if r.IntN(2) == 0 {
		s.pgx(selectUser, "users").goRedis("setex " + key + " 600 ?")
	}
	cart, product := r.IntN(5000), r.IntN(200)
	s.goRedisPipeline(fmt.Sprintf("get cart:%d", cart), fmt.Sprintf("get product:%d", product), fmt.Sprintf("expire cart:%d 600", cart))
	s.goRedis(fmt.Sprintf("hget prices:%d eur", product))
}

func shuffled(r *rand.Rand, spans []trace.Span) []trace.Span {
	r.Shuffle(len(spans), func(i, j int) { spans[i], spans[j] = spans[j], spans[i] })
	return spans
}
