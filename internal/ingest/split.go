package ingest

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// splitter cuts one decompressed stream into records and hands each to
// emit. It runs on the single reading goroutine; decoding happens elsewhere.
type splitter struct {
	path       string
	max        int
	compressed bool // a read error then means a damaged stream, not an I/O error
	emit       func(rec []byte, r rawRecord) error
}

// rawRecord is a record's place and what splitting already knows of it.
type rawRecord struct {
	loc Location
	// unterminated marks a last line without a newline: if it does not
	// decode, a Collector was still writing it (truncated-record).
	unterminated bool
	// fail is set when splitting already decided the record is skipped.
	fail *RecordError
}

func (s *splitter) skip(loc Location, reason, format string, args ...any) error {
	return s.emit(nil, rawRecord{loc: loc, fail: &RecordError{Loc: loc, Reason: reason, Detail: fmt.Sprintf(format, args...)}})
}

// readFailure turns an error from the stream into the record that ends the
// file, or an input error for an uncompressed file.
func (s *splitter) readFailure(loc Location, err error) error {
	if !s.compressed {
		return &InputError{Path: s.path, Err: err}
	}
	return s.skip(loc, ReasonTruncatedStream, "the compressed stream is damaged (%v); the rest of the file is lost", err)
}

// lines splits JSON lines. Blank lines are not records. Lines longer than
// max are skipped without being held in memory.
func (s *splitter) lines(r *bufio.Reader) error {
	var (
		lineNo, off, start int64
		acc                []byte
		tooLong            bool
	)
	for {
		frag, err := r.ReadSlice('\n')
		if len(acc) == 0 && !tooLong {
			start = off
		}
		switch {
		case errors.Is(err, bufio.ErrBufferFull):
			if !tooLong && len(acc)+len(frag) > s.max {
				tooLong, acc = true, acc[:0]
			}
			if !tooLong {
				acc = append(acc, frag...)
			}
			off += int64(len(frag))
			continue
		case err != nil && !errors.Is(err, io.EOF):
			return s.readFailure(Location{Path: s.path, Line: lineNo + 1, Offset: start}, err)
		}
		line := frag
		if len(acc) > 0 || tooLong {
			acc = append(acc, frag...)
			line = acc
		}
		off += int64(len(frag))
		if len(bytes.TrimSpace(line)) > 0 || tooLong {
			lineNo++
			loc := Location{Path: s.path, Line: lineNo, Offset: start}
			var e error
			if tooLong || len(line) > s.max {
				e = s.skip(loc, ReasonRecordTooLarge, "the line is longer than --max-record-size (%d bytes)", s.max)
			} else {
				e = s.emit(line, rawRecord{loc: loc, unterminated: errors.Is(err, io.EOF)})
			}
			if e != nil {
				return e
			}
		} else {
			lineNo++ // blank lines still count for line numbers
		}
		acc, tooLong = acc[:0], false
		if err != nil {
			return nil
		}
	}
}

// frames splits the file exporter's length-prefixed records.
func (s *splitter) frames(r *bufio.Reader) error {
	var off int64
	var hdr [4]byte
	for frame := int64(1); ; frame++ {
		loc := Location{Path: s.path, Frame: frame, Offset: off}
		n, err := io.ReadFull(r, hdr[:])
		switch {
		case errors.Is(err, io.EOF):
			return nil
		case errors.Is(err, io.ErrUnexpectedEOF):
			return s.skip(loc, ReasonTruncatedRecord, "the file ends inside a frame's 4-byte length (%d bytes)", n)
		case err != nil:
			return s.readFailure(loc, err)
		}
		size := int64(binary.BigEndian.Uint32(hdr[:]))
		off += 4 + size
		if size > int64(s.max) {
			if _, err := r.Discard(int(size)); err != nil {
				return s.skip(loc, ReasonTruncatedRecord, "the file ends inside a frame of %d bytes", size)
			}
			if err := s.skip(loc, ReasonRecordTooLarge, "the frame of %d bytes is longer than --max-record-size (%d bytes)", size, s.max); err != nil {
				return err
			}
			continue
		}
		if err := s.frame(r, loc, int(size)); err != nil {
			return err
		}
	}
}

func (s *splitter) frame(r *bufio.Reader, loc Location, size int) error {
	buf := make([]byte, size)
	n, err := io.ReadFull(r, buf)
	switch {
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return s.skip(loc, ReasonTruncatedRecord, "the file ends after %d of the frame's %d bytes", n, size)
	case err != nil:
		return s.readFailure(loc, err)
	}
	return s.emit(buf, rawRecord{loc: loc})
}

// document reads the whole stream as one record.
func (s *splitter) document(r *bufio.Reader) error {
	loc := Location{Path: s.path, Offset: 0}
	buf, err := io.ReadAll(io.LimitReader(r, int64(s.max)+1))
	switch {
	case err != nil:
		return s.readFailure(loc, err)
	case len(buf) > s.max:
		return s.skip(loc, ReasonRecordTooLarge, "the document is longer than --max-record-size (%d bytes)", s.max)
	}
	return s.emit(buf, rawRecord{loc: loc})
}

// array streams the elements of a top-level JSON array, or of the array
// under key in a top-level object, each one record. A syntax error poisons
// a json.Decoder, so the rest of the file after one is one skipped record.
func (s *splitter) array(r *bufio.Reader, key string) error {
	er := &errReader{r: r}
	d := json.NewDecoder(er)
	if err := s.openArray(d, key); err != nil {
		return s.arrayFailure(d, er, err)
	}
	for d.More() {
		var elem json.RawMessage
		if err := d.Decode(&elem); err != nil {
			return s.arrayFailure(d, er, err)
		}
		loc := Location{Path: s.path, Offset: d.InputOffset() - int64(len(elem))}
		if len(elem) > s.max {
			if err := s.skip(loc, ReasonRecordTooLarge, "the element is longer than --max-record-size (%d bytes)", s.max); err != nil {
				return err
			}
			continue
		}
		if err := s.emit(elem, rawRecord{loc: loc}); err != nil {
			return err
		}
	}
	return nil
}

// openArray consumes tokens up to the '[' that opens the streamed array.
func (s *splitter) openArray(d *json.Decoder, key string) error {
	tok, err := d.Token()
	if err != nil {
		return err
	}
	if key != "" {
		if tok != json.Delim('{') {
			return fmt.Errorf("expected an object, found %v", tok)
		}
		for {
			k, err := d.Token()
			if err != nil {
				return err
			}
			if k == key {
				break
			}
			var skip json.RawMessage
			if err := d.Decode(&skip); err != nil {
				return err
			}
		}
		if tok, err = d.Token(); err != nil {
			return err
		}
	}
	if tok != json.Delim('[') {
		return fmt.Errorf("expected an array, found %v", tok)
	}
	return nil
}

func (s *splitter) arrayFailure(d *json.Decoder, er *errReader, err error) error {
	loc := Location{Path: s.path, Offset: d.InputOffset()}
	switch {
	case er.err != nil:
		return s.readFailure(loc, er.err)
	case errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF):
		return s.skip(loc, ReasonTruncatedRecord, "the file ends inside the JSON document; the rest of the file is lost")
	}
	return s.skip(loc, ReasonMalformedJSON, "%v; the rest of the file is lost", err)
}

// errReader remembers the first read error other than io.EOF, so that a
// damaged stream is told apart from bad JSON.
type errReader struct {
	r   io.Reader
	err error
}

func (e *errReader) Read(p []byte) (int, error) {
	n, err := e.r.Read(p)
	if err != nil && !errors.Is(err, io.EOF) && e.err == nil {
		e.err = err
	}
	return n, err
}
