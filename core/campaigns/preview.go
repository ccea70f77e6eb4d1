package campaigns

import (
	"context"
	"strings"

	"github.com/masteria/masteria/core/apperr"
	"github.com/masteria/masteria/core/auth"
	"github.com/masteria/masteria/core/tenancy"
)

// PreviewInput asks how many contacts an audience selects on a channel.
// A template campaign names its template (and connection): when the
// connection's catalog says it is a marketing one, the contacts who
// stopped the channel's marketing messages are left out as opted out,
// as its sends will leave them out.
type PreviewInput struct {
	Channel    string           `json:"channel"`
	Audience   Audience         `json:"audience"`
	Sample     int              `json:"sample,omitempty"`     // contacts to show, default 10, at most 50
	Connection string           `json:"connection,omitempty"` // the campaign's connection (ID or name); "" for the channel's first
	Template   *PreviewTemplate `json:"template,omitempty"`   // the template a template campaign sends
}

// PreviewTemplate names the template a previewed campaign sends.
type PreviewTemplate struct {
	Name     string `json:"name"`
	Language string `json:"language"`
}

// Preview is an audience's size, what it leaves out and why, and a few of
// the contacts it selects.
type Preview struct {
	Count    int64            `json:"count"`
	Excluded map[string]int64 `json:"excluded"` // opted_out, no_address
	Sample   []PreviewContact `json:"sample"`
}

// PreviewContact is one selected contact.
type PreviewContact struct {
	ID      string `json:"id"`
	Name    string `json:"name"`
	Address string `json:"address"`
}

// Preview walks the audience exactly as a round would enqueue it.
func (s *Service) Preview(ctx context.Context, p tenancy.Principal, in PreviewInput) (Preview, error) {
	s.init()
	if err := require(p, auth.RoleViewer); err != nil {
		return Preview{}, err
	}
	seg, err := s.previewSegment(in)
	if err != nil {
		return Preview{}, err
	}
	sample := in.Sample
	if sample <= 0 {
		sample = 10
	}
	out := Preview{Excluded: map[string]int64{ExcludedOptedOut: 0, ExcludedNoAddress: 0}, Sample: []PreviewContact{}}
	now, cursor, scope := s.Now(), "", s.previewScope(ctx, p.TenantID, in)
	for {
		page, err := walkPage(ctx, s.Store, p.TenantID, in.Channel, scope, seg, cursor, 2000, now)
		if err != nil {
			return out, err
		}
		out.Count += int64(len(page.members))
		for k, n := range page.excluded {
			out.Excluded[k] += n
		}
		for _, m := range page.members[:min(len(page.members), max(0, min(sample, 50)-len(out.Sample)))] {
			out.Sample = append(out.Sample, PreviewContact{ID: m.Contact.ID, Name: m.Contact.Name, Address: m.Address})
		}
		if cursor = page.next; cursor == "" {
			return out, nil
		}
	}
}

func (s *Service) previewSegment(in PreviewInput) (*segment, error) {
	bad := map[string]apperr.Field{}
	if _, ok := channelActions[in.Channel]; !ok {
		bad["channel"] = badChannel
	}
	seg, err := compileSegment(in.Audience)
	if err != nil {
		bad["audience.expression"] = fieldOf(err)
	}
	switch t := in.Template; {
	case t == nil:
	case in.Channel == "sms":
		bad["template"] = smsTextOnly
	case strings.TrimSpace(t.Name) == "":
		bad["template.name"] = apperr.Keyed("required: the name of the template the campaign sends", apperr.FieldRequired, nil)
	}
	if len(bad) > 0 {
		return nil, apperr.Fields("the audience is not valid", bad).Because(apperr.AudienceInvalid, nil)
	}
	return seg, nil
}

// previewScope is the consent scope the previewed campaign's sends need,
// told as planScope tells a started campaign's.
func (s *Service) previewScope(ctx context.Context, tenantID string, in PreviewInput) string {
	if in.Template == nil || in.Template.Name == "" {
		return in.Channel
	}
	return s.scopeOf(ctx, tenantID, in.Channel, map[string]any{"kind": "template", "connection": in.Connection,
		"template": map[string]any{"name": in.Template.Name, "language": in.Template.Language}})
}
