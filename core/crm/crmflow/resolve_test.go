package crmflow

import (
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"testing"
	"time"

	"github.com/masteria/masteria/core/auth"
	"github.com/masteria/masteria/core/bus"
	"github.com/masteria/masteria/core/crm"
	"github.com/masteria/masteria/core/crm/inbox"
	"github.com/masteria/masteria/core/engine"
	"github.com/masteria/masteria/core/ids"
	"github.com/masteria/masteria/core/store"
	"github.com/masteria/masteria/core/store/sqlstore"
	"github.com/masteria/masteria/core/store/storetest"
	"github.com/masteria/masteria/core/tenancy"
	"github.com/masteria/masteria/sdk"
)

const attend = `version: 1
name: atendimento
trigger:
  on: message.received
steps:
  - id: human
    uses: handoff
  - id: back
    uses: contact.tag
    with: {tag: voltou-ao-bot}
`

// TestAResolvedConversationIsTheBotsAgain: an agent resolves a
// conversation the bot handed over; the flow held by its handoff step goes
// on, and the customer's next message is the bot's: it starts the flow
// again, whose handoff puts it in the unassigned queue (nobody is online),
// not back with the agent who had it.
func TestAResolvedConversationIsTheBotsAgain(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	st, err := sqlstore.OpenSQLite(ctx, filepath.Join(t.TempDir(), "m.db"))
	must(t, err)
	defer st.Close()
	ten, agent := storetest.Seed(t, st, "acme")
	w := New(st)
	eng := &engine.Engine{Store: st, Interp: &engine.Interp{Actions: engine.NewActions(w, nil)}, Workers: 2,
		Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	done := make(chan struct{})
	go func() { _ = eng.Run(ctx); close(done) }()
	defer func() { cancel(); <-done }()
	flowID := ids.New("flw")
	must(t, st.CreateFlow(ctx, store.Flow{ID: flowID, TenantID: ten.ID, Name: "atendimento", Draft: attend, CreatedAt: time.Now()}))
	_, err = st.PublishFlow(ctx, ten.ID, flowID, "", bus.EventMessageReceived, time.Now())
	must(t, err)
	router := &engine.Router{Engine: eng}
	pump := func() { // the bus, in short: every committed event to the router
		for {
			n, err := st.ClaimEvents(ctx, 100, func(es []store.Event) error {
				for _, e := range es {
					if err := router.Handle(ctx, e.TenantID, e.Type, e.MsgID, e.Payload); err != nil {
						return err
					}
				}
				return nil
			})
			must(t, err)
			if n == 0 {
				return
			}
		}
	}
	runs := func(want ...string) []store.Run {
		t.Helper()
		deadline := time.Now().Add(10 * time.Second)
		for {
			pump()
			got, err := st.ListRuns(ctx, ten.ID, store.RunFilter{FlowID: flowID})
			must(t, err)
			same := len(got) == len(want)
			for i := 0; same && i < len(got); i++ { // newest first
				same = got[len(got)-1-i].Status == want[i]
			}
			if same {
				return got
			}
			if time.Now().After(deadline) {
				t.Fatalf("runs %+v, want statuses %v", got, want)
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	receive := func(wamid, text string) string {
		r, err := w.Inbox.Receive(ctx, ten.ID, inbox.Inbound{ConnectionID: "conn", Channel: "whatsapp",
			Message: sdk.InboundMessage{ProviderMessageID: wamid, From: "5511987654321", Type: sdk.InboundText, Text: text, Timestamp: time.Now()}})
		must(t, err)
		return r.Conversation.ID
	}

	id := receive("wamid.1", "quero falar com alguém")
	runs(store.RunWaiting) // held by its handoff step
	asAgent := tenancy.Principal{TenantID: ten.ID, UserID: agent.ID, Role: auth.RoleAgent}
	_, err = w.Inbox.Assign(ctx, asAgent, id, agent.ID)
	must(t, err)
	c, err := w.Inbox.SetStatus(ctx, asAgent, id, inbox.StatusResolved)
	must(t, err)
	if c.Handler != inbox.HandlerBot || c.AssigneeID != "" {
		t.Fatalf("resolved: handler %s, assignee %q", c.Handler, c.AssigneeID)
	}
	runs(store.RunCompleted) // the flow went on after its handoff
	if ct, _ := w.Contacts.Get(ctx, crm.System(ten.ID), c.ContactID); len(ct.Tags) != 1 {
		t.Fatalf("the flow's step after the handoff did not run: %+v", ct)
	}

	receive("wamid.2", "voltei, mais uma dúvida")
	runs(store.RunCompleted, store.RunWaiting) // the bot's flow answered it, and handed over again
	c, err = w.Inbox.Get(ctx, asAgent, id)
	must(t, err)
	if c.Status != inbox.StatusOpen || c.Handler != inbox.HandlerHuman || c.AssigneeID != "" {
		t.Fatalf("after the customer came back: status %s, handler %s, assignee %q; want open, human, unassigned", c.Status, c.Handler, c.AssigneeID)
	}
}
