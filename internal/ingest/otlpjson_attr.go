package ingest

import "github.com/raceline/raceline/internal/trace"

// How otlpJSONDecoder reads attributes (lists of KeyValue) and their
// AnyValue, keeping only the wanted ones.

// attributes reads a list of KeyValue: into d.attrs those whose key is in
// the keep set, or, for a resource (res not nil), the keys of trace.Resource.
func (d *otlpJSONDecoder) attributes(res *trace.Resource) error {
	return d.s.array("attributes", func(list string) error { return d.attribute(list, res) })
}

// keyValue is an attribute being read. Its key usually comes first, and
// the value of a key that is not wanted is skipped unread; a value that
// comes first is skipped too, and read once its key is known to be wanted.
type keyValue struct {
	key, val      []byte
	kept          string // the interned key of a kept span attribute
	keyed, wanted bool
	valued        bool // val holds a scalar's text
	later         int  // offset of a value that came before its key, or 0
}

func (d *otlpJSONDecoder) attribute(list string, res *trace.Resource) error {
	var kv keyValue
	d.s.strs = d.s.strs[:0] // no string read before is still in use
	var more bool
	fast, err := d.attributeFast(&kv, res)
	switch {
	case !fast:
		more, err = d.s.open('{', list, true)
	case err == nil:
		more, err = d.s.next('}')
	}
	err = d.s.members(more, err, func(key []byte) error { return d.attributeMember(key, &kv, res) })
	if err == nil && kv.wanted && kv.later > 0 {
		end := d.s.pos
		d.s.pos = kv.later
		kv.val, kv.valued, err = d.anyValue()
		d.s.pos = end
	}
	if err != nil || !kv.wanted || !kv.valued {
		return err
	}
	val := d.strs.bytes(kv.val)
	if res != nil {
		*resourceField(res, kv.key) = val
		return nil
	}
	d.attrs = append(d.attrs, trace.Attr{Key: kv.kept, Value: val})
	return nil
}

// attributeFast reads an attribute laid out as the Collector writes it,
// {"key":"plain key","value":…, up to the end of the value. For any other
// layout it consumes nothing and reports false, and the caller reads the
// attribute member by member. Most of the input is attributes, most of them
// not kept: this is the decoder's hottest path.
func (d *otlpJSONDecoder) attributeFast(kv *keyValue, res *trace.Resource) (bool, error) {
	s := &d.s
	s.ws()
	const open, value = `{"key":"`, `","value":`
	if !s.at(s.pos, open) {
		return false, nil
	}
	start := s.pos + len(open)
	end := plainRun(s.data, start)
	if !s.at(end, value) {
		return false, nil
	}
	s.pos = end + len(value)
	kv.key, kv.keyed = s.data[start:end], true
	kv.kept, kv.wanted = d.wanted(kv.key, res)
	if !kv.wanted {
		return true, d.skipAnyValue()
	}
	var err error
	kv.val, kv.valued, err = d.anyValue()
	return true, err
}

// skipAnyValue skips an AnyValue, taking a short cut for the usual
// {"stringValue":"plain text"} and other one-scalar objects.
func (d *otlpJSONDecoder) skipAnyValue() error {
	if d.s.skipScalarObject() {
		return nil
	}
	return d.s.skipValue()
}

func (d *otlpJSONDecoder) attributeMember(key []byte, kv *keyValue, res *trace.Resource) error {
	var err error
	switch string(key) {
	case "key":
		kv.key, _, err = d.s.stringField("key")
		kv.keyed = true
		kv.kept, kv.wanted = d.wanted(kv.key, res)
		return err
	case "value":
		switch {
		case !kv.keyed:
			d.s.ws()
			kv.later = d.s.pos
			return d.s.skipValue()
		case !kv.wanted:
			return d.skipAnyValue()
		}
		kv.later = 0
		kv.val, kv.valued, err = d.anyValue()
		return err
	}
	return d.s.skipValue()
}

// wanted reports whether the attribute key is kept: for a span (res nil),
// the keep set says so and gives the interned key; for a resource, it must
// be one of trace.Resource's keys.
func (d *otlpJSONDecoder) wanted(key []byte, res *trace.Resource) (string, bool) {
	if res != nil {
		return "", resourceField(res, key) != nil
	}
	return d.keep.get(key)
}

// resourceField is the field of res that the resource attribute key fills,
// or nil: service.name, or one of the host attributes every format reads.
func resourceField(res *trace.Resource, key []byte) *string {
	if string(key) == "service.name" {
		return &res.Service
	}
	return resourceTagField(res, string(key), false)
}

// anyValue reads an AnyValue and returns its text as trace.Attr documents
// it, or false for arrays, maps, bytes and empty values, which are never
// kept (they are skipped without recursion).
func (d *otlpJSONDecoder) anyValue() ([]byte, bool, error) {
	var text []byte
	var ok bool
	err := d.s.object("value", false, func(key []byte) error {
		var err error
		switch string(key) {
		case "stringValue", "string_value":
			text, ok, err = d.s.stringField("stringValue")
		case "intValue", "int_value":
			text, ok, err = d.intText()
		case "boolValue", "bool_value":
			text, ok, err = d.boolean()
		case "doubleValue", "double_value":
			text, ok, err = d.double()
		case "arrayValue", "array_value", "kvlistValue", "kvlist_value", "bytesValue", "bytes_value":
			ok, err = false, d.s.skipValue()
		default:
			err = d.s.skipValue()
		}
		return err
	})
	return text, ok, err
}
