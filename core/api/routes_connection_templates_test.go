package api

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/masteria/masteria/core/crm/inbox"
	"github.com/masteria/masteria/sdk"
)

// wabaStub is the provider side of templatesPlugin: each account's
// templates (by the connection's "account" config), and the error the next
// fetch fails with.
type wabaStub struct {
	mu        sync.Mutex
	templates map[string][]map[string]any
	fail      error
	fetches   int
}

func (w *wabaStub) fetch(account string) ([]map[string]any, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.fetches++
	if w.fail != nil {
		return nil, w.fail
	}
	return append([]map[string]any(nil), w.templates[account]...), nil
}

func (w *wabaStub) failWith(err error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.fail = err
}

func (w *wabaStub) fetched() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.fetches
}

func (w *wabaStub) set(account string, ts ...map[string]any) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.templates[account] = ts
}

// templatesPlugin stands in for WhatsApp Cloud in the API tests (core
// never imports plugins/; the real plugin is tested in its package and
// end to end): it serves whatsapp.templates.list and .sync with the same
// inputs and outputs over a catalog synced from a wabaStub.
type templatesPlugin struct {
	sdk.Base
	waba    *wabaStub
	account string

	mu       sync.Mutex
	synced   []map[string]any
	syncedAt time.Time
}

func (*templatesPlugin) Manifest() sdk.Manifest {
	info := sdk.NewObjectField("", sdk.NewStringField("id"), sdk.NewStringField("name"), sdk.NewStringField("language"),
		sdk.NewStringField("status"), sdk.NewStringField("category"), sdk.NewStringField("quality"), sdk.NewStringField("header"))
	out := sdk.Fields{sdk.NewIntField("count"), sdk.NewStringField("synced_at"), sdk.NewListField("templates", info)}
	return sdk.Manifest{ID: "whatsapp-stub", Version: "1.0.0", Runtime: sdk.RuntimeGRPC, Title: "WhatsApp (stub)", Namespaces: []string{"whatsapp"},
		Config: sdk.Fields{sdk.NewStringField("account").Required()},
		Actions: []sdk.ActionSpec{
			{ID: actionTemplatesSync, Title: "Sync", Output: out},
			{ID: actionTemplatesList, Title: "List", Output: out,
				Input: sdk.Fields{sdk.NewStringField("name"), sdk.NewStringField("language"), sdk.NewStringField("status"), sdk.NewStringField("category")}},
		}}
}

func (p *templatesPlugin) Provision(_ context.Context, c sdk.Connection) error {
	p.account = c.Config.String("account")
	return nil
}

func (p *templatesPlugin) Actions() map[string]sdk.Action {
	return map[string]sdk.Action{
		actionTemplatesSync: sdk.ActionFunc(func(context.Context, sdk.Input) (sdk.Output, error) {
			p.mu.Lock()
			defer p.mu.Unlock()
			return p.sync()
		}),
		actionTemplatesList: sdk.ActionFunc(func(_ context.Context, in sdk.Input) (sdk.Output, error) {
			p.mu.Lock()
			defer p.mu.Unlock()
			if p.synced == nil {
				if _, err := p.sync(); err != nil {
					return sdk.Output{}, err
				}
			}
			var ts []map[string]any
			for _, t := range p.synced {
				if s := in.Params.String("status"); s == "" || t["status"] == s {
					ts = append(ts, t)
				}
			}
			return p.output(ts), nil
		}),
	}
}

func (p *templatesPlugin) sync() (sdk.Output, error) {
	ts, err := p.waba.fetch(p.account)
	if err != nil {
		return sdk.Output{}, err
	}
	p.synced, p.syncedAt = ts, time.Now().UTC().Truncate(time.Second)
	return p.output(ts), nil
}

func (p *templatesPlugin) output(ts []map[string]any) sdk.Output {
	items := make([]any, len(ts))
	for i, t := range ts {
		items[i] = t
	}
	return sdk.Output{Values: map[string]any{"count": len(ts), "synced_at": p.syncedAt.Format(time.RFC3339), "templates": items}}
}

func tpl(name, status, quality string) map[string]any {
	return map[string]any{"id": "id-" + name, "name": name, "language": "pt_BR", "status": status,
		"category": "MARKETING", "quality": quality, "header": ""}
}

// templatesHarness is a harness with the stub plugin installed.
func templatesHarness(t *testing.T) (*harness, *wabaStub) {
	h := newHarness(t)
	waba := &wabaStub{templates: map[string][]map[string]any{}}
	if err := h.api.Plugins.Register(func() sdk.Plugin { return &templatesPlugin{waba: waba} }); err != nil {
		t.Fatal(err)
	}
	return h, waba
}

func (h *harness) connect(key, pluginID, name string, config map[string]string) string {
	h.t.Helper()
	r := h.do("POST", "/api/v1/connections", key, map[string]any{"plugin_id": pluginID, "name": name, "config": config})
	if r.Status != 201 {
		h.t.Fatalf("connect %s: %d %s", name, r.Status, r.Body)
	}
	return r.json(h.t)["id"].(string)
}

// catalogOf decodes a connection's template catalog as "name:status:quality".
func catalogOf(t *testing.T, r reply) ([]string, string) {
	t.Helper()
	if r.Status != 200 {
		t.Fatalf("templates: %d %s", r.Status, r.Body)
	}
	m := r.json(t)
	var out []string
	for _, it := range m["items"].([]any) {
		v := it.(map[string]any)
		out = append(out, fmt.Sprintf("%v:%v:%v", v["name"], v["status"], v["quality"]))
	}
	at, _ := m["synced_at"].(string)
	return out, at
}

// TestConnectionTemplates: a WhatsApp connection lists every template of
// its own account (any status, with quality) and a sync fetches the
// provider's templates again; a viewer may list but not sync.
func TestConnectionTemplates(t *testing.T) {
	h, waba := templatesHarness(t)
	ws := h.workspace("tpl")
	waba.set("a", tpl("promo_pausada", "PAUSED", "RED"), tpl("boas_vindas", "APPROVED", "YELLOW"))
	waba.set("b", tpl("outra_conta", "APPROVED", "GREEN"))
	conn := h.connect(ws.APIKey, "whatsapp-stub", "WA Loja", map[string]string{"account": "a"})
	h.connect(ws.APIKey, "whatsapp-stub", "WA Outra", map[string]string{"account": "b"})

	got, at := catalogOf(t, h.do("GET", "/api/v1/connections/"+conn+"/templates", ws.APIKey, nil))
	if want := "boas_vindas:APPROVED:YELLOW promo_pausada:PAUSED:RED"; strings.Join(got, " ") != want || at == "" {
		t.Fatalf("listed %v synced at %q, want %s", got, at, want)
	}

	waba.set("a", tpl("promo_pausada", "APPROVED", "GREEN"), tpl("boas_vindas", "APPROVED", "YELLOW"), tpl("aviso", "PENDING", "UNKNOWN"))
	if got, _ := catalogOf(t, h.do("GET", "/api/v1/connections/"+conn+"/templates", ws.APIKey, nil)); len(got) != 2 {
		t.Errorf("listing fetched again: %v", got)
	}
	viewer := h.do("POST", "/api/v1/api-keys", ws.APIKey, map[string]string{"name": "v", "role": "viewer"}).json(t)["key"].(string)
	if r := h.do("POST", "/api/v1/connections/"+conn+"/templates/sync", viewer, nil); r.Status != 403 || r.errorCode(t) != "forbidden" {
		t.Errorf("viewer sync: %d %s", r.Status, r.Body)
	}
	synced, _ := catalogOf(t, h.do("POST", "/api/v1/connections/"+conn+"/templates/sync", ws.APIKey, nil))
	want := "aviso:PENDING:UNKNOWN boas_vindas:APPROVED:YELLOW promo_pausada:APPROVED:GREEN"
	if strings.Join(synced, " ") != want {
		t.Errorf("synced %v, want %s", synced, want)
	}
	if got, _ := catalogOf(t, h.do("GET", "/api/v1/connections/"+conn+"/templates", viewer, nil)); strings.Join(got, " ") != want {
		t.Errorf("listed after the sync %v, want %s", got, want)
	}
}

// TestConnectionTemplatesRefused: another tenant's connection and unknown
// IDs are 404, a connection without templates is 409, and a provider
// failure says why by its class without the provider's text.
func TestConnectionTemplatesRefused(t *testing.T) {
	h, waba := templatesHarness(t)
	a, b := h.workspace("tpl-a"), h.workspace("tpl-b")
	conn := h.connect(a.APIKey, "whatsapp-stub", "WA", map[string]string{"account": "a"})
	notes := h.connect(a.APIKey, "notes", "Notas", map[string]string{"token": "t"})
	for _, path := range []string{"/templates", "/templates/sync"} {
		method := map[string]string{"/templates": "GET", "/templates/sync": "POST"}[path]
		for _, tc := range []struct {
			name, key, id, code string
			status              int
		}{
			{"another tenant's", b.APIKey, conn, "not_found", 404},
			{"unknown", a.APIKey, "con_missing", "not_found", 404},
			{"not WhatsApp", a.APIKey, notes, "conflict", 409},
		} {
			r := h.do(method, "/api/v1/connections/"+tc.id+path, tc.key, nil)
			if r.Status != tc.status || r.errorCode(t) != tc.code {
				t.Errorf("%s %s connection: %d %s", method+" "+path, tc.name, r.Status, r.Body)
			}
			if strings.Contains(string(r.Body), "id-") {
				t.Errorf("%s %s connection leaked templates: %s", method+" "+path, tc.name, r.Body)
			}
		}
	}
	if n := waba.fetched(); n != 0 {
		t.Errorf("refused calls fetched templates %d times", n)
	}
	if r := h.do("GET", "/api/v1/connections/"+notes+"/templates", a.APIKey, nil); !strings.Contains(string(r.Body), "only WhatsApp Cloud connections") {
		t.Errorf("409 message: %s", r.Body)
	}

	for _, tc := range []struct {
		err        error
		status     int
		retryAfter string
	}{
		{sdk.Auth(errors.New("graph 190: token tok-secret expired")), 503, ""},
		{sdk.RateLimited(errors.New("graph 80008: throttled"), 30*time.Second), 429, "30"},
		{errors.New("dial tcp: connection refused"), 503, ""},
	} {
		waba.failWith(tc.err)
		r := h.do("POST", "/api/v1/connections/"+conn+"/templates/sync", a.APIKey, nil)
		if r.Status != tc.status || r.Header.Get("Retry-After") != tc.retryAfter || strings.Contains(string(r.Body), "graph") ||
			strings.Contains(string(r.Body), "tcp") {
			t.Errorf("sync failing with %v: %d (Retry-After %q) %s", tc.err, r.Status, r.Header.Get("Retry-After"), r.Body)
		}
	}
}

// TestComposerTemplatesQuality: the composer's approved templates carry
// their quality.
func TestComposerTemplatesQuality(t *testing.T) {
	h, waba := templatesHarness(t)
	ws := h.workspace("composer")
	waba.set("a", tpl("promo_pausada", "PAUSED", "RED"), tpl("boas_vindas", "APPROVED", "YELLOW"))
	conn := h.connect(ws.APIKey, "whatsapp-stub", "WA", map[string]string{"account": "a"})
	r, err := inbox.New(h.store).Receive(context.Background(), ws.Tenant.ID, inbox.Inbound{ConnectionID: conn, Channel: "whatsapp",
		Message: sdk.InboundMessage{ProviderMessageID: "wamid.tpl", From: "5511987654321", Type: sdk.InboundText, Text: "oi", Timestamp: time.Now()}})
	if err != nil {
		t.Fatal(err)
	}
	got, _ := catalogOf(t, h.do("GET", "/api/v1/conversations/"+r.Conversation.ID+"/templates", ws.APIKey, nil))
	if strings.Join(got, " ") != "boas_vindas:APPROVED:YELLOW" {
		t.Errorf("composer templates: %v", got)
	}
}
