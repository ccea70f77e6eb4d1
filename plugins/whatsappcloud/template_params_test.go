package whatsappcloud

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/masteria/masteria/plugins/whatsappcloud/sim"
	"github.com/masteria/masteria/sdk"
)

// tryInvoke runs one of p's actions with raw inputs and returns its error.
func tryInvoke(t *testing.T, p sdk.Plugin, id string, raw map[string]any) (sdk.Output, error) {
	t.Helper()
	spec, _ := p.Manifest().Action(id)
	in, err := spec.ParseInput(raw)
	if err != nil {
		t.Fatal(err)
	}
	out, err := p.Actions()[id].Invoke(context.Background(), in)
	if err == nil {
		if errs := spec.Output.Validate(out.Values); errs != nil {
			t.Fatalf("%s output: %v", id, errs)
		}
	}
	return out, err
}

// TestTemplateCatalogComponents: the sync keeps each template's texts and
// placeholders with Meta's samples, positional, named, in a text header
// and in a dynamic URL button.
func TestTemplateCatalogComponents(t *testing.T) {
	f := newFixture(t, nil, nil)
	if err := f.sim.PutTemplate(sim.DemoWABAID, sim.Template{Name: "rastreio", Language: "pt_BR", Category: "UTILITY",
		Status: "APPROVED", Components: []sim.TemplateComponent{
			{Type: "HEADER", Format: "TEXT", Text: "Pedido {{1}}", Example: &sim.TemplateExample{HeaderText: []string{"#1042"}}},
			{Type: "BODY", Text: "{{1}}, seu pedido saiu para entrega.", Example: &sim.TemplateExample{BodyText: [][]string{{"Maria"}}}},
			{Type: "FOOTER", Text: "Loja Demo"},
			{Type: "BUTTONS", Buttons: []sim.TemplateButton{{Type: "PHONE_NUMBER", Text: "Ligar", PhoneNumber: "+5511999990000"},
				{Type: "URL", Text: "Rastrear", URL: "https://loja.example/r/{{1}}", Example: []string{"https://loja.example/r/AB12"}}}},
		}}); err != nil {
		t.Fatal(err)
	}
	out := invoke(t, f.plugin, ActionTemplatesSync, nil)
	byName := map[string]map[string]any{}
	for _, v := range out.Values["templates"].([]any) {
		byName[v.(map[string]any)["name"].(string)] = v.(map[string]any)
	}
	for _, tc := range []struct{ name, key, want string }{
		{"pedido_confirmado", "body", "Olá {{1}}, seu pedido {{2}} foi confirmado."},
		{"pedido_confirmado", "parameters", "[map[component:body example:Maria index:0 name:1] map[component:body example:#1042 index:0 name:2]]"},
		{"pedido_confirmado", "parameter_format", "POSITIONAL"},
		{"boas_vindas", "parameter_format", "NAMED"},
		{"boas_vindas", "parameters", "[map[component:body example:Maria index:0 name:first_name] map[component:body example:frete grátis index:0 name:offer]]"},
		{"hello_world", "header_text", "Hello World"},
		{"hello_world", "footer", "WhatsApp Business Platform sample message"},
		{"hello_world", "parameters", "[]"},
		{"promo_imagem", "header", "image"},
		{"rastreio", "header_text", "Pedido {{1}}"},
		{"rastreio", "parameters", "[map[component:header example:#1042 index:0 name:1] map[component:body example:Maria index:0 name:1] map[component:button example:AB12 index:1 name:1]]"},
	} {
		if got := fmt.Sprint(byName[tc.name][tc.key]); got != tc.want {
			t.Errorf("%s %s = %s, want %s", tc.name, tc.key, got, tc.want)
		}
	}
}

// TestTemplateParametersCheckedBeforeSend: once synced, a template send
// whose parameters do not fit fails permanently, naming the template,
// what it takes and what was given, without calling the API; one that
// fits returns the text the customer reads, as the simulator hydrated it.
func TestTemplateParametersCheckedBeforeSend(t *testing.T) {
	f := newFixture(t, nil, nil)
	invoke(t, f.plugin, ActionTemplatesSync, nil)
	sends := "POST /v21.0/" + sim.DemoPhoneNumberID + "/messages"
	for _, tc := range []struct {
		name     string
		template map[string]any
		code     string
		says     []string
	}{
		{"no parameters", map[string]any{"name": "pedido_confirmado", "language": "pt_BR"}, "132000",
			[]string{"pedido_confirmado (pt_BR)", "2 parameters ({{1}}, {{2}})", "none given"}},
		{"one of two", map[string]any{"name": "pedido_confirmado", "language": "pt_BR", "variables": map[string]any{"1": "Ana"}}, "132000",
			[]string{"2 parameters ({{1}}, {{2}})", "1 parameter ({{1}}) given"}},
		{"named missing one", map[string]any{"name": "boas_vindas", "language": "pt_BR", "variables": map[string]any{"first_name": "Ana", "oferta": "x"}}, "132000",
			[]string{"boas_vindas (pt_BR)", "{{first_name}}, {{offer}}", "{{first_name}}, {{oferta}}"}},
		{"positional to named", map[string]any{"name": "boas_vindas", "language": "pt_BR", "variables": map[string]any{"1": "Ana", "2": "x"}}, "132000",
			[]string{"{{first_name}}, {{offer}}", "({{1}}, {{2}}) given"}},
		{"header image missing", map[string]any{"name": "promo_imagem", "language": "pt_BR", "variables": map[string]any{"1": "verão"}}, "132012",
			[]string{"promo_imagem (pt_BR)", "header takes one image, none given"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := tryInvoke(t, f.plugin, ActionSend, map[string]any{"to": "+" + user, "kind": "template", "template": tc.template})
			class, _, code := sdk.ClassOf(err)
			if class != sdk.ClassPermanent || code != tc.code {
				t.Fatalf("send: %v (%v %q), want permanent %s", err, class, code, tc.code)
			}
			for _, s := range tc.says {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("error %q does not say %q", err, s)
				}
			}
			if n := f.served(sends); n != 0 {
				t.Errorf("%d sends reached the API", n)
			}
		})
	}
	// A media header's one parameter is its file: a send that gives it and
	// the body's goes out, the text without the header.
	image := invoke(t, f.plugin, ActionSend, map[string]any{"to": "+" + user, "kind": "template",
		"template": map[string]any{"name": "promo_imagem", "language": "pt_BR", "components": []any{
			map[string]any{"type": "header", "parameters": []any{map[string]any{"type": "image",
				"media": map[string]any{"type": "image", "link": "https://example.com/p.jpg"}}}},
			map[string]any{"type": "body", "parameters": []any{map[string]any{"type": "text", "text": "inverno"}}}}}})
	if image.Values["text"] != "Confira a promoção de inverno!" {
		t.Errorf("a media-header template's text %q", image.Values["text"])
	}
	out := invoke(t, f.plugin, ActionSend, map[string]any{"to": "+" + user, "kind": "template",
		"template": map[string]any{"name": "boas_vindas", "language": "pt_BR", "variables": map[string]any{"offer": "frete grátis", "first_name": "Ana"}}})
	want := "Oi Ana! Temos uma oferta para você: frete grátis."
	if out.Values["text"] != want {
		t.Errorf("send output text %q, want %q", out.Values["text"], want)
	}
	if m, ok := f.sim.Message(out.Values["message_id"].(string)); !ok || m.Template == nil || m.Template.Body != want {
		t.Errorf("the simulator hydrated %+v", m.Template)
	}
}

// TestTemplateNotInCatalogSentAsAsked: a connection whose catalog was
// never synced has it fetched by its first template send, which is then
// checked before Graph; when that fetch fails the send goes out as asked
// (Meta decides) and the next fetch waits catalogRetry. A template the
// synced catalog lacks goes out as asked; the output carries no text.
func TestTemplateNotInCatalogSentAsAsked(t *testing.T) {
	f := newFixture(t, nil, nil)
	templates := "GET /v21.0/" + sim.DemoWABAID + "/message_templates"
	send := map[string]any{"to": "+" + user, "kind": "template", "template": map[string]any{"name": "pedido_confirmado", "language": "pt_BR"}}
	f.sim.InjectFault(sim.Fault{Status: http.StatusInternalServerError, Times: 1, Endpoint: "message_templates"})
	if _, err := tryInvoke(t, f.plugin, ActionSend, send); err == nil || !strings.Contains(err.Error(), "graph error 132000") {
		t.Fatalf("the catalog's fetch failed: %v, want Graph's own 132000", err)
	}
	if _, err := tryInvoke(t, f.plugin, ActionSend, send); err == nil || !strings.Contains(err.Error(), "graph error 132000") {
		t.Fatalf("within catalogRetry: %v, want Graph's own 132000", err)
	}
	if n := f.served(templates); n != 1 {
		t.Fatalf("the catalog was fetched %d times within catalogRetry, want 1", n)
	}
	f.clock.Advance(catalogRetry)
	if _, err := tryInvoke(t, f.plugin, ActionSend, send); err == nil || strings.Contains(err.Error(), "graph error") ||
		!strings.Contains(err.Error(), "2 parameters") {
		t.Fatalf("after catalogRetry: %v, want the plugin's own refusal from the fetched catalog", err)
	}
	if n := f.served(templates); n != 2 {
		t.Fatalf("the catalog was fetched %d times, want 2", n)
	}
	hello := map[string]any{"to": "+" + user, "kind": "template", "template": map[string]any{"name": "hello_world", "language": "en_US"}}
	out := invoke(t, f.plugin, ActionSend, hello)
	if text, _ := out.Values["text"].(string); !strings.HasPrefix(text, "Hello World\n\nWelcome and congratulations!!") ||
		!strings.HasSuffix(text, "\n\nWhatsApp Business Platform sample message") {
		t.Errorf("hello_world text %q", text)
	}
	if err := f.sim.PutTemplate(sim.DemoWABAID, sim.Template{Name: "novo", Language: "pt_BR", Status: "APPROVED",
		Category: "UTILITY", Components: []sim.TemplateComponent{{Type: "BODY", Text: "Oi {{1}}"}}}); err != nil {
		t.Fatal(err)
	}
	novo := map[string]any{"to": "+" + user, "kind": "template",
		"template": map[string]any{"name": "novo", "language": "pt_BR", "variables": map[string]any{"1": "Ana"}}}
	if out := invoke(t, f.plugin, ActionSend, novo); out.Values["text"] != nil {
		t.Errorf("a template created after the sync: text %v", out.Values["text"])
	}
}

// TestTemplatePreview: the preview checks and renders as the send does,
// without sending.
func TestTemplatePreview(t *testing.T) {
	f := newFixture(t, nil, nil)
	invoke(t, f.plugin, ActionTemplatesSync, nil)
	tpl := map[string]any{"name": "pedido_confirmado", "language": "pt_BR", "variables": map[string]any{"2": "#77", "1": "Ana"}}
	out, err := tryInvoke(t, f.plugin, ActionTemplatesPreview, map[string]any{"template": tpl})
	if err != nil || out.Values["known"] != true || out.Values["text"] != "Olá Ana, seu pedido #77 foi confirmado." {
		t.Errorf("preview: %v %v", out.Values, err)
	}
	delete(tpl, "variables")
	if _, err := tryInvoke(t, f.plugin, ActionTemplatesPreview, map[string]any{"template": tpl}); err == nil {
		t.Error("preview without parameters passed")
	}
	if n := f.served("POST /v21.0/" + sim.DemoPhoneNumberID + "/messages"); n != 0 {
		t.Errorf("the preview sent %d messages", n)
	}
}

// TestTheCatalogIsReadOnceEveryFewSeconds: template sends use the decoded
// catalog for catalogFresh instead of reading the KV each time; another
// instance's sync shows after that.
func TestTheCatalogIsReadOnceEveryFewSeconds(t *testing.T) {
	f := newFixture(t, nil, nil)
	p, kv := f.open(nil)
	invoke(t, p, ActionTemplatesSync, nil)
	known := func() any {
		t.Helper()
		out, err := tryInvoke(t, p, ActionTemplatesPreview, map[string]any{"template": map[string]any{"name": "pedido_confirmado",
			"language": "pt_BR", "variables": map[string]any{"1": "Ana", "2": "#77"}}})
		if err != nil {
			t.Fatal(err)
		}
		return out.Values["known"]
	}
	if known() != true {
		t.Fatal("the synced template is not known")
	}
	// Another instance's sync finds the account without templates.
	if err := kv.Set(context.Background(), catalogKey, []byte(`{"templates":[]}`), 0); err != nil {
		t.Fatal(err)
	}
	if known() != true {
		t.Fatal("the catalog was read again at once")
	}
	f.clock.Advance(catalogFresh)
	if known() != false {
		t.Fatalf("another instance's sync not seen after %v", catalogFresh)
	}
}
