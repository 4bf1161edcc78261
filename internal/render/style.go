package render

// Style decorates text for a terminal. With Color false (the zero Style)
// every method returns its argument unchanged, so text output without
// color is plain bytes.
type Style struct {
	Color bool
}

func (s Style) wrap(code, t string) string {
	if !s.Color || t == "" {
		return t
	}
	return "\x1b[" + code + "m" + t + "\x1b[0m"
}

// Bold is for headings.
func (s Style) Bold(t string) string { return s.wrap("1", t) }

// Dim is for secondary text: locations, legends.
func (s Style) Dim(t string) string { return s.wrap("2", t) }

// Red is for errors.
func (s Style) Red(t string) string { return s.wrap("31", t) }

// Yellow is for warnings: orphans, skipped records.
func (s Style) Yellow(t string) string { return s.wrap("33", t) }

// Cyan is for bars and links.
func (s Style) Cyan(t string) string { return s.wrap("36", t) }
