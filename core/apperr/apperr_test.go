package apperr

import (
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
