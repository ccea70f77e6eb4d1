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
	// Header is the kind of media the template's header takes ("image",
	// "video", "document"), empty for a text header or none: a send must
	// give it as a header parameter.
	Header string `json:"header,omitempty"`
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

type templatePage struct {
	Data []struct {
		TemplateInfo
		QualityScore *struct {
			Score string `json:"score"`
		} `json:"quality_score"`
		Components []struct {
			Type   string `json:"type"`
			Format string `json:"format"`
		} `json:"components"`
	} `json:"data"`
	Paging struct {
		Cursors struct {
			After string `json:"after"`
		} `json:"cursors"`
		Next string `json:"next"`
	} `json:"paging"`
}

// FetchTemplates lists every template of the account from the Graph API,
// following the paging cursors.
func (p *Plugin) FetchTemplates(ctx context.Context) ([]TemplateInfo, error) {
	q := url.Values{"fields": {"id,name,language,status,category,quality_score,components"}, "limit": {templateLimit}}
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
			for _, c := range d.Components {
				if f := strings.ToLower(c.Format); strings.EqualFold(c.Type, "HEADER") && (f == "image" || f == "video" || f == "document") {
					t.Header = f
				}
			}
			out = append(out, t)
		}
		if page.Paging.Next == "" || page.Paging.Cursors.After == "" {
			break
		}
		q.Set("after", page.Paging.Cursors.After)
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

// templateValues renders templates as plain values for an action output.
func templateValues(ts []TemplateInfo) []any {
	out := make([]any, len(ts))
	for i, t := range ts {
		out[i] = map[string]any{"id": t.ID, "name": t.Name, "language": t.Language,
			"status": t.Status, "category": t.Category, "quality": t.Quality, "header": t.Header}
	}
	return out
}
