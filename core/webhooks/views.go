package webhooks

import (
	"fmt"
	"slices"
	"time"
	"unicode/utf8"

	"github.com/masteria/masteria/core/apperr"
	"github.com/masteria/masteria/core/store"
)

// Endpoint states, as the API shows them.
const (
	StateEnabled  = "enabled"
	StateDisabled = "disabled" // turned off by a person
	StateGone     = "gone"     // it answered 410 Gone: the sender turned it off
	StateFailing  = "failing"  // a delivery ran out of retries: the sender turned it off
)

// Why the sender turns an endpoint off (store.WebhookEndpoint.DisabledReason).
const (
	reasonGone    = "gone"
	reasonFailing = "failing"
)

// Endpoint is a webhook endpoint as the API shows it: never its secrets.
type Endpoint struct {
	ID          string   `json:"id"`
	URL         string   `json:"url"`
	Description string   `json:"description"`
	EventTypes  []string `json:"event_types"`
	Enabled     bool     `json:"enabled"`
	// State is enabled, disabled (by a person), gone (it answered 410)
	// or failing (a delivery ran out of retries); the sender's two turn
	// it off until it is enabled again.
	State      string     `json:"state"`
	DisabledAt *time.Time `json:"disabled_at,omitempty"`
	// PreviousSecretUntil is, after a rotation, when the previous secret
	// stops signing beside the new one.
	PreviousSecretUntil *time.Time `json:"previous_secret_until,omitempty"`
	CreatedAt           time.Time  `json:"created_at"`
	UpdatedAt           time.Time  `json:"updated_at"`
}

// EndpointWithSecret is a created endpoint, or one whose secret was
// rotated: Secret (whsec_…) is shown this once and never again.
type EndpointWithSecret struct {
	Endpoint
	Secret string `json:"secret"`
}

// NewEndpoint is what registers an endpoint.
type NewEndpoint struct {
	// URL receives the POSTs: https://, or http:// to a host the server's
	// egress_allow_hosts allows.
	URL         string `json:"url"`
	Description string `json:"description,omitempty"`
	// EventTypes are the events it receives: types (message.received),
	// groups (conversation.*) or "*" for all; GET
	// /api/v1/webhook-event-types lists them.
	EventTypes []string `json:"event_types"`
	Enabled    *bool    `json:"enabled,omitempty"` // default true
}

// EndpointPatch changes the fields it gives.
type EndpointPatch struct {
	URL         *string   `json:"url,omitempty"`
	Description *string   `json:"description,omitempty"`
	EventTypes  *[]string `json:"event_types,omitempty"`
	Enabled     *bool     `json:"enabled,omitempty"`
}

// Delivery is one event's delivery to an endpoint and its attempts so far.
type Delivery struct {
	ID        string `json:"id"`
	EventID   string `json:"event_id"` // the webhook-id header, the same on every attempt
	EventType string `json:"event_type"`
	// State is pending (an attempt is due at next_attempt_at), delivered
	// or failed.
	State    string `json:"state"`
	Attempts int    `json:"attempts"`
	// LastStatus is the last answer's HTTP status, 0 when none came
	// (LastError says why).
	LastStatus    int        `json:"last_status"`
	LastError     string     `json:"last_error,omitempty"`
	NextAttemptAt *time.Time `json:"next_attempt_at,omitempty"`
	Test          bool       `json:"test"` // a test event, tried once
	CreatedAt     time.Time  `json:"created_at"`
	UpdatedAt     time.Time  `json:"updated_at"`
}

func stateOf(e store.WebhookEndpoint) string {
	switch {
	case e.Enabled:
		return StateEnabled
	case e.DisabledReason == reasonGone:
		return StateGone
	case e.DisabledReason == reasonFailing:
		return StateFailing
	}
	return StateDisabled
}

func view(e store.WebhookEndpoint, now time.Time) Endpoint {
	v := Endpoint{ID: e.ID, URL: e.URL, Description: e.Description, EventTypes: e.EventTypes, Enabled: e.Enabled,
		State: stateOf(e), DisabledAt: e.DisabledAt, CreatedAt: e.CreatedAt, UpdatedAt: e.UpdatedAt}
	if v.EventTypes == nil {
		v.EventTypes = []string{}
	}
	if e.PreviousSecret != "" && !e.PreviousUntil.IsZero() && now.Before(e.PreviousUntil) {
		until := e.PreviousUntil
		v.PreviousSecretUntil = &until
	}
	return v
}

func deliveryView(d store.WebhookDelivery) Delivery {
	v := Delivery{ID: d.ID, EventID: d.EventID, EventType: d.EventType, State: d.State, Attempts: d.Attempts,
		LastStatus: d.LastStatus, LastError: d.LastError, Test: d.SingleTry, CreatedAt: d.CreatedAt, UpdatedAt: d.UpdatedAt}
	if d.State == store.DeliveryPending && !d.NextAttemptAt.IsZero() {
		next := d.NextAttemptAt
		v.NextAttemptAt = &next
	}
	return v
}

// Limits of an endpoint's fields.
const (
	maxDescription = 500
	maxEventTypes  = 64
)

// check reports every bad field of e at once.
func (s *Service) check(e store.WebhookEndpoint) error {
	fields := map[string]apperr.Field{}
	if why := s.Egress.checkURL(e.URL); why != "" {
		fields["url"] = apperr.Keyed(why, apperr.FieldWebhookURL, nil)
	}
	if utf8.RuneCountInString(e.Description) > maxDescription {
		fields["description"] = apperr.TooLong(maxDescription)
	}
	switch {
	case len(e.EventTypes) == 0:
		fields["event_types"] = apperr.Keyed(`required: one event type or more, or "*" for all`, apperr.FieldRequired, nil)
	case len(e.EventTypes) > maxEventTypes:
		fields["event_types"] = apperr.Keyed(fmt.Sprintf("at most %d event types", maxEventTypes), apperr.FieldOutOfRange, apperr.P{"min": 1, "max": maxEventTypes})
	default:
		for _, t := range e.EventTypes {
			if !validPattern(t) {
				fields["event_types"] = apperr.Keyed(fmt.Sprintf("%q is not an event type webhooks deliver", t), apperr.FieldUnknownEvent, apperr.P{"value": t})
				break
			}
		}
	}
	if len(fields) > 0 {
		return apperr.Fields("the webhook endpoint cannot be saved", fields).Because(apperr.WebhookEndpointInvalid, nil)
	}
	return nil
}

// compact drops repeated event types, keeping the first of each.
func compact(types []string) []string {
	out := make([]string, 0, len(types))
	for _, t := range types {
		if !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	return out
}
