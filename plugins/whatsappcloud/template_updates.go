package whatsappcloud

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
)

// templateUpdate is the value of a template webhook change:
// message_template_status_update, message_template_quality_update,
// template_category_update or message_template_components_update.
type templateUpdate struct {
	Event       string          `json:"event"` // APPROVED, REJECTED, PAUSED, DISABLED, REINSTATED, …
	ID          json.RawMessage `json:"message_template_id"`
	Name        string          `json:"message_template_name"`
	Language    string          `json:"message_template_language"`
	Category    string          `json:"message_template_category"` // status updates, when Meta sends it
	Reason      string          `json:"reason"`                    // status updates: NONE, INVALID_FORMAT, …
	NewQuality  string          `json:"new_quality_score"`
	NewCategory string          `json:"new_category"` // category updates: the category it has now
}

// The template webhook fields the catalog follows.
const (
	fieldTemplateStatus     = "message_template_status_update"
	fieldTemplateQuality    = "message_template_quality_update"
	fieldTemplateCategory   = "template_category_update"
	fieldTemplateComponents = "message_template_components_update"
)

// templateStatus is the catalog status a status event leaves: REINSTATED
// means the template is active again, so it is APPROVED; every other event
// (PAUSED, DISABLED, REJECTED, PENDING_DELETION, …) is kept as Meta sends it.
func templateStatus(event string) string {
	if strings.EqualFold(event, "REINSTATED") {
		return "APPROVED"
	}
	return event
}

// templateReason is the catalog's reason: Meta's, with NONE as none.
func templateReason(reason string) string {
	if strings.EqualFold(reason, "NONE") {
		return ""
	}
	return reason
}

// applyTemplateUpdate keeps the synced catalog current between syncs (see
// apply). Without a synced catalog there is nothing to update: the first
// list syncs everything.
func (p *Plugin) applyTemplateUpdate(ctx context.Context, field string, raw json.RawMessage) error {
	var u templateUpdate
	if err := json.Unmarshal(raw, &u); err != nil {
		p.host.Log.Warn("unreadable template update skipped", "field", field, "error", err)
		return nil
	}
	p.catalogMu.Lock()
	defer p.catalogMu.Unlock()
	b, err := p.host.KV.Get(ctx, catalogKey)
	if err != nil {
		return nil // never synced (or unreadable): the next sync is complete anyway
	}
	var cat templateCatalog
	if json.Unmarshal(b, &cat) != nil {
		return nil
	}
	if !cat.apply(field, u) {
		return nil
	}
	if b, err = json.Marshal(cat); err == nil {
		err = p.host.KV.Set(ctx, catalogKey, b, 0)
	}
	p.catalogRead.forget()
	if err != nil {
		return fmt.Errorf("whatsapp-cloud: updating the templates: %w", err)
	}
	return nil
}

// forgetComponents drops the texts, parameters and buttons the last sync
// read, so sends of the template are not checked against what changed.
func (t *TemplateInfo) forgetComponents() {
	t.ParameterFormat, t.HeaderText, t.Body, t.Footer, t.Parameters, t.Buttons = "", "", "", "", nil, nil
}

// apply changes the templates u names and reports whether anything
// changed. A status, quality or category update changes that and nothing
// else: the texts a sync read stay, so sends are still checked against
// them. Only a components update (an edit Meta approved) drops them,
// since its payload is too thin to rebuild them (no samples, no quick
// replies, so no button indexes): the next sync reads them again. A
// status update for a template the catalog lacks (created after the
// sync) adds it with what the webhook says.
func (cat *templateCatalog) apply(field string, u templateUpdate) bool {
	id := strings.Trim(string(u.ID), `"`)
	if id == "null" {
		id = ""
	}
	status := field == fieldTemplateStatus && u.Event != ""
	changed, found := false, false
	for i := range cat.Templates {
		t := &cat.Templates[i]
		if (id == "" || t.ID != id) && (t.Name != u.Name || t.Language != u.Language) {
			continue
		}
		found = true
		switch {
		case field == fieldTemplateQuality && u.NewQuality != "":
			t.Quality, changed = u.NewQuality, true
		case field == fieldTemplateCategory && u.NewCategory != "":
			t.Category, changed = strings.ToUpper(u.NewCategory), true
		case field == fieldTemplateComponents:
			t.forgetComponents()
			changed = true
		case status:
			t.Status, t.Reason, changed = templateStatus(u.Event), templateReason(u.Reason), true
			if u.Category != "" {
				t.Category = strings.ToUpper(u.Category)
			}
		}
	}
	if found || !status || u.Name == "" || u.Language == "" {
		return changed
	}
	cat.Templates = append(cat.Templates, TemplateInfo{ID: id, Name: u.Name, Language: u.Language,
		Status: templateStatus(u.Event), Reason: templateReason(u.Reason), Category: strings.ToUpper(u.Category), Quality: "UNKNOWN"})
	return true
}
