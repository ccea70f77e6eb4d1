package api

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/masteria/masteria/core/apperr"
	"github.com/masteria/masteria/sdk"
)

// TestBodyAndListProblemsAreKeyed: a body value of the wrong JSON type, a
// field the request does not take, and a bad list parameter answer with
// their reason and params beside the unchanged English, so the dashboard
// words them.
func TestBodyAndListProblemsAreKeyed(t *testing.T) {
	h := newHarness(t)
	k := h.workspace("acme").APIKey
	for _, tc := range []struct {
		name, method, path, body string
		reason, field, text, key string
		params, fieldParams      string
	}{
		{"wrong type", "POST", "/api/v1/api-keys", `{"name":5,"role":"viewer"}`, "body_wrong_type", "name", "must be string", "wrong_type",
			`{"field":"name","want":"text"}`, `{"field":"name","want":"text"}`},
		{"wrong number", "POST", "/api/v1/contacts", `{"name":"Ana","tags":"vip"}`, "body_wrong_type", "tags", "must be []string", "wrong_type",
			`{"field":"tags","want":"list"}`, `{"field":"tags","want":"list"}`},
		{"unknown field", "POST", "/api/v1/members", `{"email":"x@y.co","role":"agent","passwd":"x"}`, "body_unknown_field", "passwd",
			"is not a known field", "unknown_field", `{"field":"passwd"}`, `{"field":"passwd"}`},
		{"limit", "GET", "/api/v1/contacts?limit=0", "", "list_params_invalid", "limit", "must be a number from 1 to 5000", "number_range",
			"null", `{"max":5000,"min":1}`},
		{"runs limit", "GET", "/api/v1/runs?limit=100000", "", "list_params_invalid", "limit", "must be a number from 1 to 5000", "number_range",
			"null", `{"max":5000,"min":1}`},
		{"cursor", "GET", "/api/v1/contacts?cursor=nope", "", "list_params_invalid", "cursor", "is not a cursor this list returned, or sort is unknown",
			"bad_cursor", "null", "null"},
		{"sort", "GET", "/api/v1/conversations?sort=name", "", "list_params_invalid", "sort", "last_message_at, created_at (- for descending) or waiting",
			"one_of", "null", `{"values":"last_message_at, -last_message_at, created_at, -created_at, waiting"}`},
		{"range", "GET", "/api/v1/analytics/overview?from=2026-02-01&to=2026-01-01", "", "list_params_invalid", "from", "must be before to",
			"range_order", "null", "null"},
		{"range length", "GET", "/api/v1/analytics/overview?from=2024-01-01&to=2026-01-01", "", "list_params_invalid", "from",
			"the range may cover at most 366 days", "range_too_long", "null", `{"days":366}`},
		{"filter", "GET", "/api/v1/runs?status=done", "", "list_params_invalid", "status", "ready, waiting, completed, failed or cancelled",
			"one_of", "null", `{"values":"ready, waiting, completed, failed, cancelled"}`},
	} {
		var r reply
		if tc.body == "" {
			r = h.do(tc.method, tc.path, k, nil)
		} else {
			r = h.doRaw(tc.method, tc.path, k, "application/json", tc.body)
		}
		got := r.fieldRefusal(t)
		params, _ := json.Marshal(got.Params)
		fieldParams, _ := json.Marshal(got.FieldReasons[tc.field].Params)
		if r.Status != 400 || got.Reason != tc.reason || string(params) != tc.params || got.Fields[tc.field] != tc.text ||
			string(got.FieldReasons[tc.field].Reason) != tc.key || string(fieldParams) != tc.fieldParams {
			t.Errorf("%s: %d %s", tc.name, r.Status, r.Body)
		}
	}
}

// TestPublishRefusalKeysEachProblem: a draft refused at publish names each
// problem by its path with its lint reason and params, as the lint does,
// beside the unchanged English; a problem the lint does not key has none.
func TestPublishRefusalKeysEachProblem(t *testing.T) {
	h := newHarness(t)
	k := h.workspace("acme").APIKey
	doc := "version: 1\nname: keyed\ntrigger: {on: manual}\nsteps:\n  - id: hello\n    uses: set\n    with: {a: 1}\n    next: suport\n" +
		"  - id: support\n    uses: set\n    with: {b: '{{ contact.nome }}'}\n"
	id := h.do("POST", "/api/v1/flows", k, map[string]string{"yaml": doc}).json(t)["id"].(string)
	r := h.do("POST", "/api/v1/flows/"+id+"/publish", k, nil)
	got := r.fieldRefusal(t)
	key := got.FieldReasons["steps[0].next"]
	params, _ := json.Marshal(key.Params)
	if r.Status != 400 || got.Reason != "publish_has_problems" || key.Reason != "dangling_step" || string(params) != `{"step":"suport","suggestion":"support"}` ||
		got.Fields["steps[0].next"] == "" {
		t.Fatalf("%d %s", r.Status, r.Body)
	}
	for path := range got.Fields {
		if _, keyed := got.FieldReasons[path]; !keyed && path != "steps[1].with.b" {
			t.Errorf("%s is not keyed: %s", path, got.Fields[path])
		}
	}
}

// TestTemplateRefusalIsKeyedByItsCode: the channel's refusal of an inbox
// template names Graph's code, so the composer says what it means.
func TestTemplateRefusalIsKeyedByItsCode(t *testing.T) {
	e, _ := apperr.As(templateRefusal(sdk.Permanent(errors.New("whatsapp-cloud: body takes 2 parameters, got 1"), "132000")))
	k := e.FieldReasons["template"]
	if e.Reason != apperr.MessageInvalid || e.Fields["template"] != "body takes 2 parameters, got 1" || k.Reason != apperr.FieldTemplateRefused ||
		k.Params["code"] != "132000" || k.Params["detail"] != "body takes 2 parameters, got 1" {
		t.Fatalf("%+v", e)
	}
	e, _ = apperr.As(templateRefusal(sdk.Permanent(errors.New("whatsapp-cloud: no such thing"), "")))
	if _, keyed := e.FieldReasons["template"]; keyed || e.Fields["template"] != "no such thing" {
		t.Fatalf("without a code: %+v", e)
	}
}
