package webhooks

import (
	"bytes"
	"context"
	"crypto/hmac"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/masteria/masteria/core/auth"
	"github.com/masteria/masteria/core/ids"
	"github.com/masteria/masteria/core/secrets"
	"github.com/masteria/masteria/core/store"
	"github.com/masteria/masteria/core/store/sqlstore"
	"github.com/masteria/masteria/core/store/storetest"
	"github.com/masteria/masteria/core/tenancy"
)

// clock is a test's clock, stepped by hand.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func newClock() *clock { return &clock{now: time.Date(2026, 3, 2, 12, 0, 0, 0, time.UTC)} }

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = t
}

func (c *clock) Advance(d time.Duration) { c.Set(c.Now().Add(d)) }

// kit is a real SQLite store, a keyring, a tenant's owner, and a service
// and sender over them; logs go to a buffer the test can read.
type kit struct {
	t      *testing.T
	path   string
	st     store.Store
	keys   *secrets.Keyring
	clock  *clock
	logs   *syncBuffer
	log    *slog.Logger
	svc    *Service
	sender *Sender
	owner  tenancy.Principal
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// newKit opens the store; allow are the egress hosts allowed (a test
// receiver's).
func newKit(t *testing.T, allow ...string) *kit {
	t.Helper()
	key, _ := secrets.NewKey()
	keys, err := secrets.NewKeyring(key)
	if err != nil {
		t.Fatal(err)
	}
	k := &kit{t: t, path: filepath.Join(t.TempDir(), "m.db"), keys: keys, clock: newClock(), logs: &syncBuffer{}}
	k.log = slog.New(slog.NewTextHandler(k.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	k.open()
	ten, _ := storetest.Seed(t, k.st, "acme")
	k.owner = tenancy.Principal{TenantID: ten.ID, UserID: "usr_owner", Role: auth.RoleOwner}
	egress := NewEgress(allow, nil)
	k.sender = &Sender{Store: k.st, Keyring: keys, Client: egress.Client(), Log: k.log, Now: k.clock.Now,
		Jitter: func(d time.Duration) time.Duration { return d }}
	k.svc = &Service{Store: k.st, Keyring: keys, Egress: egress, Sender: k.sender, Now: k.clock.Now}
	return k
}

func (k *kit) open() {
	st, err := sqlstore.OpenSQLite(context.Background(), k.path)
	if err != nil {
		k.t.Fatal(err)
	}
	k.st = st
	k.t.Cleanup(func() { st.Close() })
}

// restart closes the store and opens the file again, with a new sender
// (a server's restart).
func (k *kit) restart() {
	k.st.Close()
	k.open()
	s := &Sender{Store: k.st, Keyring: k.keys, Client: k.sender.Client, Log: k.log, Now: k.clock.Now, Jitter: k.sender.Jitter}
	k.sender, k.svc.Store, k.svc.Sender = s, k.st, s
}

// tenant adds another tenant and returns its owner.
func (k *kit) tenant(name string) tenancy.Principal {
	ten, _ := storetest.Seed(k.t, k.st, name)
	return tenancy.Principal{TenantID: ten.ID, UserID: "usr_" + name, Role: auth.RoleOwner}
}

func (k *kit) endpoint(url string, types ...string) EndpointWithSecret {
	k.t.Helper()
	if len(types) == 0 {
		types = []string{"*"}
	}
	e, err := k.svc.Create(context.Background(), k.owner, NewEndpoint{URL: url, EventTypes: types})
	if err != nil {
		k.t.Fatal(err)
	}
	return e
}

// enqueue records a pending delivery of an event to the endpoint, due now.
func (k *kit) enqueue(endpointID, typ, data string) store.WebhookDelivery {
	k.t.Helper()
	now := k.clock.Now()
	d := store.WebhookDelivery{ID: ids.New("whd"), TenantID: k.owner.TenantID, EndpointID: endpointID, EventID: ids.New("evt"), EventType: typ,
		Payload: envelope(typ, now, []byte(data)), State: store.DeliveryPending, NextAttemptAt: now, CreatedAt: now, UpdatedAt: now}
	if err := k.st.AddWebhookDeliveries(context.Background(), []store.WebhookDelivery{d}); err != nil {
		k.t.Fatal(err)
	}
	return d
}

func (k *kit) sendDue() {
	k.t.Helper()
	if _, err := k.sender.SendDue(context.Background()); err != nil {
		k.t.Fatal(err)
	}
}

func (k *kit) delivery(id string) store.WebhookDelivery {
	k.t.Helper()
	d, err := k.st.GetWebhookDelivery(context.Background(), k.owner.TenantID, id)
	if err != nil {
		k.t.Fatal(err)
	}
	return d
}

func (k *kit) endpointState(id string) Endpoint {
	k.t.Helper()
	e, err := k.svc.Get(context.Background(), k.owner, id)
	if err != nil {
		k.t.Fatal(err)
	}
	return e
}

// received is one request a receiver took.
type received struct {
	Path   string
	Header http.Header
	Body   []byte
}

// answer is what a receiver answers one request with.
type answer struct {
	status int
	header map[string]string
}

// receiver is a real HTTP server that records what it receives and
// answers with the queued answers in turn (200 once they run out).
type receiver struct {
	*httptest.Server
	mu      sync.Mutex
	got     []received
	answers []answer
	arrived chan struct{}
}

func newReceiver(t *testing.T, answers ...answer) *receiver {
	r := &receiver{answers: answers, arrived: make(chan struct{}, 100)}
	r.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		body, _ := io.ReadAll(req.Body)
		r.mu.Lock()
		r.got = append(r.got, received{Path: req.URL.Path, Header: req.Header.Clone(), Body: body})
		a := answer{status: 200}
		if len(r.answers) > 0 {
			a, r.answers = r.answers[0], r.answers[1:]
		}
		r.mu.Unlock()
		for k, v := range a.header {
			w.Header().Set(k, v)
		}
		w.WriteHeader(a.status)
		r.arrived <- struct{}{}
	}))
	t.Cleanup(r.Close)
	return r
}

// host is the receiver's host:port, for the egress allow list.
func (r *receiver) host() string { return strings.TrimPrefix(r.URL, "http://") }

func (r *receiver) requests() []received {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]received(nil), r.got...)
}

// wait waits for the receiver's nth request (1-based), at most 10 s.
func (r *receiver) wait(t *testing.T, n int) received {
	t.Helper()
	deadline := time.After(10 * time.Second)
	for {
		if got := r.requests(); len(got) >= n {
			return got[n-1]
		}
		select {
		case <-r.arrived:
		case <-deadline:
			t.Fatalf("the receiver got %d requests, want %d", len(r.requests()), n)
		}
	}
}

// verify checks a request as a Standard Webhooks receiver library does
// (all three headers, timestamp within 5 minutes of now, any matching v1
// signature, other versions skipped) and returns the decoded body.
func verify(t *testing.T, secret string, got received, now time.Time) map[string]any {
	t.Helper()
	id, ts, sigs := got.Header.Get("webhook-id"), got.Header.Get("webhook-timestamp"), got.Header.Get("webhook-signature")
	if id == "" || ts == "" || sigs == "" {
		t.Fatalf("missing headers: %v", got.Header)
	}
	sec, err := strconv.ParseInt(ts, 10, 64)
	if err != nil || now.Sub(time.Unix(sec, 0)).Abs() > 5*time.Minute {
		t.Fatalf("timestamp %q is not within 5 minutes of %v", ts, now)
	}
	want, err := Sign(secret, id, sec, got.Body)
	if err != nil {
		t.Fatal(err)
	}
	matched := false
	for _, s := range strings.Fields(sigs) {
		if strings.HasPrefix(s, "v1,") && hmac.Equal([]byte(s), []byte(want)) {
			matched = true
		}
	}
	if !matched {
		t.Fatalf("no v1 signature in %q matches the secret", sigs)
	}
	var body map[string]any
	if err := json.Unmarshal(got.Body, &body); err != nil {
		t.Fatalf("body is not JSON: %s", got.Body)
	}
	return body
}
