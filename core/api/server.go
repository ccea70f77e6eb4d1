// Package api is the HTTP surface: one route table (routes.go) with each
// route's permission, small handlers that bind, call the domain and render,
// the JSON error envelope, health, metrics and the OpenAPI document.
package api

import (
	"context"
	"io/fs"
	"log/slog"
	"time"

	"github.com/gofiber/fiber/v3"

	"github.com/masteria/masteria/core/blobs"
	"github.com/masteria/masteria/core/bus"
	"github.com/masteria/masteria/core/campaigns"
	"github.com/masteria/masteria/core/flow"
	"github.com/masteria/masteria/core/flows"
	"github.com/masteria/masteria/core/metrics"
	"github.com/masteria/masteria/core/plugin"
	"github.com/masteria/masteria/core/store"
	"github.com/masteria/masteria/core/tenancy"
	"github.com/masteria/masteria/core/webhooks"
)

// Deps is what the API is built from.
type Deps struct {
	Tenancy   *tenancy.Service
	Store     store.Store
	Bus       *bus.Bus
	Metrics   *metrics.Metrics
	Log       *slog.Logger
	BodyLimit int
	// Web is the built dashboard (index.html at its root); nil serves none.
	Web fs.FS
	// SecureCookies marks the session cookie Secure (behind HTTPS).
	SecureCookies bool
	// TrustedProxies are the reverse proxies (IPs or CIDR ranges) whose
	// X-Forwarded-Proto and X-Forwarded-Host are believed, e.g. for the
	// public URL handed to webhooks; empty believes none.
	TrustedProxies []string
	Version        string
	// Catalog is every action flows may use (core steps and plugins').
	Catalog flow.Catalog
	// Flows is the flow library and run control; nil answers 503.
	Flows *flows.Service
	// Plugins is the plugin host; nil answers 503.
	Plugins *plugin.Manager
	// Campaigns is campaigns and cadences; nil answers 503.
	Campaigns *campaigns.Service
	// Blobs is the tenants' stored files (media); nil answers 503.
	Blobs *blobs.Store
	// Webhooks is the tenants' outbound webhook endpoints; nil answers 503.
	Webhooks *webhooks.Service
}

// API holds the dependencies the handlers use.
type API struct{ Deps }

// fiberConfig is the server's configuration. X-Forwarded-Proto and
// X-Forwarded-Host count only from TrustedProxies.
func (a *API) fiberConfig() fiber.Config {
	return fiber.Config{
		AppName:          "masteria",
		BodyLimit:        a.BodyLimit,
		ErrorHandler:     a.renderError,
		ReadTimeout:      30 * time.Second,
		WriteTimeout:     60 * time.Second,
		IdleTimeout:      120 * time.Second,
		TrustProxy:       len(a.TrustedProxies) > 0,
		TrustProxyConfig: fiber.TrustProxyConfig{Proxies: a.TrustedProxies},
	}
}

// New builds the fiber app with every route mounted.
func New(d Deps) *fiber.App {
	if d.Log == nil {
		d.Log = slog.Default()
	}
	if d.Metrics == nil {
		d.Metrics = metrics.New()
	}
	a := &API{Deps: d}
	app := fiber.New(a.fiberConfig())
	app.Use(a.requestID, a.accessLog, plainBody)
	app.Get("/health", a.health)
	app.Get("/metrics", a.metricsHandler())
	app.Get("/api/v1/openapi.json", a.openAPI)
	for _, r := range a.Routes() {
		app.Add([]string{r.Method}, r.Path, a.endpoint(r))
	}
	app.Post("/hooks/flows/:flow", a.flowHook)
	app.All("/hooks/:connection", a.hook)
	app.All("/hooks/:connection/*", a.hook)
	app.Use("/api", func(c fiber.Ctx) error { return fiber.ErrNotFound })
	app.Use("/hooks", func(c fiber.Ctx) error { return fiber.ErrNotFound })
	if d.Web != nil {
		app.Use(a.web())
	}
	return app
}

// ctxTimeout bounds a handler's work on the store.
func ctxTimeout(c fiber.Ctx) (context.Context, context.CancelFunc) {
	return context.WithTimeout(c.Context(), 30*time.Second)
}
