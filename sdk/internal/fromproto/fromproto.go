// Package fromproto converts messages of the go-plugin protocol
// (sdk/proto/plugin/v1) back to SDK values; see package toproto.
package fromproto

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"time"

	"github.com/masteria/masteria/sdk"
	pb "github.com/masteria/masteria/sdk/proto/plugin/v1"
)

// remoteError is an error that crossed the process boundary: its text, and
// the SDK sentinel it wrapped on the other side, if any.
type remoteError struct {
	msg      string
	sentinel error
}

func (e *remoteError) Error() string { return e.msg }
func (e *remoteError) Unwrap() error { return e.sentinel }

var sentinels = map[pb.Kind]error{
	pb.Kind_KIND_NOT_FOUND:         sdk.ErrNotFound,
	pb.Kind_KIND_NOT_PERMITTED:     sdk.ErrNotPermitted,
	pb.Kind_KIND_HOST_NOT_ALLOWED:  sdk.ErrHostNotAllowed,
	pb.Kind_KIND_CANCELED:          context.Canceled,
	pb.Kind_KIND_DEADLINE_EXCEEDED: context.DeadlineExceeded,
}

// Error decodes a wire error into one that sdk.ClassOf, errors.Is (for the
// SDK's sentinels and context errors) and errors.As (for sdk.FieldErrors)
// read as the original did. A nil e decodes as nil.
func Error(e *pb.Error) error {
	if e == nil {
		return nil
	}
	var err error = &remoteError{msg: e.GetMessage(), sentinel: sentinels[e.GetKind()]}
	if len(e.GetFields()) > 0 {
		fes := make(sdk.FieldErrors, len(e.GetFields()))
		for i, f := range e.GetFields() {
			fes[i] = sdk.FieldError{Path: f.GetPath(), Code: f.GetCode(), Message: f.GetMessage()}
		}
		err = fes
	}
	after := time.Duration(e.GetRetryAfterMs()) * time.Millisecond
	switch e.GetClass() {
	case pb.Class_CLASS_RATE_LIMITED:
		return sdk.RateLimited(err, after)
	case pb.Class_CLASS_PERMANENT:
		return sdk.Permanent(err, e.GetProviderCode())
	case pb.Class_CLASS_AUTH:
		return sdk.Auth(err)
	}
	return sdk.Retryable(err, after)
}

// Values decodes a JSON object of config, input or output values. Numbers
// stay json.Number, so integers keep their precision; the SDK's field
// parser accepts them. Empty input decodes as nil.
func Values(b []byte) (map[string]any, error) {
	if len(b) == 0 {
		return nil, nil
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var m map[string]any
	if err := dec.Decode(&m); err != nil {
		return nil, err
	}
	if dec.More() {
		return nil, errors.New("fromproto: trailing data after the JSON object")
	}
	return m, nil
}

// Strings decodes a multi-valued map: HTTP headers or query parameters.
func Strings(m map[string]*pb.Strings) map[string][]string {
	if len(m) == 0 {
		return nil
	}
	out := make(map[string][]string, len(m))
	for k, vs := range m {
		out[k] = vs.GetValues()
	}
	return out
}

// Events decodes events; each payload stays raw JSON, which marshals back
// unchanged when the host publishes it.
func Events(events []*pb.Event) []sdk.Event {
	out := make([]sdk.Event, len(events))
	for i, ev := range events {
		out[i] = sdk.Event{Subject: ev.GetSubject(), ID: ev.GetId(), Payload: json.RawMessage(ev.GetPayloadJson())}
	}
	return out
}
