package inbox

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/masteria/masteria/core/engine"
	"github.com/masteria/masteria/core/ids"
	"github.com/masteria/masteria/core/store"
	"github.com/masteria/masteria/sdk"
)

// channelPlugin stands for a channel's plugin under BotSends: every call
// fails with err; before answering, during calls the test watches
// (each), it runs each.
type channelPlugin struct {
	mu    sync.Mutex
	err   error
	keys  []string
	each  func(ctx context.Context, call int, key string)
	calls int
}

func (c *channelPlugin) InvokeAction(ctx context.Context, _, _ string, _ map[string]any, key string) (map[string]any, error) {
	c.mu.Lock()
	c.calls++
	n := c.calls
	c.keys = append(c.keys, key)
	c.mu.Unlock()
	if c.each != nil {
		c.each(ctx, n, key)
	}
	return nil, c.err
}

// runBotFlow publishes src, runs it once on a real engine whose plugin
// calls go through BotSends to plugin, and returns the run once it failed.
func runBotFlow(t *testing.T, s *Service, tenantID, src string, plugin *channelPlugin) store.Run {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	eng := &engine.Engine{Store: s.Store, Workers: 2, Log: slog.New(slog.NewTextHandler(io.Discard, nil)),
		Interp: &engine.Interp{Actions: engine.NewActions(nil, BotSends{Next: plugin, Inbox: s})}}
	done := make(chan struct{})
	go func() { _ = eng.Run(ctx); close(done) }()
	defer func() { cancel(); <-done }()
	flowID := ids.New("flw")
	must(t, s.Store.CreateFlow(ctx, store.Flow{ID: flowID, TenantID: tenantID, Name: "aviso", Draft: src, CreatedAt: time.Now()}))
	_, err := s.Store.PublishFlow(ctx, tenantID, flowID, "", "manual", time.Now())
	must(t, err)
	run, err := eng.StartRun(ctx, engine.Start{TenantID: tenantID, FlowID: flowID})
	must(t, err)
	deadline := time.Now().Add(20 * time.Second)
	for {
		got, err := s.Store.GetRun(ctx, tenantID, run.ID)
		must(t, err)
		if got.Status == store.RunFailed {
			return got
		}
		if time.Now().After(deadline) {
			t.Fatalf("the run is %s: %s", got.Status, got.Error)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// failedOut lists the thread's failed outbound messages.
func failedOut(t *testing.T, s *Service, tenantID, convID string) []store.Message {
	t.Helper()
	msgs, _, err := s.Store.ListMessages(context.Background(), tenantID, convID, store.Page{})
	must(t, err)
	var out []store.Message
	for _, m := range msgs {
		if m.Direction == "out" && m.Status == "failed" {
			out = append(out, m)
		}
	}
	return out
}

const sendWithRetries = `version: 1
name: aviso
trigger: {on: manual}
steps:
  - id: avisar
    uses: whatsapp.send
    with: {to: "+5511987650095", text: "Seu pedido saiu para entrega"}
    retry: {max_attempts: 3, backoff: 10ms, max_backoff: 20ms}
`

// TestAFlowsSendThatNeverGoesFailsInTheThreadAfterItsLastTry: the
// channel's plugin stays down through every attempt of a flow's send; the
// tries before the last record nothing (the next may go out), and the last
// one leaves the send failed in the contact's thread with the plugin's
// error, once.
func TestAFlowsSendThatNeverGoesFailsInTheThreadAfterItsLastTry(t *testing.T) {
	for _, driver := range []string{"sqlite", "postgres"} {
		t.Run(driver, func(t *testing.T) {
			s, p := newServiceOn(t, driver)
			rcv, err := s.Receive(context.Background(), p.TenantID, whatsapp("5511987650095", "wamid.e1", "oi", time.Now()))
			must(t, err)
			statusEvents(t, s.Store)
			plugin := &channelPlugin{err: errors.New("plugin whatsapp-cloud is not running")}
			var early []int // failed messages found in the thread by the second and third tries
			plugin.each = func(_ context.Context, call int, _ string) {
				if call > 1 {
					early = append(early, len(failedOut(t, s, p.TenantID, rcv.Conversation.ID)))
				}
			}
			run := runBotFlow(t, s, p.TenantID, sendWithRetries, plugin)
			if plugin.calls != 3 || len(early) != 2 || early[0]+early[1] != 0 {
				t.Fatalf("%d calls; failed messages seen by the later tries: %v (want none before the last try)", plugin.calls, early)
			}
			got := failedOut(t, s, p.TenantID, rcv.Conversation.ID)
			if len(got) != 1 || got[0].Text != "Seu pedido saiu para entrega" || got[0].Error != "plugin whatsapp-cloud is not running" ||
				got[0].AuthorID != "" {
				t.Fatalf("the thread's failed sends: %+v", got)
			}
			if !strings.Contains(run.Error, "plugin whatsapp-cloud is not running") {
				t.Fatalf("the run failed with %q", run.Error)
			}
			if evs := statusEvents(t, s.Store); len(evs) != 1 || !strings.Contains(evs[0], got[0].ID) {
				t.Fatalf("status events: %v", evs)
			}
			if c, _ := s.Store.GetConversation(context.Background(), p.TenantID, rcv.Conversation.ID); c.LastMessageStatus != "failed" {
				t.Fatalf("the list does not mark it: %q", c.LastMessageStatus)
			}
		})
	}
}

const sendOnce = `version: 1
name: aviso
trigger: {on: manual}
steps:
  - id: avisar
    uses: whatsapp.send
    with: {to: "+5511987650096", text: "Seu boleto vence hoje"}
`

// TestAStepRunAgainRecordsItsFailureOnce: while a flow's send is refused
// for good, a concurrent change to the run (as a reply or an event makes)
// wins over the step's commit, so the engine runs the step again with the
// same idempotency key; its failure is in the thread once.
func TestAStepRunAgainRecordsItsFailureOnce(t *testing.T) {
	s, p := newService(t)
	ctx := context.Background()
	rcv, err := s.Receive(ctx, p.TenantID, whatsapp("5511987650096", "wamid.e2", "oi", time.Now()))
	must(t, err)
	plugin := &channelPlugin{err: sdk.Permanent(errors.New("template paused"), "132015")}
	plugin.each = func(_ context.Context, call int, key string) {
		if call > 1 {
			return
		}
		runID, _, _ := strings.Cut(key, ":")
		r, err := s.Store.GetRun(ctx, p.TenantID, runID)
		must(t, err)
		r.LeaseOwner, r.LeaseUntil = "", time.Time{} // what the engine's own changes do
		must(t, s.Store.SaveRun(ctx, r, nil))
	}
	runBotFlow(t, s, p.TenantID, sendOnce, plugin)
	if len(plugin.keys) != 2 || plugin.keys[0] != plugin.keys[1] {
		t.Fatalf("the step ran under keys %v, want twice under one", plugin.keys)
	}
	if got := failedOut(t, s, p.TenantID, rcv.Conversation.ID); len(got) != 1 || got[0].Error != "132015 template paused" {
		t.Fatalf("the thread's failed sends: %+v", got)
	}
}
