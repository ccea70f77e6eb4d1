package api

import (
	"github.com/gofiber/fiber/v3"

	"github.com/masteria/masteria/core/store"
	"github.com/masteria/masteria/core/tenancy"
)

type roleBody struct {
	Role string `json:"role"`
}

type apiKeyBody struct {
	Name string `json:"name"`
	Role string `json:"role"`
}

type secretBody struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

func (a *API) listMembers(c fiber.Ctx, p tenancy.Principal) error {
	ms, err := a.Tenancy.ListMembers(c.Context(), p)
	if err != nil {
		return err
	}
	return ok(c, 200, list[store.Member]{ms})
}

func (a *API) addMember(c fiber.Ctx, p tenancy.Principal) error {
	var in tenancy.NewMember
	if err := bind(c, &in); err != nil {
		return err
	}
	m, err := a.Tenancy.AddMember(c.Context(), p, in)
	if err != nil {
		return err
	}
	return ok(c, 201, m)
}

func (a *API) setMemberRole(c fiber.Ctx, p tenancy.Principal) error {
	var in roleBody
	if err := bind(c, &in); err != nil {
		return err
	}
	m, err := a.Tenancy.SetMemberRole(c.Context(), p, c.Params("id"), in.Role)
	if err != nil {
		return err
	}
	return ok(c, 200, m)
}

func (a *API) removeMember(c fiber.Ctx, p tenancy.Principal) error {
	return done(c, a.Tenancy.RemoveMember(c.Context(), p, c.Params("id")))
}

func (a *API) listAPIKeys(c fiber.Ctx, p tenancy.Principal) error {
	ks, err := a.Tenancy.ListAPIKeys(c.Context(), p)
	if err != nil {
		return err
	}
	return ok(c, 200, list[store.APIKey]{ks})
}

func (a *API) createAPIKey(c fiber.Ctx, p tenancy.Principal) error {
	var in apiKeyBody
	if err := bind(c, &in); err != nil {
		return err
	}
	k, err := a.Tenancy.CreateAPIKey(c.Context(), p, in.Name, in.Role)
	if err != nil {
		return err
	}
	return ok(c, 201, k)
}

func (a *API) deleteAPIKey(c fiber.Ctx, p tenancy.Principal) error {
	return done(c, a.Tenancy.DeleteAPIKey(c.Context(), p, c.Params("id")))
}

func (a *API) listSecrets(c fiber.Ctx, p tenancy.Principal) error {
	ss, err := a.Tenancy.ListSecrets(c.Context(), p)
	if err != nil {
		return err
	}
	return ok(c, 200, list[store.Secret]{ss})
}

func (a *API) putSecret(c fiber.Ctx, p tenancy.Principal) error {
	var in secretBody
	if err := bind(c, &in); err != nil {
		return err
	}
	s, err := a.Tenancy.PutSecret(c.Context(), p, in.Name, in.Value)
	if err != nil {
		return err
	}
	return ok(c, 200, s)
}

func (a *API) deleteSecret(c fiber.Ctx, p tenancy.Principal) error {
	return done(c, a.Tenancy.DeleteSecret(c.Context(), p, c.Params("id")))
}

// done renders 204 or the error.
func done(c fiber.Ctx, err error) error {
	if err != nil {
		return err
	}
	return ok(c, 204, nil)
}
