package api

import (
	"encoding/json"
	"net"
	"net/http"
	"strings"
	"testing"

	"github.com/gofiber/fiber/v3"

	"github.com/masteria/masteria/sdk"
)

// serveHookRequests answers /hooks/… with the sdk.WebhookRequest the
// server built, under the server's own configuration.
func serveHookRequests(t *testing.T, proxies []string) string {
	t.Helper()
	a := &API{Deps: Deps{BodyLimit: 1 << 20, TrustedProxies: proxies}}
	app := fiber.New(a.fiberConfig())
	app.All("/hooks/:connection/*", func(c fiber.Ctx) error { return c.JSON(hookRequest(c)) })
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = app.Listener(ln, fiber.ListenConfig{DisableStartupMessage: true}) }()
	t.Cleanup(func() { _ = app.Shutdown() })
	return ln.Addr().String()
}

func TestHookRequestURL(t *testing.T) {
	const path, raw = "/hooks/con_1/status", "z=1&bodySHA256=ab%20c&a=2"
	forwarded := http.Header{"X-Forwarded-Proto": {"https"}, "X-Forwarded-Host": {"app.example.com"}}
	for name, tc := range map[string]struct {
		proxies []string
		want    func(addr string) string
	}{
		"no trusted proxy ignores X-Forwarded-*": {nil, func(addr string) string { return "http://" + addr + path + "?" + raw }},
		"another proxy is not believed":          {[]string{"10.0.0.1"}, func(addr string) string { return "http://" + addr + path + "?" + raw }},
		"a trusted proxy is believed":            {[]string{"127.0.0.1"}, func(string) string { return "https://app.example.com" + path + "?" + raw }},
	} {
		t.Run(name, func(t *testing.T) {
			addr := serveHookRequests(t, tc.proxies)
			req, _ := http.NewRequest("POST", "http://"+addr+path+"?"+raw, strings.NewReader("x=1"))
			req.Header = forwarded.Clone()
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			var got sdk.WebhookRequest
			if err := json.NewDecoder(resp.Body).Decode(&got); err != nil {
				t.Fatal(err)
			}
			if want := tc.want(addr); got.URL != want || got.RawQuery != raw || got.Path != "/status" || got.Query.Get("bodySHA256") != "ab c" {
				t.Errorf("got URL %q raw %q path %q query %v; want URL %q", got.URL, got.RawQuery, got.Path, got.Query, want)
			}
		})
	}
}
