package ingest

import (
	"math"
	"strconv"

	"google.golang.org/protobuf/encoding/protowire"

	"github.com/raceline/raceline/internal/trace"
)

// How otlpProtoDecoder reads attributes (KeyValue) and their scalar
// AnyValue, keeping only the wanted ones.

func (d *otlpProtoDecoder) resourceAttr(buf []byte, base int) error {
	key, val, valOff, err := pbKeyValue(buf, base)
	if err != nil {
		return err
	}
	dst := resourceTagField(&d.res, string(key), false)
	if string(key) == pbResourceServiceName {
		dst = &d.res.Service
	}
	if dst == nil {
		return nil
	}
	text, _, err := d.anyValue(val, valOff)
	*dst = text
	return err
}

// One-byte tags of KeyValue.key and KeyValue.value (wire type bytes).
const (
	pbKeyTag   = pbKeyValueKey<<3 | byte(protowire.BytesType)
	pbValueTag = pbKeyValueValue<<3 | byte(protowire.BytesType)
)

// spanAttr keeps one span attribute when its key is in the keep set and its
// value is a scalar.
func (d *otlpProtoDecoder) spanAttr(buf []byte, base int) error {
	key, val, valOff, err := pbKeyValue(buf, base)
	if err != nil {
		return err
	}
	kept, ok := d.keep.get(key)
	if !ok {
		return nil
	}
	text, ok, err := d.anyValue(val, valOff)
	if ok {
		d.attrs = append(d.attrs, trace.Attr{Key: kept, Value: text})
	}
	return err
}

// pbKeyValue splits a KeyValue into its key and its AnyValue message. The
// layout every encoder writes for short attributes (key, then value, with
// one-byte lengths) is recognised without walking the fields.
func pbKeyValue(buf []byte, base int) (key, val []byte, valOff int, err error) {
	if len(buf) >= 4 && buf[0] == pbKeyTag && buf[1] < 0x80 {
		v := 2 + int(buf[1])
		if v+2 <= len(buf) && buf[v] == pbValueTag && buf[v+1] < 0x80 && v+2+int(buf[v+1]) == len(buf) {
			return buf[2:v], buf[v+2:], base + v + 2, nil
		}
	}
	r := pbReader{buf: buf, base: base, msg: "KeyValue"}
	var f pbField
	for {
		ok, err := r.next(&f)
		if !ok || err != nil {
			return key, val, valOff, err
		}
		switch f.num {
		case pbKeyValueKey:
			err = f.want(protowire.BytesType, "key")
			key = f.bytes
		case pbKeyValueValue:
			err = f.want(protowire.BytesType, "value")
			val, valOff = f.bytes, f.off
		}
		if err != nil {
			return nil, nil, 0, err
		}
	}
}

// anyValue returns a scalar AnyValue as text (see trace.Attr), and false for
// an empty value, arrays, maps and bytes. Of several values (a oneof written
// twice), the last counts, as in protobuf.
func (d *otlpProtoDecoder) anyValue(buf []byte, base int) (string, bool, error) {
	r := pbReader{buf: buf, base: base, msg: "AnyValue"}
	var f pbField
	text, ok := "", false
	for {
		more, err := r.next(&f)
		if !more || err != nil {
			return text, ok, err
		}
		text, ok, err = d.anyScalar(&f)
		if err != nil {
			return "", false, err
		}
	}
}

func (d *otlpProtoDecoder) anyScalar(f *pbField) (string, bool, error) {
	switch f.num {
	case pbAnyString:
		return d.strs.bytes(f.bytes), true, f.want(protowire.BytesType, "string_value")
	case pbAnyBool:
		return strconv.FormatBool(f.val != 0), true, f.want(protowire.VarintType, "bool_value")
	case pbAnyInt:
		d.num = strconv.AppendInt(d.num[:0], int64(f.val), 10)
		return d.strs.bytes(d.num), true, f.want(protowire.VarintType, "int_value")
	case pbAnyDouble:
		d.num = appendAttrFloat(d.num[:0], math.Float64frombits(f.val))
		return d.strs.bytes(d.num), true, f.want(protowire.Fixed64Type, "double_value")
	}
	return "", false, nil
}

// appendAttrFloat formats a double attribute as trace.Attr documents it:
// Go's shortest representation.
func appendAttrFloat(dst []byte, v float64) []byte {
	return strconv.AppendFloat(dst, v, 'g', -1, 64)
}
