package whatsappcloud

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/masteria/masteria/plugins/whatsappcloud/sim"
	"github.com/masteria/masteria/sdk"
	"github.com/masteria/masteria/sdk/sdktest"
)

var t0 = time.Date(2026, 3, 2, 12, 0, 0, 0, time.UTC)

// user is a simulated WhatsApp user (a wa_id).
const user = "5511987654321"

// simHosted is the plugin as an operator runs it against a simulator: its
// manifest also allows the simulator's host, as grpchost's ExtraHosts do
// for a subprocess.
type simHosted struct {
	*Plugin
	hosts []string
}

func (s *simHosted) Manifest() sdk.Manifest {
	m := s.Plugin.Manifest()
	m.Permissions.Hosts = append(slices.Clip(m.Permissions.Hosts), s.hosts...)
	return m
}

// manualClock presents the simulator's clock as the host's sdk.Clock, so
// the plugin and the simulator share one time.
type manualClock struct{ *sim.ManualClock }

func (c manualClock) After(d time.Duration) <-chan time.Time {
	ch := make(chan time.Time, 1)
	c.AfterFunc(d, func() { ch <- c.Now() })
	return ch
}

// fixture is a simulator behind an httptest server, a plugin connection
// opened against it, and a webhook endpoint handing the simulator's signed
// webhooks to that plugin.
type fixture struct {
	t      *testing.T
	sim    *sim.Server
	clock  *sim.ManualClock
	api    *httptest.Server
	plugin *simHosted
	kv     *sdktest.MemoryKV
	blobs  *sdktest.MemoryBlobs // shared by every plugin the fixture opens
	// reported is what connections published through the host's events
	// service (action-time reports such as a 131050 marketing opt-out).
	reported sdktest.EventLog

	mu       sync.Mutex
	events   []sdk.Event
	statuses []int          // HTTP statuses answered to the simulator
	requests map[string]int // API requests by "METHOD path"
}

func newFixture(t *testing.T, mutate func(*sim.Config), config map[string]any) *fixture {
	t.Helper()
	f := &fixture{t: t, clock: sim.NewManualClock(t0), requests: map[string]int{}, blobs: &sdktest.MemoryBlobs{}}
	hooks := httptest.NewServer(http.HandlerFunc(f.hook))
	t.Cleanup(hooks.Close)
	cfg := sim.DefaultConfig()
	cfg.Clock, cfg.WebhookURL, cfg.Seed = f.clock, hooks.URL+"/hooks/conn-1", 7
	if mutate != nil {
		mutate(&cfg)
	}
	s, err := sim.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	f.sim, f.api = s, httptest.NewServer(f.counting(s))
	t.Cleanup(func() { f.api.Close(); _ = s.Close() })
	f.plugin, f.kv = f.open(config)
	return f
}

// simConfig is a connection config for the demo number of the simulator
// at base.
func simConfig(base string) map[string]any {
	return map[string]any{
		"phone_number_id": sim.DemoPhoneNumberID, "waba_id": sim.DemoWABAID,
		"access_token": sim.DemoAccessToken, "app_secret": sim.DemoAppSecret,
		"verify_token": sim.DemoVerifyToken, "graph_base_url": base,
	}
}

// open opens a plugin connection against the fixture's simulator; extra
// overrides config keys.
func (f *fixture) open(extra map[string]any) (*simHosted, *sdktest.MemoryKV) {
	f.t.Helper()
	return f.openWith(extra, sdktest.NewMemoryKV(manualClock{f.clock}))
}

// openWith opens a plugin connection with the given KV: two opened with
// one KV are two instances' processes serving the same connection.
func (f *fixture) openWith(extra map[string]any, kv *sdktest.MemoryKV) (*simHosted, *sdktest.MemoryKV) {
	f.t.Helper()
	raw := simConfig(f.api.URL)
	for k, v := range extra {
		raw[k] = v
	}
	p := &simHosted{Plugin: &Plugin{}, hosts: []string{hostOf(f.api.URL)}}
	cfg, err := p.Manifest().Config.Parse(raw)
	if err != nil {
		f.t.Fatal(err)
	}
	host := sdk.Host{KV: kv, Events: &f.reported, Log: sdktest.NewLogger(f.t), Clock: manualClock{f.clock},
		HTTP: &http.Client{Transport: sdk.NewEgressGuard(p.Manifest().Permissions.Hosts, nil)}, Blobs: f.blobs}
	if err := sdk.Open(context.Background(), p, sdk.Connection{ID: "conn-1", Config: cfg, Host: host}); err != nil {
		f.t.Fatal(err)
	}
	f.t.Cleanup(func() { _ = sdk.Close(p) })
	return p, kv
}

// hook is the platform's /hooks/conn-1: it hands the request, raw, to the
// plugin and records what came out.
func (f *fixture) hook(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	req := sdk.WebhookRequest{Method: r.Method, Path: "/", Query: r.URL.Query(), Header: r.Header, Body: body}
	resp, events, err := f.plugin.HandleWebhook(r.Context(), req)
	status := resp.StatusCode()
	if err != nil {
		status = http.StatusInternalServerError
		f.t.Errorf("HandleWebhook: %v", err)
	}
	f.mu.Lock()
	f.events = append(f.events, events...)
	f.statuses = append(f.statuses, status)
	f.mu.Unlock()
	w.WriteHeader(status)
	_, _ = w.Write(resp.Body)
}

// counting counts the API requests the simulator serves.
func (f *fixture) counting(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f.mu.Lock()
		f.requests[r.Method+" "+r.URL.Path]++
		f.mu.Unlock()
		next.ServeHTTP(w, r)
	})
}

// served returns how many requests "METHOD path" the simulator served.
func (f *fixture) served(key string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.requests[key]
}

// emitted returns the events the plugin produced for the simulator's
// webhooks so far.
func (f *fixture) emitted() []sdk.Event {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.events)
}

// inbound has user write to the business, which opens the window.
func (f *fixture) inbound(in sim.Inbound) string {
	f.t.Helper()
	id, err := f.sim.InjectInbound(in)
	if err != nil {
		f.t.Fatal(err)
	}
	return id
}

// send sends msg through the fixture's plugin.
func (f *fixture) send(msg sdk.OutboundMessage) (sdk.SendResult, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	return f.plugin.Send(ctx, msg)
}

func hostOf(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		panic(err)
	}
	return u.Host
}

func readVector(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "vectors", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// readVectorFile reads a vector outside a test, for package-level samples.
func readVectorFile(name string) []byte {
	b, err := os.ReadFile(filepath.Join("testdata", "vectors", name))
	if err != nil {
		panic(err)
	}
	return b
}

// signed is a webhook POST of body signed with secret.
func signed(secret string, body []byte) sdk.WebhookRequest {
	return sdk.WebhookRequest{Method: http.MethodPost, Path: "/", Body: body,
		Header: http.Header{"Content-Type": {"application/json"}, SignatureHeader: {sim.Signature(secret, body)}}}
}
