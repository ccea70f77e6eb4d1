package api

import (
	"fmt"
	"strconv"

	"github.com/gofiber/fiber/v3"

	"github.com/masteria/masteria/core/apperr"
	"github.com/masteria/masteria/core/auth"
	"github.com/masteria/masteria/core/tenancy"
	"github.com/masteria/masteria/core/webhooks"
)

// webhookRoutes are the tenant's outbound webhook endpoints (Standard
// Webhooks v1), for owners and admins.
func (a *API) webhookRoutes() []Route {
	const tag = "webhooks"
	return []Route{
		{Method: "GET", Path: "/api/v1/webhook-event-types", Role: auth.RoleAdmin, Tag: tag,
			Summary: "The event types endpoints may receive, by group; an endpoint also takes a group (conversation.*) or \"*\" for all",
			Reply:   list[webhooks.EventType]{}, Handle: a.webhookEventTypes},
		{Method: "GET", Path: "/api/v1/webhook-endpoints", Role: auth.RoleAdmin, Tag: tag,
			Summary: "Webhook endpoints, oldest first (never their secrets)", Reply: list[webhooks.Endpoint]{}, Handle: a.listWebhookEndpoints},
		{Method: "POST", Path: "/api/v1/webhook-endpoints", Role: auth.RoleAdmin, Tag: tag,
			Summary: "Register an endpoint: the tenant's events of the types chosen are POSTed to its URL, signed as Standard Webhooks v1 " +
				"(webhook-id, webhook-timestamp, webhook-signature); its signing secret (whsec_…) is in this answer only",
			Body: webhooks.NewEndpoint{}, Reply: webhooks.EndpointWithSecret{}, Status: 201, Handle: a.createWebhookEndpoint},
		{Method: "GET", Path: "/api/v1/webhook-endpoints/:id", Role: auth.RoleAdmin, Tag: tag,
			Summary: "A webhook endpoint and its state", Reply: webhooks.Endpoint{}, Handle: a.getWebhookEndpoint},
		{Method: "PATCH", Path: "/api/v1/webhook-endpoints/:id", Role: auth.RoleAdmin, Tag: tag,
			Summary: "Change an endpoint's URL, description, event types or enabled flag (enabling one the sender turned off clears why)",
			Body:    webhooks.EndpointPatch{}, Reply: webhooks.Endpoint{}, Handle: a.updateWebhookEndpoint},
		{Method: "DELETE", Path: "/api/v1/webhook-endpoints/:id", Role: auth.RoleAdmin, Tag: tag,
			Summary: "Delete an endpoint and its deliveries", Status: 204, Handle: a.deleteWebhookEndpoint},
		{Method: "POST", Path: "/api/v1/webhook-endpoints/:id/rotate-secret", Role: auth.RoleAdmin, Tag: tag,
			Summary: "Give the endpoint a new signing secret, in this answer only; the old one keeps signing beside it for 24 hours",
			Reply:   webhooks.EndpointWithSecret{}, Handle: a.rotateWebhookSecret},
		{Method: "GET", Path: "/api/v1/webhook-endpoints/:id/deliveries", Role: auth.RoleAdmin, Tag: tag,
			Summary: "The endpoint's latest deliveries, newest first (limit: 1 to 200, default 50): state, attempts, last status, next retry",
			Query:   []string{"limit"}, Reply: list[webhooks.Delivery]{}, Handle: a.listWebhookDeliveries},
		{Method: "POST", Path: "/api/v1/webhook-endpoints/:id/deliveries/:delivery_id/redeliver", Role: auth.RoleAdmin, Tag: tag,
			Summary: "Send a delivered or failed delivery again now, with the same webhook-id and body (the receiver de-duplicates on it), " +
				"and answer with the attempt, counted as one more on the delivery; tried once, never retried. " +
				"409 webhook_endpoint_off while the endpoint is turned off (enable it first), 409 webhook_delivery_pending while its retries are still going",
			Reply: webhooks.Delivery{}, Handle: a.redeliverWebhook},
		{Method: "POST", Path: "/api/v1/webhook-endpoints/:id/test", Role: auth.RoleAdmin, Tag: tag,
			Summary: "Send a webhook.test event to the endpoint now and answer with the attempt (tried once, never retried)",
			Reply:   webhooks.Delivery{}, Handle: a.testWebhookEndpoint},
	}
}

// withWebhooks runs fn with the service and renders its answer.
func (a *API) withWebhooks(c fiber.Ctx, status int, fn func(s *webhooks.Service) (any, error)) error {
	if a.Webhooks == nil {
		return apperr.NotRunningf("webhooks", "webhooks are not running")
	}
	v, err := fn(a.Webhooks)
	return rendered(c, status, v, err)
}

func (a *API) webhookEventTypes(c fiber.Ctx, _ tenancy.Principal) error {
	return ok(c, 200, list[webhooks.EventType]{Items: webhooks.Catalog})
}

func (a *API) listWebhookEndpoints(c fiber.Ctx, p tenancy.Principal) error {
	return a.withWebhooks(c, 200, func(s *webhooks.Service) (any, error) {
		eps, err := s.List(c.Context(), p)
		return list[webhooks.Endpoint]{Items: eps}, err
	})
}

func (a *API) createWebhookEndpoint(c fiber.Ctx, p tenancy.Principal) error {
	return withBody(c, func(in webhooks.NewEndpoint) error {
		return a.withWebhooks(c, 201, func(s *webhooks.Service) (any, error) { return s.Create(c.Context(), p, in) })
	})
}

func (a *API) getWebhookEndpoint(c fiber.Ctx, p tenancy.Principal) error {
	return a.withWebhooks(c, 200, func(s *webhooks.Service) (any, error) { return s.Get(c.Context(), p, c.Params("id")) })
}

func (a *API) updateWebhookEndpoint(c fiber.Ctx, p tenancy.Principal) error {
	return withBody(c, func(in webhooks.EndpointPatch) error {
		return a.withWebhooks(c, 200, func(s *webhooks.Service) (any, error) { return s.Update(c.Context(), p, c.Params("id"), in) })
	})
}

func (a *API) deleteWebhookEndpoint(c fiber.Ctx, p tenancy.Principal) error {
	return a.withWebhooks(c, 204, func(s *webhooks.Service) (any, error) { return nil, s.Delete(c.Context(), p, c.Params("id")) })
}

func (a *API) rotateWebhookSecret(c fiber.Ctx, p tenancy.Principal) error {
	return a.withWebhooks(c, 200, func(s *webhooks.Service) (any, error) { return s.RotateSecret(c.Context(), p, c.Params("id")) })
}

// maxDeliveries is the most deliveries one list returns.
const maxDeliveries = 200

func (a *API) listWebhookDeliveries(c fiber.Ctx, p tenancy.Principal) error {
	limit := 50
	if raw := c.Query("limit"); raw != "" {
		n, err := strconv.Atoi(raw)
		if err != nil || n < 1 || n > maxDeliveries {
			return apperr.Fields("invalid list parameters", map[string]string{"limit": fmt.Sprintf("must be a number from 1 to %d", maxDeliveries)})
		}
		limit = n
	}
	return a.withWebhooks(c, 200, func(s *webhooks.Service) (any, error) {
		ds, err := s.Deliveries(c.Context(), p, c.Params("id"), limit)
		return list[webhooks.Delivery]{Items: ds}, err
	})
}

func (a *API) testWebhookEndpoint(c fiber.Ctx, p tenancy.Principal) error {
	return a.withWebhooks(c, 200, func(s *webhooks.Service) (any, error) { return s.Test(c.Context(), p, c.Params("id")) })
}

func (a *API) redeliverWebhook(c fiber.Ctx, p tenancy.Principal) error {
	return a.withWebhooks(c, 200, func(s *webhooks.Service) (any, error) {
		return s.Redeliver(c.Context(), p, c.Params("id"), c.Params("delivery_id"))
	})
}
