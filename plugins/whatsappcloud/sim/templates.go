package sim

import (
	"cmp"
	"encoding/base64"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// templateFields are the fields of a message template node.
var templateFields = map[string]func(*Template) any{
	"id":               func(t *Template) any { return t.ID },
	"name":             func(t *Template) any { return t.Name },
	"language":         func(t *Template) any { return t.Language },
	"status":           func(t *Template) any { return t.Status },
	"category":         func(t *Template) any { return t.Category },
	"components":       func(t *Template) any { return components(t) },
	"parameter_format": func(t *Template) any { return parameterFormat(t) },
	"quality_score":    func(t *Template) any { return qualityScore(t) },
	"rejected_reason":  func(t *Template) any { return cmp.Or(t.RejectedReason, "NONE") },
}

// defaultTemplateFields are Graph's defaults; quality_score must be asked for.
var defaultTemplateFields = []string{"name", "parameter_format", "components", "language", "status", "category", "id"}

func components(t *Template) []TemplateComponent {
	if t.Components == nil {
		return []TemplateComponent{}
	}
	return t.Components
}

func qualityScore(t *Template) any {
	q := t.Quality
	if q == "" {
		q = "UNKNOWN"
	}
	return map[string]any{"score": q, "date": time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC).Unix()}
}

// handleTemplates answers GET /{waba-id}/message_templates with Graph's
// filters (name, status, category, language), fields and cursor paging.
func (s *Server) handleTemplates(w http.ResponseWriter, r *http.Request, wabaID string) {
	if _, pass := s.gate(w, r, endpointTemplates, ""); !pass {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.reg.accounts[wabaID]
	if gerr := s.reg.authorize(r, accountID(a), "get", wabaID); gerr != nil {
		s.writeError(w, gerr)
		return
	}
	q := r.URL.Query()
	matched := filterTemplates(a.Templates, q)
	start, limit := decodeCursor(q.Get("after")), 25
	if n, err := strconv.Atoi(q.Get("limit")); err == nil && n > 0 {
		limit = min(n, 1000)
	}
	start = min(start, len(matched))
	end := min(start+limit, len(matched))
	data := make([]any, 0, end-start)
	for i := start; i < end; i++ {
		node, gerr := templateNode(&matched[i], requestedFields(r, defaultTemplateFields))
		if gerr != nil {
			s.writeError(w, gerr)
			return
		}
		data = append(data, node)
	}
	writeJSON(w, http.StatusOK, map[string]any{"data": data, "paging": s.paging(r, start, end, len(matched))})
}

func filterTemplates(all []Template, q url.Values) []Template {
	var out []Template
	for _, t := range all {
		if (q.Has("name") && !strings.Contains(t.Name, q.Get("name"))) ||
			(q.Has("status") && !strings.EqualFold(t.Status, q.Get("status"))) ||
			(q.Has("category") && !strings.EqualFold(t.Category, q.Get("category"))) ||
			(q.Has("language") && t.Language != q.Get("language")) {
			continue
		}
		out = append(out, t)
	}
	return out
}

func templateNode(t *Template, fields []string) (any, *GraphError) {
	out := map[string]any{}
	for _, f := range fields {
		get, ok := templateFields[f]
		if !ok {
			return nil, nonexistingField(f, "WhatsAppBusinessHSM")
		}
		out[f] = get(t)
	}
	return out, nil
}

// Cursors are opaque to clients; here they are base64 of an offset.
func encodeCursor(i int) string {
	return base64.RawURLEncoding.EncodeToString([]byte(strconv.Itoa(i)))
}

func decodeCursor(c string) int {
	b, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil {
		return 0
	}
	n, err := strconv.Atoi(string(b))
	if err != nil || n < 0 {
		return 0
	}
	return n
}

func (s *Server) paging(r *http.Request, start, end, total int) map[string]any {
	p := map[string]any{"cursors": map[string]string{"before": encodeCursor(start), "after": encodeCursor(end)}}
	if end < total {
		q := r.URL.Query()
		q.Set("after", encodeCursor(end))
		p["next"] = s.publicURL(r) + r.URL.Path + "?" + q.Encode()
	}
	return p
}
