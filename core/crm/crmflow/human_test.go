package crmflow

import (
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/masteria/masteria/core/auth"
	"github.com/masteria/masteria/core/bus"
	"github.com/masteria/masteria/core/crm/inbox"
	"github.com/masteria/masteria/core/engine"
	"github.com/masteria/masteria/core/flow"
	"github.com/masteria/masteria/core/ids"
	"github.com/masteria/masteria/core/store"
	"github.com/masteria/masteria/core/store/sqlstore"
	"github.com/masteria/masteria/core/store/storetest"
	"github.com/masteria/masteria/core/tenancy"
	"github.com/masteria/masteria/sdk"
)

// nudger asks for the budget and nudges the quiet customer an hour later
// (flows/qualify-whatsapp-leads.yaml, in short).
const nudger = `version: 1
name: nudger
trigger:
  on: message.received
  channel: whatsapp
  regex: '(?i)orçamento'
steps:
  - id: ask
    uses: test.send
    with: {text: "Qual produto?"}
  - id: wait
    uses: wait.reply
    with: {timeout: 1h}
    on_timeout: nudge
    next: end
  - id: nudge
    uses: test.send
    with: {text: "Oi, posso ajudar com o orçamento?"}
`

// follower follows up a day later whatever happens: a delay, not a wait
// for the customer's reply.
const follower = `version: 1
name: follower
trigger: {on: manual}
steps:
  - id: later
    uses: delay
    with: {duration: 1d}
  - id: follow
    uses: test.send
    with: {text: "Como foi o atendimento?"}
`

// tagger tags every message, a person's conversation or not.
const tagger = `version: 1
name: tagger
trigger:
  on: message.received
  while_human: true
steps:
  - id: tag
    uses: contact.tag
    with: {tag: "escreveu"}
`

// handsOver hands the conversation over from a run of its own.
const handsOver = `version: 1
name: hands-over
trigger: {on: manual}
steps:
  - id: human
    uses: handoff
`

// sends records the flows' sends (a channel plugin, as the engine sees it).
type sends struct {
	mu    sync.Mutex
	texts []string
}

func (s *sends) InvokeAction(_ context.Context, _, _ string, in map[string]any, _ string) (map[string]any, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	text, _ := in["text"].(string)
	s.texts = append(s.texts, text)
	return map[string]any{"ok": true}, nil
}

func (s *sends) count(text string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, t := range s.texts {
		if t == text {
			n++
		}
	}
	return n
}

type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// humanRig is the inbox, the engine, the outbox relay and the router over
// a real store and embedded NATS, as serve wires them.
type humanRig struct {
	t      *testing.T
	ctx    context.Context
	st     store.Store
	w      *World
	eng    *engine.Engine
	clock  *fakeClock
	sent   *sends
	tenant string
	agent  tenancy.Principal
	flows  map[string]string // name → ID
}

func newHumanRig(t *testing.T, st store.Store, relay bool) *humanRig {
	ctx, cancel := context.WithCancel(context.Background())
	ten, agent := storetest.Seed(t, st, "acme")
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	r := &humanRig{t: t, ctx: ctx, st: st, w: New(st), clock: &fakeClock{t: store.Now()}, sent: &sends{}, tenant: ten.ID,
		agent: tenancy.Principal{TenantID: ten.ID, UserID: agent.ID, Role: auth.RoleAgent}, flows: map[string]string{}}
	r.eng = &engine.Engine{Store: st, Interp: &engine.Interp{Actions: engine.NewActions(r.w, r.sent)}, Workers: 4, Log: log, Now: r.clock.Now}
	var wg sync.WaitGroup
	wg.Go(func() { _ = r.eng.Run(ctx) })
	if relay {
		b, err := bus.Open(ctx, bus.Options{DataDir: t.TempDir()})
		must(t, err)
		wg.Go(func() { (&bus.Relay{Store: st, Bus: b, Log: log, Poll: 20 * time.Millisecond}).Run(ctx) })
		wg.Go(func() { _ = (&engine.Router{Engine: r.eng, Bus: b, Log: log}).Run(ctx) })
		t.Cleanup(func() { cancel(); wg.Wait(); b.Close() })
	} else {
		t.Cleanup(func() { cancel(); wg.Wait() })
	}
	for name, src := range map[string]string{"nudger": nudger, "follower": follower, "tagger": tagger, "hands-over": handsOver} {
		on := bus.EventMessageReceived
		if strings.Contains(src, "on: manual") {
			on = "manual"
		}
		id := ids.New("flw")
		must(t, st.CreateFlow(ctx, store.Flow{ID: id, TenantID: ten.ID, Name: name, Draft: src, CreatedAt: time.Now()}))
		_, err := st.PublishFlow(ctx, ten.ID, id, "", on, time.Now())
		must(t, err)
		r.flows[name] = id
	}
	return r
}

func (r *humanRig) receive(wamid, text string) store.Conversation {
	got, err := r.w.Inbox.Receive(r.ctx, r.tenant, inbox.Inbound{ConnectionID: "conn", Channel: "whatsapp",
		Message: sdk.InboundMessage{ProviderMessageID: wamid, From: "5511987654321", Type: sdk.InboundText, Text: text, Timestamp: time.Now()}})
	must(r.t, err)
	return got.Conversation
}

// runOf waits for the only run of a flow to satisfy cond.
func (r *humanRig) runOf(flow string, cond func(store.Run) bool) store.Run {
	r.t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		runs, err := r.st.ListRuns(r.ctx, r.tenant, store.RunFilter{FlowID: r.flows[flow]})
		must(r.t, err)
		if len(runs) == 1 && cond(runs[0]) {
			return runs[0]
		}
		if time.Now().After(deadline) {
			var got []string
			for _, run := range runs {
				got = append(got, run.Status+"/"+run.WaitKind+"/"+run.Error)
			}
			r.t.Fatalf("%s's runs never got there: %v", flow, got)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func (r *humanRig) runs(flow string) []store.Run {
	runs, err := r.st.ListRuns(r.ctx, r.tenant, store.RunFilter{FlowID: r.flows[flow]})
	must(r.t, err)
	return runs
}

// timeout moves past the nudger's hour and lets the engine look.
func (r *humanRig) timeout() {
	r.clock.Advance(61 * time.Minute)
	r.eng.Notify()
}

func waiting(run store.Run) bool { return run.Status == store.RunWaiting }

// handedToHuman says the run ended for a person's conversation, in its
// row and in its trace's last row, at its wait.
func (r *humanRig) handedToHuman(flow string) {
	r.t.Helper()
	run := r.runOf(flow, func(run store.Run) bool { return run.Status != store.RunWaiting })
	if run.Status != store.RunCancelled || run.Error != engine.ReasonHandedToHuman || run.WakeAt != nil {
		r.t.Fatalf("run %s: status %s, error %q, wake %v; want cancelled, %s, no timer", run.ID, run.Status, run.Error, run.WakeAt, engine.ReasonHandedToHuman)
	}
	trace, err := r.st.RunTrace(r.ctx, r.tenant, run.ID)
	must(r.t, err)
	last := trace[len(trace)-1]
	if last.StepID != "wait" || last.Status != "cancelled" || last.Error != engine.ReasonHandedToHuman {
		r.t.Fatalf("trace's last row %+v", last)
	}
}

// noNudge lets the timer's hour pass and checks the bot said nothing.
func (r *humanRig) noNudge() {
	r.t.Helper()
	r.timeout()
	time.Sleep(300 * time.Millisecond)
	if n := r.sent.count("Oi, posso ajudar com o orçamento?"); n != 0 {
		r.t.Fatalf("the bot nudged the customer %d times beside the person", n)
	}
}

func eachStore(t *testing.T, fn func(t *testing.T, st store.Store)) {
	t.Run("sqlite", func(t *testing.T) {
		st, err := sqlstore.OpenSQLite(context.Background(), filepath.Join(t.TempDir(), "m.db"))
		must(t, err)
		t.Cleanup(func() { st.Close() })
		fn(t, st)
	})
	t.Run("postgres", func(t *testing.T) {
		st, err := sqlstore.OpenPostgres(context.Background(), storetest.PostgresURL(t))
		must(t, err)
		t.Cleanup(func() { st.Close() })
		fn(t, st)
	})
}

// TestAHandoffEndsTheBotsReplyWait: the inbox's handoff (the API's) ends
// the run waiting for the customer's reply, timer and all; the customer's
// next message starts only the flow that runs while a person answers.
func TestAHandoffEndsTheBotsReplyWait(t *testing.T) {
	eachStore(t, func(t *testing.T, st store.Store) {
		r := newHumanRig(t, st, true)
		conv := r.receive("wamid.1", "qual o orçamento?")
		r.runOf("nudger", waiting)
		_, err := r.w.Inbox.Handoff(r.ctx, r.agent, conv.ID, inbox.HandoffInput{})
		must(t, err)
		r.handedToHuman("nudger")
		r.noNudge()

		r.receive("wamid.2", "orçamento do sofá, por favor")
		deadline := time.Now().Add(10 * time.Second)
		for len(r.runs("tagger")) != 2 {
			if time.Now().After(deadline) {
				t.Fatalf("the while_human flow did not start in a person's conversation: %d runs", len(r.runs("tagger")))
			}
			time.Sleep(10 * time.Millisecond)
		}
		if n := len(r.runs("nudger")); n != 1 {
			t.Fatalf("the bot's flow started in a person's conversation: %d runs", n)
		}
	})
}

// TestAnAgentsReplyEndsTheBotsReplyWait: an agent answering takes the
// conversation over, and that too ends the bot's wait.
func TestAnAgentsReplyEndsTheBotsReplyWait(t *testing.T) {
	eachStore(t, func(t *testing.T, st store.Store) {
		r := newHumanRig(t, st, true)
		conv := r.receive("wamid.1", "qual o orçamento?")
		r.runOf("nudger", waiting)
		_, err := r.w.Inbox.Reply(r.ctx, r.agent, conv.ID, inbox.ReplyInput{Text: "Oi! Sou a Ana, vou te ajudar."})
		must(t, err)
		r.handedToHuman("nudger")
		r.noNudge()
	})
}

// TestAFlowsHandoffStepEndsTheBotsReplyWait: another flow's handoff step
// hands the conversation over; the waiting run ends, the handing run
// holds on its handoff.
func TestAFlowsHandoffStepEndsTheBotsReplyWait(t *testing.T) {
	r := newHumanRig(t, sqliteStore(t), true)
	conv := r.receive("wamid.1", "qual o orçamento?")
	r.runOf("nudger", waiting)
	_, err := r.eng.StartRun(r.ctx, engine.Start{TenantID: r.tenant, FlowID: r.flows["hands-over"], Contact: flowContact(conv.ContactID)})
	must(t, err)
	r.handedToHuman("nudger")
	if run := r.runOf("hands-over", waiting); run.WaitKind != engine.WaitHandoff {
		t.Fatalf("the handing run: %+v", run)
	}
	r.noNudge()
}

// TestATimerDueAfterTheHandoffSendsNothing: the handoff is committed but
// its event has not reached the router (no relay runs) when the wait's
// timer comes due: the engine looks at the conversation then, and ends
// the run rather than nudging.
func TestATimerDueAfterTheHandoffSendsNothing(t *testing.T) {
	eachStore(t, func(t *testing.T, st store.Store) {
		r := newHumanRig(t, st, false)
		conv := r.receive("wamid.1", "qual o orçamento?")
		_, err := r.eng.StartRun(r.ctx, engine.Start{TenantID: r.tenant, FlowID: r.flows["nudger"], Contact: flowContact(conv.ContactID),
			Message: flowMessage("whatsapp")})
		must(t, err)
		r.runOf("nudger", waiting)
		_, err = r.w.Inbox.Handoff(r.ctx, r.agent, conv.ID, inbox.HandoffInput{})
		must(t, err)
		r.timeout()
		r.handedToHuman("nudger")
		if n := r.sent.count("Oi, posso ajudar com o orçamento?"); n != 0 {
			t.Fatalf("the timer nudged the customer %d times", n)
		}
	})
}

// TestADelayOutlivesTheHandoff: a follow-up a day later is the flow's
// business; a handoff leaves its delay alone.
func TestADelayOutlivesTheHandoff(t *testing.T) {
	r := newHumanRig(t, sqliteStore(t), true)
	conv := r.receive("wamid.1", "qual o orçamento?")
	r.runOf("nudger", waiting)
	_, err := r.eng.StartRun(r.ctx, engine.Start{TenantID: r.tenant, FlowID: r.flows["follower"], Contact: flowContact(conv.ContactID),
		Message: flowMessage("whatsapp")})
	must(t, err)
	r.runOf("follower", waiting)
	_, err = r.w.Inbox.Handoff(r.ctx, r.agent, conv.ID, inbox.HandoffInput{})
	must(t, err)
	r.handedToHuman("nudger") // the handoff reached the router
	if run := r.runOf("follower", func(store.Run) bool { return true }); run.Status != store.RunWaiting || run.WaitKind != engine.WaitDelay {
		t.Fatalf("the delay: %+v", run)
	}
	r.clock.Advance(25 * time.Hour)
	r.eng.Notify()
	r.runOf("follower", func(run store.Run) bool { return run.Status == store.RunCompleted })
	if n := r.sent.count("Como foi o atendimento?"); n != 1 {
		t.Fatalf("the follow-up went %d times, want 1", n)
	}
}

func sqliteStore(t *testing.T) store.Store {
	st, err := sqlstore.OpenSQLite(context.Background(), filepath.Join(t.TempDir(), "m.db"))
	must(t, err)
	t.Cleanup(func() { st.Close() })
	return st
}

func flowContact(id string) flow.Contact { return flow.Contact{ID: id} }
func flowMessage(channel string) flow.Message {
	return flow.Message{ID: ids.New("m"), Channel: channel, Text: "qual o orçamento?"}
}
