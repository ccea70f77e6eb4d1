package twiliosms

import (
	"context"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/masteria/masteria/plugins/internal/pause"
	"github.com/masteria/masteria/sdk"
)

// maxMedia bounds one media download: Twilio carries at most 5 MB of media
// in one message.
const maxMedia = 5 << 20

// mediaBudget bounds the downloads of one webhook, so Twilio (which waits
// 15 s) gets its answer; media still missing then keeps its link only.
const mediaBudget = 10 * time.Second

// mediaPauses are the waits before each download attempt of one item.
var mediaPauses = []time.Duration{0, 250 * time.Millisecond, time.Second}

// storeMedia keeps each message's media with the host's Blobs, so the inbox
// shows it without Twilio's credentials. Media that cannot be stored keeps
// its link, and the message says why in Errors: a download never fails
// the webhook (Twilio does not redeliver an inbound message).
func (p *Plugin) storeMedia(ctx context.Context, msgs []sdk.InboundMessage) {
	ctx, cancel := context.WithTimeout(ctx, mediaBudget)
	defer cancel()
	for i := range msgs {
		md := msgs[i].Media
		if md == nil {
			continue
		}
		if err := p.fetchMedia(ctx, md); err != nil {
			msgs[i].Errors = append(msgs[i].Errors, sdk.ProviderError{Title: "Media not stored", Message: err.Error()})
		}
	}
}

// dropMedia deletes the blobs storeMedia made for msgs.
func (p *Plugin) dropMedia(ctx context.Context, msgs []sdk.InboundMessage) {
	for _, m := range msgs {
		if m.Media != nil && m.Media.BlobID != "" {
			if err := p.host.Blobs.Delete(ctx, m.Media.BlobID); err != nil {
				p.host.Log.Warn("inbound media blob not deleted", "blob", m.Media.BlobID, "error", err)
			}
		}
	}
}

// fetchMedia downloads md.Link into a blob and sets md.BlobID. A passing
// failure (a 5xx, a 429, a timeout) is tried again twice, shortly; the
// error that remains is logged and returned.
func (p *Plugin) fetchMedia(ctx context.Context, md *sdk.Media) error {
	var err error
	for attempt, wait := range mediaPauses {
		if attempt > 0 && !pause.Sleep(ctx, wait) {
			break
		}
		var blob sdk.Blob
		if blob, err = p.downloadMedia(ctx, md); err == nil {
			md.BlobID = blob.ID
			if md.MIMEType == "" {
				md.MIMEType = blob.ContentType
			}
			p.host.Log.Debug("inbound media stored", "link", md.Link, "blob", blob.ID, "bytes", blob.Size)
			return nil
		}
		if class, _, _ := sdk.ClassOf(err); class != sdk.ClassRetryable && class != sdk.ClassRateLimited {
			break
		}
	}
	p.host.Log.Warn("inbound media not stored; the message keeps its link", "link", md.Link, "error", err)
	return err
}

// downloadMedia streams one media item into the host's Blobs, typed by the
// webhook's MediaContentType, else by the answer's Content-Type.
func (p *Plugin) downloadMedia(ctx context.Context, md *sdk.Media) (sdk.Blob, error) {
	req, err := p.mediaRequest(ctx, md.Link)
	if err != nil {
		return sdk.Blob{}, err
	}
	resp, err := p.host.HTTP.Do(req)
	if err != nil {
		return sdk.Blob{}, fmt.Errorf("twilio-sms: media %s: %w", md.Link, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		err := fmt.Errorf("twilio-sms: media %s answered HTTP %d", md.Link, resp.StatusCode)
		if resp.StatusCode < 500 && resp.StatusCode != http.StatusTooManyRequests && resp.StatusCode != http.StatusRequestTimeout {
			err = sdk.Permanent(err, "")
		}
		return sdk.Blob{}, err
	}
	ct := md.MIMEType
	if ct == "" {
		ct, _, _ = mime.ParseMediaType(resp.Header.Get("Content-Type"))
	}
	if ct == "" {
		ct = "application/octet-stream"
	}
	blob, err := p.host.Blobs.Put(ctx, ct, io.LimitReader(resp.Body, maxMedia+1))
	if err != nil {
		return sdk.Blob{}, fmt.Errorf("twilio-sms: storing media %s: %w", md.Link, err)
	}
	if blob.Size > maxMedia {
		if err := p.host.Blobs.Delete(ctx, blob.ID); err != nil {
			p.host.Log.Warn("oversized media blob not deleted", "blob", blob.ID, "error", err)
		}
		return sdk.Blob{}, sdk.Permanent(fmt.Errorf("twilio-sms: media %s is over %d bytes", md.Link, maxMedia), "")
	}
	return blob, nil
}

// mediaRequest is the GET of a media link. A link on the API (base_url, or
// api.twilio.com, moved onto base_url as the REST client does) carries the
// API's credentials as the URL's userinfo, not as a header: net/http turns
// them into Basic auth for that URL and for a relative redirect on the
// same origin only, while an Authorization header would follow a redirect
// to another port or a subdomain. Twilio redirects to its CDN, which gets
// none. Other links are fetched without credentials.
func (p *Plugin) mediaRequest(ctx context.Context, link string) (*http.Request, error) {
	u, err := url.Parse(link)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return nil, sdk.Permanent(fmt.Errorf("twilio-sms: media link %q is not an http(s) URL", link), "")
	}
	base := p.cfg.baseURL
	if base == nil {
		base = twilioAPI
	}
	onAPI := sameOrigin(u, base)
	if !onAPI && sameOrigin(u, twilioAPI) {
		u, _ = rebase(link, base) // parsed above
		onAPI = true
	}
	if onAPI {
		u.User = url.UserPassword(p.cfg.credentials())
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, sdk.Permanent(fmt.Errorf("twilio-sms: media link %q: %w", link, err), "")
	}
	req.Header.Set("User-Agent", "masteria-twilio-sms")
	return req, nil
}

// twilioAPI is Twilio's REST API, where its media URLs point.
var twilioAPI, _ = url.Parse(DefaultBaseURL)

func sameOrigin(a, b *url.URL) bool {
	return strings.EqualFold(a.Scheme, b.Scheme) && strings.EqualFold(a.Host, b.Host)
}
