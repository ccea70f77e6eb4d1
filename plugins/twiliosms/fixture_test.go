package twiliosms

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/masteria/masteria/plugins/twiliosms/sim"
	"github.com/masteria/masteria/sdk"
	"github.com/masteria/masteria/sdk/sdktest"
)

var t0 = time.Date(2026, 3, 2, 12, 0, 0, 0, time.UTC)

// handset is a simulated contact.
const handset = "+5511987654321"

// hooksPrefix is the connection's webhook path on the platform.
const hooksPrefix = "/hooks/conn-1"

// simHosted is the plugin as an operator runs it against a simulator: its
// manifest also allows the simulator's host.
type simHosted struct {
	*Plugin
	hosts []string
}

func (s *simHosted) Manifest() sdk.Manifest {
	m := s.Plugin.Manifest()
	m.Permissions.Hosts = append(slices.Clip(m.Permissions.Hosts), s.hosts...)
	return m
}

// manualClock presents the simulator's clock as the host's sdk.Clock.
type manualClock struct{ *sim.ManualClock }

func (c manualClock) After(d time.Duration) <-chan time.Time {
	ch := make(chan time.Time, 1)
	c.AfterFunc(d, func() { ch <- c.Now() })
	return ch
}

// fixture is a Twilio simulator, a plugin connection opened against it,
// and the platform's webhook endpoint handing the simulator's signed
// callbacks to that plugin.
type fixture struct {
	t     *testing.T
	sim   *sim.Server
	clock *sim.ManualClock
	api   *httptest.Server
	// cdn serves the simulator on another port, as Twilio's CDN: media URLs
	// redirect there unless a test clears MediaCDNURL.
	cdn    *httptest.Server
	hooks  *httptest.Server
	blobs  *sdktest.MemoryBlobs // the host's blobs, shared by connections
	plugin *simHosted
	// webhookURL is the host's public webhook URL given to connections
	// opened after it is set ("" gives none).
	webhookURL string
	// wrapKV, when set, wraps the host's KV of connections opened after it
	// is set (to inject failures).
	wrapKV func(sdk.KV) sdk.KV
	// transport, when set, carries the host's HTTP of connections opened
	// after it is set, under the egress guard (default: the network).
	transport http.RoundTripper
	// reported is what connections published through the host's events
	// service (action-time reports such as a 21610 opt-out).
	reported sdktest.EventLog

	mu       sync.Mutex
	events   []sdk.Event
	statuses []int
	creates  int // POST …/Messages.json the simulator served
}

func newFixture(t *testing.T, mutate func(*sim.Config), config map[string]any) *fixture {
	t.Helper()
	f := &fixture{t: t, clock: sim.NewManualClock(t0), blobs: &sdktest.MemoryBlobs{}}
	f.hooks = httptest.NewServer(http.HandlerFunc(f.hook))
	t.Cleanup(f.hooks.Close)
	f.api = httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/Messages.json") {
			f.mu.Lock()
			f.creates++
			f.mu.Unlock()
		}
		f.sim.ServeHTTP(w, r)
	}))
	f.cdn = httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { f.sim.ServeHTTP(w, r) }))
	cfg := sim.DefaultConfig()
	cfg.Clock, cfg.Seed = f.clock, 7
	cfg.Accounts[0].PhoneNumbers[0].SMSURL = f.hooks.URL + hooksPrefix
	cfg.PublicURL, cfg.MediaCDNURL = "http://"+f.api.Listener.Addr().String(), "http://"+f.cdn.Listener.Addr().String()
	if mutate != nil {
		mutate(&cfg)
	}
	s, err := sim.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	f.sim = s
	f.api.Start()
	f.cdn.Start()
	t.Cleanup(func() { f.api.Close(); f.cdn.Close(); _ = s.Close() })
	f.plugin = f.open(config)
	return f
}

// simConfig is a connection config for the simulator's demo account.
func simConfig(api, hooks string) map[string]any {
	return map[string]any{
		"account_sid": sim.DemoAccountSID, "auth_token": sim.DemoAuthToken, "from": sim.DemoNumber,
		"base_url": api, "webhook_base_url": hooks + hooksPrefix, "sender_mps": 1000.0,
	}
}

// open opens a plugin connection; extra overrides config keys (nil
// deletes one).
func (f *fixture) open(extra map[string]any) *simHosted {
	f.t.Helper()
	raw := simConfig(f.api.URL, f.hooks.URL)
	for k, v := range extra {
		if v == nil {
			delete(raw, k)
		} else {
			raw[k] = v
		}
	}
	p := &simHosted{Plugin: &Plugin{}, hosts: []string{hostOf(f.api.URL), hostOf(f.cdn.URL)}}
	cfg, err := p.Manifest().Config.Parse(raw)
	if err != nil {
		f.t.Fatal(err)
	}
	var kv sdk.KV = sdktest.NewMemoryKV(manualClock{f.clock})
	if f.wrapKV != nil {
		kv = f.wrapKV(kv)
	}
	host := sdk.Host{KV: kv, Log: sdktest.NewLogger(f.t), Clock: manualClock{f.clock}, Events: &f.reported,
		HTTP: &http.Client{Transport: sdk.NewEgressGuard(p.Manifest().Permissions.Hosts, f.transport)}, Blobs: f.blobs}
	if err := sdk.Open(context.Background(), p, sdk.Connection{ID: "conn-1", Config: cfg, Host: host, WebhookURL: f.webhookURL}); err != nil {
		f.t.Fatal(err)
	}
	f.t.Cleanup(func() { _ = sdk.Close(p) })
	return p
}

// hook is the platform's /hooks/conn-1/…: the raw request goes to the
// plugin, as the core's route does.
func (f *fixture) hook(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	path := "/" + strings.TrimPrefix(strings.TrimPrefix(r.URL.Path, hooksPrefix), "/")
	req := sdk.WebhookRequest{Method: r.Method, Path: path, Query: r.URL.Query(), Header: r.Header, Body: body}
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
	for k, vs := range resp.Header {
		w.Header()[k] = vs
	}
	w.WriteHeader(status)
	_, _ = w.Write(resp.Body)
}

func (f *fixture) emitted() []sdk.Event {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.events)
}

func (f *fixture) createCount() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.creates
}

// text has the handset text the business.
func (f *fixture) text(body string) string {
	f.t.Helper()
	sid, err := f.sim.InjectInbound(sim.Inbound{From: handset, Body: body})
	if err != nil {
		f.t.Fatal(err)
	}
	f.clock.Advance(0)
	return sid
}

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
