package twiliosms

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	twclient "github.com/twilio/twilio-go/client"
	openapi "github.com/twilio/twilio-go/rest/api/v2010"
	messaging "github.com/twilio/twilio-go/rest/messaging/v1"

	"github.com/masteria/masteria/sdk"
)

// APIError is a Twilio REST error (twilio-go's TwilioRestError) with the
// Retry-After the answer carried.
type APIError struct {
	*twclient.TwilioRestError
	RetryAfter time.Duration
}

// restClient is twilio-go's BaseClient over the host's HTTP egress: it
// points twilio-go's api.twilio.com URLs at the configured base URL and
// carries the caller's context, which twilio-go's own client drops. One is
// made per call.
type restClient struct {
	ctx        context.Context
	http       sdk.HTTP
	base       *url.URL
	user, pass string
	accountSID string
}

// api returns twilio-go's 2010-04-01 API bound to ctx.
func (p *Plugin) api(ctx context.Context) *openapi.ApiService {
	return openapi.NewApiServiceWithClient(p.rest(ctx))
}

// messaging returns twilio-go's Messaging API (Services) bound to ctx.
func (p *Plugin) messaging(ctx context.Context) *messaging.ApiService {
	return messaging.NewApiServiceWithClient(p.rest(ctx))
}

func (p *Plugin) rest(ctx context.Context) *restClient {
	user, pass := p.cfg.credentials()
	return &restClient{ctx: ctx, http: p.host.HTTP, base: p.cfg.baseURL, user: user, pass: pass, accountSID: p.cfg.accountSID}
}

func (c *restClient) AccountSid() string                  { return c.accountSID }
func (c *restClient) SetTimeout(time.Duration)            {}
func (c *restClient) SetOauth(twclient.OAuth)             {}
func (c *restClient) OAuth() twclient.OAuth               { return nil }
func (c *restClient) target(raw string) (*url.URL, error) { return rebase(raw, c.base) }

// SendRequest builds the request as twilio-go's Client does (query for
// GET and DELETE, JSON or form body otherwise), authenticates it and
// turns a non-2xx answer into an *APIError.
func (c *restClient) SendRequest(method, rawURL string, data url.Values, headers map[string]any, body ...byte) (*http.Response, error) {
	u, err := c.target(rawURL)
	if err != nil {
		return nil, sdk.Permanent(fmt.Errorf("twilio-sms: %w", err), "")
	}
	contentType, _ := headers["Content-Type"].(string)
	var rd io.Reader
	switch {
	case method == http.MethodGet || method == http.MethodDelete:
		if data != nil { // a next page's URL carries its query, and no data
			u.RawQuery = data.Encode()
		}
	case contentType == "application/json":
		u.RawQuery = data.Encode()
		rd = bytes.NewReader(body)
	default:
		rd = strings.NewReader(data.Encode())
	}
	req, err := http.NewRequestWithContext(c.ctx, method, u.String(), rd)
	if err != nil {
		return nil, sdk.Permanent(fmt.Errorf("twilio-sms: %w", err), "")
	}
	for k, v := range headers {
		req.Header.Set(k, fmt.Sprint(v))
	}
	req.Header.Set("User-Agent", "masteria-twilio-sms twilio-go/"+twclient.LibraryVersion)
	req.SetBasicAuth(c.user, c.pass)
	resp, err := c.http.Do(req)
	if err != nil {
		if ctxErr := c.ctx.Err(); ctxErr != nil {
			return nil, fmt.Errorf("twilio-sms: %s %s: %w", method, u.Path, ctxErr)
		}
		return nil, fmt.Errorf("twilio-sms: %s %s: %w", method, u.Path, err)
	}
	if resp.StatusCode >= 200 && resp.StatusCode < 400 {
		return resp, nil
	}
	defer resp.Body.Close()
	return nil, restError(resp)
}

// restError decodes Twilio's error body; a body that is not one (a
// proxy's page) keeps the HTTP status with code 0.
func restError(resp *http.Response) *APIError {
	raw, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	e := &twclient.TwilioRestError{}
	if json.Unmarshal(raw, e) != nil || e.Code == 0 {
		e = &twclient.TwilioRestError{Message: http.StatusText(resp.StatusCode)}
	}
	e.Status = resp.StatusCode
	ra := time.Duration(0)
	if s, err := strconv.Atoi(resp.Header.Get("Retry-After")); err == nil && s > 0 {
		ra = time.Duration(s) * time.Second
	}
	return &APIError{TwilioRestError: e, RetryAfter: ra}
}

// rebase moves a twilio-go URL (https://api.twilio.com/2010-04-01/…,
// https://messaging.twilio.com/v1/…) onto base, keeping base's path as a
// prefix. Twilio serves each product on its own host, so a base on
// Twilio's API host (api.twilio.com, or a region's api.dublin.ie1.twilio.com)
// keeps the URL's product: messaging.twilio.com stays there rather than
// landing on the API host, which does not serve it. Any other base (a
// simulator, a proxy) serves every product at its one origin.
func rebase(raw string, base *url.URL) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, err
	}
	if base == nil {
		return u, nil
	}
	host := base.Host
	if region, onTwilio := strings.CutPrefix(strings.ToLower(host), "api."); onTwilio &&
		(region == "twilio.com" || strings.HasSuffix(region, ".twilio.com")) {
		product, _, _ := strings.Cut(u.Host, ".")
		host = product + "." + region
	}
	u.Scheme, u.Host, u.User = base.Scheme, host, nil
	u.Path = strings.TrimSuffix(base.Path, "/") + u.Path
	u.RawPath = ""
	return u, nil
}

var _ twclient.BaseClient = (*restClient)(nil)
