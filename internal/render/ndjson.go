package render

import "io"

// WriteFindingsNDJSON writes each finding as one line of compact JSON, the
// objects of WriteFindingsJSON's findings list, and nothing else.
func WriteFindingsNDJSON(w io.Writer, findings []Finding) error {
	var out []byte
	for i := range findings {
		b, err := marshalCompact(findingToJSON(&findings[i]))
		if err != nil {
			return err
		}
		out = append(append(out, b...), '\n')
	}
	_, err := w.Write(out)
	return err
}
