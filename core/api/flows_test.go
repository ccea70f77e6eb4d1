package api

import (
	"context"
	"strings"
	"testing"
	"time"
)

const brokenFlow = "version: 1\nname: greet\ntrigger: {on: manual}\nsteps:\n  - id: hello\n    uses: set\n    with: {greeting: '{{ contact.nope }}'}\n"
const greetFlow = `version: 1
name: greet
trigger: {on: manual}
steps:
  - id: hello
    uses: set
    with: {greeting: "Oi {{ contact.first_name }}"}
  - id: vip
    if: 'vars.greeting == "Oi Ana"'
    then: tag
    else: end
  - id: tag
    uses: set
    with: {vip: true}
tests:
  - name: Ana is vip
    given: {contact: {first_name: Ana}}
    expect: {path: [hello, vip, tag], vars: {vip: true}}
`

func TestFlowLifecycleThroughTheAPI(t *testing.T) {
	h := newHarness(t)
	ws := h.workspace("acme")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go h.eng.Run(ctx)

	created := h.do("POST", "/api/v1/flows", ws.APIKey, map[string]string{"yaml": brokenFlow})
	if created.Status != 201 || !strings.Contains(string(created.Body), "invalid-expression") {
		t.Fatalf("draft with problems: %d %s", created.Status, created.Body)
	}
	id := created.json(t)["id"].(string)
	if r := h.do("POST", "/api/v1/flows/"+id+"/publish", ws.APIKey, nil); r.Status != 400 || r.errorCode(t) != "invalid_input" {
		t.Fatalf("a broken draft was published: %d %s", r.Status, r.Body)
	}
	if r := h.do("POST", "/api/v1/flows/"+id+"/runs", ws.APIKey, map[string]any{}); r.Status != 409 {
		t.Fatalf("run of an unpublished flow: %d %s", r.Status, r.Body)
	}
	if r := h.do("PUT", "/api/v1/flows/"+id, ws.APIKey, map[string]string{"yaml": greetFlow}); r.Status != 200 || !strings.Contains(string(r.Body), `"diagnostics":[]`) {
		t.Fatalf("update: %d %s", r.Status, r.Body)
	}
	tests := h.do("POST", "/api/v1/flows/"+id+"/test", ws.APIKey, map[string]any{"given": map[string]any{"contact": map[string]string{"first_name": "Bia"}}})
	if tests.Status != 200 || !strings.Contains(string(tests.Body), `"passed":true`) || !strings.Contains(string(tests.Body), `"dry run"`) {
		t.Fatalf("test: %d %s", tests.Status, tests.Body)
	}
	if r := h.do("POST", "/api/v1/flows/"+id+"/publish", ws.APIKey, nil); r.Status != 201 || r.json(t)["version"].(float64) != 1 {
		t.Fatalf("publish: %d %s", r.Status, r.Body)
	}
	run := h.do("POST", "/api/v1/flows/"+id+"/runs", ws.APIKey, map[string]any{"contact": map[string]string{"id": "c1", "first_name": "Ana"}})
	if run.Status != 201 {
		t.Fatalf("start: %d %s", run.Status, run.Body)
	}
	runID := run.json(t)["id"].(string)
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		r := h.do("GET", "/api/v1/runs/"+runID, ws.APIKey, nil)
		if strings.Contains(string(r.Body), `"status":"completed"`) {
			if strings.Count(string(r.Body), `"step_id"`) != 3 {
				t.Fatalf("trace: %s", r.Body)
			}
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatal("the run never completed")
}
