package api

import (
	"context"
	"testing"
	"time"

	"github.com/masteria/masteria/core/crm/inbox"
	"github.com/masteria/masteria/sdk"
)

// TestMessageStatusHistory: a conversation's page of messages shows each
// reply's status history, a failed one with its error; another tenant
// gets 404 for the conversation.
func TestMessageStatusHistory(t *testing.T) {
	h := newHarness(t)
	ws, other := h.workspace("acme"), h.workspace("other")
	ctx, tenantID := context.Background(), ws.Tenant.ID
	in := inbox.New(h.store)
	r, err := in.Receive(ctx, tenantID, inbox.Inbound{ConnectionID: "conn_wa", Channel: "whatsapp", Message: sdk.InboundMessage{
		ProviderMessageID: "wamid.in", From: "5511987654321", Timestamp: time.Now(), Type: sdk.InboundText, Text: "oi"}})
	if err != nil {
		t.Fatal(err)
	}
	path := "/api/v1/conversations/" + r.Conversation.ID + "/messages"
	replyID := func(text string) string {
		res := h.do("POST", path, ws.APIKey, map[string]string{"text": text})
		if res.Status != 202 {
			t.Fatalf("reply: %d %s", res.Status, res.Body)
		}
		return res.json(t)["id"].(string)
	}
	read, failed := replyID("Olá!"), replyID("Tudo bem?")
	t0 := time.Now().Add(-time.Minute).UTC().Truncate(time.Second)
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(in.MarkSent(ctx, tenantID, read, sdk.SendResult{MessageID: "wamid.read"}))
	must(in.MarkSent(ctx, tenantID, failed, sdk.SendResult{MessageID: "wamid.failed"}))
	for i, st := range []sdk.DeliveryStatus{sdk.StatusDelivered, sdk.StatusRead, sdk.StatusDelivered} {
		_, _, err := in.ApplyStatus(ctx, tenantID, sdk.StatusUpdate{ProviderMessageID: "wamid.read", Status: st, Timestamp: t0.Add(time.Duration(i) * time.Second)})
		must(err)
	}
	_, _, err = in.ApplyStatus(ctx, tenantID, sdk.StatusUpdate{ProviderMessageID: "wamid.failed", Status: sdk.StatusFailed, Timestamp: t0,
		Errors: []sdk.ProviderError{{Code: "131047", Title: "Re-engagement message"}}})
	must(err)

	page := h.do("GET", path, ws.APIKey, nil).json(t)
	byID := map[string]map[string]any{}
	for _, it := range page["items"].([]any) {
		m := it.(map[string]any)
		byID[m["id"].(string)] = m
	}
	steps := func(id string) (out []string) {
		hist, _ := byID[id]["status_history"].([]any)
		for _, e := range hist {
			e := e.(map[string]any)
			if _, err := time.Parse(time.RFC3339, e["at"].(string)); err != nil {
				t.Fatalf("at: %v", e)
			}
			s := e["status"].(string)
			if e["error"] != nil {
				s += " " + e["error"].(string)
			}
			out = append(out, s)
		}
		return out
	}
	if got := steps(read); len(got) != 3 || got[0] != "sent" || got[1] != "delivered" || got[2] != "read" {
		t.Fatalf("read reply's history: %v (%v)", got, byID[read])
	}
	if got := steps(failed); len(got) != 2 || got[1] != "failed 131047 Re-engagement message" || byID[failed]["error"] != "131047 Re-engagement message" {
		t.Fatalf("failed reply's history: %v (%v)", got, byID[failed])
	}
	if hist := byID[read]["status_history"].([]any); hist[1].(map[string]any)["at"] != t0.Format(time.RFC3339) {
		t.Fatalf("delivered at: %v, want %s", hist[1], t0.Format(time.RFC3339))
	}
	if _, ok := byID[r.Message.ID]["status_history"]; ok {
		t.Fatalf("an inbound message has a status history: %v", byID[r.Message.ID])
	}
	if res := h.do("GET", path, other.APIKey, nil); res.Status != 404 || res.errorCode(t) != "not_found" {
		t.Fatalf("another tenant: %d %s", res.Status, res.Body)
	}
}
