// Package campaigns sends one message, or enrols into a flow (a cadence),
// every contact of an audience, without ever losing or doubling a message.
//
// The send ledger (store.Send, one row per campaign × round × contact ×
// step) is the source of truth. A row is claimed before the provider is
// called and the call carries the row's ID as its idempotency key; the
// provider's message ID is recorded only once the provider accepted. A row
// reclaimed after a crash with its last attempt unrecorded is ambiguous and
// is settled before anything is resent (see attempt.go and RATIONALE.md).
//
// Parts: the audience (a segment over tags, custom fields and an
// expression), the runner (rounds: schedule, recurrence, enqueueing into
// the ledger), the dispatcher (claims due rows and sends them through the
// pacer), the cadence actions (the send steps of flow runs enrolled by a
// campaign go through the same ledger), the status consumer (provider
// reports and opt-outs move rows forward; the inbox credits replies as it
// stores them) and the circuit
// breaker (a spike of undeliverable sends or opt-outs pauses a campaign).
package campaigns
