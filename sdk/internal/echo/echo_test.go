package echo

import (
	"context"
	"encoding/hex"
	"net/http"
	"testing"

	"github.com/masteria/masteria/sdk"
	"github.com/masteria/masteria/sdk/sdktest"
)

var secret = []byte("s3cret")

func signedRequest(body string) sdk.WebhookRequest {
	h := http.Header{}
	h.Set(SignatureHeader, "sha256="+hex.EncodeToString(Sign(secret, []byte(body))))
	return sdk.WebhookRequest{Method: http.MethodPost, Path: "/", Header: h, Body: []byte(body)}
}

const twoMessages = `{"messages":[
	{"id":"e1","from":"+5511999990000","name":"Ana","text":"oi","timestamp":1700000000},
	{"id":"e2","from":"+5511999990000","text":"tudo bem?","timestamp":1700000001}]}`

func TestConformance(t *testing.T) {
	sdktest.Run(t, New, sdktest.Options{
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
			{Name: "two messages", Request: signedRequest(twoMessages),
				Subjects: []string{sdk.SubjectMessageReceived, sdk.SubjectMessageReceived}},
			{Name: "bad signature", Request: sdk.WebhookRequest{Method: http.MethodPost, Body: []byte(`{}`)},
				Status: http.StatusUnauthorized, Subjects: []string{}},
			{Name: "verification GET", Request: sdk.WebhookRequest{Method: http.MethodGet},
				Status: http.StatusMethodNotAllowed, Subjects: []string{}},
		},
	})
}

func TestSendReportsStatus(t *testing.T) {
	events := &sdktest.EventLog{}
	p := New().(*Plugin)
	cfg, _ := manifest.Config.Parse(map[string]any{"signing_secret": "x"})
	host := sdk.Host{Events: events}
	if err := sdk.Open(context.Background(), p, sdk.Connection{Config: cfg, Host: host}); err != nil {
		t.Fatal(err)
	}
	res, err := p.Send(context.Background(), sdk.OutboundMessage{To: "+1", Kind: sdk.KindText, Text: "oi"})
	if err != nil || res.MessageID != "echo-1" {
		t.Fatalf("Send = %+v, %v", res, err)
	}
	got := events.Emitted()
	if len(got) != 1 || got[0].Subject != sdk.SubjectMessageStatus || got[0].ID != "st:echo-1:sent" {
		t.Errorf("emitted %+v", got)
	}
}

func FuzzHandleWebhook(f *testing.F) {
	f.Add([]byte(twoMessages))
	f.Add([]byte(`{"messages":[{}]}`))
	p := New().(*Plugin)
	p.secret = secret
	f.Fuzz(func(t *testing.T, body []byte) {
		resp, events, err := p.HandleWebhook(context.Background(), signedRequest(string(body)))
		if err != nil || (resp.StatusCode() != http.StatusOK && len(events) > 0) {
			t.Fatalf("status %d with %d events, err %v", resp.StatusCode(), len(events), err)
		}
	})
}
