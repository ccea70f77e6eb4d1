package sim

import (
	"crypto/hmac"
	"crypto/sha1"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"
)

var t0 = time.Date(2026, 3, 2, 12, 0, 0, 0, time.UTC)

const handset = "+5511987654321"

// hook is one form POST the platform received.
type hook struct {
	path   string
	params url.Values
	header http.Header
}

// platform plays the Master IA webhook endpoint. It checks every
// X-Twilio-Signature with its own implementation of the algorithm (not
// the simulator's Signature) over the exact URL it was called at.
type platform struct {
	t     *testing.T
	token string
	srv   *httptest.Server
	reply string // TwiML answered to /sms

	mu   sync.Mutex
	got  []hook
	fail int
}

func newPlatform(t *testing.T, token string) *platform {
	p := &platform{t: t, token: token}
	p.srv = httptest.NewServer(http.HandlerFunc(p.serve))
	t.Cleanup(p.srv.Close)
	return p
}

func (p *platform) serve(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		p.t.Errorf("callback form: %v", err)
	}
	if want := twilioSignature(p.token, p.srv.URL+r.URL.RequestURI(), r.PostForm); r.Header.Get("X-Twilio-Signature") != want {
		p.t.Errorf("X-Twilio-Signature %q, want %q", r.Header.Get("X-Twilio-Signature"), want)
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.fail > 0 {
		p.fail--
		w.WriteHeader(http.StatusBadGateway)
		return
	}
	p.got = append(p.got, hook{path: r.URL.Path, params: r.PostForm, header: r.Header})
	if r.URL.Path == "/sms" && p.reply != "" {
		w.Header().Set("Content-Type", "text/xml")
		_, _ = io.WriteString(w, p.reply)
	}
}

// twilioSignature is the test's own X-Twilio-Signature computation.
func twilioSignature(token, u string, params url.Values) string {
	keys := make([]string, 0, len(params))
	for k := range params {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	s := u
	for _, k := range keys {
		for _, v := range params[k] {
			s += k + v
		}
	}
	mac := hmac.New(sha1.New, []byte(token))
	mac.Write([]byte(s))
	return base64.StdEncoding.EncodeToString(mac.Sum(nil))
}

func (p *platform) hooks(path string) []hook {
	p.mu.Lock()
	defer p.mu.Unlock()
	var out []hook
	for _, h := range p.got {
		if h.path == path {
			out = append(out, h)
		}
	}
	return out
}

// statuses lists MessageStatus of the status callbacks for sid, in order.
func (p *platform) statuses(sid string) []string {
	var out []string
	for _, h := range p.hooks("/status") {
		if h.params.Get("MessageSid") == sid {
			out = append(out, h.params.Get("MessageStatus"))
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
	hooks := newPlatform(t, DemoAuthToken)
	clock := NewManualClock(t0)
	cfg.Clock, cfg.Seed = clock, 7
	a := &cfg.Accounts[0]
	for i := range a.PhoneNumbers {
		a.PhoneNumbers[i].SMSURL = hooks.srv.URL + "/sms"
	}
	api := httptest.NewUnstartedServer(nil)
	cfg.PublicURL = "http://" + api.Listener.Addr().String()
	if mutate != nil {
		mutate(&cfg)
	}
	s, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	api.Config.Handler = s
	api.Start()
	t.Cleanup(func() { api.Close(); _ = s.Close() })
	return &fixture{t: t, sim: s, clock: clock, api: api, hooks: hooks}
}

func (f *fixture) statusURL() string { return f.hooks.srv.URL + "/status?conn=c1" }

// request sends a form with Basic auth and decodes the JSON answer.
func (f *fixture) request(method, path, user, pass string, form url.Values) (int, map[string]any) {
	f.t.Helper()
	req, _ := http.NewRequest(method, f.api.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if user != "" {
		req.SetBasicAuth(user, pass)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		f.t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		f.t.Fatalf("%s %s: answer is not JSON: %v", method, path, err)
	}
	return resp.StatusCode, out
}

// create posts to Messages.json as the demo account.
func (f *fixture) create(form url.Values) (int, map[string]any) {
	f.t.Helper()
	return f.request("POST", apiPrefix+DemoAccountSID+"/Messages.json", DemoAccountSID, DemoAuthToken, form)
}

// sms is a create form from the demo long code to handset.
func (f *fixture) sms(body string) url.Values {
	return url.Values{"From": {DemoNumber}, "To": {handset}, "Body": {body}, "StatusCallback": {f.statusURL()}}
}

// mustCreate creates a message and returns its SID.
func (f *fixture) mustCreate(form url.Values) string {
	f.t.Helper()
	status, res := f.create(form)
	if status != http.StatusCreated {
		f.t.Fatalf("create: %d %v", status, res)
	}
	return res["sid"].(string)
}

func readVector(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "vectors", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func errorCode(body map[string]any) int {
	c, _ := body["code"].(float64)
	return int(c)
}
