// Package toproto converts SDK values to the messages of the go-plugin
// protocol (sdk/proto/plugin/v1). Package fromproto goes the other way; the
// two are kept apart, as in terraform-plugin-go, so each direction reads on
// its own and the generated types never leak into the SDK's API.
package toproto

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"time"

	"github.com/masteria/masteria/sdk"
	pb "github.com/masteria/masteria/sdk/proto/plugin/v1"
)

// Error encodes err with its class, retry-after hint, provider code, the SDK
// sentinel it wraps and its field errors. A nil err encodes as nil.
func Error(err error) *pb.Error {
	if err == nil {
		return nil
	}
	class, after, code := sdk.ClassOf(err)
	e := &pb.Error{
		Class:        Class(class),
		RetryAfterMs: Millis(after),
		ProviderCode: code,
		Message:      err.Error(),
		Kind:         kind(err),
	}
	var fes sdk.FieldErrors
	if errors.As(err, &fes) {
		for _, fe := range fes {
			e.Fields = append(e.Fields, &pb.FieldError{Path: fe.Path, Code: fe.Code, Message: fe.Message})
		}
	}
	return e
}

// Class encodes an error class.
func Class(c sdk.Class) pb.Class {
	switch c {
	case sdk.ClassRateLimited:
		return pb.Class_CLASS_RATE_LIMITED
	case sdk.ClassPermanent:
		return pb.Class_CLASS_PERMANENT
	case sdk.ClassAuth:
		return pb.Class_CLASS_AUTH
	}
	return pb.Class_CLASS_RETRYABLE
}

// Millis rounds d up to whole milliseconds, so a positive duration (a
// retry-after hint, a TTL) stays positive.
func Millis(d time.Duration) int64 {
	if d <= 0 {
		return 0
	}
	return int64((d + time.Millisecond - 1) / time.Millisecond)
}

var kinds = []struct {
	target error
	kind   pb.Kind
}{
	{sdk.ErrNotFound, pb.Kind_KIND_NOT_FOUND},
	{sdk.ErrNotPermitted, pb.Kind_KIND_NOT_PERMITTED},
	{sdk.ErrHostNotAllowed, pb.Kind_KIND_HOST_NOT_ALLOWED},
	{context.Canceled, pb.Kind_KIND_CANCELED},
	{context.DeadlineExceeded, pb.Kind_KIND_DEADLINE_EXCEEDED},
}

func kind(err error) pb.Kind {
	for _, k := range kinds {
		if errors.Is(err, k.target) {
			return k.kind
		}
	}
	return pb.Kind_KIND_UNSPECIFIED
}

// Values encodes parsed config or action input as a JSON object of plain
// values (durations and URLs as strings, secrets included), which the other
// side parses again against the same fields.
func Values(c *sdk.ParsedConfig) ([]byte, error) {
	out := map[string]any{}
	for name := range c.Redacted() { // the names; Value gives the unredacted value
		out[name] = plain(c.Value(name))
	}
	return json.Marshal(out)
}

func plain(v any) any {
	switch x := v.(type) {
	case time.Duration:
		return x.String()
	case *url.URL:
		return x.String()
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = plain(e)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = plain(e)
		}
		return out
	}
	return v
}

// Strings encodes a multi-valued map: HTTP headers or query parameters.
func Strings(m map[string][]string) map[string]*pb.Strings {
	if len(m) == 0 {
		return nil
	}
	out := make(map[string]*pb.Strings, len(m))
	for k, vs := range m {
		out[k] = &pb.Strings{Values: vs}
	}
	return out
}

// Events encodes events, marshalling each payload to JSON.
func Events(events []sdk.Event) ([]*pb.Event, error) {
	out := make([]*pb.Event, 0, len(events))
	for _, ev := range events {
		b, err := json.Marshal(ev.Payload)
		if err != nil {
			return nil, sdk.Permanent(fmt.Errorf("event %q: payload does not marshal to JSON: %w", ev.Subject, err), "")
		}
		out = append(out, &pb.Event{Subject: ev.Subject, Id: ev.ID, PayloadJson: b})
	}
	return out, nil
}
