package sdk

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

// countingTransport answers every request itself and counts them.
type countingTransport struct{ calls int }

func (c *countingTransport) RoundTrip(*http.Request) (*http.Response, error) {
	c.calls++
	return &http.Response{StatusCode: 200, Body: io.NopCloser(strings.NewReader("ok"))}, nil
}

// trackedBody records whether it was closed.
type trackedBody struct {
	io.Reader
	closed bool
}

func (b *trackedBody) Close() error { b.closed = true; return nil }

func TestEgressGuard(t *testing.T) {
	next := &countingTransport{}
	client := &http.Client{Transport: NewEgressGuard([]string{"graph.facebook.com", "*.twilio.com"}, next)}
	tests := []struct {
		url     string
		allowed bool
	}{
		{"https://graph.facebook.com/v21.0/123/messages", true},
		{"https://api.twilio.com/2010-04-01/Accounts", true},
		{"https://twilio.com/", false},
		{"https://evil.example/?to=graph.facebook.com", false},
		{"http://169.254.169.254/latest/meta-data", false},
	}
	for _, tt := range tests {
		t.Run(tt.url, func(t *testing.T) {
			before := next.calls
			body := &trackedBody{Reader: strings.NewReader("{}")}
			req, _ := http.NewRequestWithContext(context.Background(), http.MethodPost, tt.url, body)
			resp, err := client.Do(req)
			if tt.allowed {
				if err != nil || next.calls != before+1 {
					t.Fatalf("allowed request failed: %v", err)
				}
				resp.Body.Close()
				return
			}
			if !errors.Is(err, ErrHostNotAllowed) || next.calls != before {
				t.Fatalf("err = %v, calls %d→%d; want ErrHostNotAllowed and no call", err, before, next.calls)
			}
			if c, _, _ := ClassOf(err); c != ClassPermanent {
				t.Errorf("class = %v, want permanent", c)
			}
			if !body.closed {
				t.Error("request body not closed on refusal")
			}
		})
	}
}

// A redirect to an undeclared host is refused before it is followed.
func TestEgressGuardChecksRedirects(t *testing.T) {
	evil := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		t.Error("the undeclared host was reached")
	}))
	defer evil.Close()
	good := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, strings.Replace(evil.URL, "127.0.0.1", "localhost", 1), http.StatusFound)
	}))
	defer good.Close()
	u, _ := url.Parse(good.URL)
	client := &http.Client{Transport: NewEgressGuard([]string{u.Host}, nil)}
	_, err := client.Get(good.URL)
	if !errors.Is(err, ErrHostNotAllowed) || !strings.Contains(err.Error(), "localhost") {
		t.Errorf("err = %v, want ErrHostNotAllowed naming the redirect target", err)
	}
}
