package campaigns

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/masteria/masteria/core/apperr"
	"github.com/masteria/masteria/core/bus"
	"github.com/masteria/masteria/core/store"
)

// ErrOrphanStatus is a provider status report naming a message the ledger
// does not know yet while a send to its recipient is in flight: the
// report may have overtaken the send's record, so the caller should
// redeliver it later, a few times.
var ErrOrphanStatus = errors.New("no send has this provider message ID yet")

// How far back opt-outs are credited to a contact's sends. Replies are
// credited by the inbox as it stores them (inbox.ReplyHorizon).
const optOutHorizon = 30 * 24 * time.Hour

// statusReport is a message.status payload, as channel plugins emit it
// (sdk.StatusUpdate) and as the inbox re-emits it.
type statusReport struct {
	// MessageID is the inbox's message ID, in the reports the inbox
	// re-emits for messages it has; a channel's own report has none.
	MessageID string `json:"message_id"`
	// CampaignSendID names the send an inbox message is the copy of; the
	// inbox's reports on other messages (agents', flows') are not the
	// ledger's.
	CampaignSendID    string    `json:"campaign_send_id"`
	ProviderMessageID string    `json:"provider_message_id"`
	Recipient         string    `json:"recipient"`
	Status            string    `json:"status"`
	Timestamp         time.Time `json:"timestamp"`
	Error             string    `json:"error"`
	Errors            []struct {
		Code  string `json:"code"`
		Title string `json:"title"`
	} `json:"errors"`
}

// Handle applies one event to the ledger, idempotently: provider status
// reports move sends forward (never back), replies and opt-outs stamp the
// contact's recent sends and feed the circuit breaker.
func (s *Service) Handle(ctx context.Context, tenantID, typ string, payload []byte) error {
	s.init()
	switch typ {
	case bus.EventMessageStatus:
		r, ok := ledgerReport(payload)
		if !ok {
			return nil
		}
		moved, err := s.applyStatus(ctx, tenantID, r)
		switch {
		case errors.Is(err, errNoSend):
			return s.place(ctx, tenantID, r, payload)
		case err == nil && moved:
			s.restatus(ctx, tenantID, r, payload)
		}
		return err
	case bus.EventContactConsent:
		var c store.Consent
		if json.Unmarshal(payload, &c) != nil || c.Status != "opt_out" {
			return nil
		}
		return s.markContact(ctx, tenantID, c.ContactID, "opted_out_at", optOutHorizon, signalOptOut)
	}
	return nil
}

// ledgerReport reads a message.status payload; false when it is not the
// ledger's: malformed, naming no provider message, or the inbox's report
// on a message no campaign sent.
func ledgerReport(payload []byte) (statusReport, bool) {
	var r statusReport
	if json.Unmarshal(payload, &r) != nil || r.ProviderMessageID == "" || r.MessageID != "" && r.CampaignSendID == "" {
		return r, false
	}
	return r, true
}

// restatus hands a channel's own report that moved a send to the inbox,
// for the copy of the message it may have made since the report passed
// it by (the inbox's own reports name their message and are not handed
// back). No copy is fine: Posted applies what the send took.
func (s *Service) restatus(ctx context.Context, tenantID string, r statusReport, payload []byte) {
	if r.MessageID != "" || s.Restatus == nil {
		return
	}
	if err := s.Restatus(ctx, tenantID, payload); err != nil && !apperr.Is(err, apperr.NotFound) {
		s.Log.Warn("campaign message status not recorded in the inbox", "provider_message_id", r.ProviderMessageID, "err", err)
	}
}

// errNoSend is applyStatus's answer for a report no send holds.
var errNoSend = errors.New("no send has this provider message ID")

// place hands the inbox a channel's report that neither the inbox (when
// it came) nor the ledger could place. It may have overtaken the record
// of the message it is about (an agent's reply or a flow's send is
// recorded once the provider has accepted it, and a report can come
// first), so while the inbox finds no message the report is asked for
// again later (ErrOrphanStatus: with backoff, eight times).
func (s *Service) place(ctx context.Context, tenantID string, r statusReport, payload []byte) error {
	if r.MessageID != "" || s.Restatus == nil {
		return nil
	}
	err := s.Restatus(ctx, tenantID, payload)
	if apperr.Is(err, apperr.NotFound) {
		return ErrOrphanStatus
	}
	return err
}

// statusMoves are how far back each report may move a send: read and
// failed never replace each other, a late delivered never replaces read.
var statusMoves = map[string]int{store.SendSent: 1, store.SendDelivered: 2, store.SendRead: 3, store.SendFailed: 3}

// applyStatus moves the report's send; moved says it changed.
func (s *Service) applyStatus(ctx context.Context, tenantID string, r statusReport) (bool, error) {
	change, code, ok := s.changeOf(r)
	if !ok {
		return false, nil
	}
	row, moved, err := s.Store.ApplySendStatus(ctx, tenantID, r.ProviderMessageID, change, code)
	if errors.Is(err, store.ErrNotFound) {
		var adopted bool
		if row, moved, adopted, err = s.adopt(ctx, tenantID, r, change, code); err != nil || !adopted {
			return false, cmp.Or(err, errNoSend)
		}
	}
	if err != nil {
		return moved, err
	}
	return moved, s.afterMove(ctx, row, moved, r.Status, code)
}

// changeOf is the ledger change a report asks for, with its error code;
// false for a status the ledger does not keep.
func (s *Service) changeOf(r statusReport) (store.StatusChange, string, bool) {
	maxFrom, ok := statusMoves[r.Status]
	if !ok {
		return store.StatusChange{}, "", false
	}
	at := store.AsStored(r.Timestamp)
	if at.IsZero() {
		at = s.Now()
	}
	code, text := r.code()
	return store.StatusChange{Status: r.Status, Rank: store.SendRanks[r.Status], MaxFrom: maxFrom, At: at, Error: text}, code, true
}

// afterMove follows a send that moved to failed: an SMS's duplicate guard
// is released, and the campaign's breaker hears of it.
func (s *Service) afterMove(ctx context.Context, row store.Send, moved bool, status, code string) error {
	if !moved || status != store.SendFailed {
		return nil
	}
	if row.Channel == "sms" && row.BodyHash != "" {
		_ = s.Store.ReleaseSMSGuard(ctx, row.TenantID, row.Address, row.BodyHash, row.ID)
	}
	return s.signal(ctx, row, failure(codeSignals[code], code, row.Error))
}

// adopt settles an ambiguous attempt named by a report: the one send to
// the recipient whose attempt's outcome is unknown takes the message ID.
// adopted is false when no send is the report's.
func (s *Service) adopt(ctx context.Context, tenantID string, r statusReport, change store.StatusChange, code string) (row store.Send, moved, adopted bool, err error) {
	if r.Recipient == "" {
		return row, false, false, nil
	}
	digits := strings.TrimPrefix(r.Recipient, "+")
	row, ok, err := s.Store.AdoptProviderID(ctx, tenantID, []string{"+" + digits, digits}, r.ProviderMessageID, change.At)
	switch {
	case errors.Is(err, store.ErrConflict):
		return row, false, true, ErrOrphanStatus // a send to this recipient is in flight: try again later
	case err != nil || !ok:
		return row, false, false, err // not a campaign's message
	}
	s.Log.Info("ambiguous send settled by a provider report", "send", row.ID, "provider_message_id", r.ProviderMessageID)
	if r.Status == store.SendSent {
		return row, false, true, nil
	}
	row, moved, err = s.Store.ApplySendStatus(ctx, tenantID, r.ProviderMessageID, change, code)
	return row, moved, true, err
}

func (r statusReport) code() (string, string) {
	if len(r.Errors) > 0 {
		return r.Errors[0].Code, strings.TrimSpace(r.Errors[0].Code + " " + r.Errors[0].Title)
	}
	code, _, _ := strings.Cut(r.Error, " ")
	return code, r.Error
}

// signal feeds the send's campaign breaker.
func (s *Service) signal(ctx context.Context, row store.Send, o outcome) error {
	l, err := s.live(ctx, row.TenantID, row.CampaignID)
	if err != nil {
		return nil // the campaign is gone
	}
	s.trip(ctx, l, o)
	return nil
}

// markContact stamps a funnel column on the contact's recent sends and,
// for opt-outs, feeds each campaign's breaker once.
func (s *Service) markContact(ctx context.Context, tenantID, contactID, column string, horizon time.Duration, signal int) error {
	now := s.Now()
	rows, err := s.Store.MarkContactSends(ctx, tenantID, contactID, column, now.Add(-horizon), now)
	if err != nil || signal < 0 {
		return err
	}
	seen := map[string]bool{}
	for _, r := range rows {
		if !seen[r.CampaignID] {
			seen[r.CampaignID] = true
			if err := s.signal(ctx, r, outcome{signal: signal, code: column}); err != nil {
				return fmt.Errorf("opt-out signal: %w", err)
			}
		}
	}
	return nil
}
