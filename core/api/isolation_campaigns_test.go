package api

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/masteria/masteria/core/tenancy"
)

// campaignFixture is tenant A's campaign for the isolation walk.
type campaignFixture struct {
	foreign map[string]string
	bodies  map[string]any
	marks   []string
	paths   []string
	key     string
}

// seedCampaigns gives tenant A a started campaign with its ledger (the
// audience enqueued by one round of the runner).
func seedCampaigns(t *testing.T, h *harness, a tenancy.Workspace) campaignFixture {
	t.Helper()
	spec := map[string]any{"message": map[string]any{"text": "alpha secret offer for {{ contact.first_name }}"}}
	c := h.do("POST", "/api/v1/campaigns", a.APIKey, map[string]any{"name": "alpha-campaign", "channel": "sms", "spec": spec})
	if c.Status != 201 {
		t.Fatalf("seed campaign: %d %s", c.Status, c.Body)
	}
	id := c.json(t)["id"].(string)
	if r := h.do("POST", "/api/v1/campaigns/"+id+"/start", a.APIKey, nil); r.Status != 200 {
		t.Fatalf("start: %d %s", r.Status, r.Body)
	}
	if err := h.api.Campaigns.Tick(context.Background()); err != nil {
		t.Fatal(err)
	}
	sends := h.do("GET", "/api/v1/campaigns/"+id+"/sends", a.APIKey, nil)
	if sends.Status != 200 || !strings.Contains(string(sends.Body), "alpha secret offer") {
		t.Fatalf("A's ledger is empty: %d %s", sends.Status, sends.Body)
	}
	body := map[string]any{"name": "bravo-campaign", "channel": "sms", "spec": map[string]any{"message": map[string]any{"text": "bravo"}}}
	return campaignFixture{
		key:     a.APIKey,
		foreign: map[string]string{"/api/v1/campaigns/": id},
		bodies: map[string]any{
			"POST /api/v1/campaigns":         body,
			"PUT /api/v1/campaigns/:id":      body,
			"POST /api/v1/campaigns/preview": map[string]any{"channel": "sms", "audience": map[string]any{}},
		},
		marks: []string{id, "alpha-campaign", "alpha secret offer"},
		paths: []string{"/api/v1/campaigns", "/api/v1/campaigns/" + id + "/sends", "/api/v1/campaigns/" + id + "/funnel"},
	}
}

// snapshot renders A's campaigns and ledger.
func (f campaignFixture) snapshot(t *testing.T, h *harness) string {
	var b strings.Builder
	for _, p := range f.paths {
		res := h.do("GET", p, f.key, nil)
		if res.Status != 200 {
			t.Fatalf("snapshot %s: %d %s", p, res.Status, res.Body)
		}
		fmt.Fprintf(&b, "%s=%s;", p, res.Body)
	}
	return b.String()
}
