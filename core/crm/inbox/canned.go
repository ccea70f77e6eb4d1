package inbox

import (
	"context"
	"regexp"
	"strings"

	"github.com/masteria/masteria/core/apperr"
	"github.com/masteria/masteria/core/crm"
	"github.com/masteria/masteria/core/ids"
	"github.com/masteria/masteria/core/store"
	"github.com/masteria/masteria/core/tenancy"
)

// CannedInput is a saved reply.
type CannedInput struct {
	Shortcut string `json:"shortcut"` // typed after "/" in the composer
	Title    string `json:"title"`
	Body     string `json:"body"`
}

var shortcutRe = regexp.MustCompile(`^[\p{L}\p{N}_-]{1,32}$`)

func (in CannedInput) check() error {
	bad := map[string]apperr.Field{}
	if !shortcutRe.MatchString(in.Shortcut) {
		bad["shortcut"] = apperr.Keyed("1 to 32 letters, digits, - or _", apperr.FieldShortcut, apperr.P{"max": 32})
	}
	if len(in.Title) > 120 {
		bad["title"] = apperr.TooLong(120)
	}
	if b := strings.TrimSpace(in.Body); b == "" || len(b) > 4096 {
		bad["body"] = apperr.RequiredMax(4096)
	}
	if len(bad) > 0 {
		return apperr.Fields("the canned response cannot be saved", bad).Because(apperr.CannedInvalid, nil)
	}
	return nil
}

// CreateCanned saves a canned response.
func (s *Service) CreateCanned(ctx context.Context, p tenancy.Principal, in CannedInput) (store.CannedResponse, error) {
	if err := crm.Require(p, write); err != nil {
		return store.CannedResponse{}, err
	}
	if err := in.check(); err != nil {
		return store.CannedResponse{}, err
	}
	now := s.Clock.Now()
	r := store.CannedResponse{ID: ids.New("cnr"), TenantID: p.TenantID, Shortcut: in.Shortcut, Title: in.Title,
		Body: strings.TrimSpace(in.Body), CreatedAt: now, UpdatedAt: now}
	err := s.Store.CreateCanned(ctx, r)
	return r, crm.Conflict(err, apperr.ShortcutTaken, apperr.P{"shortcut": in.Shortcut}, "the shortcut %q is taken", in.Shortcut)
}

// UpdateCanned replaces a canned response.
func (s *Service) UpdateCanned(ctx context.Context, p tenancy.Principal, id string, in CannedInput) (store.CannedResponse, error) {
	if err := crm.Require(p, write); err != nil {
		return store.CannedResponse{}, err
	}
	r, err := s.Store.GetCanned(ctx, p.TenantID, id)
	if err != nil {
		return r, crm.NotFound(err, "canned response")
	}
	if err := in.check(); err != nil {
		return r, err
	}
	r.Shortcut, r.Title, r.Body, r.UpdatedAt = in.Shortcut, in.Title, strings.TrimSpace(in.Body), s.Clock.Now()
	err = s.Store.UpdateCanned(ctx, r)
	return r, crm.Conflict(crm.NotFound(err, "canned response"), apperr.ShortcutTaken, apperr.P{"shortcut": in.Shortcut},
		"the shortcut %q is taken", in.Shortcut)
}

// DeleteCanned removes a canned response.
func (s *Service) DeleteCanned(ctx context.Context, p tenancy.Principal, id string) error {
	if err := crm.Require(p, write); err != nil {
		return err
	}
	return crm.NotFound(s.Store.DeleteCanned(ctx, p.TenantID, id), "canned response")
}

// ListCanned lists canned responses, optionally by shortcut/title prefix.
func (s *Service) ListCanned(ctx context.Context, p tenancy.Principal, query string) ([]store.CannedResponse, error) {
	return s.Store.ListCanned(ctx, p.TenantID, query)
}
