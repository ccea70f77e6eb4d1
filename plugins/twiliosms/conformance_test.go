package twiliosms

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/masteria/masteria/core/plugin/grpchost"
	"github.com/masteria/masteria/plugins/twiliosms/sim"
	"github.com/masteria/masteria/sdk"
	"github.com/masteria/masteria/sdk/sdktest"
)

// publicBase is the webhook URL the conformance connections declare.
const publicBase = "https://app.example.com/hooks/conn-1"

// blockedHandset is a recipient whose sends the simulator holds for an
// hour, for the cancellation and crash checks.
const blockedHandset = "+5511900000001"

// formPost is a form POST to publicBase+path signed with the demo token.
func formPost(path string, form url.Values) sdk.WebhookRequest {
	return sdk.WebhookRequest{Method: http.MethodPost, Path: path, Body: []byte(form.Encode()),
		Header: http.Header{"Content-Type": {"application/x-www-form-urlencoded"},
			SignatureHeader: {Sign(sim.DemoAuthToken, publicBase+path, form)}}}
}

// inboundForm is Twilio's incoming-message webhook for body.
func inboundForm(sid, body string) url.Values {
	return url.Values{"AccountSid": {sim.DemoAccountSID}, "ApiVersion": {"2010-04-01"}, "Body": {body},
		"From": {handset}, "MessageSid": {sid}, "NumMedia": {"0"}, "NumSegments": {"1"}, "SmsMessageSid": {sid},
		"SmsSid": {sid}, "SmsStatus": {"received"}, "To": {sim.DemoNumber}}
}

// publishedStatus is the status_callback_sent_example vector as a form.
func publishedStatus(t testing.TB) url.Values {
	b, err := os.ReadFile(filepath.Join("testdata", "vectors", "status_callback_sent_example.json"))
	if err != nil {
		t.Fatal(err)
	}
	var v struct {
		Fields map[string]string `json:"form_fields"`
	}
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatal(err)
	}
	form := url.Values{}
	for k, s := range v.Fields {
		form.Set(k, s)
	}
	return form
}

func conformanceOptions(t *testing.T, api string) sdktest.Options {
	cfg := simConfig(api, "https://app.example.com")
	bad := simConfig(api, "https://app.example.com")
	delete(bad, "auth_token")
	return sdktest.Options{
		Config:     cfg,
		BadConfigs: []map[string]any{bad},
		Inputs:     map[string][]map[string]any{ActionSend: {{"to": handset, "text": "Seu pedido saiu."}}},
		Blocking:   map[string]map[string]any{ActionSend: {"to": blockedHandset, "text": "espera"}},
		Messages: []sdk.OutboundMessage{
			{To: handset, Kind: sdk.KindText, Text: "Olá! Seu código é 1234."},
			{To: handset, Kind: sdk.KindMedia, Media: &sdk.Media{Type: sdk.MediaImage, Link: "https://example.com/a.jpg", Caption: "foto"}},
		},
		Webhooks: []sdktest.WebhookCase{
			{Name: "inbound", Request: formPost("/", inboundForm("SM00000000000000000000000000000aa1", "oi")),
				Subjects: []string{sdk.SubjectMessageReceived}},
			{Name: "opt-out", Request: formPost("/", inboundForm("SM00000000000000000000000000000aa2", "PARAR")),
				Subjects: []string{sdk.SubjectMessageReceived, SubjectOptedOut}},
			{Name: "status sent", Request: formPost("/status", publishedStatus(t)), Subjects: []string{sdk.SubjectMessageStatus}},
			{Name: "bad signature", Request: sdk.WebhookRequest{Method: http.MethodPost, Path: "/status",
				Body: []byte(publishedStatus(t).Encode()), Header: http.Header{SignatureHeader: {"AAAAAAAAAAAAAAAAAAAAAAAAAAA="}}},
				Status: http.StatusUnauthorized, Subjects: []string{}},
		},
	}
}

func conformanceSim(t *testing.T) *fixture {
	f := newFixture(t, nil, nil)
	f.sim.InjectFault(sim.Fault{Latency: time.Hour, To: blockedHandset, Endpoint: "create"})
	return f
}

// TestConformance runs the plugin in-process through the SDK's suite.
func TestConformance(t *testing.T) {
	f := conformanceSim(t)
	hosts := []string{hostOf(f.api.URL)}
	sdktest.Run(t, func() sdk.Plugin { return &simHosted{Plugin: &Plugin{}, hosts: hosts} }, conformanceOptions(t, f.api.URL))
}

// TestSubprocessConformance runs the plugin executable under the go-plugin
// host through the suite, with the runtime's crash check.
func TestSubprocessConformance(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the plugin executable")
	}
	f := conformanceSim(t)
	bin := filepath.Join(t.TempDir(), "twilio-sms")
	if out, err := exec.Command("go", "build", "-o", bin, "./cmd/twilio-sms").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	p, err := grpchost.Start(context.Background(), grpchost.Options{Command: grpchost.Executable(bin),
		ExtraHosts: []string{hostOf(f.api.URL)}, Log: sdktest.NewLogger(t), MinBackoff: 10 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = p.Close() })
	opts := conformanceOptions(t, f.api.URL)
	opts.Checks = []sdktest.Check{sdktest.CrashCheck(func(*testing.T) { p.Kill() })}
	sdktest.Run(t, p.Factory(), opts)
	if p.Restarts() != 1 {
		t.Errorf("the plugin restarted %d times, want once", p.Restarts())
	}
	if n := len(f.sim.Messages(sim.Filter{To: handset})); n == 0 {
		t.Error("the subprocess sent nothing to the simulator")
	}
}
