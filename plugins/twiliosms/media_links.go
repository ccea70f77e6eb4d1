package twiliosms

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/masteria/masteria/sdk"
)

// An MMS carries its media by URL: Twilio fetches each MediaUrl, without
// credentials, when it sends the message. A file stored with the host's
// Blobs (an agent's attachment) has no such URL, so the plugin gives it
// one under the connection's webhook URL, which Twilio already reaches:
// {webhook}/media/{blob}?expires=…&signature=…, signed with the
// connection's secret and good for mediaLinkTTL. The link is the only
// credential: whoever holds it (Twilio, and whoever Twilio hands the
// media to) may fetch that one file until it expires, and nothing else.

// mediaLinkTTL is how long a stored file's link works: longer than a
// message may wait in Twilio's queue (validity_period, at most 10 h).
const mediaLinkTTL = 24 * time.Hour

// mediaPath is where the links live under the connection's webhook URL.
const mediaPath = "/media/"

// mediaLinks are the URLs Twilio fetches the stored files (blob IDs) at.
// A file the host does not have, one over an MMS's 5 MB, and a connection
// whose webhook URL is unknown (the link would lead nowhere) fail for good.
func (p *Plugin) mediaLinks(ctx context.Context, blobIDs []string) ([]string, error) {
	base := p.cfg.webhookBase
	if base == "" {
		base = p.cfg.hostWebhook
	}
	if base == "" && len(blobIDs) > 0 {
		return nil, sdk.Permanent(errors.New("twilio-sms: a stored file is sent by a link Twilio fetches from this server, "+
			"and the connection has no webhook URL (set webhook_base_url, or the server's public_url)"), "")
	}
	expires := strconv.FormatInt(p.host.Clock.Now().Add(mediaLinkTTL).Unix(), 10)
	links := make([]string, 0, len(blobIDs))
	for _, id := range blobIDs {
		b, err := p.storedFile(ctx, id)
		if err != nil {
			return nil, err
		}
		if b.Size > maxMedia {
			return nil, sdk.Permanent(fmt.Errorf("twilio-sms: an MMS carries at most 5 MB of media, and this file is %.1f MB", float64(b.Size)/(1<<20)), "")
		}
		q := url.Values{"expires": {expires}, "signature": {p.mediaSignature(id, expires)}}
		links = append(links, base+mediaPath+url.PathEscape(id)+"?"+q.Encode())
	}
	return links, nil
}

// storedFile describes a stored file, or fails for good when the host has
// none by that ID.
func (p *Plugin) storedFile(ctx context.Context, id string) (sdk.Blob, error) {
	rc, b, err := p.host.Blobs.Get(ctx, id)
	if errors.Is(err, sdk.ErrNotFound) {
		return b, sdk.Permanent(fmt.Errorf("twilio-sms: the file to send (%s) is not stored", id), "")
	}
	if err != nil {
		return b, fmt.Errorf("twilio-sms: reading the file to send (%s): %w", id, err)
	}
	_ = rc.Close()
	return b, nil
}

// mediaSignature signs a link to blob id until expires (Unix seconds)
// with the connection's secret, in its own domain so it can stand for no
// other signature of that secret.
func (p *Plugin) mediaSignature(id, expires string) string {
	key := p.cfg.authToken
	if key == "" {
		key = p.cfg.apiKeySecret
	}
	mac := hmac.New(sha256.New, []byte(key))
	mac.Write([]byte("masteria twilio-sms media link\x00" + id + "\x00" + expires))
	return base64.RawURLEncoding.EncodeToString(mac.Sum(nil))
}

// isMediaFetch says whether req asks for a stored file's link.
func isMediaFetch(req sdk.WebhookRequest) bool {
	return strings.HasPrefix(req.Path, mediaPath) && (req.Method == http.MethodGet || req.Method == http.MethodHead)
}

// serveMedia answers Twilio's fetch of a stored file's link: the file with
// its type, or 404 for a link that is not signed, has expired or names no
// file (a wrong link learns nothing more).
func (p *Plugin) serveMedia(ctx context.Context, req sdk.WebhookRequest) sdk.WebhookResponse {
	id, _ := url.PathUnescape(strings.TrimPrefix(req.Path, mediaPath))
	expires, sig := req.Query.Get("expires"), req.Query.Get("signature")
	until, err := strconv.ParseInt(expires, 10, 64)
	notFound := sdk.WebhookRefused(http.StatusNotFound, "no such file, or the link has expired")
	if err != nil || id == "" || !hmac.Equal([]byte(sig), []byte(p.mediaSignature(id, expires))) ||
		p.host.Clock.Now().Unix() > until {
		return notFound
	}
	rc, b, err := p.host.Blobs.Get(ctx, id)
	if err != nil {
		if !errors.Is(err, sdk.ErrNotFound) {
			p.host.Log.Warn("a stored file's link could not be served", "blob", id, "error", err)
			return sdk.WebhookRefused(http.StatusServiceUnavailable, "the file cannot be read now")
		}
		return notFound
	}
	defer rc.Close()
	h := http.Header{"Content-Type": {b.ContentType}, "Cache-Control": {"private, max-age=3600"}, "X-Content-Type-Options": {"nosniff"}}
	if req.Method == http.MethodHead {
		return sdk.WebhookResponse{Header: h}
	}
	body, err := io.ReadAll(io.LimitReader(rc, maxMedia+1))
	if err != nil || int64(len(body)) != b.Size {
		p.host.Log.Warn("a stored file's link could not be served", "blob", id, "error", err)
		return sdk.WebhookRefused(http.StatusServiceUnavailable, "the file cannot be read now")
	}
	return sdk.WebhookResponse{Header: h, Body: body}
}
