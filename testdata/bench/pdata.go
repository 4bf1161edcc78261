package bench

import (
	"sync"

	"go.opentelemetry.io/collector/pdata/ptrace"
)

// DecodePdata decodes every record of the dump at path with the
// Collector's pdata (JSONUnmarshaler for lines, ProtoUnmarshaler for
// frames and documents) on workers goroutines, while the calling goroutine
// reads. each is called once per record, concurrently from the workers,
// in no particular order. It returns the first error.
func DecodePdata(path string, workers int, each func(ptrace.Traces)) error {
	type job struct {
		f   Framing
		rec []byte
	}
	jobs := make(chan job, 2*workers)
	errs := make(chan error, workers)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			var ju ptrace.JSONUnmarshaler
			var pu ptrace.ProtoUnmarshaler
			var failed bool
			for j := range jobs {
				if failed {
					continue // drain, so the reader never blocks
				}
				var td ptrace.Traces
				var err error
				if j.f == Lines {
					td, err = ju.UnmarshalTraces(j.rec)
				} else {
					td, err = pu.UnmarshalTraces(j.rec)
				}
				if err != nil {
					errs <- err
					failed = true
					continue
				}
				each(td)
			}
		})
	}
	rerr := ReadRecords(path, func(f Framing, rec []byte) error {
		jobs <- job{f, rec}
		return nil
	})
	close(jobs)
	wg.Wait()
	close(errs)
	if rerr != nil {
		return rerr
	}
	return <-errs
}
