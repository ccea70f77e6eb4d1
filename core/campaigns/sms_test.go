package campaigns

import (
	"context"
	"net/http"
	"testing"
	"time"

	twiliosim "github.com/masteria/masteria/plugins/twiliosms/sim"
)

// TestSMSDuplicatesSuppressedAcrossCampaigns: the same text to the same
// phone inside the window goes once, whichever campaign sends it; another
// text goes.
func TestSMSDuplicatesSuppressedAcrossCampaigns(t *testing.T) {
	s, base := startTwilio(t)
	sender := &twilioSender{base: base, from: twiliosim.DemoShortCode, client: &http.Client{Timeout: 10 * time.Second}}
	r := newRig(t, "sqlite", channels{"sms": sender})
	r.contacts(10, nil)
	r.start()
	shortCode := Pacing{MPS: 100} // a short code sends 100 segments a second
	promo := Spec{Message: &Message{Text: "Promo de hoje: 20% off"}, Pacing: shortCode}
	first := r.launch("first", "sms", promo)
	r.waitFor(first.ID, "completion", completed)
	second := r.launch("second", "sms", promo)
	pr := r.waitFor(second.ID, "completion", completed)
	if pr.Sent != 0 || pr.Suppressed != 10 || pr.Reasons["duplicate_sms"] != 10 {
		t.Fatalf("the same text again: %+v", pr)
	}
	other := r.launch("other", "sms", Spec{Message: &Message{Text: "Oi {{ contact.first_name }}, novidade!"}, Pacing: shortCode})
	if pr := r.waitFor(other.ID, "completion", completed); pr.Sent != 10 {
		t.Fatalf("another text: %+v", pr)
	}
	if n := len(s.Messages(twiliosim.Filter{})); n != 20 {
		t.Fatalf("Twilio got %d messages, want 20", n)
	}
	if pr, _ := r.svc.Progress(context.Background(), r.p, first.ID); pr.Sent != 10 {
		t.Fatalf("first: %+v", pr)
	}
}
