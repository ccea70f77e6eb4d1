package apperr

import (
	"encoding/json"
	"fmt"
	"testing"
)

func TestCodesMapToStatusesAndSurviveWrapping(t *testing.T) {
	wrapped := fmt.Errorf("creating key: %w", NotFoundf("tenant %s", "ten_x"))
	e, ok := As(wrapped)
	if !ok || e.Code != NotFound || e.Code.Status() != 404 || !Is(wrapped, NotFound) {
		t.Fatalf("%v %v", e, ok)
	}
	if _, ok := As(fmt.Errorf("disk full")); ok {
		t.Fatal("a plain error must stay internal")
	}
	for code, status := range Codes {
		if code.Status() != status || status < 400 {
			t.Fatalf("%s -> %d", code, status)
		}
	}
	if Code("nope").Status() != 500 {
		t.Fatal("unknown code must be 500")
	}
}

// TestReasonsKeyTheMessage: a keyed error renders its reason and params
// beside the unchanged message; an unkeyed one renders neither.
func TestReasonsKeyTheMessage(t *testing.T) {
	e := NeedRole("admin")
	raw, _ := json.Marshal(e)
	if string(raw) != `{"code":"forbidden","reason":"role_required","params":{"role":"admin"},"message":"this needs the admin role or higher"}` {
		t.Fatalf("keyed: %s", raw)
	}
	if _, ok := Reasons[e.Reason]; !ok {
		t.Fatalf("%s is not documented in Reasons", e.Reason)
	}
	raw, _ = json.Marshal(New(Conflict, "plain"))
	if string(raw) != `{"code":"conflict","message":"plain"}` {
		t.Fatalf("unkeyed: %s", raw)
	}
}
