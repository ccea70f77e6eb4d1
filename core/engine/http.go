package engine

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/masteria/masteria/core/flow"
	"github.com/masteria/masteria/core/netguard"
	"github.com/masteria/masteria/sdk"
)

// HTTPRequest is the http.request action, through client. The engine's
// own is guarded by netguard with no host allowed: a flow cannot reach the
// server's networks (loopback, private, cloud metadata) unless the
// operator allows the host (the app passes egress_allow_hosts).
func HTTPRequest(client *http.Client) Action {
	return ActionFunc(func(ctx context.Context, c Call) (Result, error) { return httpRequest(ctx, client, c) })
}

// GuardedHTTPClient is http.request's client: public addresses, and the
// hosts allowHosts names.
func GuardedHTTPClient(allowHosts []string) *http.Client {
	return &http.Client{Timeout: 5 * time.Minute, Transport: netguard.NewTransport(allowHosts, nil, 0)}
}

// httpRequest calls an endpoint; non-2xx answers are errors classed like
// a provider's (429/5xx retryable, other 4xx permanent). A host refused
// by the guard is a permanent error that says how to allow it.
func httpRequest(ctx context.Context, client *http.Client, c Call) (Result, error) {
	req, err := buildRequest(ctx, c)
	if err != nil {
		return Result{}, err
	}
	res, err := client.Do(req)
	if errors.Is(err, netguard.ErrPrivateAddress) {
		return Result{}, sdk.Permanent(fmt.Errorf("http.request: %s: %w; the server's operator can allow the host in egress_allow_hosts", req.URL.Host, netguard.ErrPrivateAddress), "")
	}
	if err != nil {
		return Result{}, sdk.Retryable(err, 0)
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(res.Body, 4<<20))
	if err != nil {
		return Result{}, sdk.Retryable(err, 0)
	}
	out := map[string]any{"status": res.StatusCode, "headers": flatHeaders(res.Header), "body": decodeBody(raw)}
	switch {
	case res.StatusCode == 429:
		return Result{Output: out}, sdk.RateLimited(fmt.Errorf("http.request: 429"), 0)
	case res.StatusCode >= 500:
		return Result{Output: out}, sdk.Retryable(fmt.Errorf("http.request: %d", res.StatusCode), 0)
	case res.StatusCode >= 400:
		return Result{Output: out}, sdk.Permanent(fmt.Errorf("http.request: %d", res.StatusCode), fmt.Sprint(res.StatusCode))
	}
	return Result{Output: out}, nil
}

func buildRequest(ctx context.Context, c Call) (*http.Request, error) {
	method, _ := c.Input["method"].(string)
	if method == "" {
		method = "GET"
	}
	url, _ := c.Input["url"].(string)
	if !strings.HasPrefix(url, "http://") && !strings.HasPrefix(url, "https://") {
		return nil, sdk.Permanent(fmt.Errorf("http.request: url must be http(s)"), "")
	}
	if s, _ := c.Input["timeout"].(string); s != "" {
		if d, err := flow.ParseDuration(s); err == nil {
			var cancel context.CancelFunc
			ctx, cancel = context.WithTimeout(ctx, d)
			context.AfterFunc(ctx, cancel)
		}
	}
	var body io.Reader
	contentType := ""
	switch b := c.Input["body"].(type) {
	case nil:
	case string:
		body = strings.NewReader(b)
	default:
		raw, err := json.Marshal(b)
		if err != nil {
			return nil, sdk.Permanent(err, "")
		}
		body, contentType = bytes.NewReader(raw), "application/json"
	}
	req, err := http.NewRequestWithContext(ctx, method, url, body)
	if err != nil {
		return nil, sdk.Permanent(err, "")
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	req.Header.Set("Idempotency-Key", c.IdempotencyKey)
	if h, ok := c.Input["headers"].(map[string]any); ok {
		for k, v := range h {
			req.Header.Set(k, fmt.Sprint(v))
		}
	}
	return req, nil
}

func flatHeaders(h http.Header) map[string]any {
	out := make(map[string]any, len(h))
	for k := range h {
		out[strings.ToLower(k)] = h.Get(k)
	}
	return out
}

func decodeBody(raw []byte) any {
	var v any
	if json.Unmarshal(raw, &v) == nil {
		return v
	}
	return string(raw)
}
