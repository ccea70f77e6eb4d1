package store

import "time"

// TimePrecision is how finely the store keeps an instant: both drivers
// keep Unix milliseconds.
const TimePrecision = time.Millisecond

// Now is the current instant as the store keeps it: UTC, whole
// milliseconds. It is every service's default clock, so the record a
// create or an update answers with, the event it emits and what a later
// read returns carry the same times ("…05.123Z", not "…05.123456789Z"
// first and "…05.123Z" after).
func Now() time.Time { return AsStored(time.Now()) }

// AsStored is t as the store gives it back: in UTC and truncated to
// TimePrecision (the zero time stays zero). A time that comes from outside
// (a client's due date, a provider's timestamp) or from an injected clock
// passes through it before it is kept or answered.
func AsStored(t time.Time) time.Time { return t.Truncate(TimePrecision).UTC() }
