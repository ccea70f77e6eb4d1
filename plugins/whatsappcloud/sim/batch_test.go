package sim

import (
	"fmt"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"
)

// updatesIn lists "messages:<id>" and "statuses:<id>:<status>" of every
// change of every entry of a notification, and how many entries and
// changes it had.
func updatesIn(n map[string]any) (ids []string, entries, changes int) {
	for _, e := range n["entry"].([]any) {
		entries++
		for _, c := range e.(map[string]any)["changes"].([]any) {
			changes++
			v := c.(map[string]any)["value"].(map[string]any)
			ms, _ := v["messages"].([]any)
			for _, m := range ms {
				ids = append(ids, "messages:"+m.(map[string]any)["id"].(string))
			}
			sts, _ := v["statuses"].([]any)
			for _, s := range sts {
				st := s.(map[string]any)
				ids = append(ids, "statuses:"+st["id"].(string)+":"+st["status"].(string))
			}
		}
	}
	return ids, entries, changes
}

// TestWebhooksBatched: with batching on, the updates of a linger go to
// the app's callback in one signed POST (the platform fixture checks
// every signature): an entry per business account, changes per number
// and kind, inbound messages and statuses mixed, every update once; a
// batch that reaches its size goes at once, without waiting.
func TestWebhooksBatched(t *testing.T) {
	f := newFixture(t, func(c *Config) {
		second := c.Accounts[0]
		second.ID, second.AccessTokens = "200000000000001", []string{"second-token"}
		second.PhoneNumbers = []PhoneNumber{{ID: "200000000000002", DisplayPhoneNumber: "5511900000002", VerifiedName: "Filial"}}
		c.Accounts = append(c.Accounts, second)
		c.Progression = Progression{Sent: time.Second, Delivered: Never}
		c.WebhookBatch = WebhookBatch{MaxUpdates: 5, Linger: 2 * time.Second}
	})
	var want []string
	for i, phone := range []string{DemoPhoneNumberID, "200000000000002", DemoPhoneNumberID} {
		in := InboundText(fmt.Sprintf("55119876500%02d", i), "oi")
		in.PhoneNumberID = phone
		id, err := f.sim.InjectInbound(in)
		if err != nil {
			t.Fatal(err)
		}
		want = append(want, "messages:"+id)
	}
	_, resp := f.send(textTo("5511987650000", "olá"))
	want = append(want, "statuses:"+dig(resp, "messages", 0, "id").(string)+":sent")
	f.clock.Advance(time.Second) // the sent status joins the batch; its linger has not ended
	if n := len(f.hooks.notifications()); n != 0 {
		t.Fatalf("%d POSTs before the linger ended", n)
	}
	f.clock.Advance(time.Second)
	notes := f.hooks.notifications()
	if len(notes) != 1 {
		t.Fatalf("%d POSTs, want one batch", len(notes))
	}
	got, entries, changes := updatesIn(notes[0])
	sort.Strings(got)
	sort.Strings(want)
	if !reflect.DeepEqual(got, want) || entries != 2 || changes != 3 {
		t.Fatalf("batch: %v in %d entries and %d changes; want %v in 2 entries, 3 changes", got, entries, changes, want)
	}
	if d := f.sim.Webhooks()[0]; d.Kind != "batch" || d.Updates != 4 || !d.Delivered {
		t.Fatalf("delivery record %+v", d)
	}

	for i := range 5 { // a full batch goes without waiting for its linger
		if _, err := f.sim.InjectInbound(InboundText(fmt.Sprintf("55119876501%02d", i), "oi")); err != nil {
			t.Fatal(err)
		}
	}
	f.clock.Advance(0)
	if notes := f.hooks.notifications(); len(notes) != 2 {
		t.Fatalf("%d POSTs after a full batch, want 2", len(notes))
	} else if got, _, changes := updatesIn(notes[1]); len(got) != 5 || changes != 1 {
		t.Fatalf("full batch: %v in %d changes", got, changes)
	}
}

// TestWebhookBatchByFaults: the webhook faults turn batching on (and
// override the configuration), with duplicates and drops applying to a
// whole POST; their mistakes are named.
func TestWebhookBatchByFaults(t *testing.T) {
	set, err := ParseFaults([]byte(`{"webhooks":{"batch":100,"linger":"300ms","duplicate":1}}`))
	if err != nil || set.Webhooks.Batch != 100 || set.Webhooks.Linger != 300*time.Millisecond {
		t.Fatalf("%+v %v", set, err)
	}
	f := newFixture(t, nil)
	f.sim.ApplyFaults(set)
	for i := range 3 {
		if _, err := f.sim.InjectInbound(InboundText(fmt.Sprintf("55119876502%02d", i), "oi")); err != nil {
			t.Fatal(err)
		}
	}
	f.clock.Advance(300 * time.Millisecond)
	notes := f.hooks.notifications()
	if len(notes) != 2 || !reflect.DeepEqual(notes[0], notes[1]) {
		t.Fatalf("a duplicated batch is the same POST twice: %d POSTs", len(notes))
	}
	if got, _, _ := updatesIn(notes[0]); len(got) != 3 {
		t.Fatalf("batch %v", got)
	}
	for body, want := range map[string]string{
		`{"webhooks":{"batch":1001}}`:         "webhooks.batch: 1001 is not between 0 and 1000",
		`{"webhooks":{"linger":"1s"}}`:        "webhooks: linger is how long a batch waits; give batch",
		`{"webhooks":{"batch":5,"linger":7}}`: "a duration is a string",
	} {
		if _, err := ParseFaults([]byte(body)); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v, want %q", body, err, want)
		}
	}
}

// TestWebhookRetriedAtOnceThenLessOften: a refused POST is tried again
// at once, then 1 s, 4 s and 16 s later (Meta: "immediately, then with
// decreasing frequency").
func TestWebhookRetriedAtOnceThenLessOften(t *testing.T) {
	f := newFixture(t, nil)
	f.hooks.fail = 4
	f.openWindow(user)
	f.clock.Advance(0)
	if d := f.sim.Webhooks()[0]; d.Attempts != 2 || d.Delivered {
		t.Fatalf("after the first refusal: %+v, want a second attempt at once", d)
	}
	for i, step := range []time.Duration{time.Second, 4 * time.Second, 16 * time.Second} {
		f.clock.Advance(step - time.Millisecond)
		if d := f.sim.Webhooks()[0]; d.Attempts != 2+i {
			t.Fatalf("retry %d came early: %+v", i+3, d)
		}
		f.clock.Advance(time.Millisecond)
	}
	if d := f.sim.Webhooks()[0]; d.Attempts != 5 || !d.Delivered || len(f.hooks.notifications()) != 1 {
		t.Fatalf("delivery record %+v", d)
	}
}

// TestReadWithoutDelivered: with the fault, a read message's delivered
// webhook never comes; the read alone is shaped as Meta's v24 "read"
// example (published with "status": "sent", which it is not: see the
// vectors' SOURCES.md).
func TestReadWithoutDelivered(t *testing.T) {
	f := newFixture(t, nil)
	f.sim.SetWebhookFaults(WebhookFaults{ReadWithoutDelivered: 1})
	f.openWindow("16505551234")
	status, resp := f.send(textTo("16505551234", "x"))
	if status != 200 {
		t.Fatal(status)
	}
	id := dig(resp, "messages", 0, "id").(string)
	f.clock.Advance(time.Minute)
	if got := f.statusesOf(id); !reflect.DeepEqual(got, []string{"sent", "read"}) {
		t.Fatalf("statuses %v, want sent and read", got)
	}
	var read map[string]any
	for _, n := range f.hooks.notifications() {
		if sts, _ := dig(n, "entry", 0, "changes", 0, "value", "statuses").([]any); len(sts) > 0 && sts[0].(map[string]any)["status"] == "read" {
			read = n
		}
	}
	want := decode(t, readVector(t, "webhook_status_read_v24_as_published.json"))
	for _, doc := range []map[string]any{read, want} {
		st := dig(doc, "entry", 0, "changes", 0, "value", "statuses", 0).(map[string]any)
		st["id"], st["timestamp"], st["status"] = "ID", "TS", "read"
		dig(doc, "entry", 0).(map[string]any)["id"] = "WABA"
		meta := dig(doc, "entry", 0, "changes", 0, "value", "metadata").(map[string]any)
		meta["display_phone_number"], meta["phone_number_id"] = "NUMBER", "PHONE_ID"
	}
	if !reflect.DeepEqual(read, want) {
		t.Fatalf("read status differs from the v24 read example:\n got %v\nwant %v", read, want)
	}
	if m, _ := f.sim.Message(id); m.Status != "read" || !m.DeliveredAt.IsZero() {
		t.Fatalf("record %+v", m)
	}
}
