package api

import (
	"time"

	"github.com/gofiber/fiber/v3"

	"github.com/masteria/masteria/core/tenancy"
)

type loginBody struct {
	Email    string `json:"email"`
	Password string `json:"password"`
	TenantID string `json:"tenant_id,omitempty"`
}

type switchBody struct {
	TenantID string `json:"tenant_id"`
}

type newTenantBody struct {
	Name     string `json:"name"`
	Password string `json:"password"` // the caller's own, confirming the action
}

func (a *API) login(c fiber.Ctx, _ tenancy.Principal) error {
	var in loginBody
	if err := bind(c, &in); err != nil {
		return err
	}
	ctx, cancel := ctxTimeout(c)
	defer cancel()
	l, err := a.Tenancy.Login(ctx, in.Email, in.Password, in.TenantID, c.IP())
	if err != nil {
		a.Metrics.AuthFailures.WithLabelValues("login").Inc()
		return err
	}
	c.Cookie(&fiber.Cookie{Name: sessionCookie, Value: l.Token, Path: "/", HTTPOnly: true, Secure: a.SecureCookies,
		SameSite: fiber.CookieSameSiteLaxMode, Expires: time.Now().Add(tenancy.SessionTTL)})
	return ok(c, 200, l)
}

func (a *API) logout(c fiber.Ctx, _ tenancy.Principal) error {
	if token := c.Cookies(sessionCookie); token != "" {
		if err := a.Tenancy.Logout(c.Context(), token); err != nil {
			return err
		}
	}
	c.ClearCookie(sessionCookie)
	return ok(c, 204, nil)
}

func (a *API) me(c fiber.Ctx, p tenancy.Principal) error {
	out, err := a.Tenancy.Me(c.Context(), p)
	if err != nil {
		return err
	}
	return ok(c, 200, out)
}

func (a *API) switchTenant(c fiber.Ctx, p tenancy.Principal) error {
	var in switchBody
	if err := bind(c, &in); err != nil {
		return err
	}
	np, err := a.Tenancy.SwitchTenant(c.Context(), c.Cookies(sessionCookie), p, in.TenantID)
	if err != nil {
		return err
	}
	return ok(c, 200, np)
}

func (a *API) tenant(c fiber.Ctx, p tenancy.Principal) error {
	t, err := a.Tenancy.Tenant(c.Context(), p)
	if err != nil {
		return err
	}
	return ok(c, 200, t)
}

func (a *API) createTenant(c fiber.Ctx, p tenancy.Principal) error {
	var in newTenantBody
	if err := bind(c, &in); err != nil {
		return err
	}
	ws, err := a.Tenancy.CreateWorkspaceFor(c.Context(), p, in.Name, in.Password)
	if err != nil {
		return err
	}
	return ok(c, 201, ws)
}
