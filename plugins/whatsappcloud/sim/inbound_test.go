package sim

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

// TestInboundMatchesVectors injects every published inbound message and
// checks the signed webhook equals Meta's example, apart from the fields the
// simulator mints (message id, timestamp, WABA id).
func TestInboundMatchesVectors(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("testdata", "vectors", "webhook_message_*.json"))
	if len(files) < 15 {
		t.Fatalf("found %d inbound vectors", len(files))
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".json"), func(t *testing.T) {
			raw, _ := os.ReadFile(file)
			want := decode(t, raw)
			f := newFixture(t, nil)
			id, err := f.sim.InjectInbound(inboundFromVector(t, want))
			if err != nil {
				t.Fatal(err)
			}
			f.clock.Advance(0)
			got := f.hooks.notifications()
			if len(got) != 1 {
				t.Fatalf("%d webhooks", len(got))
			}
			if dig(got[0], "entry", 0, "changes", 0, "value", "messages", 0, "id") != id {
				t.Fatal("webhook carries another id than InjectInbound returned")
			}
			normalizeInbound(got[0])
			normalizeInbound(want)
			if !reflect.DeepEqual(got[0], want) {
				g, _ := json.Marshal(got[0])
				w, _ := json.Marshal(want)
				t.Fatalf("webhook differs from the vector\n got %s\nwant %s", g, w)
			}
		})
	}
}

// inboundFromVector rebuilds the Inbound a simulated user would send.
func inboundFromVector(t *testing.T, doc map[string]any) Inbound {
	value := dig(doc, "entry", 0, "changes", 0, "value").(map[string]any)
	msg := dig(value, "messages", 0).(map[string]any)
	raw := func(k string) json.RawMessage {
		if v, ok := msg[k]; ok {
			b, _ := json.Marshal(v)
			return b
		}
		return nil
	}
	typ := msg["type"].(string)
	in := Inbound{From: msg["from"].(string), Type: typ, Content: raw(typ),
		Context: raw("context"), Referral: raw("referral"), Errors: raw("errors")}
	if contacts, ok := value["contacts"].([]any); ok {
		in.Name = dig(contacts, 0, "profile", "name").(string)
	}
	return in
}

func normalizeInbound(doc map[string]any) {
	e := dig(doc, "entry", 0).(map[string]any)
	e["id"] = "WABA"
	msg := dig(e, "changes", 0, "value", "messages", 0).(map[string]any)
	msg["id"], msg["timestamp"] = "ID", "TS"
}

func TestInboundHelpers(t *testing.T) {
	f := newFixture(t, nil)
	img := []byte("\x89PNG fake image")
	for _, in := range []Inbound{
		InboundText(user, "oi"),
		InboundButtonReply(user, "wamid.ctx", "yes", "Sim"),
		InboundListReply(user, "wamid.ctx", "express", "Expresso", "1 dia"),
		InboundReaction(user, "wamid.ctx", "❤️"),
		InboundLocation(user, -23.56, -46.65, "Av. Paulista", "São Paulo"),
		InboundMedia(user, "image", img, "image/png", "foto"),
	} {
		if _, err := f.sim.InjectInbound(in); err != nil {
			t.Fatalf("%s: %v", in.Type, err)
		}
	}
	f.clock.Advance(0)
	got := f.hooks.notifications()
	if len(got) != 6 {
		t.Fatalf("%d webhooks, want 6", len(got))
	}
	image := dig(got[5], "entry", 0, "changes", 0, "value", "messages", 0, "image").(map[string]any)
	for _, k := range []string{"id", "sha256", "mime_type", "url", "caption"} {
		if image[k] == nil || image[k] == "" {
			t.Fatalf("image object lacks %s: %v", k, image)
		}
	}
	status, body := f.do("GET", "/v21.0/"+image["id"].(string), DemoAccessToken, nil, "")
	if status != 200 {
		t.Fatalf("GET media: %d %s", status, body)
	}
	u := decode(t, body)["url"].(string)
	status, data := f.do("GET", strings.TrimPrefix(u, f.api.URL), DemoAccessToken, nil, "")
	if status != 200 || string(data) != string(img) {
		t.Fatalf("download: %d %q", status, data)
	}
}

func TestInboundRejectsBadInput(t *testing.T) {
	f := newFixture(t, nil)
	for _, in := range []Inbound{
		{From: "abc", Text: "x"},
		{From: user, Type: "telepathy"},
		{From: user, Type: "image"},
		{From: user, Type: "location", Content: json.RawMessage(`{`)},
		{From: user, PhoneNumberID: "nope", Text: "x"},
	} {
		if _, err := f.sim.InjectInbound(in); err == nil {
			t.Errorf("InjectInbound(%+v) succeeded", in)
		}
	}
}

func TestAutoReplyPlaysTheCustomer(t *testing.T) {
	f := newFixture(t, func(c *Config) {
		c.AutoReply = func(m Message) []Inbound {
			return []Inbound{{Text: "Recebi: " + m.Body, Name: "Ana"}}
		}
	})
	f.send(`{"messaging_product":"whatsapp","to":"` + user + `","type":"template","template":{"name":"pedido_confirmado","language":{"code":"pt_BR"},` +
		`"components":[{"type":"body","parameters":[{"type":"text","text":"Ana"},{"type":"text","text":"#7"}]}]}}`)
	f.clock.Advance(time.Minute)
	got := f.sim.Received()
	if len(got) != 1 || got[0].From != user {
		t.Fatalf("received %+v, want the customer's reply", got)
	}
	last := f.hooks.notifications()[len(f.hooks.notifications())-1]
	if body := dig(last, "entry", 0, "changes", 0, "value", "messages", 0, "text", "body"); body != "Recebi: Olá Ana, seu pedido #7 foi confirmado." {
		t.Fatalf("reply %v", body)
	}
	if status, _ := f.send(textTo(user, "free-form now allowed")); status != 200 {
		t.Fatal(status)
	}
}

// TestInboundWithoutWebhookIsRefused: with no webhook URL, POST
// /_sim/inbound answers 409 saying how to set one, and records nothing.
func TestInboundWithoutWebhookIsRefused(t *testing.T) {
	f := newFixture(t, func(c *Config) { c.WebhookURL = "" })
	status, body := f.do("POST", "/_sim/inbound", "", strings.NewReader(`{"from":"`+user+`","text":"oi"}`), "application/json")
	if status != 409 || !strings.Contains(string(body), `"code":"no_webhook"`) || !strings.Contains(string(body), "--whatsapp-webhook") {
		t.Fatalf("%d %s", status, body)
	}
	if len(f.sim.Received()) != 0 || len(f.sim.Webhooks()) != 0 {
		t.Fatalf("recorded: %v %v", f.sim.Received(), f.sim.Webhooks())
	}
}
