package api

import (
	"context"
	"strings"
	"testing"
	"time"
)

// TestCampaignsScenario drives a campaign through the API: preview,
// create (strictly bound, every problem named), start, the runner's first
// round, progress, the ledger with its filters and pages, pause, resume,
// cancel and the funnel, with the events the tenant's stream receives.
func TestCampaignsScenario(t *testing.T) {
	h := newHarness(t)
	h.runRelay()
	ws := h.workspace("acme")
	k := ws.APIKey
	events := dialStream(t, h.base, k)
	time.Sleep(50 * time.Millisecond)
	for i, name := range []string{"Ana Lima", "Bruno Reis", "Caio Dias"} {
		c := map[string]any{"name": name, "phone": "+55 11 98765-432" + string(rune('1'+i)), "tags": []string{"lead"}}
		if r := h.do("POST", "/api/v1/contacts", k, c); r.Status != 201 {
			t.Fatalf("contact: %d %s", r.Status, r.Body)
		}
	}
	preview := h.do("POST", "/api/v1/campaigns/preview", k, map[string]any{"channel": "sms", "audience": map[string]any{
		"tags": []string{"lead"}, "expression": `contact.first_name != "Caio"`}}).json(t)
	if preview["count"].(float64) != 2 || len(preview["sample"].([]any)) != 2 {
		t.Fatalf("preview: %v", preview)
	}
	bad := h.do("POST", "/api/v1/campaigns", k, map[string]any{"name": "x", "channel": "fax", "spec": map[string]any{"message": map[string]any{}}})
	if bad.Status != 400 || !strings.Contains(string(bad.Body), `"channel"`) || !strings.Contains(string(bad.Body), `"spec.message"`) {
		t.Fatalf("invalid campaign: %d %s", bad.Status, bad.Body)
	}
	if r := h.do("POST", "/api/v1/campaigns", k, `{"name":"x","channel":"sms","spec":{"mesage":{}}}`); r.Status != 400 || !strings.Contains(string(r.Body), "mesage") {
		t.Fatalf("strict binding: %d %s", r.Status, r.Body)
	}
	spec := map[string]any{"audience": map[string]any{"tags": []string{"lead"}}, "message": map[string]any{"text": "Oi {{ contact.first_name }}!"}}
	c := h.do("POST", "/api/v1/campaigns", k, map[string]any{"name": "boas-vindas", "channel": "sms", "spec": spec})
	if c.Status != 201 {
		t.Fatalf("create: %d %s", c.Status, c.Body)
	}
	id := c.json(t)["id"].(string)
	nextFrame(t, events, "campaign.created")
	if r := h.do("POST", "/api/v1/campaigns/"+id+"/start", k, nil); r.Status != 200 || r.json(t)["status"] != "scheduled" {
		t.Fatalf("start: %d %s", r.Status, r.Body)
	}
	nextFrame(t, events, "campaign.scheduled")
	if err := h.api.Campaigns.Tick(context.Background()); err != nil {
		t.Fatal(err)
	}
	nextFrame(t, events, "campaign.started")
	progress := nextFrame(t, events, "campaign.progress")
	if !strings.Contains(string(progress.Data), `"queued":3`) {
		t.Fatalf("progress event: %s", progress.Data)
	}
	first := h.do("GET", "/api/v1/campaigns/"+id+"/sends?status=queued&limit=2", k, nil).json(t)
	rest := h.do("GET", "/api/v1/campaigns/"+id+"/sends?status=queued&limit=2&cursor="+first["next_cursor"].(string), k, nil).json(t)
	if len(first["items"].([]any)) != 2 || len(rest["items"].([]any)) != 1 || !strings.Contains(fmtJSON(rest), "Oi ") {
		t.Fatalf("ledger pages: %v / %v", first, rest)
	}
	if r := h.do("GET", "/api/v1/campaigns/"+id+"/sends?round=zero", k, nil); r.Status != 400 {
		t.Fatalf("bad round filter: %d", r.Status)
	}
	for _, step := range []struct{ op, status, event string }{{"pause", "paused", "campaign.paused"}, {"resume", "running", "campaign.resumed"}, {"cancel", "cancelled", "campaign.cancelled"}} {
		r := h.do("POST", "/api/v1/campaigns/"+id+"/"+step.op, k, nil)
		if r.Status != 200 || r.json(t)["status"] != step.status {
			t.Fatalf("%s: %d %s", step.op, r.Status, r.Body)
		}
		nextFrame(t, events, step.event)
	}
	if r := h.do("POST", "/api/v1/campaigns/"+id+"/resume", k, nil); r.Status != 409 {
		t.Fatalf("resume after cancel: %d", r.Status)
	}
	pr := h.do("GET", "/api/v1/campaigns/"+id+"/progress", k, nil).json(t)
	funnel := h.do("GET", "/api/v1/campaigns/"+id+"/funnel", k, nil).json(t)
	if pr["cancelled"].(float64) != 3 || pr["sent"].(float64) != 0 || len(funnel["steps"].([]any)) != 1 {
		t.Fatalf("progress %v, funnel %v", pr, funnel)
	}
	if r := h.do("GET", "/api/v1/campaigns", k, nil).json(t); len(r["items"].([]any)) != 1 {
		t.Fatalf("list: %v", r)
	}
}

func fmtJSON(v map[string]any) string {
	var b strings.Builder
	for _, item := range v["items"].([]any) {
		b.WriteString(item.(map[string]any)["payload"].(map[string]any)["text"].(string))
	}
	return b.String()
}
