package api

import (
	"github.com/gofiber/fiber/v3"

	"github.com/masteria/masteria/core/analytics"
	"github.com/masteria/masteria/core/tenancy"
)

// analyticsAPI serves the dashboard's overview.
type analyticsAPI struct {
	*API
	analytics *analytics.Service
}

// analyticsRoutes are the home page's figures.
func (a *API) analyticsRoutes() []Route {
	h := &analyticsAPI{API: a, analytics: analytics.New(a.Store)}
	return []Route{
		{Method: "GET", Path: "/api/v1/analytics/overview", Role: anyRole, Tag: "analytics",
			Summary: "Messages (delivery → read → reply funnel), daily series, response time, open conversations and leads per stage; from/to: RFC 3339 or YYYY-MM-DD (default the last 30 days), tz: IANA zone for days",
			Query:   []string{"from", "to", "tz"}, Reply: analytics.Overview{}, Handle: h.overview},
	}
}

func (h *analyticsAPI) overview(c fiber.Ctx, p tenancy.Principal) error {
	v, err := h.analytics.Overview(c.Context(), p, analytics.Query{From: c.Query("from"), To: c.Query("to"), TZ: c.Query("tz")})
	return rendered(c, 200, v, err)
}
