package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/masteria/masteria/core/store"
)

// outbound stores a pending outbound message in a new conversation of a
// new tenant.
func outbound(t *testing.T, s store.Store, name string) store.Message {
	t.Helper()
	ctx := context.Background()
	ten, _ := Seed(t, s, name)
	c := NewContact(ten.ID, "Ana")
	must(t, s.CreateContact(ctx, c))
	conv, _, err := s.ConversationFor(ctx, NewConversation(ten.ID, c.ID, "conn"))
	must(t, err)
	m := NewMessage(conv, "olá", time.Now())
	m.Direction, m.Status = "out", "pending"
	_, err = s.InsertMessage(ctx, m)
	must(t, err)
	return m
}

// failed is a failed status change with the error a provider gave.
func failed(at time.Time, reason string) store.StatusChange {
	return store.StatusChange{Status: "failed", Rank: store.StatusRanks["failed"], MaxFrom: store.StatusRanks["delivered"], At: at, Error: reason}
}

func mustMessage(t *testing.T, s store.Store, tenantID, id string) store.Message {
	t.Helper()
	m, err := s.GetMessage(context.Background(), tenantID, id)
	must(t, err)
	return m
}

// testMessageErrors: a failed send keeps why it failed, whether the send
// itself failed or the provider reported the failure later.
func testMessageErrors(t *testing.T, s store.Store) {
	ctx := context.Background()
	const optedOut = "21610 Attempt to send to unsubscribed recipient"
	m := outbound(t, s, "a")
	must(t, s.SetMessageSent(ctx, m.TenantID, m.ID, "", failed(time.Now(), optedOut)))
	if got := mustMessage(t, s, m.TenantID, m.ID); got.Status != "failed" || got.Error != optedOut {
		t.Fatalf("a failed send: %q %q", got.Status, got.Error)
	}

	const window = "131047 Re-engagement message"
	m = outbound(t, s, "b")
	must(t, s.SetMessageSent(ctx, m.TenantID, m.ID, "wamid.err", store.StatusChange{Status: "sent", Rank: 1, At: time.Now()}))
	must(t, s.SetMessageSent(ctx, m.TenantID, m.ID, "", failed(time.Now(), "a late send error")))
	if got := mustMessage(t, s, m.TenantID, m.ID); got.ProviderMessageID != "wamid.err" {
		t.Fatalf("an empty provider ID cleared the stored one: %q", got.ProviderMessageID)
	}
	m = outbound(t, s, "c")
	must(t, s.SetMessageSent(ctx, m.TenantID, m.ID, "wamid.late", store.StatusChange{Status: "sent", Rank: 1, At: time.Now()}))
	got, changed, err := s.ApplyMessageStatus(ctx, m.TenantID, "wamid.late", failed(time.Now(), window))
	must(t, err)
	if !changed || got.Status != "failed" || got.Error != window {
		t.Fatalf("a failed status report: %v %q %q", changed, got.Status, got.Error)
	}
	if got := mustMessage(t, s, m.TenantID, m.ID); got.Error != window {
		t.Fatalf("the reported error was not stored: %q", got.Error)
	}
}
