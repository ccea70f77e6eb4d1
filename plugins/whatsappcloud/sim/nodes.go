package sim

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
)

// phoneFields are the fields of a WhatsAppBusinessPhoneNumber node.
var phoneFields = map[string]func(*number) any{
	"id":                       func(n *number) any { return n.ID },
	"display_phone_number":     func(n *number) any { return n.DisplayPhoneNumber },
	"verified_name":            func(n *number) any { return n.VerifiedName },
	"quality_rating":           func(n *number) any { return n.QualityRating },
	"code_verification_status": func(*number) any { return "VERIFIED" },
	"name_status":              func(*number) any { return "APPROVED" },
	"platform_type":            func(*number) any { return "CLOUD_API" },
	"status":                   func(*number) any { return "CONNECTED" },
	"throughput":               func(n *number) any { return map[string]string{"level": throughputLevel(n)} },
	"messaging_limit_tier":     func(n *number) any { return string(n.acct.MessagingLimit) },
	"whatsapp_business_manager_messaging_limit": func(n *number) any { return string(n.acct.MessagingLimit) },
	"webhook_configuration":                     webhookConfiguration,
}

// webhookConfiguration is the number's callbacks by level; the node adds
// the app's ("application").
func webhookConfiguration(n *number) any {
	out := map[string]string{}
	if n.WebhookURL != "" {
		out["phone_number"] = n.WebhookURL
	}
	if n.acct.WebhookURL != "" {
		out["whatsapp_business_account"] = n.acct.WebhookURL
	}
	return out
}

// defaultPhoneFields are returned when the request names no fields.
var defaultPhoneFields = []string{"verified_name", "code_verification_status", "display_phone_number",
	"quality_rating", "platform_type", "throughput", "id"}

func throughputLevel(n *number) string {
	if n.Throughput == Unlimited || n.Throughput > defaultThroughput {
		return "HIGH"
	}
	return "STANDARD"
}

// handleGetNode answers GET /{id} for a phone number, a business account or
// a media object.
func (s *Server) handleGetNode(w http.ResponseWriter, r *http.Request, id string) {
	if _, pass := s.gate(w, r, endpointNode, ""); !pass {
		return
	}
	s.mu.Lock()
	body, gerr := s.node(r, id)
	s.mu.Unlock()
	if gerr != nil {
		s.writeError(w, gerr)
		return
	}
	writeJSON(w, http.StatusOK, body)
}

// node resolves id. Called with s.mu held.
func (s *Server) node(r *http.Request, id string) (any, *GraphError) {
	if n, ok := s.reg.numbers[id]; ok {
		if gerr := s.reg.authorize(r, n.acct.ID, "get", id); gerr != nil {
			return nil, gerr
		}
		node, gerr := phoneNode(n, requestedFields(r, defaultPhoneFields))
		if gerr != nil {
			return nil, gerr
		}
		if wc, ok := node["webhook_configuration"].(map[string]string); ok && s.cfg.WebhookURL != "" {
			wc["application"] = s.cfg.WebhookURL
		}
		return node, nil
	}
	if a, ok := s.reg.accounts[id]; ok {
		if gerr := s.reg.authorize(r, a.ID, "get", id); gerr != nil {
			return nil, gerr
		}
		return s.accountNode(a, requestedFields(r, []string{"id", "name"}))
	}
	m := s.mediaByID(id)
	if gerr := s.reg.authorize(r, wabaOf(m), "get", id); gerr != nil {
		return nil, gerr
	}
	if p := r.URL.Query().Get("phone_number_id"); p != "" && p != m.phoneID {
		return nil, codeError(100, "The media does not belong to phone_number_id "+p+".")
	}
	return s.mediaNode(r, m), nil
}

func requestedFields(r *http.Request, def []string) []string {
	f := r.URL.Query().Get("fields")
	if f == "" {
		return def
	}
	out := []string{"id"}
	for _, name := range strings.Split(f, ",") {
		if name = strings.TrimSpace(name); name != "" && name != "id" {
			out = append(out, name)
		}
	}
	return out
}

func phoneNode(n *number, fields []string) (map[string]any, *GraphError) {
	out := map[string]any{}
	for _, f := range fields {
		get, ok := phoneFields[f]
		if !ok {
			return nil, nonexistingField(f, "WhatsAppBusinessPhoneNumber")
		}
		out[f] = get(n)
	}
	return out, nil
}

func (s *Server) accountNode(a *account, fields []string) (any, *GraphError) {
	out := map[string]any{}
	for _, f := range fields {
		switch f {
		case "id":
			out[f] = a.ID
		case "name":
			out[f] = a.Name
		case "whatsapp_business_manager_messaging_limit":
			out[f] = string(a.MessagingLimit)
		case "currency":
			out[f] = "USD"
		case "timezone_id":
			out[f] = "1"
		default:
			return nil, nonexistingField(f, "WhatsAppBusinessAccount")
		}
	}
	return out, nil
}

func nonexistingField(field, nodeType string) *GraphError {
	return &GraphError{Message: fmt.Sprintf("(#100) Tried accessing nonexisting field (%s) on node type (%s)", field, nodeType),
		Type: "OAuthException", Code: 100, status: http.StatusBadRequest}
}

// handlePhoneNumbers answers GET /{waba-id}/phone_numbers: the account's
// numbers with cursor paging, as Graph lists an edge. An ID that is no
// account the token can see is Graph's unsupported request (100, subcode
// 33); a phone number's ID is a node without that edge, as on Graph.
func (s *Server) handlePhoneNumbers(w http.ResponseWriter, r *http.Request, wabaID string) {
	if _, pass := s.gate(w, r, endpointNode, ""); !pass {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if n, ok := s.reg.numbers[wabaID]; ok && s.reg.authorize(r, n.acct.ID, "get", wabaID) == nil {
		s.writeError(w, nonexistingField("phone_numbers", "WhatsAppBusinessPhoneNumber"))
		return
	}
	a := s.reg.accounts[wabaID]
	if gerr := s.reg.authorize(r, accountID(a), "get", wabaID); gerr != nil {
		s.writeError(w, gerr)
		return
	}
	q := r.URL.Query()
	start, limit := min(decodeCursor(q.Get("after")), len(a.numbers)), 25
	if n, err := strconv.Atoi(q.Get("limit")); err == nil && n > 0 {
		limit = min(n, 1000)
	}
	end := min(start+limit, len(a.numbers))
	data := []any{}
	for _, n := range a.numbers[start:end] {
		node, gerr := phoneNode(n, requestedFields(r, defaultPhoneFields))
		if gerr != nil {
			s.writeError(w, gerr)
			return
		}
		data = append(data, node)
	}
	writeJSON(w, http.StatusOK, map[string]any{"data": data, "paging": s.paging(r, start, end, len(a.numbers))})
}

func accountID(a *account) string {
	if a == nil {
		return ""
	}
	return a.ID
}
