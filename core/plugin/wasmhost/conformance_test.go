package wasmhost

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/masteria/masteria/sdk"
	"github.com/masteria/masteria/sdk/sdktest"
)

func signedRequest(body string) sdk.WebhookRequest {
	mac := hmac.New(sha256.New, []byte("s3cret"))
	mac.Write([]byte(body))
	h := http.Header{}
	h.Set("X-Echo-Signature", "sha256="+hex.EncodeToString(mac.Sum(nil)))
	return sdk.WebhookRequest{Method: http.MethodPost, Path: "/", Header: h, Body: []byte(body)}
}

// TestConformance runs the example module through the SDK's conformance
// suite, with the sandbox's own checks added.
func TestConformance(t *testing.T) {
	m := load(t, Options{CallTimeout: 5 * time.Second})
	sdktest.Run(t, m.New, sdktest.Options{
		Config:     map[string]any{"signing_secret": "s3cret", "prefix": "> "},
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
		Messages: []sdk.OutboundMessage{
			{To: "+5511999990000", Kind: sdk.KindText, Text: "olá"},
			{To: "+5511999990000", Kind: sdk.KindReaction, Emoji: "👍", ReplyTo: "e1"},
		},
		Webhooks: []sdktest.WebhookCase{
			{Name: "two messages", Request: signedRequest(`{"messages":[
				{"id":"e1","from":"+5511999990000","name":"Ana","text":"oi","timestamp":1700000000},
				{"id":"e2","from":"+5511999990000","text":"tudo bem?","timestamp":1700000001}]}`),
				Subjects: []string{sdk.SubjectMessageReceived, sdk.SubjectMessageReceived}},
			{Name: "bad signature", Request: sdk.WebhookRequest{Method: http.MethodPost, Body: []byte(`{}`)},
				Status: http.StatusUnauthorized, Subjects: []string{}},
		},
		Checks: []sdktest.Check{
			{Name: "crash recovery", Run: checkCrashRecovery},
		},
	})
}

// checkCrashRecovery: a call that kills its instance fails retryable with
// ErrCrashed, and the connection serves the next calls, concurrently too.
func checkCrashRecovery(t *testing.T, env sdktest.Env) {
	p := env.Open(t)
	for _, mode := range []string{"trap", "exit"} {
		_, err := invoke(context.Background(), t, p, "wasm_echo.misbehave", map[string]any{"mode": mode})
		if c, _, _ := sdk.ClassOf(err); !errors.Is(err, ErrCrashed) || c != sdk.ClassRetryable {
			t.Errorf("%s: err = %v (%v), want a retryable ErrCrashed", mode, err, c)
		}
	}
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			out, err := invoke(context.Background(), t, p, "wasm_echo.say", map[string]any{"text": "still here"})
			if err != nil || out.Values["text"] != "> still here" {
				t.Errorf("after the crashes: %v, %v", out.Values, err)
			}
		})
	}
	wg.Wait()
}
