package api

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strings"
	"testing"
)

const hookFlow = `version: 1
name: lead-hook
trigger: {on: webhook, secret: site-hook}
steps:
  - id: grab
    uses: set
    with: {email: "{{ event.data.email }}"}
  - id: done
    uses: set
    with: {ok: true}
`

func TestFlowWebhookChecksTheSignatureAndAnswersWithTheRun(t *testing.T) {
	h := newHarness(t)
	ws := h.workspace("acme")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go h.eng.Run(ctx)
	h.do("PUT", "/api/v1/secrets", ws.APIKey, map[string]string{"name": "site-hook", "value": "hook-secret"})
	id := h.do("POST", "/api/v1/flows", ws.APIKey, map[string]string{"yaml": hookFlow}).json(t)["id"].(string)
	if r := h.do("POST", "/api/v1/flows/"+id+"/publish", ws.APIKey, nil); r.Status != 201 {
		t.Fatalf("publish: %d %s", r.Status, r.Body)
	}
	body := `{"email":"ana@loja.com.br"}`
	post := func(sig, key string) reply {
		req, _ := http.NewRequest("POST", h.base+"/hooks/flows/"+id, strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		if sig != "" {
			req.Header.Set("X-Masteria-Signature", sig)
		}
		if key != "" {
			req.Header.Set("Idempotency-Key", key)
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		var b strings.Builder
		buf := make([]byte, 4096)
		for n, _ := res.Body.Read(buf); n > 0; n, _ = res.Body.Read(buf) {
			b.Write(buf[:n])
		}
		return reply{Status: res.StatusCode, Body: []byte(b.String())}
	}
	if r := post("", ""); r.Status != 401 {
		t.Fatalf("unsigned: %d %s", r.Status, r.Body)
	}
	if r := post("sha256=00ff", ""); r.Status != 401 {
		t.Fatalf("bad signature: %d %s", r.Status, r.Body)
	}
	mac := hmac.New(sha256.New, []byte("hook-secret"))
	mac.Write([]byte(body))
	good := "sha256=" + hex.EncodeToString(mac.Sum(nil))
	r := post(good, "order-1")
	if r.Status != 200 || !strings.Contains(string(r.Body), `"status":"completed"`) || !strings.Contains(string(r.Body), `"email":"ana@loja.com.br"`) {
		t.Fatalf("signed: %d %s", r.Status, r.Body)
	}
	if again := post(good, "order-1"); again.Status != 409 {
		t.Fatalf("a retried delivery started the flow again: %d %s", again.Status, again.Body)
	}
	if r := post(good, ""); r.Status != 200 {
		t.Fatalf("second delivery without a key: %d", r.Status)
	}
	if r := h.do("POST", "/hooks/flows/flw_nope", "", `{}`); r.Status != 404 {
		t.Fatalf("unknown flow: %d", r.Status)
	}
}
