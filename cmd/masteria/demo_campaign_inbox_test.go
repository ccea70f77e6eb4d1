package main

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

// TestDemoCampaignMessageInTheThread: an SMS campaign's message shows in
// the contact's conversation (made for it), so the reply that follows is
// read with what it answers; the simulator's delivery report reaches it.
func TestDemoCampaignMessageInTheThread(t *testing.T) {
	d := startDemo(t)
	const handset = "+5511987650777"
	status, body := send(t, d, "POST", "/api/v1/contacts", `{"name":"Bia Souza","phone":"`+handset+`"}`)
	if status != 201 {
		t.Fatalf("contact: %d %s", status, body)
	}
	var contact struct {
		ID string `json:"id"`
	}
	json.Unmarshal([]byte(body), &contact)

	campaign, _ := json.Marshal(map[string]any{"name": "promo", "channel": "sms", "spec": map[string]any{
		"audience": map[string]any{"expression": fmt.Sprintf("contact.phone == %q", handset)},
		"message":  map[string]any{"text": "Oi {{ contact.first_name }}, 10% off hoje!"}}})
	status, body = send(t, d, "POST", "/api/v1/campaigns", string(campaign))
	if status != 201 {
		t.Fatalf("campaign: %d %s", status, body)
	}
	var c struct {
		ID string `json:"id"`
	}
	json.Unmarshal([]byte(body), &c)
	if status, body := send(t, d, "POST", "/api/v1/campaigns/"+c.ID+"/start", ""); status != 200 {
		t.Fatalf("start: %d %s", status, body)
	}

	type message struct {
		Direction, Text, Status string
		ProviderMessageID       string          `json:"provider_message_id"`
		Extra                   json.RawMessage `json:"extra"`
	}
	var thread []message
	var convID string
	eventually(t, "the campaign's message in the contact's thread, delivered", func() bool {
		var convs struct {
			Items []struct {
				ID     string `json:"id"`
				Unread int    `json:"unread"`
			} `json:"items"`
		}
		get(t, d, "/api/v1/conversations?contact_id="+contact.ID, &convs)
		if len(convs.Items) != 1 {
			return false
		}
		if convs.Items[0].Unread != 0 {
			t.Fatalf("a campaign message made the conversation unread: %+v", convs.Items[0])
		}
		convID = convs.Items[0].ID
		var msgs struct {
			Items []message `json:"items"`
		}
		get(t, d, "/api/v1/conversations/"+convID+"/messages", &msgs)
		thread = msgs.Items
		return len(thread) == 1 && thread[0].Status == "delivered"
	})
	m := thread[0]
	if m.Direction != "out" || m.Text != "Oi Bia, 10% off hoje!" || m.ProviderMessageID == "" || !strings.Contains(string(m.Extra), c.ID) {
		t.Fatalf("the campaign's message: %+v (%s)", m, m.Extra)
	}

	post(t, d.twilio+"/_sim/inbound", "", `{"from":"`+handset+`","body":"Qual o preço?"}`, 200)
	eventually(t, "the reply after the campaign's message", func() bool {
		var msgs struct {
			Items []message `json:"items"`
		}
		get(t, d, "/api/v1/conversations/"+convID+"/messages", &msgs)
		return len(msgs.Items) == 2 && msgs.Items[0].Direction == "in" && msgs.Items[0].Text == "Qual o preço?"
	})
}
