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
	got, applied, err := s.ApplyMessageStatus(ctx, m.TenantID, "wamid.late", failed(time.Now(), window))
	must(t, err)
	if applied != store.StatusMoved || got.Status != "failed" || got.Error != window {
		t.Fatalf("a failed status report: %v %q %q", applied, got.Status, got.Error)
	}
	if got := mustMessage(t, s, m.TenantID, m.ID); got.Error != window {
		t.Fatalf("the reported error was not stored: %q", got.Error)
	}
}

// testStatusHistory: each status a message moves to is appended with its
// time; a late report of a passed step takes its place once; repeats are
// not recorded; histories are the tenant's own.
func testStatusHistory(t *testing.T, s store.Store) {
	ctx := context.Background()
	t0 := time.Now().Add(-time.Hour).Truncate(time.Millisecond)
	m := outbound(t, s, "a")
	must(t, s.SetMessageSent(ctx, m.TenantID, m.ID, "wamid.h", store.StatusChange{Status: "sent", Rank: 1, At: t0}))
	report := func(status string, at time.Time) {
		c := store.StatusChange{Status: status, Rank: store.StatusRanks[status], MaxFrom: store.StatusRanks[status] - 1, At: at}
		_, _, err := s.ApplyMessageStatus(ctx, m.TenantID, "wamid.h", c)
		must(t, err)
	}
	report("read", t0.Add(2*time.Second))
	report("delivered", t0.Add(time.Second))   // late: fills its step
	report("delivered", t0.Add(3*time.Second)) // late and repeated: refused
	report("read", t0.Add(4*time.Second))      // repeated: refused
	if _, applied, err := s.ApplyMessageStatus(ctx, m.TenantID, "wamid.h", failed(t0.Add(5*time.Second), "131026 Undeliverable")); err != nil || applied != store.StatusIgnored {
		t.Fatalf("failed after read: %v %v", applied, err) // refused, and not in the history
	}
	must(t, s.SetMessageSent(ctx, m.TenantID, m.ID, "wamid.h", store.StatusChange{Status: "sent", Rank: 1, At: t0.Add(5 * time.Second)}))
	if got := mustMessage(t, s, m.TenantID, m.ID); got.Status != "read" {
		t.Fatalf("a late report moved the message back to %s", got.Status)
	}

	f := outbound(t, s, "b")
	must(t, s.SetMessageSent(ctx, f.TenantID, f.ID, "wamid.f", store.StatusChange{Status: "sent", Rank: 1, At: t0}))
	_, _, err := s.ApplyMessageStatus(ctx, f.TenantID, "wamid.f", failed(t0.Add(time.Second), "131047 Re-engagement message"))
	must(t, err)
	read := store.StatusChange{Status: "read", Rank: store.StatusRanks["read"], MaxFrom: store.StatusRanks["read"] - 1, At: t0.Add(2 * time.Second)}
	if _, applied, err := s.ApplyMessageStatus(ctx, f.TenantID, "wamid.f", read); err != nil || applied != store.StatusIgnored {
		t.Fatalf("read after failed: %v %v", applied, err) // refused, and no step of a failed message
	}

	got, err := s.MessageStatuses(ctx, m.TenantID, []string{m.ID, f.ID, "msg_unknown"})
	must(t, err)
	want := []store.MessageStatus{{Status: "sent", At: t0}, {Status: "delivered", At: t0.Add(time.Second)}, {Status: "read", At: t0.Add(2 * time.Second)}}
	if !sameHistory(got[m.ID], want) || len(got) != 1 {
		t.Fatalf("history: %+v", got)
	}
	got, err = s.MessageStatuses(ctx, f.TenantID, []string{f.ID})
	must(t, err)
	want = []store.MessageStatus{{Status: "sent", At: t0}, {Status: "failed", At: t0.Add(time.Second), Error: "131047 Re-engagement message"}}
	if !sameHistory(got[f.ID], want) {
		t.Fatalf("failed history: %+v", got[f.ID])
	}
	if got, err := s.MessageStatuses(ctx, f.TenantID, []string{m.ID}); err != nil || len(got) != 0 {
		t.Fatalf("b reads a's history: %v %v", got, err)
	}
	if got, err := s.MessageStatuses(ctx, m.TenantID, nil); err != nil || len(got) != 0 {
		t.Fatalf("no IDs: %v %v", got, err)
	}
}

// testInsertedStatus: a message stored already sent (a flow's) starts its
// history there; an inbound one has none.
func testInsertedStatus(t *testing.T, s store.Store) {
	ctx := context.Background()
	m := outbound(t, s, "a")
	conv := store.Conversation{ID: m.ConversationID, TenantID: m.TenantID, ContactID: m.ContactID}
	t0 := time.Now().Truncate(time.Millisecond)
	sent := NewMessage(conv, "do fluxo", t0)
	sent.Direction, sent.Status, sent.ProviderMessageID = "out", "sent", "wamid.flow"
	in := NewMessage(conv, "oi", t0)
	_, err := s.InsertMessages(ctx, []store.Message{sent, in})
	must(t, err)
	got, err := s.MessageStatuses(ctx, m.TenantID, []string{m.ID, sent.ID, in.ID})
	must(t, err)
	if !sameHistory(got[sent.ID], []store.MessageStatus{{Status: "sent", At: t0}}) || len(got) != 1 {
		t.Fatalf("inserted history: %+v", got)
	}
}

func sameHistory(got, want []store.MessageStatus) bool {
	if len(got) != len(want) {
		return false
	}
	for i := range got {
		if got[i].Status != want[i].Status || !got[i].At.Equal(want[i].At) || got[i].Error != want[i].Error {
			return false
		}
	}
	return true
}
