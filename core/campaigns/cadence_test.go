package campaigns

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/masteria/masteria/core/engine"
	"github.com/masteria/masteria/core/ids"
	"github.com/masteria/masteria/core/store"
	"github.com/masteria/masteria/plugins/whatsappcloud/sim"
)

// cadenceFlow sends two WhatsApp templates with a delay between them.
const cadenceFlow = `version: 1
name: onboarding
trigger: {on: campaign.enrolled}
steps:
  - id: hello
    uses: whatsapp.send
    with: {kind: template, template: {name: hello_world, language: en_US}}
  - id: pause
    uses: delay
    with: {duration: 1ms}
  - id: nudge
    uses: whatsapp.send
    with:
      kind: template
      template: {name: pedido_confirmado, language: pt_BR, variables: {"1": "{{ contact.first_name }}", "2": "N1"}}
`

// publishFlow stores and publishes a flow for the rig's tenant.
func (r *rig) publishFlow(src string) store.Flow {
	r.t.Helper()
	ctx := context.Background()
	f := store.Flow{ID: ids.New("flw"), TenantID: r.p.TenantID, Name: "f-" + ids.New("x")[2:10], Draft: src, CreatedAt: time.Now(), UpdatedAt: time.Now()}
	if err := r.st.CreateFlow(ctx, f); err != nil {
		r.t.Fatal(err)
	}
	if _, err := r.st.PublishFlow(ctx, r.p.TenantID, f.ID, "usr_test", "campaign.enrolled", time.Now()); err != nil {
		r.t.Fatal(err)
	}
	return f
}

// withEngine runs a flow engine whose send steps go through the ledger.
func (r *rig) withEngine() *engine.Engine {
	e := &engine.Engine{Store: r.st, Interp: &engine.Interp{Actions: engine.NewActions(nil, nil)}, Log: quietLog(), Workers: 8}
	r.svc.Engine = e
	r.svc.RegisterActions(e.Interp.Actions)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { _ = e.Run(ctx); close(done) }()
	r.t.Cleanup(func() { cancel(); <-done })
	return e
}

// TestCadenceEnrolsAndSendsEachStepOnce: a cadence enrols every contact
// into the flow once; each send step is a ledger row, and running a step
// again (a retry from it) sends nothing twice.
func TestCadenceEnrolsAndSendsEachStepOnce(t *testing.T) {
	s, base := startWhatsApp(t, nil)
	r := newRig(t, "sqlite", newGraphSender(base))
	e := r.withEngine()
	r.contacts(20, nil)
	f := r.publishFlow(cadenceFlow)
	r.start()
	c := r.launch("onboarding", "whatsapp", Spec{Flow: &FlowRef{ID: f.ID}, Pacing: unlimited})
	r.waitFor(c.ID, "both steps", func(pr Progress) bool { return pr.Enrolled == 20 && pr.Sent == 40 })
	ctx := context.Background()
	runs := waitRuns(t, r.st, r.p.TenantID, f.ID, 20)
	if n := len(s.Messages(sim.Filter{})); n != 40 {
		t.Fatalf("provider got %d messages, want 40", n)
	}
	funnel, _ := r.svc.Funnel(ctx, r.p, c.ID)
	if len(funnel.Steps) != 3 || funnel.Steps[0].Step != StepEnrol || funnel.Steps[1].Sent != 20 || funnel.Steps[2].Sent != 20 {
		t.Fatalf("funnel: %+v", funnel.Steps)
	}
	if _, err := e.RetryFrom(ctx, r.p.TenantID, runs[0].ID, "hello"); err != nil {
		t.Fatal(err)
	}
	waitRuns(t, r.st, r.p.TenantID, f.ID, 20)
	time.Sleep(100 * time.Millisecond)
	if n := len(s.Messages(sim.Filter{})); n != 40 {
		t.Fatalf("a retried run sent its steps again: %d messages", n)
	}
}

func waitRuns(t *testing.T, st store.Store, tenantID, flowID string, n int) []store.Run {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		runs, err := st.ListRuns(context.Background(), tenantID, store.RunFilter{FlowID: flowID, Status: store.RunCompleted, Limit: 500})
		if err != nil {
			t.Fatal(err)
		}
		if len(runs) == n {
			return runs
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("the runs did not all complete")
	return nil
}

// TestCadenceHoldsWhilePaused: pausing a cadence holds its runs' send
// steps (parked on a timer, no message); resuming lets them go.
func TestCadenceHoldsWhilePaused(t *testing.T) {
	pausedHold = 50 * time.Millisecond
	t.Cleanup(func() { pausedHold = 30 * time.Second })
	s, base := startWhatsApp(t, nil)
	r := newRig(t, "sqlite", newGraphSender(base))
	r.withEngine()
	r.contacts(10, nil)
	f := r.publishFlow(strings.Replace(cadenceFlow, "duration: 1ms", "duration: 3s", 1))
	r.start()
	c := r.launch("paused-cadence", "whatsapp", Spec{Flow: &FlowRef{ID: f.ID}, Pacing: unlimited})
	r.waitFor(c.ID, "the first step", func(pr Progress) bool { return pr.Sent == 10 })
	ctx := context.Background()
	if _, err := r.svc.Pause(ctx, r.p, c.ID); err != nil {
		t.Fatal(err)
	}
	time.Sleep(3500 * time.Millisecond) // every run's delay ends while paused
	if n := len(s.Messages(sim.Filter{})); n != 10 {
		t.Fatalf("%d messages while paused, want the first step's 10", n)
	}
	if _, err := r.svc.Resume(ctx, r.p, c.ID); err != nil {
		t.Fatal(err)
	}
	r.waitFor(c.ID, "the second step", func(pr Progress) bool { return pr.Sent == 20 })
	waitRuns(t, r.st, r.p.TenantID, f.ID, 10)
}
