package campaigns

import (
	"context"
	"testing"

	"github.com/masteria/masteria/core/apperr"
	"github.com/masteria/masteria/core/apperr/apperrtest"
	"github.com/masteria/masteria/core/auth"
	"github.com/masteria/masteria/core/tenancy"
)

// TestControlRefusalsCarryTheirReason: starting, pausing, resuming,
// cancelling, changing or deleting a campaign in the wrong state is
// refused with a reason and the campaign's status, beside the English
// message.
func TestControlRefusalsCarryTheirReason(t *testing.T) {
	r := newRig(t, "sqlite", nil)
	ctx := context.Background()
	in := Input{Name: "promo", Channel: "sms", Spec: Spec{Message: smsPromo}}
	c, err := r.svc.Create(ctx, r.p, in)
	if err != nil {
		t.Fatal(err)
	}
	_, err = r.svc.Create(ctx, r.p, in)
	apperrtest.Want(t, err, apperr.Conflict, apperr.NameTaken, apperr.P{"name": "promo"}, `a campaign named "promo" exists`)
	_, err = r.svc.Pause(ctx, r.p, c.ID)
	apperrtest.Want(t, err, apperr.Conflict, apperr.CampaignNotPausable, apperr.P{"status": "draft"}, "a draft campaign cannot be paused")
	_, err = r.svc.Resume(ctx, r.p, c.ID)
	apperrtest.Want(t, err, apperr.Conflict, apperr.CampaignNotPaused, apperr.P{"status": "draft"}, "the campaign is draft, not paused")
	viewer := tenancy.Principal{TenantID: r.p.TenantID, UserID: r.p.UserID, Role: auth.RoleViewer}
	_, err = r.svc.Start(ctx, viewer, c.ID)
	apperrtest.Want(t, err, apperr.Forbidden, apperr.RoleRequired, apperr.P{"role": "admin"}, "this needs the admin role or higher")

	must := func(_ any, err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(r.svc.Start(ctx, r.p, c.ID))
	_, err = r.svc.Start(ctx, r.p, c.ID)
	apperrtest.Want(t, err, apperr.Conflict, apperr.CampaignNotDraft, apperr.P{"status": "scheduled"}, "the campaign is already scheduled")
	must(r.svc.Pause(ctx, r.p, c.ID))
	_, err = r.svc.Update(ctx, r.p, c.ID, in)
	apperrtest.Want(t, err, apperr.Conflict, apperr.CampaignStarted, nil, "a campaign that started cannot change; cancel it and create another")
	err = r.svc.Delete(ctx, r.p, c.ID)
	apperrtest.Want(t, err, apperr.Conflict, apperr.CampaignActive, apperr.P{"status": "paused"}, "the campaign is paused; cancel it first")
	must(r.svc.Cancel(ctx, r.p, c.ID))
	_, err = r.svc.Cancel(ctx, r.p, c.ID)
	apperrtest.Want(t, err, apperr.Conflict, apperr.CampaignEnded, apperr.P{"status": "cancelled"}, "the campaign is already cancelled")
}
