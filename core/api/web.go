package api

import (
	"io/fs"
	"path"
	"strings"

	"github.com/gofiber/fiber/v3"
)

// fallbackPage is served when the binary was built without the dashboard.
const fallbackPage = `<!doctype html><html lang="pt-BR"><meta charset="utf-8"><title>Master IA</title>
<body style="font-family:sans-serif;max-width:40em;margin:4em auto">
<h1>Master IA</h1><p>O servidor está no ar. O painel não foi incluído neste binário
(rode <code>make build</code>). API: <a href="/api/v1/openapi.json">/api/v1/openapi.json</a>.</p>
<p>The server is up. This binary was built without the dashboard (run <code>make build</code>).</p></body></html>`

// web serves the single-page app: real files when they exist, otherwise
// index.html so client-side routes load.
func (a *API) web() fiber.Handler {
	return func(c fiber.Ctx) error {
		if c.Method() != fiber.MethodGet && c.Method() != fiber.MethodHead {
			return fiber.ErrNotFound
		}
		name := strings.TrimPrefix(path.Clean(c.Path()), "/")
		if name != "" {
			if b, err := fs.ReadFile(a.Web, name); err == nil {
				setType(c, name)
				if strings.HasPrefix(name, "assets/") {
					c.Set(fiber.HeaderCacheControl, "public, max-age=31536000, immutable")
				}
				return c.Send(b)
			}
		}
		if strings.HasPrefix(name, "assets/") || path.Ext(name) != "" {
			return fiber.ErrNotFound // a missing file, not a client-side route
		}
		index, err := fs.ReadFile(a.Web, "index.html")
		if err != nil {
			index = []byte(fallbackPage)
		}
		c.Set(fiber.HeaderCacheControl, "no-cache")
		c.Type("html")
		return c.Send(index)
	}
}

// setType sets the content type by extension, including the PWA's.
func setType(c fiber.Ctx, name string) {
	switch path.Ext(name) {
	case ".webmanifest":
		c.Set(fiber.HeaderContentType, "application/manifest+json")
	default:
		c.Type(strings.TrimPrefix(path.Ext(name), "."))
	}
}
