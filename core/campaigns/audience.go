package campaigns

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/vm"

	"github.com/masteria/masteria/core/flow"
	"github.com/masteria/masteria/core/store"
)

// segment is a compiled Audience.
type segment struct {
	a    Audience
	cond *vm.Program // nil: no expression
}

// compileSegment compiles the audience's expression against the typed
// contact environment flows use.
func compileSegment(a Audience) (*segment, error) {
	s := &segment{a: a}
	if strings.TrimSpace(a.Expression) == "" {
		return s, nil
	}
	prog, err := expr.Compile(a.Expression, expr.Env(&flow.Env{}), expr.AsBool())
	if err != nil {
		return nil, exprError(err, a.Expression, 0)
	}
	s.cond = prog
	return s, nil
}

// query is the part of the segment the store filters on.
func (s *segment) query(after string, limit int) store.AudienceQuery {
	return store.AudienceQuery{AllTags: s.a.Tags, AnyTags: s.a.AnyTags, NoneTags: s.a.ExcludeTags, After: after, Limit: limit}
}

// matches applies the custom fields and the expression.
func (s *segment) matches(c store.Contact, now time.Time) (bool, error) {
	for k, want := range s.a.Fields {
		if got, ok := c.Fields[k]; !ok || fmt.Sprint(got) != fmt.Sprint(want) {
			return false, nil
		}
	}
	if s.cond == nil {
		return true, nil
	}
	v, err := expr.Run(s.cond, &flow.Env{Contact: flowContact(c), Now: now})
	if err != nil {
		return false, err
	}
	ok, _ := v.(bool)
	return ok, nil
}

// flowContact is the contact as expressions see it.
func flowContact(c store.Contact) flow.Contact {
	first, _, _ := strings.Cut(strings.TrimSpace(c.Name), " ")
	return flow.Contact{ID: c.ID, Name: c.Name, FirstName: first, Phone: c.Phone, Email: c.Email, Tags: c.Tags, Fields: c.Fields}
}

// addressOf is where the channel reaches the contact: E.164 for both.
func addressOf(c store.Contact, channel string) string {
	if c.Phone != "" {
		return c.Phone
	}
	if channel == "whatsapp" && c.WhatsAppID != "" {
		return "+" + strings.TrimPrefix(c.WhatsAppID, "+")
	}
	return ""
}

// Member is a contact the audience selected, with its address.
type Member struct {
	Contact store.Contact
	Address string
}

// Exclusion reasons.
const (
	ExcludedOptedOut  = "opted_out"
	ExcludedNoAddress = "no_address"
	ExcludedExprError = "expression_error" // the expression failed on the contact
)

// audiencePage is one page of an audience walk: members in, the reasons
// others were left out, and where the next page starts ("" at the end).
type audiencePage struct {
	members  []Member
	excluded map[string]int64
	next     string
}

// walkPage selects one page of contacts after the cursor, for sends on
// channel that need the consent of scope (the channel, or its marketing
// part for a marketing template).
func walkPage(ctx context.Context, st store.Store, tenantID, channel, scope string, seg *segment, after string, size int, now time.Time) (audiencePage, error) {
	out := audiencePage{excluded: map[string]int64{}}
	cs, err := st.AudiencePage(ctx, tenantID, seg.query(after, size))
	if err != nil || len(cs) == 0 {
		return out, err
	}
	if len(cs) == size {
		out.next = cs[len(cs)-1].ID
	}
	var picked []Member
	for _, c := range cs {
		ok, err := seg.matches(c, now)
		if err != nil { // e.g. a field the contact lacks: not selected, but counted
			out.excluded[ExcludedExprError]++
			continue
		}
		if !ok {
			continue
		}
		if addr := addressOf(c, channel); addr != "" {
			picked = append(picked, Member{Contact: c, Address: addr})
		} else {
			out.excluded[ExcludedNoAddress]++
		}
	}
	out.members, err = dropOptedOut(ctx, st, tenantID, channel, picked, out.excluded)
	if err == nil && scope != channel {
		out.members, err = dropOptedOut(ctx, st, tenantID, scope, out.members, out.excluded)
	}
	return out, err
}

func dropOptedOut(ctx context.Context, st store.Store, tenantID, channel string, ms []Member, excluded map[string]int64) ([]Member, error) {
	ids := make([]string, len(ms))
	for i, m := range ms {
		ids[i] = m.Contact.ID
	}
	out, err := st.OptedOut(ctx, tenantID, channel, ids)
	if err != nil {
		return nil, err
	}
	kept := ms[:0]
	for _, m := range ms {
		if out[m.Contact.ID] {
			excluded[ExcludedOptedOut]++
			continue
		}
		kept = append(kept, m)
	}
	return kept, nil
}
