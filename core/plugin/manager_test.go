package plugin

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/masteria/masteria/core/apperr"
	"github.com/masteria/masteria/core/auth"
	"github.com/masteria/masteria/core/bus"
	"github.com/masteria/masteria/core/plugin/grpchost"
	"github.com/masteria/masteria/core/secrets"
	"github.com/masteria/masteria/core/store"
	"github.com/masteria/masteria/core/store/sqlstore"
	"github.com/masteria/masteria/core/store/storetest"
	"github.com/masteria/masteria/core/tenancy"
	"github.com/masteria/masteria/sdk"
)

var echoBin string

// TestMain builds the example go-plugin once; the tests run it for real.
func TestMain(m *testing.M) {
	dir, _ := os.MkdirTemp("", "echo-plugin")
	echoBin = filepath.Join(dir, "grpc-echo")
	if out, err := exec.Command("go", "build", "-o", echoBin, "../../examples/grpc-echo").CombinedOutput(); err != nil {
		os.Stderr.Write(out)
		os.Exit(1)
	}
	code := m.Run()
	grpchost.CleanupClients()
	os.RemoveAll(dir)
	os.Exit(code)
}

type fixture struct {
	m      *Manager
	st     store.Store
	owner  tenancy.Principal
	other  tenancy.Principal
	events chan string
}

func newFixture(t *testing.T) *fixture {
	ctx := context.Background()
	st, err := sqlstore.OpenSQLite(ctx, filepath.Join(t.TempDir(), "p.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	key, _ := secrets.NewKey()
	k, _ := secrets.NewKeyring(key)
	p, err := grpchost.Start(ctx, grpchost.Options{Command: grpchost.Executable(echoBin)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Close() })
	m := NewManager(st, k, nil)
	if err := m.Register(p.Factory()); err != nil {
		t.Fatal(err)
	}
	if err := m.Register(p.Factory()); err == nil {
		t.Fatal("a plugin registered twice")
	}
	t.Cleanup(m.Close)
	a, _ := storetest.Seed(t, st, "pa")
	b, _ := storetest.Seed(t, st, "pb")
	f := &fixture{m: m, st: st, owner: tenancy.Principal{TenantID: a.ID, Role: auth.RoleOwner},
		other: tenancy.Principal{TenantID: b.ID, Role: auth.RoleOwner}, events: make(chan string, 10)}
	m.Sink = func(_ context.Context, c store.Connection, subject string, payload []byte, msgID string) error {
		f.events <- c.TenantID + " " + subject + " " + msgID + " " + string(payload)
		return nil
	}
	return f
}

func (f *fixture) connect(t *testing.T) ConnectionView {
	v, err := f.m.CreateConnection(context.Background(), f.owner, ConnectionInput{PluginID: "grpc-echo", Name: "Echo",
		Config: map[string]any{"signing_secret": "top-secret-value", "prefix": ">> "}})
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestConnectionsValidateSealAndStayInTheirTenant(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	_, err := f.m.CreateConnection(ctx, f.owner, ConnectionInput{PluginID: "grpc-echo", Name: "x", Config: map[string]any{"prefix": 5}})
	if e, ok := apperr.As(err); !ok || e.Code != apperr.Invalid || e.Fields["config.signing_secret"] == "" || e.Fields["config.prefix"] == "" {
		t.Fatalf("bad config: %v", err)
	}
	v := f.connect(t)
	raw, _ := json.Marshal(v)
	if strings.Contains(string(raw), "top-secret-value") || !strings.Contains(string(raw), `"secrets_set":["signing_secret"]`) {
		t.Fatalf("view: %s", raw)
	}
	stored, _ := f.st.GetConnection(ctx, f.owner.TenantID, v.ID)
	if strings.Contains(stored.Config+stored.Secrets, "top-secret-value") {
		t.Fatal("secret stored in the clear")
	}
	if _, err := f.m.GetConnection(ctx, f.other, v.ID); !apperr.Is(err, apperr.NotFound) {
		t.Fatalf("another tenant read the connection: %v", err)
	}
	if err := f.m.DeleteConnection(ctx, f.other, v.ID); !apperr.Is(err, apperr.NotFound) {
		t.Fatalf("another tenant deleted the connection: %v", err)
	}
	up, err := f.m.UpdateConnection(ctx, f.owner, v.ID, ConnectionInput{Config: map[string]any{"prefix": "new> "}})
	if err != nil || up.Config["prefix"] != "new> " || len(up.SecretsSet) != 1 || up.Name != "Echo" {
		t.Fatalf("update kept the secret? %+v %v", up, err)
	}
}

func TestActionsRunThroughTheSubprocessAndTheBus(t *testing.T) {
	f := newFixture(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	f.connect(t)
	out, err := f.m.InvokeAction(ctx, f.owner.TenantID, "grpcecho.say", map[string]any{"text": "oi"}, "k1")
	if err != nil || out["text"] != ">> oi" {
		t.Fatalf("direct: %v %v", out, err)
	}
	if _, err := f.m.InvokeAction(ctx, f.other.TenantID, "grpcecho.say", map[string]any{"text": "oi"}, "k2"); err == nil {
		t.Fatal("a tenant without a connection used another's")
	}
	b, err := bus.Open(ctx, bus.Options{DataDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	go f.m.ServeActions(ctx, b)
	inv := BusInvoker{Bus: b, Timeout: 5 * time.Second}
	var got map[string]any
	for i := 0; i < 50; i++ { // the subscription starts asynchronously
		if got, err = inv.InvokeAction(ctx, f.owner.TenantID, "grpcecho.say", map[string]any{"text": "via bus"}, "k3"); err == nil {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err != nil || got["text"] != ">> via bus" {
		t.Fatalf("bus: %v %v", got, err)
	}
	// Calls still running (more than the workers kept idle) do not hold up
	// the next call to the same action.
	for range 2 * minIdleWorkers {
		go func() {
			_, _ = inv.InvokeAction(ctx, f.owner.TenantID, "grpcecho.wait", map[string]any{"for": "1h"}, "k-long")
		}()
	}
	time.Sleep(100 * time.Millisecond)
	if got, err = inv.InvokeAction(ctx, f.owner.TenantID, "grpcecho.wait", map[string]any{"for": "1ms"}, "k-short"); err != nil || got["waited"] == nil {
		t.Fatalf("a call behind a running one: %v %v", got, err)
	}
	_, err = inv.InvokeAction(ctx, f.owner.TenantID, "grpcecho.say", map[string]any{}, "k4")
	if class, _, _ := sdk.ClassOf(err); class != sdk.ClassPermanent {
		t.Fatalf("missing input over the bus: %v (%s)", err, class)
	}
	_, err = inv.InvokeAction(ctx, f.owner.TenantID, "nobody.serves", nil, "k5")
	if class, _, _ := sdk.ClassOf(err); class != sdk.ClassRetryable {
		t.Fatalf("no responder: %v", err)
	}
}

func TestWebhookIngressVerifiesAndEmits(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	v := f.connect(t)
	body := []byte(`{"messages":[{"id":"m1","from":"5511999990000","text":"olá","timestamp":1700000000}]}`)
	mac := hmac.New(sha256.New, []byte("top-secret-value"))
	mac.Write(body)
	good := http.Header{"X-Echo-Signature": {"sha256=" + hex.EncodeToString(mac.Sum(nil))}}
	res, err := f.m.Webhook(ctx, v.ID, sdk.WebhookRequest{Method: "POST", Path: "/", Header: good, Body: body})
	if err != nil || res.StatusCode() != 200 {
		t.Fatalf("%+v %v", res, err)
	}
	select {
	case ev := <-f.events:
		if !strings.HasPrefix(ev, f.owner.TenantID+" message.received "+v.ID+":") || !strings.Contains(ev, `"text":"\u003e\u003e olá"`) {
			t.Fatalf("event %s", ev)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no event")
	}
	bad := http.Header{"X-Echo-Signature": {"sha256=00"}}
	res, _ = f.m.Webhook(ctx, v.ID, sdk.WebhookRequest{Method: "POST", Path: "/", Header: bad, Body: body})
	if res.StatusCode() != 401 || len(f.events) != 0 {
		t.Fatalf("bad signature: %d, %d events", res.StatusCode(), len(f.events))
	}
	if _, err := f.m.Webhook(ctx, "con_nope", sdk.WebhookRequest{Method: "POST"}); !apperr.Is(err, apperr.NotFound) {
		t.Fatalf("unknown connection: %v", err)
	}
	// The connection's lookup is reused between webhooks, but deleting the
	// connection ends its webhooks at once.
	if err := f.m.DeleteConnection(ctx, f.owner, v.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := f.m.Webhook(ctx, v.ID, sdk.WebhookRequest{Method: "POST", Path: "/", Header: good, Body: body}); !apperr.Is(err, apperr.NotFound) {
		t.Fatalf("a deleted connection's webhook: %v", err)
	}
}

func TestCatalogCarriesPluginActions(t *testing.T) {
	f := newFixture(t)
	cat, err := f.m.Catalog()
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := cat.Action("grpcecho.say"); !ok {
		t.Fatal("plugin action missing from the flow catalog")
	}
	if _, ok := cat.Action("wait.reply"); !ok {
		t.Fatal("core step missing")
	}
}

// A bus call carries its caller's deadline: the action is cancelled when
// the caller stops waiting, so it does not hold a worker for nobody.
func TestBusCallEndsAtTheCallersDeadline(t *testing.T) {
	f := newFixture(t)
	f.connect(t)
	req := callRequest{TenantID: f.owner.TenantID, Input: map[string]any{"for": "1h"}, DeadlineMS: time.Now().Add(100 * time.Millisecond).UnixMilli()}
	_, err := f.m.invokeUntil(context.Background(), req, "grpcecho.wait")
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("a call past its caller's deadline = %v, want DeadlineExceeded", err)
	}
}
