package main

import (
	"context"
	"encoding/hex"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/masteria/masteria/core/plugin/grpchost"
	"github.com/masteria/masteria/sdk"
	"github.com/masteria/masteria/sdk/sdktest"
)

// start builds this plugin and starts it under the go-plugin host,
// allowing egress to extraHosts as an operator would for a simulator.
func start(t *testing.T, extraHosts ...string) *grpchost.Plugin {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "grpc-echo")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	p, err := grpchost.Start(context.Background(), grpchost.Options{
		Command:    grpchost.Executable(bin),
		ExtraHosts: extraHosts,
		Log:        sdktest.NewLogger(t),
		MinBackoff: 10 * time.Millisecond,
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = p.Close() })
	return p
}

var secret = []byte("s3cret")

func signed(body string) sdk.WebhookRequest {
	h := http.Header{SignatureHeader: {"sha256=" + hex.EncodeToString(Sign(secret, []byte(body)))}}
	return sdk.WebhookRequest{Method: http.MethodPost, Path: "/", Header: h, Body: []byte(body)}
}

// TestConformance runs the subprocess through the SDK's conformance suite,
// plus the go-plugin runtime's crash check: the process is killed with a
// call in flight, and must serve again.
func TestConformance(t *testing.T) {
	simulator := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusNoContent)
	}))
	defer simulator.Close()
	u, _ := url.Parse(simulator.URL)
	p := start(t, u.Host)
	sdktest.Run(t, p.Factory(), sdktest.Options{
		Config:     map[string]any{"signing_secret": string(secret), "prefix": "> "},
		BadConfigs: []map[string]any{{"signing_secret": "x", "prefix": "this prefix is far too long to be accepted"}},
		Inputs: map[string][]map[string]any{
			"grpcecho.say":   {{"text": "oi"}},
			"grpcecho.wait":  {{"for": "1ms"}},
			"grpcecho.count": {{"name": "a"}},
			"grpcecho.fetch": {{"url": simulator.URL}},
		},
		Blocking: map[string]map[string]any{"grpcecho.wait": {"for": "1h"}},
		Messages: []sdk.OutboundMessage{{To: "+5511999990000", Kind: sdk.KindText, Text: "olá"}},
		Webhooks: []sdktest.WebhookCase{
			{Name: "two messages", Request: signed(`{"messages":[{"id":"e1","from":"+5511","text":"oi"},{"id":"e2","from":"+5511","text":"?"}]}`),
				Subjects: []string{sdk.SubjectMessageReceived, sdk.SubjectMessageReceived}},
			{Name: "bad signature", Request: sdk.WebhookRequest{Method: http.MethodPost, Body: []byte(`{}`)},
				Status: http.StatusUnauthorized, Subjects: []string{}},
		},
		Checks: []sdktest.Check{sdktest.CrashCheck(func(*testing.T) { p.Kill() })},
	})
	if p.Restarts() != 1 {
		t.Errorf("the plugin restarted %d times, want once (in the crash check)", p.Restarts())
	}
}
