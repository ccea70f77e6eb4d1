package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/masteria/masteria/core/store"
)

// testLastMessageStatus: a conversation read alone or in the list carries
// the status of the message its preview shows when we sent it (a failed
// send is marked in the list), follows that message's status, and is
// empty when the customer's message is the latest; a note is no preview.
func testLastMessageStatus(t *testing.T, s store.Store) {
	ctx := context.Background()
	ten, _ := Seed(t, s, "a")
	c := NewContact(ten.ID, "Ana")
	must(t, s.CreateContact(ctx, c))
	conv, _, err := s.ConversationFor(ctx, NewConversation(ten.ID, c.ID, "conn"))
	must(t, err)
	t0 := time.Now().Add(-time.Hour)
	add := func(m store.Message) store.Message {
		t.Helper()
		_, err := s.InsertMessage(ctx, m)
		must(t, err)
		if m.Direction != "note" {
			_, err = s.TouchConversation(ctx, m)
			must(t, err)
		}
		return m
	}
	want := func(step, status, id string) {
		t.Helper()
		got, err := s.GetConversation(ctx, ten.ID, conv.ID)
		must(t, err)
		list, _, err := s.ListConversations(ctx, ten.ID, store.ConversationFilter{})
		must(t, err)
		if got.LastMessageStatus != status || got.LastMessageID != id || len(list) != 1 || list[0].LastMessageStatus != status ||
			list[0].LastMessageID != id {
			t.Fatalf("%s: last message status %q of %q, listed %+v; want %q of %q", step, got.LastMessageStatus, got.LastMessageID, list, status, id)
		}
	}
	add(NewMessage(conv, "oi", t0))
	want("the customer wrote", "", "")

	reply := NewMessage(conv, "Seu pedido saiu", t0.Add(time.Minute))
	reply.Direction, reply.Status = "out", "pending"
	add(reply)
	want("a reply waits to be sent", "pending", reply.ID)
	must(t, s.SetMessageSent(ctx, ten.ID, reply.ID, "", failed(t0.Add(2*time.Minute), "131026 Message undeliverable")))
	want("the reply failed", "failed", reply.ID)

	note := NewMessage(conv, "cliente sem WhatsApp?", t0.Add(3*time.Minute))
	note.Direction, note.Status = "note", ""
	add(note)
	want("a note after the failure", "failed", reply.ID)

	older := NewMessage(conv, "antes", t0.Add(-time.Minute)) // arrived late, dated before: not the preview
	add(older)
	want("an older message arrived late", "failed", reply.ID)

	add(NewMessage(conv, "alô?", t0.Add(4*time.Minute)))
	want("the customer wrote again", "", "")
}
