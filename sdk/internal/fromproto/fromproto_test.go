package fromproto_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/masteria/masteria/sdk"
	"github.com/masteria/masteria/sdk/internal/fromproto"
	"github.com/masteria/masteria/sdk/internal/toproto"
)

// TestErrorRoundTrip: what the engine and plugin code read from an error
// survives the wire: class, retry-after, provider code, sentinels, field
// errors and the message.
func TestErrorRoundTrip(t *testing.T) {
	tests := []struct {
		name   string
		err    error
		target error
	}{
		{"unclassified", errors.New("boom"), nil},
		{"retryable", sdk.Retryable(errors.New("busy"), 1500*time.Microsecond), nil},
		{"rate limited", sdk.RateLimited(errors.New("slow down"), 3*time.Second), nil},
		{"permanent", sdk.Permanent(errors.New("rejected"), "131047"), nil},
		{"auth", sdk.Auth(errors.New("token expired")), nil},
		{"not found", fmt.Errorf("kv: %w", sdk.ErrNotFound), sdk.ErrNotFound},
		{"not permitted", sdk.Permanent(fmt.Errorf("%w: kv", sdk.ErrNotPermitted), ""), sdk.ErrNotPermitted},
		{"host not allowed", sdk.Permanent(sdk.ErrHostNotAllowed, ""), sdk.ErrHostNotAllowed},
		{"canceled", fmt.Errorf("wait: %w", context.Canceled), context.Canceled},
		{"deadline", context.DeadlineExceeded, context.DeadlineExceeded},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := fromproto.Error(toproto.Error(tt.err))
			wc, wa, wp := sdk.ClassOf(tt.err)
			gc, ga, gp := sdk.ClassOf(got)
			if gc != wc || gp != wp || ga < wa || ga-wa >= time.Millisecond {
				t.Errorf("ClassOf = %v %v %q, want %v %v %q", gc, ga, gp, wc, wa, wp)
			}
			if got.Error() != tt.err.Error() {
				t.Errorf("message = %q, want %q", got, tt.err)
			}
			if tt.target != nil && !errors.Is(got, tt.target) {
				t.Errorf("errors.Is(%v) lost", tt.target)
			}
		})
	}
	if fromproto.Error(toproto.Error(nil)) != nil {
		t.Error("nil does not stay nil")
	}
}

func TestFieldErrorsRoundTrip(t *testing.T) {
	fields := sdk.Fields{sdk.NewStringField("token").Required(), sdk.NewIntField("n")}
	_, err := fields.Parse(map[string]any{"n": "x"})
	got := fromproto.Error(toproto.Error(sdk.Permanent(err, "")))
	var fes sdk.FieldErrors
	if !errors.As(got, &fes) || !fes.Has("token", sdk.CodeRequired) || !fes.Has("n", sdk.CodeType) {
		t.Errorf("field errors = %v", got)
	}
	if c, _, _ := sdk.ClassOf(got); c != sdk.ClassPermanent {
		t.Errorf("class = %v", c)
	}
}

// TestValuesRoundTrip: parsed values encode to plain JSON that parses back
// to the same values, secrets included (they travel to the plugin).
func TestValuesRoundTrip(t *testing.T) {
	fields := sdk.Fields{
		sdk.NewStringField("token").Secret(), sdk.NewIntField("big"), sdk.NewDurationField("every").Default("90s"),
		sdk.NewURLField("base"), sdk.NewListField("tags", sdk.NewStringField("")),
		sdk.NewObjectField("retry", sdk.NewDurationField("after"), sdk.NewBoolField("on")),
	}
	raw := map[string]any{"token": "s3cret", "big": int64(1) << 60, "base": "https://api.example.com/v1",
		"tags": []any{"a", "b"}, "retry": map[string]any{"after": "2s", "on": true}}
	first, err := fields.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	b, err := toproto.Values(first)
	if err != nil {
		t.Fatal(err)
	}
	back, err := fromproto.Values(b)
	if err != nil {
		t.Fatal(err)
	}
	second, err := fields.Parse(back)
	if err != nil {
		t.Fatalf("%s does not parse back: %v", b, err)
	}
	if second.String("token") != "s3cret" || second.Int("big") != 1<<60 || second.Duration("every") != 90*time.Second ||
		second.URL("base").String() != raw["base"] || len(second.Strings("tags")) != 2 ||
		second.Object("retry").Duration("after") != 2*time.Second || !second.Object("retry").Bool("on") {
		t.Errorf("values changed on the wire: %s", b)
	}
}

func TestEventsKeepPayloadJSON(t *testing.T) {
	in := []sdk.Event{sdk.MessageStatus(sdk.StatusUpdate{ProviderMessageID: "m1", Status: sdk.StatusRead})}
	pev, err := toproto.Events(in)
	if err != nil {
		t.Fatal(err)
	}
	out := fromproto.Events(pev)
	want, _ := json.Marshal(in[0].Payload)
	got, _ := json.Marshal(out[0].Payload)
	if out[0].Subject != in[0].Subject || out[0].ID != in[0].ID || string(got) != string(want) {
		t.Errorf("event = %+v %s, want %+v %s", out[0], got, in[0], want)
	}
	if _, err := toproto.Events([]sdk.Event{{Subject: "x.y", Payload: make(chan int)}}); err == nil {
		t.Error("a payload that does not marshal was accepted")
	}
}
