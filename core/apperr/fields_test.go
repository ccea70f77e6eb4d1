package apperr

import (
	"encoding/json"
	"testing"
	"time"
)

// TestFieldsKeyTheirProblems: a keyed field's problem renders its reason
// and params in field_reasons beside the unchanged English in fields; a
// plain text renders in fields only.
func TestFieldsKeyTheirProblems(t *testing.T) {
	e := Fields("the board cannot be created", map[string]Field{"name": RequiredMax(80), "stages": Text("stage names must differ")})
	e.With("owner_id", Keyed("is not a member of this workspace", FieldNotMember, nil))
	raw, _ := json.Marshal(e)
	want := `{"code":"invalid_input","message":"the board cannot be created",` +
		`"fields":{"name":"required, at most 80 characters","owner_id":"is not a member of this workspace","stages":"stage names must differ"},` +
		`"field_reasons":{"name":{"reason":"required_max","params":{"max":80}},"owner_id":{"reason":"not_member"}}}`
	if string(raw) != want {
		t.Fatalf("got  %s\nwant %s", raw, want)
	}
	raw, _ = json.Marshal(Fields("plain", map[string]string{"q": "required"}))
	if string(raw) != `{"code":"invalid_input","message":"plain","fields":{"q":"required"}}` {
		t.Fatalf("plain: %s", raw)
	}
	for _, f := range []Field{Required(), RequiredMax(1), TooLong(1), OneOf("x", "a, b")} {
		if _, ok := FieldReasons[f.Reason]; !ok {
			t.Fatalf("%s is not documented in FieldReasons", f.Reason)
		}
	}
}

// TestRetryNamesTheWait: the wait is the Retry-After and, rounded up to
// whole seconds, the retry_after param; an unknown wait is 0.
func TestRetryNamesTheWait(t *testing.T) {
	e := New(RateLimited, "too many failed attempts; try again later").Because(TooManyAttempts, nil).Retry(1500 * time.Millisecond)
	if e.RetryAfter != 1500*time.Millisecond || e.Params["retry_after"] != 2 {
		t.Fatalf("%+v", e)
	}
	if e := New(RateLimited, "x").Because(TooManyRequests, nil).Retry(0); e.Params["retry_after"] != 0 || e.RetryAfter != 0 {
		t.Fatalf("no wait known: %+v", e)
	}
	if e := NotRunningf("files", "file storage is not running"); e.Code != Unavailable || e.Reason != NotRunning || e.Params["service"] != "files" {
		t.Fatalf("%+v", e)
	}
}
