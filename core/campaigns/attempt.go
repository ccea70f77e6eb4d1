package campaigns

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/masteria/masteria/core/apperr"
	"github.com/masteria/masteria/core/bus"
	"github.com/masteria/masteria/core/engine"
	"github.com/masteria/masteria/core/flow"
	"github.com/masteria/masteria/core/store"
	"github.com/masteria/masteria/sdk"
)

// result is a claimed row's outcome and what it teaches the pacer and
// the breaker.
type result struct {
	row     store.Send
	out     store.SendOutcome
	verdict verdict
	live    *live
	// text is what the recipient reads, when the sender said (TextSender).
	text string
	// lapsed: the row's lease ran out before it was tried, so another
	// claim may hold it now; nothing is recorded (see dispatchOne).
	lapsed bool
}

// codeAwaitingReport marks a row whose last attempt's outcome is unknown
// and which waits for a provider report to name it.
const codeAwaitingReport = "awaiting_status"

// codeRecheck marks a row whose earlier attempt the provider did not know
// when asked: it is asked once more, RecheckAfter later, before it is
// sent again, because a request can sit at the provider after its sender
// died (the crash test caught one accepted 1.6 s after the first lookup).
const codeRecheck = "reconcile_recheck"

// codeResending marks a row whose attempt is a resend after two asks
// found nothing. It is written before the send: should the process die
// mid-send, the next claim must not take the old recheck for its own
// first ask and resend at once (the dead attempt's request may still
// land), so it asks twice again.
const codeResending = "reconcile_resending"

// attempt sends one claimed row (or starts its enrolment run). A row
// reclaimed with an attempt still in flight is settled first, so nothing
// the provider may already have accepted is sent again blindly.
func (s *Service) attempt(ctx context.Context, row store.Send, l *live) result {
	res := result{row: row, live: l, out: store.SendOutcome{ID: row.ID, TenantID: row.TenantID, At: s.Now()}}
	note := ""
	if row.InFlight > 1 {
		var done bool
		if done, note = s.settle(ctx, row, l, &res); done {
			return res
		}
	}
	a, err := s.call(ctx, row, l)
	res.out.At, res.out.Resolution = s.Now(), note
	if err == nil {
		res.out.Kind, res.out.ProviderMessageID, res.text = store.OutcomeSent, a.MessageID, a.Text
		if a.Held {
			res.out.Resolution = heldResolution(note)
		}
		return res
	}
	v := judge(err, row.Attempts, l.plan.pacing.maxAttempts)
	res.verdict = v
	res.out.Kind, res.out.ErrorCode, res.out.Error = v.kind, v.code, clip(err.Error())
	res.out.NextAt = res.out.At.Add(v.retryAfter)
	return res
}

func clip(s string) string {
	if len(s) > 500 {
		return s[:500]
	}
	return s
}

// settle decides about an attempt of unknown outcome: ask the provider
// when the sender can, else wait a grace period for a status report to
// name it (AdoptProviderID), then hold or resend as the campaign says.
// done means res holds the outcome; otherwise the row is sent again and
// note says why.
func (s *Service) settle(ctx context.Context, row store.Send, l *live, res *result) (done bool, note string) {
	now := s.Now()
	if row.Step == StepEnrol {
		return false, "" // starting a run is idempotent by its trigger key
	}
	if rec, ok := s.Sender.(Reconciler); ok {
		id, err := rec.Lookup(ctx, s.outbound(row))
		switch {
		case err != nil:
			res.out.Kind, res.out.ErrorCode, res.out.Error = store.OutcomeUnknown, "reconcile_failed", clip(err.Error())
			res.out.NextAt = now.Add(backoff(1))
			return true, ""
		case id != "":
			res.out.Kind, res.out.ProviderMessageID = store.OutcomeSent, id
			res.out.Resolution = "reconciled: the provider had accepted an earlier attempt; not sent again"
			return true, ""
		case row.ErrorCode != codeRecheck:
			res.out.Kind, res.out.ErrorCode = store.OutcomeUnknown, codeRecheck
			res.out.Error = "the provider has no record of an earlier attempt yet: asking again before sending"
			res.out.NextAt = now.Add(s.RecheckAfter)
			return true, ""
		}
		if err := s.Store.SetSendCode(ctx, row.TenantID, row.ID, row.InFlight, codeResending); err != nil {
			res.out.Kind, res.out.ErrorCode, res.out.Error = store.OutcomeUnknown, "reconcile_failed", clip(err.Error())
			res.out.NextAt = now.Add(backoff(1))
			return true, ""
		}
		return false, "reconciled: the provider had no record of the earlier attempt, twice; sent again"
	}
	switch {
	case row.ErrorCode != codeAwaitingReport:
		res.out.Kind, res.out.ErrorCode = store.OutcomeUnknown, codeAwaitingReport
		res.out.Error = "an attempt's outcome is unknown: waiting for the provider's status report"
		res.out.NextAt = now.Add(l.plan.pacing.grace)
		return true, ""
	case l.plan.pacing.onAmbiguous == "resend":
		return false, "no provider report named the earlier attempt within the grace period; sent again"
	}
	res.out.Kind, res.out.ErrorCode = store.OutcomeAmbiguous, "ambiguous"
	res.out.Resolution = "held: the provider cannot be asked and sent no report, so it may or may not have gone out"
	return true, ""
}

// call is the side effect: the provider send, or the enrolment run.
func (s *Service) call(ctx context.Context, row store.Send, l *live) (Accepted, error) {
	if row.Step == StepEnrol {
		id, err := s.enrol(ctx, row, l)
		return Accepted{MessageID: id}, err
	}
	if s.Sender == nil {
		return Accepted{}, sdk.Permanent(errors.New("no sender is configured"), "")
	}
	if ts, ok := s.Sender.(TextSender); ok {
		return ts.SendText(ctx, s.outbound(row))
	}
	id, err := s.Sender.Send(ctx, s.outbound(row))
	return Accepted{MessageID: id}, err
}

func (s *Service) outbound(row store.Send) Outbound {
	var in map[string]any
	_ = json.Unmarshal(row.Payload, &in)
	return Outbound{TenantID: row.TenantID, Key: row.ID, Channel: row.Channel, Action: channelActions[row.Channel],
		Address: row.Address, Input: in}
}

// enrol starts the cadence's run for the row's contact; the row's ID is
// the trigger key, so a repeated attempt starts nothing twice.
func (s *Service) enrol(ctx context.Context, row store.Send, l *live) (string, error) {
	if s.Engine == nil {
		return "", sdk.Permanent(errors.New("the flow engine is not running"), "")
	}
	f, err := s.Store.GetFlow(ctx, row.TenantID, l.plan.spec.Flow.ID)
	if err != nil || f.PublishedVersion == 0 {
		return "", sdk.Permanent(fmt.Errorf("flow %s is missing or unpublished", l.plan.spec.Flow.ID), "flow_unavailable")
	}
	c, err := s.Store.GetContact(ctx, row.TenantID, row.ContactID)
	if errors.Is(err, store.ErrNotFound) {
		return "", sdk.Permanent(errors.New("the contact was erased"), "contact_erased")
	} else if err != nil {
		return "", err
	}
	run, err := s.Engine.StartRun(ctx, engine.Start{TenantID: row.TenantID, FlowID: f.ID, Version: f.PublishedVersion,
		TriggerKey: "campaign:" + row.ID, Contact: flowContact(c), Params: l.plan.spec.Flow.Params,
		Event: flow.Event{Type: bus.EventCampaignEnrolled, Data: map[string]any{"campaign_id": l.c.ID, "campaign": l.c.Name,
			"round": row.Round, "send_id": row.ID, "contact_id": row.ContactID}}})
	if apperr.Is(err, apperr.Conflict) {
		return "", nil // this row already started its run (the version is pinned above)
	}
	return run.ID, err
}
