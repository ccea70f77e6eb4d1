package store

import (
	"context"
	"time"
)

// Campaigns is the campaigns' part of Queries: definitions, the send
// ledger and what feeds it.
type Campaigns interface {
	CreateCampaign(ctx context.Context, c Campaign) error
	GetCampaign(ctx context.Context, tenantID, id string) (Campaign, error)
	ListCampaigns(ctx context.Context, tenantID string) ([]Campaign, error)
	// SaveCampaign writes c (all but its lease) if its stored rev is
	// still c.Rev (then rev+1); ErrConflict when someone else changed it.
	SaveCampaign(ctx context.Context, c Campaign) error
	DeleteCampaign(ctx context.Context, tenantID, id string) error

	// AudiencePage lists up to q.Limit contacts (with tags) after q.After
	// in ID order that pass the tag conditions.
	AudiencePage(ctx context.Context, tenantID string, q AudienceQuery) ([]Contact, error)
	// OptedOut tells which of the contacts may not be sent to on channel
	// (or a scope such as "whatsapp:marketing"): the same rule as
	// ContactReachable, for many contacts at once.
	OptedOut(ctx context.Context, tenantID, channel string, contactIDs []string) (map[string]bool, error)

	// InsertSends adds ledger rows, skipping any whose (campaign, round,
	// contact, step) exists; it returns how many were added.
	InsertSends(ctx context.Context, sends []Send) (int64, error)
	GetSend(ctx context.Context, tenantID, id string) (Send, error)
	SendByKey(ctx context.Context, tenantID, campaignID string, round int, contactID, step string) (Send, error)
	ListSends(ctx context.Context, tenantID string, f SendFilter) ([]Send, string, error)
	// CampaignCounts is the campaign's funnel per step, every round, in
	// the order the steps were first reached.
	CampaignCounts(ctx context.Context, tenantID, campaignID string) ([]StepCounts, error)
	// ClaimSend claims one queued run-driven row for a run's step (the
	// run's lease already makes its executor unique): attempts and
	// in_flight go up. A row no longer queued is returned unchanged.
	ClaimSend(ctx context.Context, tenantID, id, owner string, now time.Time) (Send, error)
	// ApplySendStatus moves the row with the provider message ID to c
	// (with the provider's error code, if any) if its rank is at most
	// c.MaxFrom; false when nothing changed, ErrNotFound for an unknown ID.
	ApplySendStatus(ctx context.Context, tenantID, providerID string, c StatusChange, errorCode string) (Send, bool, error)
	// SendIDs maps the provider message IDs of the tenant's sends to the
	// sends' IDs; unknown provider IDs are left out.
	SendIDs(ctx context.Context, tenantID string, providerIDs []string) (map[string]string, error)
	// AdoptProviderID settles an unresolved attempt: when exactly one row
	// of the tenant to one of the addresses has an attempt of unknown
	// outcome (reclaimed with in_flight above 1, or held ambiguous), it
	// takes the provider message ID and becomes sent. ErrConflict when no
	// single such row exists but attempts to the address are in flight
	// (the report may have overtaken the send's own record).
	AdoptProviderID(ctx context.Context, tenantID string, addresses []string, providerID string, at time.Time) (Send, bool, error)
	// MarkContactSends stamps column (replied_at or opted_out_at) on the
	// contact's sends sent since, where it is not yet set.
	MarkContactSends(ctx context.Context, tenantID, contactID, column string, since, at time.Time) ([]Send, error)
	// ContactsToMark says which of contactIDs have sends since then that
	// MarkContactSends would stamp: the inbox asks it once for a batch of
	// inbound messages, most of them from contacts no campaign wrote to.
	ContactsToMark(ctx context.Context, tenantID, column string, since time.Time, contactIDs []string) (map[string]bool, error)
	// LockSends reads the sends with these IDs (ID, status, provider
	// message ID, status times and error code and text), locked until the transaction
	// ends on Postgres: a status report cannot move one between the read
	// and the commit. Unknown IDs are left out.
	LockSends(ctx context.Context, tenantID string, ids []string) ([]Send, error)
	// CancelQueuedSends cancels the campaign's queued rows that have no
	// attempt in flight.
	CancelQueuedSends(ctx context.Context, tenantID, campaignID string, at time.Time) (int64, error)
	// CadenceActive tells whether any run the campaign enrolled (trigger
	// key "campaign:<send ID>") into flowID is still ready or waiting.
	CadenceActive(ctx context.Context, tenantID, campaignID, flowID string) (bool, error)
	// ReachedSince lists the addresses a portfolio's sends reached since,
	// with the first time each was reached (the daily messaging tier).
	ReachedSince(ctx context.Context, tenantID, portfolio string, since time.Time) (map[string]time.Time, error)

	// GuardSMS takes the (address, body) pair for owner unless another
	// owner took it after cutoff; false when the send is a duplicate.
	GuardSMS(ctx context.Context, tenantID, address, bodyHash, owner string, at, cutoff time.Time) (bool, error)
	// ReleaseSMSGuard drops owner's hold (its send failed for good).
	ReleaseSMSGuard(ctx context.Context, tenantID, address, bodyHash, owner string) error
}

// SendQueue is the campaign dispatcher's side of the ledger.
type SendQueue interface {
	// DueCampaigns lists every tenant's campaigns the runner must look at:
	// scheduled ones due by now, and running ones.
	DueCampaigns(ctx context.Context, now time.Time) ([]Campaign, error)
	// LeaseCampaign takes the campaign for owner until the given time
	// unless another owner holds it; false when it does.
	LeaseCampaign(ctx context.Context, tenantID, id, owner string, now, until time.Time) (bool, error)
	// ClaimSends leases up to limit queued dispatch rows due by now to
	// owner: rows of running campaigns, and rows of cancelled ones with an
	// attempt in flight (to settle them). Attempts and in_flight go up;
	// two claimers never get the same row.
	ClaimSends(ctx context.Context, owner string, now, until time.Time, limit int) ([]Send, error)
	// RecordSends applies outcomes of claimed rows in one transaction,
	// forward-only; applied[i] is false where the row had moved on.
	RecordSends(ctx context.Context, outcomes []SendOutcome) (applied []bool, err error)
	// SetSendCode sets the error code of a row still claimed as it was
	// (the same in_flight), keeping its lease: a note written before an
	// attempt, for whoever claims the row should the attempt die.
	SetSendCode(ctx context.Context, tenantID, id string, inFlight int, code string) error
	// NextSendDue is the earliest next_at of a queued dispatch row.
	NextSendDue(ctx context.Context) (time.Time, error)
	// ClearSendLeases drops every send lease (SQLite start-up).
	ClearSendLeases(ctx context.Context) error
}
