package engine

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/masteria/masteria/core/bus"
	"github.com/masteria/masteria/core/flow"
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

// TestABatchRoutesAsEventsOneAtATime: a batch's waiting runs are asked for
// at once, and the batch ends as the same events routed one at a time
// would: a reply reaches the run waiting for it, a start makes the
// contact's next messages queue to the new run, strangers start nothing,
// and the batch redelivered changes nothing.
func TestABatchRoutesAsEventsOneAtATime(t *testing.T) {
	r := newRig(t, openStores(t)["sqlite"]())
	id := r.publishOn(bot, bus.EventMessageReceived)
	router := &Router{Engine: r.engine}
	ctx := context.Background()
	if err := router.Handle(ctx, r.tenant, bus.EventMessageReceived, "e0", inboundPayload("c8", "whatsapp", "preço?")); err != nil {
		t.Fatal(err)
	}
	first, _ := r.store.ListRuns(ctx, r.tenant, store.RunFilter{FlowID: id})
	if len(first) != 1 {
		t.Fatalf("%d runs, want 1", len(first))
	}
	r.waitFor(first[0].ID, status(store.RunWaiting))
	r.stop() // the started run stays ready (busy) while the batch is routed
	ev := func(msgID, contact, text string) Event {
		return Event{TenantID: r.tenant, Type: bus.EventMessageReceived, MsgID: msgID, Payload: inboundPayload(contact, "whatsapp", text)}
	}
	batch := []Event{
		ev("x1", "x1", "bom dia"),
		ev("e1", "c8", "sofá"), // c8's run waits for it
		ev("x2", "x2", "oi"),
		{TenantID: r.tenant, Type: "contact.created", MsgID: "x3", Payload: []byte(`{"contact_id":"x3"}`)},
		ev("e2", "c7", "preço?"),  // starts c7's run
		ev("e3", "c7", "cadeira"), // c7's run is busy: queued
		ev("e4", "c7", "mesa"),
		ev("x4", "x4", "tudo bem?"),
	}
	for round := range 2 { // the second is the batch redelivered
		if n, err := router.HandleBatch(ctx, batch); err != nil || n != len(batch) {
			t.Fatalf("round %d: routed %d of %d: %v", round, n, len(batch), err)
		}
	}
	runs, _ := r.store.ListRuns(ctx, r.tenant, store.RunFilter{FlowID: id})
	if len(runs) != 2 {
		t.Fatalf("%d runs, want 2 (c8's, c7's)", len(runs))
	}
	r.start()
	for _, run := range runs {
		st := r.state(r.waitFor(run.ID, status(store.RunCompleted)))
		got, pending := st.Steps["product"].Output["text"], st.Pending
		switch run.ContactID {
		case "c8":
			if got != "sofá" || len(pending) != 0 {
				t.Fatalf("c8's run: reply %v, pending %+v", got, pending)
			}
		case "c7":
			if got != "cadeira" || len(pending) != 1 || pending[0].Text != "mesa" {
				t.Fatalf("c7's run: reply %v, pending %+v", got, pending)
			}
		default:
			t.Fatalf("a run for %s", run.ContactID)
		}
	}
}

func TestAPersonsConversationStartsNoFlowAndAnswersNoRun(t *testing.T) {
	r := newRig(t, openStores(t)["sqlite"]())
	id := r.publishOn(bot, bus.EventMessageReceived)
	router := &Router{Engine: r.engine}
	ctx := context.Background()
	handle := func(msgID, contact, handler, text string) {
		raw, _ := json.Marshal(map[string]any{"contact_id": contact, "conversation": map[string]string{"handler": handler},
			"message": map[string]string{"channel": "whatsapp", "text": text, "id": "m-" + msgID}})
		if err := router.Handle(ctx, r.tenant, bus.EventMessageReceived, msgID, raw); err != nil {
			t.Fatal(err)
		}
	}
	runs := func() []store.Run {
		got, err := r.store.ListRuns(ctx, r.tenant, store.RunFilter{FlowID: id})
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	handle("h1", "c1", "human", "qual o preço?") // an agent has it: no run
	if got := runs(); len(got) != 0 {
		t.Fatalf("%d runs started in a person's conversation", len(got))
	}
	handle("h2", "c2", "bot", "qual o preço?") // the bot has it: starts
	started := runs()
	if len(started) != 1 {
		t.Fatalf("%d runs, want 1", len(started))
	}
	r.waitFor(started[0].ID, status(store.RunWaiting))
	handle("h3", "c2", "human", "cadeira") // an agent took over: not the run's reply
	if got := r.state(r.waitFor(started[0].ID, status(store.RunWaiting))).Steps["product"].Output; got != nil {
		t.Fatalf("the run took a message meant for the agent: %v", got)
	}
	handle("h4", "c2", "bot", "mesa") // back with the bot: the reply
	done := r.waitFor(started[0].ID, status(store.RunCompleted))
	if got := r.state(done).Steps["product"].Output["text"]; got != "mesa" {
		t.Fatalf("reply %v, want mesa", got)
	}
}

const alongside = `version: 1
name: alongside
trigger:
  on: message.received
  channel: whatsapp
  while_human: true
steps:
  - id: product
    uses: wait.reply
    with: {timeout: 1h}
  - id: note
    uses: test.send
    with: {text: "{{ steps.product.output.text }}"}
`

// TestAWhileHumanFlowRunsInAPersonsConversation: a flow marked
// while_human starts on a person's conversation, its run takes the reply
// there, and a handoff leaves its wait alone; the bot's flow does neither.
func TestAWhileHumanFlowRunsInAPersonsConversation(t *testing.T) {
	r := newRig(t, openStores(t)["sqlite"]())
	botID := r.publishOn(bot, bus.EventMessageReceived)
	id := r.publishOn(alongside, bus.EventMessageReceived)
	router := &Router{Engine: r.engine}
	ctx := context.Background()
	handle := func(msgID, typ string, payload map[string]any) {
		raw, _ := json.Marshal(payload)
		if err := router.Handle(ctx, r.tenant, typ, msgID, raw); err != nil {
			t.Fatal(err)
		}
	}
	message := func(msgID, text string) {
		handle(msgID, bus.EventMessageReceived, map[string]any{"contact_id": "c1", "conversation": map[string]string{"handler": "human"},
			"message": map[string]string{"channel": "whatsapp", "text": text, "id": "m-" + msgID}})
	}
	message("w1", "qual o preço?")
	if got, _ := r.store.ListRuns(ctx, r.tenant, store.RunFilter{FlowID: botID}); len(got) != 0 {
		t.Fatalf("the bot's flow started in a person's conversation: %d runs", len(got))
	}
	runs, _ := r.store.ListRuns(ctx, r.tenant, store.RunFilter{FlowID: id})
	if len(runs) != 1 {
		t.Fatalf("%d while_human runs, want 1", len(runs))
	}
	r.waitFor(runs[0].ID, status(store.RunWaiting))
	handle("h1", bus.EventConversationHandoff, map[string]any{"contact_id": "c1", "conversation": map[string]string{"channel": "whatsapp", "handler": "human"}})
	if run := r.waitFor(runs[0].ID, status(store.RunWaiting)); run.Error != "" {
		t.Fatalf("the handoff ended a while_human run: %+v", run)
	}
	message("w2", "cadeira")
	done := r.waitFor(runs[0].ID, status(store.RunCompleted))
	if got := r.state(done).Steps["product"].Output["text"]; got != "cadeira" {
		t.Fatalf("reply %v, want cadeira", got)
	}
}

const smsWait = `version: 1
name: sms-wait
trigger: {on: manual}
steps:
  - id: wait
    uses: wait.reply
    with: {timeout: 1h, channel: sms}
`

// TestAHandoffEndsOnlyItsChannelsReplyWaitsOnce: a handoff on WhatsApp
// ends the WhatsApp wait, not the SMS one; the event again changes nothing.
func TestAHandoffEndsOnlyItsChannelsReplyWaitsOnce(t *testing.T) {
	for name, open := range openStores(t) {
		t.Run(name, func(t *testing.T) {
			r := newRig(t, open())
			wa := r.run(r.publish(waiting), Start{Contact: flow.Contact{ID: "c1"}, Message: flow.Message{Channel: "whatsapp"}})
			sms := r.run(r.publish(smsWait), Start{Contact: flow.Contact{ID: "c1"}, Message: flow.Message{Channel: "whatsapp"}})
			r.waitFor(wa.ID, status(store.RunWaiting))
			r.waitFor(sms.ID, status(store.RunWaiting))
			router := &Router{Engine: r.engine}
			raw, _ := json.Marshal(map[string]any{"contact_id": "c1", "conversation": map[string]string{"channel": "whatsapp", "handler": "human"}})
			for i := 0; i < 2; i++ { // delivered twice
				if err := router.Handle(context.Background(), r.tenant, bus.EventConversationHandoff, "h1", raw); err != nil {
					t.Fatal(err)
				}
			}
			ended := r.waitFor(wa.ID, status(store.RunCancelled))
			if ended.Error != ReasonHandedToHuman || ended.WakeAt != nil {
				t.Fatalf("ended %+v", ended)
			}
			if got := strings.Join(r.path(wa.ID), ","); got != "ask,reply,reply" {
				t.Fatalf("trace %s: the wait's end written once", got)
			}
			if run := r.waitFor(sms.ID, status(store.RunWaiting)); run.Error != "" {
				t.Fatalf("an SMS wait ended by a WhatsApp handoff: %+v", run)
			}
		})
	}
}
