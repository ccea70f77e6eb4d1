package campaigns

import (
	"cmp"
	"context"
	"errors"
	"slices"
	"strings"

	"github.com/masteria/masteria/core/bus"
	"github.com/masteria/masteria/core/store"
)

// Event is a bus event as the ledger takes it.
type Event struct {
	TenantID, Type string
	Payload        []byte
}

// ledgerBatch bounds how many events the ledger takes at once.
const ledgerBatch = 64

// HandleAll applies events as Handle would one after another, and returns
// each one's error. The status reports that name a known send move their
// sends in one transaction: a campaign's message brings two or three
// reports, and a transaction each cost the one SQLite writer a commit per
// report (BenchmarkInboundStatuses/messages=campaign). What that
// transaction cannot settle goes through Handle, in order: events other
// than reports, reports on a message no send holds yet (a send may adopt
// it), and, should the transaction fail, every report of the batch.
func (s *Service) HandleAll(ctx context.Context, evs []Event) []error {
	s.init()
	errs := make([]error, len(evs))
	done := make([]bool, len(evs))
	var moves []*move
	for i, ev := range evs {
		if ev.Type != bus.EventMessageStatus {
			continue
		}
		r, ok := ledgerReport(ev.Payload)
		change, code, known := s.changeOf(r)
		if !ok || !known {
			done[i] = true // not the ledger's
			continue
		}
		moves = append(moves, &move{at: i, tenantID: ev.TenantID, report: r, change: change, code: code})
	}
	if s.applyMoves(ctx, moves) == nil {
		for _, m := range moves {
			if m.missing {
				continue
			}
			done[m.at] = true
			if errs[m.at] = s.afterMove(ctx, m.row, m.moved, m.report.Status, m.code); errs[m.at] == nil && m.moved {
				s.restatus(ctx, m.tenantID, m.report, evs[m.at].Payload)
			}
		}
	}
	for i, ev := range evs {
		if !done[i] {
			errs[i] = s.Handle(ctx, ev.TenantID, ev.Type, ev.Payload)
		}
	}
	return errs
}

// move is a status report on its way to its send.
type move struct {
	at       int // the event's place in the batch
	tenantID string
	report   statusReport
	change   store.StatusChange
	code     string
	row      store.Send
	moved    bool
	missing  bool // no send has the provider message ID
}

// applyMoves applies the reports in one transaction, tenant by tenant and
// send by send in the order of their IDs, each send's reports in their
// order. Posted locks sends in that order too (tenants sorted, LockSends
// by ID), as does another instance's batch from the shared consumer, so
// on Postgres none of them deadlock with another. (Should one anyway,
// say with an opt-out stamping a contact's sends, the batch's reports go
// one by one.)
func (s *Service) applyMoves(ctx context.Context, moves []*move) error {
	if len(moves) == 0 {
		return nil
	}
	return s.Store.Tx(ctx, func(q store.Queries) error {
		order, err := bySend(ctx, q, moves)
		if err != nil {
			return err
		}
		for _, m := range order {
			m.row, m.moved, err = q.ApplySendStatus(ctx, m.tenantID, m.report.ProviderMessageID, m.change, m.code)
			m.missing = errors.Is(err, store.ErrNotFound)
			if err != nil && !m.missing {
				return err
			}
		}
		return nil
	})
}

// bySend sorts the moves by tenant and send ID (a stable sort: one
// send's reports keep their order).
func bySend(ctx context.Context, q store.Queries, moves []*move) ([]*move, error) {
	providerIDs := map[string][]string{}
	for _, m := range moves {
		providerIDs[m.tenantID] = append(providerIDs[m.tenantID], m.report.ProviderMessageID)
	}
	sendIDs := map[string]map[string]string{}
	for tenantID, pids := range providerIDs {
		ids, err := q.SendIDs(ctx, tenantID, pids)
		if err != nil {
			return nil, err
		}
		sendIDs[tenantID] = ids
	}
	order := slices.Clone(moves)
	slices.SortStableFunc(order, func(a, b *move) int {
		return cmp.Or(strings.Compare(a.tenantID, b.tenantID),
			strings.Compare(sendIDs[a.tenantID][a.report.ProviderMessageID], sendIDs[b.tenantID][b.report.ProviderMessageID]))
	})
	return order, nil
}
