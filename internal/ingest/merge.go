package ingest

import "slices"

// The merging side of a Load: on the goroutine that called Load, it counts
// files, records, skips and drops in input order and builds the Result.

// fileMark records a file's start, an ignored file or an input error.
func (l *loader) fileMark(m *fileMark) {
	switch {
	case m.end:
		if l.file != nil {
			l.file.Bytes = m.endBytes
		}
	case m.err != nil:
		l.res.InputErrors = append(l.res.InputErrors, m.err)
	case m.ignored:
		l.res.Ignored = append(l.res.Ignored, m.stats.Path)
	default:
		f := *m.stats
		l.file = &f
		l.files = append(l.files, l.file)
	}
}

// record counts one record; under --strict a skipped one ends the load.
func (l *loader) record(err *RecordError) error {
	l.res.Read++
	l.file.Records++
	if err == nil {
		l.res.Parsed++
		l.file.Parsed++
		return nil
	}
	l.file.Skipped++
	if l.skips == nil {
		l.skips = map[string]*SkipGroup{}
	}
	g := l.skips[err.Reason]
	if g == nil {
		g = &SkipGroup{Reason: err.Reason}
		l.skips[err.Reason] = g
	}
	g.Count++
	if len(g.First) < MaxLocations {
		g.First = append(g.First, err.Loc)
	}
	return l.report(err)
}

func (l *loader) dropped(d drop, loc Location) error {
	l.res.Dropped[d.reason]++
	return l.report(&RecordError{Loc: loc, Reason: d.reason, Detail: d.detail, Dropped: true})
}

func (l *loader) report(err *RecordError) error {
	if l.opts.OnError != nil {
		l.opts.OnError(err)
	}
	if l.opts.Strict {
		return err
	}
	return nil
}

func (l *loader) finish() *Result {
	l.res.Files = l.res.Files[:0]
	for _, f := range l.files {
		l.res.Files = append(l.res.Files, *f)
	}
	for _, g := range l.skips {
		l.res.Skipped = append(l.res.Skipped, *g)
	}
	slices.SortFunc(l.res.Skipped, func(a, b SkipGroup) int {
		if a.Reason < b.Reason {
			return -1
		}
		if a.Reason > b.Reason {
			return 1
		}
		return 0
	})
	return l.res
}
