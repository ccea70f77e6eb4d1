package main

import (
	"strings"
	"testing"
)

// TestDemoFirstStartSendsItsCampaign: the demo's first start sends the
// WhatsApp campaign "Oferta de boas-vindas" to the six leads tagged
// "demo"; it completes, and the simulated customers' answers to it reach
// the inbox (digits 1–3 ask for more, 4–5 the price, 6 declines). A
// restart sends nothing again.
func TestDemoFirstStartSendsItsCampaign(t *testing.T) {
	data := t.TempDir()
	d := startDemoOn(t, data)
	id := demoCampaignID(t, d)
	pr := waitMarketingProgress(t, d, id, func(pr marketingProgress) bool { return pr.Status == "completed" })
	if pr.Audience != 6 || pr.Sent != 6 || pr.Failed != 0 {
		t.Fatalf("the demo campaign's progress: %+v", pr)
	}
	for _, lead := range []struct{ phone, answer string }{
		{"+5511987650101", "Quero saber mais!"},
		{"+5551987650105", "Qual o preço?"},
		{"+5561987650106", "Não tenho interesse, obrigado."},
	} {
		conv := threadOf(t, d, lead.phone, "whatsapp")
		eventually(t, "the answer of "+lead.phone, func() bool {
			var msgs struct {
				Items []struct{ Direction, Text string } `json:"items"`
			}
			get(t, d, "/api/v1/conversations/"+conv+"/messages", &msgs)
			for _, m := range msgs.Items {
				if m.Direction == "in" && m.Text == lead.answer {
					return true
				}
			}
			return false
		})
	}
	d.stop()

	again := startDemoOn(t, data)
	again.apiKey = d.apiKey
	var list struct {
		Items []struct{ Name string } `json:"items"`
	}
	get(t, again, "/api/v1/campaigns", &list)
	if n := countNamed(list.Items, demoCampaignName); n != 1 {
		t.Fatalf("after a restart the demo has %d campaigns named %q: %+v", n, demoCampaignName, list.Items)
	}
}

func demoCampaignID(t *testing.T, d demo) string {
	t.Helper()
	var list struct {
		Items []struct{ ID, Name string } `json:"items"`
	}
	get(t, d, "/api/v1/campaigns", &list)
	for _, c := range list.Items {
		if c.Name == demoCampaignName {
			return c.ID
		}
	}
	t.Fatalf("no campaign %q in the demo: %+v", demoCampaignName, list.Items)
	return ""
}

func countNamed(items []struct{ Name string }, name string) (n int) {
	for _, c := range items {
		if strings.TrimSpace(c.Name) == name {
			n++
		}
	}
	return n
}

// TestDemoSupportMenuAnswersTheOrderStatus: Ana, who writes "menu" on the
// demo's first start, picks option 1 (the simulated customers do); the
// support menu asks the demo's store, through the egress guard that lets
// the store's host by, and tells her the status; the bot keeps the
// conversation.
func TestDemoSupportMenuAnswersTheOrderStatus(t *testing.T) {
	d := startDemo(t)
	conv := threadOf(t, d, "+5511987650001", "whatsapp")
	eventually(t, "the order status in Ana's thread", func() bool {
		var msgs struct {
			Items []struct{ Direction, Text string } `json:"items"`
		}
		get(t, d, "/api/v1/conversations/"+conv+"/messages", &msgs)
		for _, m := range msgs.Items {
			if m.Direction == "out" && m.Text == "Seu pedido está: a caminho" {
				return true
			}
		}
		return false
	})
	var c struct{ Handler string }
	get(t, d, "/api/v1/conversations/"+conv, &c)
	if c.Handler != "bot" {
		t.Fatalf("the conversation went to %q after the menu answered", c.Handler)
	}
}
