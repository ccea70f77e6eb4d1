package whatsappcloud

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/masteria/masteria/plugins/whatsappcloud/sim"
	"github.com/masteria/masteria/sdk"
)

// TestHeldTemplateSendIsASuccess: a template send Meta answers
// "held_for_quality_assessment" (template pacing) is a send like any
// accepted one: its wamid, no error, nothing to retry. When the hold ends
// with the template paused, the failed status carries 132015, which the
// host records as the message's failure.
func TestHeldTemplateSendIsASuccess(t *testing.T) {
	f := newFixture(t, nil, nil)
	f.sim.InjectFault(sim.Fault{Held: true, Paused: 1, Hold: time.Minute})
	res, err := f.send(sdk.OutboundMessage{To: "+5511987650007", Kind: sdk.KindTemplate,
		Template: &sdk.Template{Name: "hello_world", Language: "en_US"}})
	if err != nil || res.MessageID == "" || !res.Held {
		t.Fatalf("a held send: %+v %v; want its wamid, held", res, err)
	}
	if m, _ := f.sim.Message(res.MessageID); m.Status != "held" {
		t.Fatalf("the simulator's record: %+v", m)
	}
	f.clock.Advance(time.Minute)
	var got []string
	for _, ev := range f.emitted() {
		if u, ok := ev.Payload.(sdk.StatusUpdate); ok && u.ProviderMessageID == res.MessageID {
			got = append(got, string(u.Status))
			if u.Status == sdk.StatusFailed && (len(u.Errors) != 1 || u.Errors[0].Code != "132015") {
				t.Fatalf("the paused template's status: %+v", u)
			}
		}
	}
	if !slices.Equal(got, []string{"failed"}) {
		t.Fatalf("statuses after the hold: %v", got)
	}
}

// TestHeldSendSaysHeld: whatsapp.send's output says held, true for a
// template Meta holds, false for one it accepts, and a retried step (the
// same idempotency key) says what the first answer said without sending.
func TestHeldSendSaysHeld(t *testing.T) {
	f := newFixture(t, nil, nil)
	send := func(key string) sdk.Output {
		t.Helper()
		spec, _ := f.plugin.Manifest().Action(ActionSend)
		in, err := spec.ParseInput(map[string]any{"to": "+5511987650008", "kind": "template",
			"template": map[string]any{"name": "hello_world", "language": "en_US"}})
		if err != nil {
			t.Fatal(err)
		}
		in.IdempotencyKey = key
		out, err := f.plugin.Actions()[ActionSend].Invoke(context.Background(), in)
		if err != nil {
			t.Fatal(err)
		}
		if errs := spec.Output.Validate(out.Values); errs != nil {
			t.Fatalf("the output against its declared schema: %v", errs)
		}
		return out
	}
	if out := send("accepted"); out.Values["held"] != false {
		t.Fatalf("an accepted send's output: %v", out.Values)
	}
	f.sim.InjectFault(sim.Fault{Held: true, Hold: time.Minute})
	held := send("held")
	if held.Values["held"] != true {
		t.Fatalf("a held send's output: %v", held.Values)
	}
	f.sim.ClearFaults()
	if again := send("held"); again.Values["held"] != true || again.Values["message_id"] != held.Values["message_id"] {
		t.Fatalf("the held send's step retried: %v, want %v", again.Values, held.Values)
	}
	if n := len(f.sim.Messages(sim.Filter{})); n != 2 {
		t.Fatalf("the simulator has %d messages, want 2 (the retry sends nothing)", n)
	}
}

// TestBatchedWebhooksGiveStableEvents: the simulator batches webhooks
// (several messages and statuses in one POST) and sends each POST twice;
// the plugin reports every update of a batch, and the duplicate batch's
// events carry the same IDs, which the host stores once.
func TestBatchedWebhooksGiveStableEvents(t *testing.T) {
	f := newFixture(t, func(c *sim.Config) {
		c.WebhookBatch = sim.WebhookBatch{MaxUpdates: 100, Linger: 5 * time.Second}
		c.Progression = sim.Progression{Sent: time.Second, Delivered: time.Second, Read: sim.Never}
	}, nil)
	f.sim.SetWebhookFaults(sim.WebhookFaults{Duplicate: 1})
	in := []string{f.inbound(sim.InboundText("5511987650001", "um")), f.inbound(sim.InboundText("5511987650002", "dois"))}
	f.clock.Advance(5 * time.Second)
	res, err := f.send(sdk.OutboundMessage{To: "+5511987650001", Kind: sdk.KindText, Text: "olá"})
	if err != nil {
		t.Fatal(err)
	}
	in = append(in, f.inbound(sim.InboundText("5511987650002", "três")))
	f.clock.Advance(10 * time.Second)
	ids := map[string]int{}
	for _, ev := range f.emitted() {
		ids[ev.ID]++
	}
	want := []string{"in:" + in[0], "in:" + in[1], "in:" + in[2], "st:" + res.MessageID + ":sent", "st:" + res.MessageID + ":delivered"}
	for _, id := range want {
		if ids[id] != 2 {
			t.Errorf("event %s reported %d times over a batch and its duplicate, want 2 (one ID)", id, ids[id])
		}
	}
	if len(ids) != len(want) {
		t.Errorf("events %v, want only %v", ids, want)
	}
	if posts := len(f.sim.Webhooks()); posts != 4 {
		t.Errorf("%d POSTs, want two batches, each twice", posts)
	}
}
