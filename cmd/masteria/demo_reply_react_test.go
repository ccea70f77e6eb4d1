package main

import (
	"encoding/json"
	"net/url"
	"strings"
	"testing"
)

// storedMessage is a thread's message as the API lists it.
type storedMessage struct {
	ID                string `json:"id"`
	Direction         string `json:"direction"`
	Type              string `json:"type"`
	Text              string `json:"text"`
	ProviderMessageID string `json:"provider_message_id"`
	ReplyTo           string `json:"reply_to"`
	Status            string `json:"status"`
}

// TestDemoReplyToAndReact: an agent answers a customer's WhatsApp message
// quoting it, and reacts to it, through the API, the whatsapp-cloud plugin
// subprocess and the simulator: Meta receives the reply with the message's
// wamid as its context and a reaction to that wamid, and the thread keeps
// both linked to it. A message of another conversation is not found, and
// SMS refuses both, naming why.
func TestDemoReplyToAndReact(t *testing.T) {
	d := startDemo(t)
	const handset = "5511987650881"
	post(t, d.whatsapp+"/_sim/inbound", "", `{"from":"`+handset+`","name":"Lia","text":"Tem o tênis em azul?"}`, 200)
	convID := threadOf(t, d, handset, "whatsapp")
	question := messageOf(t, d, convID, "Tem o tênis em azul?")
	if !strings.HasPrefix(question.ProviderMessageID, "wamid.") {
		t.Fatalf("the customer's message has no wamid: %+v", question)
	}

	status, body := send(t, d, "POST", "/api/v1/conversations/"+convID+"/messages", `{"text":"Temos sim!","reply_to":"`+question.ID+`"}`)
	var reply storedMessage
	if status != 202 || json.Unmarshal([]byte(body), &reply) != nil || reply.ReplyTo != question.ProviderMessageID {
		t.Fatalf("reply: %d %s", status, body)
	}
	status, body = send(t, d, "POST", "/api/v1/conversations/"+convID+"/messages/"+question.ID+"/reaction", `{"emoji":"👍"}`)
	if status != 202 || !strings.Contains(body, `"type":"reaction"`) {
		t.Fatalf("reaction: %d %s", status, body)
	}
	status, body = send(t, d, "POST", "/api/v1/conversations/"+convID+"/messages/"+question.ID+"/reaction", `{"emoji":""}`)
	if status != 202 {
		t.Fatalf("removing the reaction: %d %s", status, body)
	}
	eventually(t, "the quoted reply, the reaction and its removal at Meta", func() bool {
		var got struct {
			Data []struct {
				Type, Body, Context string
				Request             json.RawMessage
			} `json:"data"`
		}
		simGet(t, d.whatsapp+"/_sim/messages?to="+url.QueryEscape(handset), &got)
		var quoted, reacted, removed bool
		for _, m := range got.Data {
			var req struct {
				Reaction *struct {
					MessageID string  `json:"message_id"`
					Emoji     *string `json:"emoji"`
				} `json:"reaction"`
			}
			_ = json.Unmarshal(m.Request, &req)
			on := m.Type == "reaction" && req.Reaction != nil && req.Reaction.MessageID == question.ProviderMessageID && req.Reaction.Emoji != nil
			quoted = quoted || m.Type == "text" && m.Body == "Temos sim!" && m.Context == question.ProviderMessageID
			reacted = reacted || on && *req.Reaction.Emoji == "👍"
			removed = removed || on && *req.Reaction.Emoji == "" // sent as "emoji":"", which WhatsApp reads as a removal
		}
		return quoted && reacted && removed
	})
	eventually(t, "the reply, the reaction and its removal sent, linked to the question", func() bool {
		var sent int
		for _, m := range thread(t, d, convID) {
			if m.Direction == "out" && m.ReplyTo == question.ProviderMessageID && m.ProviderMessageID != "" && (m.Type == "reaction" || m.Text == "Temos sim!") {
				sent++
			}
		}
		return sent == 3
	})

	post(t, d.twilio+"/_sim/inbound", "", `{"from":"+5511987650885","body":"Vocês abrem domingo?"}`, 200)
	smsConv := threadOf(t, d, "+5511987650885", "sms")
	smsQuestion := messageOf(t, d, smsConv, "Vocês abrem domingo?")
	for path, body := range map[string]string{
		"/api/v1/conversations/" + convID + "/messages":                                 `{"text":"x","reply_to":"` + smsQuestion.ID + `"}`,
		"/api/v1/conversations/" + convID + "/messages/" + smsQuestion.ID + "/reaction": `{"emoji":"👍"}`,
	} {
		if status, got := send(t, d, "POST", path, body); status != 404 || strings.Contains(got, "domingo") {
			t.Errorf("another conversation's message, POST %s: %d %s", path, status, got)
		}
	}
	status, body = send(t, d, "POST", "/api/v1/conversations/"+smsConv+"/messages", `{"text":"Abrimos sim","reply_to":"`+smsQuestion.ID+`"}`)
	if status != 400 || !strings.Contains(body, `"reply_to":"SMS cannot quote a message`) {
		t.Errorf("reply_to on SMS: %d %s", status, body)
	}
	status, body = send(t, d, "POST", "/api/v1/conversations/"+smsConv+"/messages/"+smsQuestion.ID+"/reaction", `{"emoji":"👍"}`)
	if status != 400 || !strings.Contains(body, "SMS has no reactions") {
		t.Errorf("reaction on SMS: %d %s", status, body)
	}
	status, body = send(t, d, "POST", "/api/v1/conversations/"+convID+"/messages/"+question.ID+"/reaction", `{"emoji":"joinha"}`)
	if status != 400 || !strings.Contains(body, `"emoji":"must be one emoji`) {
		t.Errorf("a word for an emoji: %d %s", status, body)
	}
}

// thread is a conversation's latest messages.
func thread(t *testing.T, d demo, convID string) []storedMessage {
	t.Helper()
	var page struct {
		Items []storedMessage `json:"items"`
	}
	get(t, d, "/api/v1/conversations/"+convID+"/messages?limit=50", &page)
	return page.Items
}

// messageOf waits for the conversation's message with text.
func messageOf(t *testing.T, d demo, convID, text string) storedMessage {
	t.Helper()
	var found storedMessage
	eventually(t, "the message "+text, func() bool {
		for _, m := range thread(t, d, convID) {
			if m.Text == text {
				found = m
				return true
			}
		}
		return false
	})
	return found
}
