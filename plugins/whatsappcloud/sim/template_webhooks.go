package sim

import (
	"cmp"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// The simulator's template lifecycle: what Meta's review and quality
// systems do to a template, each followed by the webhook Meta sends about
// it. [Server.PutTemplate] stays silent: it sets the scene.

// SetTemplateStatus moves a template to the status event leaves
// (REINSTATED and UNARCHIVED make it APPROVED again) and sends
// message_template_status_update with event and reason ("" is NONE). A
// REJECTED template keeps reason as its rejected_reason.
func (s *Server) SetTemplateStatus(wabaID, name, language, event, reason string) error {
	return s.changeTemplate(wabaID, name, language, "message_template_status_update", func(t *Template) map[string]any {
		t.Status = strings.ToUpper(event)
		if t.Status == "REINSTATED" || t.Status == "UNARCHIVED" {
			t.Status = "APPROVED"
		}
		t.RejectedReason = ""
		if t.Status == "REJECTED" {
			t.RejectedReason = reason
		}
		return map[string]any{"event": strings.ToUpper(event), "reason": cmp.Or(reason, "NONE"),
			"message_template_category": t.Category}
	})
}

// SetTemplateQuality changes a template's quality score and sends
// message_template_quality_update.
func (s *Server) SetTemplateQuality(wabaID, name, language, quality string) error {
	return s.changeTemplate(wabaID, name, language, "message_template_quality_update", func(t *Template) map[string]any {
		previous := cmp.Or(t.Quality, "UNKNOWN")
		t.Quality = quality
		return map[string]any{"previous_quality_score": previous, "new_quality_score": quality}
	})
}

// SetTemplateCategory recategorizes a template and sends
// template_category_update (the completed change's form).
func (s *Server) SetTemplateCategory(wabaID, name, language, category string) error {
	return s.changeTemplate(wabaID, name, language, "template_category_update", func(t *Template) map[string]any {
		previous := t.Category
		t.Category = category
		return map[string]any{"previous_category": previous, "new_category": category}
	})
}

// EditTemplate replaces a template's components, as an approved edit
// does, and sends message_template_components_update: the body, a text
// header, the footer and the URL and phone-number buttons (Meta leaves
// the other buttons out).
func (s *Server) EditTemplate(wabaID, name, language string, components []TemplateComponent) error {
	return s.changeTemplate(wabaID, name, language, "message_template_components_update", func(t *Template) map[string]any {
		t.Components = components
		return componentsValue(t)
	})
}

func componentsValue(t *Template) map[string]any {
	v := map[string]any{"message_template_element": componentOf(t, "BODY").Text}
	if h := componentOf(t, "HEADER"); h.Text != "" && strings.EqualFold(cmp.Or(h.Format, "TEXT"), "TEXT") {
		v["message_template_title"] = h.Text
	}
	if f := componentOf(t, "FOOTER"); f.Text != "" {
		v["message_template_footer"] = f.Text
	}
	var buttons []map[string]string
	for _, b := range componentOf(t, "BUTTONS").Buttons {
		switch strings.ToUpper(b.Type) {
		case "URL":
			buttons = append(buttons, map[string]string{"message_template_button_type": "URL",
				"message_template_button_text": b.Text, "message_template_button_url": b.URL})
		case "PHONE_NUMBER":
			buttons = append(buttons, map[string]string{"message_template_button_type": "PHONE_NUMBER",
				"message_template_button_text": b.Text, "message_template_button_phone_number": b.PhoneNumber})
		}
	}
	if buttons != nil {
		v["message_template_buttons"] = buttons
	}
	return v
}

// changeTemplate applies change to the template and sends the account's
// webhook field with the value change returns, plus the template's ID,
// name and language.
func (s *Server) changeTemplate(wabaID, name, language, field string, change func(*Template) map[string]any) error {
	s.mu.Lock()
	a, ok := s.reg.accounts[wabaID]
	if !ok {
		s.mu.Unlock()
		return fmt.Errorf("sim: unknown business account %q", wabaID)
	}
	var value map[string]any
	for i := range a.Templates {
		if t := &a.Templates[i]; t.Name == name && t.Language == language {
			value = change(t)
			value["message_template_id"] = templateID(t.ID)
			value["message_template_name"], value["message_template_language"] = t.Name, t.Language
		}
	}
	url, secret := s.appCallback(a)
	now := s.cfg.Clock.Now().Unix()
	s.mu.Unlock()
	if value == nil {
		return fmt.Errorf("sim: business account %q has no template %s (%s)", wabaID, name, language)
	}
	if url == "" {
		return nil
	}
	body, _ := json.Marshal(map[string]any{"object": "whatsapp_business_account", "entry": []any{map[string]any{
		"id": wabaID, "time": now, "changes": []any{map[string]any{"value": value, "field": field}}}}})
	s.deliver(&Delivery{URL: url, Kind: "template", Status: field, Body: body}, secret, 0)
	return nil
}

// appCallback is where an account's template webhooks go: the app's
// callback, whatever the account's or numbers' overrides (those apply to
// messages webhooks), and none once the app is unsubscribed from the
// account. Called with s.mu held.
func (s *Server) appCallback(a *account) (url, secret string) {
	if a.unsubscribed {
		return "", ""
	}
	return s.cfg.WebhookURL, cmp.Or(a.AppSecret, s.cfg.AppSecret)
}

// templateID is a template's ID as webhooks carry it: a JSON number.
func templateID(id string) any {
	if _, err := strconv.ParseUint(id, 10, 64); err == nil {
		return json.Number(id)
	}
	return id
}
