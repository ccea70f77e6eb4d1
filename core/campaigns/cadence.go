package campaigns

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/masteria/masteria/core/bus"
	"github.com/masteria/masteria/core/engine"
	"github.com/masteria/masteria/core/ids"
	"github.com/masteria/masteria/core/store"
	"github.com/masteria/masteria/sdk"
)

// RegisterActions puts the ledger in front of the engine's channel send
// actions: a send step of a run a campaign enrolled goes through that
// campaign's ledger (one row per campaign × round × contact × step, with
// the same pacing, quiet hours, opt-out, SMS duplicate guard and
// ambiguity rules as a one-message campaign). Other runs' sends (a
// chatbot's replies) go straight to the plugins.
func (s *Service) RegisterActions(a *engine.Actions) {
	s.init()
	for channel, id := range channelActions {
		a.Register(id, s.stepAction(channel, id, a.Plugins))
	}
}

// enrolRef names the campaign round that started a run.
type enrolRef struct {
	campaignID string
	round      int
}

// enrolment reads the campaign reference a cadence run carries.
func enrolment(st *engine.State) (enrolRef, bool) {
	if st == nil || st.Event.Type != bus.EventCampaignEnrolled {
		return enrolRef{}, false
	}
	id, _ := st.Event.Data["campaign_id"].(string)
	var round int
	switch v := st.Event.Data["round"].(type) {
	case float64:
		round = int(v)
	case int:
		round = v
	case json.Number:
		n, _ := v.Int64()
		round = int(n)
	}
	return enrolRef{id, round}, id != "" && round > 0
}

func (s *Service) stepAction(channel, actionID string, plugins engine.PluginInvoker) engine.Action {
	return engine.ActionFunc(func(ctx context.Context, c engine.Call) (engine.Result, error) {
		in := withRecipient(c.Input, c.State)
		if ref, ok := enrolment(c.State); ok {
			return s.runSend(ctx, c, ref, channel, in)
		}
		if plugins == nil {
			return engine.Result{}, sdk.Permanent(fmt.Errorf("no plugin provides %s", actionID), "")
		}
		out, err := plugins.InvokeAction(ctx, c.TenantID, actionID, in, c.IdempotencyKey)
		return engine.Result{Output: out}, err
	})
}

// withRecipient defaults the send's "to" to the run's contact.
func withRecipient(in map[string]any, st *engine.State) map[string]any {
	out := make(map[string]any, len(in)+1)
	for k, v := range in {
		out[k] = v
	}
	if to, _ := out["to"].(string); to == "" && st != nil && st.Contact.Phone != "" {
		out["to"] = st.Contact.Phone
	}
	return out
}

// cancelRuns cancels the unfinished runs a cancelled cadence started.
func (s *Service) cancelRuns(ctx context.Context, c store.Campaign) {
	if s.Engine == nil {
		return
	}
	f := store.SendFilter{CampaignID: c.ID, Step: StepEnrol, Status: store.SendSent, Page: store.Page{Limit: 500}}
	for {
		rows, next, err := s.Store.ListSends(ctx, c.TenantID, f)
		if err != nil {
			s.Log.Warn("cancel cadence runs", "campaign", c.ID, "err", err)
			return
		}
		for _, r := range rows {
			if r.ProviderMessageID == "" {
				continue
			}
			if _, err := s.Engine.Cancel(ctx, c.TenantID, r.ProviderMessageID); err != nil && !errors.Is(err, context.Canceled) {
				s.Log.Debug("cancel run", "run", r.ProviderMessageID, "err", err) // finished runs refuse: fine
			}
		}
		if f.Cursor = next; next == "" {
			return
		}
	}
}

// runRow finds or creates the ledger row of a run's send step.
func (s *Service) runRow(ctx context.Context, c engine.Call, l *live, ref enrolRef, channel string, in map[string]any) (store.Send, error) {
	contactID := c.State.Contact.ID
	row, err := s.Store.SendByKey(ctx, c.TenantID, ref.campaignID, ref.round, contactID, c.Step.ID)
	if !errors.Is(err, store.ErrNotFound) {
		return row, err
	}
	to, _ := in["to"].(string)
	sender, _ := in["connection"].(string)
	payload, _ := json.Marshal(in)
	row = store.Send{ID: ids.New("snd"), TenantID: c.TenantID, CampaignID: ref.campaignID, Round: ref.round, ContactID: contactID,
		Step: c.Step.ID, Via: store.ViaRun, Channel: channel, Address: to, Sender: firstOf(sender, l.plan.spec.Connection),
		Portfolio: l.plan.pacing.portfolio, Payload: payload, Status: store.SendQueued, NextAt: c.Now, QueuedAt: c.Now}
	if contact, err := s.Store.GetContact(ctx, c.TenantID, contactID); err == nil {
		row.TimeZone = contact.TimeZone
	}
	if text, ok := in["text"].(string); ok && channel == "sms" {
		row.BodyHash = bodyHash(text)
	}
	if to == "" {
		row.Status, row.ErrorCode, row.Error = store.SendSuppressed, ExcludedNoAddress, "the contact has no address on "+channel
	}
	if _, err := s.Store.InsertSends(ctx, []store.Send{row}); err != nil {
		return row, err
	}
	return s.Store.SendByKey(ctx, c.TenantID, ref.campaignID, ref.round, contactID, c.Step.ID)
}
