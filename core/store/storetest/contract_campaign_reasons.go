package storetest

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/masteria/masteria/core/store"
)

// testCampaignReasons: a campaign's reason code and params (numbers,
// strings, lists of objects) come back as they were saved, from every
// read, and a cleared reason leaves none.
func testCampaignReasons(t *testing.T, s store.Store) {
	ctx := context.Background()
	ten, _ := Seed(t, s, "cr")
	c := NewCampaign(ten.ID, "pausada")
	c.Status, c.Reason, c.ReasonCode = store.CampaignPaused, "circuit breaker: …", "breaker_failures"
	c.ReasonParams = map[string]any{"count": 49, "window": 50, "codes": []map[string]any{{"code": "132015", "count": 49}}}
	const want = `{"codes":[{"code":"132015","count":49}],"count":49,"window":50}`
	must(t, s.CreateCampaign(ctx, c))
	got, err := s.GetCampaign(ctx, ten.ID, c.ID)
	must(t, err)
	if got.Reason != c.Reason || got.ReasonCode != c.ReasonCode || jsonOf(got.ReasonParams) != want {
		t.Fatalf("created: %q %q %s", got.Reason, got.ReasonCode, jsonOf(got.ReasonParams))
	}
	got.Reason, got.ReasonCode, got.ReasonParams = "paused by Ana", "paused_by_user", map[string]any{"name": "Ana"}
	must(t, s.SaveCampaign(ctx, got))
	list, err := s.ListCampaigns(ctx, ten.ID)
	must(t, err)
	if len(list) != 1 || list[0].ReasonCode != "paused_by_user" || jsonOf(list[0].ReasonParams) != `{"name":"Ana"}` {
		t.Fatalf("saved: %+v", list)
	}
	got, _ = s.GetCampaign(ctx, ten.ID, c.ID)
	got.Status, got.Reason, got.ReasonCode, got.ReasonParams = store.CampaignRunning, "", "", nil
	must(t, s.SaveCampaign(ctx, got))
	got, _ = s.GetCampaign(ctx, ten.ID, c.ID)
	if got.Reason != "" || got.ReasonCode != "" || got.ReasonParams != nil {
		t.Fatalf("cleared: %q %q %v", got.Reason, got.ReasonCode, got.ReasonParams)
	}
}

func jsonOf(v any) string {
	raw, _ := json.Marshal(v)
	return string(raw)
}
