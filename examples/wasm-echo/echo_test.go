//go:build !wasip1

package main

import (
	"encoding/hex"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/masteria/masteria/sdk"
	"github.com/masteria/masteria/sdk/sdktest"
	"github.com/masteria/masteria/sdk/wasm"
)

// These tests run natively: the plugin's logic needs no WASM to be tested.
// core/plugin/wasmhost builds this package for wasip1 and runs the same
// suite against the module in the sandbox.

var secret = []byte("s3cret")

func signedRequest(body string) sdk.WebhookRequest {
	h := http.Header{}
	h.Set(SignatureHeader, "sha256="+hex.EncodeToString(Sign(secret, []byte(body))))
	return sdk.WebhookRequest{Method: http.MethodPost, Path: "/", Header: h, Body: []byte(body)}
}

// fakeAPI answers for api.example.com, the host the manifest declares.
type fakeAPI struct{}

func (fakeAPI) RoundTrip(r *http.Request) (*http.Response, error) {
	return &http.Response{StatusCode: http.StatusOK, Body: io.NopCloser(strings.NewReader("pong")), Request: r}, nil
}

func options() sdktest.Options {
	return sdktest.Options{
		Config:     map[string]any{"signing_secret": string(secret), "prefix": "> "},
		BadConfigs: []map[string]any{{"signing_secret": "x", "prefix": "this prefix is far too long to be accepted"}},
		Inputs: map[string][]map[string]any{
			"wasm_echo.say":       {{"text": "oi"}, {"text": "oi", "repeat": 3}},
			"wasm_echo.wait":      {{"for": "1ms"}},
			"wasm_echo.remember":  {{"key": "k", "value": "v"}},
			"wasm_echo.keep":      {{"text": "olá"}},
			"wasm_echo.announce":  {{"text": "hello"}},
			"wasm_echo.fetch":     {{"url": "https://api.example.com/ping"}},
			"wasm_echo.misbehave": {{"mode": "none"}},
		},
		Blocking: map[string]map[string]any{"wasm_echo.wait": {"for": "1h"}},
		Messages: []sdk.OutboundMessage{{To: "+5511999990000", Kind: sdk.KindText, Text: "olá"}},
		Webhooks: []sdktest.WebhookCase{
			{Name: "one message", Request: signedRequest(`{"messages":[{"id":"e1","from":"+55119","text":"oi","timestamp":1700000000}]}`),
				Subjects: []string{sdk.SubjectMessageReceived}},
			{Name: "bad signature", Request: sdk.WebhookRequest{Method: http.MethodPost, Body: []byte(`{}`)},
				Status: http.StatusUnauthorized, Subjects: []string{}},
		},
		Host: func(tb testing.TB, m sdk.Manifest) sdk.Host {
			h := sdktest.NewHost(tb, m)
			h.HTTP = &http.Client{Transport: sdk.NewEgressGuard(m.Permissions.Hosts, fakeAPI{})}
			return h
		},
	}
}

// TestConformance runs the plugin's logic natively.
func TestConformance(t *testing.T) { sdktest.Run(t, New, options()) }

// TestConformanceThroughABI runs it through the guest ABI's native stub:
// every config, input, output and host call crosses the same JSON and
// dispatch as in WASM.
func TestConformanceThroughABI(t *testing.T) { sdktest.Run(t, wasm.Stub(New), options()) }
