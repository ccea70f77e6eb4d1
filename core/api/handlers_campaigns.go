package api

import (
	"context"
	"errors"
	"strconv"

	"github.com/gofiber/fiber/v3"

	"github.com/masteria/masteria/core/apperr"
	"github.com/masteria/masteria/core/campaigns"
	"github.com/masteria/masteria/core/store"
	"github.com/masteria/masteria/core/tenancy"
)

func (a *API) campaignsSvc() (*campaigns.Service, error) {
	if a.Campaigns == nil {
		return nil, apperr.NotRunningf("campaigns", "campaigns are not running")
	}
	return a.Campaigns, nil
}

// withCampaigns runs fn with the service and renders its answer.
func (a *API) withCampaigns(c fiber.Ctx, status int, fn func(s *campaigns.Service) (any, error)) error {
	s, err := a.campaignsSvc()
	if err != nil {
		return err
	}
	v, err := fn(s)
	return rendered(c, status, v, err)
}

func (a *API) listCampaigns(c fiber.Ctx, p tenancy.Principal) error {
	return a.withCampaigns(c, 200, func(s *campaigns.Service) (any, error) {
		cs, err := s.List(c.Context(), p)
		return list[store.Campaign]{Items: cs}, err
	})
}

func (a *API) createCampaign(c fiber.Ctx, p tenancy.Principal) error {
	return withBody(c, func(in campaigns.Input) error {
		return a.withCampaigns(c, 201, func(s *campaigns.Service) (any, error) { return s.Create(c.Context(), p, in) })
	})
}

func (a *API) previewAudience(c fiber.Ctx, p tenancy.Principal) error {
	return withBody(c, func(in campaigns.PreviewInput) error {
		return a.withCampaigns(c, 200, func(s *campaigns.Service) (any, error) { return s.Preview(c.Context(), p, in) })
	})
}

func (a *API) getCampaign(c fiber.Ctx, p tenancy.Principal) error {
	return a.withCampaigns(c, 200, func(s *campaigns.Service) (any, error) { return s.Get(c.Context(), p, c.Params("id")) })
}

func (a *API) updateCampaign(c fiber.Ctx, p tenancy.Principal) error {
	return withBody(c, func(in campaigns.Input) error {
		return a.withCampaigns(c, 200, func(s *campaigns.Service) (any, error) { return s.Update(c.Context(), p, c.Params("id"), in) })
	})
}

func (a *API) deleteCampaign(c fiber.Ctx, p tenancy.Principal) error {
	return a.withCampaigns(c, 204, func(s *campaigns.Service) (any, error) { return nil, s.Delete(c.Context(), p, c.Params("id")) })
}

// campaignControl adapts start, pause, resume and cancel.
func (a *API) campaignControl(op func(*campaigns.Service, context.Context, tenancy.Principal, string) (store.Campaign, error)) func(fiber.Ctx, tenancy.Principal) error {
	return func(c fiber.Ctx, p tenancy.Principal) error {
		return a.withCampaigns(c, 200, func(s *campaigns.Service) (any, error) { return op(s, c.Context(), p, c.Params("id")) })
	}
}

func (a *API) campaignProgress(c fiber.Ctx, p tenancy.Principal) error {
	return a.withCampaigns(c, 200, func(s *campaigns.Service) (any, error) { return s.Progress(c.Context(), p, c.Params("id")) })
}

func (a *API) campaignFunnel(c fiber.Ctx, p tenancy.Principal) error {
	return a.withCampaigns(c, 200, func(s *campaigns.Service) (any, error) { return s.Funnel(c.Context(), p, c.Params("id")) })
}

func (a *API) campaignSends(c fiber.Ctx, p tenancy.Principal) error {
	pg, err := pageOf(c)
	if err != nil {
		return err
	}
	f := store.SendFilter{Status: c.Query("status"), ContactID: c.Query("contact_id"), Step: c.Query("step"),
		ErrorCode: c.Query("error_code"), Page: pg}
	if raw := c.Query("round"); raw != "" {
		if f.Round, err = strconv.Atoi(raw); err != nil || f.Round < 1 {
			return apperr.ListParams(map[string]apperr.Field{"round": apperr.Keyed("must be a round number from 1", apperr.FieldOutOfRange, apperr.P{"min": 1})})
		}
	}
	s, err := a.campaignsSvc()
	if err != nil {
		return err
	}
	items, next, err := s.Sends(c.Context(), p, c.Params("id"), f)
	if errors.Is(err, store.ErrBadCursor) {
		return apperr.ListParams(map[string]apperr.Field{"cursor": apperr.BadCursor("is not a cursor this list returned")})
	}
	return paged(c, items, next, err)
}
