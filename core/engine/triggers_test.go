package engine

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/masteria/masteria/core/bus"
	"github.com/masteria/masteria/core/store"
)

const bot = `version: 1
name: bot
trigger:
  on: message.received
  channel: whatsapp
  regex: '(?i)preço|orçamento'
steps:
  - id: hi
    uses: test.send
    with: {text: "Olá! Qual produto?"}
  - id: product
    uses: wait.reply
  - id: answer
    uses: test.send
    with: {text: "Anotado: {{ steps.product.output.text }}"}
`

func (r *rig) publishOn(src, on string) string {
	id := r.publish(src)
	if _, err := r.store.PublishFlow(context.Background(), r.tenant, id, "", on, time.Now()); err != nil {
		r.t.Fatal(err)
	}
	return id
}

func inboundPayload(contact, channel, text string) []byte {
	raw, _ := json.Marshal(map[string]any{"contact_id": contact, "message": map[string]string{"channel": channel, "text": text, "id": "m-" + text}})
	return raw
}

func TestRouterStartsResumesAndNeverDoubles(t *testing.T) {
	r := newRig(t, openStores(t)["sqlite"]())
	id := r.publishOn(bot, bus.EventMessageReceived)
	router := &Router{Engine: r.engine}
	ctx := context.Background()
	handle := func(msgID, contact, channel, text string) {
		if err := router.Handle(ctx, r.tenant, bus.EventMessageReceived, msgID, inboundPayload(contact, channel, text)); err != nil {
			t.Fatal(err)
		}
	}
	handle("e1", "c1", "sms", "qual o preço?")      // wrong channel: nothing
	handle("e2", "c1", "whatsapp", "bom dia")       // no keyword: nothing
	handle("e3", "c1", "whatsapp", "qual o preço?") // starts
	handle("e3", "c1", "whatsapp", "qual o preço?") // redelivered: nothing new
	runs, _ := r.store.ListRuns(ctx, r.tenant, store.RunFilter{FlowID: id})
	if len(runs) != 1 {
		t.Fatalf("%d runs, want 1", len(runs))
	}
	r.waitFor(runs[0].ID, status(store.RunWaiting))
	handle("e4", "c1", "whatsapp", "orçamento de sofá") // the reply, though it matches the trigger too
	done := r.waitFor(runs[0].ID, status(store.RunCompleted))
	if got := r.state(done).Steps["product"].Output["text"]; got != "orçamento de sofá" {
		t.Fatalf("reply %v", got)
	}
	if again, _ := r.store.ListRuns(ctx, r.tenant, store.RunFilter{FlowID: id}); len(again) != 1 {
		t.Fatalf("the reply started another run: %d", len(again))
	}
}

func TestMessagesToABusyRunAreQueuedInOrder(t *testing.T) {
	r := newRig(t, openStores(t)["sqlite"]())
	r.stop() // keep the run busy (ready, not yet executed) while messages arrive
	id := r.publishOn(bot, bus.EventMessageReceived)
	router := &Router{Engine: r.engine}
	ctx := context.Background()
	for i, text := range []string{"preço?", "cadeira", "mesa"} {
		if err := router.Handle(ctx, r.tenant, bus.EventMessageReceived, "q"+string(rune('0'+i)), inboundPayload("c7", "whatsapp", text)); err != nil {
			t.Fatal(err)
		}
	}
	runs, _ := r.store.ListRuns(ctx, r.tenant, store.RunFilter{FlowID: id})
	if len(runs) != 1 {
		t.Fatalf("%d runs, want 1 (one per contact per flow)", len(runs))
	}
	r.start()
	done := r.waitFor(runs[0].ID, status(store.RunCompleted))
	st := r.state(done)
	if st.Steps["product"].Output["text"] != "cadeira" || len(st.Pending) != 1 || st.Pending[0].Text != "mesa" {
		t.Fatalf("order lost: reply %v, pending %+v", st.Steps["product"].Output, st.Pending)
	}
}

const weekly = `version: 1
name: weekly
trigger: {on: schedule, cron: "0 9 * * 1", timezone: America/Sao_Paulo}
steps:
  - id: a
    uses: set
    with: {ran: true}
`

func TestCronStartsOncePerDueTime(t *testing.T) {
	r := newRig(t, openStores(t)["sqlite"]())
	id := r.publishOn(weekly, "schedule")
	// Monday 2026-11-30 09:00 in São Paulo is 12:00 UTC.
	now := time.Date(2026, 11, 30, 11, 59, 0, 0, time.UTC)
	c1 := &Cron{Engine: r.engine, Now: func() time.Time { return now }, last: now}
	c2 := &Cron{Engine: r.engine, Now: func() time.Time { return now }, last: now} // a second instance
	now = now.Add(2 * time.Minute)
	for _, c := range []*Cron{c1, c2, c1} {
		if err := c.Tick(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	runs, _ := r.store.ListRuns(context.Background(), r.tenant, store.RunFilter{FlowID: id})
	if len(runs) != 1 || runs[0].TriggerKey == "" {
		t.Fatalf("%d runs, want exactly 1", len(runs))
	}
}
