package campaigns

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/masteria/masteria/core/bus"
	"github.com/masteria/masteria/core/store"
	"github.com/masteria/masteria/sdk"
)

// TestHandleAllMatchesHandle: the ledger's consumer applies the events
// that have arrived together (HandleAll, the reports in one transaction).
// The same events (reports late, repeated, out of order, failed with a
// code, on a message no send holds, the inbox's on a copy and on a
// message no campaign sent, and an opt-out) leave one ledger applied
// together exactly as another applied one by one (Handle).
func TestHandleAllMatchesHandle(t *testing.T) {
	for _, driver := range []string{"sqlite", "postgres"} {
		t.Run(driver, func(t *testing.T) {
			_, base := startWhatsApp(t, nil)
			var got [2][]store.Send
			var progress [2]Progress
			for k, together := range []bool{false, true} {
				r := newRig(t, driver, newGraphSender(base))
				cs := r.contacts(4, nil)
				r.start()
				c := r.launch("status", "whatsapp", Spec{Message: hello(), Pacing: unlimited})
				r.waitFor(c.ID, "completion", completed)
				r.stop() // the test hands the ledger its events
				sends := map[string]store.Send{}
				for _, row := range sendsOf(t, r, c.ID) {
					sends[row.ContactID] = row
				}
				evs := ledgerEvents(t, r.p.TenantID, cs, sends)
				if together {
					for i, err := range r.svc.HandleAll(context.Background(), evs) {
						if err != nil {
							t.Fatalf("event %d: %v", i, err)
						}
					}
				} else {
					for i, ev := range evs {
						if err := r.svc.Handle(context.Background(), ev.TenantID, ev.Type, ev.Payload); err != nil {
							t.Fatalf("event %d: %v", i, err)
						}
					}
				}
				for _, ct := range cs {
					row, err := r.st.GetSend(context.Background(), r.p.TenantID, sends[ct.ID].ID)
					if err != nil {
						t.Fatal(err)
					}
					got[k] = append(got[k], row)
				}
				progress[k], _ = r.svc.Progress(context.Background(), r.p, c.ID)
			}
			for i := range got[0] {
				if a, b := ledgerView(got[0][i]), ledgerView(got[1][i]); a != b {
					t.Errorf("contact %d: one by one %s, together %s", i, a, b)
				}
			}
			a, b := progress[0], progress[1]
			if a.Sent != 4 || a.Delivered != 3 || a.Read != 2 || a.Failed != 1 || a.OptedOut != 1 || a.Reasons["131026"] != 1 {
				t.Fatalf("one by one: %+v", a)
			}
			if a.Sent != b.Sent || a.Delivered != b.Delivered || a.Read != b.Read || a.Failed != b.Failed || a.OptedOut != b.OptedOut ||
				a.Reasons["131026"] != b.Reasons["131026"] {
				t.Fatalf("progress one by one %+v, together %+v", a, b)
			}
		})
	}
}

// ledgerEvents are the events TestHandleAllMatchesHandle applies, with
// report times of their own (so two ledgers stamp the same times).
func ledgerEvents(t *testing.T, tenantID string, cs []store.Contact, sends map[string]store.Send) []Event {
	a, b, d, e := sends[cs[0].ID], sends[cs[1].ID], sends[cs[2].ID], sends[cs[3].ID]
	at := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
	var evs []Event
	add := func(typ string, v any) {
		raw, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		evs = append(evs, Event{TenantID: tenantID, Type: typ, Payload: raw})
	}
	status := func(send store.Send, s sdk.DeliveryStatus, errs ...sdk.ProviderError) {
		at = at.Add(time.Second)
		add(bus.EventMessageStatus, sdk.StatusUpdate{ProviderMessageID: send.ProviderMessageID, Status: s, Timestamp: at, Errors: errs})
	}
	status(a, sdk.StatusRead) // read before delivered
	status(a, sdk.StatusDelivered)
	status(a, sdk.StatusRead) // repeated
	status(a, sdk.StatusFailed, sdk.ProviderError{Code: "131026"})
	status(b, sdk.StatusFailed, sdk.ProviderError{Code: "131026", Title: "Message undeliverable"})
	status(b, sdk.StatusDelivered)
	status(d, sdk.StatusDelivered)
	add(bus.EventMessageStatus, sdk.StatusUpdate{ProviderMessageID: "wamid.not-ours", Recipient: "5511000000000", Status: sdk.StatusRead})
	add(bus.EventContactConsent, store.Consent{ContactID: cs[2].ID, Channel: "whatsapp", Status: "opt_out"})
	// The inbox's reports: on a message no campaign sent (not the
	// ledger's), and on the copy of e's send.
	add(bus.EventMessageStatus, map[string]any{"message_id": "msg_agent", "provider_message_id": e.ProviderMessageID, "status": "read"})
	status(e, sdk.StatusDelivered)
	add(bus.EventMessageStatus, map[string]any{"message_id": "msg_copy", "provider_message_id": e.ProviderMessageID, "status": "read",
		"campaign_send_id": e.ID, "timestamp": at.Add(time.Second)})
	return evs
}

// ledgerView is what a report may change on a send, times included.
func ledgerView(s store.Send) string {
	ts := func(p *time.Time) string {
		if p == nil {
			return "-"
		}
		return p.UTC().Format(time.RFC3339Nano)
	}
	return fmt.Sprintf("%s code=%q error=%q delivered=%s read=%s failed=%s opted_out=%v", s.Status, s.ErrorCode, s.Error,
		ts(s.DeliveredAt), ts(s.ReadAt), ts(s.FailedAt), s.OptedOutAt != nil)
}
