package abi

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/masteria/masteria/sdk"
)

func TestErrorRoundTrip(t *testing.T) {
	base := errors.New("provider said no")
	tests := []struct {
		name      string
		err       error
		class     sdk.Class
		after     time.Duration
		code      string
		sentinels []error
	}{
		{"unclassified", base, sdk.ClassRetryable, 0, "", nil},
		{"retryable", sdk.Retryable(base, 2*time.Second), sdk.ClassRetryable, 2 * time.Second, "", nil},
		{"rate limited", sdk.RateLimited(base, time.Minute), sdk.ClassRateLimited, time.Minute, "", nil},
		{"permanent", sdk.Permanent(base, "131047"), sdk.ClassPermanent, 0, "131047", nil},
		{"auth", sdk.Auth(base), sdk.ClassAuth, 0, "", nil},
		{"not found", fmt.Errorf("%w: key", sdk.ErrNotFound), sdk.ClassRetryable, 0, "", []error{sdk.ErrNotFound}},
		{"canceled", fmt.Errorf("wait: %w", context.Canceled), sdk.ClassRetryable, 0, "", []error{context.Canceled}},
		{"egress", sdk.Permanent(fmt.Errorf("%w: x", sdk.ErrHostNotAllowed), ""), sdk.ClassPermanent, 0, "",
			[]error{sdk.ErrHostNotAllowed}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var wire Error
			if err := json.Unmarshal(ErrorOf(tt.err).Marshal(), &wire); err != nil {
				t.Fatal(err)
			}
			got := wire.Err()
			c, after, code := sdk.ClassOf(got)
			if c != tt.class || after != tt.after || code != tt.code || got.Error() != tt.err.Error() {
				t.Errorf("got %v (%v, %v, %q), want %v (%v, %v, %q)", got, c, after, code, tt.err, tt.class, tt.after, tt.code)
			}
			for _, s := range tt.sentinels {
				if !errors.Is(got, s) {
					t.Errorf("%v does not wrap %v", got, s)
				}
			}
		})
	}
}

func TestResult(t *testing.T) {
	if err := Result(StatusOK, []byte(`{}`)); err != nil {
		t.Errorf("StatusOK: %v", err)
	}
	for _, tc := range []struct {
		status uint32
		out    string
	}{{StatusError, "not json"}, {7, "{}"}} {
		err := Result(tc.status, []byte(tc.out))
		if c, _, _ := sdk.ClassOf(err); !errors.Is(err, ErrInvalid) || c != sdk.ClassPermanent {
			t.Errorf("Result(%d, %q) = %v (%v), want a permanent ErrInvalid", tc.status, tc.out, err, c)
		}
	}
}

func TestValuesRoundTrip(t *testing.T) {
	fields := sdk.Fields{
		sdk.NewDurationField("every"), sdk.NewURLField("base"), sdk.NewIntField("n"),
		sdk.NewStringField("token").Secret(), sdk.NewStringField("absent"),
		sdk.NewListField("waits", sdk.NewDurationField("")),
		sdk.NewObjectField("retry", sdk.NewDurationField("backoff"), sdk.NewBoolField("on")),
	}
	raw := map[string]any{"every": "90s", "base": "https://api.example.com/v1", "n": 9007199254740993,
		"token": "s", "waits": []any{"1s", "2m"}, "retry": map[string]any{"backoff": "250ms", "on": true}}
	cfg, err := fields.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(Values(fields, cfg))
	var wire map[string]any
	if err := Unmarshal(b, &wire); err != nil {
		t.Fatal(err)
	}
	back, err := fields.Parse(wire)
	if err != nil {
		t.Fatalf("the wire form does not parse: %v\n%s", err, b)
	}
	for _, f := range fields {
		if got, want := back.Value(f.Name()), cfg.Value(f.Name()); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: %#v after the trip, want %#v", f.Name(), got, want)
		}
	}
}

func TestDecodeValues(t *testing.T) {
	got, err := DecodeValues([]byte(`{"i":3,"f":1.5,"big":9007199254740993,"l":[1,{"x":2}]}`))
	want := map[string]any{"i": int64(3), "f": 1.5, "big": int64(9007199254740993),
		"l": []any{int64(1), map[string]any{"x": int64(2)}}}
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("DecodeValues = %#v, %v", got, err)
	}
}

type panicky struct{ sdk.KV }

func (panicky) Get(context.Context, string) ([]byte, error) { panic("boom") }

type bigBody struct{}

func (bigBody) Do(r *http.Request) (*http.Response, error) {
	return &http.Response{StatusCode: 200, Body: io.NopCloser(strings.NewReader(strings.Repeat("x", 11)))}, nil
}

func TestServicesFailures(t *testing.T) {
	s := &Services{Host: sdk.Host{KV: panicky{}, HTTP: bigBody{}}, MaxBody: 10}
	ctx := context.Background()
	tests := []struct {
		name string
		call func() ([]byte, Code)
		code Code
		msg  string
	}{
		{"host panics", func() ([]byte, Code) { return s.KVGet(ctx, []byte("k")) }, CodeFailed, "panicked: boom"},
		{"bad request", func() ([]byte, Code) { return s.HTTPRequest(ctx, []byte("{")) }, CodeInvalid, "http request"},
		{"bad payload", func() ([]byte, Code) { return s.EmitEvent(ctx, []byte("a.b"), []byte("{"), nil) }, CodeInvalid, "not JSON"},
		{"big body", func() ([]byte, Code) {
			return s.HTTPRequest(ctx, []byte(`{"method":"GET","url":"https://a.example.com/"}`))
		}, CodeFailed, "larger than 10 bytes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data, code := tt.call()
			var e Error
			if err := json.Unmarshal(data, &e); err != nil || code != tt.code || !strings.Contains(e.Message, tt.msg) {
				t.Errorf("got code %d, %s (%v); want code %d and %q", code, data, err, tt.code, tt.msg)
			}
		})
	}
}
