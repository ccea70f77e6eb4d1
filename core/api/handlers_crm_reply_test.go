package api

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/masteria/masteria/core/crm/inbox"
	"github.com/masteria/masteria/core/store"
	"github.com/masteria/masteria/sdk"
)

// TestReplyToAndReactionScenario: over HTTP, a reply quotes a message of
// its conversation by our ID and answers with the quoted wamid; a reaction
// is stored on its target. Another tenant's message ID, used on the
// caller's own conversation, is 404 and reveals nothing; bad input names
// its field.
func TestReplyToAndReactionScenario(t *testing.T) {
	h := newHarness(t)
	a, b := h.workspace("alpha"), h.workspace("bravo")
	receive := func(tenantID, wamid, text string) inbox.Received {
		r, err := inbox.New(h.store).Receive(context.Background(), tenantID, inbox.Inbound{ConnectionID: "conn_wa", Channel: "whatsapp",
			Message: sdk.InboundMessage{ProviderMessageID: wamid, From: "5511987650001", Type: sdk.InboundText, Text: text, Timestamp: time.Now()}})
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	alpha := receive(a.Tenant.ID, "wamid.alpha", "alpha secret message")
	bravo := receive(b.Tenant.ID, "wamid.bravo", "Tem em azul?")
	conv := "/api/v1/conversations/" + bravo.Conversation.ID

	r := h.do("POST", conv+"/messages", b.APIKey, map[string]string{"text": "Temos!", "reply_to": bravo.Message.ID})
	if r.Status != 202 || r.json(t)["reply_to"] != "wamid.bravo" {
		t.Fatalf("reply_to: %d %s", r.Status, r.Body)
	}
	r = h.do("POST", conv+"/messages/"+bravo.Message.ID+"/reaction", b.APIKey, map[string]string{"emoji": "❤️"})
	if m := r.json(t); r.Status != 202 || m["type"] != "reaction" || m["text"] != "❤️" || m["reply_to"] != "wamid.bravo" {
		t.Fatalf("reaction: %d %s", r.Status, r.Body)
	}

	for _, c := range []struct {
		path string
		body any
	}{
		{conv + "/messages", map[string]string{"text": "x", "reply_to": alpha.Message.ID}},
		{conv + "/messages/" + alpha.Message.ID + "/reaction", map[string]string{"emoji": "👍"}},
	} {
		r := h.do("POST", c.path, b.APIKey, c.body)
		if r.Status != 404 || r.errorCode(t) != "not_found" {
			t.Errorf("POST %s with tenant A's message: %d %s", c.path, r.Status, r.Body)
		}
		for _, mark := range []string{"alpha secret message", "wamid.alpha", alpha.Conversation.ID} {
			if strings.Contains(string(r.Body), mark) {
				t.Errorf("POST %s revealed %q: %s", c.path, mark, r.Body)
			}
		}
	}
	got, err := h.store.GetMessage(context.Background(), a.Tenant.ID, alpha.Message.ID)
	if err != nil || got.Text != "alpha secret message" {
		t.Fatalf("tenant A's message: %+v %v", got, err)
	}

	for _, c := range []struct {
		path  string
		body  string
		field string
	}{
		{conv + "/messages/" + bravo.Message.ID + "/reaction", `{"emoji":"joinha"}`, "emoji"},
		{conv + "/messages/" + bravo.Message.ID + "/reaction", `{"emoji":"👍👍"}`, "emoji"},
		{conv + "/messages/" + bravo.Message.ID + "/reaction", `{}`, "emoji"},
		{conv + "/messages/" + bravo.Message.ID + "/reaction", `{"emoji":"👍","text":"x"}`, "text"},
		{conv + "/messages", `{"text":"x","reaction":{"emoji":"👍"}}`, "reaction"}, // reactions have their own route
		{conv + "/messages", `{"text":"x","reply_to":7}`, "reply_to"},
	} {
		r := h.do("POST", c.path, b.APIKey, c.body)
		e, _ := r.json(t)["error"].(map[string]any)
		fields, _ := e["fields"].(map[string]any)
		if r.Status != 400 || fields[c.field] == nil {
			t.Errorf("POST %s %s: %d %s, want 400 naming %s", c.path, c.body, r.Status, r.Body, c.field)
		}
	}
	var reactions int
	msgs, _, err := h.store.ListMessages(context.Background(), b.Tenant.ID, bravo.Conversation.ID, store.Page{Limit: 50})
	for _, m := range msgs {
		if m.Type == "reaction" {
			reactions++
		}
	}
	if err != nil || reactions != 1 {
		t.Fatalf("%d reactions stored, want the one accepted (%v)", reactions, err)
	}
}
