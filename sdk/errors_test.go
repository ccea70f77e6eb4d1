package sdk

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"testing"
	"time"
)

func TestClassOf(t *testing.T) {
	base := errors.New("boom")
	tests := []struct {
		name      string
		err       error
		class     Class
		after     time.Duration
		code      string
		keepsBase bool
	}{
		{"nil", nil, ClassNone, 0, "", false},
		{"unclassified", base, ClassRetryable, 0, "", true},
		{"context canceled", context.Canceled, ClassRetryable, 0, "", false},
		{"retryable", Retryable(base, time.Second), ClassRetryable, time.Second, "", true},
		{"rate limited", RateLimited(base, time.Minute), ClassRateLimited, time.Minute, "", true},
		{"permanent", Permanent(base, "131047"), ClassPermanent, 0, "131047", true},
		{"auth", Auth(base), ClassAuth, 0, "", true},
		{"wrapped with %w", fmt.Errorf("send: %w", Permanent(base, "21211")), ClassPermanent, 0, "21211", true},
		{"joined", errors.Join(errors.New("x"), Auth(base)), ClassAuth, 0, "", true},
		{"outermost wins", Permanent(fmt.Errorf("w: %w", RateLimited(base, time.Second)), "x"), ClassPermanent, 0, "x", true},
		{"host not allowed", NewEgressGuard(nil, nil).refuse(&url.URL{Host: "evil.example"}), ClassPermanent, 0, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, after, code := ClassOf(tt.err)
			if c != tt.class || after != tt.after || code != tt.code {
				t.Errorf("ClassOf = (%v, %v, %q), want (%v, %v, %q)", c, after, code, tt.class, tt.after, tt.code)
			}
			if tt.keepsBase && !errors.Is(tt.err, base) {
				t.Errorf("classification hid the wrapped error")
			}
		})
	}
}

func TestClassifyNil(t *testing.T) {
	for name, err := range map[string]error{
		"Retryable":   Retryable(nil, time.Second),
		"RateLimited": RateLimited(nil, time.Second),
		"Permanent":   Permanent(nil, "x"),
		"Auth":        Auth(nil),
	} {
		if err != nil {
			t.Errorf("%s(nil) = %v, want nil", name, err)
		}
	}
}

func TestClassString(t *testing.T) {
	tests := map[Class]string{
		ClassNone: "none", ClassRetryable: "retryable", ClassRateLimited: "rate_limited",
		ClassPermanent: "permanent", ClassAuth: "auth", Class(99): "unknown",
	}
	for c, want := range tests {
		if got := c.String(); got != want {
			t.Errorf("%d.String() = %q, want %q", int(c), got, want)
		}
	}
}

func TestClassifiedMessage(t *testing.T) {
	err := Permanent(errors.New("invalid number"), "21211")
	if err.Error() != "invalid number" {
		t.Errorf("Error() = %q; the class must not change the message", err.Error())
	}
}
