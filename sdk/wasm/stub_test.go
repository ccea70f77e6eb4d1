//go:build !wasip1

package wasm_test

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"testing"

	"github.com/masteria/masteria/sdk"
	"github.com/masteria/masteria/sdk/internal/echo"
	"github.com/masteria/masteria/sdk/sdktest"
	"github.com/masteria/masteria/sdk/wasm"
)

var secret = []byte("s3cret")

func signed(body string) sdk.WebhookRequest {
	mac := hmac.New(sha256.New, secret)
	mac.Write([]byte(body))
	h := http.Header{}
	h.Set(echo.SignatureHeader, "sha256="+hex.EncodeToString(mac.Sum(nil)))
	return sdk.WebhookRequest{Method: http.MethodPost, Path: "/", Header: h, Body: []byte(body)}
}

// TestStubConformance runs the SDK's example plugin through the guest ABI
// natively: every call, config and result crosses the ABI's JSON and the
// guest dispatch the wasip1 exports use.
func TestStubConformance(t *testing.T) {
	sdktest.Run(t, wasm.Stub(echo.New), sdktest.Options{
		Config:     map[string]any{"signing_secret": string(secret), "prefix": "> "},
		BadConfigs: []map[string]any{{"signing_secret": "x", "prefix": "this prefix is far too long to be accepted"}},
		Inputs: map[string][]map[string]any{
			"echo.say":  {{"text": "oi"}, {"text": "oi", "repeat": 3}},
			"echo.wait": {{"for": "1ms"}},
		},
		Blocking: map[string]map[string]any{"echo.wait": {"for": "1h"}},
		Messages: []sdk.OutboundMessage{
			{To: "+5511999990000", Kind: sdk.KindText, Text: "olá"},
			{To: "+5511999990000", Kind: sdk.KindReaction, Emoji: "👍", ReplyTo: "e1"},
		},
		Webhooks: []sdktest.WebhookCase{
			{Name: "one message", Request: signed(`{"messages":[{"id":"e1","from":"+55119","text":"oi","timestamp":1700000000}]}`),
				Subjects: []string{sdk.SubjectMessageReceived}},
			{Name: "bad signature", Request: sdk.WebhookRequest{Method: http.MethodPost, Body: []byte(`{}`)},
				Status: http.StatusUnauthorized, Subjects: []string{}},
		},
	})
}

func TestStubManifestMatchesPlugin(t *testing.T) {
	got, want := wasm.Stub(echo.New)().Manifest(), echo.New().Manifest()
	if sdk.Reference(got) != sdk.Reference(want) {
		t.Errorf("the manifest changed crossing the ABI:\n%s\nwant\n%s", sdk.Reference(got), sdk.Reference(want))
	}
}

func TestStubOutputValues(t *testing.T) {
	p := wasm.Stub(echo.New)()
	cfg, _ := p.Manifest().Config.Parse(map[string]any{"signing_secret": "x"})
	if err := sdk.Open(context.Background(), p, sdk.Connection{Config: cfg}); err != nil {
		t.Fatal(err)
	}
	defer sdk.Close(p)
	spec, _ := p.Manifest().Action("echo.say")
	in, _ := spec.ParseInput(map[string]any{"text": "ab", "repeat": 2})
	out, err := p.Actions()["echo.say"].Invoke(context.Background(), in)
	if err != nil || out.Values["text"] != "abab" {
		t.Fatalf("Invoke = %v, %v", out.Values, err)
	}
}

// TestStubWebhookURL: the raw query and the public URL cross the ABI.
func TestStubWebhookURL(t *testing.T) {
	m := echo.New().Manifest()
	cfg, err := m.Config.Parse(map[string]any{"signing_secret": string(secret)})
	if err != nil {
		t.Fatal(err)
	}
	p := wasm.Stub(echo.New)()
	if err := sdk.Open(context.Background(), p, sdk.Connection{ID: "c1", Config: cfg}); err != nil {
		t.Fatal(err)
	}
	const raw = "z=1&a=%20b&a=c"
	req := sdk.WebhookRequest{Method: http.MethodGet, Path: "/where", RawQuery: raw,
		URL: "https://app.example.com/hooks/c1/where?" + raw}
	resp, _, err := p.(sdk.WebhookHandler).HandleWebhook(context.Background(), req)
	if want := req.URL + "\n" + raw; err != nil || string(resp.Body) != want {
		t.Errorf("HandleWebhook = %q, %v; want %q", resp.Body, err, want)
	}
}
