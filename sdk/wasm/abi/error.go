package abi

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/masteria/masteria/sdk"
)

// Error is an error crossing the ABI in either direction: a guest's failed
// entry call, or a host function's failure. Class is an sdk.Class wire name
// ("retryable", "rate_limited", "permanent", "auth"); Kind names the
// sentinel the error wraps, so errors.Is keeps working on the other side.
type Error struct {
	Class        string `json:"class"`
	RetryAfterMS int64  `json:"retry_after_ms,omitempty"`
	ProviderCode string `json:"provider_code,omitempty"`
	Message      string `json:"message"`
	Kind         string `json:"kind,omitempty"`
}

// The kinds of [Error], each standing for a sentinel error and a [Code].
const (
	KindNotFound         = "not_found"
	KindNotPermitted     = "not_permitted"
	KindHostNotAllowed   = "host_not_allowed"
	KindInvalid          = "invalid"
	KindCanceled         = "canceled"
	KindDeadlineExceeded = "deadline_exceeded"
	KindBlobTooLarge     = "blob_too_large"
)

// ErrInvalid is wrapped by errors of kind [KindInvalid]: a call that broke
// the ABI, such as malformed JSON or a buffer out of bounds.
var ErrInvalid = errors.New("abi: invalid call")

var kinds = []struct {
	kind string
	err  error
	code Code
}{
	{KindNotFound, sdk.ErrNotFound, CodeNotFound},
	{KindNotPermitted, sdk.ErrNotPermitted, CodeNotPermitted},
	{KindHostNotAllowed, sdk.ErrHostNotAllowed, CodeHostNotAllowed},
	{KindInvalid, ErrInvalid, CodeInvalid},
	{KindCanceled, context.Canceled, CodeFailed},
	{KindDeadlineExceeded, context.DeadlineExceeded, CodeFailed},
	{KindBlobTooLarge, sdk.ErrBlobTooLarge, CodeFailed},
}

// ErrorOf describes err for the wire: its class, retry-after, provider code,
// message and kind.
func ErrorOf(err error) Error {
	c, after, code := sdk.ClassOf(err)
	e := Error{Class: c.String(), RetryAfterMS: after.Milliseconds(), ProviderCode: code, Message: err.Error()}
	for _, k := range kinds {
		if errors.Is(err, k.err) {
			e.Kind = k.kind
			break
		}
	}
	return e
}

// Code returns the host function code for e's kind.
func (e Error) Code() Code {
	for _, k := range kinds {
		if k.kind == e.Kind {
			return k.code
		}
	}
	return CodeFailed
}

// Err rebuilds the error: its message, wrapping the sentinel of its kind,
// classified as it was on the other side.
func (e Error) Err() error {
	err := error(&remoteError{msg: e.Message})
	for _, k := range kinds {
		if k.kind == e.Kind {
			err = &remoteError{msg: e.Message, sentinel: k.err}
		}
	}
	after := time.Duration(e.RetryAfterMS) * time.Millisecond
	switch e.Class {
	case sdk.ClassRateLimited.String():
		return sdk.RateLimited(err, after)
	case sdk.ClassPermanent.String():
		return sdk.Permanent(err, e.ProviderCode)
	case sdk.ClassAuth.String():
		return sdk.Auth(err)
	}
	return sdk.Retryable(err, after)
}

// Marshal returns e as JSON.
func (e Error) Marshal() []byte {
	b, _ := json.Marshal(e) // a struct of strings and ints always marshals
	return b
}

// remoteError carries the other side's message and the sentinel it wraps.
type remoteError struct {
	msg      string
	sentinel error
}

func (e *remoteError) Error() string { return e.msg }
func (e *remoteError) Unwrap() error { return e.sentinel }

// Result turns an entry call's status and output into an error: nil for
// [StatusOK], the decoded [Error] for [StatusError].
func Result(status uint32, out []byte) error {
	switch status {
	case StatusOK:
		return nil
	case StatusError:
		var e Error
		if err := json.Unmarshal(out, &e); err != nil {
			return sdk.Permanent(fmt.Errorf("%w: undecodable error from the guest: %v", ErrInvalid, err), "")
		}
		return e.Err()
	}
	return sdk.Permanent(fmt.Errorf("%w: unknown status %d from the guest", ErrInvalid, status), "")
}
