package whatsappcloud

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/masteria/masteria/plugins/whatsappcloud/sim"
	"github.com/masteria/masteria/sdk"
)

// rastreio has a quick reply (0), a URL button taking a suffix (1) and a
// fixed URL button (2).
var rastreio = sim.Template{Name: "rastreio", Language: "pt_BR", Category: "UTILITY", Status: "APPROVED",
	Components: []sim.TemplateComponent{
		{Type: "BODY", Text: "Seu pedido saiu para entrega."},
		{Type: "BUTTONS", Buttons: []sim.TemplateButton{
			{Type: "QUICK_REPLY", Text: "Falar com atendente"},
			{Type: "URL", Text: "Rastrear", URL: "https://loja.example/rastreio/{{1}}", Example: []string{"https://loja.example/rastreio/ABC123"}},
			{Type: "URL", Text: "Loja", URL: "https://loja.example/"}}}}}

func urlButton(index int, texts ...string) map[string]any {
	params := []any{}
	for _, t := range texts {
		params = append(params, map[string]any{"type": "text", "text": t})
	}
	return map[string]any{"type": "button", "sub_type": "url", "index": index, "parameters": params}
}

// TestTemplateURLButtons: a send of a synced template with a dynamic URL
// button must give its suffix in a url button component at its index; a
// missing, extra or misplaced one is refused before Graph with the code
// and the wording of what to give, and the simulator, asked the same by a
// connection whose catalog does not know the template, refuses it with
// the same code.
func TestTemplateURLButtons(t *testing.T) {
	f := newFixture(t, nil, nil)
	if err := f.sim.PutTemplate(sim.DemoWABAID, rastreio); err != nil {
		t.Fatal(err)
	}
	invoke(t, f.plugin, ActionTemplatesSync, nil)
	// A synced catalog without the template: every send goes to Graph.
	unsynced, unsyncedKV := f.open(nil)
	if err := unsyncedKV.Set(context.Background(), catalogKey, []byte(`{"templates":[]}`), 0); err != nil {
		t.Fatal(err)
	}
	quickReply := map[string]any{"type": "button", "sub_type": "quick_reply", "index": 0,
		"parameters": []any{map[string]any{"type": "payload", "payload": "atendente"}}}
	for _, tc := range []struct {
		name       string
		components []any
		code       string // "" for a send that goes out
		want       string
	}{
		{"the suffix given", []any{urlButton(1, "PED-42")}, "", ""},
		{"with a quick reply payload", []any{quickReply, urlButton(1, "PED-42")}, "", ""},
		{"no button component", nil, "132000",
			`template rastreio (pt_BR): its URL button 1 (https://loja.example/rastreio/{{1}}) takes 1 parameter, the end of its URL: give a button component with sub_type "url", index 1 and one text parameter; none given`},
		{"only the quick reply", []any{quickReply}, "132000", "its URL button 1 (https://loja.example/rastreio/{{1}}) takes 1 parameter"},
		{"two parameters", []any{urlButton(1, "PED-42", "x")}, "132000", "its URL button 1 (https://loja.example/rastreio/{{1}}) takes 1 parameter, the end of its URL, 2 given"},
		{"no parameter", []any{urlButton(1)}, "132000", "takes 1 parameter, the end of its URL, 0 given"},
		{"the fixed URL given one", []any{urlButton(1, "PED-42"), urlButton(2, "x")}, "132000",
			"its URL button 2 (https://loja.example/) is fixed and takes no parameters, 1 given"},
		{"the quick reply's index", []any{urlButton(0, "PED-42")}, "131009", "it has no URL button 0 (its buttons: 0 QUICK_REPLY, 1 URL, 2 URL)"},
		{"no such button", []any{urlButton(5, "PED-42")}, "131009", "it has no URL button 5"},
		{"given twice", []any{urlButton(1, "PED-42"), urlButton(1, "PED-43")}, "131009", "URL button 1 is given twice"},
		{"an empty suffix", []any{urlButton(1, "")}, "132012", "takes a text parameter, the end of its URL; an empty text given"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tpl := map[string]any{"name": "rastreio", "language": "pt_BR"}
			if tc.components != nil {
				tpl["components"] = tc.components
			}
			send := map[string]any{"to": "+" + user, "kind": "template", "template": tpl}
			before := f.sendsServed()
			_, err := tryInvoke(t, f.plugin, ActionSend, send)
			class, _, code := sdk.ClassOf(err)
			if tc.code == "" {
				if err != nil || f.sendsServed() != before+1 {
					t.Fatalf("send: %v", err)
				}
				return
			}
			if class != sdk.ClassPermanent || code != tc.code || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("send: %v (%v %q), want %s %q", err, class, code, tc.code, tc.want)
			}
			if n := f.sendsServed(); n != before {
				t.Errorf("the refused send reached Graph")
			}
			if _, perr := tryInvoke(t, f.plugin, ActionTemplatesPreview, map[string]any{"template": tpl}); fmt.Sprint(perr) != fmt.Sprint(err) {
				t.Errorf("preview: %v, send: %v", perr, err)
			}
			_, err = tryInvoke(t, unsynced, ActionSend, send)
			if _, _, simCode := sdk.ClassOf(err); simCode != tc.code || f.sendsServed() != before+1 {
				t.Errorf("the simulator answered %q (%v), the plugin %s", simCode, err, tc.code)
			}
		})
	}
	got := listed(t, f, nil, "rastreio")
	want := "[map[text:Falar com atendente type:QUICK_REPLY url:] map[text:Rastrear type:URL url:https://loja.example/rastreio/{{1}}] map[text:Loja type:URL url:https://loja.example/]]"
	if len(got) != 1 || fmt.Sprint(got[0]["buttons"]) != want {
		t.Errorf("listed buttons: %v", got)
	}
}
