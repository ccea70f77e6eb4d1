package whatsappcloud

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/masteria/masteria/sdk"
)

// TemplateInfo is a message template with its review status and quality.
type TemplateInfo struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	Language string `json:"language"`
	Status   string `json:"status"`   // APPROVED, PENDING, REJECTED, PAUSED, DISABLED, PENDING_DELETION, …
	Category string `json:"category"` // MARKETING, UTILITY, AUTHENTICATION
	Quality  string `json:"quality"`  // GREEN, YELLOW, RED, UNKNOWN
	// Reason is why Meta rejected (or paused, disabled) the template, as a
	// status webhook or the sync's rejected_reason says; empty for none.
	Reason string `json:"reason,omitempty"`
	// Header is the kind of media the template's header takes ("image",
	// "video", "document"), empty for a text header or none: a send must
	// give it as a header parameter.
	Header string `json:"header,omitempty"`
	// ParameterFormat is how the placeholders are named: POSITIONAL
	// ({{1}}, {{2}}) or NAMED ({{first_name}}).
	ParameterFormat string `json:"parameter_format,omitempty"`
	// HeaderText, Body and Footer are the template's texts, placeholders
	// and all. An empty Body means its components are unknown (a template
	// a status webhook added since the sync): its sends are not checked.
	HeaderText string `json:"header_text,omitempty"`
	Body       string `json:"body,omitempty"`
	Footer     string `json:"footer,omitempty"`
	// Parameters are the values a send gives: the text header's, the
	// body's, then each dynamic URL button's, in order.
	Parameters []TemplateParameter `json:"parameters,omitempty"`
	// Buttons are the template's buttons in order: a send addresses one
	// by its index here.
	Buttons []TemplateButton `json:"buttons,omitempty"`
}

// TemplateButton is one button of a template.
type TemplateButton struct {
	Type string `json:"type"` // QUICK_REPLY, URL, PHONE_NUMBER, COPY_CODE, …
	Text string `json:"text"`
	URL  string `json:"url,omitempty"` // a URL button's; ending in {{1}} when its suffix is given at send
}

// TemplateParameter is one placeholder of a template.
type TemplateParameter struct {
	Component string `json:"component"` // header, body or button
	Name      string `json:"name"`      // "1", "2", … or the named placeholder
	Example   string `json:"example,omitempty"`
	Index     int    `json:"index,omitempty"` // a button's position
}

// templateCatalog is what whatsapp.templates.sync stores in the KV.
type templateCatalog struct {
	SyncedAt  time.Time      `json:"synced_at"`
	Templates []TemplateInfo `json:"templates"`
}

const (
	catalogKey    = "templates"
	templateLimit = "100"
	maxPages      = 50 // 5,000 templates; a WABA holds at most 250 per language family
)

// graphPaging is a Graph list's cursor paging.
type graphPaging struct {
	Cursors struct {
		After string `json:"after"`
	} `json:"cursors"`
	Next string `json:"next"`
}

// next is the cursor of the following page; more is false on the last.
func (g graphPaging) next() (after string, more bool) {
	return g.Cursors.After, g.Next != "" && g.Cursors.After != ""
}

type templatePage struct {
	Data []struct {
		TemplateInfo
		QualityScore *struct {
			Score string `json:"score"`
		} `json:"quality_score"`
		RejectedReason string           `json:"rejected_reason"`
		Components     []graphComponent `json:"components"`
	} `json:"data"`
	Paging graphPaging `json:"paging"`
}

// FetchTemplates lists every template of the account from the Graph API,
// following the paging cursors.
func (p *Plugin) FetchTemplates(ctx context.Context) ([]TemplateInfo, error) {
	q := url.Values{"fields": {"id,name,language,status,category,quality_score,rejected_reason,parameter_format,components"}, "limit": {templateLimit}}
	out := []TemplateInfo{}
	for range maxPages {
		var page templatePage
		if err := p.graph.call(ctx, http.MethodGet, "/"+p.cfg.wabaID+"/message_templates", q, nil, &page); err != nil {
			return nil, err
		}
		for _, d := range page.Data {
			t := d.TemplateInfo
			t.Quality = "UNKNOWN"
			if d.QualityScore != nil && d.QualityScore.Score != "" {
				t.Quality = d.QualityScore.Score
			}
			t.Reason = templateReason(d.RejectedReason)
			t.readComponents(d.Components)
			out = append(out, t)
		}
		after, more := page.Paging.next()
		if !more {
			break
		}
		q.Set("after", after)
	}
	return out, nil
}

// syncTemplates is whatsapp.templates.sync.
func (p *Plugin) syncTemplates(ctx context.Context, _ sdk.Input) (sdk.Output, error) {
	cat, err := p.sync(ctx)
	if err != nil {
		return sdk.Output{}, err
	}
	return sdk.Output{Values: map[string]any{"count": len(cat.Templates),
		"synced_at": cat.SyncedAt.UTC().Format(time.RFC3339), "templates": templateValues(cat.Templates)}}, nil
}

func (p *Plugin) sync(ctx context.Context) (templateCatalog, error) {
	ts, err := p.FetchTemplates(ctx)
	if err != nil {
		return templateCatalog{}, err
	}
	cat := templateCatalog{SyncedAt: p.host.Clock.Now(), Templates: ts}
	p.catalogMu.Lock()
	defer p.catalogMu.Unlock()
	b, err := json.Marshal(cat)
	if err == nil {
		err = p.host.KV.Set(ctx, catalogKey, b, 0)
	}
	p.catalogRead.forget()
	if err != nil {
		return templateCatalog{}, fmt.Errorf("whatsapp-cloud: storing the templates: %w", err)
	}
	return cat, nil
}

// listTemplates is whatsapp.templates.list: the stored catalog (synced
// first when there is none) with the time of its sync, filtered by name
// substring and exact language, status and category.
func (p *Plugin) listTemplates(ctx context.Context, in sdk.Input) (sdk.Output, error) {
	cat, err := p.catalog(ctx)
	if err != nil {
		return sdk.Output{}, err
	}
	f := in.Params
	var out []TemplateInfo
	for _, t := range cat.Templates {
		if strings.Contains(t.Name, f.String("name")) && matches(f.String("language"), t.Language) &&
			matches(f.String("status"), t.Status) && matches(f.String("category"), t.Category) {
			out = append(out, t)
		}
	}
	return sdk.Output{Values: map[string]any{"count": len(out), "synced_at": cat.SyncedAt.UTC().Format(time.RFC3339),
		"templates": templateValues(out)}}, f.Err()
}

func matches(filter, v string) bool { return filter == "" || strings.EqualFold(filter, v) }

func (p *Plugin) catalog(ctx context.Context) (templateCatalog, error) {
	b, err := p.host.KV.Get(ctx, catalogKey)
	if errors.Is(err, sdk.ErrNotFound) {
		return p.sync(ctx)
	}
	if err != nil {
		return templateCatalog{}, fmt.Errorf("whatsapp-cloud: reading the templates: %w", err)
	}
	var cat templateCatalog
	if err := json.Unmarshal(b, &cat); err != nil {
		return p.sync(ctx)
	}
	return cat, nil
}

// storedTemplate is the synced catalog's entry for the template name in
// language, when the catalog knows its components. Only a catalog never
// synced is fetched for it (see catalogMemo); a template the synced
// catalog lacks goes out as asked, for Meta to judge.
func (p *Plugin) storedTemplate(ctx context.Context, name, language string) (TemplateInfo, bool) {
	return p.catalogRead.template(ctx, p, name, language)
}

// templateText checks a template send's parameters against the catalog
// and returns the text the customer will read; empty when the catalog
// does not know the template. A mismatch fails permanently, with the code
// Graph's own refusal would have (132000, or 132012 for a header's media).
func (p *Plugin) templateText(ctx context.Context, t *sdk.Template) (string, error) {
	info, ok := p.storedTemplate(ctx, t.Name, t.Language)
	if !ok {
		return "", nil
	}
	text, err := info.render(buildTemplate(t))
	var mismatch paramMismatch
	if errors.As(err, &mismatch) {
		return "", sdk.Permanent(fmt.Errorf("whatsapp-cloud: %w", err), mismatch.code)
	}
	return text, err
}

// previewTemplate is whatsapp.templates.preview: a template send's check,
// text and category, without the send.
func (p *Plugin) previewTemplate(ctx context.Context, in sdk.Input) (sdk.Output, error) {
	var t sdk.Template
	b, err := json.Marshal(plain(in.Params.Value("template")))
	if err == nil {
		err = json.Unmarshal(b, &t)
	}
	if err != nil {
		return sdk.Output{}, sdk.Permanent(fmt.Errorf("whatsapp-cloud: input template: %w", err), "")
	}
	text, err := p.templateText(ctx, &t)
	if err != nil {
		return sdk.Output{}, err
	}
	out := map[string]any{"known": text != "", "text": text}
	if info, ok := p.storedTemplate(ctx, t.Name, t.Language); ok && info.Category != "" {
		out["category"] = info.Category
	}
	return sdk.Output{Values: out}, nil
}

// templateValues renders templates as plain values for an action output.
func templateValues(ts []TemplateInfo) []any {
	out := make([]any, len(ts))
	for i, t := range ts {
		v := map[string]any{"id": t.ID, "name": t.Name, "language": t.Language,
			"status": t.Status, "category": t.Category, "quality": t.Quality, "header": t.Header}
		if t.Reason != "" {
			v["reason"] = t.Reason
		}
		if t.Body != "" {
			params := make([]any, len(t.Parameters))
			for j, p := range t.Parameters {
				params[j] = map[string]any{"component": p.Component, "name": p.Name, "example": p.Example, "index": p.Index}
			}
			buttons := make([]any, len(t.Buttons))
			for j, b := range t.Buttons {
				buttons[j] = map[string]any{"type": b.Type, "text": b.Text, "url": b.URL}
			}
			v["parameter_format"], v["header_text"], v["body"], v["footer"], v["parameters"], v["buttons"] =
				t.ParameterFormat, t.HeaderText, t.Body, t.Footer, params, buttons
		}
		out[i] = v
	}
	return out
}
