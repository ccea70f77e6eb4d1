package api

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/masteria/masteria/core/crm/inbox"
	"github.com/masteria/masteria/core/tenancy"
	"github.com/masteria/masteria/sdk"
)

// crmFixture is tenant A's CRM data for the isolation walk: the foreign
// IDs, B's sample bodies, and A's marks that B must never see.
type crmFixture struct {
	foreign map[string]string
	bodies  map[string]any
	marks   []string
	paths   []string // A's lists, compared before and after the walk
	key     string
}

// seedCRM gives tenant A a contact with a note, a custom field, a finished
// import, a conversation with a message, a canned response, a board and a
// card, all through the API (the message through the inbox entry point the
// channel plugins call).
func seedCRM(t *testing.T, h *harness, a tenancy.Workspace, memberID string) crmFixture {
	t.Helper()
	ka := a.APIKey
	post := func(method, path string, body any) map[string]any {
		r := h.do(method, path, ka, body)
		if r.Status >= 300 {
			t.Fatalf("seed %s %s: %d %s", method, path, r.Status, r.Body)
		}
		return r.json(t)
	}
	contact := post("POST", "/api/v1/contacts", map[string]any{"name": "Alpha Person", "phone": "+5511987650001", "email": "alpha.person@alpha.example"})
	cid := contact["id"].(string)
	note := post("POST", "/api/v1/contacts/"+cid+"/notes", map[string]string{"body": "alpha private note"})
	field := post("PUT", "/api/v1/contact-fields", map[string]string{"key": "alpha_budget", "label": "Alpha Budget", "type": "number"})
	imp := post("POST", "/api/v1/contact-imports", map[string]string{"csv": "name,phone\nAlpha Imported,+5511987650002\n"})
	waitImport(t, h, ka, imp["id"].(string))
	rcv, err := inbox.New(h.store).Receive(context.Background(), a.Tenant.ID, inbox.Inbound{ConnectionID: "conn_alpha", Channel: "whatsapp",
		Message: sdk.InboundMessage{ProviderMessageID: "wamid.alpha", From: "5511987650001", Type: sdk.InboundText, Text: "alpha secret message", Timestamp: time.Now()}})
	if err != nil {
		t.Fatal(err)
	}
	canned := post("POST", "/api/v1/canned-responses", map[string]string{"shortcut": "alphahi", "title": "Alpha greeting", "body": "alpha canned body"})
	board := post("POST", "/api/v1/boards", map[string]any{"name": "Alpha Pipeline", "stages": []string{"Alpha New", "Alpha Won"}})
	stage := board["stages"].([]any)[0].(map[string]any)["id"].(string)
	card := post("POST", "/api/v1/cards", map[string]any{"stage_id": stage, "contact_id": cid, "title": "Alpha deal"})
	convID := rcv.Conversation.ID
	return crmFixture{
		key: ka,
		foreign: map[string]string{
			"/api/v1/contacts/": cid, "/api/v1/contact-fields/": field["id"].(string), "/api/v1/contact-imports/": imp["id"].(string),
			"/api/v1/conversations/": convID, "/api/v1/canned-responses/": canned["id"].(string),
			"/api/v1/boards/": board["id"].(string), "/api/v1/cards/": card["id"].(string), "/api/v1/stages/": stage,
			":message_id": rcv.Message.ID,
		},
		bodies: map[string]any{
			"POST /api/v1/contacts":                                        map[string]string{"name": "Bravo Person", "phone": "+5511987650001"},
			"PATCH /api/v1/contacts/:id":                                   map[string]string{"name": "hijacked"},
			"POST /api/v1/contacts/:id/tags":                               map[string]string{"tag": "hijacked"},
			"POST /api/v1/contacts/:id/notes":                              map[string]string{"body": "hijacked"},
			"POST /api/v1/contacts/:id/consents":                           map[string]string{"channel": "whatsapp", "status": "opt_out"},
			"PUT /api/v1/contact-fields":                                   map[string]string{"key": "alpha_budget", "label": "Bravo Budget", "type": "text"},
			"POST /api/v1/contact-imports":                                 map[string]string{"csv": "name,phone\nBravo Imported,+5511987650001\n"},
			"PATCH /api/v1/conversations/:id":                              map[string]string{"status": "resolved"},
			"POST /api/v1/conversations/:id/assign":                        map[string]string{"user_id": memberID},
			"POST /api/v1/conversations/:id/labels":                        map[string]string{"label": "hijacked"},
			"POST /api/v1/conversations/:id/handoff":                       map[string]string{"note": "hijacked"},
			"POST /api/v1/conversations/:id/messages":                      map[string]string{"text": "hijacked"},
			"POST /api/v1/conversations/:id/notes":                         map[string]string{"text": "hijacked"},
			"POST /api/v1/conversations/:id/messages/:message_id/reaction": map[string]string{"emoji": "👍"},
			"PUT /api/v1/inbox/presence":                                   map[string]bool{"online": true},
			"POST /api/v1/canned-responses":                                map[string]string{"shortcut": "alphahi", "body": "bravo body"},
			"PUT /api/v1/canned-responses/:id":                             map[string]string{"shortcut": "hijacked", "body": "hijacked"},
			"POST /api/v1/boards":                                          map[string]any{"name": "Bravo Pipeline", "stages": []string{"Novo"}},
			"POST /api/v1/boards/:id/stages":                               map[string]string{"name": "hijacked"},
			"PATCH /api/v1/stages/:id":                                     map[string]string{"name": "hijacked"},
			"POST /api/v1/cards":                                           map[string]string{"stage_id": stage, "contact_id": cid, "title": "hijacked"},
			"PATCH /api/v1/cards/:id":                                      map[string]string{"title": "hijacked"},
			"POST /api/v1/cards/:id/move":                                  map[string]string{"stage_id": stage},
		},
		marks: []string{cid, "Alpha Person", "alpha.person@alpha.example", note["id"].(string), "alpha private note", field["id"].(string),
			"Alpha Budget", imp["id"].(string), "Alpha Imported", convID, rcv.Message.ID, "alpha secret message", canned["id"].(string),
			"alpha canned body", board["id"].(string), "Alpha Pipeline", stage, card["id"].(string), "Alpha deal"},
		paths: []string{"/api/v1/contacts", "/api/v1/contacts/" + cid + "/notes", "/api/v1/contacts/" + cid + "/consents",
			"/api/v1/contact-fields", "/api/v1/conversations", "/api/v1/conversations/" + convID + "/messages",
			"/api/v1/canned-responses", "/api/v1/boards", "/api/v1/boards/" + board["id"].(string) + "/cards",
			"/api/v1/cards/" + card["id"].(string) + "/history"},
	}
}

// snapshot renders A's CRM lists.
func (f crmFixture) snapshot(t *testing.T, h *harness) string {
	var b strings.Builder
	for _, p := range f.paths {
		res := h.do("GET", p, f.key, nil)
		if res.Status != 200 {
			t.Fatalf("snapshot %s: %d %s", p, res.Status, res.Body)
		}
		fmt.Fprintf(&b, "%s=%s;", p, res.Body)
	}
	return b.String()
}

// waitImport polls an import until it ends and fails unless it succeeded.
func waitImport(t *testing.T, h *harness, key, id string) map[string]any {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		job := h.do("GET", "/api/v1/contact-imports/"+id, key, nil).json(t)
		switch job["status"] {
		case "done":
			return job
		case "failed":
			t.Fatalf("import failed: %v", job)
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatal("import did not finish")
	return nil
}
