package api

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/masteria/masteria/core/crm/inbox"
	"github.com/masteria/masteria/sdk"
)

// TestActorsHaveOneForm: wherever the API shows who did something
// (created_by, author_id, a card's history, an event's "by", the source of
// a consent an agent recorded) an API key is its ID (key_…) and a user
// their ID (usr_…), the same in campaigns as in the CRM; pause and cancel
// reasons still name the key in words.
func TestActorsHaveOneForm(t *testing.T) {
	h := newHarness(t)
	h.runRelay()
	ws := h.workspace("acme")
	key := writes{h: h, t: t, key: ws.APIKey}
	keyID := key.get("/api/v1/me")["principal"].(map[string]any)["api_key_id"].(string)
	login := h.do("POST", "/api/v1/auth/login", "", map[string]string{"email": "acme@example.com", "password": "password-acme"})
	user := writes{h: h, t: t, key: "cookie=" + sessionFrom(t, login)}
	events := dialStream(t, h.base, ws.APIKey)
	time.Sleep(50 * time.Millisecond)

	contact := key.send("POST", "/api/v1/contacts", map[string]any{"name": "Maria", "phone": "+5511987654321"})["id"].(string)
	rcv, err := inbox.New(h.store).Receive(context.Background(), ws.Tenant.ID, inbox.Inbound{ConnectionID: "conn_wa", Channel: "whatsapp",
		Message: sdk.InboundMessage{ProviderMessageID: "wamid.1", From: "5511987654321", Type: sdk.InboundText, Text: "oi", Timestamp: time.Now()}})
	if err != nil {
		t.Fatal(err)
	}
	conv := "/api/v1/conversations/" + rcv.Conversation.ID
	board := key.send("POST", "/api/v1/boards", map[string]any{"name": "Vendas", "stages": []string{"Novo", "Ganho"}})
	stage := board["stages"].([]any)[0].(map[string]any)["id"].(string)
	fl := key.send("POST", "/api/v1/flows", map[string]any{"yaml": alphaFlow})["id"].(string)
	spec := map[string]any{"message": map[string]any{"text": "oi"}, "schedule": map[string]any{"at": time.Now().Add(time.Hour)}}

	for _, c := range []struct {
		who  writes
		want string
	}{{key, keyID}, {user, ws.Owner.ID}} {
		is := func(what string, got any) {
			t.Helper()
			if got != c.want {
				t.Errorf("%s: %v, want %s", what, got, c.want)
			}
		}
		camp := c.who.send("POST", "/api/v1/campaigns", map[string]any{"name": "c-" + c.want, "channel": "sms", "spec": spec})
		is("campaign created_by", camp["created_by"])
		imp := c.who.send("POST", "/api/v1/contact-imports", map[string]any{"csv": "name,phone\nJoão,+5511987650002\n"})
		is("import created_by", imp["created_by"])
		is("import created_by, read", waitImport(t, h, ws.APIKey, imp["id"].(string))["created_by"])
		is("contact note author_id", c.who.send("POST", "/api/v1/contacts/"+contact+"/notes", map[string]any{"body": "n"})["author_id"])
		is("reply author_id", c.who.send("POST", conv+"/messages", map[string]any{"text": "olá"})["author_id"])
		is("thread note author_id", c.who.send("POST", conv+"/notes", map[string]any{"text": "nota"})["author_id"])
		is("consent source", c.who.send("POST", "/api/v1/contacts/"+contact+"/consents", map[string]any{"channel": "sms", "status": "opt_in"})["source"].(string)[len("agent:"):])
		card := c.who.send("POST", "/api/v1/cards", map[string]any{"stage_id": stage, "contact_id": contact, "title": "deal " + c.want})
		c.who.send("POST", "/api/v1/cards/"+card["id"].(string)+"/move", map[string]any{"stage_id": board["stages"].([]any)[1].(map[string]any)["id"]})
		for _, e := range c.who.get("/api/v1/cards/" + card["id"].(string) + "/history")["items"].([]any) {
			is("card history actor ("+e.(map[string]any)["kind"].(string)+")", e.(map[string]any)["actor"])
		}
		c.who.send("PUT", "/api/v1/flows/"+fl, map[string]any{"yaml": alphaFlow})
		is("flow version created_by", c.who.send("POST", "/api/v1/flows/"+fl+"/publish", nil)["created_by"])
		is("API key created_by", c.who.send("POST", "/api/v1/api-keys", map[string]any{"name": "ci-" + c.want, "role": "viewer"})["created_by"])
		c.who.send("PATCH", conv, map[string]any{"status": "pending"})
	}

	// Events say who acted the same way; the inbound message that opened
	// the conversation was the contact's.
	for _, f := range drainFrames(events) {
		var p map[string]any
		_ = json.Unmarshal(f.Data, &p)
		by, ok := p["by"]
		switch {
		case !ok:
		case f.Type == "conversation.created" && by != contact:
			t.Errorf("event %s by %v, want the contact %s", f.Type, by, contact)
		case f.Type != "conversation.created" && by != keyID && by != ws.Owner.ID:
			t.Errorf("event %s by %v, want %s or %s", f.Type, by, keyID, ws.Owner.ID)
		}
	}

	// Pause and cancel reasons name the key in words.
	camp := "/api/v1/campaigns/" + key.send("POST", "/api/v1/campaigns", map[string]any{"name": "pausada", "channel": "sms", "spec": spec})["id"].(string)
	key.send("POST", camp+"/start", nil)
	if r := key.send("POST", camp+"/pause", nil)["reason"]; r != `paused by the API key "owner"` {
		t.Errorf("pause reason %q", r)
	}
	if r := key.send("POST", camp+"/cancel", nil)["reason"]; r != `cancelled by the API key "owner"` {
		t.Errorf("cancel reason %q", r)
	}
}
