package webhooks

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/masteria/masteria/core/store"
)

// TestRetriesOn500ThenDelivers: a 5xx is retried on the schedule (5 s,
// then 5 min), with the same webhook-id and body and a new timestamp each
// time, until a 2xx delivers it.
func TestRetriesOn500ThenDelivers(t *testing.T) {
	r := newReceiver(t, answer{status: 500}, answer{status: 503}, answer{status: 200})
	k := newKit(t, r.host())
	ep := k.endpoint(r.URL + "/hook")
	d := k.enqueue(ep.ID, "contact.created", `{"id":"ctc_1"}`)
	start := k.clock.Now()

	k.sendDue()
	got := k.delivery(d.ID)
	if got.State != store.DeliveryPending || got.Attempts != 1 || got.LastStatus != 500 || got.LastError != "500 Internal Server Error" ||
		!got.NextAttemptAt.Equal(start.Add(5*time.Second)) {
		t.Fatalf("after the first 500: %+v", got)
	}
	k.clock.Advance(4 * time.Second)
	k.sendDue()
	if n := len(r.requests()); n != 1 {
		t.Fatalf("retried before it was due: %d requests", n)
	}
	k.clock.Advance(time.Second)
	k.sendDue()
	if got := k.delivery(d.ID); got.Attempts != 2 || got.LastStatus != 503 || !got.NextAttemptAt.Equal(k.clock.Now().Add(5*time.Minute)) {
		t.Fatalf("after the 503: %+v", got)
	}
	k.clock.Advance(5 * time.Minute)
	k.sendDue()
	got = k.delivery(d.ID)
	if got.State != store.DeliveryDelivered || got.Attempts != 3 || got.LastStatus != 200 || got.LastError != "" || !got.NextAttemptAt.IsZero() {
		t.Fatalf("delivered: %+v", got)
	}
	reqs := r.requests()
	if len(reqs) != 3 {
		t.Fatalf("%d requests", len(reqs))
	}
	for i, req := range reqs {
		body := verify(t, ep.Secret, req, k.clock.Now().Add(-5*time.Minute+time.Duration(i)*time.Second))
		if req.Header.Get("webhook-id") != d.EventID || string(req.Body) != string(reqs[0].Body) || body["type"] != "contact.created" {
			t.Fatalf("attempt %d: id %q body %s", i+1, req.Header.Get("webhook-id"), req.Body)
		}
	}
	if reqs[0].Header.Get("webhook-timestamp") == reqs[2].Header.Get("webhook-timestamp") {
		t.Fatal("each attempt is signed at its own time")
	}
	k.sendDue() // nothing more is due
	if len(r.requests()) != 3 {
		t.Fatal("a delivered event was sent again")
	}
}

// TestGoneDisablesTheEndpoint: a 410 fails the delivery at once and turns
// the endpoint off, saying why; its next deliveries are not sent.
func TestGoneDisablesTheEndpoint(t *testing.T) {
	r := newReceiver(t, answer{status: 410})
	k := newKit(t, r.host())
	disabled := 0
	k.sender.Disabled = func() { disabled++ }
	ep := k.endpoint(r.URL)
	d := k.enqueue(ep.ID, "message.received", `{}`)
	k.sendDue()
	if got := k.delivery(d.ID); got.State != store.DeliveryFailed || got.LastStatus != 410 || got.Attempts != 1 {
		t.Fatalf("%+v", got)
	}
	e := k.endpointState(ep.ID)
	if e.Enabled || e.State != StateGone || e.DisabledAt == nil || disabled != 1 {
		t.Fatalf("endpoint after 410: %+v (told %d)", e, disabled)
	}
	next := k.enqueue(ep.ID, "message.received", `{}`)
	k.sendDue()
	if got := k.delivery(next.ID); got.State != store.DeliveryFailed || !strings.Contains(got.LastError, "disabled") || len(r.requests()) != 1 {
		t.Fatalf("a disabled endpoint's delivery: %+v (%d requests)", got, len(r.requests()))
	}
	// Enabling it again clears the reason.
	on := true
	if e, err := k.svc.Update(context.Background(), k.owner, ep.ID, EndpointPatch{Enabled: &on}); err != nil || e.State != StateEnabled || e.DisabledAt != nil {
		t.Fatalf("re-enabled: %+v %v", e, err)
	}
}

// TestRedirectIsNotFollowed: a 3xx is the answer, a failure to retry;
// the Location is never requested.
func TestRedirectIsNotFollowed(t *testing.T) {
	r := newReceiver(t, answer{status: 302, header: map[string]string{"Location": "/elsewhere"}})
	k := newKit(t, r.host())
	ep := k.endpoint(r.URL + "/hook")
	d := k.enqueue(ep.ID, "message.received", `{}`)
	k.sendDue()
	got := k.delivery(d.ID)
	if got.State != store.DeliveryPending || got.LastStatus != 302 || !strings.Contains(got.LastError, "redirect not followed") {
		t.Fatalf("%+v", got)
	}
	if reqs := r.requests(); len(reqs) != 1 || reqs[0].Path != "/hook" {
		t.Fatalf("requests: %+v", reqs)
	}
}

// TestRetryAfterIsHonoured: a throttling answer (429, 502, 503, 504) with
// Retry-After sets the next attempt by it, in seconds or as a date.
func TestRetryAfterIsHonoured(t *testing.T) {
	k0 := newClock().Now()
	r := newReceiver(t,
		answer{status: 429, header: map[string]string{"Retry-After": "120"}},
		answer{status: 504, header: map[string]string{"Retry-After": k0.Add(2*time.Minute + 45*time.Minute).Format(http.TimeFormat)}},
		answer{status: 500, header: map[string]string{"Retry-After": "3600"}}, // not a throttle: the schedule
	)
	k := newKit(t, r.host())
	ep := k.endpoint(r.URL)
	d := k.enqueue(ep.ID, "message.status", `{}`)
	k.sendDue()
	if got := k.delivery(d.ID); got.LastStatus != 429 || !got.NextAttemptAt.Equal(k0.Add(2*time.Minute)) {
		t.Fatalf("after 429: next %v", got.NextAttemptAt)
	}
	k.clock.Advance(2 * time.Minute)
	k.sendDue()
	if got := k.delivery(d.ID); got.LastStatus != 504 || !got.NextAttemptAt.Equal(k0.Add(47*time.Minute)) {
		t.Fatalf("after 504 with a date: next %v", got.NextAttemptAt)
	}
	k.clock.Set(k0.Add(47 * time.Minute))
	k.sendDue()
	if got := k.delivery(d.ID); got.LastStatus != 500 || got.Attempts != 3 || !got.NextAttemptAt.Equal(k.clock.Now().Add(Schedule[2])) {
		t.Fatalf("after 500: %+v", got)
	}
}

// TestRunningOutOfRetriesFailsAndDisables: ten attempts on the schedule,
// then the delivery fails and the endpoint, which took nothing since,
// is turned off as failing. An endpoint that took a later event stays on.
func TestRunningOutOfRetriesFailsAndDisables(t *testing.T) {
	var always []answer
	for range 2 * MaxAttempts {
		always = append(always, answer{status: 500})
	}
	r := newReceiver(t, always...)
	k := newKit(t, r.host())
	ep := k.endpoint(r.URL)
	d := k.enqueue(ep.ID, "message.received", `{}`)
	start := k.clock.Now()
	for i := range MaxAttempts {
		k.sendDue()
		got := k.delivery(d.ID)
		if got.Attempts != i+1 {
			t.Fatalf("attempt %d: %+v", i+1, got)
		}
		if i+1 < MaxAttempts {
			k.clock.Set(got.NextAttemptAt)
		}
	}
	if got := k.delivery(d.ID); got.State != store.DeliveryFailed || !got.NextAttemptAt.IsZero() {
		t.Fatalf("after the schedule: %+v", got)
	}
	var total time.Duration
	for _, w := range Schedule {
		total += w
	}
	if spent := k.clock.Now().Sub(start); spent != total {
		t.Fatalf("the schedule took %v, want %v", spent, total)
	}
	if e := k.endpointState(ep.ID); e.Enabled || e.State != StateFailing {
		t.Fatalf("endpoint: %+v", e)
	}

	// A second endpoint: its first event keeps failing while a later one
	// is taken, so it is not turned off.
	r2 := newReceiver(t)
	k.sender.Client = NewEgress([]string{r.host(), r2.host()}, nil).Client()
	k.svc.Egress = NewEgress([]string{r.host(), r2.host()}, nil)
	ep2 := k.endpoint(r2.URL)
	stuck := k.enqueue(ep2.ID, "message.received", `{}`)
	for range MaxAttempts - 1 { // fail it by hand until its last attempt
		s := k.delivery(stuck.ID)
		s.Attempts, s.NextAttemptAt = s.Attempts+1, k.clock.Now().Add(time.Hour)
		if err := k.st.RecordWebhookAttempt(context.Background(), s); err != nil {
			t.Fatal(err)
		}
	}
	k.clock.Advance(time.Minute)
	k.enqueue(ep2.ID, "message.received", `{"later":true}`)
	k.sendDue() // the later one is delivered
	k.clock.Advance(time.Hour)
	r2.mu.Lock()
	r2.answers = []answer{{status: 500}}
	r2.mu.Unlock()
	k.sendDue()
	if got := k.delivery(stuck.ID); got.State != store.DeliveryFailed {
		t.Fatalf("stuck: %+v", got)
	}
	if e := k.endpointState(ep2.ID); !e.Enabled {
		t.Fatalf("an endpoint that took a later event was turned off: %+v", e)
	}
}

// TestRestartResumesAPendingRetry: a retry waiting in the store is made
// by the next server, with the same webhook-id.
func TestRestartResumesAPendingRetry(t *testing.T) {
	r := newReceiver(t, answer{status: 500})
	k := newKit(t, r.host())
	ep := k.endpoint(r.URL)
	d := k.enqueue(ep.ID, "conversation.created", `{"id":"cnv_1"}`)
	k.sendDue()
	k.restart()
	k.clock.Advance(5 * time.Second)
	k.sendDue()
	got := k.delivery(d.ID)
	if got.State != store.DeliveryDelivered || got.Attempts != 2 {
		t.Fatalf("after the restart: %+v", got)
	}
	reqs := r.requests()
	if len(reqs) != 2 || reqs[1].Header.Get("webhook-id") != d.EventID {
		t.Fatalf("requests: %d", len(reqs))
	}
	verify(t, ep.Secret, reqs[1], k.clock.Now())
	// A claim that died mid-attempt (a crash) is retried once its lease ends.
	d2 := k.enqueue(ep.ID, "conversation.created", `{"id":"cnv_2"}`)
	if _, err := k.st.ClaimWebhookDeliveries(context.Background(), k.clock.Now(), k.clock.Now().Add(claimLease), 10); err != nil {
		t.Fatal(err)
	}
	k.restart()
	k.sendDue()
	if got := k.delivery(d2.ID); got.Attempts != 0 {
		t.Fatalf("tried inside another's lease: %+v", got)
	}
	k.clock.Advance(claimLease)
	k.sendDue()
	if got := k.delivery(d2.ID); got.State != store.DeliveryDelivered {
		t.Fatalf("after the lease: %+v", got)
	}
}

// TestRotationSignsWithBothSecrets: for a day after a rotation the old
// secret signs beside the new one; then only the new one does.
func TestRotationSignsWithBothSecrets(t *testing.T) {
	r := newReceiver(t)
	k := newKit(t, r.host())
	ep := k.endpoint(r.URL)
	rot, err := k.svc.RotateSecret(context.Background(), k.owner, ep.ID)
	if err != nil || rot.Secret == ep.Secret || rot.PreviousSecretUntil == nil {
		t.Fatalf("%+v %v", rot, err)
	}
	k.enqueue(ep.ID, "message.received", `{}`)
	k.sendDue()
	req := r.wait(t, 1)
	if n := len(strings.Fields(req.Header.Get("webhook-signature"))); n != 2 {
		t.Fatalf("%d signatures during the overlap", n)
	}
	verify(t, ep.Secret, req, k.clock.Now())
	verify(t, rot.Secret, req, k.clock.Now())
	k.clock.Advance(RotationOverlap)
	k.enqueue(ep.ID, "message.received", `{}`)
	k.sendDue()
	req = r.wait(t, 2)
	if sigs := strings.Fields(req.Header.Get("webhook-signature")); len(sigs) != 1 {
		t.Fatalf("after the overlap: %v", sigs)
	}
	verify(t, rot.Secret, req, k.clock.Now())
}

// TestTestEventIsTriedOnce: POST …/test sends webhook.test now, signed,
// and answers with the outcome; a failing one is not retried and a 410
// to it turns nothing off.
func TestTestEventIsTriedOnce(t *testing.T) {
	r := newReceiver(t, answer{status: 200}, answer{status: 410})
	k := newKit(t, r.host())
	ep := k.endpoint(r.URL)
	d, err := k.svc.Test(context.Background(), k.owner, ep.ID)
	if err != nil || d.State != store.DeliveryDelivered || d.LastStatus != 200 || d.EventType != TestEvent || !d.Test {
		t.Fatalf("%+v %v", d, err)
	}
	body := verify(t, ep.Secret, r.wait(t, 1), k.clock.Now())
	if data := body["data"].(map[string]any); body["type"] != TestEvent || data["endpoint_id"] != ep.ID {
		t.Fatalf("test body: %v", body)
	}
	d, err = k.svc.Test(context.Background(), k.owner, ep.ID)
	if err != nil || d.State != store.DeliveryFailed || d.LastStatus != 410 || d.NextAttemptAt != nil {
		t.Fatalf("%+v %v", d, err)
	}
	if e := k.endpointState(ep.ID); !e.Enabled {
		t.Fatal("a test's 410 turned the endpoint off")
	}
	k.clock.Advance(time.Hour)
	k.sendDue()
	if n := len(r.requests()); n != 2 {
		t.Fatalf("a test was retried: %d requests", n)
	}
	list, _ := k.svc.Deliveries(context.Background(), k.owner, ep.ID, 0)
	if len(list) != 2 || list[0].LastStatus != 410 || list[1].LastStatus != 200 {
		raw, _ := json.Marshal(list)
		t.Fatalf("deliveries: %s", raw)
	}
}
