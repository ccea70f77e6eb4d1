package api

import (
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v3"

	"github.com/masteria/masteria/core/apperr"
	"github.com/masteria/masteria/core/auth"
	"github.com/masteria/masteria/core/ids"
	"github.com/masteria/masteria/core/tenancy"
)

const (
	sessionCookie = "masteria_session"
	localReqID    = "request_id"
	localPrinc    = "principal"
)

// requestID takes X-Request-ID from the caller (if sane) or makes one, and
// echoes it on the response.
func (a *API) requestID(c fiber.Ctx) error {
	id := c.Get("X-Request-ID")
	if len(id) == 0 || len(id) > 64 || strings.ContainsAny(id, " \r\n\t\"") {
		id = ids.New("req")
	}
	c.Locals(localReqID, id)
	c.Set("X-Request-ID", id)
	return c.Next()
}

func requestIDOf(c fiber.Ctx) string {
	id, _ := c.Locals(localReqID).(string)
	return id
}

// accessLog logs every request and records its metrics by route pattern.
func (a *API) accessLog(c fiber.Ctx) error {
	start := time.Now()
	err := c.Next()
	if err != nil {
		if herr := a.renderError(c, err); herr != nil {
			return herr
		}
	}
	status := c.Response().StatusCode()
	route := c.Route().Path
	if status == fiber.StatusNotFound && c.Route().Method == "USE" {
		route = "unmatched"
	}
	elapsed := time.Since(start)
	a.Metrics.HTTPRequests.WithLabelValues(c.Method(), route, strconv.Itoa(status)).Inc()
	a.Metrics.HTTPDuration.WithLabelValues(c.Method(), route).Observe(elapsed.Seconds())
	a.Log.Info("http", "request_id", requestIDOf(c), "method", c.Method(), "route", route,
		"status", status, "ms", float64(elapsed.Microseconds())/1000, "ip", c.IP())
	return nil
}

// authenticate finds the caller from a bearer API key or the session cookie.
func (a *API) authenticate(c fiber.Ctx) (tenancy.Principal, error) {
	ctx, cancel := ctxTimeout(c)
	defer cancel()
	if h := c.Get(fiber.HeaderAuthorization); h != "" {
		key, ok := strings.CutPrefix(h, "Bearer ")
		if !ok {
			return tenancy.Principal{}, apperr.New(apperr.Unauthenticated, "use Authorization: Bearer <api key>")
		}
		p, err := a.Tenancy.APIKey(ctx, strings.TrimSpace(key), c.IP())
		if err != nil {
			a.Metrics.AuthFailures.WithLabelValues("api_key").Inc()
		}
		return p, err
	}
	token := c.Cookies(sessionCookie)
	if token == "" {
		return tenancy.Principal{}, apperr.New(apperr.Unauthenticated, "log in or send an API key")
	}
	if err := checkOrigin(c); err != nil {
		return tenancy.Principal{}, err
	}
	return a.Tenancy.Session(ctx, token)
}

// checkOrigin refuses cookie-authenticated writes from another origin
// (defence in depth on top of SameSite=Lax).
func checkOrigin(c fiber.Ctx) error {
	if c.Method() == fiber.MethodGet || c.Method() == fiber.MethodHead {
		return nil
	}
	origin := c.Get(fiber.HeaderOrigin)
	if origin == "" {
		return nil
	}
	if u, err := url.Parse(origin); err == nil && u.Host == c.Host() {
		return nil
	}
	return apperr.New(apperr.Forbidden, "cross-origin request refused")
}

// endpoint wraps a route: authentication, the role check, then the handler.
func (a *API) endpoint(r Route) fiber.Handler {
	return func(c fiber.Ctx) error {
		var p tenancy.Principal
		if r.Role != "" {
			var err error
			if p, err = a.authenticate(c); err != nil {
				return err
			}
			if !p.Can(r.Role) {
				return apperr.NeedRole(r.Role)
			}
			c.Locals(localPrinc, p)
		}
		return r.Handle(c, p)
	}
}

// anyRole is the lowest role: any authenticated member.
const anyRole = auth.RoleViewer

// plainBody refuses a request sent with a Content-Encoding: fiber's Body()
// would inflate it with no limit (body_limit counts the compressed bytes,
// so a few KB of gzip become gigabytes), on routes anyone may call, the
// webhooks and login among them. No client or provider of ours compresses
// what it sends; providers sign the bytes they send.
func plainBody(c fiber.Ctx) error {
	enc := strings.TrimSpace(c.Get(fiber.HeaderContentEncoding))
	if enc == "" || strings.EqualFold(enc, "identity") {
		return c.Next()
	}
	return apperr.New(apperr.Unsupported, "send the body uncompressed: Content-Encoding %q is not accepted", enc)
}
