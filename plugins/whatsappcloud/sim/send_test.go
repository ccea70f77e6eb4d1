package sim

import (
	"reflect"
	"sort"
	"strings"
	"testing"
)

func TestSendEveryType(t *testing.T) {
	f := newFixture(t, nil)
	f.openWindow(user)
	inboundID := f.openWindow(user)
	image := `{"link":"https://cdn.example.com/a.jpg","caption":"Promo"}`
	cases := []struct {
		name, typ, payload, wantBody string
		template                     bool
	}{
		{"text", "text", `"text":{"preview_url":true,"body":"Olá!"}`, "Olá!", false},
		{"image by link", "image", `"image":` + image, "Promo", false},
		{"audio", "audio", `"audio":{"link":"https://cdn.example.com/a.ogg"}`, "", false},
		{"video", "video", `"video":{"link":"https://cdn.example.com/a.mp4","caption":"Vídeo"}`, "Vídeo", false},
		{"document", "document", `"document":{"link":"https://cdn.example.com/a.pdf","filename":"a.pdf","caption":"Boleto"}`, "Boleto", false},
		{"sticker", "sticker", `"sticker":{"link":"https://cdn.example.com/a.webp"}`, "", false},
		{"reply buttons", "interactive", `"interactive":{"type":"button","body":{"text":"Confirma?"},"action":{"buttons":[` +
			`{"type":"reply","reply":{"id":"yes","title":"Sim"}},{"type":"reply","reply":{"id":"no","title":"Não"}}]}}`, "Confirma?", false},
		{"list", "interactive", `"interactive":{"type":"list","body":{"text":"Escolha"},"action":{"button":"Opções","sections":[` +
			`{"title":"Frete","rows":[{"id":"express","title":"Expresso","description":"1 dia"}]}]}}`, "Escolha", false},
		{"cta url", "interactive", `"interactive":{"type":"cta_url","body":{"text":"Veja"},"action":{"name":"cta_url","parameters":{"display_text":"Abrir","url":"https://x.example"}}}`, "Veja", false},
		{"reaction", "reaction", `"reaction":{"message_id":"` + inboundID + `","emoji":"👍"}`, "👍", false},
		{"location", "location", `"location":{"latitude":-23.5,"longitude":-46.6,"name":"Loja"}`, "Loja", false},
		{"contacts", "contacts", `"contacts":[{"name":{"formatted_name":"Ana"},"phones":[{"phone":"+5511999990000"}]}]`, "", false},
		{"template positional", "template", `"template":{"name":"pedido_confirmado","language":{"code":"pt_BR"},` +
			`"components":[{"type":"body","parameters":[{"type":"text","text":"Ana"},{"type":"text","text":"#42"}]}]}`,
			"Olá Ana, seu pedido #42 foi confirmado.", true},
		{"template named", "template", `"template":{"name":"boas_vindas","language":{"code":"pt_BR"},"components":[{"type":"body","parameters":[` +
			`{"type":"text","parameter_name":"first_name","text":"Ana"},{"type":"text","parameter_name":"offer","text":"10% off"}]}]}`,
			"Oi Ana! Temos uma oferta para você: 10% off.", true},
		{"template image header", "template", `"template":{"name":"promo_imagem","language":{"code":"pt_BR"},"components":[` +
			`{"type":"header","parameters":[{"type":"image","image":{"link":"https://cdn.example.com/p.png"}}]},` +
			`{"type":"body","parameters":[{"type":"currency","currency":{"fallback_value":"R$ 9,90","code":"BRL","amount_1000":9900}}]}]}`,
			"Confira a promoção de R$ 9,90!", true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			to := "+55 11 98765-4321"
			status, resp := f.send(`{"messaging_product":"whatsapp","recipient_type":"individual","to":"` + to +
				`","type":"` + tc.typ + `",` + tc.payload + `}`)
			if status != 200 {
				t.Fatalf("status %d: %v", status, resp)
			}
			assertSendResponse(t, resp, to, tc.template)
			id := dig(resp, "messages", 0, "id").(string)
			m, ok := f.sim.Message(id)
			if !ok || m.Type != tc.typ || m.Body != tc.wantBody || m.WaID != user {
				t.Fatalf("recorded %+v, want type %s body %q", m, tc.typ, tc.wantBody)
			}
		})
	}
	if got := len(f.sim.Messages(Filter{To: user})); got != len(cases) {
		t.Fatalf("inspection lists %d messages, want %d", got, len(cases))
	}
}

// assertSendResponse checks the exact shape of Meta's send response.
func assertSendResponse(t *testing.T, resp map[string]any, to string, template bool) {
	t.Helper()
	if keys := sortedKeys(resp); !reflect.DeepEqual(keys, []string{"contacts", "messages", "messaging_product"}) {
		t.Fatalf("response keys %v", keys)
	}
	contact := dig(resp, "contacts", 0).(map[string]any)
	if contact["input"] != to || contact["wa_id"] != user || len(contact) != 2 {
		t.Fatalf("contacts %v", contact)
	}
	msg := dig(resp, "messages", 0).(map[string]any)
	if !strings.HasPrefix(msg["id"].(string), "wamid.") {
		t.Fatalf("message id %v", msg["id"])
	}
	if _, has := msg["message_status"]; has != template || (template && msg["message_status"] != "accepted") {
		t.Fatalf("message_status in %v (template %v)", msg, template)
	}
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func TestSendErrors(t *testing.T) {
	f := newFixture(t, nil)
	f.openWindow(user)
	tmpl := func(name, lang, components string) string {
		return `{"messaging_product":"whatsapp","to":"` + user + `","type":"template","template":{"name":"` + name +
			`","language":{"code":"` + lang + `"},"components":[` + components + `]}}`
	}
	body1 := `{"type":"body","parameters":[{"type":"text","text":"Ana"}]}`
	body2 := func(a, b string) string {
		return `{"type":"body","parameters":[{"type":"text","text":"` + a + `"},{"type":"text","text":"` + b + `"}]}`
	}
	cases := []struct {
		name, body string
		status     int
		code       int
	}{
		{"not json", `{"messaging_product":`, 400, 100},
		{"no messaging_product", `{"to":"` + user + `","text":{"body":"x"}}`, 400, 100},
		{"wrong messaging_product", `{"messaging_product":"sms","to":"` + user + `","text":{"body":"x"}}`, 400, 100},
		{"no to", `{"messaging_product":"whatsapp","text":{"body":"x"}}`, 400, 100},
		{"bad to", `{"messaging_product":"whatsapp","to":"abc","text":{"body":"x"}}`, 400, 100},
		{"unknown type", `{"messaging_product":"whatsapp","to":"` + user + `","type":"hologram"}`, 400, 100},
		{"text without body", `{"messaging_product":"whatsapp","to":"` + user + `","type":"text","text":{}}`, 400, 100},
		{"text too long", textTo(user, strings.Repeat("a", 4097)), 400, 100},
		{"image with id and link", `{"messaging_product":"whatsapp","to":"` + user + `","type":"image","image":{"id":"1","link":"https://x.example/a.png"}}`, 400, 100},
		{"image bad link", `{"messaging_product":"whatsapp","to":"` + user + `","type":"image","image":{"link":"ftp://x/a.png"}}`, 400, 100},
		{"four buttons", `{"messaging_product":"whatsapp","to":"` + user + `","type":"interactive","interactive":{"type":"button","body":{"text":"?"},"action":{"buttons":[` +
			strings.Repeat(`{"type":"reply","reply":{"id":"a","title":"A"}},`, 3) + `{"type":"reply","reply":{"id":"d","title":"D"}}]}}}`, 400, 131009},
		{"list without rows", `{"messaging_product":"whatsapp","to":"` + user + `","type":"interactive","interactive":{"type":"list","body":{"text":"?"},"action":{"button":"Ver","sections":[{"title":"s","rows":[]}]}}}`, 400, 131009},
		{"reaction without message", `{"messaging_product":"whatsapp","to":"` + user + `","type":"reaction","reaction":{"emoji":"👍"}}`, 400, 100},
		{"recipient is sender", textTo(DemoDisplayNumber, "x"), 400, 131021},
		{"template missing", tmpl("nao_existe", "pt_BR", ""), 404, 132001},
		{"template wrong language", tmpl("pedido_confirmado", "en_US", body2("a", "b")), 404, 132001},
		{"template param count", tmpl("pedido_confirmado", "pt_BR", body1), 400, 132000},
		{"template named param missing", tmpl("boas_vindas", "pt_BR", body2("a", "b")), 400, 132000},
		{"template param format", tmpl("pedido_confirmado", "pt_BR", `{"type":"body","parameters":[{"type":"image","image":{"link":"https://x.example/a.png"}},{"type":"text","text":"b"}]}`), 400, 132012},
		{"template header mismatch", tmpl("promo_imagem", "pt_BR", body1), 400, 132012},
		{"template newline param", tmpl("pedido_confirmado", "pt_BR", body2("a\\nb", "c")), 400, 132018},
		{"template too long", tmpl("pedido_confirmado", "pt_BR", body2(strings.Repeat("a", 1000), "c")), 400, 132005},
		{"template paused", tmpl("promo_pausada", "pt_BR", ""), 400, 132015},
		{"template disabled", tmpl("promo_desativada", "pt_BR", ""), 400, 132016},
		{"mark read unknown id", `{"messaging_product":"whatsapp","status":"read","message_id":"wamid.nope"}`, 400, 100},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			status, resp := f.send(tc.body)
			if status != tc.status || graphCode(resp) != tc.code {
				t.Fatalf("got %d code %d, want %d code %d: %v", status, graphCode(resp), tc.status, tc.code, resp)
			}
			assertGraphError(t, resp)
		})
	}
	if n := len(f.sim.Messages(Filter{})); n != 0 {
		t.Fatalf("%d messages recorded from rejected requests", n)
	}
}

// assertGraphError checks the error object carries Graph's fields.
func assertGraphError(t *testing.T, resp map[string]any) {
	t.Helper()
	e := resp["error"].(map[string]any)
	for _, k := range []string{"message", "type", "code", "fbtrace_id"} {
		if _, ok := e[k]; !ok {
			t.Fatalf("error object lacks %q: %v", k, e)
		}
	}
}

func TestMarkAsRead(t *testing.T) {
	f := newFixture(t, nil)
	id := f.openWindow(user)
	status, resp := f.send(`{"messaging_product":"whatsapp","status":"read","message_id":"` + id + `"}`)
	if status != 200 || !reflect.DeepEqual(resp, map[string]any{"success": true}) {
		t.Fatalf("mark as read: %d %v", status, resp)
	}
	got := f.sim.Received()
	if len(got) != 1 || got[0].ReadAt.IsZero() {
		t.Fatalf("received %+v, want it marked read", got)
	}
}
