package store

import (
	"encoding/json"
	"time"
)

// Campaign statuses.
const (
	CampaignDraft     = "draft"     // editable, not scheduled
	CampaignScheduled = "scheduled" // waiting for next_at
	CampaignRunning   = "running"   // a round is being enqueued or sent
	CampaignPaused    = "paused"    // nothing is claimed until resumed
	CampaignCompleted = "completed" // every round finished
	CampaignCancelled = "cancelled" // stopped for good
)

// Campaign is a tenant's mass send: its definition (Spec, JSON owned by the
// campaigns package) and where its current round stands.
type Campaign struct {
	ID       string          `json:"id"`
	TenantID string          `json:"-"`
	Name     string          `json:"name"`
	Kind     string          `json:"kind"`    // message or flow
	Channel  string          `json:"channel"` // whatsapp or sms
	Spec     json.RawMessage `json:"spec"`
	Status   string          `json:"status"`
	Reason   string          `json:"reason,omitempty"` // why it paused, failed or was cancelled
	// ReasonCode keys Reason (e.g. breaker_failures) and ReasonParams holds
	// the values its text names, for a client to word it; rows from
	// before reasons had codes have neither.
	ReasonCode   string         `json:"reason_code,omitempty"`
	ReasonParams map[string]any `json:"reason_params,omitempty"`
	Round        int            `json:"round"` // the current (or last) occurrence, from 1
	NextAt       *time.Time     `json:"next_at,omitempty"`
	// Enqueued is true once the round's audience is all in the ledger;
	// Cursor is the last contact ID enqueued while it is not.
	Enqueued   bool             `json:"enqueued"`
	Cursor     string           `json:"-"`
	Audience   int64            `json:"audience"`
	Excluded   map[string]int64 `json:"excluded"` // contacts left out, by reason
	LeaseOwner string           `json:"-"`
	LeaseUntil time.Time        `json:"-"`
	Rev        int64            `json:"rev"`
	CreatedBy  string           `json:"created_by,omitempty"`
	CreatedAt  time.Time        `json:"created_at"`
	UpdatedAt  time.Time        `json:"updated_at"`
	StartedAt  *time.Time       `json:"started_at,omitempty"`
	FinishedAt *time.Time       `json:"finished_at,omitempty"`
}

// Send statuses. A send's rank only grows: late or repeated reports never
// move it back.
const (
	SendQueued     = "queued"     // waiting to go (or to be retried)
	SendAmbiguous  = "ambiguous"  // an attempt's outcome is unknown and could not be resolved
	SendSent       = "sent"       // the provider accepted it
	SendDelivered  = "delivered"  // reached the handset
	SendRead       = "read"       // opened
	SendFailed     = "failed"     // the provider refused it, or reported it failed
	SendSuppressed = "suppressed" // not sent on purpose: opt-out, duplicate SMS, no address
	SendCancelled  = "cancelled"  // the campaign was cancelled before it went
)

// SendRanks orders send statuses for forward-only moves.
var SendRanks = map[string]int{
	SendQueued: 0, SendAmbiguous: 1, SendSent: 2, SendDelivered: 3, SendRead: 4,
	SendFailed: 5, SendSuppressed: 5, SendCancelled: 5,
}

// How a send row is driven.
const (
	ViaDispatch = "dispatch" // the campaign dispatcher claims and sends it
	ViaRun      = "run"      // a flow run's step sends it (a cadence)
)

// Send is one ledger row: one message (or enrolment) of one campaign round
// to one contact at one step. Its ID is the idempotency key every attempt
// carries.
type Send struct {
	ID         string          `json:"id"`
	TenantID   string          `json:"-"`
	CampaignID string          `json:"campaign_id"`
	Round      int             `json:"round"`
	ContactID  string          `json:"contact_id"`
	Step       string          `json:"step"`
	Via        string          `json:"via"`
	Channel    string          `json:"channel"`
	Address    string          `json:"address"`
	Sender     string          `json:"sender,omitempty"`    // connection name; empty is the default one
	Portfolio  string          `json:"portfolio,omitempty"` // shares the daily messaging tier
	TimeZone   string          `json:"time_zone,omitempty"`
	Payload    json.RawMessage `json:"payload"` // the send action's input
	BodyHash   string          `json:"-"`
	Status     string          `json:"status"`
	Attempts   int             `json:"attempts"`
	// InFlight counts claims with no recorded outcome: above 1 at a claim,
	// an earlier attempt may have reached the provider (ambiguous).
	InFlight          int       `json:"in_flight"`
	NextAt            time.Time `json:"next_at"`
	LeaseOwner        string    `json:"-"`
	LeaseUntil        time.Time `json:"-"`
	ProviderMessageID string    `json:"provider_message_id,omitempty"`
	ErrorCode         string    `json:"error_code,omitempty"`
	Error             string    `json:"error,omitempty"`
	Resolution        string    `json:"resolution,omitempty"` // how an ambiguous attempt was settled
	// WaitReason keys why a queued send waits (pacing, outside_hours,
	// paused…), beside the English in Error; not stored, the campaign
	// service reads it from Error.
	WaitReason string `json:"wait_reason,omitempty"`
	// Held says the provider accepted the message but still holds it
	// (WhatsApp's template pacing): sent, with a resolution that starts
	// "held_for_quality_assessment: " (HeldMark); a later status ends it.
	// Not stored: the campaign service reads it from Resolution.
	Held        bool       `json:"held,omitempty"`
	QueuedAt    time.Time  `json:"queued_at"`
	ClaimedAt   *time.Time `json:"claimed_at,omitempty"`
	SentAt      *time.Time `json:"sent_at,omitempty"`
	DeliveredAt *time.Time `json:"delivered_at,omitempty"`
	// Text is what the recipient read, as the channel rendered it (a
	// template filled in), handed from a send to its copy in the inbox;
	// it is not stored.
	Text       string     `json:"-"`
	ReadAt     *time.Time `json:"read_at,omitempty"`
	RepliedAt  *time.Time `json:"replied_at,omitempty"`
	FailedAt   *time.Time `json:"failed_at,omitempty"`
	OptedOutAt *time.Time `json:"opted_out_at,omitempty"`
	UpdatedAt  time.Time  `json:"updated_at"`
}

// Outcome kinds of a claimed send.
const (
	OutcomeSent      = "sent"      // accepted: record the provider message ID
	OutcomeRetry     = "retry"     // failed transiently: queue again at NextAt
	OutcomeRelease   = "release"   // never called (pacing, quiet hours): queue again at NextAt
	OutcomeThrottled = "throttled" // the provider rate-limited it (not accepted): queue again, attempt given back
	OutcomeUnknown   = "unknown"   // called, outcome unknown (timeout): queue again, still in flight
	OutcomeFailed    = "failed"    // refused for good
	OutcomeSuppress  = "suppress"  // not to be sent (opt-out, duplicate, no address)
	OutcomeAmbiguous = "ambiguous" // unknown and unresolved: hold it
	OutcomeCancel    = "cancel"    // its campaign was cancelled before it went
)

// SendOutcome is what became of a claimed send.
type SendOutcome struct {
	ID                string
	TenantID          string
	Kind              string
	ProviderMessageID string
	At                time.Time
	NextAt            time.Time
	ErrorCode         string
	Error             string
	Resolution        string
}

// SendFilter narrows ListSends; rows come in ID (creation) order.
type SendFilter struct {
	CampaignID string
	Status     string
	ContactID  string
	Step       string
	ErrorCode  string
	Round      int // 0: every round
	Page
}

// StepCounts is one step's funnel: how many rows stand where.
type StepCounts struct {
	Step       string           `json:"step"`
	Total      int64            `json:"total"`
	Queued     int64            `json:"queued"`
	Ambiguous  int64            `json:"ambiguous"`
	Sent       int64            `json:"sent"`
	Delivered  int64            `json:"delivered"`
	Read       int64            `json:"read"`
	Replied    int64            `json:"replied"`
	Failed     int64            `json:"failed"`
	Suppressed int64            `json:"suppressed"`
	Cancelled  int64            `json:"cancelled"`
	OptedOut   int64            `json:"opted_out"`
	Reasons    map[string]int64 `json:"reasons"` // failed and suppressed rows by error code
}

// AudienceQuery pages a tenant's contacts for a segment: tag conditions
// run in SQL, the rest of the segment in Go.
type AudienceQuery struct {
	AllTags  []string // has every one
	AnyTags  []string // has at least one (when given)
	NoneTags []string // has none
	After    string   // contact ID cursor
	Limit    int
}
