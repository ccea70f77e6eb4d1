package engine

import (
	"context"
	"slices"
	"strings"

	"github.com/masteria/masteria/core/store"
)

// lookups answers the router's questions about a batch of events: which
// runs wait for each event, which flows its type triggers. The waiting
// runs of every event are asked for in one query per tenant before the
// first is routed (prefetch); they stay true until routing an event finds
// a run waiting or a flow to start, since resuming or starting a run may
// park it on a later event's key (a flow's run only resumes what waits
// for it, so a stale answer costs a query, never a wrong delivery). From then on each event asks the store
// itself, as a batch of one does. A tenant's flows are asked once per
// batch: routing never publishes one.
type lookups struct {
	store   store.Store
	waiting map[waitAt][]store.Run // prefetched keys, nil for none waiting
	flows   map[flowsAt][]store.Flow
	stale   bool
}

type waitAt struct {
	tenant string
	key    store.WaitKey
}

type flowsAt struct{ tenant, on string }

func newLookups(s store.Store) *lookups {
	return &lookups{store: s, flows: map[flowsAt][]store.Flow{}, stale: true}
}

// prefetch asks for the runs waiting on any of the events' keys.
func (l *lookups) prefetch(ctx context.Context, evs []routedEvent) error {
	keys := map[string][]store.WaitKey{}
	l.waiting = map[waitAt][]store.Run{}
	for _, e := range evs {
		for _, k := range e.keys {
			at := waitAt{e.TenantID, k}
			if _, asked := l.waiting[at]; !asked {
				l.waiting[at] = nil
				keys[e.TenantID] = append(keys[e.TenantID], k)
			}
		}
	}
	for tenant, ks := range keys {
		runs, err := l.store.WaitingRuns(ctx, tenant, ks...)
		if err != nil {
			return err
		}
		for _, run := range runs {
			at := waitAt{tenant, store.WaitKey{Kind: run.WaitKind, Key: run.WaitKey}}
			l.waiting[at] = append(l.waiting[at], run)
		}
	}
	l.stale = false
	return nil
}

// waitingRuns is store.WaitingRuns, from the prefetch while it holds.
func (l *lookups) waitingRuns(ctx context.Context, tenantID string, keys ...store.WaitKey) ([]store.Run, error) {
	var runs []store.Run
	if l.stale {
		var err error
		if runs, err = l.store.WaitingRuns(ctx, tenantID, keys...); err != nil {
			return nil, err
		}
	} else {
		for _, k := range keys {
			found, asked := l.waiting[waitAt{tenantID, k}]
			if !asked { // not an event of the batch: never happens, but ask
				l.stale = true
				return l.waitingRuns(ctx, tenantID, keys...)
			}
			runs = append(runs, found...)
		}
		slices.SortFunc(runs, func(a, b store.Run) int { return strings.Compare(a.ID, b.ID) })
	}
	if len(runs) > 0 {
		l.changed()
	}
	return runs, nil
}

// flowsOn is store.TenantFlowsOn, asked once per tenant and type.
func (l *lookups) flowsOn(ctx context.Context, tenantID, on string) ([]store.Flow, error) {
	at := flowsAt{tenantID, on}
	flows, asked := l.flows[at]
	if !asked {
		var err error
		if flows, err = l.store.TenantFlowsOn(ctx, tenantID, on); err != nil {
			return nil, err
		}
		l.flows[at] = flows
	}
	return flows, nil
}

// changed says an event is about to resume, start or queue to runs: the
// prefetched waiting runs may no longer be true.
func (l *lookups) changed() { l.stale = true }
