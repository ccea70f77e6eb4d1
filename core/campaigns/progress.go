package campaigns

import (
	"context"
	"time"

	"github.com/masteria/masteria/core/auth"
	"github.com/masteria/masteria/core/bus"
	"github.com/masteria/masteria/core/store"
	"github.com/masteria/masteria/core/tenancy"
)

// Progress is where a campaign stands, every round together. Sent counts
// only what the provider accepted; Ambiguous holds attempts of unknown
// outcome the ledger could not settle.
type Progress struct {
	CampaignID string `json:"campaign_id"`
	Status     string `json:"status"`
	Reason     string `json:"reason,omitempty"`
	// ReasonCode and ReasonParams key Reason, as on the campaign.
	ReasonCode   string           `json:"reason_code,omitempty"`
	ReasonParams map[string]any   `json:"reason_params,omitempty"`
	Round        int              `json:"round"`
	Audience     int64            `json:"audience"`
	Excluded     map[string]int64 `json:"excluded"`
	Enrolled     int64            `json:"enrolled"` // cadences: contacts whose run started
	Queued       int64            `json:"queued"`
	Sent         int64            `json:"sent"`
	Delivered    int64            `json:"delivered"`
	Read         int64            `json:"read"`
	Replied      int64            `json:"replied"`
	Failed       int64            `json:"failed"`
	Suppressed   int64            `json:"suppressed"`
	Cancelled    int64            `json:"cancelled"`
	OptedOut     int64            `json:"opted_out"`
	Ambiguous    int64            `json:"ambiguous"`
	Reasons      map[string]int64 `json:"reasons"` // failed, suppressed and ambiguous rows by code
	At           time.Time        `json:"at"`
}

// Funnel is a campaign's result per step: for a cadence, how far contacts
// got through its send steps.
type Funnel struct {
	CampaignID string             `json:"campaign_id"`
	Steps      []store.StepCounts `json:"steps"`
}

// Progress tallies the ledger for one of the tenant's campaigns.
func (s *Service) Progress(ctx context.Context, p tenancy.Principal, id string) (Progress, error) {
	s.init()
	if err := require(p, auth.RoleViewer); err != nil {
		return Progress{}, err
	}
	return s.progressOf(ctx, p.TenantID, id)
}

func (s *Service) progressOf(ctx context.Context, tenantID, id string) (Progress, error) {
	c, err := s.Store.GetCampaign(ctx, tenantID, id)
	if err != nil {
		return Progress{}, notFound(err)
	}
	steps, err := s.Store.CampaignCounts(ctx, tenantID, id)
	if err != nil {
		return Progress{}, err
	}
	pr := Progress{CampaignID: c.ID, Status: c.Status, Reason: c.Reason, ReasonCode: c.ReasonCode, ReasonParams: c.ReasonParams,
		Round: c.Round, Audience: c.Audience, Excluded: c.Excluded, Reasons: map[string]int64{}, At: s.Now()}
	for _, st := range steps {
		if st.Step == StepEnrol {
			pr.Enrolled += st.Sent
			pr.Queued += st.Queued
			continue
		}
		pr.add(st)
	}
	return pr, nil
}

func (pr *Progress) add(st store.StepCounts) {
	pr.Queued += st.Queued
	pr.Sent += st.Sent
	pr.Delivered += st.Delivered
	pr.Read += st.Read
	pr.Replied += st.Replied
	pr.Failed += st.Failed
	pr.Suppressed += st.Suppressed
	pr.Cancelled += st.Cancelled
	pr.OptedOut += st.OptedOut
	pr.Ambiguous += st.Ambiguous
	for k, n := range st.Reasons {
		pr.Reasons[k] += n
	}
}

// Funnel is the campaign's per-step result.
func (s *Service) Funnel(ctx context.Context, p tenancy.Principal, id string) (Funnel, error) {
	if _, err := s.Store.GetCampaign(ctx, p.TenantID, id); err != nil {
		return Funnel{}, notFound(err)
	}
	steps, err := s.Store.CampaignCounts(ctx, p.TenantID, id)
	return Funnel{CampaignID: id, Steps: steps}, err
}

// Sends lists a campaign's ledger rows.
func (s *Service) Sends(ctx context.Context, p tenancy.Principal, id string, f store.SendFilter) ([]store.Send, string, error) {
	c, err := s.Store.GetCampaign(ctx, p.TenantID, id)
	if err != nil {
		return nil, "", notFound(err)
	}
	f.CampaignID = id
	rows, next, err := s.Store.ListSends(ctx, p.TenantID, f)
	for i := range rows {
		rows[i].WaitReason, rows[i].Held = waitReasonOf(rows[i]), heldNow(rows[i])
		if c.Status == store.CampaignPaused {
			waitingForResume(&rows[i])
		}
	}
	return rows, next, err
}

// waitingForResume says why a paused campaign's queued row waits: the
// pause, not what it last waited for (pacing, quiet hours), which the row
// still holds from before. A row whose last attempt failed and will be
// retried keeps that error after it.
func waitingForResume(row *store.Send) {
	if row.Status != store.SendQueued {
		return
	}
	row.WaitReason = WaitPaused
	if row.ErrorCode == "" {
		row.Error = waitingText(WaitPaused)
		return
	}
	row.Error = "waiting: the campaign is paused; its last attempt failed: " + row.Error
}

// lastProgress is the last campaign.progress pushed for a campaign.
type lastProgress struct {
	at  time.Time
	key [13]int64
}

// countsKey is the part of a progress that, changed, is worth an event.
func countsKey(pr Progress) [13]int64 {
	return [13]int64{int64(pr.Round), pr.Audience, pr.Enrolled, pr.Queued, pr.Sent, pr.Delivered, pr.Read, pr.Replied,
		pr.Failed, pr.Suppressed, pr.Cancelled, pr.OptedOut, pr.Ambiguous}
}

// pushProgress emits campaign.progress when the counts changed, at most
// every ProgressEvery (always when final).
func (s *Service) pushProgress(ctx context.Context, tenantID, id string, final bool) {
	prev, _ := s.progress.Load(id)
	last, _ := prev.(lastProgress)
	if !final && time.Since(last.at) < s.ProgressEvery {
		return
	}
	pr, err := s.progressOf(ctx, tenantID, id)
	if err != nil {
		return
	}
	key := countsKey(pr)
	if key == last.key && !final {
		return
	}
	s.progress.Store(id, lastProgress{at: time.Now(), key: key})
	c := store.Campaign{ID: id, TenantID: tenantID, Status: pr.Status, Round: pr.Round}
	err = emit(ctx, s.Store, c, bus.EventCampaignProgress, map[string]any{"progress": pr})
	if err != nil && ctx.Err() == nil {
		s.Log.Warn("campaign progress", "campaign", id, "err", err)
	}
}
