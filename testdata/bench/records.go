package bench

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/klauspost/compress/gzip"
	"github.com/klauspost/compress/zstd"
)

// MaxRecord is the longest record ReadRecords accepts, like raceline's
// default --max-record-size.
const MaxRecord = 64 << 20

// Framing is how a dump is cut into records.
type Framing uint8

const (
	Lines    Framing = iota // JSON lines
	Frames                  // 4-byte big-endian length, then protobuf
	Document                // one protobuf TracesData
)

// ReadRecords calls fn with each record of the dump at path, in order,
// after undoing gzip or zstd compression. The framing is sniffed from the
// content: '{' starts JSON lines, 0x0a a protobuf document, anything else
// is taken as length-prefixed frames. fn owns rec.
func ReadRecords(path string, fn func(f Framing, rec []byte) error) error {
	file, err := os.Open(path)
	if err != nil {
		return err
	}
	defer file.Close()
	r, err := decompress(bufio.NewReaderSize(file, 1<<20))
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	p, err := r.Peek(1)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	switch p[0] {
	case '{':
		return readLines(r, fn)
	case 0x0a:
		rec, err := io.ReadAll(r)
		if err != nil {
			return err
		}
		return fn(Document, rec)
	}
	return readFrames(r, fn)
}

// decompress undoes gzip or zstd, told by their magic bytes.
func decompress(br *bufio.Reader) (*bufio.Reader, error) {
	p, _ := br.Peek(4)
	switch {
	case bytes.HasPrefix(p, []byte{0x1f, 0x8b}):
		z, err := gzip.NewReader(br)
		if err != nil {
			return nil, err
		}
		return bufio.NewReaderSize(z, 1<<20), nil
	case bytes.Equal(p, []byte{0x28, 0xb5, 0x2f, 0xfd}):
		z, err := zstd.NewReader(br)
		if err != nil {
			return nil, err
		}
		return bufio.NewReaderSize(z, 1<<20), nil
	}
	return br, nil
}

func readLines(r *bufio.Reader, fn func(Framing, []byte) error) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 1<<20), MaxRecord)
	for sc.Scan() {
		if len(sc.Bytes()) == 0 {
			continue
		}
		if err := fn(Lines, bytes.Clone(sc.Bytes())); err != nil {
			return err
		}
	}
	return sc.Err()
}

func readFrames(r *bufio.Reader, fn func(Framing, []byte) error) error {
	var hdr [4]byte
	for {
		if _, err := io.ReadFull(r, hdr[:]); errors.Is(err, io.EOF) {
			return nil
		} else if err != nil {
			return err
		}
		n := binary.BigEndian.Uint32(hdr[:])
		if n > MaxRecord {
			return fmt.Errorf("frame of %d bytes is longer than %d", n, MaxRecord)
		}
		rec := make([]byte, n)
		if _, err := io.ReadFull(r, rec); err != nil {
			return err
		}
		if err := fn(Frames, rec); err != nil {
			return err
		}
	}
}
