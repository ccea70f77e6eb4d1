package whatsappcloud

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"time"

	"github.com/masteria/masteria/sdk"
)

// uploadTTL is how long an uploaded file's media ID is reused: Meta keeps
// uploaded media for 30 days.
const uploadTTL = 29 * 24 * time.Hour

func uploadKey(blobID string) string { return "upload:" + blobID }

// withUploads returns msg with every stored file it carries (a Media with
// a BlobID and no Link or ID: the message's own, or a template header's)
// replaced by a media ID, uploading each file once per 29 days: a campaign
// sending one brochure to 100,000 people uploads it once. msg's own Media
// values are not changed.
func (p *Plugin) withUploads(ctx context.Context, msg sdk.OutboundMessage) (sdk.OutboundMessage, error) {
	if msg.Media != nil && needsUpload(msg.Media) {
		md, err := p.uploaded(ctx, *msg.Media)
		if err != nil {
			return msg, err
		}
		msg.Media = &md
	}
	if msg.Template == nil {
		return msg, nil
	}
	var tpl *sdk.Template
	for ci, c := range msg.Template.Components {
		for pi, param := range c.Parameters {
			if param.Media == nil || !needsUpload(param.Media) {
				continue
			}
			md, err := p.uploaded(ctx, *param.Media)
			if err != nil {
				return msg, err
			}
			if tpl == nil { // copy on first write
				tpl = copyTemplate(msg.Template)
			}
			tpl.Components[ci].Parameters[pi].Media = &md
		}
	}
	if tpl != nil {
		msg.Template = tpl
	}
	return msg, nil
}

func needsUpload(m *sdk.Media) bool { return m.BlobID != "" && m.Link == "" && m.ID == "" }

func copyTemplate(t *sdk.Template) *sdk.Template {
	c := *t
	c.Components = make([]sdk.TemplateComponent, len(t.Components))
	for i, comp := range t.Components {
		comp.Parameters = append([]sdk.TemplateParameter(nil), comp.Parameters...)
		c.Components[i] = comp
	}
	return &c
}

// uploaded returns md with the media ID of its stored file, from KV when it
// was uploaded within uploadTTL. Sends of one file run at once (a
// campaign's), so the first to miss uploads it while the others wait for
// its media ID instead of uploading it again.
func (p *Plugin) uploaded(ctx context.Context, md sdk.Media) (sdk.Media, error) {
	if id, ok := p.rememberedUpload(ctx, md.BlobID); ok {
		md.ID = id
		return md, nil
	}
	mu := p.uploadLocks.For(md.BlobID)
	mu.Lock()
	defer mu.Unlock()
	if id, ok := p.rememberedUpload(ctx, md.BlobID); ok {
		md.ID = id
		return md, nil
	}
	id, err := p.upload(ctx, md)
	if err != nil {
		return md, err
	}
	if err := p.host.KV.Set(ctx, uploadKey(md.BlobID), []byte(id), uploadTTL); err != nil {
		p.host.Log.Warn("remembering an uploaded file", "blob", md.BlobID, "error", err)
	}
	md.ID = id
	return md, nil
}

func (p *Plugin) rememberedUpload(ctx context.Context, blobID string) (string, bool) {
	id, err := p.host.KV.Get(ctx, uploadKey(blobID))
	return string(id), err == nil && len(id) > 0
}

// upload streams the stored file to POST /{phone-number-id}/media as
// multipart/form-data (messaging_product, type, file) and returns its ID.
func (p *Plugin) upload(ctx context.Context, md sdk.Media) (string, error) {
	rc, blob, err := p.host.Blobs.Get(ctx, md.BlobID)
	if errors.Is(err, sdk.ErrNotFound) {
		return "", sdk.Permanent(fmt.Errorf("whatsapp-cloud: the file to send (%s) is not stored", md.BlobID), "")
	}
	if err != nil {
		return "", sdk.Retryable(fmt.Errorf("whatsapp-cloud: opening the file to send: %w", err), 0)
	}
	mimeType := firstOf(md.MIMEType, blob.ContentType, "application/octet-stream")
	pr, pw := io.Pipe()
	form := multipart.NewWriter(pw)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, p.graph.base+"/"+p.cfg.phoneNumberID+"/media", pr)
	if err != nil {
		rc.Close()
		return "", sdk.Permanent(fmt.Errorf("whatsapp-cloud: building the upload: %w", err), "")
	}
	go func() { // owns rc: it streams the file into the request's body
		defer rc.Close()
		err := form.WriteField("messaging_product", "whatsapp")
		if err == nil {
			err = form.WriteField("type", mimeType)
		}
		if err == nil {
			var part io.Writer
			if part, err = form.CreatePart(filePart(firstOf(md.Filename, md.BlobID), mimeType)); err == nil {
				_, err = io.Copy(part, rc)
			}
		}
		if err == nil {
			err = form.Close()
		}
		pw.CloseWithError(err)
	}()
	req.Header.Set("Content-Type", form.FormDataContentType())
	raw, status, header, err := p.graph.do(req)
	pr.Close() // ends the writer if the request stopped early
	if err != nil {
		return "", err
	}
	if status < 200 || status > 299 {
		return "", graphFailure(status, header, raw)
	}
	var ans struct {
		ID string `json:"id"`
	}
	if err := json.Unmarshal(raw, &ans); err != nil || ans.ID == "" {
		return "", sdk.Retryable(fmt.Errorf("whatsapp-cloud: the upload was answered without a media ID (HTTP %d)", status), 0)
	}
	return ans.ID, nil
}

// filePart is the header of the form's file part, with the file's type as
// Meta reads it (curl's -F 'file=@x.jpg;type=image/jpeg').
func filePart(filename, mimeType string) textproto.MIMEHeader {
	h := textproto.MIMEHeader{}
	h.Set("Content-Disposition", mime.FormatMediaType("form-data", map[string]string{"name": "file", "filename": filename}))
	h.Set("Content-Type", mimeType)
	return h
}
