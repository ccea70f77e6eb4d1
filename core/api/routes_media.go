package api

import (
	"bytes"
	"cmp"
	"fmt"
	"io"
	"mime"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v3"
	"github.com/valyala/fasthttp"

	"github.com/masteria/masteria/core/apperr"
	"github.com/masteria/masteria/core/auth"
	"github.com/masteria/masteria/core/store"
	"github.com/masteria/masteria/core/tenancy"
)

// mediaRoutes serve the tenant's stored files, such as inbound media.
func (a *API) mediaRoutes() []Route {
	return []Route{
		{Method: "GET", Path: "/api/v1/media/:id", Role: anyRole, Tag: "media",
			Summary: "A stored file (inbound media), streamed with its content type (single byte ranges served); a document downloads as filename, else its ID with the type's extension; another tenant's ID is not found",
			Query:   []string{"filename"}, Handle: a.getMedia},
		{Method: "POST", Path: "/api/v1/media", Role: auth.RoleAgent, Tag: "media",
			Summary: "Store a file to send (the raw bytes as the body, its type as Content-Type, up to body_limit); reply with its id as media.blob_id",
			Body:    FileBody{}, Reply: store.Blob{}, Status: 201, Handle: a.uploadMedia},
		{Method: "DELETE", Path: "/api/v1/media/:id", Role: auth.RoleAgent, Tag: "media",
			Summary: "Discard an uploaded file no message or campaign has used yet (an attachment removed before sending); one in use is a conflict and stays",
			Status:  204, Handle: a.discardMedia},
	}
}

// FileBody marks a route whose request body is a file's raw bytes, typed
// by the Content-Type header, instead of JSON.
type FileBody struct{}

// uploadMedia stores the request body as a blob of the tenant. fiber has
// already refused a body over body_limit with 413.
func (a *API) uploadMedia(c fiber.Ctx, p tenancy.Principal) error {
	if a.Blobs == nil {
		return apperr.NotRunningf("files", "file storage is not running")
	}
	body := c.Body()
	if len(body) == 0 {
		return apperr.Fields("the file cannot be stored", map[string]string{"body": "empty: send the file's bytes as the request body"})
	}
	ct := c.Get(fiber.HeaderContentType)
	if mt, _, err := mime.ParseMediaType(ct); err != nil || strings.HasPrefix(mt, "multipart/") {
		return apperr.Fields("the file cannot be stored", map[string]string{"content_type": "the file's own media type (image/jpeg, application/pdf…), not a form"})
	}
	b, err := a.Blobs.Upload(c.Context(), p.TenantID, ct, bytes.NewReader(body))
	return rendered(c, 201, b, err)
}

// discardMedia deletes an upload nothing has used.
func (a *API) discardMedia(c fiber.Ctx, p tenancy.Principal) error {
	if a.Blobs == nil {
		return apperr.NotRunningf("files", "file storage is not running")
	}
	if err := a.Blobs.Discard(c.Context(), p.TenantID, c.Params("id")); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}

// getMedia streams a blob. The bytes came from outside (a customer's
// upload), so the browser is told not to sniff them and to run nothing
// they contain; only images, audio and video display inline.
func (a *API) getMedia(c fiber.Ctx, p tenancy.Principal) error {
	if a.Blobs == nil {
		return apperr.NotRunningf("files", "file storage is not running")
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
	c.Set(fiber.HeaderContentDisposition, disposition(b.ContentType, b.ID, c.Query("filename")))
	c.Set(fiber.HeaderAcceptRanges, "bytes")
	if c.Get(fiber.HeaderIfNoneMatch) == etag {
		rc.Close()
		return c.SendStatus(fiber.StatusNotModified)
	}
	c.Set(fiber.HeaderContentType, b.ContentType)
	// A range (Safari plays audio and video only by ranges; seeking needs
	// them everywhere). One that cannot be read is ignored: the whole file.
	if r := c.Get(fiber.HeaderRange); r != "" && b.Size > 0 {
		start, end, err := fasthttp.ParseByteRange([]byte(r), int(b.Size))
		if f, ok := rc.(io.ReadSeeker); ok && err == nil {
			if _, err := f.Seek(int64(start), io.SeekStart); err == nil {
				n := end - start + 1
				c.Status(fiber.StatusPartialContent)
				c.Set(fiber.HeaderContentRange, fmt.Sprintf("bytes %d-%d/%d", start, end, b.Size))
				c.Set(fiber.HeaderContentLength, strconv.Itoa(n))
				return c.SendStream(struct {
					io.Reader
					io.Closer
				}{io.LimitReader(f, int64(n)), rc}, n)
			}
		}
	}
	c.Set(fiber.HeaderContentLength, strconv.FormatInt(b.Size, 10))
	return c.SendStream(rc, int(b.Size)) // fasthttp closes rc once sent
}

// disposition shows images, audio and video inline and downloads the rest
// as the name asked for (the message's file name), else the ID with the
// type's extension: a browser keeps the header's name over the link's.
func disposition(contentType, id, name string) string {
	mt, _, _ := mime.ParseMediaType(contentType)
	kind, _, _ := strings.Cut(mt, "/")
	if kind == "image" || kind == "audio" || kind == "video" {
		return "inline"
	}
	name = strings.TrimSpace(strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || r == '/' || r == '\\' || r == '"' {
			return -1
		}
		return r
	}, name))
	if name == "" || len(name) > 255 {
		name = id
		if exts, _ := mime.ExtensionsByType(mt); len(exts) > 0 {
			name += exts[0]
		}
	}
	return cmp.Or(mime.FormatMediaType("attachment", map[string]string{"filename": name}), "attachment")
}
