package whatsappcloud

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"strings"

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

// fetchMedia downloads inbound media while its ID is fresh and checks its
// hash. The SDK host has no blob storage yet, so the bytes are not kept:
// md keeps Meta's media ID and the download URL (Link), which expires
// after 5 minutes. A failure is logged, never fatal to the webhook: the
// media ID stays usable for a while.
func (p *Plugin) fetchMedia(ctx context.Context, md *sdk.Media) {
	data, node, err := p.downloadMedia(ctx, md.ID)
	if err != nil {
		p.host.Log.Warn("inbound media not downloaded", "media_id", md.ID, "error", err)
		return
	}
	md.Link = node.URL
	if md.MIMEType == "" {
		md.MIMEType = node.MIMEType
	}
	p.host.Log.Debug("inbound media downloaded", "media_id", md.ID, "bytes", len(data))
}

// downloadMedia resolves a media ID and downloads its bytes with the
// access token, verifying the SHA-256 Meta reports.
func (p *Plugin) downloadMedia(ctx context.Context, id string) ([]byte, mediaNode, error) {
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
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, node, fmt.Errorf("whatsapp-cloud: media download answered HTTP %d", resp.StatusCode)
	}
	data, err := readAll(resp, maxMedia)
	if err != nil {
		return nil, node, err
	}
	if !hashMatches(data, node.SHA256) {
		return nil, node, sdk.Permanent(fmt.Errorf("whatsapp-cloud: media %s does not match its sha256", id), "")
	}
	return data, node, nil
}

// readAll reads a body of at most limit bytes.
func readAll(resp *http.Response, limit int64) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		return nil, fmt.Errorf("whatsapp-cloud: reading media: %w", err)
	}
	if int64(len(data)) > limit {
		return nil, sdk.Permanent(fmt.Errorf("whatsapp-cloud: media larger than %d bytes", limit), "")
	}
	return data, nil
}

func withToken(req *http.Request, token string) *http.Request {
	req.Header.Set("Authorization", "Bearer "+token)
	return req
}

// hashMatches compares data's SHA-256 with want, given in hex or base64
// (Meta uses both); an empty want accepts anything.
func hashMatches(data []byte, want string) bool {
	if want == "" {
		return true
	}
	sum := sha256.Sum256(data)
	return strings.EqualFold(want, hex.EncodeToString(sum[:])) || want == base64.StdEncoding.EncodeToString(sum[:])
}
