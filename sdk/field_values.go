package sdk

import (
	"encoding/json"
	"math"
	"net/url"
	"reflect"
	"time"
)

// The as* helpers accept what JSON, YAML and Go callers produce for a value
// and return it in one canonical Go type.

func asString(v any) (string, bool) {
	if s, ok := v.(string); ok {
		return s, true
	}
	if _, isNumber := v.(json.Number); isNumber {
		return "", false // a number on the wire is not a string field's value
	}
	rv := reflect.ValueOf(v)
	if rv.Kind() == reflect.String {
		return rv.String(), true
	}
	return "", false
}

func asInt(v any) (int64, bool) {
	if n, ok := v.(json.Number); ok {
		i, err := n.Int64()
		return i, err == nil
	}
	rv := reflect.ValueOf(v)
	switch {
	case rv.CanInt():
		return rv.Int(), true
	case rv.CanUint():
		u := rv.Uint()
		return int64(u), u <= math.MaxInt64
	case rv.CanFloat():
		f := rv.Float()
		ok := f == math.Trunc(f) && f >= math.MinInt64 && f < math.MaxInt64
		return int64(f), ok
	}
	return 0, false
}

func asFloat(v any) (float64, bool) {
	if n, ok := v.(json.Number); ok {
		f, err := n.Float64()
		return f, err == nil
	}
	rv := reflect.ValueOf(v)
	switch {
	case rv.CanFloat():
		return rv.Float(), true
	case rv.CanInt():
		return float64(rv.Int()), true
	case rv.CanUint():
		return float64(rv.Uint()), true
	}
	return 0, false
}

func asBool(v any) (bool, bool) {
	b, ok := v.(bool)
	return b, ok
}

func asDuration(v any) (time.Duration, bool) {
	if d, ok := v.(time.Duration); ok {
		return d, true
	}
	s, ok := asString(v)
	if !ok {
		return 0, false
	}
	d, err := time.ParseDuration(s)
	return d, err == nil
}

func asURL(v any) (*url.URL, bool) {
	if u, ok := v.(*url.URL); ok && u != nil {
		return u, validURL(u)
	}
	s, ok := asString(v)
	if !ok {
		return nil, false
	}
	u, err := url.Parse(s)
	return u, err == nil && validURL(u)
}

func validURL(u *url.URL) bool {
	return (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

func asMap(v any) (map[string]any, bool) {
	if m, ok := v.(map[string]any); ok {
		return m, true
	}
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Map || rv.Type().Key().Kind() != reflect.String {
		return nil, false
	}
	m := make(map[string]any, rv.Len())
	for it := rv.MapRange(); it.Next(); {
		m[it.Key().String()] = it.Value().Interface()
	}
	return m, true
}

func asList(v any) ([]any, bool) {
	if l, ok := v.([]any); ok {
		return l, true
	}
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Slice && rv.Kind() != reflect.Array {
		return nil, false
	}
	l := make([]any, rv.Len())
	for i := range l {
		l[i] = rv.Index(i).Interface()
	}
	return l, true
}
