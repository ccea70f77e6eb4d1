package sdk

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"reflect"
	"time"
)

// Decode fills dst, a pointer to the plugin author's struct, from the
// config through its `json` tags, secrets included as plain strings:
//
//	var cfg struct {
//		Token   string        `json:"token"`
//		Timeout time.Duration `json:"timeout"`
//	}
//	err := conn.Config.Decode(&cfg)
//
// Values are the validated, defaulted ones. Durations decode into
// time.Duration (or any integer, as nanoseconds), URLs into strings, objects
// into structs or maps, lists into slices. Fields of dst the config lacks
// are left as they are; config fields dst lacks are ignored. A type that
// does not fit is an error naming the field, and decoding stops there.
func (c *ParsedConfig) Decode(dst any) error {
	if v := reflect.ValueOf(dst); v.Kind() != reflect.Pointer || v.IsNil() {
		return fmt.Errorf("sdk: Decode needs a non-nil pointer, got %T", dst)
	}
	if c == nil {
		return nil
	}
	b, err := json.Marshal(decodableValues(c.valueMap()))
	if err != nil {
		return fmt.Errorf("sdk: decode config: %w", err)
	}
	if err := json.Unmarshal(b, dst); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			return fmt.Errorf("sdk: decode config: field %q (%s) does not fit Go type %s", te.Field, te.Value, te.Type)
		}
		return fmt.Errorf("sdk: decode config: %w", err)
	}
	return nil
}

// decodableValues returns the values as JSON-ready data: durations as integer
// nanoseconds (what encoding/json reads into a time.Duration), URLs as
// strings.
func decodableValues(values map[string]any) map[string]any {
	out := make(map[string]any, len(values))
	for k, v := range values {
		out[k] = decodableValue(v)
	}
	return out
}

func decodableValue(v any) any {
	switch x := v.(type) {
	case map[string]any:
		return decodableValues(x)
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = decodableValue(e)
		}
		return out
	case time.Duration:
		return int64(x)
	case *url.URL:
		return x.String()
	}
	return v
}
