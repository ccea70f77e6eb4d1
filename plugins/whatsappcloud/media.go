package whatsappcloud

import (
	"context"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/masteria/masteria/plugins/internal/pause"
	"github.com/masteria/masteria/sdk"
)

// maxMedia bounds a media download (Meta's largest, documents, is 100 MB).
const maxMedia = 100 << 20

// mediaNode is GET /{media-id}: a download URL valid for 5 minutes.
type mediaNode struct {
	URL      string `json:"url"`
	MIMEType string `json:"mime_type"`
	SHA256   string `json:"sha256"`
	FileSize int64  `json:"file_size"`
}

// fetchMedia downloads inbound media while its ID is fresh (its URL lasts
// 5 minutes), checks its hash and keeps it with the host's Blobs, so the
// inbox shows it long after Meta forgets it: md gets the blob's ID, and
// Link keeps the (expiring) download URL. A passing failure (a 5xx, a
// timeout) is tried again twice, shortly; the error that remains is
// returned, and md keeps no blob.
func (p *Plugin) fetchMedia(ctx context.Context, md *sdk.Media) error {
	var err error
	for attempt, wait := range mediaPauses {
		if attempt > 0 && !pause.Sleep(ctx, wait) {
			return err
		}
		var blob sdk.Blob
		var node mediaNode
		blob, node, err = p.storeMedia(ctx, md.ID, md.MIMEType)
		if node.URL != "" {
			md.Link = node.URL
		}
		if md.MIMEType == "" {
			md.MIMEType = node.MIMEType
		}
		if err == nil {
			md.BlobID = blob.ID
			p.host.Log.Debug("inbound media stored", "media_id", md.ID, "blob", blob.ID, "bytes", blob.Size)
			return nil
		}
		if !passing(err) {
			break
		}
	}
	p.host.Log.Warn("inbound media not stored", "media_id", md.ID, "error", err)
	return err
}

// mediaPauses are the waits before each download attempt of one delivery.
var mediaPauses = []time.Duration{0, 250 * time.Millisecond, time.Second}

// passing reports whether trying again later may succeed.
func passing(err error) bool {
	class, _, _ := sdk.ClassOf(err)
	return class == sdk.ClassRetryable || class == sdk.ClassRateLimited
}

// storeMedia streams a media download into the host's Blobs and keeps it
// only when its SHA-256 is the one Meta reports.
func (p *Plugin) storeMedia(ctx context.Context, id, mimeType string) (sdk.Blob, mediaNode, error) {
	resp, node, err := p.openMedia(ctx, id)
	if err != nil {
		return sdk.Blob{}, node, err
	}
	defer resp.Body.Close()
	blob, err := p.host.Blobs.Put(ctx, firstOf(node.MIMEType, mimeType, "application/octet-stream"),
		io.LimitReader(resp.Body, maxMedia+1))
	if err != nil {
		return sdk.Blob{}, node, fmt.Errorf("whatsapp-cloud: storing media %s: %w", id, err)
	}
	if blob.Size > maxMedia || !hashMatches(blob.SHA256, node.SHA256) {
		if err := p.host.Blobs.Delete(ctx, blob.ID); err != nil {
			p.host.Log.Warn("bad media blob not deleted", "blob", blob.ID, "error", err)
		}
		return sdk.Blob{}, node, sdk.Permanent(fmt.Errorf("whatsapp-cloud: media %s is over %d bytes or does not match its sha256", id, maxMedia), "")
	}
	return blob, node, nil
}

// openMedia resolves a media ID (GET /{media-id}) and starts the download
// of its URL with the access token, as Meta requires.
func (p *Plugin) openMedia(ctx context.Context, id string) (*http.Response, mediaNode, error) {
	var node mediaNode
	if err := p.graph.call(ctx, http.MethodGet, "/"+id, nil, nil, &node); err != nil {
		return nil, node, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, node.URL, nil)
	if err != nil {
		return nil, node, sdk.Permanent(fmt.Errorf("whatsapp-cloud: media URL %q: %w", node.URL, err), "")
	}
	resp, err := p.graph.http.Do(withToken(req, p.graph.token))
	if err != nil {
		return nil, node, err
	}
	if resp.StatusCode != http.StatusOK {
		resp.Body.Close()
		err := fmt.Errorf("whatsapp-cloud: media download answered HTTP %d", resp.StatusCode)
		if resp.StatusCode < 500 && resp.StatusCode != http.StatusTooManyRequests && resp.StatusCode != http.StatusRequestTimeout {
			err = sdk.Permanent(err, "")
		}
		return nil, node, err
	}
	return resp, node, nil
}

func withToken(req *http.Request, token string) *http.Request {
	req.Header.Set("Authorization", "Bearer "+token)
	return req
}

// hashMatches compares a hex SHA-256 with want, given in hex or base64
// (Meta uses both); an empty want accepts anything.
func hashMatches(gotHex, want string) bool {
	if want == "" {
		return true
	}
	sum, err := hex.DecodeString(gotHex)
	return err == nil && (strings.EqualFold(want, gotHex) || want == base64.StdEncoding.EncodeToString(sum))
}
