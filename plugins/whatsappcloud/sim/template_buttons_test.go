package sim

import (
	"strings"
	"testing"
)

// rastreio has a quick reply, a dynamic URL button and a static one.
var rastreio = Template{Name: "rastreio", Language: "pt_BR", Category: "UTILITY", Status: "APPROVED",
	Components: []TemplateComponent{
		{Type: "BODY", Text: "Seu pedido saiu para entrega."},
		{Type: "BUTTONS", Buttons: []TemplateButton{
			{Type: "QUICK_REPLY", Text: "Falar com atendente"},
			{Type: "URL", Text: "Rastrear", URL: "https://loja.example/rastreio/{{1}}", Example: []string{"https://loja.example/rastreio/ABC123"}},
			{Type: "URL", Text: "Loja", URL: "https://loja.example/"}}}}}

// TestTemplateURLButtons: a dynamic URL button's suffix is required in a
// url button component at its index, once, and nothing else takes one.
func TestTemplateURLButtons(t *testing.T) {
	f := newFixture(t, nil)
	if err := f.sim.PutTemplate(DemoWABAID, rastreio); err != nil {
		t.Fatal(err)
	}
	url := func(index, params string) string {
		return `{"type":"button","sub_type":"url","index":` + index + `,"parameters":[` + params + `]}`
	}
	suffix := `{"type":"text","text":"PED-42"}`
	for _, tc := range []struct {
		name, components string
		status, code     int
		details          string
	}{
		{"the suffix given", url(`"1"`, suffix), 200, 0, ""},
		{"index as a number", url(`1`, suffix), 200, 0, ""},
		{"with a quick reply payload", `{"type":"button","sub_type":"quick_reply","index":"0","parameters":[{"type":"payload","payload":"atd"}]},` + url(`"1"`, suffix), 200, 0, ""},
		{"no button component", ``, 400, 132000, "buttons: Button at index 1 of type Url requires a parameter"},
		{"only a quick reply", `{"type":"button","sub_type":"quick_reply","index":"0","parameters":[{"type":"payload","payload":"atd"}]}`, 400, 132000, "Button at index 1 of type Url requires a parameter"},
		{"two parameters", url(`"1"`, suffix+","+suffix), 400, 132000, "number of localizable_params (2) does not match the expected number of params (1)"},
		{"no parameter", url(`"1"`, ``), 400, 132000, "number of localizable_params (0) does not match the expected number of params (1)"},
		{"the static URL given one", url(`"1"`, suffix) + "," + url(`"2"`, suffix), 400, 132000, "number of localizable_params (1) does not match the expected number of params (0)"},
		{"the quick reply's index", url(`"0"`, suffix), 400, 131009, "Button at index 0 of type Url does not exist"},
		{"no such button", url(`"5"`, suffix), 400, 131009, "Button at index 5 of type Url does not exist"},
		{"given twice", url(`"1"`, suffix) + "," + url(`"1"`, suffix), 400, 131009, "Button at index 1 of type Url does not exist"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			body := `{"messaging_product":"whatsapp","to":"` + user + `","type":"template","template":{"name":"rastreio","language":{"code":"pt_BR"},"components":[` +
				tc.components + `]}}`
			status, resp := f.send(body)
			details := ""
			if e, ok := resp["error"].(map[string]any); ok {
				details, _ = dig(e, "error_data", "details").(string)
			}
			if status != tc.status || (tc.code != 0 && graphCode(resp) != tc.code) || !strings.Contains(details, tc.details) {
				t.Errorf("%d %v", status, resp)
			}
			if tc.code == 132000 && dig(resp, "error", "message") != "(#132000) Number of parameters does not match the expected number of params" {
				t.Errorf("message %v", dig(resp, "error", "message"))
			}
		})
	}
}
