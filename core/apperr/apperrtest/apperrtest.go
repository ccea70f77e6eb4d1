// Package apperrtest checks refusals in tests: their code, reason, params
// and English message together.
package apperrtest

import (
	"encoding/json"
	"testing"

	"github.com/masteria/masteria/core/apperr"
)

// Want fails t unless err is a domain error with code, reason, params (as
// JSON: 3 and 3.0 are one value) and exactly message.
func Want(t testing.TB, err error, code apperr.Code, reason apperr.Reason, params apperr.P, message string) {
	t.Helper()
	e, ok := apperr.As(err)
	if !ok {
		t.Fatalf("want %s (%s), got %v", code, reason, err)
	}
	got, _ := json.Marshal(e.Params)
	want, _ := json.Marshal(params)
	if len(params) == 0 {
		want = []byte("null")
		if len(e.Params) == 0 {
			got = want
		}
	}
	if e.Code != code || e.Reason != reason || string(got) != string(want) || e.Message != message {
		t.Fatalf("refusal\n got %s %s %s %q\nwant %s %s %s %q", e.Code, e.Reason, got, e.Message, code, reason, want, message)
	}
}
