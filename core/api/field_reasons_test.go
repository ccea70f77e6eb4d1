package api

import (
	"encoding/json"
	"testing"

	"github.com/gofiber/fiber/v3"

	"github.com/masteria/masteria/core/apperr"
)

// fieldRefusal is an error envelope with its fields, as the wire carries it.
type fieldRefusal struct {
	Code         string                     `json:"code"`
	Reason       string                     `json:"reason"`
	Params       map[string]any             `json:"params"`
	Fields       map[string]string          `json:"fields"`
	FieldReasons map[string]apperr.FieldKey `json:"field_reasons"`
}

func (r reply) fieldRefusal(t *testing.T) fieldRefusal {
	t.Helper()
	var env struct{ Error fieldRefusal }
	if err := json.Unmarshal(r.Body, &env); err != nil {
		t.Fatalf("not an error envelope (%d): %s", r.Status, r.Body)
	}
	return env.Error
}

// TestFieldProblemsAnswerWithTheirReasons: the forms people fill (a
// contact, a board, an API key, a campaign) answer a bad field with its
// reason and params beside the English text, and the summary with its own.
func TestFieldProblemsAnswerWithTheirReasons(t *testing.T) {
	h := newHarness(t)
	k := h.workspace("acme").APIKey
	long := string(make([]byte, 201))
	for _, tc := range []struct {
		path   string
		body   any
		reason string
		field  string
		text   string
		key    string
		params string
	}{
		{"/api/v1/contacts", map[string]string{"phone": "12"}, "contact_invalid", "phone",
			"is not a valid phone number (give the country code, like +55 11 98765-4321)", "invalid_phone", "null"},
		{"/api/v1/contacts", map[string]string{"email": "nope"}, "contact_invalid", "email", "is not an email address", "invalid_email", "null"},
		{"/api/v1/contacts", map[string]string{"name": long}, "contact_invalid", "name", "too long", "too_long", `{"max":200}`},
		{"/api/v1/boards", map[string]any{"name": "", "stages": []string{"Novo"}}, "board_invalid", "name",
			"required, at most 80 characters", "required_max", `{"max":80}`},
		{"/api/v1/boards", map[string]any{"name": "B", "stages": []string{"Novo", "Novo"}}, "board_invalid", "stages",
			"stage names must differ", "duplicate", `{"value":"Novo"}`},
		{"/api/v1/api-keys", map[string]string{"name": "ci", "role": "boss"}, "api_key_invalid", "role",
			"must be one of owner, admin, agent, viewer", "one_of", `{"values":"owner, admin, agent, viewer"}`},
		{"/api/v1/campaigns", map[string]any{"name": "", "channel": "sms", "spec": map[string]any{"message": map[string]string{"text": "Oi"}}},
			"campaign_invalid", "name", "required, at most 200 characters", "required_max", `{"max":200}`},
	} {
		r := h.do("POST", tc.path, k, tc.body)
		got := r.fieldRefusal(t)
		params, _ := json.Marshal(got.FieldReasons[tc.field].Params)
		if r.Status != 400 || got.Code != "invalid_input" || got.Reason != tc.reason || got.Fields[tc.field] != tc.text ||
			string(got.FieldReasons[tc.field].Reason) != tc.key || string(params) != tc.params {
			t.Fatalf("%s %s: %d %s", tc.path, tc.field, r.Status, r.Body)
		}
	}
}

// TestThrottlingAndStoppedPartsAreKeyed: a 429 or 503 says which, and how
// long to wait when the server knows.
func TestThrottlingAndStoppedPartsAreKeyed(t *testing.T) {
	h := newHarness(t)
	h.workspace("acme")
	wrong := map[string]string{"email": "acme@example.com", "password": "not-the-password"}
	var r reply
	for i := 0; i < 11; i++ {
		r = h.do("POST", "/api/v1/auth/login", "", wrong)
	}
	got := r.refusal(t)
	if r.Status != 429 || got.Reason != "too_many_attempts" || got.Params["retry_after"] == nil || got.Params["retry_after"].(float64) < 1 {
		t.Fatalf("login limited: %d %s", r.Status, r.Body)
	}
	for status, reason := range map[int]apperr.Reason{429: apperr.TooManyRequests, 503: apperr.ServiceUnavailable} {
		if e := fromFiber(fiber.NewError(status)); e.Reason != reason || (status == 429 && e.Params["retry_after"] != 0) {
			t.Fatalf("%d: %+v", status, e)
		}
	}
}
