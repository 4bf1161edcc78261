package shop

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/redis/go-redis/v9"
)

// Profile is a user's public profile, as cached.
type Profile struct {
	ID      int64  `json:"id"`
	Name    string `json:"name"`
	Email   string `json:"email"`
	Bio     string `json:"bio"`
	Version int    `json:"version"`
}

// loadProfile reads a profile from the source of truth.
func loadProfile(ctx context.Context, db *pgxpool.Pool, id int64) ([]byte, error) {
	p := Profile{ID: id}
	err := db.QueryRow(ctx, "SELECT name, email, bio, version FROM users WHERE id = $1", id).
		Scan(&p.Name, &p.Email, &p.Bio, &p.Version)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, errNotFound
	} else if err != nil {
		return nil, err
	}
	return json.Marshal(p)
}

// getProfile is cache-aside: a hit answers from Redis, a miss reads
// PostgreSQL and fills the cache. ?fresh=1 reads PostgreSQL only; ?wait=JOB
// polls until the job is done and reads the cache again.
func (a *api) getProfile(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if r.URL.Query().Get("fresh") == "1" {
		val, err := loadProfile(ctx, a.db, id)
		if err != nil {
			return err
		}
		return writeRaw(w, val)
	}
	val, err := a.rdb.Get(ctx, profileKey(id)).Bytes()
	if errors.Is(err, redis.Nil) {
		val, err = a.fillProfile(r, id)
	}
	if err != nil {
		return err
	}
	if job := r.URL.Query().Get("wait"); job != "" {
		if err := a.waitJob(ctx, job); err != nil {
			return err
		}
		if val, err = a.rdb.Get(ctx, profileKey(id)).Bytes(); err != nil {
			return err
		}
	}
	return writeRaw(w, val)
}

// fillProfile loads a profile after a miss and caches it.
func (a *api) fillProfile(r *http.Request, id int64) ([]byte, error) {
	val, err := loadProfile(r.Context(), a.db, id)
	if err != nil {
		return nil, err
	}
	pause(r.Context(), r, "fill")
	return val, a.rdb.Set(r.Context(), profileKey(id), val, profileTTL).Err()
}

// putProfile updates the bio in PostgreSQL and leaves the cache to a
// refresh-profile job. ?echo=1 answers with the (cached) profile too.
func (a *api) putProfile(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var body struct {
		Bio string `json:"bio"`
	}
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
		return &httpError{http.StatusBadRequest, err.Error()}
	}
	tag, err := a.db.Exec(ctx, "UPDATE users SET bio = $2, version = version + 1, updated_at = now() WHERE id = $1", id, body.Bio)
	if err != nil {
		return err
	}
	if tag.RowsAffected() == 0 {
		return errNotFound
	}
	j := &Job{Type: "refresh-profile", UserID: id}
	if err := a.enqueueFrom(r, j); err != nil {
		return err
	}
	res := map[string]any{"job": j.ID}
	if r.URL.Query().Get("echo") == "1" {
		if val, err := a.rdb.Get(ctx, profileKey(id)).Bytes(); err == nil {
			res["profile"] = json.RawMessage(val)
		}
	}
	writeJSON(w, http.StatusAccepted, res)
	return nil
}

// putEmail updates the email and invalidates the cached profile.
func (a *api) putEmail(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var body struct {
		Email string `json:"email"`
	}
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
		return &httpError{http.StatusBadRequest, err.Error()}
	}
	if _, err := a.db.Exec(ctx, "UPDATE users SET email = $2, version = version + 1, updated_at = now() WHERE id = $1", id, body.Email); err != nil {
		return err
	}
	if err := a.rdb.Del(ctx, profileKey(id)).Err(); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]bool{"ok": true})
	return nil
}

// postJob enqueues a job of the given type about the user in the path.
func (a *api) postJob(typ string) func(w http.ResponseWriter, r *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := pathID(r, "id")
		if err != nil {
			return err
		}
		j := &Job{Type: typ, UserID: id}
		if err := a.enqueueFrom(r, j); err != nil {
			return err
		}
		writeJSON(w, http.StatusAccepted, map[string]string{"job": j.ID})
		return nil
	}
}

// writeRaw answers with a JSON document already encoded.
func writeRaw(w http.ResponseWriter, val []byte) error {
	w.Header().Set("Content-Type", "application/json")
	_, err := w.Write(val)
	return err
}
