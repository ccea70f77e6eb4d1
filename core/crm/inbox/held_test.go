package inbox

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/masteria/masteria/core/store"
	"github.com/masteria/masteria/sdk"
)

// TestHeldSendsAreMarked: a send the channel says it holds (whatsapp.send's
// held: WhatsApp's template pacing) is recorded sent and held — a flow's
// message from the action's output, an agent's reply from MarkSent — and
// reads back held until a later status comes; its extra keeps the mark.
// A send not held is not marked.
func TestHeldSendsAreMarked(t *testing.T) {
	s, p := newService(t)
	ctx := context.Background()
	rcv, err := s.Receive(ctx, p.TenantID, whatsapp("5511987650003", "wamid.in3", "oi", time.Now()))
	must(t, err)
	send := map[string]any{"to": "+5511987650003", "kind": "template",
		"template": map[string]any{"name": "pedido_confirmado", "language": "pt_BR"}}
	for _, c := range []struct {
		id   string
		held bool
	}{{"wamid.h1", true}, {"wamid.h2", false}} {
		b := BotSends{Next: &fakeInvoker{out: map[string]any{"message_id": c.id, "held": c.held}}, Inbox: s}
		if _, err := b.InvokeAction(ctx, p.TenantID, "whatsapp.send", send, c.id); err != nil {
			t.Fatal(err)
		}
		m, err := s.Store.MessageByProviderID(ctx, p.TenantID, c.id)
		if err != nil || m.Status != "sent" || m.Held != c.held || hasHeldMark(m) != c.held {
			t.Fatalf("a flow's send (held %v) recorded as %+v (%v)", c.held, m, err)
		}
	}

	reply, err := s.Store.InsertMessage(ctx, store.Message{ID: "msg_heldreply", TenantID: p.TenantID, ConversationID: rcv.Conversation.ID,
		ContactID: rcv.Conversation.ContactID, Direction: "out", Type: "template", Text: "Olá", Extra: []byte(`{"note":"kept"}`),
		Status: "pending", CreatedAt: time.Now(), StatusAt: time.Now()})
	if err != nil || !reply {
		t.Fatalf("the reply: %v %v", reply, err)
	}
	must(t, s.MarkSent(ctx, p.TenantID, "msg_heldreply", sdk.SendResult{MessageID: "wamid.h3", Held: true}))
	m, err := s.Store.GetMessage(ctx, p.TenantID, "msg_heldreply")
	if err != nil || m.Status != "sent" || !m.Held || !hasHeldMark(m) || !jsonHas(m.Extra, `"note":"kept"`) {
		t.Fatalf("an agent's held reply: %+v (%v)", m, err)
	}
	if err := s.MarkSent(ctx, "ten_other", "msg_heldreply", sdk.SendResult{MessageID: "wamid.h4", Held: true}); err == nil {
		t.Fatal("another workspace marked the reply")
	}

	for _, id := range []string{"wamid.h1", "wamid.h3"} {
		if _, changed, err := s.ApplyStatus(ctx, p.TenantID, sdk.StatusUpdate{ProviderMessageID: id, Status: sdk.StatusDelivered}); err != nil || !changed {
			t.Fatalf("delivered %s: %v %v", id, changed, err)
		}
		m, err := s.Store.MessageByProviderID(ctx, p.TenantID, id)
		if err != nil || m.Status != "delivered" || m.Held || !hasHeldMark(m) {
			t.Fatalf("%s after delivery: %+v (%v); want no longer held, the mark kept", id, m, err)
		}
	}
}

func hasHeldMark(m store.Message) bool { return jsonHas(m.Extra, `"held_for_quality_assessment":true`) }

func jsonHas(raw []byte, part string) bool {
	return strings.Contains(string(raw), part)
}
