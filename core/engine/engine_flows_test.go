package engine

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/masteria/masteria/core/flow"
	"github.com/masteria/masteria/core/store"
	"github.com/masteria/masteria/sdk"
)

const branchy = `version: 1
name: branchy
trigger: {on: manual}
params:
  greeting: {type: string, default: Oi}
steps:
  - id: init
    uses: set
    with: {count: 0, hello: "{{ params.greeting }} {{ contact.first_name }}"}
  - id: big
    if: 'message.text contains "preço"'
    then: pick
    else: small
  - id: small
    uses: set
    with: {size: small}
    next: end
  - id: pick
    switch:
      cases:
        - when: 'contact.first_name == "Ana"'
          next: ana
      default: other
  - id: ana
    uses: test.send
    with: {text: "{{ vars.hello }}, segue o preço"}
    next: end
  - id: other
    uses: end
`

func TestEngineRunsBranchesAndTemplates(t *testing.T) {
	for name, open := range openStores(t) {
		t.Run(name, func(t *testing.T) {
			r := newRig(t, open())
			id := r.publish(branchy)
			run := r.run(id, Start{Contact: flow.Contact{ID: "c1", FirstName: "Ana"}, Message: flow.Message{Text: "qual o preço?"}})
			done := r.waitFor(run.ID, status(store.RunCompleted))
			if got := strings.Join(r.path(run.ID), ","); got != "init,big,pick,ana" {
				t.Fatalf("path %s", got)
			}
			st := r.state(done)
			if st.Vars["hello"] != "Oi Ana" || r.calls.inputs[0]["text"] != "Oi Ana, segue o preço" {
				t.Fatalf("vars %v, sent %v", st.Vars, r.calls.inputs)
			}
			other := r.run(id, Start{Contact: flow.Contact{ID: "c2", FirstName: "Bia"}, Message: flow.Message{Text: "oi"}})
			r.waitFor(other.ID, status(store.RunCompleted))
			if got := strings.Join(r.path(other.ID), ","); got != "init,big,small" {
				t.Fatalf("path %s", got)
			}
		})
	}
}

const waiting = `version: 1
name: waiting
trigger: {on: manual}
steps:
  - id: ask
    uses: test.send
    with: {text: "Qual seu nome?"}
  - id: reply
    uses: wait.reply
    with: {timeout: 1h}
    on_timeout: nudge
  - id: thanks
    uses: test.send
    with: {text: "Obrigado, {{ steps.reply.output.text }}"}
    next: end
  - id: nudge
    uses: delay
    with: {duration: 30m}
  - id: bye
    uses: test.send
    with: {text: "Até mais"}
`

func TestWaitReplyResumesAndTimesOut(t *testing.T) {
	for name, open := range openStores(t) {
		t.Run(name, func(t *testing.T) {
			r := newRig(t, open())
			id := r.publish(waiting)
			replied := r.run(id, Start{Contact: flow.Contact{ID: "c1"}})
			silent := r.run(id, Start{Contact: flow.Contact{ID: "c2"}})
			r.waitFor(replied.ID, status(store.RunWaiting))
			r.waitFor(silent.ID, status(store.RunWaiting))
			taken, err := r.engine.DeliverReply(context.Background(), r.tenant, flow.Message{Text: "Ana", Channel: "whatsapp"}, "c1")
			if err != nil || !taken[id] {
				t.Fatalf("reply not taken: %v %v", taken, err)
			}
			r.waitFor(replied.ID, status(store.RunCompleted))
			if got := strings.Join(r.path(replied.ID), ","); got != "ask,reply,thanks" {
				t.Fatalf("replied path %s", got)
			}
			r.clock.Advance(61 * time.Minute) // the wait times out: on_timeout, then a 30m delay
			r.engine.Notify()
			r.waitFor(silent.ID, func(run store.Run) bool { return run.WaitKind == WaitDelay })
			r.clock.Advance(31 * time.Minute)
			r.engine.Notify()
			r.waitFor(silent.ID, status(store.RunCompleted))
			if got := strings.Join(r.path(silent.ID), ","); got != "ask,reply,nudge,bye" {
				t.Fatalf("silent path %s", got)
			}
		})
	}
}

const retrying = `version: 1
name: retrying
trigger: {on: manual}
steps:
  - id: send
    uses: test.send
    with: {text: hi}
    retry: {max_attempts: 3, backoff: 1s}
  - id: fail
    uses: test.broken
    with: {text: x}
    on_error: recover
  - id: unreachable
    uses: end
  - id: recover
    uses: set
    with: {recovered: "{{ steps.fail.error != '' }}"}
`

func TestRetriesKeepTheIdempotencyKeyAndOnErrorBranches(t *testing.T) {
	r := newRig(t, openStores(t)["sqlite"]())
	r.calls.failures["test.send"] = 2
	r.calls.failures["test.broken"] = 99
	id := r.publish(retrying)
	run := r.run(id, Start{})
	for i := 0; i < 2; i++ { // two retries parked on backoff timers
		r.waitFor(run.ID, func(x store.Run) bool { return x.WaitKind == WaitRetry && x.Steps == i+1 })
		r.clock.Advance(5 * time.Second)
		r.engine.Notify()
	}
	done := r.waitFor(run.ID, status(store.RunCompleted))
	key := run.ID + ":send:1"
	if r.calls.keys[key] != 3 {
		t.Fatalf("send attempts under one key: %v", r.calls.keys)
	}
	if r.state(done).Vars["recovered"] != true {
		t.Fatalf("on_error branch not taken: %v", r.state(done).Vars)
	}
	trace := r.path(run.ID)
	if fmt.Sprint(trace) != "[send send send fail recover]" {
		t.Fatalf("trace %v", trace)
	}
	// The plugin calls were told which failure the engine would try again:
	// send's first two of three attempts; broken has one attempt (no retry).
	if got := fmt.Sprint(r.calls.willRetry); got != "map[test.broken:[false] test.send:[true true]]" {
		t.Fatalf("WillRetry told the failed calls %s", got)
	}
}

// TestWillRetryOutsideAStepOrWhileStopping: a call outside an engine's step
// is told a passing error is retried and a permanent one is not; any
// error while the engine stops is retried (the step runs again after the
// restart).
func TestWillRetryOutsideAStepOrWhileStopping(t *testing.T) {
	ctx := context.Background()
	passing, permanent := sdk.Retryable(errors.New("hiccup"), 0), sdk.Permanent(errors.New("no"), "131026")
	if !WillRetry(ctx, passing) || WillRetry(ctx, permanent) || WillRetry(ctx, nil) {
		t.Fatal("outside a step: a passing error is retried, a permanent one and nil are not")
	}
	step := &PlanStep{Retry: retryPolicy{MaxAttempts: 1}, OnTimeout: noTarget}
	stopping, stop := context.WithCancel(withTry(ctx, step, 0))
	stop()
	if !WillRetry(stopping, permanent) || WillRetry(withTry(ctx, step, 0), passing) {
		t.Fatal("a stopping engine runs the step again; a last attempt is not retried")
	}
	if WillRetry(withTry(ctx, &PlanStep{Retry: retryPolicy{MaxAttempts: 3}, OnTimeout: 3}, 0), context.DeadlineExceeded) {
		t.Fatal("a timeout with on_timeout is retried")
	}
}

const looping = `version: 1
name: looping
trigger: {on: manual}
steps:
  - id: again
    uses: delay
    with: {duration: 1s}
  - id: back
    uses: goto
    with: {step: again}
`

func TestLoopGuardFailsARunawayRun(t *testing.T) {
	r := newRig(t, openStores(t)["sqlite"]())
	r.engine.Interp.MaxSteps = 20
	id := r.publish(looping)
	run := r.run(id, Start{})
	for i := 0; i < 40; i++ {
		r.clock.Advance(2 * time.Second)
		r.engine.Notify()
		time.Sleep(5 * time.Millisecond)
		if x, _ := r.store.GetRun(context.Background(), r.tenant, run.ID); x.Status == store.RunFailed {
			if !strings.Contains(x.Error, "loop guard") {
				t.Fatal(x.Error)
			}
			return
		}
	}
	t.Fatal("the loop guard never stopped the run")
}

func TestCancelAndRetryFrom(t *testing.T) {
	r := newRig(t, openStores(t)["sqlite"]())
	id := r.publish(waiting)
	run := r.run(id, Start{Contact: flow.Contact{ID: "c9"}})
	r.waitFor(run.ID, status(store.RunWaiting))
	if _, err := r.engine.Cancel(context.Background(), r.tenant, run.ID); err != nil {
		t.Fatal(err)
	}
	if taken, _ := r.engine.DeliverReply(context.Background(), r.tenant, flow.Message{Text: "x"}, "c9"); taken[id] {
		t.Fatal("a cancelled run took a reply")
	}
	if _, err := r.engine.RetryFrom(context.Background(), r.tenant, run.ID, "thanks"); err != nil {
		t.Fatal(err)
	}
	r.waitFor(run.ID, status(store.RunCompleted))
	if _, err := r.engine.Cancel(context.Background(), "ten_other", run.ID); err == nil {
		t.Fatal("another tenant cancelled the run")
	}
}
