package campaigns

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/masteria/masteria/core/engine"
	"github.com/masteria/masteria/core/store"
	"github.com/masteria/masteria/sdk"
)

// pausedHold is how often a held send step of a paused cadence looks again.
var pausedHold = 30 * time.Second

// holdFor parks a run's send step until at; the step runs again then
// (same ledger row, so still at most one message).
func holdFor(at time.Time, why string) (engine.Result, error) {
	at = at.UTC()
	return engine.Result{Wait: &engine.Wait{Kind: engine.WaitRetry, Until: &at},
		Output: map[string]any{"status": "waiting", "reason": why, "until": at.Format(time.RFC3339)}}, nil
}

// runSend is a cadence run's send step through the campaign's ledger.
func (s *Service) runSend(ctx context.Context, c engine.Call, ref enrolRef, channel string, in map[string]any) (engine.Result, error) {
	l, err := s.live(ctx, c.TenantID, ref.campaignID)
	if errors.Is(err, store.ErrNotFound) {
		return engine.Result{}, sdk.Permanent(errors.New("the campaign was deleted"), "campaign_deleted")
	} else if err != nil {
		return engine.Result{}, err
	}
	switch l.c.Status {
	case store.CampaignCancelled:
		return engine.Result{}, sdk.Permanent(errors.New("the campaign was cancelled"), "campaign_cancelled")
	case store.CampaignPaused, store.CampaignScheduled:
		return holdFor(c.Now.Add(pausedHold), "the campaign is "+l.c.Status)
	}
	row, err := s.runRow(ctx, c, l, ref, channel, in)
	if err != nil {
		return engine.Result{}, err
	}
	if row.Status != store.SendQueued {
		return replay(row)
	}
	if r, stop, err := s.runPrecheck(ctx, row, l, c.Now); stop || err != nil {
		return r, err
	}
	wait, reason, err := s.pacer.Reserve(ctx, s.ask(row, l), ahead)
	if err != nil {
		return engine.Result{}, err
	}
	if wait > ahead {
		return holdFor(c.Now.Add(wait), reason)
	}
	sleepCtx(ctx, wait)
	claimed, err := s.Store.ClaimSend(ctx, row.TenantID, row.ID, s.Owner, s.Now())
	if err != nil || claimed.Status != store.SendQueued {
		return replay(claimed)
	}
	res := s.attempt(ctx, claimed, l)
	s.commit(context.WithoutCancel(ctx), []result{res})
	return stepResult(res)
}

// runPrecheck applies opt-out (of the channel, or of its marketing for a
// marketing template), quiet hours and the SMS guard to a run's row; stop
// means the result is final for this visit.
func (s *Service) runPrecheck(ctx context.Context, row store.Send, l *live, now time.Time) (engine.Result, bool, error) {
	optedOut, err := s.rowOptedOut(ctx, row, l)
	if err != nil {
		return engine.Result{}, true, err
	}
	pre, stop := s.precheck(ctx, row, l, optedOut, now)
	if !stop {
		return engine.Result{}, false, nil
	}
	if pre.out.Kind == store.OutcomeRelease {
		r, err := holdFor(pre.out.NextAt, "outside the allowed hours")
		return r, true, err
	}
	s.commit(context.WithoutCancel(ctx), []result{pre})
	r, err := stepResult(pre)
	return r, true, err
}

// rowOptedOut is the scope a run's row's contact opted out of: its
// channel, or the channel's marketing for a marketing template; "" none.
// A contact erased meanwhile counts as opted out of the channel.
func (s *Service) rowOptedOut(ctx context.Context, row store.Send, l *live) (string, error) {
	scopes := []string{row.Channel}
	if scope := s.rowScope(ctx, row, l); scope != row.Channel {
		scopes = append(scopes, scope)
	}
	for _, scope := range scopes {
		reachable, err := s.Store.ContactReachable(ctx, row.TenantID, row.ContactID, scope)
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return "", err
		}
		if !reachable {
			return scope, nil
		}
	}
	return "", nil
}

// replay answers a step whose row already has its outcome (a run resumed
// after the send was recorded).
func replay(row store.Send) (engine.Result, error) {
	switch row.Status {
	case store.SendFailed:
		return engine.Result{}, sdk.Permanent(errors.New(firstOf(row.Error, "the send failed")), row.ErrorCode)
	case store.SendQueued:
		return holdFor(time.Now().Add(time.Second), "another worker holds this send")
	}
	return engine.Result{Output: map[string]any{"status": row.Status, "send_id": row.ID, "message_id": row.ProviderMessageID,
		"reason": row.ErrorCode, "held": heldNow(row)}}, nil
}

// stepResult turns an attempt's outcome into the step's result.
func stepResult(r result) (engine.Result, error) {
	o := r.out
	switch o.Kind {
	case store.OutcomeSent:
		return engine.Result{Output: map[string]any{"status": store.SendSent, "send_id": o.ID, "message_id": o.ProviderMessageID,
			"held": strings.HasPrefix(o.Resolution, heldPrefix)}}, nil
	case store.OutcomeFailed:
		return engine.Result{}, sdk.Permanent(errors.New(firstOf(o.Error, "the send failed")), o.ErrorCode)
	case store.OutcomeSuppress, store.OutcomeAmbiguous:
		status := map[string]string{store.OutcomeSuppress: store.SendSuppressed, store.OutcomeAmbiguous: store.SendAmbiguous}[o.Kind]
		return engine.Result{Output: map[string]any{"status": status, "send_id": o.ID, "reason": o.ErrorCode}}, nil
	}
	return holdFor(o.NextAt, firstOf(o.ErrorCode, o.Kind))
}
