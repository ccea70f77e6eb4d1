package campaigns

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/masteria/masteria/core/apperr"
	"github.com/masteria/masteria/core/ids"
	"github.com/masteria/masteria/core/plugin"
	"github.com/masteria/masteria/core/store"
	twiliosim "github.com/masteria/masteria/plugins/twiliosms/sim"
)

var smsPromo = &Message{Text: "Promo de hoje, {{ contact.first_name }}!"}

// TestCampaignKeepsItsConnectionAcrossRenames: a campaign saved with its
// connection's ID, and one saved before campaigns kept IDs (by name, moved
// onto the ID when it starts), both send after the connection is renamed.
func TestCampaignKeepsItsConnectionAcrossRenames(t *testing.T) {
	r := newPluginRig(t)
	ctx := context.Background()
	r.contacts(3, nil)
	byID, err := r.svc.Create(ctx, r.p, Input{Name: "by id", Channel: "sms", Spec: Spec{Message: smsPromo, Connection: r.sms.ID}})
	if err != nil {
		t.Fatal(err)
	}
	if spec := specOf(t, byID); spec.Connection != r.sms.ID {
		t.Fatalf("the campaign keeps %q, want the connection's ID", spec.Connection)
	}
	legacy := r.storeLegacy("by name", "sms", Spec{Message: &Message{Text: "Outra promo"}, Connection: r.sms.Name})
	for _, id := range []string{byID.ID, legacy.ID} {
		if _, err := r.svc.Start(ctx, r.p, id); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := r.pm.UpdateConnection(ctx, r.p, r.sms.ID, plugin.ConnectionInput{Name: "SMS Loja"}); err != nil {
		t.Fatal(err)
	}
	r.start()
	for _, id := range []string{byID.ID, legacy.ID} {
		if pr := r.waitFor(id, "completion", completed); pr.Sent != 3 || pr.Failed != 0 {
			t.Fatalf("after a rename: %+v", pr)
		}
	}
	if n := len(r.twilio.Messages(twiliosim.Filter{})); n != 6 {
		t.Fatalf("Twilio got %d messages, want 6", n)
	}
}

// TestStartRefusesADeletedConnection: a draft whose connection was
// deleted is refused at start with the field to fix, and changes nothing.
func TestStartRefusesADeletedConnection(t *testing.T) {
	r := newPluginRig(t)
	ctx := context.Background()
	c, err := r.svc.Create(ctx, r.p, Input{Name: "promo", Channel: "sms", Spec: Spec{Message: smsPromo, Connection: r.sms.ID}})
	if err != nil {
		t.Fatal(err)
	}
	if err := r.pm.DeleteConnection(ctx, r.p, r.sms.ID); err != nil {
		t.Fatal(err)
	}
	_, err = r.svc.Start(ctx, r.p, c.ID)
	wantField(t, err, "spec.connection", "deleted")
	if got, _ := r.svc.Get(ctx, r.p, c.ID); got.Status != store.CampaignDraft {
		t.Fatalf("a refused start left the campaign %s", got.Status)
	}
}

// TestConnectionOfAnotherChannelIsRefused: an SMS campaign naming the
// WhatsApp connection is refused on save and, saved before the check
// existed, on start, saying which channel that connection is.
func TestConnectionOfAnotherChannelIsRefused(t *testing.T) {
	r := newPluginRig(t)
	ctx := context.Background()
	for _, conn := range []string{r.wa.ID, r.wa.Name} {
		_, err := r.svc.Create(ctx, r.p, Input{Name: "wrong", Channel: "sms", Spec: Spec{Message: smsPromo, Connection: conn}})
		wantField(t, err, "spec.connection", "is a WhatsApp connection")
	}
	_, err := r.svc.Create(ctx, r.p, Input{Name: "wrong", Channel: "whatsapp", Spec: Spec{Message: &Message{Text: "oi"}, Connection: r.sms.ID}})
	wantField(t, err, "spec.connection", "is an SMS connection")
	legacy := r.storeLegacy("legacy", "sms", Spec{Message: smsPromo, Connection: r.wa.ID})
	_, err = r.svc.Start(ctx, r.p, legacy.ID)
	wantField(t, err, "spec.connection", "is a WhatsApp connection")
}

// storeLegacy stores a draft as campaigns were stored before this check
// (the spec as given, unvalidated).
func (r *rig) storeLegacy(name, channel string, spec Spec) store.Campaign {
	r.t.Helper()
	raw, _ := json.Marshal(spec)
	now := time.Now()
	c := store.Campaign{ID: ids.New("cmp"), TenantID: r.p.TenantID, Name: name, Kind: KindMessage, Channel: channel, Spec: raw,
		Status: store.CampaignDraft, Excluded: map[string]int64{}, CreatedBy: r.p.UserID, CreatedAt: now, UpdatedAt: now}
	if err := r.st.Tx(context.Background(), func(q store.Queries) error { return q.CreateCampaign(context.Background(), c) }); err != nil {
		r.t.Fatal(err)
	}
	return c
}

func specOf(t *testing.T, c store.Campaign) Spec {
	t.Helper()
	var s Spec
	if err := json.Unmarshal(c.Spec, &s); err != nil {
		t.Fatal(err)
	}
	return s
}

// wantField fails unless err is invalid input blaming field with a
// message holding want.
func wantField(t *testing.T, err error, field, want string) {
	t.Helper()
	e, ok := apperr.As(err)
	if !ok {
		t.Fatalf("got %v, want %s to say %q", err, field, want)
	}
	if e.Code != apperr.Invalid || !strings.Contains(e.Fields[field], want) {
		t.Fatalf("got %v (%v), want %s to say %q", err, e.Fields, field, want)
	}
}
