package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestDemoWhatsAppMarketingOptOut: a WhatsApp user has stopped the
// business's marketing messages (the simulator's "Offers and
// announcements"). A campaign of a marketing template reaches Meta for
// them and fails with 131050; the whatsapp-cloud subprocess reports it
// and the contact gets a whatsapp:marketing opt-out. A second marketing
// campaign leaves them out without a Graph call (the simulator's
// inspection endpoint counts the messages it got for them), while another
// contact gets it; a utility template still reaches them, and so does an
// agent's reply: the conversation stays open, telling the marketing
// opt-out, and only a marketing template reply is refused.
func TestDemoWhatsAppMarketingOptOut(t *testing.T) {
	d := startDemo(t)
	// Numbers ending in 7–9 do not answer a campaign (customers.go).
	const stopped, other = "5511987650777", "5511987650778"
	for _, wa := range []string{stopped, other} {
		post(t, d.whatsapp+"/_sim/inbound", "", `{"from":"`+wa+`","name":"Ana Lima","text":"oi"}`, 200)
		threadOf(t, d, "+"+wa, "whatsapp")
	}
	post(t, d.whatsapp+"/_sim/marketing", "", `{"from":"`+stopped+`","stopped":true}`, 204)
	audience := map[string]any{"expression": fmt.Sprintf("contact.phone in [%q, %q]", "+"+stopped, "+"+other)}
	promo := map[string]any{"audience": audience, "message": map[string]any{"template": map[string]any{"name": "boas_vindas", "language": "pt_BR",
		"variables": map[string]any{"first_name": "{{ contact.first_name }}", "offer": "frete grátis"}}}}

	first := namedCampaign(t, d, "promo 1", promo)
	startCampaign(t, d, first)
	pr := waitMarketingProgress(t, d, first, func(pr marketingProgress) bool { return pr.Failed == 1 && pr.Sent == 2 })
	if pr.Reasons["131050"] != 1 {
		t.Fatalf("the first campaign's progress: %+v", pr)
	}
	waitChannelConsent(t, d, "+"+stopped, "whatsapp:marketing", "opt_out", 1)
	if n := simMessages(t, d, stopped); n != 1 {
		t.Fatalf("the simulator got %d messages for the stopped user, want 1", n)
	}

	second := namedCampaign(t, d, "promo 2", promo)
	startCampaign(t, d, second)
	pr = waitMarketingProgress(t, d, second, func(pr marketingProgress) bool { return pr.Status == "completed" })
	if pr.Excluded["opted_out"] != 1 || pr.Audience != 1 || pr.Sent != 1 || pr.Failed != 0 {
		t.Fatalf("the second campaign's progress: %+v", pr)
	}
	if n := simMessages(t, d, stopped); n != 1 {
		t.Fatalf("the second marketing campaign reached Graph for the stopped user: %d messages", n)
	}
	if n := simMessages(t, d, other); n != 2 {
		t.Fatalf("the other contact got %d messages, want both campaigns'", n)
	}

	utility := namedCampaign(t, d, "pedido", map[string]any{"audience": map[string]any{"expression": fmt.Sprintf("contact.phone == %q", "+"+stopped)},
		"message": map[string]any{"template": map[string]any{"name": "pedido_confirmado", "language": "pt_BR",
			"variables": map[string]any{"1": "{{ contact.first_name }}", "2": "#1042"}}}})
	startCampaign(t, d, utility)
	waitMarketingProgress(t, d, utility, func(pr marketingProgress) bool { return pr.Status == "completed" && pr.Sent == 1 && pr.Failed == 0 })
	eventually(t, "the utility template delivered to the stopped user", func() bool {
		var msgs struct {
			Data []struct{ Status string } `json:"data"`
		}
		getURL(t, d.whatsapp+"/_sim/messages?to="+url.QueryEscape(stopped), &msgs)
		return len(msgs.Data) == 2 && (msgs.Data[1].Status == "delivered" || msgs.Data[1].Status == "read")
	})

	conv := "/api/v1/conversations/" + threadOf(t, d, "+"+stopped, "whatsapp")
	var got struct {
		Consent struct {
			Reachable bool
			Marketing *struct {
				Reachable       bool
				Channel, Source string
			}
		}
	}
	get(t, d, conv, &got)
	if m := got.Consent.Marketing; !got.Consent.Reachable || m == nil || m.Reachable || m.Channel != "whatsapp:marketing" || m.Source != "keyword:whatsapp-131050" {
		t.Fatalf("the conversation's consent: %+v (marketing %+v)", got.Consent, got.Consent.Marketing)
	}
	if status, body := send(t, d, "POST", conv+"/messages", `{"text":"Posso ajudar em algo?"}`); status != 202 {
		t.Fatalf("an agent's reply: %d %s", status, body)
	}
	status, body := send(t, d, "POST", conv+"/messages",
		`{"template":{"name":"boas_vindas","language":"pt_BR","variables":{"first_name":"Ana","offer":"frete grátis"}}}`)
	if status != 409 || !strings.Contains(body, "marketing") {
		t.Fatalf("an agent's marketing template: %d %s", status, body)
	}
}

// namedCampaign creates a WhatsApp campaign called name.
func namedCampaign(t *testing.T, d demo, name string, spec map[string]any) string {
	t.Helper()
	in, _ := json.Marshal(map[string]any{"name": name, "channel": "whatsapp", "spec": spec})
	status, body := send(t, d, "POST", "/api/v1/campaigns", string(in))
	var c struct{ ID string }
	if json.Unmarshal([]byte(body), &c); status != 201 || c.ID == "" {
		t.Fatalf("campaign: %d %s", status, body)
	}
	return c.ID
}

type marketingProgress struct {
	Status                         string
	Audience, Sent, Failed, Queued int64
	Excluded, Reasons              map[string]int64
}

func waitMarketingProgress(t *testing.T, d demo, id string, ok func(marketingProgress) bool) marketingProgress {
	t.Helper()
	var pr marketingProgress
	eventually(t, "the campaign's progress", func() bool {
		get(t, d, "/api/v1/campaigns/"+id+"/progress", &pr)
		return ok(pr)
	})
	return pr
}

// simMessages counts the messages the WhatsApp simulator accepted for wa.
func simMessages(t *testing.T, d demo, wa string) int {
	t.Helper()
	var msgs struct {
		Data []struct{ ID string } `json:"data"`
	}
	getURL(t, d.whatsapp+"/_sim/messages?to="+url.QueryEscape(wa), &msgs)
	return len(msgs.Data)
}

// getURL GETs a simulator's JSON.
func getURL(t *testing.T, u string, into any) {
	t.Helper()
	res, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if err := json.NewDecoder(res.Body).Decode(into); err != nil || res.StatusCode != 200 {
		t.Fatalf("GET %s: %d %v", u, res.StatusCode, err)
	}
}

// TestDemoWhatsAppStopPromotions: a user taps a marketing template's
// "Parar promoções" button; the whatsapp-cloud subprocess reads it and the
// contact gets a whatsapp:marketing opt-out, their WhatsApp consent left
// alone. A typed START opts them back in to WhatsApp, marketing included.
func TestDemoWhatsAppStopPromotions(t *testing.T) {
	d := startDemo(t)
	const wa = "5511987650779"
	post(t, d.whatsapp+"/_sim/inbound", "", `{"from":"`+wa+`","name":"Bia Reis","type":"button",`+
		`"context":{"id":"wamid.promo"},"content":{"payload":"Parar promoções","text":"Parar promoções"}}`, 200)
	waitChannelConsent(t, d, "+"+wa, "whatsapp:marketing", "opt_out", 1)
	conv := "/api/v1/conversations/" + threadOf(t, d, "+"+wa, "whatsapp")
	var got struct {
		Consent struct {
			Reachable bool
			Marketing *struct {
				Reachable bool
				Source    string
			}
		}
	}
	get(t, d, conv, &got)
	if m := got.Consent.Marketing; !got.Consent.Reachable || m == nil || m.Reachable || m.Source != "keyword:PARAR PROMOCOES" {
		t.Fatalf("the conversation's consent after the tap: %+v (marketing %+v)", got.Consent, got.Consent.Marketing)
	}
	post(t, d.whatsapp+"/_sim/inbound", "", `{"from":"`+wa+`","text":"START"}`, 200)
	eventually(t, "the opt-in to WhatsApp and its marketing", func() bool {
		get(t, d, conv, &got)
		return got.Consent.Reachable && got.Consent.Marketing != nil && got.Consent.Marketing.Reachable &&
			got.Consent.Marketing.Source == "keyword:START"
	})
}
