package main

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/masteria/masteria/core/app"
	"github.com/masteria/masteria/core/campaigns"
	"github.com/masteria/masteria/core/tenancy"
)

// demoCampaignName is the WhatsApp campaign the demo sends on its first
// start, so the campaigns page opens on a finished campaign with its
// delivery, read and reply figures, and the simulated customers' answers
// fill the inbox (see customers: digits 1–3 ask for more, 4–5 the price, 6
// declines).
const demoCampaignName = "Oferta de boas-vindas"

// demoCampaign is its input: the approved marketing template boas_vindas
// to every contact tagged "demo" (seedDemoCRM's leads).
const demoCampaign = `{
  "name": "Oferta de boas-vindas",
  "channel": "whatsapp",
  "spec": {
    "audience": {"tags": ["demo"]},
    "message": {"template": {"name": "boas_vindas", "language": "pt_BR",
      "variables": {"first_name": "{{ contact.first_name }}", "offer": "frete grátis na primeira compra"}}},
    "schedule": {}, "pacing": {}, "breaker": {}
  }
}`

// startDemoCampaign creates and starts the demo's campaign. It runs on the
// demo's first start only, after the simulators serve.
func startDemoCampaign(ctx context.Context, a *app.App, p tenancy.Principal) error {
	var in campaigns.Input
	if err := json.Unmarshal([]byte(demoCampaign), &in); err != nil {
		return fmt.Errorf("demo campaign: %w", err)
	}
	c, err := a.Campaigns.Create(ctx, p, in)
	if err != nil {
		return fmt.Errorf("demo campaign: %w", err)
	}
	if _, err := a.Campaigns.Start(ctx, p, c.ID); err != nil {
		return fmt.Errorf("demo campaign %s: %w", c.ID, err)
	}
	return nil
}
