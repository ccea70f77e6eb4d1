package grpchost

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync/atomic"
	"testing"

	"github.com/masteria/masteria/sdk"
)

func wantPermanent(t *testing.T, what string, err, target error) {
	t.Helper()
	if class, _, _ := sdk.ClassOf(err); !errors.Is(err, target) || class != sdk.ClassPermanent {
		t.Errorf("%s = %v (%v), want a permanent %v", what, err, class, target)
	}
}

// TestHostServicesRoundTrip: the plugin reaches the connection's KV and
// Events through the broker; what the manifest does not declare is refused
// on the host's side.
func TestHostServicesRoundTrip(t *testing.T) {
	p := start(t, fastOptions(t))
	h := newTestHost()
	c := open(t, p, "c1", h)
	ctx := context.Background()

	out, err := invoke(ctx, t, c, "test.kv", map[string]any{"key": "cursor", "value": "42"})
	if err != nil || out["value"] != "42" {
		t.Fatalf("test.kv = %v, %v", out, err)
	}
	if v, err := h.kv.Get(ctx, "cursor"); err != nil || string(v) != "42" {
		t.Errorf("the host's KV holds %q, %v", v, err)
	}

	if _, err := invoke(ctx, t, c, "test.emit", map[string]any{"subject": "test.happened"}); err != nil {
		t.Fatal(err)
	}
	ev := h.events.Emitted()
	if len(ev) != 1 || ev[0].Subject != "test.happened" || ev[0].ID != "e1" || string(ev[0].Payload.(json.RawMessage)) != `{"n":1}` {
		t.Errorf("the host received %+v", ev)
	}
	_, err = invoke(ctx, t, c, "test.emit", map[string]any{"subject": "test.undeclared"})
	wantPermanent(t, "emitting an undeclared subject", err, sdk.ErrNotPermitted)
	_, err = invoke(ctx, t, c, "test.secret", map[string]any{"name": "token"})
	wantPermanent(t, "reading secrets without declaring them", err, sdk.ErrNotPermitted)
}

// TestEgress: requests leave only to declared hosts and the operator's
// extra hosts, checked on every hop by the host's guard.
func TestEgress(t *testing.T) {
	var elsewhereHit atomic.Bool
	elsewhere := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { elsewhereHit.Store(true) }))
	defer elsewhere.Close()
	simulator := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/redirect" {
			http.Redirect(w, r, elsewhere.URL, http.StatusFound)
			return
		}
		w.WriteHeader(http.StatusAccepted)
	}))
	defer simulator.Close()
	sim, _ := url.Parse(simulator.URL)

	opts := fastOptions(t)
	opts.ExtraHosts = []string{sim.Host}
	p := start(t, opts)
	c := open(t, p, "c1", newTestHost())
	ctx := context.Background()

	out, err := invoke(ctx, t, c, "test.fetch", map[string]any{"url": simulator.URL})
	if err != nil || out["status"] != json.Number("202") {
		t.Errorf("fetching an operator-approved host = %v, %v", out, err)
	}
	_, err = invoke(ctx, t, c, "test.fetch", map[string]any{"url": "http://undeclared.example.org/"})
	wantPermanent(t, "fetching an undeclared host", err, sdk.ErrHostNotAllowed)
	_, err = invoke(ctx, t, c, "test.fetch", map[string]any{"url": simulator.URL + "/redirect"})
	wantPermanent(t, "a redirect to an undeclared host", err, sdk.ErrHostNotAllowed)
	if elsewhereHit.Load() {
		t.Error("the redirect reached the undeclared host")
	}
}

// TestServedHostEnforcesTheManifest checks the host's side alone, as a
// plugin that bypassed its SDK would meet it.
func TestServedHostEnforcesTheManifest(t *testing.T) {
	p := start(t, fastOptions(t))
	served := p.served(newTestHost().Host)
	req, _ := http.NewRequest(http.MethodGet, "http://undeclared.example.org/", nil)
	_, err := served.HTTP.Do(req)
	wantPermanent(t, "HTTP to an undeclared host", err, sdk.ErrHostNotAllowed)
	_, err = served.Secrets.Get(context.Background(), "token")
	wantPermanent(t, "undeclared Secrets", err, sdk.ErrNotPermitted)
	err = served.Events.Emit(context.Background(), "other.subject", nil, "x")
	wantPermanent(t, "an undeclared event subject", err, sdk.ErrNotPermitted)
}
