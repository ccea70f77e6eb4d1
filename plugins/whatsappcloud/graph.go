package whatsappcloud

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/masteria/masteria/sdk"
)

// maxResponse bounds a Graph JSON response.
const maxResponse = 4 << 20

// graphClient calls the Graph API through the host's HTTP egress.
type graphClient struct {
	http  sdk.HTTP
	base  string // graph base URL with the pinned version, no trailing slash
	token string
}

// call sends a JSON request to base+path and decodes a 2xx answer into
// out. Failures are classified: a Graph error by its code, transport
// errors as retryable, a cancelled ctx as its own error.
func (g *graphClient) call(ctx context.Context, method, path string, query url.Values, body, out any) error {
	u := g.base + path
	if len(query) > 0 {
		u += "?" + query.Encode()
	}
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return sdk.Permanent(fmt.Errorf("whatsapp-cloud: encoding the request: %w", err), "")
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, u, rd)
	if err != nil {
		return sdk.Permanent(fmt.Errorf("whatsapp-cloud: building the request: %w", err), "")
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	raw, status, header, err := g.do(req)
	if err != nil {
		return err
	}
	if status < 200 || status > 299 {
		return graphFailure(status, header, raw)
	}
	if out == nil {
		return nil
	}
	if err := json.Unmarshal(raw, out); err != nil {
		return sdk.Retryable(fmt.Errorf("whatsapp-cloud: unreadable Graph answer (HTTP %d): %w", status, err), 0)
	}
	return nil
}

// do sends req with the access token and reads the whole answer.
func (g *graphClient) do(req *http.Request) ([]byte, int, http.Header, error) {
	req.Header.Set("Authorization", "Bearer "+g.token)
	resp, err := g.http.Do(req)
	if err != nil {
		if ctxErr := req.Context().Err(); ctxErr != nil {
			return nil, 0, nil, fmt.Errorf("whatsapp-cloud: %s %s: %w", req.Method, req.URL.Path, ctxErr)
		}
		return nil, 0, nil, fmt.Errorf("whatsapp-cloud: %s %s: %w", req.Method, req.URL.Path, err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, maxResponse))
	if err != nil {
		return nil, 0, nil, sdk.Retryable(fmt.Errorf("whatsapp-cloud: reading the answer: %w", err), 0)
	}
	return raw, resp.StatusCode, resp.Header, nil
}

// graphFailure turns a non-2xx answer into a classified error. A body that
// is not a Graph error (a proxy's page) is classified by status alone.
func graphFailure(status int, header http.Header, raw []byte) error {
	var body struct {
		Error *GraphError `json:"error"`
	}
	if json.Unmarshal(raw, &body) != nil || body.Error == nil {
		body.Error = &GraphError{Code: -1, Message: http.StatusText(status)}
	}
	body.Error.HTTPStatus = status
	return classify(body.Error, retryAfterOf(header))
}

// retryAfterOf reads a server's hint: Retry-After in seconds, or the
// minutes of estimated_time_to_regain_access in Meta's
// X-Business-Use-Case-Usage header (sent with codes 4 and 80007).
func retryAfterOf(h http.Header) time.Duration {
	if h == nil {
		return 0
	}
	if s, err := strconv.Atoi(h.Get("Retry-After")); err == nil && s > 0 {
		return time.Duration(s) * time.Second
	}
	var usage map[string][]struct {
		Minutes int `json:"estimated_time_to_regain_access"`
	}
	if json.Unmarshal([]byte(h.Get("X-Business-Use-Case-Usage")), &usage) != nil {
		return 0
	}
	var longest int
	for _, entries := range usage {
		for _, e := range entries {
			longest = max(longest, e.Minutes)
		}
	}
	return time.Duration(longest) * time.Minute
}
