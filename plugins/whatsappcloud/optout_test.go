package whatsappcloud

import (
	"testing"

	"github.com/masteria/masteria/plugins/whatsappcloud/sim"
	"github.com/masteria/masteria/sdk"
)

// keywordEvents has user write each text through the simulator to a
// connection opened with config, and returns the keyword events that
// came out of the webhooks, after the message.received each follows.
func keywordEvents(t *testing.T, config map[string]any, ins ...sim.Inbound) []sdk.Event {
	t.Helper()
	f := newFixture(t, nil, config)
	var out []sdk.Event
	for _, in := range ins {
		before := len(f.emitted())
		f.inbound(in)
		f.clock.Advance(0)
		got := f.emitted()[before:]
		if len(got) == 0 || got[0].Subject != sdk.SubjectMessageReceived {
			t.Fatalf("%+v: events %+v, want message.received first", in, got)
		}
		out = append(out, got[1:]...)
	}
	return out
}

// TestKeywordOptOut: a WhatsApp text that is an opt-out keyword alone —
// punctuation, emoji, case and accents aside — is reported as
// whatsapp.opted_out with the sender's wa_id, keyed by its wamid; START
// as whatsapp.opted_in.
func TestKeywordOptOut(t *testing.T) {
	for text, want := range map[string]string{
		"PARAR": SubjectOptedOut, "Sair.": SubjectOptedOut, "SAIR!": SubjectOptedOut, " parar 🙏": SubjectOptedOut,
		"CANCELÁR": SubjectOptedOut, "stop": SubjectOptedOut, "Start!": SubjectOptedIn, "unstop": SubjectOptedIn,
	} {
		t.Run(text, func(t *testing.T) {
			events := keywordEvents(t, nil, sim.InboundText(user, text))
			if len(events) != 1 || events[0].Subject != want {
				t.Fatalf("events %+v, want one %s", events, want)
			}
			p := events[0].Payload.(map[string]string)
			if p["phone"] != user || p["keyword"] == "" || p["message_id"] == "" || events[0].ID[len(events[0].ID)-len(p["message_id"]):] != p["message_id"] {
				t.Errorf("event %+v", events[0])
			}
		})
	}
}

// TestKeywordOptOutIgnores: sentences, YES, button and list picks and
// media captions are ordinary messages; so is every keyword on a
// connection with keyword_opt_out off.
func TestKeywordOptOutIgnores(t *testing.T) {
	ins := []sim.Inbound{sim.InboundText(user, "não quero sair"), sim.InboundText(user, "stop please"),
		sim.InboundText(user, "quero parar de receber"), sim.InboundText(user, "yes"), sim.InboundText(user, "sim"),
		sim.InboundButtonReply(user, "wamid.ctx", "exit", "Sair"), sim.InboundListReply(user, "wamid.ctx", "stop", "Parar", ""),
		sim.InboundMedia(user, "image", []byte("jpeg"), "image/jpeg", "SAIR")}
	if events := keywordEvents(t, map[string]any{"download_media": false}, ins...); len(events) != 0 {
		t.Errorf("keyword events %+v, want none", events)
	}
	off := map[string]any{"keyword_opt_out": false}
	if events := keywordEvents(t, off, sim.InboundText(user, "PARAR"), sim.InboundText(user, "START")); len(events) != 0 {
		t.Errorf("keyword_opt_out off: %+v", events)
	}
}
