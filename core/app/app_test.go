package app

import (
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/masteria/masteria/core/bus"
	"github.com/masteria/masteria/core/config"
	"github.com/masteria/masteria/core/plugin"
	"github.com/masteria/masteria/core/secrets"
	"github.com/masteria/masteria/core/store"
	"github.com/masteria/masteria/core/tenancy"
	"github.com/masteria/masteria/core/webhooks"
)

func testConfig(t *testing.T) config.Config {
	cfg := config.Defaults()
	cfg.DataDir = t.TempDir()
	cfg.Shutdown = 5 * time.Second
	return cfg
}

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

// TestServeShutsDownGracefullyAndFlushesTheOutbox: events committed just
// before shutdown are published before the bus closes, and the data is all
// there on the next start.
func TestServeShutsDownGracefullyAndFlushesTheOutbox(t *testing.T) {
	cfg := testConfig(t)
	ctx, cancel := context.WithCancel(context.Background())
	a, err := Open(ctx, cfg, quiet)
	if err != nil {
		t.Fatal(err)
	}
	login, err := a.EnsureDemo(ctx)
	if err != nil || login.APIKey == "" {
		t.Fatalf("demo: %+v %v", login, err)
	}
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	served := make(chan error, 1)
	go func() { served <- a.Serve(ctx, ln) }()
	waitHealthy(t, "http://"+ln.Addr().String())
	for i := 0; i < 50; i++ {
		p := tenancy.Principal{TenantID: login.TenantID, Role: "owner"}
		if _, err := a.Tenancy.PutSecret(ctx, p, "s"+string(rune('a'+i%26))+string(rune('a'+i/26)), "v"); err != nil {
			t.Fatal(err)
		}
	}
	cancel()
	select {
	case err := <-served:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("Serve did not return after cancel")
	}

	b, err := Open(context.Background(), cfg, quiet) // restart on the same data
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if n, _, _ := b.Store.OutboxBacklog(context.Background()); n != 0 {
		t.Fatalf("%d events left unpublished after a graceful shutdown", n)
	}
	stream, err := b.Bus.JS.Stream(context.Background(), b.Bus.EventStream())
	if err != nil {
		t.Fatal(err)
	}
	count := countEvents(t, stream, b.Bus.EventSubject(login.TenantID, bus.EventSecretChanged))
	if count != 50 {
		t.Fatalf("stream has %d secret.changed events, want 50", count)
	}
	again, err := b.EnsureDemo(context.Background())
	if err != nil || again.TenantID != login.TenantID || again.APIKey != "" {
		t.Fatalf("demo tenant not kept across restart: %+v %v", again, err)
	}
}

func countEvents(t *testing.T, s jetstream.Stream, subject string) int {
	info, err := s.Info(context.Background(), jetstream.WithSubjectFilter(subject))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, c := range info.State.Subjects {
		n += int(c)
	}
	return n
}

func waitHealthy(t *testing.T, base string) {
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if res, err := http.Get(base + "/health"); err == nil {
			res.Body.Close()
			if res.StatusCode == 200 {
				return
			}
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatal("never healthy")
}

func TestOpenRefusesBadConfigWithEveryField(t *testing.T) {
	cfg := testConfig(t)
	cfg.Addr, cfg.LogLevel = "nope", "chatty"
	_, err := Open(context.Background(), cfg, quiet)
	if err == nil || !contains(err.Error(), "addr:") || !contains(err.Error(), "log_level:") {
		t.Fatalf("%v", err)
	}
}

func TestSecretsRotationReseals(t *testing.T) {
	cfg := testConfig(t)
	ctx := context.Background()
	a, err := Open(ctx, cfg, quiet)
	if err != nil {
		t.Fatal(err)
	}
	login, _ := a.EnsureDemo(ctx)
	p := tenancy.Principal{TenantID: login.TenantID, Role: "owner"}
	if _, err := a.Tenancy.PutSecret(ctx, p, "wa-token", "EAAG123"); err != nil {
		t.Fatal(err)
	}
	ep, err := a.Webhooks.Create(ctx, p, webhooks.NewEndpoint{URL: "https://hooks.example.com/in", EventTypes: []string{"*"}})
	if err != nil {
		t.Fatal(err)
	}
	// A connection as the plugin manager stores it: its secret fields sealed, bound to it.
	conn := store.Connection{ID: "con_rotate", TenantID: login.TenantID, PluginID: "twilio-sms", Name: "SMS", Config: `{}`,
		Status: "new", CreatedAt: store.Now()}
	if conn.Secrets, err = a.Keyring.Seal([]byte(`{"auth_token":"tw-secret-token"}`), []byte("connection\x00"+conn.TenantID+"\x00"+conn.ID)); err != nil {
		t.Fatal(err)
	}
	if err := a.Store.CreateConnection(ctx, conn); err != nil {
		t.Fatal(err)
	}
	oldKey := a.Keyring.ActiveID()
	a.Close()

	rotated, err := RotateSecrets(ctx, cfg)
	if err != nil || rotated.Resealed != 1 || rotated.WebhookEndpoints != 1 || rotated.Connections != 1 || rotated.ActiveKey == oldKey {
		t.Fatalf("rotate: %+v %v", rotated, err)
	}
	b, err := Open(ctx, cfg, quiet)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	secs, _ := b.Store.ListSecrets(ctx, login.TenantID)
	if len(secs) != 1 || secs[0].KeyID != rotated.ActiveKey {
		t.Fatalf("secret not under the new key: %+v", secs)
	}
	if v, err := b.Tenancy.RevealSecret(ctx, login.TenantID, "wa-token"); err != nil || v != "EAAG123" {
		t.Fatalf("after rotation: %q %v", v, err)
	}
	if e, err := b.Store.GetWebhookEndpoint(ctx, login.TenantID, ep.ID); err != nil || mustKeyID(t, e.Secret) != rotated.ActiveKey {
		t.Fatalf("webhook secret not under the new key: %v", err)
	}
	c, err := b.Store.GetConnection(ctx, login.TenantID, conn.ID)
	if err != nil || mustKeyID(t, c.Secrets) != rotated.ActiveKey || c.Status != conn.Status {
		t.Fatalf("connection secrets not under the new key, or its status moved: %+v %v", c, err)
	}
	if n, err := plugin.ResealSecrets(ctx, b.Store, b.Keyring); err != nil || n != 0 {
		t.Fatalf("a second re-seal moved %d connections: %v", n, err)
	}
}

func mustKeyID(t *testing.T, token string) string {
	t.Helper()
	kid, err := secrets.KeyID(token)
	if err != nil {
		t.Fatal(err)
	}
	return kid
}

func contains(s, sub string) bool { return strings.Contains(s, sub) }
