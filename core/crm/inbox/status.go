package inbox

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/masteria/masteria/core/apperr"
	"github.com/masteria/masteria/core/bus"
	"github.com/masteria/masteria/core/crm"
	"github.com/masteria/masteria/core/store"
	"github.com/masteria/masteria/core/tenancy"
	"github.com/masteria/masteria/sdk"
)

// ApplyStatus records a provider's delivery report on a message the
// platform sent. Statuses only move forward (sent < delivered < read;
// failed is terminal, and cannot follow read), so repeated and late
// reports leave the status; message.status fires when it moves, and when
// a late report fills a step the message passed (late: true), once. An
// unknown provider message ID is not_found (the send may not be recorded
// yet: the caller may retry). Concurrent reports share a transaction
// (groupCommit): a campaign's messages bring two or three each.
func (s *Service) ApplyStatus(ctx context.Context, tenantID string, u sdk.StatusUpdate) (store.Message, bool, error) {
	rank, ok := store.StatusRanks[string(u.Status)]
	if !ok || rank == 0 || u.ProviderMessageID == "" {
		return store.Message{}, false, apperr.Fields("bad status update", map[string]string{"status": "must be sent, delivered, read or failed, with a provider message ID"})
	}
	change := store.StatusChange{Status: string(u.Status), Rank: rank, MaxFrom: rank - 1, At: store.AsStored(u.Timestamp), Error: errorText(u.Errors)}
	if u.Status == sdk.StatusFailed {
		change.MaxFrom = store.StatusRanks["delivered"]
	}
	if change.At.IsZero() {
		change.At = s.Clock.Now()
	}
	p := &pendingStatus{ctx: ctx, tenantID: tenantID, providerID: u.ProviderMessageID, change: change, closes: windowClosed(u.Errors)}
	s.statuses.join(p, maxStatusBatch, s.commitStatuses)
	return p.out, p.changed, p.err
}

// maxStatusBatch bounds how many status reports share a transaction.
const maxStatusBatch = 64

// pendingStatus is an ApplyStatus call waiting in the group.
type pendingStatus struct {
	slot
	ctx        context.Context
	tenantID   string
	providerID string
	change     store.StatusChange
	closes     bool // the report says the 24-hour window is closed
	out        store.Message
	changed    bool
	err        error
}

func (p *pendingStatus) fail(err error) { p.out, p.changed, p.err = store.Message{}, false, err }

// commitStatuses applies a batch in one transaction, in arrival order, or,
// when that fails, each report in its own. A report for an unknown message
// is not_found on its own without failing the batch. The batch runs
// whatever becomes of its leader's request: each report is applied once.
func (s *Service) commitStatuses(batch []*pendingStatus) {
	if len(batch) > 1 {
		ctx := context.WithoutCancel(batch[0].ctx)
		err := crm.Retry(func() error {
			return s.Store.Tx(ctx, func(q store.Queries) error {
				for _, p := range batch {
					if err := s.applyStatus(ctx, q, p); err != nil {
						return err
					}
				}
				return nil
			})
		})
		if err == nil {
			return
		}
	}
	for _, p := range batch {
		err := crm.Retry(func() error {
			return s.Store.Tx(p.ctx, func(q store.Queries) error { return s.applyStatus(p.ctx, q, p) })
		})
		if err != nil {
			p.fail(err)
		}
	}
}

// applyStatus applies one report in q, setting p's result; an error it
// returns is the transaction's, while an unknown message is p's alone.
func (s *Service) applyStatus(ctx context.Context, q store.Queries, p *pendingStatus) error {
	p.err = nil // a batch retried after a conflict applies it again
	out, applied, err := q.ApplyMessageStatus(ctx, p.tenantID, p.providerID, p.change)
	p.out, p.changed = out, applied == store.StatusMoved
	switch {
	case errors.Is(err, store.ErrNotFound):
		p.err = crm.NotFound(err, "message")
		return nil
	case err != nil:
		return err
	case applied == store.StatusFilled:
		return crm.Emit(ctx, q, p.tenantID, bus.EventMessageStatus, lateStatusPayload(out, p.change))
	case applied != store.StatusMoved:
		return nil
	}
	if p.closes {
		// Closed when the refused send failed, not now: reports come
		// unordered and redelivered, and a message the contact wrote
		// since then reopened the window.
		if err := s.closeWindowIn(ctx, q, p.tenantID, out.ConversationID, earliest(p.change.At, s.Clock.Now())); err != nil {
			return err
		}
	}
	return crm.Emit(ctx, q, p.tenantID, bus.EventMessageStatus, statusPayload(out))
}

// statusPayload is the inbox's message.status body for a message it has.
// A campaign's copy names its send (campaign_send_id): the campaign
// ledger reads the inbox's reports for those alone.
func statusPayload(m store.Message) map[string]any {
	p := map[string]any{"message_id": m.ID, "conversation_id": m.ConversationID, "contact_id": m.ContactID,
		"provider_message_id": m.ProviderMessageID, "status": m.Status, "error": m.Error, "timestamp": m.StatusAt}
	if send := campaignSendOf(m); send != "" {
		p["campaign_send_id"] = send
	}
	return p
}

// lateStatusPayload reports a step m had passed when its report came
// (delivered after read): status is that step, at its own time, and
// message_status what m is at. The campaign ledger stamps the step's time
// on the send; the dashboard, whose statuses never move back, keeps m's.
func lateStatusPayload(m store.Message, c store.StatusChange) map[string]any {
	p := statusPayload(m)
	p["status"], p["timestamp"], p["error"], p["late"], p["message_status"] = c.Status, c.At, "", true, m.Status
	return p
}

// campaignSendOf is the campaign send m is the thread's copy of, if any.
func campaignSendOf(m store.Message) string {
	var x campaignExtra
	if m.Direction != "out" || !bytes.Contains(m.Extra, []byte(`"campaign_send_id"`)) || json.Unmarshal(m.Extra, &x) != nil {
		return ""
	}
	return x.SendID
}

func errorText(errs []sdk.ProviderError) string {
	parts := make([]string, 0, len(errs))
	for _, e := range errs {
		parts = append(parts, strings.TrimSpace(e.Code+" "+e.Title))
	}
	return strings.Join(parts, "; ")
}

// MarkSent records the channel's answer to a send of an outbound message:
// its provider message ID (which later status reports refer to), first
// status, and whether the provider holds it (r.Held: the message's Extra
// gets store.HeldMark; the thread shows it while the status is sent).
func (s *Service) MarkSent(ctx context.Context, tenantID, messageID string, r sdk.SendResult) error {
	status := string(r.Status)
	if status == "" {
		status = string(sdk.StatusSent)
	}
	rank, ok := store.StatusRanks[status]
	if !ok || r.MessageID == "" {
		return apperr.Fields("bad send result", map[string]string{"message_id": "required, with a known status"})
	}
	return s.Store.Tx(ctx, func(q store.Queries) error {
		err := q.SetMessageSent(ctx, tenantID, messageID, r.MessageID, store.StatusChange{Status: status, Rank: rank, At: s.Clock.Now()})
		if err != nil {
			return crm.NotFound(err, "message")
		}
		m, err := q.GetMessage(ctx, tenantID, messageID)
		if err != nil {
			return err
		}
		if r.Held {
			if m, err = markHeld(ctx, q, m); err != nil {
				return err
			}
		}
		return crm.Emit(ctx, q, tenantID, bus.EventMessageStatus, map[string]any{
			"message_id": m.ID, "conversation_id": m.ConversationID, "contact_id": m.ContactID,
			"provider_message_id": m.ProviderMessageID, "status": m.Status, "timestamp": m.StatusAt, "held": m.Held})
	})
}

// markHeld marks m held in its Extra (store.HeldMark) and returns it so.
// A status already past sent (a report that overtook the send's answer)
// keeps the mark, which then says only that the provider held it.
func markHeld(ctx context.Context, q store.Queries, m store.Message) (store.Message, error) {
	extra, err := store.WithHeldMark(m.Extra)
	if err != nil {
		return m, fmt.Errorf("message %s: extra: %w", m.ID, err)
	}
	if err := q.SetMessageExtra(ctx, m.TenantID, m.ID, extra); err != nil {
		return m, err
	}
	m.Extra = extra
	m.Held = m.HeldNow()
	return m, nil
}

// codeWindowClosed is WhatsApp's "outside the 24-hour window" (131047).
const codeWindowClosed = "131047"

func windowClosed(errs []sdk.ProviderError) bool {
	for _, e := range errs {
		if e.Code == codeWindowClosed {
			return true
		}
	}
	return false
}

// closeWindow records, with conversation.updated, that the channel found
// the conversation's 24-hour window closed: the inbox then offers only
// templates until the contact writes again, whatever our clock says.
func (s *Service) closeWindow(ctx context.Context, tenantID, conversationID string) error {
	return s.Store.Tx(ctx, func(q store.Queries) error { return s.closeWindowIn(ctx, q, tenantID, conversationID, s.Clock.Now()) })
}

// earliest is the earlier of a and b.
func earliest(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

// closeWindowIn records in q that the window was found closed at at: a
// message the contact wrote after at keeps it open.
func (s *Service) closeWindowIn(ctx context.Context, q store.Queries, tenantID, conversationID string, at time.Time) error {
	if err := q.CloseWindow(ctx, tenantID, conversationID, at); err != nil {
		return crm.NotFound(err, "conversation")
	}
	c, err := q.GetConversation(ctx, tenantID, conversationID)
	if err != nil {
		return crm.NotFound(err, "conversation")
	}
	return crm.Emit(ctx, q, tenantID, bus.EventConversationUpdated, event(s.withWindow(c), tenancy.SystemActor))
}
