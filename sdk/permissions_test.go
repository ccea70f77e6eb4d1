package sdk

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"
)

type fakeKV struct{}

func (fakeKV) Get(context.Context, string) ([]byte, error)              { return []byte("v"), nil }
func (fakeKV) Set(context.Context, string, []byte, time.Duration) error { return nil }
func (fakeKV) Delete(context.Context, string) error                     { return nil }

type okHTTP struct{}

func (okHTTP) Do(*http.Request) (*http.Response, error) { return &http.Response{StatusCode: 204}, nil }

func TestRestrict(t *testing.T) {
	ctx := context.Background()
	full := Host{KV: fakeKV{}, HTTP: okHTTP{}}
	h := Permissions{Services: []Service{ServiceKV}}.Restrict(full)
	if _, err := h.KV.Get(ctx, "k"); err != nil {
		t.Errorf("declared KV refused: %v", err)
	}
	for name, err := range map[string]error{
		"secrets": second2(h.Secrets.Get(ctx, "x")),
		"events":  h.Events.Emit(ctx, "a.b", nil, "1"),
		"blobs":   h.Blobs.Delete(ctx, "b1"),
		"http":    second2(h.HTTP.Do(mustRequest(t, "https://x.example/"))),
	} {
		if !errors.Is(err, ErrNotPermitted) {
			t.Errorf("%s: err = %v, want ErrNotPermitted", name, err)
		}
	}
	if h.Log == nil || h.Clock == nil {
		t.Error("log and clock must always be present")
	}
}

func TestRestrictHTTPHosts(t *testing.T) {
	p := Permissions{Hosts: []string{"graph.facebook.com"}, Services: []Service{ServiceHTTP}}
	h := p.Restrict(Host{HTTP: okHTTP{}})
	if _, err := h.HTTP.Do(mustRequest(t, "https://graph.facebook.com/")); err != nil {
		t.Errorf("declared host refused: %v", err)
	}
	if _, err := h.HTTP.Do(mustRequest(t, "https://evil.example/")); !errors.Is(err, ErrHostNotAllowed) {
		t.Errorf("err = %v, want ErrHostNotAllowed", err)
	}
}

func second2[T any](_ T, err error) error { return err }

func mustRequest(t *testing.T, u string) *http.Request {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, u, nil)
	if err != nil {
		t.Fatal(err)
	}
	return req
}
