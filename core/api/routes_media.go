package api

import (
	"mime"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v3"

	"github.com/masteria/masteria/core/apperr"
	"github.com/masteria/masteria/core/tenancy"
)

// mediaRoutes serve the tenant's stored files, such as inbound media.
func (a *API) mediaRoutes() []Route {
	return []Route{
		{Method: "GET", Path: "/api/v1/media/:id", Role: anyRole, Tag: "media",
			Summary: "A stored file (inbound media), streamed with its content type; another tenant's ID is not found",
			Handle:  a.getMedia},
	}
}

// getMedia streams a blob. The bytes came from outside (a customer's
// upload), so the browser is told not to sniff them and to run nothing
// they contain; only images, audio and video display inline.
func (a *API) getMedia(c fiber.Ctx, p tenancy.Principal) error {
	if a.Blobs == nil {
		return apperr.New(apperr.Unavailable, "file storage is not running")
	}
	rc, b, err := a.Blobs.Open(c.Context(), p.TenantID, c.Params("id"))
	if err != nil {
		return err
	}
	etag := `"` + b.SHA256 + `"`
	c.Set(fiber.HeaderETag, etag)
	c.Set(fiber.HeaderCacheControl, "private, max-age=86400")
	c.Set(fiber.HeaderXContentTypeOptions, "nosniff")
	c.Set(fiber.HeaderContentSecurityPolicy, "default-src 'none'; sandbox")
	c.Set(fiber.HeaderContentDisposition, disposition(b.ContentType, b.ID))
	if c.Get(fiber.HeaderIfNoneMatch) == etag {
		rc.Close()
		return c.SendStatus(fiber.StatusNotModified)
	}
	c.Set(fiber.HeaderContentType, b.ContentType)
	c.Set(fiber.HeaderContentLength, strconv.FormatInt(b.Size, 10))
	return c.SendStream(rc, int(b.Size)) // fasthttp closes rc once sent
}

// disposition shows images, audio and video inline and downloads the rest.
func disposition(contentType, id string) string {
	mt, _, _ := mime.ParseMediaType(contentType)
	kind, _, _ := strings.Cut(mt, "/")
	if kind == "image" || kind == "audio" || kind == "video" {
		return "inline"
	}
	return mime.FormatMediaType("attachment", map[string]string{"filename": id})
}
