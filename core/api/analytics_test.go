package api

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/masteria/masteria/core/crm/inbox"
	"github.com/masteria/masteria/sdk"
)

func TestAnalyticsOverview(t *testing.T) {
	h := newHarness(t)
	a, b := h.workspace("alpha"), h.workspace("bravo")
	if _, err := inbox.New(h.store).Receive(context.Background(), a.Tenant.ID, inbox.Inbound{ConnectionID: "conn_alpha", Channel: "whatsapp",
		Message: sdk.InboundMessage{ProviderMessageID: "wamid.a1", From: "5511987650001", Type: sdk.InboundText, Text: "oi", Timestamp: time.Now()}}); err != nil {
		t.Fatal(err)
	}
	if r := h.do("POST", "/api/v1/boards", a.APIKey, map[string]any{"name": "Alpha Pipeline", "stages": []string{"Novo", "Ganho"}}); r.Status != 201 {
		t.Fatalf("board: %d %s", r.Status, r.Body)
	}

	got := h.do("GET", "/api/v1/analytics/overview?tz=America/Sao_Paulo", a.APIKey, nil)
	if got.Status != 200 {
		t.Fatalf("overview: %d %s", got.Status, got.Body)
	}
	o := got.json(t)
	msgs := o["messages"].(map[string]any)
	conv := o["conversations"].(map[string]any)
	if msgs["received"] != 1.0 || conv["open"] != 1.0 || conv["unassigned"] != 1.0 {
		t.Errorf("A's overview: %s", got.Body)
	}
	if days := o["days"].([]any); len(days) < 30 || len(days) > 31 || o["time_zone"] != "America/Sao_Paulo" {
		t.Errorf("the last 30 days, every day present: %d days, zone %v", len(days), o["time_zone"])
	}
	if stages := o["stages"].([]any); len(stages) != 2 || !strings.Contains(string(got.Body), "Alpha Pipeline") {
		t.Errorf("A's stages: %v", stages)
	}

	other := h.do("GET", "/api/v1/analytics/overview", b.APIKey, nil)
	if other.Status != 200 || strings.Contains(string(other.Body), "Alpha Pipeline") || other.json(t)["messages"].(map[string]any)["received"] != 0.0 {
		t.Errorf("B sees A's figures: %d %s", other.Status, other.Body)
	}

	for query, field := range map[string]string{
		"?tz=Mars/Olympus":               "tz",
		"?from=yesterday":                "from",
		"?to=2026-13-01":                 "to",
		"?from=2026-03-02&to=2026-03-01": "from",
		"?from=2020-01-01&to=2026-01-01": "from",
	} {
		r := h.do("GET", "/api/v1/analytics/overview"+query, a.APIKey, nil)
		if r.Status != 400 || !strings.Contains(string(r.Body), `"`+field+`"`) {
			t.Errorf("%s: %d %s, want 400 naming %s", query, r.Status, r.Body, field)
		}
	}
	r := h.do("GET", "/api/v1/analytics/overview?from=2026-03-01&to=2026-03-07", a.APIKey, nil)
	if days := r.json(t)["days"].([]any); r.Status != 200 || len(days) != 7 || days[6].(map[string]any)["day"] != "2026-03-07" {
		t.Errorf("dates are whole days, to inclusive: %d %s", r.Status, r.Body)
	}
}
