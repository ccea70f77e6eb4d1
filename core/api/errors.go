package api

import (
	"errors"
	"strconv"

	"github.com/gofiber/fiber/v3"

	"github.com/masteria/masteria/core/apperr"
)

// envelope is every error response: {"error": {...}}.
type envelope struct {
	Error *apperr.Error `json:"error"`
}

// renderError is fiber's error handler: the one place errors become HTTP.
func (a *API) renderError(c fiber.Ctx, err error) error {
	e := a.toAppError(c, err)
	if e.RetryAfter > 0 {
		c.Set("Retry-After", strconv.Itoa(int(e.RetryAfter.Seconds()+0.999)))
	}
	return c.Status(e.Code.Status()).JSON(envelope{e})
}

func (a *API) toAppError(c fiber.Ctx, err error) *apperr.Error {
	if e, ok := apperr.As(err); ok {
		return e
	}
	var fe *fiber.Error
	if errors.As(err, &fe) {
		return fromFiber(fe)
	}
	a.Log.Error("internal error", "request_id", requestIDOf(c), "method", c.Method(), "path", c.Path(), "err", err)
	return apperr.New(apperr.Internal, "internal error (request %s)", requestIDOf(c))
}

// fromFiber maps the framework's own errors (unknown route, body too large).
func fromFiber(fe *fiber.Error) *apperr.Error {
	switch fe.Code {
	case fiber.StatusNotFound:
		return apperr.New(apperr.NotFound, "no such route")
	case fiber.StatusMethodNotAllowed:
		return apperr.New(apperr.NotFound, "no such route for this method")
	case fiber.StatusRequestEntityTooLarge:
		return apperr.New(apperr.TooLarge, "the request body is too large")
	case fiber.StatusUnsupportedMediaType:
		return apperr.New(apperr.Unsupported, "send application/json")
	case fiber.StatusTooManyRequests:
		return apperr.New(apperr.RateLimited, "too many requests").Because(apperr.TooManyRequests, nil).Retry(0)
	case fiber.StatusServiceUnavailable:
		return apperr.New(apperr.Unavailable, "service unavailable").Because(apperr.ServiceUnavailable, nil)
	}
	if fe.Code >= 400 && fe.Code < 500 {
		return apperr.New(apperr.Invalid, "%s", fe.Message)
	}
	return apperr.New(apperr.Internal, "internal error")
}
