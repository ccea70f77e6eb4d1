package sim

import (
	"reflect"
	"strings"
	"testing"
)

func TestMessagingLimitMatchesVector(t *testing.T) {
	f := newFixture(t, nil)
	status, body := f.do("GET", "/v21.0/"+DemoPhoneNumberID+"?fields=whatsapp_business_manager_messaging_limit", DemoAccessToken, nil, "")
	want := decode(t, readVector(t, "messaging_limit_get_response.json"))
	if got := decode(t, body); status != 200 || !reflect.DeepEqual(got, want) {
		t.Fatalf("got %d %v, want %v", status, got, want)
	}
	if err := f.sim.SetMessagingLimit(DemoWABAID, Tier10K); err != nil {
		t.Fatal(err)
	}
	_, body = f.do("GET", "/v21.0/"+DemoPhoneNumberID+"?fields=whatsapp_business_manager_messaging_limit,throughput", DemoAccessToken, nil, "")
	got := decode(t, body)
	if got["whatsapp_business_manager_messaging_limit"] != "TIER_10K" || dig(got, "throughput", "level") != "STANDARD" {
		t.Fatalf("after the upgrade: %v", got)
	}
}

func TestSetQualityRating(t *testing.T) {
	f := newFixture(t, nil)
	quality := func() any {
		_, body := f.do("GET", "/v21.0/"+DemoPhoneNumberID+"?fields=quality_rating", DemoAccessToken, nil, "")
		return decode(t, body)["quality_rating"]
	}
	if q := quality(); q != "GREEN" {
		t.Fatalf("default quality %v", q)
	}
	if err := f.sim.SetQualityRating(DemoPhoneNumberID, "RED"); err != nil {
		t.Fatal(err)
	}
	if q := quality(); q != "RED" {
		t.Fatalf("after SetQualityRating: %v", q)
	}
	if err := f.sim.SetQualityRating("999", "RED"); err == nil {
		t.Fatal("an unknown number's quality was set")
	}
}

func TestPhoneNumberNode(t *testing.T) {
	f := newFixture(t, nil)
	_, body := f.do("GET", "/v21.0/"+DemoPhoneNumberID, DemoAccessToken, nil, "")
	got := decode(t, body)
	want := []string{"code_verification_status", "display_phone_number", "id", "platform_type", "quality_rating", "throughput", "verified_name"}
	if keys := sortedKeys(got); !reflect.DeepEqual(keys, want) {
		t.Fatalf("default fields %v", keys)
	}
	status, body := f.do("GET", "/v21.0/"+DemoPhoneNumberID+"?fields=bogus", DemoAccessToken, nil, "")
	if status != 400 || !strings.Contains(string(body), "nonexisting field (bogus)") {
		t.Fatalf("unknown field: %d %s", status, body)
	}
	_, body = f.do("GET", "/v21.0/"+DemoWABAID+"/phone_numbers", DemoAccessToken, nil, "")
	if data := decode(t, body)["data"].([]any); len(data) != 1 || dig(data, 0, "id") != DemoPhoneNumberID {
		t.Fatalf("phone_numbers %s", body)
	}
}

func TestTemplateList(t *testing.T) {
	f := newFixture(t, nil)
	status, body := f.do("GET", "/v21.0/"+DemoWABAID+"/message_templates", DemoAccessToken, nil, "")
	got := decode(t, body)
	data := got["data"].([]any)
	if status != 200 || len(data) != 7 {
		t.Fatalf("list: %d %s", status, body)
	}
	first := data[0].(map[string]any)
	if keys := sortedKeys(first); !reflect.DeepEqual(keys, []string{"category", "components", "id", "language", "name", "parameter_format", "status"}) {
		t.Fatalf("default template fields %v", keys)
	}
	_, body = f.do("GET", "/v21.0/"+DemoWABAID+"/message_templates?fields=name,status,quality_score&status=PAUSED", DemoAccessToken, nil, "")
	data = decode(t, body)["data"].([]any)
	if len(data) != 1 || dig(data, 0, "name") != "promo_pausada" || dig(data, 0, "quality_score", "score") != "RED" {
		t.Fatalf("filtered list %s", body)
	}
	_, body = f.do("GET", "/v21.0/"+DemoWABAID+"/message_templates?fields=name,parameter_format&limit=4", DemoAccessToken, nil, "")
	page := decode(t, body)
	next, _ := dig(page, "paging", "next").(string)
	if len(page["data"].([]any)) != 4 || next == "" || dig(page, "paging", "cursors", "after") == nil {
		t.Fatalf("first page %s", body)
	}
	_, body = f.do("GET", strings.TrimPrefix(next, f.api.URL), DemoAccessToken, nil, "")
	page = decode(t, body)
	if data := page["data"].([]any); len(data) != 3 || dig(data, 1, "name") != "promo_desativada" || dig(data, 0, "parameter_format") != "POSITIONAL" {
		t.Fatalf("second page %s", body)
	}
	if _, more := dig(page, "paging").(map[string]any)["next"]; more {
		t.Fatal("the last page has a next link")
	}
	if err := f.sim.PutTemplate(DemoWABAID, Template{Name: "promo_pausada", Language: "pt_BR", Status: "APPROVED",
		Category: "MARKETING", Components: []TemplateComponent{{Type: "BODY", Text: "Promoção"}}}); err != nil {
		t.Fatal(err)
	}
	if status, resp := f.send(`{"messaging_product":"whatsapp","to":"` + user + `","type":"template","template":{"name":"promo_pausada","language":{"code":"pt_BR"}}}`); status != 200 {
		t.Fatalf("re-approved template: %d %v", status, resp)
	}
}

func TestAuthentication(t *testing.T) {
	f := newFixture(t, func(c *Config) {
		c.Accounts = append(c.Accounts, BusinessAccount{ID: "200", AccessTokens: []string{"other-token"},
			PhoneNumbers: []PhoneNumber{{ID: "201", DisplayPhoneNumber: "5511300000000"}}})
	})
	f.sim.ExpireToken("expired-token")
	if err := f.sim.AddBusinessAccount(BusinessAccount{ID: "300", AccessTokens: []string{"expired-token"}}); err != nil {
		t.Fatal(err)
	}
	path := "/v21.0/" + DemoPhoneNumberID + "/messages"
	cases := []struct {
		name, token, path string
		status, code      int
	}{
		{"no token", "", path, 400, 2500},
		{"unknown token", "nope", path, 401, 190},
		{"expired token", "expired-token", path, 401, 190},
		{"token of another account", "other-token", path, 400, 100},
		{"unknown number", DemoAccessToken, "/v21.0/999/messages", 400, 100},
		{"unknown edge", DemoAccessToken, "/v21.0/" + DemoPhoneNumberID + "/bogus", 400, 100},
		{"unknown path", DemoAccessToken, "/v21.0/a/b/c", 400, 2500},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			status, body := f.do("POST", tc.path, tc.token, strings.NewReader(textTo(user, "x")), "application/json")
			if resp := decode(t, body); status != tc.status || graphCode(resp) != tc.code {
				t.Fatalf("got %d %s, want %d code %d", status, body, tc.status, tc.code)
			}
		})
	}
	// The version segment is optional, and access_token works as a query parameter.
	f.openWindow(user)
	status, body := f.do("POST", "/"+DemoPhoneNumberID+"/messages?access_token="+DemoAccessToken, "", strings.NewReader(textTo(user, "x")), "application/json")
	if status != 200 {
		t.Fatalf("unversioned path with access_token: %d %s", status, body)
	}
}

// TestTemplateComponents: the list carries each template's components as
// Graph does: text with its placeholders, and the samples Meta required
// at creation (body_text for positional, body_text_named_params for NAMED,
// header_handle for a media header).
func TestTemplateComponents(t *testing.T) {
	f := newFixture(t, nil)
	_, body := f.do("GET", "/v21.0/"+DemoWABAID+"/message_templates?fields=name,parameter_format,components", DemoAccessToken, nil, "")
	byName := map[string]any{}
	for _, d := range decode(t, body)["data"].([]any) {
		byName[d.(map[string]any)["name"].(string)] = d
	}
	for _, tc := range []struct {
		name   string
		path   []any
		want   any
		format string
	}{
		{"pedido_confirmado", []any{"components", 0, "text"}, "Olá {{1}}, seu pedido {{2}} foi confirmado.", "POSITIONAL"},
		{"pedido_confirmado", []any{"components", 0, "example", "body_text", 0, 1}, "#1042", "POSITIONAL"},
		{"pedido_confirmado", []any{"components", 1, "buttons", 0, "type"}, "QUICK_REPLY", "POSITIONAL"},
		{"boas_vindas", []any{"components", 0, "example", "body_text_named_params", 1, "param_name"}, "offer", "NAMED"},
		{"boas_vindas", []any{"components", 0, "example", "body_text_named_params", 1, "example"}, "frete grátis", "NAMED"},
		{"promo_imagem", []any{"components", 0, "format"}, "IMAGE", "POSITIONAL"},
		{"promo_imagem", []any{"components", 0, "example", "header_handle", 0}, "https://scontent.whatsapp.net/v/promo_imagem.jpg", "POSITIONAL"},
		{"hello_world", []any{"components", 0, "text"}, "Hello World", "POSITIONAL"},
	} {
		if got := dig(byName[tc.name], tc.path...); got != tc.want {
			t.Errorf("%s %v = %v, want %v", tc.name, tc.path, got, tc.want)
		}
		if got := dig(byName[tc.name], "parameter_format"); got != tc.format {
			t.Errorf("%s parameter_format = %v", tc.name, got)
		}
	}
	if _, ok := dig(byName["hello_world"], "components", 1).(map[string]any)["example"]; ok {
		t.Error("a body without placeholders lists an example")
	}
}

// TestPhoneNumberNodeAuthentication: reading a phone number node checks
// the token as sending does: the fields a connection check asks for, 190
// for a token Meta does not know or that expired, 100 for a number the
// token cannot see.
func TestPhoneNumberNodeAuthentication(t *testing.T) {
	f := newFixture(t, nil)
	const fields = "?fields=display_phone_number,verified_name,quality_rating"
	status, body := f.do("GET", "/v21.0/"+DemoPhoneNumberID+fields, DemoAccessToken, nil, "")
	got := decode(t, body)
	if status != 200 || !reflect.DeepEqual(sortedKeys(got), []string{"display_phone_number", "id", "quality_rating", "verified_name"}) ||
		got["id"] != DemoPhoneNumberID || got["quality_rating"] != "GREEN" {
		t.Fatalf("node: %d %s", status, body)
	}
	f.sim.ExpireToken("expired-token")
	if err := f.sim.AddBusinessAccount(BusinessAccount{ID: "300", AccessTokens: []string{"expired-token"}}); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, token, id string
		status, code    int
	}{
		{"unknown token", "nope", DemoPhoneNumberID, 401, 190},
		{"expired token", "expired-token", DemoPhoneNumberID, 401, 190},
		{"unknown number", DemoAccessToken, "999", 400, 100},
	} {
		status, body := f.do("GET", "/v21.0/"+tc.id+fields, tc.token, nil, "")
		if resp := decode(t, body); status != tc.status || graphCode(resp) != tc.code {
			t.Errorf("%s: got %d %s, want %d code %d", tc.name, status, body, tc.status, tc.code)
		}
	}
}
