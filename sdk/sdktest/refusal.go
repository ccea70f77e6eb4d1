package sdktest

import (
	"encoding/json"
	"testing"

	"github.com/masteria/masteria/sdk"
)

// CheckRefusal fails t unless resp, when it refuses (status 400 or more),
// says why in the platform's error format: {"error": {"code": …,
// "message": …}} with the code sdk.RefusalCode gives for its status.
func CheckRefusal(t testing.TB, name string, resp sdk.WebhookResponse) {
	t.Helper()
	status := resp.StatusCode()
	if status < 400 {
		return
	}
	var body struct {
		Error struct{ Code, Message string } `json:"error"`
	}
	if err := json.Unmarshal(resp.Body, &body); err != nil || body.Error.Code != sdk.RefusalCode(status) || body.Error.Message == "" {
		t.Errorf("%s: refused with %d and body %q; want {\"error\": {\"code\": %q, \"message\": …}}", name, status, resp.Body, sdk.RefusalCode(status))
	}
	if ct := resp.Header.Get("Content-Type"); ct != "application/json" {
		t.Errorf("%s: refusal's Content-Type %q", name, ct)
	}
}
