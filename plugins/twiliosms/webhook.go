package twiliosms

import (
	"context"
	"mime"
	"net/http"
	"net/url"
	"strings"

	"github.com/masteria/masteria/sdk"
)

// emptyTwiML answers an inbound message without replying.
var emptyTwiML = []byte(`<?xml version="1.0" encoding="UTF-8"?><Response></Response>`)

// HandleWebhook verifies X-Twilio-Signature and turns inbound messages and
// status callbacks into events. Twilio signs the exact URL it called: that
// is the connection's webhook_base_url when set, otherwise the URL the host
// saw (req.URL); a missing or wrong signature gets 401 and no events.
// A GET of a stored file's link (mediaLinks) is Twilio fetching an MMS's
// media: it carries its own signature, in the link.
func (p *Plugin) HandleWebhook(ctx context.Context, req sdk.WebhookRequest) (sdk.WebhookResponse, []sdk.Event, error) {
	if isMediaFetch(req) {
		return p.serveMedia(ctx, req), nil, nil
	}
	if req.Method != http.MethodPost && req.Method != http.MethodGet {
		r := sdk.WebhookRefused(http.StatusMethodNotAllowed, "Twilio webhooks are POST (or GET)")
		r.Header.Set("Allow", "GET, POST")
		return r, nil, nil
	}
	params, form, jsonBody, ok := requestParams(req)
	if !p.signedByTwilio(req, form, jsonBody) {
		p.host.Log.Warn("webhook refused: missing or wrong X-Twilio-Signature (is webhook_base_url, or the host's trusted proxies, right?)",
			"url", req.URL)
		return sdk.WebhookRefused(http.StatusUnauthorized, "missing or wrong X-Twilio-Signature for this URL and body"), nil, nil
	}
	if !ok {
		return sdk.WebhookRefused(http.StatusBadRequest, "the body is neither a form nor JSON as Twilio sends them"), nil, nil
	}
	switch {
	case jsonBody != nil:
		p.host.Log.Info("JSON webhook accepted but not handled")
		return sdk.WebhookResponse{}, nil, nil
	case isStatusCallback(params):
		events, err := p.statusEvents(ctx, params)
		return sdk.WebhookResponse{}, events, err
	case params.Get("MessageSid") != "" && params.Get("From") != "":
		events, err := p.inboundEvents(ctx, params)
		return sdk.WebhookResponse{Header: http.Header{"Content-Type": {"text/xml"}}, Body: emptyTwiML}, events, err
	}
	p.host.Log.Info("webhook without a message accepted and ignored")
	return sdk.WebhookResponse{}, nil, nil
}

// requestParams reads Twilio's parameters: a form POST's body (which is
// also what is signed), a GET's query, or a JSON body (signed through
// bodySHA256). A body that is not a form is not ok, with the pairs that
// did parse, so its signature is checked first: unsigned, it is a 401.
func requestParams(req sdk.WebhookRequest) (params, form url.Values, jsonBody []byte, ok bool) {
	if req.Method == http.MethodGet {
		return req.Query, nil, nil, true
	}
	if ct, _, _ := mime.ParseMediaType(req.Header.Get("Content-Type")); ct == "application/json" {
		return nil, nil, append([]byte{}, req.Body...), true
	}
	form, err := url.ParseQuery(string(req.Body))
	return form, form, nil, err == nil
}

// signedByTwilio checks the signature against every URL Twilio may have
// called: with webhook_base_url, the configured base with the request's
// path, with or without a trailing slash, and its query in canonical order
// or with bodySHA256 last (or as received); without it, the URL the host
// saw, and the same forms under the webhook URL the host derives from its
// public_url (where the status callback points then).
func (p *Plugin) signedByTwilio(req sdk.WebhookRequest, form url.Values, jsonBody []byte) bool {
	sig := req.Header.Get(SignatureHeader)
	urls := p.requestURLs(req)
	if p.cfg.webhookBase == "" && req.URL != "" {
		urls = append([]string{req.URL}, urls...)
	}
	if sig == "" || len(urls) == 0 {
		return false
	}
	for _, u := range urls {
		if ValidSignature(p.cfg.authToken, sig, u, form, jsonBody) {
			return true
		}
	}
	return false
}

func (p *Plugin) requestURLs(req sdk.WebhookRequest) []string {
	base := p.cfg.webhookBase
	if base == "" {
		base = p.cfg.hostWebhook
	}
	if base == "" {
		return nil
	}
	paths := []string{base + req.Path}
	if req.Path == "" || req.Path == "/" {
		paths = []string{base, base + "/"}
	}
	queries := []string{""}
	if len(req.Query) > 0 {
		queries = []string{"?" + req.Query.Encode()}
		if req.RawQuery != "" {
			queries = append(queries, "?"+req.RawQuery)
		}
		if h := req.Query.Get("bodySHA256"); h != "" {
			rest := url.Values{}
			for k, v := range req.Query {
				if k != "bodySHA256" {
					rest[k] = v
				}
			}
			queries = append(queries, "?"+strings.TrimPrefix(rest.Encode()+"&bodySHA256="+h, "&"))
		}
	}
	var out []string
	for _, path := range paths {
		for _, q := range queries {
			out = append(out, path+q)
		}
	}
	return out
}

// isStatusCallback tells a status callback from an inbound message, which
// carries SmsStatus=received and no MessageStatus.
func isStatusCallback(params url.Values) bool {
	s := params.Get("MessageStatus")
	return s != "" && s != "received" && s != "receiving"
}
