package api

import (
	"github.com/masteria/masteria/core/auth"
	"github.com/masteria/masteria/core/campaigns"
	"github.com/masteria/masteria/core/store"
)

// campaignRoutes are campaigns and cadences: definitions, the audience
// preview, schedule and control, live progress, the send ledger and the
// funnel.
func (a *API) campaignRoutes() []Route {
	const tag = "campaigns"
	return []Route{
		{Method: "GET", Path: "/api/v1/campaigns", Role: anyRole, Tag: tag, Summary: "The tenant's campaigns, newest first",
			Reply: list[store.Campaign]{}, Handle: a.listCampaigns},
		{Method: "POST", Path: "/api/v1/campaigns", Role: auth.RoleAdmin, Tag: tag,
			Summary: "Create a draft campaign: an audience with one message (text, template with per-contact variables, media) or a published flow to enrol it into",
			Body:    campaigns.Input{}, Reply: store.Campaign{}, Status: 201, Handle: a.createCampaign},
		{Method: "POST", Path: "/api/v1/campaigns/preview", Role: anyRole, Tag: tag,
			Summary: "Count an audience on a channel (opted-out contacts and contacts without an address left out; with a marketing template, its marketing opt-outs too) and show a sample",
			Body:    campaigns.PreviewInput{}, Reply: campaigns.Preview{}, Handle: a.previewAudience},
		{Method: "GET", Path: "/api/v1/campaigns/:id", Role: anyRole, Tag: tag, Summary: "One campaign", Reply: store.Campaign{}, Handle: a.getCampaign},
		{Method: "PUT", Path: "/api/v1/campaigns/:id", Role: auth.RoleAdmin, Tag: tag, Summary: "Replace a campaign's definition before it starts",
			Body: campaigns.Input{}, Reply: store.Campaign{}, Handle: a.updateCampaign},
		{Method: "DELETE", Path: "/api/v1/campaigns/:id", Role: auth.RoleAdmin, Tag: tag, Summary: "Delete a campaign and its ledger (not while it runs)",
			Status: 204, Handle: a.deleteCampaign},
		{Method: "POST", Path: "/api/v1/campaigns/:id/start", Role: auth.RoleAdmin, Tag: tag,
			Summary: "Schedule a draft: now, at schedule.at, or on schedule.cron; sends go inside the allowed hours in each contact's time zone",
			Reply:   store.Campaign{}, Handle: a.campaignControl((*campaigns.Service).Start)},
		{Method: "POST", Path: "/api/v1/campaigns/:id/pause", Role: auth.RoleAdmin, Tag: tag, Summary: "Pause sending (queued sends wait, cadence send steps hold)",
			Reply: store.Campaign{}, Handle: a.campaignControl((*campaigns.Service).Pause)},
		{Method: "POST", Path: "/api/v1/campaigns/:id/resume", Role: auth.RoleAdmin, Tag: tag, Summary: "Resume a paused campaign where it stopped",
			Reply: store.Campaign{}, Handle: a.campaignControl((*campaigns.Service).Resume)},
		{Method: "POST", Path: "/api/v1/campaigns/:id/cancel", Role: auth.RoleAdmin, Tag: tag, Summary: "Cancel for good: queued sends and a cadence's unfinished runs are cancelled",
			Reply: store.Campaign{}, Handle: a.campaignControl((*campaigns.Service).Cancel)},
		{Method: "GET", Path: "/api/v1/campaigns/:id/progress", Role: anyRole, Tag: tag,
			Summary: "Live counts: queued, sent, delivered, read, replied, failed (with reasons), suppressed, opted out, ambiguous (also pushed as campaign.progress)",
			Reply:   campaigns.Progress{}, Handle: a.campaignProgress},
		{Method: "GET", Path: "/api/v1/campaigns/:id/funnel", Role: anyRole, Tag: tag, Summary: "The result per step (a cadence's send steps in order of the ledger)",
			Reply: campaigns.Funnel{}, Handle: a.campaignFunnel},
		{Method: "GET", Path: "/api/v1/campaigns/:id/sends", Role: anyRole, Tag: tag, Summary: "The send ledger: one row per round × contact × step, in creation order",
			Query: []string{"status", "contact_id", "step", "error_code", "round", "cursor", "limit"},
			Reply: page[store.Send]{}, Handle: a.campaignSends},
	}
}
