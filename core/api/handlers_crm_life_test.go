package api

import (
	"context"
	"fmt"
	"net/url"
	"testing"
	"time"

	"github.com/masteria/masteria/core/crm/inbox"
	"github.com/masteria/masteria/sdk"
)

// TestConversationsByContactAndWaiting: q finds conversations by the
// contact's name or phone, within the workspace; sort=waiting lists those
// waiting for an answer, longest first, with waiting_since; an agent's
// reply ends the wait; the thread carries the activity lines.
func TestConversationsByContactAndWaiting(t *testing.T) {
	h := newHarness(t)
	a, b := h.workspace("alpha"), h.workspace("bravo")
	in := inbox.New(h.store)
	receive := func(tenantID, from, name, wamid string, at time.Time) string {
		r, err := in.Receive(context.Background(), tenantID, inbox.Inbound{ConnectionID: "conn_wa", Channel: "whatsapp", Message: sdk.InboundMessage{
			ProviderMessageID: wamid, From: from, ContactName: name, Timestamp: at, Type: sdk.InboundText, Text: "oi"}})
		if err != nil {
			t.Fatal(err)
		}
		return r.Conversation.ID
	}
	now := time.Now().Truncate(time.Second)
	ana := receive(a.Tenant.ID, "5511987654321", "Ana Souza", "w1", now.Add(-20*time.Minute))
	bruno := receive(a.Tenant.ID, "5521912345678", "Bruno Conceição", "w2", now.Add(-5*time.Minute))
	receive(b.Tenant.ID, "5511987654321", "Ana Souza", "w3", now.Add(-30*time.Minute)) // bravo's
	ids := func(path string) []string {
		t.Helper()
		r := h.do("GET", path, a.APIKey, nil)
		if r.Status != 200 {
			t.Fatalf("%s: %d %s", path, r.Status, r.Body)
		}
		var out []string
		for _, it := range r.json(t)["items"].([]any) {
			out = append(out, it.(map[string]any)["id"].(string))
		}
		return out
	}
	for q, want := range map[string]string{"ana souza": ana, "CONCEICAO": bruno, "11 98765-4321": ana, "+55 21 9123": bruno} {
		if got := ids("/api/v1/conversations?q=" + url.QueryEscape(q)); len(got) != 1 || got[0] != want {
			t.Errorf("q=%q: %v, want [%s]", q, got, want)
		}
	}
	if got := ids("/api/v1/conversations?sort=waiting"); fmt.Sprint(got) != fmt.Sprint([]string{ana, bruno}) {
		t.Fatalf("waiting: %v, want ana then bruno", got)
	}
	if r := h.do("POST", "/api/v1/conversations/"+ana+"/messages", a.APIKey, map[string]string{"text": "Olá Ana!"}); r.Status != 202 {
		t.Fatalf("reply: %d %s", r.Status, r.Body)
	}
	if got := ids("/api/v1/conversations?sort=waiting"); fmt.Sprint(got) != fmt.Sprint([]string{bruno}) {
		t.Fatalf("after the reply: %v, want bruno alone", got)
	}
	conv := h.do("GET", "/api/v1/conversations/"+bruno, a.APIKey, nil).json(t)
	if at, _ := time.Parse(time.RFC3339, fmt.Sprint(conv["waiting_since"])); !at.Equal(now.Add(-5 * time.Minute)) {
		t.Fatalf("waiting_since %v, want %v", conv["waiting_since"], now.Add(-5*time.Minute))
	}
	if r := h.do("PATCH", "/api/v1/conversations/"+bruno, a.APIKey, map[string]string{"status": "resolved"}); r.Status != 200 {
		t.Fatalf("resolve: %d %s", r.Status, r.Body)
	}
	items := h.do("GET", "/api/v1/conversations/"+bruno+"/messages", a.APIKey, nil).json(t)["items"].([]any)
	line := items[0].(map[string]any)
	extra, _ := line["extra"].(map[string]any)
	if line["direction"] != "system" || line["type"] != "activity" || extra["kind"] != "resolved" || extra["actor"] == "" {
		t.Fatalf("the resolve's line: %v", line)
	}
}
