package sim

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"time"
)

// maxCallbackURI is the longest alternate callback Meta takes.
const maxCallbackURI = 200

// verifyTimeout bounds the verification handshake of a new callback.
const verifyTimeout = 10 * time.Second

// handleSubscribedApps answers /{waba-id}/subscribed_apps: GET lists the
// app's subscription with its alternate callback (override_callback_uri);
// POST subscribes the app, setting the alternate callback when given
// (after Meta's verification handshake against it) and removing it when
// not; DELETE unsubscribes the app, which then gets no webhooks for the
// account.
func (s *Server) handleSubscribedApps(w http.ResponseWriter, r *http.Request, wabaID string) {
	if _, pass := s.gate(w, r, endpointNode, ""); !pass {
		return
	}
	s.mu.Lock()
	a := s.reg.accounts[wabaID]
	gerr := s.reg.authorize(r, accountID(a), "get", wabaID)
	s.mu.Unlock()
	if gerr != nil {
		s.writeError(w, gerr)
		return
	}
	switch r.Method {
	case http.MethodGet:
		s.mu.Lock()
		data := s.subscribedApps(a)
		s.mu.Unlock()
		writeJSON(w, http.StatusOK, map[string]any{"data": data})
		return
	case http.MethodDelete:
		s.setAccountCallback(a, false, "", "")
	default:
		params, gerr := graphParams(r)
		if gerr == nil {
			uri, token := stringParam(params["override_callback_uri"]), stringParam(params["verify_token"])
			if gerr = s.verifyOverride(r.Context(), uri, token); gerr == nil {
				s.setAccountCallback(a, true, uri, token)
			}
		}
		if gerr != nil {
			s.writeError(w, gerr)
			return
		}
	}
	writeJSON(w, http.StatusOK, map[string]bool{"success": true})
}

// subscribedApps lists the simulated app's subscription to a. Called with
// s.mu held.
func (s *Server) subscribedApps(a *account) []any {
	if a.unsubscribed {
		return []any{}
	}
	app := map[string]any{"whatsapp_business_api_data": map[string]string{"id": s.cfg.AppID, "name": s.cfg.AppName,
		"link": "https://www.facebook.com/games/?app_id=" + s.cfg.AppID}}
	if a.WebhookURL != "" {
		app["override_callback_uri"] = a.WebhookURL
	}
	return []any{app}
}

func (s *Server) setAccountCallback(a *account, subscribed bool, uri, token string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a.unsubscribed = !subscribed
	a.WebhookURL, a.VerifyToken = uri, token
}

// handleUpdateNode answers POST /{phone-number-id}: its webhook_configuration
// sets the number's alternate callback (verified first), or removes it
// when override_callback_uri is empty.
func (s *Server) handleUpdateNode(w http.ResponseWriter, r *http.Request, id string) {
	if _, pass := s.gate(w, r, endpointNode, ""); !pass {
		return
	}
	s.mu.Lock()
	n := s.reg.numbers[id]
	gerr := unsupportedRequest("post", id)
	if n != nil {
		gerr = s.reg.authorize(r, n.acct.ID, "post", id)
	}
	s.mu.Unlock()
	var params map[string]any
	if gerr == nil {
		params, gerr = graphParams(r)
	}
	if gerr == nil {
		gerr = s.updateNumber(r.Context(), n, params)
	}
	if gerr != nil {
		s.writeError(w, gerr)
		return
	}
	writeJSON(w, http.StatusOK, map[string]bool{"success": true})
}

func (s *Server) updateNumber(ctx context.Context, n *number, params map[string]any) *GraphError {
	raw, ok := params["webhook_configuration"]
	if !ok {
		return paramError("The parameter webhook_configuration is required")
	}
	cfg, ok := objectParam(raw)
	if !ok {
		return paramError("Param webhook_configuration must be a JSON object")
	}
	uri, token := stringParam(cfg["override_callback_uri"]), stringParam(cfg["verify_token"])
	if gerr := s.verifyOverride(ctx, uri, token); gerr != nil {
		return gerr
	}
	s.mu.Lock()
	n.WebhookURL, n.verifyToken = uri, token
	s.mu.Unlock()
	return nil
}

// verifyOverride checks an alternate callback and runs the verification
// handshake against it, as Meta does before accepting it; an empty uri
// (removing the override) needs neither.
func (s *Server) verifyOverride(ctx context.Context, uri, token string) *GraphError {
	if uri == "" {
		return nil
	}
	if len(uri) > maxCallbackURI {
		return paramError("Param override_callback_uri must be at most %d characters long", maxCallbackURI)
	}
	if u, err := url.Parse(uri); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return paramError("Param override_callback_uri must be a valid URL")
	}
	if token == "" {
		return paramError("The parameter verify_token is required")
	}
	ctx, cancel := context.WithTimeout(ctx, verifyTimeout)
	defer cancel()
	challenge := strconv.FormatInt(1_000_000_000+s.challenge(), 10)
	var ve *VerificationError
	if err := VerifySubscription(ctx, s.cfg.HTTPClient, uri, token, challenge); errors.As(err, &ve) {
		return callbackVerificationFailed(ve)
	}
	return nil
}

// callbackVerificationFailed is Graph's answer when a new callback fails
// the handshake: code 2200, with what the callback did.
func callbackVerificationFailed(ve *VerificationError) *GraphError {
	var what string
	switch {
	case ve.Err != nil:
		what = "curl_errno = 7; curl_error = " + ve.Err.Error()
	case ve.StatusCode != http.StatusOK:
		what = fmt.Sprintf("HTTP Status Code = %d; HTTP Message = %s", ve.StatusCode, http.StatusText(ve.StatusCode))
	default:
		what = fmt.Sprintf("HTTP Status Code = 200; HTTP Message = OK; Response does not match challenge, expected value=%q, received=%q",
			ve.Challenge, ve.Received)
	}
	return &GraphError{Message: "(#2200) Callback verification failed with the following errors: " + what,
		Type: "OAuthException", Code: 2200, status: http.StatusBadRequest}
}

// graphParams reads a Graph POST's parameters: the query string's, then a
// JSON object body or form fields over them.
func graphParams(r *http.Request) (map[string]any, *GraphError) {
	out := map[string]any{}
	for k, v := range r.URL.Query() {
		if k != "access_token" {
			out[k] = v[0]
		}
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	if err != nil || len(bytes.TrimSpace(body)) == 0 {
		return out, nil
	}
	if ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); ct == "application/json" {
		var m map[string]any
		if json.Unmarshal(body, &m) != nil {
			return nil, paramError("Invalid parameter: the body is not a JSON object")
		}
		for k, v := range m {
			out[k] = v
		}
		return out, nil
	}
	form, err := url.ParseQuery(string(body))
	if err != nil {
		return nil, paramError("Invalid parameter: the body is not form-encoded")
	}
	for k, v := range form {
		out[k] = v[0]
	}
	return out, nil
}

func stringParam(v any) string {
	s, _ := v.(string)
	return s
}

// objectParam reads a nested parameter: an object in a JSON body, or a
// JSON string in a form.
func objectParam(v any) (map[string]any, bool) {
	if m, ok := v.(map[string]any); ok {
		return m, true
	}
	var m map[string]any
	s, ok := v.(string)
	return m, ok && json.Unmarshal([]byte(s), &m) == nil && m != nil
}
