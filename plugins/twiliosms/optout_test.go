package twiliosms

import (
	"errors"
	"net/url"
	"testing"

	"github.com/masteria/masteria/sdk"
)

// subjects lists the events' subjects.
func subjects(events []sdk.Event) []string {
	out := make([]string, len(events))
	for i, ev := range events {
		out[i] = ev.Subject
	}
	return out
}

// TestOptOutKeywords: each keyword texted through the simulator is
// recorded and honoured by the next send, which fails permanently with
// 21610 without reaching Twilio; START opts back in. Punctuation, emoji
// and accents around or on the keyword do not hide it.
func TestOptOutKeywords(t *testing.T) {
	for _, word := range []string{"STOP", "sair", " PARAR ", "Cancelar", "UNSUBSCRIBE", "Sair.", "SAIR!", " parar 🙏", "CANCELÁR"} {
		t.Run(word, func(t *testing.T) {
			f := newFixture(t, nil, nil)
			f.text(word)
			if got := subjects(f.emitted()); len(got) != 2 || got[1] != SubjectOptedOut {
				t.Fatalf("events %v, want message.received and %s", got, SubjectOptedOut)
			}
			before := f.createCount()
			_, err := f.send(hello)
			if c, _, code := sdk.ClassOf(err); c != sdk.ClassPermanent || code != "21610" || !errors.Is(err, ErrOptedOut) {
				t.Errorf("send after %q: %v", word, err)
			}
			if f.createCount() != before {
				t.Error("the refused send reached Twilio")
			}
			f.text("START")
			if got := subjects(f.emitted()); got[len(got)-1] != SubjectOptedIn {
				t.Errorf("events after START: %v", got)
			}
			if _, err := f.send(hello); err != nil {
				t.Errorf("send after START: %v", err)
			}
		})
	}
}

// TestOptOutWhateverTheNumbersForm: a STOP from +5511922223333 holds
// for a send to the same number written another way.
func TestOptOutWhateverTheNumbersForm(t *testing.T) {
	f := newFixture(t, nil, nil)
	form := inboundForm("SM000000000000000000000000000000b2", "PARAR")
	form.Set("From", "+5511922223333")
	p := f.open(map[string]any{"webhook_base_url": publicBase})
	if _, _, err := p.HandleWebhook(t.Context(), formPost("/", form)); err != nil {
		t.Fatal(err)
	}
	for _, to := range []string{"+5511922223333", "5511922223333", "+55 11 92222-3333"} {
		if err := p.checkOptOut(t.Context(), to); !errors.Is(err, ErrOptedOut) {
			t.Errorf("a send to %s after PARAR: %v", to, err)
		}
	}
	if err := p.checkOptOut(t.Context(), "+5511922223334"); err != nil {
		t.Errorf("another number: %v", err)
	}
}

// TestOptOutSources: Twilio's OptOutType (a custom keyword) and a 21610
// answer both record the opt-out; ordinary words do not.
func TestOptOutSources(t *testing.T) {
	f := newFixture(t, nil, nil)
	form := inboundForm("SM000000000000000000000000000000b1", "BASTA")
	form.Set("OptOutType", "STOP")
	form.Set("From", "+5511922223333")
	p := f.open(map[string]any{"webhook_base_url": publicBase})
	_, events, err := p.HandleWebhook(t.Context(), formPost("/", form))
	if err != nil || len(events) != 2 || events[1].Payload.(map[string]string)["keyword"] != "BASTA" {
		t.Fatalf("OptOutType=STOP: %v %v", events, err)
	}
	if err := p.checkOptOut(t.Context(), "+5511922223333"); !errors.Is(err, ErrOptedOut) {
		t.Errorf("custom keyword not recorded: %v", err)
	}
	f.sim.FailNext(1, 21610)
	if _, err := f.send(hello); classOf(err) != sdk.ClassPermanent {
		t.Fatal(err)
	}
	if err := f.plugin.checkOptOut(t.Context(), handset); !errors.Is(err, ErrOptedOut) {
		t.Errorf("21610 not recorded: %v", err)
	}
	reported := f.reported.Emitted()
	if len(reported) != 1 || reported[0].Subject != SubjectOptedOut || reported[0].Payload.(map[string]string)["phone"] != handset ||
		reported[0].Payload.(map[string]string)["keyword"] != optOut21610 {
		t.Errorf("a 21610 answer reported %+v, want one %s for %s", reported, SubjectOptedOut, handset)
	}
	// In a status callback, 21610 is reported beside the failed status.
	status := url.Values{"MessageSid": {"SM000000000000000000000000000000c1"}, "MessageStatus": {"undelivered"},
		"ErrorCode": {"21610"}, "To": {"+5511955556666"}}
	_, events, err = p.HandleWebhook(t.Context(), formPost("/status", status))
	if err != nil || len(events) != 2 || events[1].Subject != SubjectOptedOut || events[1].Payload.(map[string]string)["phone"] != "+5511955556666" {
		t.Fatalf("21610 status callback: %+v %v", events, err)
	}
	if err := p.checkOptOut(t.Context(), "+5511955556666"); !errors.Is(err, ErrOptedOut) {
		t.Errorf("21610 in a callback not recorded: %v", err)
	}
	for _, body := range []string{"stop please", "não quero sair", "quero parar de receber", "oi"} {
		if kind, _ := keyword(body, ""); kind != "" {
			t.Errorf("%q read as an opt-%s", body, kind)
		}
	}
	for body, want := range map[string]string{"Start!": "in", "yes 👍": "in", "Parar?": "out"} {
		if kind, _ := keyword(body, ""); kind != want {
			t.Errorf("%q read as %q, want opt-%s", body, kind, want)
		}
	}
}
