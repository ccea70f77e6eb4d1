package api

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gofiber/fiber/v3"

	"github.com/masteria/masteria/core/blobs"
	"github.com/masteria/masteria/core/bus"
	"github.com/masteria/masteria/core/campaigns"
	"github.com/masteria/masteria/core/engine"
	"github.com/masteria/masteria/core/flow"
	"github.com/masteria/masteria/core/flows"
	"github.com/masteria/masteria/core/plugin"
	"github.com/masteria/masteria/core/secrets"
	"github.com/masteria/masteria/core/store"
	"github.com/masteria/masteria/core/store/sqlstore"
	"github.com/masteria/masteria/core/tenancy"
	"github.com/masteria/masteria/core/webhooks"
	"github.com/masteria/masteria/sdk"
)

// harness is a real API over a real SQLite store and embedded NATS.
type harness struct {
	t     *testing.T
	app   *fiber.App
	api   *API
	store store.Store
	bus   *bus.Bus
	svc   *tenancy.Service
	eng   *engine.Engine
	base  string // the real listener's URL
}

func newHarness(t *testing.T) *harness {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	st, err := sqlstore.OpenSQLite(ctx, filepath.Join(dir, "m.db"))
	if err != nil {
		t.Fatal(err)
	}
	b, err := bus.Open(ctx, bus.Options{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	key, _ := secrets.NewKey()
	k, err := secrets.NewKeyring(key)
	if err != nil {
		t.Fatal(err)
	}
	svc := tenancy.New(st, k)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	eng := &engine.Engine{Store: st, Interp: &engine.Interp{Actions: engine.NewActions(nil, nil)}, Log: log}
	fl := &flows.Service{Store: st, Engine: eng, Catalog: flow.NewCoreRegistry()}
	pm := plugin.NewManager(st, k, log)
	for _, f := range []sdk.Factory{func() sdk.Plugin { return &notesPlugin{} }, func() sdk.Plugin { return &gatePlugin{} }, func() sdk.Plugin { return &hooksetPlugin{} }} {
		if err := pm.Register(f); err != nil {
			t.Fatal(err)
		}
	}
	camp := &campaigns.Service{Store: st, Engine: eng, Log: log}
	bs, err := blobs.Open(st, filepath.Join(dir, "blobs"))
	if err != nil {
		t.Fatal(err)
	}
	pm.Blobs = bs
	egress := webhooks.NewEgress(nil, nil)
	sender := &webhooks.Sender{Store: st, Keyring: k, Client: egress.Client(), Log: log}
	hooks := &webhooks.Service{Store: st, Keyring: k, Egress: egress, Sender: sender}
	a := &API{Deps: Deps{Tenancy: svc, Store: st, Bus: b, Log: log, BodyLimit: 64 << 10, Flows: fl, Plugins: pm, Campaigns: camp,
		Blobs: bs, Webhooks: hooks}}
	app := New(a.Deps)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = app.Listener(ln, fiber.ListenConfig{DisableStartupMessage: true}) }()
	t.Cleanup(func() { _ = app.Shutdown(); b.Close(); st.Close() })
	return &harness{t: t, app: app, api: a, store: st, bus: b, svc: svc, eng: eng, base: "http://" + ln.Addr().String()}
}

// allowWebhooksTo lets webhooks reach a test receiver's host (egress_allow_hosts).
func (h *harness) allowWebhooksTo(hosts ...string) {
	egress := webhooks.NewEgress(hosts, nil)
	h.api.Webhooks.Egress, h.api.Webhooks.Sender.Client = egress, egress.Client()
}

// workspace creates a tenant and returns it with its owner API key.
func (h *harness) workspace(name string) tenancy.Workspace {
	h.t.Helper()
	ws, err := h.svc.CreateWorkspace(context.Background(), tenancy.NewWorkspace{Name: name, Email: name + "@example.com", Password: "password-" + name})
	if err != nil {
		h.t.Fatal(err)
	}
	return ws
}

type reply struct {
	Status int
	Body   []byte
	Header http.Header
}

func (r reply) json(t *testing.T) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(r.Body, &m); err != nil {
		t.Fatalf("reply is not JSON (%d): %s", r.Status, r.Body)
	}
	return m
}

// errorCode returns the envelope's code, failing if the body is not one.
func (r reply) errorCode(t *testing.T) string {
	t.Helper()
	e, ok := r.json(t)["error"].(map[string]any)
	if !ok || e["code"] == nil || e["message"] == nil {
		t.Fatalf("not an error envelope (%d): %s", r.Status, r.Body)
	}
	return e["code"].(string)
}

// do sends a request; auth is an API key, or "cookie=<token>".
func (h *harness) do(method, path, auth string, body any) reply {
	h.t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	case []byte:
		rd = bytes.NewReader(b)
	default:
		raw, _ := json.Marshal(b)
		rd = bytes.NewReader(raw)
	}
	req, _ := http.NewRequest(method, h.base+path, rd)
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token, ok := strings.CutPrefix(auth, "cookie="); ok {
		req.AddCookie(&http.Cookie{Name: sessionCookie, Value: token})
	} else if auth != "" {
		req.Header.Set("Authorization", "Bearer "+auth)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		h.t.Fatal(err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	return reply{Status: res.StatusCode, Body: raw, Header: res.Header}
}

// doRaw sends a body with an explicit content type.
func (h *harness) doRaw(method, path, auth, ctype, body string) reply {
	h.t.Helper()
	req, _ := http.NewRequest(method, h.base+path, strings.NewReader(body))
	req.Header.Set("Content-Type", ctype)
	req.Header.Set("Authorization", "Bearer "+auth)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		h.t.Fatal(err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	return reply{Status: res.StatusCode, Body: raw, Header: res.Header}
}
