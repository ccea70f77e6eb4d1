package api

import (
	"encoding/json"
	"slices"
	"testing"

	"github.com/masteria/masteria/core/apperr"
	"github.com/masteria/masteria/core/campaigns"
)

// refusal is an error envelope's body as the wire carries it.
type refusal struct {
	Code    string         `json:"code"`
	Reason  string         `json:"reason"`
	Params  map[string]any `json:"params"`
	Message string         `json:"message"`
}

func (r reply) refusal(t *testing.T) refusal {
	t.Helper()
	var env struct{ Error refusal }
	if err := json.Unmarshal(r.Body, &env); err != nil {
		t.Fatalf("not an error envelope (%d): %s", r.Status, r.Body)
	}
	return env.Error
}

// TestRefusalsAnswerWithTheirReason: refusals a dashboard user meets
// answer with a stable reason and its params beside the English message,
// on the wire, from the domain (kanban, flows, members, campaigns) and
// from the route table's role check.
func TestRefusalsAnswerWithTheirReason(t *testing.T) {
	h := newHarness(t)
	ws := h.workspace("acme")
	k := ws.APIKey
	spec := map[string]any{"message": map[string]string{"text": "Oi"}}
	h.do("POST", "/api/v1/campaigns", k, map[string]any{"name": "promo", "channel": "sms", "spec": spec})
	r := h.do("POST", "/api/v1/campaigns", k, map[string]any{"name": "promo", "channel": "sms", "spec": spec})
	want := `{"error":{"code":"conflict","reason":"name_taken","params":{"name":"promo"},"message":"a campaign named \"promo\" exists"}}`
	if r.Status != 409 || string(r.Body) != want {
		t.Fatalf("a taken name: %d %s\nwant %s", r.Status, r.Body, want)
	}

	one := h.do("POST", "/api/v1/boards", k, map[string]any{"name": "Uma", "stages": []string{"Novo"}}).json(t)
	two := h.do("POST", "/api/v1/boards", k, map[string]any{"name": "Duas", "stages": []string{"Novo", "Ganho"}}).json(t)
	stage := func(b map[string]any, i int) string { return b["stages"].([]any)[i].(map[string]any)["id"].(string) }
	contact := h.do("POST", "/api/v1/contacts", k, map[string]string{"name": "Maria", "phone": "+5511987650009"}).json(t)["id"].(string)
	h.do("POST", "/api/v1/cards", k, map[string]any{"stage_id": stage(two, 1), "contact_id": contact, "title": "Deal"})
	fl := h.do("POST", "/api/v1/flows", k, map[string]any{"yaml": brokenFlow}).json(t)["id"].(string)
	viewer := h.do("POST", "/api/v1/api-keys", k, map[string]string{"name": "ro", "role": "viewer"}).json(t)["key"].(string)

	for _, tc := range []struct {
		method, path, key string
		body              any
		status            int
		want              refusal
	}{
		{"DELETE", "/api/v1/stages/" + stage(one, 0), k, nil, 409, refusal{"conflict", "last_stage", map[string]any{"stage": "Novo"},
			`"Novo" is the board's only stage: a board keeps at least one`}},
		{"DELETE", "/api/v1/stages/" + stage(two, 1), k, nil, 409, refusal{"conflict", "stage_has_cards", map[string]any{"stage": "Ganho"},
			`the stage "Ganho" still has cards: move them to another stage first`}},
		{"POST", "/api/v1/boards", k, map[string]any{"name": "Uma", "stages": []string{"A"}}, 409,
			refusal{"conflict", "name_taken", map[string]any{"name": "Uma"}, `a board named "Uma" exists`}},
		{"POST", "/api/v1/flows", k, map[string]any{"yaml": brokenFlow}, 409,
			refusal{"conflict", "name_taken", map[string]any{"name": "greet"}, `a flow named "greet" exists`}},
		{"POST", "/api/v1/flows/" + fl + "/test", k, map[string]any{}, 400,
			refusal{"invalid_input", "draft_has_problems", map[string]any{"count": float64(1)}, "the draft has 1 problems; fix them to test it"}},
		{"POST", "/api/v1/members", k, map[string]string{"email": ws.Owner.Email, "role": "agent"}, 409,
			refusal{"conflict", "already_member", map[string]any{"email": ws.Owner.Email}, ws.Owner.Email + " is already a member"}},
		{"PATCH", "/api/v1/members/" + ws.Owner.ID, k, map[string]string{"role": "agent"}, 409,
			refusal{"conflict", "last_owner", nil, "a workspace keeps at least one owner"}},
		{"POST", "/api/v1/campaigns", viewer, map[string]any{"name": "x", "channel": "sms", "spec": spec}, 403,
			refusal{"forbidden", "role_required", map[string]any{"role": "admin"}, "this needs the admin role or higher"}},
	} {
		r := h.do(tc.method, tc.path, tc.key, tc.body)
		got := r.refusal(t)
		if r.Status != tc.status || got.Code != tc.want.Code || got.Reason != tc.want.Reason || got.Message != tc.want.Message ||
			jsonText(got.Params) != jsonText(tc.want.Params) {
			t.Errorf("%s %s: %d %s\nwant %d %+v", tc.method, tc.path, r.Status, r.Body, tc.status, tc.want)
		}
	}
}

func jsonText(v any) string {
	raw, _ := json.Marshal(v)
	return string(raw)
}

// TestOpenAPIDocumentsReasons: the error envelope lists every reason and
// has params; a campaign and its progress list every reason code.
func TestOpenAPIDocumentsReasons(t *testing.T) {
	var doc struct {
		Components struct {
			Schemas map[string]struct {
				Properties map[string]struct {
					Enum       []string       `json:"enum"`
					Properties map[string]any `json:"properties"`
				} `json:"properties"`
			} `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal(newHarness(t).do("GET", "/api/v1/openapi.json", "", nil).Body, &doc); err != nil {
		t.Fatal(err)
	}
	schemas := doc.Components.Schemas
	errProps := schemas["Error"].Properties["error"].Properties
	reason, _ := errProps["reason"].(map[string]any)
	var reasons []string
	for _, r := range asSlice(reason["enum"]) {
		reasons = append(reasons, r.(string))
	}
	if len(reasons) != len(apperr.Reasons) || !slices.Contains(reasons, string(apperr.WindowClosed)) || errProps["params"] == nil {
		t.Errorf("Error.reason: %v, params %v", reasons, errProps["params"])
	}
	for _, name := range []string{"Campaign", "Progress"} {
		props := schemas[name].Properties
		codes := props["reason_code"].Enum
		if len(codes) != len(campaigns.ReasonCodes) || !slices.Contains(codes, campaigns.ReasonBreakerFailures) {
			t.Errorf("%s.reason_code: %v", name, codes)
		}
		if _, ok := props["reason_params"]; !ok {
			t.Errorf("%s has no reason_params", name)
		}
	}
}

func asSlice(v any) []any {
	s, _ := v.([]any)
	return s
}
