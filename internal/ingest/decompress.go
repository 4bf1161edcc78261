package ingest

import (
	"bufio"
	"io"

	"github.com/klauspost/compress/gzip"
	"github.com/klauspost/compress/zstd"
)

// decompress sniffs gzip and zstd by their magic bytes. The returned reader
// is large enough for sniffing.
func decompress(br *bufio.Reader, stats *FileStats) (*bufio.Reader, func(), error) {
	magic, _ := br.Peek(4)
	switch {
	case len(magic) >= 2 && magic[0] == gzipMagic[0] && magic[1] == gzipMagic[1]:
		stats.Compression = "gzip"
		zr, err := gzip.NewReader(br) // multi-member streams are read whole
		if err != nil {
			return nil, nil, err
		}
		return bufio.NewReaderSize(&stickyReader{r: zr}, sniffPeek), func() { zr.Close() }, nil
	case len(magic) == 4 && string(magic) == string(zstdMagic):
		stats.Compression = "zstd"
		zr, err := zstd.NewReader(br, zstd.WithDecoderConcurrency(1))
		if err != nil {
			return nil, nil, err
		}
		return bufio.NewReaderSize(&stickyReader{r: zr}, sniffPeek), zr.Close, nil
	}
	stats.Compression = "none"
	return bufio.NewReaderSize(br, sniffPeek), func() {}, nil
}

// stickyReader repeats a read error: bufio.Reader hands an error out once,
// and a damaged stream met while sniffing must be met again by the splitter.
type stickyReader struct {
	r   io.Reader
	err error
}

func (s *stickyReader) Read(p []byte) (int, error) {
	if s.err != nil {
		return 0, s.err
	}
	n, err := s.r.Read(p)
	s.err = err
	return n, err
}
