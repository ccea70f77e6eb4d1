package store

import (
	"context"
	"time"
)

// Flow is a flow document with its editable draft and published version.
type Flow struct {
	ID               string    `json:"id"`
	TenantID         string    `json:"tenant_id"`
	Name             string    `json:"name"`
	Title            string    `json:"title"`
	Draft            string    `json:"draft"`
	PublishedVersion int       `json:"published_version"`
	TriggerOn        string    `json:"trigger_on"`
	CreatedAt        time.Time `json:"created_at"`
	UpdatedAt        time.Time `json:"updated_at"`
}

// FlowVersion is an immutable published flow; runs are pinned to one.
type FlowVersion struct {
	FlowID    string    `json:"flow_id"`
	TenantID  string    `json:"tenant_id"`
	Version   int       `json:"version"`
	Source    string    `json:"source"`
	CreatedBy string    `json:"created_by,omitempty"`
	CreatedAt time.Time `json:"created_at"`
}

// Run statuses.
const (
	RunReady     = "ready"     // due to execute at wake_at
	RunWaiting   = "waiting"   // parked on a timer, reply, event or agent
	RunCompleted = "completed" // reached the end
	RunFailed    = "failed"    // a step failed with no on_error
	RunCancelled = "cancelled" // cancelled by a user
)

// WaitKey is what a parked run waits on: a kind (reply, event, handoff)
// and its key (a contact ID, an event type).
type WaitKey struct{ Kind, Key string }

// Run is one execution of a flow version. State is the engine's JSON.
type Run struct {
	ID         string     `json:"id"`
	TenantID   string     `json:"tenant_id"`
	FlowID     string     `json:"flow_id"`
	Version    int        `json:"version"`
	ContactID  string     `json:"contact_id,omitempty"`
	TriggerKey string     `json:"trigger_key"`
	Status     string     `json:"status"`
	Cursor     int        `json:"cursor"`
	WaitKind   string     `json:"wait_kind,omitempty"`
	WaitKey    string     `json:"wait_key,omitempty"`
	WakeAt     *time.Time `json:"wake_at,omitempty"`
	LeaseOwner string     `json:"-"`
	LeaseUntil time.Time  `json:"-"`
	Rev        int64      `json:"rev"`
	Steps      int        `json:"steps"`
	State      []byte     `json:"-"`
	Error      string     `json:"error,omitempty"`
	CreatedAt  time.Time  `json:"created_at"`
	UpdatedAt  time.Time  `json:"updated_at"`
}

// RunStep is one executed step in a run's trace.
type RunStep struct {
	RunID          string    `json:"run_id"`
	Seq            int       `json:"seq"`
	TenantID       string    `json:"-"`
	StepID         string    `json:"step_id"`
	Attempt        int       `json:"attempt"`
	Status         string    `json:"status"`
	Input          string    `json:"input,omitempty"`
	Output         string    `json:"output,omitempty"`
	Error          string    `json:"error,omitempty"`
	IdempotencyKey string    `json:"idempotency_key,omitempty"`
	StartedAt      time.Time `json:"started_at"`
	FinishedAt     time.Time `json:"finished_at"`
}

// RunFilter narrows ListRuns.
type RunFilter struct {
	FlowID    string
	Status    string
	ContactID string
	Before    string // run ID cursor: runs created before it
	Limit     int    // default 50, at most 1000
}

// Flows are flow documents, versions, runs and traces.
type Flows interface {
	CreateFlow(ctx context.Context, f Flow) error
	GetFlow(ctx context.Context, tenantID, id string) (Flow, error)
	// FlowByID is unscoped: a flow's webhook URL names only the flow.
	FlowByID(ctx context.Context, id string) (Flow, error)
	ListFlows(ctx context.Context, tenantID string) ([]Flow, error)
	UpdateFlowDraft(ctx context.Context, tenantID, id, title, draft string, at time.Time) error
	// PublishFlow stores the draft as the next version and returns it.
	PublishFlow(ctx context.Context, tenantID, id, createdBy, triggerOn string, at time.Time) (FlowVersion, error)
	GetFlowVersion(ctx context.Context, tenantID, flowID string, version int) (FlowVersion, error)
	ListFlowVersions(ctx context.Context, tenantID, flowID string) ([]FlowVersion, error)
	DeleteFlow(ctx context.Context, tenantID, id string) error
	// PublishedFlows lists every flow with a published version whose
	// trigger is on, across tenants (the scheduler's list).
	PublishedFlows(ctx context.Context, triggerOn string) ([]Flow, error)
	// TenantFlowsOn is PublishedFlows for one tenant, by index: the trigger
	// router asks it for every event.
	TenantFlowsOn(ctx context.Context, tenantID, triggerOn string) ([]Flow, error)

	// CreateRun inserts a run; ErrConflict when the flow already has a run
	// for the trigger key (the same event never starts a flow twice).
	CreateRun(ctx context.Context, r Run) error
	GetRun(ctx context.Context, tenantID, id string) (Run, error)
	ListRuns(ctx context.Context, tenantID string, f RunFilter) ([]Run, error)
	// SaveRun writes r if its stored rev is still r.Rev (then rev+1), and
	// appends the trace rows; ErrConflict when someone else moved it.
	SaveRun(ctx context.Context, r Run, trace []RunStep) error
	RunTrace(ctx context.Context, tenantID, runID string) ([]RunStep, error)
	// WaitingRuns lists a tenant's runs parked on any of keys (e.g. a reply
	// from a contact, an event of a type), by ID.
	WaitingRuns(ctx context.Context, tenantID string, keys ...WaitKey) ([]Run, error)
	// ActiveRuns lists a contact's unfinished runs of one flow.
	ActiveRuns(ctx context.Context, tenantID, flowID, contactID string) ([]Run, error)
}

// Scheduler is the engine's side of the runs table.
type Scheduler interface {
	// LeaseDueRuns takes up to limit runs due at now whose lease expired,
	// leasing them to owner until the given time.
	LeaseDueRuns(ctx context.Context, owner string, now, until time.Time, limit int) ([]Run, error)
	// NextWake is the earliest wake_at of any run, or zero.
	NextWake(ctx context.Context) (time.Time, error)
	// ClearLeases drops every lease (SQLite start-up: one process owns the file).
	ClearLeases(ctx context.Context) error
	// SaveRuns is SaveRun for many runs in one transaction (group commit):
	// conflicts[i] is ErrConflict for a run someone else moved, and err
	// fails them all.
	SaveRuns(ctx context.Context, saves []RunSave) (conflicts []error, err error)
}

// RunSave is one run row and its new trace rows.
type RunSave struct {
	Run   Run
	Trace []RunStep
}
