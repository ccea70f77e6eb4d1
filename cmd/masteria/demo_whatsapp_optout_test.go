package main

import (
	"fmt"
	"strings"
	"testing"
)

// TestDemoWhatsAppOptOut: a WhatsApp user writes "PARAR!" through the
// Cloud API simulator and the whatsapp-cloud plugin subprocess; the
// contact gets a whatsapp opt-out, which the conversation shows; an
// agent's reply is refused, a WhatsApp campaign leaves them out and the support-menu flow's
// send is refused, and shows failed in the thread. "start" opts them back in and replies go again.
func TestDemoWhatsAppOptOut(t *testing.T) {
	d := startDemo(t)
	const waID, phone = "5511987650666", "+5511987650666"
	post(t, d.whatsapp+"/_sim/inbound", "", `{"from":"`+waID+`","text":"PARAR!"}`, 200)
	contactID := waitChannelConsent(t, d, phone, "whatsapp", "opt_out", 1)

	conv := "/api/v1/conversations/" + threadOf(t, d, phone, "whatsapp")
	reply := conv + "/messages"
	var got struct {
		Consent struct {
			Reachable       bool
			Status, Channel string
			Source          string
		}
	}
	get(t, d, conv, &got)
	if got.Consent.Reachable || got.Consent.Status != "opt_out" || got.Consent.Channel != "whatsapp" || got.Consent.Source != "keyword:PARAR" {
		t.Fatalf("the conversation's consent after PARAR!: %+v", got.Consent)
	}
	if status, body := send(t, d, "POST", reply, `{"text":"Posso ajudar?"}`); status != 409 || !strings.Contains(body, "opted out of whatsapp") {
		t.Fatalf("a reply to an opted-out contact: %d %s", status, body)
	}

	c := createCampaign(t, d, "whatsapp", map[string]any{
		"audience": map[string]any{"expression": fmt.Sprintf("contact.phone == %q", phone)}, "message": map[string]any{"text": "Promo!"}})
	startCampaign(t, d, c)
	eventually(t, "the campaign leaving the opted-out contact out", func() bool {
		var pr struct {
			Excluded map[string]int64 `json:"excluded"`
			Queued   int64            `json:"queued"`
			Sent     int64            `json:"sent"`
		}
		get(t, d, "/api/v1/campaigns/"+c+"/progress", &pr)
		if pr.Queued+pr.Sent > 0 {
			t.Fatalf("the campaign enrolled an opted-out contact: %+v", pr)
		}
		return pr.Excluded["opted_out"] == 1
	})

	// "menu" starts the support-menu flow, whose whatsapp.send is refused.
	post(t, d.whatsapp+"/_sim/inbound", "", `{"from":"`+waID+`","text":"menu"}`, 200)
	eventually(t, "the flow's send refused", func() bool {
		var runs struct {
			Items []struct {
				ID, Status, Error string
			} `json:"items"`
		}
		get(t, d, "/api/v1/runs?contact_id="+contactID, &runs)
		for _, r := range runs.Items {
			if r.Status == "completed" || r.Status == "waiting" {
				t.Fatalf("the flow reached an opted-out contact: %+v", r)
			}
			if r.Status == "failed" && strings.Contains(r.Error, "opted out of whatsapp") {
				return true
			}
		}
		return false
	})
	// The agents see what the bot could not say: a failed message in the thread, saying why,
	// and the list marks the conversation.
	var thread struct {
		Items []struct{ Direction, Status, Error, AuthorID string } `json:"items"`
	}
	get(t, d, conv+"/messages?limit=5", &thread)
	if m := thread.Items[0]; m.Direction != "out" || m.Status != "failed" || m.AuthorID != "" || !strings.Contains(m.Error, "opted out of whatsapp") {
		t.Fatalf("the flow's refused send in the thread: %+v", thread.Items)
	}
	var listed struct {
		LastMessageStatus string `json:"last_message_status"`
	}
	if get(t, d, conv, &listed); listed.LastMessageStatus != "failed" {
		t.Fatalf("the conversation's last message status: %q", listed.LastMessageStatus)
	}

	post(t, d.whatsapp+"/_sim/inbound", "", `{"from":"`+waID+`","text":"start"}`, 200)
	waitChannelConsent(t, d, phone, "whatsapp", "opt_in", 2)
	if status, body := send(t, d, "POST", reply, `{"text":"Bem-vindo de volta"}`); status != 202 {
		t.Fatalf("a reply after start: %d %s", status, body)
	}
}
