package api

import (
	"testing"

	"github.com/gofiber/fiber/v3"
	"github.com/valyala/fasthttp"

	"github.com/masteria/masteria/core/apperr"
)

// FuzzBind: any body either decodes or yields a client error; never a
// panic, never an internal error.
func FuzzBind(f *testing.F) {
	for _, seed := range []string{`{"name":"k","role":"viewer"}`, `{"name":`, `[]`, `{"x":1}`, `{"name":5}`, `null`, "\x00", `{"name":"a"} {}`} {
		f.Add(seed)
	}
	app := fiber.New()
	f.Fuzz(func(t *testing.T, body string) {
		fctx := &fasthttp.RequestCtx{}
		fctx.Request.Header.SetContentType("application/json")
		fctx.Request.SetBody([]byte(body))
		c := app.AcquireCtx(fctx)
		defer app.ReleaseCtx(c)
		var in apiKeyBody
		if err := bind(c, &in); err != nil {
			e, ok := apperr.As(err)
			if !ok || e.Code.Status() >= 500 {
				t.Fatalf("body %q: non-client error %v", body, err)
			}
		}
	})
}
