package inbox

import (
	"context"
	"testing"
	"time"

	"github.com/masteria/masteria/core/store"
)

// TestAFastAnswerFollowsItsQuestion: Meta stamps whole seconds. A flow's
// question sent at 10:25:13.330 and the customer's answer stamped
// 10:25:13, arriving at 10:25:13.730, must list question then answer, and
// the conversation's preview must be the answer.
func TestAFastAnswerFollowsItsQuestion(t *testing.T) {
	s, p := newService(t)
	ctx := context.Background()
	second := time.Date(2026, 11, 27, 10, 25, 13, 0, time.UTC)
	clock := second.Add(-time.Minute)
	s.Clock = func() time.Time { return clock }
	_, err := s.Receive(ctx, p.TenantID, whatsapp("5511987654321", "wamid.hi", "oi", clock))
	must(t, err)

	clock = second.Add(330 * time.Millisecond)
	must(t, s.RecordBotSend(ctx, p.TenantID, "whatsapp", map[string]any{"to": "5511987654321", "text": "Qual seu pedido?"},
		map[string]any{"message_id": "wamid.question"}))
	clock = second.Add(730 * time.Millisecond)
	r, err := s.Receive(ctx, p.TenantID, whatsapp("5511987654321", "wamid.answer", "Pedido 42", second))
	must(t, err)

	msgs, _, err := s.Messages(ctx, p, r.Conversation.ID, store.Page{Limit: 10})
	must(t, err)
	var texts []string // newest first
	for _, m := range msgs {
		texts = append(texts, m.Text)
	}
	if len(texts) != 3 || texts[0] != "Pedido 42" || texts[1] != "Qual seu pedido?" {
		t.Fatalf("thread reads %q (newest first), want the answer after its question", texts)
	}
	if r.Conversation.Preview != "Pedido 42" {
		t.Fatalf("preview %q, want the answer", r.Conversation.Preview)
	}
}

func TestSentAt(t *testing.T) {
	second := time.Date(2026, 11, 27, 10, 25, 13, 0, time.UTC)
	precise := second.Add(120 * time.Millisecond)
	for _, c := range []struct {
		name    string
		ts, now time.Time
		want    time.Time
	}{
		{"no stamp: arrival", time.Time{}, precise, precise},
		{"whole second, prompt: arrival", second, second.Add(730 * time.Millisecond), second.Add(730 * time.Millisecond)},
		{"whole second, a webhook's way later: arrival", second, second.Add(1900 * time.Millisecond), second.Add(1900 * time.Millisecond)},
		{"late (a redelivery): its stamp", second, second.Add(time.Hour), second},
		{"a precise stamp: kept", precise, precise.Add(300 * time.Millisecond), precise},
		{"stamped after it arrived: arrival", second.Add(5 * time.Second), second, second},
		{"a sub-millisecond stamp: as the store keeps it", precise.Add(456 * time.Microsecond), precise.Add(time.Hour), precise},
	} {
		if got := sentAt(c.ts, c.now); !got.Equal(c.want) {
			t.Errorf("%s: sentAt(%v, %v) = %v, want %v", c.name, c.ts, c.now, got, c.want)
		}
	}
}
