package sim

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

const (
	promo = `{"messaging_product":"whatsapp","to":"%s","type":"template","template":{"name":"boas_vindas","language":{"code":"pt_BR"},` +
		`"components":[{"type":"body","parameters":[{"type":"text","parameter_name":"first_name","text":"Ana"},` +
		`{"type":"text","parameter_name":"offer","text":"frete grátis"}]}]}}`
	pedido = `{"messaging_product":"whatsapp","to":"%s","type":"template","template":{"name":"pedido_confirmado","language":{"code":"pt_BR"},` +
		`"components":[{"type":"body","parameters":[{"type":"text","text":"Ana"},{"type":"text","text":"#42"}]}]}}`
)

// statusOf is the last status the platform heard for the message id, and
// its error code.
func (f *fixture) statusOf(id string) (string, int) {
	status, code := "", 0
	for _, n := range f.hooks.notifications() {
		sts, _ := dig(n, "entry", 0, "changes", 0, "value", "statuses").([]any)
		for _, s := range sts {
			if st := s.(map[string]any); st["id"] == id {
				status = st["status"].(string)
				if status == "failed" {
					code = int(dig(st, "errors", 0, "code").(float64))
				}
			}
		}
	}
	return status, code
}

// sendOK sends body and returns the accepted message's wamid.
func (f *fixture) sendOK(body string) string {
	f.t.Helper()
	status, resp := f.send(body)
	if status != 200 {
		f.t.Fatalf("send: %d %v", status, resp)
	}
	return dig(resp, "messages", 0, "id").(string)
}

// TestStopPromotions: after a user taps a marketing template's "Stop
// promotions" button, Meta accepts the business's marketing templates to
// them and fails each with 131050; a utility template and a reply in the
// window still go. Resuming lets marketing through again.
func TestStopPromotions(t *testing.T) {
	f := newFixture(t, nil)
	first := f.sendOK(strings.ReplaceAll(promo, "%s", user))
	if _, err := f.sim.InjectInbound(InboundButton(user, first, "Stop promotions", "Stop promotions")); err != nil {
		t.Fatal(err)
	}
	if !f.sim.MarketingStopped(DemoPhoneNumberID, "+"+user) {
		t.Fatal("the tap did not stop marketing")
	}
	refused := f.sendOK(strings.ReplaceAll(promo, "%s", user))
	utility := f.sendOK(strings.ReplaceAll(pedido, "%s", user))
	reply := f.sendOK(textTo(user, "Tudo bem, não mandaremos mais promoções."))
	f.clock.Advance(time.Minute)
	if st, code := f.statusOf(refused); st != "failed" || code != 131050 {
		t.Fatalf("a marketing template after the tap: %s %d, want failed 131050", st, code)
	}
	for _, id := range []string{utility, reply} {
		if st, code := f.statusOf(id); st != "read" || code != 0 {
			t.Fatalf("%s after the tap: %s %d", id, st, code)
		}
	}
	if err := f.sim.SetMarketing(MarketingPreference{From: user, Stopped: false}); err != nil {
		t.Fatal(err)
	}
	resumed := f.sendOK(strings.ReplaceAll(promo, "%s", user))
	f.clock.Advance(time.Minute)
	if st, _ := f.statusOf(resumed); st != "read" {
		t.Fatalf("a marketing template after resuming: %s", st)
	}
}

// TestStopPromotionsOnlyByItsButton: other buttons, and the words typed as
// text, stop nothing (the platform reads a typed keyword; Meta does not).
func TestStopPromotionsOnlyByItsButton(t *testing.T) {
	f := newFixture(t, nil)
	for _, in := range []Inbound{InboundButton(user, "wamid.x", "more", "Quero saber mais"), InboundText(user, "Stop promotions"),
		InboundButtonReply(user, "wamid.x", "stop", "Stop promotions")} {
		if _, err := f.sim.InjectInbound(in); err != nil {
			t.Fatal(err)
		}
	}
	if f.sim.MarketingStopped(DemoPhoneNumberID, user) {
		t.Fatal("marketing stopped without the stop-promotions button")
	}
	for _, text := range []string{"parar PROMOÇÕES", " Stop promotions "} {
		f.sim.Reset()
		if _, err := f.sim.InjectInbound(InboundButton(user, "wamid.x", "p", text)); err != nil || !f.sim.MarketingStopped(DemoPhoneNumberID, user) {
			t.Fatalf("%q: stopped %v, %v", text, f.sim.MarketingStopped(DemoPhoneNumberID, user), err)
		}
	}
}

// TestMarketingControl: POST /_sim/marketing sets a user's preference
// (synchronous refusals with RejectSynchronously: HTTP 400, 131050), and
// refuses a body it cannot read, naming the right field.
func TestMarketingControl(t *testing.T) {
	f := newFixture(t, func(c *Config) { c.RejectSynchronously = true })
	if status, body := f.do("POST", "/_sim/marketing", "", strings.NewReader(`{"from":"+`+user+`","stopped":true}`), "application/json"); status != http.StatusNoContent {
		t.Fatalf("control: %d %s", status, body)
	}
	status, resp := f.send(strings.ReplaceAll(promo, "%s", user))
	if status != 400 || graphCode(resp) != 131050 || !strings.Contains(dig(resp, "error", "message").(string), "stop receiving marketing messages") {
		t.Fatalf("a marketing template: %d %v", status, resp)
	}
	if status, _ := f.send(strings.ReplaceAll(pedido, "%s", user)); status != 200 {
		t.Fatalf("a utility template: %d", status)
	}
	for body, want := range map[string]string{`{"wa_id":"` + user + `","stopped":true}`: `"from"`, `{"from":"x"}`: "wa_id",
		`{"from":"` + user + `","phone_number_id":"404"}`: "unknown phone number"} {
		if status, b := f.do("POST", "/_sim/marketing", "", strings.NewReader(body), "application/json"); status != 400 || !strings.Contains(string(b), want) {
			t.Errorf("%s: %d %s, want 400 naming %s", body, status, b, want)
		}
	}
}
