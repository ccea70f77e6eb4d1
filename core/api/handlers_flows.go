package api

import (
	"net/http"
	"time"

	"github.com/gofiber/fiber/v3"

	"github.com/masteria/masteria/core/apperr"
	"github.com/masteria/masteria/core/engine"
	"github.com/masteria/masteria/core/flow"
	"github.com/masteria/masteria/core/flows"
	"github.com/masteria/masteria/core/store"
	"github.com/masteria/masteria/core/tenancy"
)

type flowBody struct {
	YAML string `json:"yaml"`
}

type testBody struct {
	Given *flow.Given `json:"given,omitempty"`
}

type retryBody struct {
	Step string `json:"step"`
}

func (a *API) flowsSvc() (*flows.Service, error) {
	if a.Flows == nil {
		return nil, apperr.NotRunningf("flow_engine", "the flow engine is not running")
	}
	return a.Flows, nil
}

func (a *API) listFlows(c fiber.Ctx, p tenancy.Principal) error {
	s, err := a.flowsSvc()
	if err != nil {
		return err
	}
	fs, err := s.List(c.Context(), p)
	if err != nil {
		return err
	}
	return ok(c, 200, list[store.Flow]{fs})
}

func (a *API) createFlow(c fiber.Ctx, p tenancy.Principal) error {
	var in flowBody
	s, err := a.flowsSvc()
	if err == nil {
		err = bind(c, &in)
	}
	if err != nil {
		return err
	}
	d, err := s.Create(c.Context(), p, in.YAML)
	if err != nil {
		return err
	}
	return ok(c, 201, d)
}

func (a *API) getFlow(c fiber.Ctx, p tenancy.Principal) error {
	return flowCall(a, c, 200, func(s *flows.Service) (any, error) { return s.Get(c.Context(), p, c.Params("id")) })
}

func (a *API) updateFlow(c fiber.Ctx, p tenancy.Principal) error {
	var in flowBody
	if err := bind(c, &in); err != nil {
		return err
	}
	return flowCall(a, c, 200, func(s *flows.Service) (any, error) { return s.Update(c.Context(), p, c.Params("id"), in.YAML) })
}

func (a *API) deleteFlow(c fiber.Ctx, p tenancy.Principal) error {
	return flowCall(a, c, 204, func(s *flows.Service) (any, error) { return nil, s.Delete(c.Context(), p, c.Params("id")) })
}

func (a *API) publishFlow(c fiber.Ctx, p tenancy.Principal) error {
	return flowCall(a, c, 201, func(s *flows.Service) (any, error) { return s.Publish(c.Context(), p, c.Params("id")) })
}

func (a *API) flowVersions(c fiber.Ctx, p tenancy.Principal) error {
	return flowCall(a, c, 200, func(s *flows.Service) (any, error) {
		vs, err := s.Versions(c.Context(), p, c.Params("id"))
		return list[store.FlowVersion]{vs}, err
	})
}

func (a *API) testFlow(c fiber.Ctx, p tenancy.Principal) error {
	var in testBody
	if err := bind(c, &in); err != nil {
		return err
	}
	return flowCall(a, c, 200, func(s *flows.Service) (any, error) {
		rs, err := s.Test(c.Context(), p, c.Params("id"), in.Given)
		return list[engine.TestResult]{rs}, err
	})
}

func (a *API) startRun(c fiber.Ctx, p tenancy.Principal) error {
	var in flows.ManualStart
	if err := bind(c, &in); err != nil {
		return err
	}
	return flowCall(a, c, 201, func(s *flows.Service) (any, error) { return s.Start(c.Context(), p, c.Params("id"), in) })
}

// listRuns pages runs like the other pages (cursor, limit, next_cursor);
// before is the cursor's older name, still read.
func (a *API) listRuns(c fiber.Ctx, p tenancy.Principal) error {
	pg, err := pageOf(c)
	if err != nil {
		return err
	}
	if pg.Limit > flows.MaxRunsPage {
		return apperr.ListParams(map[string]apperr.Field{"limit": apperr.LimitRange(flows.MaxRunsPage)})
	}
	if pg.Cursor == "" {
		pg.Cursor = c.Query("before")
	}
	f := store.RunFilter{FlowID: c.Query("flow_id"), Status: c.Query("status"), ContactID: c.Query("contact_id"), Before: pg.Cursor, Limit: pg.Limit}
	return flowCall(a, c, 200, func(s *flows.Service) (any, error) {
		rs, next, err := s.Runs(c.Context(), p, f)
		return page[store.Run]{Items: rs, NextCursor: next}, err
	})
}

func (a *API) getRun(c fiber.Ctx, p tenancy.Principal) error {
	return flowCall(a, c, 200, func(s *flows.Service) (any, error) { return s.Run(c.Context(), p, c.Params("id")) })
}

func (a *API) cancelRun(c fiber.Ctx, p tenancy.Principal) error {
	return flowCall(a, c, 200, func(s *flows.Service) (any, error) { return s.Cancel(c.Context(), p, c.Params("id")) })
}

func (a *API) retryRun(c fiber.Ctx, p tenancy.Principal) error {
	var in retryBody
	if err := bind(c, &in); err != nil {
		return err
	}
	return flowCall(a, c, 200, func(s *flows.Service) (any, error) { return s.RetryFrom(c.Context(), p, c.Params("id"), in.Step) })
}

// flowCall runs fn on the flow service and renders its result.
func flowCall(a *API, c fiber.Ctx, status int, fn func(s *flows.Service) (any, error)) error {
	s, err := a.flowsSvc()
	if err != nil {
		return err
	}
	v, err := fn(s)
	if err != nil {
		return err
	}
	return ok(c, status, v)
}

// flowHook starts a webhook-triggered flow and answers when it settles.
func (a *API) flowHook(c fiber.Ctx) error {
	s, err := a.flowsSvc()
	if err != nil {
		return err
	}
	header := http.Header{}
	for k, v := range c.Request().Header.All() {
		header.Add(string(k), string(v))
	}
	status, reply, err := s.Webhook(c.Context(), c.Params("flow"), header, c.Body(), a.Tenancy.RevealSecret, 30*time.Second)
	if err != nil {
		return err
	}
	return ok(c, status, reply)
}
