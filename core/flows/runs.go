package flows

import (
	"context"
	"strings"

	"github.com/masteria/masteria/core/apperr"
	"github.com/masteria/masteria/core/auth"
	"github.com/masteria/masteria/core/engine"
	"github.com/masteria/masteria/core/flow"
	"github.com/masteria/masteria/core/store"
	"github.com/masteria/masteria/core/tenancy"
)

// ManualStart is a run started from the dashboard or the API.
type ManualStart struct {
	Contact flow.Contact   `json:"contact,omitempty"`
	Message flow.Message   `json:"message,omitempty"`
	Params  map[string]any `json:"params,omitempty"`
	Vars    map[string]any `json:"vars,omitempty"`
	Key     string         `json:"idempotency_key,omitempty"`
}

// Start runs the published version now.
func (s *Service) Start(ctx context.Context, p tenancy.Principal, flowID string, in ManualStart) (store.Run, error) {
	if err := require(p, auth.RoleAgent); err != nil {
		return store.Run{}, err
	}
	return s.Engine.StartRun(ctx, engine.Start{TenantID: p.TenantID, FlowID: flowID, TriggerKey: in.Key,
		Contact: in.Contact, Message: in.Message, Params: in.Params, Vars: in.Vars})
}

// Test runs the draft's own tests, plus a dry run from given when set.
func (s *Service) Test(ctx context.Context, p tenancy.Principal, flowID string, given *flow.Given) ([]engine.TestResult, error) {
	row, err := s.Store.GetFlow(ctx, p.TenantID, flowID)
	if err != nil {
		return nil, notFound(err, "flow")
	}
	f, diags := s.lint(row.Name, row.Draft)
	if len(diags) > 0 || f == nil {
		return nil, apperr.New(apperr.Invalid, "the draft has %d problems; fix them to test it", len(diags)).
			Because(apperr.DraftHasProblems, apperr.P{"count": len(diags)})
	}
	results, err := engine.RunTests(ctx, f)
	if err != nil || given == nil {
		return results, err
	}
	plan, err := engine.Compile(f)
	if err != nil {
		return nil, err
	}
	dry, _ := engine.DryRun(ctx, plan, *given)
	dry.Name, dry.Passed = "dry run", dry.Status != store.RunFailed
	return append(results, dry), nil
}

// RunDetail is a run with its full trace.
type RunDetail struct {
	store.Run
	Trace []store.RunStep `json:"trace"`
}

// Run returns one run with its trace.
func (s *Service) Run(ctx context.Context, p tenancy.Principal, id string) (RunDetail, error) {
	r, err := s.Store.GetRun(ctx, p.TenantID, id)
	if err != nil {
		return RunDetail{}, notFound(err, "run")
	}
	trace, err := s.Store.RunTrace(ctx, p.TenantID, id)
	return RunDetail{Run: r, Trace: trace}, err
}

// Runs lists runs, newest first, a page of f.Limit at a time after the
// cursor f.Before (a run ID); next is the cursor of the page after, empty
// at the end.
func (s *Service) Runs(ctx context.Context, p tenancy.Principal, f store.RunFilter) (runs []store.Run, next string, err error) {
	if f.Status != "" && !validStatus[f.Status] {
		return nil, "", apperr.Fields("unknown status", map[string]apperr.Field{
			"status": apperr.OneOf("ready, waiting, completed, failed or cancelled", "ready, waiting, completed, failed, cancelled")}).
			Because(apperr.ListParamsInvalid, nil)
	}
	if f.Before != "" && !strings.HasPrefix(f.Before, "run_") {
		return nil, "", apperr.ListParams(map[string]apperr.Field{"cursor": apperr.BadCursor("is not a cursor this list returned")})
	}
	limit := f.Limit
	if limit <= 0 {
		limit = DefaultRunsPage
	}
	f.Limit = limit + 1 // one more tells whether a page follows
	if runs, err = s.Store.ListRuns(ctx, p.TenantID, f); err != nil || len(runs) <= limit {
		return runs, "", err
	}
	return runs[:limit], runs[limit-1].ID, nil
}

// DefaultRunsPage and MaxRunsPage bound a page of runs.
const (
	DefaultRunsPage = 50
	MaxRunsPage     = 500
)

var validStatus = map[string]bool{store.RunReady: true, store.RunWaiting: true, store.RunCompleted: true, store.RunFailed: true, store.RunCancelled: true}

// Cancel stops a run.
func (s *Service) Cancel(ctx context.Context, p tenancy.Principal, id string) (store.Run, error) {
	if err := require(p, auth.RoleAgent); err != nil {
		return store.Run{}, err
	}
	return s.Engine.Cancel(ctx, p.TenantID, id)
}

// RetryFrom restarts a finished run at a step.
func (s *Service) RetryFrom(ctx context.Context, p tenancy.Principal, id, step string) (store.Run, error) {
	if err := require(p, auth.RoleAgent); err != nil {
		return store.Run{}, err
	}
	return s.Engine.RetryFrom(ctx, p.TenantID, id, step)
}
