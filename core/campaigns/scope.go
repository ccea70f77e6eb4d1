package campaigns

import (
	"context"
	"encoding/json"
	"strings"

	"github.com/masteria/masteria/core/consent"
	"github.com/masteria/masteria/core/store"
)

// planScope is the consent scope a one-message campaign's sends need:
// the channel's marketing part when its template is a marketing one (by
// the sending connection's catalog), else the channel. Cadences enrol,
// which sends nothing: each of their steps is judged by rowScope.
func (s *Service) planScope(ctx context.Context, tenantID string, pl *plan) string {
	if pl.kind != KindMessage || pl.spec.Message == nil || pl.spec.Message.Template == nil {
		return pl.channel
	}
	t := pl.spec.Message.Template
	return s.scopeOf(ctx, tenantID, pl.channel, map[string]any{"kind": "template", "connection": pl.spec.Connection,
		"template": map[string]any{"name": t.Name, "language": t.Language}})
}

// rowScope is the consent scope a ledger row's send needs: its
// campaign's for a dispatched row, its step input's for a cadence's.
func (s *Service) rowScope(ctx context.Context, row store.Send, l *live) string {
	switch {
	case row.Step == StepEnrol:
		return row.Channel
	case row.Via == store.ViaDispatch && l != nil:
		l.scopeOnce.Do(func() { l.scope = s.planScope(ctx, row.TenantID, l.plan) })
		return l.scope
	}
	var in map[string]any
	if json.Unmarshal(row.Payload, &in) != nil {
		return row.Channel
	}
	return s.scopeOf(ctx, row.TenantID, row.Channel, in)
}

func (s *Service) scopeOf(ctx context.Context, tenantID, channel string, input map[string]any) string {
	scope, err := consent.Scope(ctx, s.Templates, tenantID, channel, input)
	if err != nil {
		s.Log.Debug("template category unknown: the channel's consent decides", "tenant", tenantID, "err", err)
	}
	return scope
}

// optedOutWhy is a suppressed send's reason: the contact opted out of
// scope, a channel or a part of one.
func optedOutWhy(scope string) string {
	channel, part, ok := strings.Cut(scope, ":")
	if !ok {
		return "the contact opted out of " + scope
	}
	return "the contact opted out of " + channel + " " + part + " messages (" + scope + ") and the template is a " +
		part + " one; other templates and replies still reach them"
}
