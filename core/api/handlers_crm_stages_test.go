package api

import (
	"strings"
	"testing"
)

// TestStageScenario renames, reorders and deletes stages through the API:
// malformed and refused requests answer with a clear error and change nothing.
func TestStageScenario(t *testing.T) {
	h := newHarness(t)
	k := h.workspace("acme").APIKey
	contact := h.do("POST", "/api/v1/contacts", k, map[string]string{"name": "Maria", "phone": "+5511987650009"}).json(t)["id"].(string)
	board := h.do("POST", "/api/v1/boards", k, map[string]any{"name": "Vendas", "stages": []string{"Novo", "Proposta", "Ganho"}}).json(t)
	boardPath := "/api/v1/boards/" + board["id"].(string)
	id := func(i int) string { return board["stages"].([]any)[i].(map[string]any)["id"].(string) }
	novo, proposta, ganho := id(0), id(1), id(2)
	order := func() string {
		var names []string
		for _, s := range h.do("GET", boardPath, k, nil).json(t)["stages"].([]any) {
			names = append(names, s.(map[string]any)["name"].(string))
		}
		return strings.Join(names, ",")
	}

	r := h.do("PATCH", "/api/v1/stages/"+novo, k, map[string]string{"name": "Entrada", "after_id": ganho})
	if r.Status != 200 || order() != "Proposta,Ganho,Entrada" {
		t.Fatalf("rename and move: %d %s → %s", r.Status, r.Body, order())
	}
	for _, bad := range []struct {
		body   any
		status int
		code   string
	}{
		{map[string]string{"name": ""}, 400, "invalid_input"},
		{map[string]string{"before_id": "stg_nope"}, 400, "invalid_input"},
		{map[string]string{"name": "Ganho"}, 409, "conflict"},
		{"{not json", 400, "invalid_input"},
	} {
		r := h.do("PATCH", "/api/v1/stages/"+novo, k, bad.body)
		if r.Status != bad.status || r.errorCode(t) != bad.code {
			t.Errorf("%v: %d %s", bad.body, r.Status, r.Body)
		}
	}
	if order() != "Proposta,Ganho,Entrada" {
		t.Fatalf("refused changes changed the board: %s", order())
	}

	card := h.do("POST", "/api/v1/cards", k, map[string]any{"stage_id": proposta, "contact_id": contact, "title": "Deal"}).json(t)["id"].(string)
	r = h.do("DELETE", "/api/v1/stages/"+proposta, k, nil)
	if r.Status != 409 || !strings.Contains(string(r.Body), "still has cards") {
		t.Fatalf("delete a stage with cards: %d %s", r.Status, r.Body)
	}
	if r := h.do("GET", "/api/v1/cards/"+card, k, nil); r.Status != 200 {
		t.Fatalf("the refused delete lost the card: %d", r.Status)
	}
	if r := h.do("DELETE", "/api/v1/stages/"+novo, k, nil); r.Status != 204 || order() != "Proposta,Ganho" {
		t.Fatalf("delete an empty stage: %d %s → %s", r.Status, r.Body, order())
	}
	if r := h.do("DELETE", "/api/v1/stages/"+novo, k, nil); r.Status != 404 {
		t.Fatalf("delete twice: %d %s", r.Status, r.Body)
	}
}
