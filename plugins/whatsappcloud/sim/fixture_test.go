package sim

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

var t0 = time.Date(2026, 3, 2, 12, 0, 0, 0, time.UTC)

const user = "5511987654321"

// platform plays the Master IA webhook endpoint: it checks every POST's
// X-Hub-Signature-256 with its own HMAC (the vectors' algorithm, not the
// simulator's Signature) and records the body.
type platform struct {
	t      *testing.T
	secret string
	srv    *httptest.Server

	mu     sync.Mutex
	bodies [][]byte
	fail   int // answer 500 to this many more POSTs
}

func newPlatform(t *testing.T, secret string) *platform {
	p := &platform{t: t, secret: secret}
	p.srv = httptest.NewServer(http.HandlerFunc(p.serve))
	t.Cleanup(p.srv.Close)
	return p
}

func (p *platform) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	mac := hmac.New(sha256.New, []byte(p.secret))
	mac.Write(body)
	want := "sha256=" + hex.EncodeToString(mac.Sum(nil))
	if got := r.Header.Get("X-Hub-Signature-256"); !hmac.Equal([]byte(got), []byte(want)) {
		p.t.Errorf("webhook signature %q, want %q", got, want)
	}
	if ct := r.Header.Get("Content-Type"); ct != "application/json" {
		p.t.Errorf("webhook Content-Type %q", ct)
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.fail > 0 {
		p.fail--
		w.WriteHeader(http.StatusInternalServerError)
		return
	}
	p.bodies = append(p.bodies, body)
}

// notifications returns the decoded webhook bodies received so far.
func (p *platform) notifications() []map[string]any {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := make([]map[string]any, len(p.bodies))
	for i, b := range p.bodies {
		if err := json.Unmarshal(b, &out[i]); err != nil {
			p.t.Fatalf("webhook body is not JSON: %v", err)
		}
	}
	return out
}

// statuses returns "status" of every status webhook received, in order.
func (p *platform) statuses() []string {
	var out []string
	for _, n := range p.notifications() {
		sts, _ := dig(n, "entry", 0, "changes", 0, "value", "statuses").([]any)
		for _, s := range sts {
			out = append(out, s.(map[string]any)["status"].(string))
		}
	}
	return out
}

type fixture struct {
	t     *testing.T
	sim   *Server
	clock *ManualClock
	api   *httptest.Server
	hooks *platform
}

func newFixture(t *testing.T, mutate func(*Config)) *fixture {
	t.Helper()
	cfg := DefaultConfig()
	hooks := newPlatform(t, cfg.AppSecret)
	clock := NewManualClock(t0)
	cfg.Clock, cfg.WebhookURL, cfg.Seed = clock, hooks.srv.URL+"/hooks/conn-1", 42
	if mutate != nil {
		mutate(&cfg)
	}
	s, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	api := httptest.NewServer(s)
	t.Cleanup(func() { api.Close(); _ = s.Close() })
	return &fixture{t: t, sim: s, clock: clock, api: api, hooks: hooks}
}

// do sends a request with the demo token and returns status and body.
func (f *fixture) do(method, path, token string, body io.Reader, contentType string) (int, []byte) {
	f.t.Helper()
	req, err := http.NewRequest(method, f.api.URL+path, body)
	if err != nil {
		f.t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		f.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b
}

// send posts a JSON body to /v21.0/{demo number}/messages.
func (f *fixture) send(body string) (int, map[string]any) {
	f.t.Helper()
	status, b := f.do("POST", "/v21.0/"+DemoPhoneNumberID+"/messages", DemoAccessToken,
		strings.NewReader(body), "application/json")
	var out map[string]any
	if err := json.Unmarshal(b, &out); err != nil {
		f.t.Fatalf("response is not JSON (%d): %s", status, b)
	}
	return status, out
}

// openWindow has the user write to the business first.
func (f *fixture) openWindow(from string) string {
	f.t.Helper()
	id, err := f.sim.InjectInbound(InboundText(from, "oi"))
	if err != nil {
		f.t.Fatal(err)
	}
	return id
}

func textTo(to, body string) string {
	return `{"messaging_product":"whatsapp","to":"` + to + `","type":"text","text":{"body":"` + body + `"}}`
}

// graphCode returns error.code of a Graph error body, or -1.
func graphCode(body map[string]any) int {
	e, ok := body["error"].(map[string]any)
	if !ok {
		return -1
	}
	return int(e["code"].(float64))
}

// dig walks decoded JSON by keys and indexes.
func dig(v any, path ...any) any {
	for _, p := range path {
		switch k := p.(type) {
		case string:
			v = v.(map[string]any)[k]
		case int:
			v = v.([]any)[k]
		}
	}
	return v
}

func readVector(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "vectors", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func decode(t *testing.T, b []byte) map[string]any {
	t.Helper()
	var v map[string]any
	if err := json.NewDecoder(bytes.NewReader(b)).Decode(&v); err != nil {
		t.Fatalf("decode: %v: %s", err, b)
	}
	return v
}
