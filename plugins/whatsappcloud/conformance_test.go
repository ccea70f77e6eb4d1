package whatsappcloud

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"testing"
	"time"

	"github.com/masteria/masteria/plugins/whatsappcloud/sim"
	"github.com/masteria/masteria/sdk"
	"github.com/masteria/masteria/sdk/sdktest"
)

// blockedUser is a recipient whose sends the simulator holds for an hour,
// for the suite's cancellation and crash checks.
const blockedUser = "5511900000001"

// conformanceSim is a simulator without limits (its manual clock never
// moves, so no bucket would refill) and one inbound message from user,
// whose wamid the reaction and read-receipt samples use.
func conformanceSim(t *testing.T) (*fixture, string) {
	f := newFixture(t, func(c *sim.Config) {
		c.WebhookURL = ""
		c.PairRate = sim.PairRate{Burst: 100_000, Every: time.Hour}
		c.Accounts[0].PhoneNumbers[0].Throughput = sim.Unlimited
	}, nil)
	f.sim.InjectFault(sim.Fault{Latency: time.Hour, To: blockedUser, Endpoint: "messages"})
	return f, f.inbound(sim.InboundText(user, "oi"))
}

// conformanceOptions are the suite's samples against f's simulator.
func conformanceOptions(f *fixture, inboundID string) sdktest.Options {
	cfg := simConfig(f.api.URL)
	cfg["pair_rate_burst"] = 10_000
	bad := simConfig(f.api.URL)
	bad["throughput"] = 5000
	tmpl := map[string]any{"name": "hello_world", "language": "en_US"}
	return sdktest.Options{
		Config:     cfg,
		BadConfigs: []map[string]any{bad},
		Host:       hostWithWindow,
		Inputs: map[string][]map[string]any{
			ActionSend: {{"to": "+" + user, "kind": "template", "template": tmpl},
				{"to": "+" + user, "text": "oi, tudo bem?"}},
			ActionTemplatesSync: {{}},
			ActionTemplatesList: {{"status": "APPROVED", "language": "pt_BR"}},
			ActionNumber:        {{}},
			ActionTemplatesPreview: {{"template": map[string]any{"name": "pedido_confirmado", "language": "pt_BR",
				"variables": map[string]any{"1": "Ana", "2": "#77"}}}},
		},
		Blocking: map[string]map[string]any{ActionSend: {"to": blockedUser, "kind": "template", "template": tmpl}},
		Messages: sampleMessages(inboundID),
		Webhooks: webhookCases(),
	}
}

// hostWithWindow is sdktest's host with user's window open, as if user had
// just written.
func hostWithWindow(tb testing.TB, m sdk.Manifest) sdk.Host {
	h := sdktest.NewHost(tb, m)
	until := time.Now().Add(window).Unix()
	_ = h.KV.Set(context.Background(), windowKey(user), []byte(strconv.FormatInt(until, 10)), window)
	return h
}

func sampleMessages(inboundID string) []sdk.OutboundMessage {
	to := "+" + user
	return []sdk.OutboundMessage{
		{To: to, Kind: sdk.KindText, Text: "Seu pedido saiu para entrega."},
		{To: to, Kind: sdk.KindTemplate, Template: &sdk.Template{Name: "pedido_confirmado", Language: "pt_BR",
			Variables: map[string]string{"1": "Ana", "2": "#123"}}},
		{To: to, Kind: sdk.KindMedia, Media: &sdk.Media{Type: sdk.MediaImage, Link: "https://example.com/a.jpg", Caption: "foto"}},
		{To: to, Kind: sdk.KindInteractive, Interactive: &sdk.Interactive{Type: "button", Body: "Confirma?",
			Buttons: []sdk.Button{{ID: "yes", Title: "Sim"}, {ID: "no", Title: "Não"}}}},
		{To: to, Kind: sdk.KindInteractive, Interactive: &sdk.Interactive{Type: "list", Body: "Escolha", ListButton: "Opções",
			Sections: []sdk.ListSection{{Rows: []sdk.ListRow{{ID: "a", Title: "A"}, {ID: "b", Title: "B"}}}}}},
		{To: to, Kind: sdk.KindReaction, Emoji: "👍", ReplyTo: inboundID},
		{To: to, Kind: sdk.KindRead, ReplyTo: inboundID},
	}
}

func webhookCases() []sdktest.WebhookCase {
	text := readVectorFile("webhook_message_text.json")
	verify := url.Values{"hub.mode": {"subscribe"}, "hub.verify_token": {sim.DemoVerifyToken}, "hub.challenge": {"1158201444"}}
	return []sdktest.WebhookCase{
		{Name: "text", Request: signed(sim.DemoAppSecret, text), Subjects: []string{sdk.SubjectMessageReceived}},
		{Name: "status sent", Request: signed(sim.DemoAppSecret, readVectorFile("webhook_status_sent_marketing_with_pricing.json")),
			Subjects: []string{sdk.SubjectMessageStatus}},
		{Name: "status failed", Request: signed(sim.DemoAppSecret, readVectorFile("webhook_status_failed_131049.json")),
			Subjects: []string{sdk.SubjectMessageStatus}},
		{Name: "system error", Request: signed(sim.DemoAppSecret, readVectorFile("webhook_value_errors_130429.json")),
			Subjects: []string{SubjectError}},
		{Name: "bad signature", Request: signed("not-the-app-secret", text), Status: http.StatusUnauthorized, Subjects: []string{}},
		{Name: "verification", Request: sdk.WebhookRequest{Method: http.MethodGet, Path: "/", Query: verify}, Subjects: []string{}},
	}
}

// TestConformance runs the plugin in-process through the SDK's suite.
func TestConformance(t *testing.T) {
	f, inboundID := conformanceSim(t)
	hosts := []string{hostOf(f.api.URL)}
	factory := func() sdk.Plugin { return &simHosted{Plugin: &Plugin{}, hosts: hosts} }
	sdktest.Run(t, factory, conformanceOptions(f, inboundID))
}
