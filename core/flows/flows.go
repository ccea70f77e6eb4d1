// Package flows is a tenant's flow library: drafts that lint as they are
// edited, immutable published versions, manual starts, dry runs and run
// control, over the engine.
package flows

import (
	"context"
	"errors"
	"strings"

	"github.com/masteria/masteria/core/apperr"
	"github.com/masteria/masteria/core/auth"
	"github.com/masteria/masteria/core/engine"
	"github.com/masteria/masteria/core/flow"
	"github.com/masteria/masteria/core/ids"
	"github.com/masteria/masteria/core/store"
	"github.com/masteria/masteria/core/tenancy"
)

// Service holds the flow use cases.
type Service struct {
	Store   store.Store
	Engine  *engine.Engine
	Catalog flow.Catalog
}

// Draft is a flow with its draft's lint problems.
type Draft struct {
	store.Flow
	Diagnostics []flow.Diagnostic `json:"diagnostics"`
}

func (s *Service) lint(name, src string) (*flow.Flow, []flow.Diagnostic) {
	diags := flow.Lint(name+".yaml", []byte(src), s.Catalog)
	f, _ := flow.Parse(name+".yaml", []byte(src))
	if diags == nil {
		diags = []flow.Diagnostic{}
	}
	return f, diags
}

// Create stores a new draft. Drafts may have problems (they are shown);
// only publishing requires a clean lint.
func (s *Service) Create(ctx context.Context, p tenancy.Principal, src string) (Draft, error) {
	if err := require(p, auth.RoleAdmin); err != nil {
		return Draft{}, err
	}
	f, diags := s.lint("flow", src)
	if f == nil || strings.TrimSpace(f.Name) == "" {
		return Draft{Diagnostics: diags}, apperr.Fields("the flow needs a name", map[string]string{"yaml": "set name: in the document"}).Because(apperr.FlowNeedsName, nil)
	}
	now := store.Now()
	row := store.Flow{ID: ids.New("flw"), TenantID: p.TenantID, Name: f.Name, Title: f.Title, Draft: src, CreatedAt: now, UpdatedAt: now}
	if err := s.Store.CreateFlow(ctx, row); err != nil {
		if errors.Is(err, store.ErrConflict) {
			return Draft{}, apperr.New(apperr.Conflict, "a flow named %q exists", f.Name).Because(apperr.NameTaken, apperr.P{"name": f.Name})
		}
		return Draft{}, err
	}
	return Draft{Flow: row, Diagnostics: diags}, nil
}

// Get returns a flow and its draft's problems.
func (s *Service) Get(ctx context.Context, p tenancy.Principal, id string) (Draft, error) {
	row, err := s.Store.GetFlow(ctx, p.TenantID, id)
	if err != nil {
		return Draft{}, notFound(err, "flow")
	}
	_, diags := s.lint(row.Name, row.Draft)
	return Draft{Flow: row, Diagnostics: diags}, nil
}

// List lists the tenant's flows.
func (s *Service) List(ctx context.Context, p tenancy.Principal) ([]store.Flow, error) {
	return s.Store.ListFlows(ctx, p.TenantID)
}

// Update replaces the draft; the published version does not change.
func (s *Service) Update(ctx context.Context, p tenancy.Principal, id, src string) (Draft, error) {
	if err := require(p, auth.RoleAdmin); err != nil {
		return Draft{}, err
	}
	row, err := s.Store.GetFlow(ctx, p.TenantID, id)
	if err != nil {
		return Draft{}, notFound(err, "flow")
	}
	f, _ := s.lint(row.Name, src)
	if f != nil && f.Name != "" && f.Name != row.Name {
		return Draft{}, apperr.Fields("the name cannot change", map[string]string{"yaml": "name must stay " + row.Name})
	}
	title := row.Title
	if f != nil {
		title = f.Title
	}
	if err := s.Store.UpdateFlowDraft(ctx, p.TenantID, id, title, src, store.Now()); err != nil {
		return Draft{}, notFound(err, "flow")
	}
	return s.Get(ctx, p, id)
}

// Delete removes a flow, its versions and runs.
func (s *Service) Delete(ctx context.Context, p tenancy.Principal, id string) error {
	if err := require(p, auth.RoleAdmin); err != nil {
		return err
	}
	return notFound(s.Store.DeleteFlow(ctx, p.TenantID, id), "flow")
}

// Publish makes the draft the next version, if it lints clean.
func (s *Service) Publish(ctx context.Context, p tenancy.Principal, id string) (store.FlowVersion, error) {
	if err := require(p, auth.RoleAdmin); err != nil {
		return store.FlowVersion{}, err
	}
	row, err := s.Store.GetFlow(ctx, p.TenantID, id)
	if err != nil {
		return store.FlowVersion{}, notFound(err, "flow")
	}
	f, diags := s.lint(row.Name, row.Draft)
	if len(diags) > 0 {
		fields := map[string]apperr.Field{}
		for _, d := range diags {
			// A path's problem keeps its lint reason (flow.Reasons), so the
			// editor words it as it words the lint's.
			fields[d.Path] = apperr.Keyed(d.String(), apperr.FieldReason(d.Reason), d.Params)
		}
		return store.FlowVersion{}, apperr.Fields("fix the draft's problems before publishing", fields).
			Because(apperr.PublishHasProblems, apperr.P{"count": len(diags)})
	}
	var v store.FlowVersion
	err = s.Store.Tx(ctx, func(q store.Queries) error {
		var err error
		v, err = q.PublishFlow(ctx, p.TenantID, id, p.Actor(), f.Trigger.On, store.Now())
		return err
	})
	return v, err
}

// Versions lists the published versions, newest first.
func (s *Service) Versions(ctx context.Context, p tenancy.Principal, id string) ([]store.FlowVersion, error) {
	if _, err := s.Store.GetFlow(ctx, p.TenantID, id); err != nil {
		return nil, notFound(err, "flow")
	}
	return s.Store.ListFlowVersions(ctx, p.TenantID, id)
}

func require(p tenancy.Principal, min auth.Role) error {
	if !p.Can(min) {
		return apperr.NeedRole(min)
	}
	return nil
}

func notFound(err error, what string) error {
	if errors.Is(err, store.ErrNotFound) {
		return apperr.NotFoundf("%s not found", what)
	}
	return err
}
