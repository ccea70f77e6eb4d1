package grpcplugin

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/hashicorp/go-plugin"

	"github.com/masteria/masteria/sdk"
	"github.com/masteria/masteria/sdk/internal/echo"
	"github.com/masteria/masteria/sdk/internal/fromproto"
	pb "github.com/masteria/masteria/sdk/proto/plugin/v1"
	"github.com/masteria/masteria/sdk/sdktest"
)

// dispense serves the plugins f makes in-process, over a real gRPC
// connection with a broker and the call lane, and returns the host's Remote.
func dispense(t *testing.T, f sdk.Factory) *Remote { return dispenseOver(t, f, true) }

// dispenseOver is dispense with the lane opened or not.
func dispenseOver(t *testing.T, f sdk.Factory, lane bool) *Remote {
	t.Helper()
	client, _ := plugin.TestPluginGRPCConn(t, false, versioned(f)[ProtocolVersion])
	t.Cleanup(func() { _ = client.Close() }) // shuts the server down too
	raw, err := client.Dispense(PluginName)
	if err != nil {
		t.Fatal(err)
	}
	r := raw.(*Remote)
	if lane {
		if err := r.OpenLane(context.Background()); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { r.lane.Load().close() })
	}
	return r
}

// transports runs test over the call lane and over gRPC alone.
func transports(t *testing.T, test func(t *testing.T, lane bool)) {
	t.Run("lane", func(t *testing.T) { test(t, true) })
	t.Run("grpc", func(t *testing.T) { test(t, false) })
}

// connect opens connection id of r's plugin with raw config on host.
func connect(t *testing.T, r *Remote, m sdk.Manifest, id string, raw map[string]any, host sdk.Host) error {
	t.Helper()
	cfg, err := m.Config.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	return r.Configure(context.Background(), sdk.Connection{ID: id, Config: cfg, Host: host}, ConnectOptions{})
}

func echoConfig() map[string]any { return map[string]any{"signing_secret": "s3cret", "prefix": "> "} }

func TestRemoteEcho(t *testing.T) {
	transports(t, func(t *testing.T, lane bool) {
		r := dispenseOver(t, echo.New, lane)
		ctx := context.Background()
		m, err := r.Describe(ctx)
		if err != nil || m.ID != "echo" {
			t.Fatalf("Describe = %v, %v", m.ID, err)
		}
		events := &sdktest.EventLog{}
		if err := connect(t, r, m, "c1", echoConfig(), sdk.Host{Events: events, Log: sdktest.NewLogger(t)}); err != nil {
			t.Fatal(err)
		}
		spec, _ := m.Action("echo.say")
		in, _ := spec.ParseInput(map[string]any{"text": "oi", "repeat": 2})
		out, err := r.Invoke(ctx, "c1", "echo.say", in)
		if err != nil || out.Values["text"] != "> oi> oi" {
			t.Fatalf("Invoke = %v, %v", out.Values, err)
		}
		res, err := r.Send(ctx, "c1", sdk.OutboundMessage{To: "+5511", Kind: sdk.KindText, Text: "oi"})
		if err != nil || res.MessageID != "echo-1" {
			t.Fatalf("Send = %+v, %v", res, err)
		}
		if got := events.Emitted(); len(got) != 1 || got[0].ID != "st:echo-1:sent" {
			t.Errorf("the plugin's Events.Emit reached the host as %+v", got)
		}
		if err := r.Cleanup(ctx, "c1"); err != nil {
			t.Fatal(err)
		}
		_, err = r.Invoke(ctx, "c1", "echo.say", in)
		if c, _, _ := sdk.ClassOf(err); err == nil || c != sdk.ClassRetryable {
			t.Errorf("Invoke after Cleanup = %v (%v), want a retryable error", err, c)
		}
	})
}

func TestRemoteWebhook(t *testing.T) {
	transports(t, func(t *testing.T, lane bool) {
		r := dispenseOver(t, echo.New, lane)
		m, _ := r.Describe(context.Background())
		if err := connect(t, r, m, "c1", echoConfig(), sdk.Host{}); err != nil {
			t.Fatal(err)
		}
		body := []byte(`{"messages":[{"id":"e1","from":"+5511","text":"oi","timestamp":1700000000}]}`)
		h := http.Header{echo.SignatureHeader: {"sha256=" + hex.EncodeToString(echo.Sign([]byte("s3cret"), body))}}
		resp, events, err := r.HandleWebhook(context.Background(), "c1", sdk.WebhookRequest{Method: "POST", Path: "/", Header: h, Body: body})
		if err != nil || resp.StatusCode() != 200 || len(events) != 1 {
			t.Fatalf("HandleWebhook = %+v, %v, %v", resp, events, err)
		}
		var msg sdk.InboundMessage
		if err := json.Unmarshal(events[0].Payload.(json.RawMessage), &msg); err != nil || msg.Text != "> oi" && msg.Text != "oi" {
			t.Errorf("payload = %s (%v)", events[0].Payload, err)
		}
		resp, _, _ = r.HandleWebhook(context.Background(), "c1", sdk.WebhookRequest{Method: "POST", Body: body})
		if resp.StatusCode() != http.StatusUnauthorized {
			t.Errorf("unsigned request answered %d", resp.StatusCode())
		}
	})
}

func TestRemoteErrors(t *testing.T) {
	transports(t, func(t *testing.T, lane bool) {
		r := dispenseOver(t, echo.New, lane)
		m, _ := r.Describe(context.Background())
		err := connect(t, r, m, "c1", map[string]any{"signing_secret": "x", "prefix": "this prefix is far too long to be accepted"}, sdk.Host{})
		if c, _, _ := sdk.ClassOf(err); c != sdk.ClassPermanent {
			t.Errorf("a config the plugin's Validate rejects: %v (%v), want permanent", err, c)
		}
		cfg := json.RawMessage(`{"signing_secret": true}`)
		resp, _ := r.client.Configure(context.Background(), configureRequest("c2", cfg))
		var fes sdk.FieldErrors
		if err := errorOf(resp); !errors.As(err, &fes) || !fes.Has("signing_secret", sdk.CodeType) {
			t.Errorf("a config failing the schema: %v, want field errors", err)
		}
		if err := connect(t, r, m, "c1", echoConfig(), sdk.Host{}); err != nil {
			t.Fatal(err)
		}
		_, err = r.Invoke(context.Background(), "c1", "echo.nope", sdk.Input{})
		if c, _, _ := sdk.ClassOf(err); c != sdk.ClassPermanent {
			t.Errorf("an unknown action: %v (%v), want permanent", err, c)
		}
	})
}

func TestRemoteCancel(t *testing.T) {
	transports(t, func(t *testing.T, lane bool) {
		r := dispenseOver(t, echo.New, lane)
		m, _ := r.Describe(context.Background())
		if err := connect(t, r, m, "c1", echoConfig(), sdk.Host{}); err != nil {
			t.Fatal(err)
		}
		spec, _ := m.Action("echo.wait")
		in, _ := spec.ParseInput(map[string]any{"for": "1h"})
		ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
		defer cancel()
		_, err := r.Invoke(ctx, "c1", "echo.wait", in)
		if c, _, _ := sdk.ClassOf(err); !errors.Is(err, context.DeadlineExceeded) || c != sdk.ClassRetryable {
			t.Errorf("Invoke past its deadline = %v (%v), want a retryable DeadlineExceeded", err, c)
		}
	})
}

func configureRequest(id string, cfg []byte) *pb.ConfigureRequest {
	return &pb.ConfigureRequest{ConnectionId: id, ConfigJson: cfg}
}

func errorOf(resp *pb.ConfigureResponse) error { return fromproto.Error(resp.GetError()) }

// TestRemoteWebhookURL: the raw query and the public URL reach the plugin.
func TestRemoteWebhookURL(t *testing.T) {
	r := dispense(t, echo.New)
	m, _ := r.Describe(context.Background())
	if err := connect(t, r, m, "c1", echoConfig(), sdk.Host{}); err != nil {
		t.Fatal(err)
	}
	const raw = "z=1&a=%20b&a=c"
	req := sdk.WebhookRequest{Method: "GET", Path: "/where", RawQuery: raw,
		URL: "https://app.example.com/hooks/c1/where?" + raw}
	resp, _, err := r.HandleWebhook(context.Background(), "c1", req)
	if want := req.URL + "\n" + raw; err != nil || string(resp.Body) != want {
		t.Errorf("HandleWebhook = %q, %v; want %q", resp.Body, err, want)
	}
}

// urlRecorder is the echo plugin keeping the webhook URL its connection
// was opened with.
type urlRecorder struct {
	*echo.Plugin
	got chan string
}

func (p urlRecorder) Provision(ctx context.Context, conn sdk.Connection) error {
	p.got <- conn.WebhookURL
	return p.Plugin.Provision(ctx, conn)
}

// TestRemoteConnectionWebhookURL: the connection's public webhook URL
// reaches the plugin's Provision, on Configure and on Validate.
func TestRemoteConnectionWebhookURL(t *testing.T) {
	got := make(chan string, 2)
	r := dispense(t, func() sdk.Plugin { return urlRecorder{Plugin: echo.New().(*echo.Plugin), got: got} })
	m, _ := r.Describe(context.Background())
	cfg, err := m.Config.Parse(echoConfig())
	if err != nil {
		t.Fatal(err)
	}
	conn := sdk.Connection{ID: "c1", Config: cfg, Host: sdk.Host{}, WebhookURL: "https://app.example.com/hooks/c1"}
	if err := r.Configure(context.Background(), conn, ConnectOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := r.Validate(context.Background(), conn, ConnectOptions{}); err != nil {
		t.Fatal(err)
	}
	for _, op := range []string{"configure", "validate"} {
		if u := <-got; u != conn.WebhookURL {
			t.Errorf("%s: the plugin got webhook URL %q, want %q", op, u, conn.WebhookURL)
		}
	}
}
