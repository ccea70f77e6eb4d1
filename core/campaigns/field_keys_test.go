package campaigns

import (
	"encoding/json"
	"testing"

	"github.com/masteria/masteria/core/apperr"
)

// TestCampaignFieldProblemsAreKeyed: a campaign's message, template,
// schedule and audience problems carry a reason and params beside their
// unchanged English, so the form words them; an expression's place is a
// line and column in the text it sits in.
func TestCampaignFieldProblemsAreKeyed(t *testing.T) {
	tpl := func(m Template) *Message { return &Message{Template: &m} }
	for _, tc := range []struct {
		name    string
		channel string
		spec    Spec
		field   string
		text    string
		reason  apperr.FieldReason
		params  string
	}{
		{"neither", "whatsapp", Spec{}, "spec", "give exactly one of message (one message) and flow (a cadence)", apperr.FieldMessageOrFlow, "null"},
		{"two parts", "whatsapp", Spec{Message: &Message{Text: "oi", Media: &Media{Type: "image", Link: "https://x/y.png"}}}, "spec.message",
			"give exactly one of text, template and media", apperr.FieldOneMessagePart, "null"},
		{"sms template", "sms", Spec{Message: tpl(Template{Name: "a", Language: "pt_BR"})}, "spec.message", "SMS campaigns send text", apperr.FieldSMSTextOnly, "null"},
		{"template language", "whatsapp", Spec{Message: tpl(Template{Name: "a"})}, "spec.message.template", "name and language are required",
			apperr.FieldTemplateNameLang, "null"},
		{"header", "whatsapp", Spec{Message: tpl(Template{Name: "a", Language: "pt_BR", Header: &Media{Type: "audio", Link: "https://x"}})},
			"spec.message.template.header", "type (image, video, document) and a link, an id or a stored file (blob_id) are required",
			apperr.FieldMediaSource, `{"types":"image, video, document"}`},
		{"button index", "whatsapp", Spec{Message: tpl(Template{Name: "a", Language: "pt_BR", Buttons: map[string]string{"x": "1"}})},
			"spec.message.template.buttons.x", "buttons are keyed by the button's index, 0 to 9", apperr.FieldButtonIndex, "null"},
		{"button suffix", "whatsapp", Spec{Message: tpl(Template{Name: "a", Language: "pt_BR", Buttons: map[string]string{"0": " "}})},
			"spec.message.template.buttons.0", "give the end of the button's URL", apperr.FieldButtonURLSuffix, "null"},
		{"variable", "whatsapp", Spec{Message: tpl(Template{Name: "a", Language: "pt_BR", Variables: map[string]string{"1": "Oi {{ contact.nome }}"}})},
			"spec.message.template.variables.1", "type flow.Contact has no field nome (1:10)\n |  contact.nome \n | .........^",
			apperr.FieldExprUnknownField, `{"column":15,"field":"nome","line":1,"object":"contact"}`},
		{"unclosed", "sms", Spec{Message: &Message{Text: "Oi {{ contact.name"}}, "spec.message.text", "{{ is never closed with }}",
			apperr.FieldExprUnclosedBraces, "null"},
		{"audience field", "sms", Spec{Audience: Audience{Expression: `contact.foo == 1`}, Message: &Message{Text: "oi"}}, "spec.audience.expression",
			"type flow.Contact has no field foo (1:9)\n | contact.foo == 1\n | ........^", apperr.FieldExprUnknownField,
			`{"column":9,"field":"foo","line":1,"object":"contact"}`},
		{"audience end", "sms", Spec{Audience: Audience{Expression: `contact.name ==`}, Message: &Message{Text: "oi"}}, "spec.audience.expression",
			"unexpected token EOF (1:15)\n | contact.name ==\n | ..............^", apperr.FieldExprUnexpectedEnd, `{"column":15,"line":1}`},
		{"audience name", "sms", Spec{Audience: Audience{Expression: "contact.name == \"a\" ||\n  nome == 1"}, Message: &Message{Text: "oi"}},
			"spec.audience.expression", "unknown name nome (2:3)\n |   nome == 1\n | ..^", apperr.FieldExprUnknownName, `{"column":3,"line":2,"name":"nome"}`},
		{"audience token", "sms", Spec{Audience: Audience{Expression: `contact.name = "a"`}, Message: &Message{Text: "oi"}}, "spec.audience.expression",
			"unexpected token Operator(\"=\") (1:14)\n | contact.name = \"a\"\n | .............^", apperr.FieldExprUnexpectedToken,
			`{"column":14,"line":1,"token":"="}`},
		{"audience not a condition", "sms", Spec{Audience: Audience{Expression: `contact.name`}, Message: &Message{Text: "oi"}}, "spec.audience.expression",
			"expected bool, but got string", apperr.FieldExprNotCondition, `{"got":"string"}`},
		{"local time", "sms", Spec{Message: &Message{Text: "oi"}, Schedule: Schedule{LocalAt: "amanhã 9h"}}, "spec.schedule.local_at",
			"must look like 2026-05-01T09:00", apperr.FieldInvalidLocalTime, "null"},
		{"clock", "sms", Spec{Message: &Message{Text: "oi"}, Schedule: Schedule{Allowed: &Window{From: "9h", To: "18:00"}}}, "spec.schedule.allowed_hours",
			`"9h" is not HH:MM`, apperr.FieldInvalidClock, `{"value":"9h"}`},
		{"window order", "sms", Spec{Message: &Message{Text: "oi"}, Schedule: Schedule{Allowed: &Window{From: "20:00", To: "09:00"}}},
			"spec.schedule.allowed_hours", "from must be before to (windows do not cross midnight)", apperr.FieldWindowOrder, "null"},
		{"weekday", "sms", Spec{Message: &Message{Text: "oi"}, Schedule: Schedule{Allowed: &Window{From: "09:00", To: "18:00", Days: []string{"seg"}}}},
			"spec.schedule.allowed_hours", `day "seg" is not one of mon…sun`, apperr.FieldInvalidWeekday, `{"value":"seg"}`},
		{"breaker", "sms", Spec{Message: &Message{Text: "oi"}, Breaker: Breaker{MaxFailed: 2}}, "spec.breaker", "limits are shares between 0 and 1",
			apperr.FieldNumberRange, `{"max":1,"min":0}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := compile(tc.channel, tc.spec)
			e, ok := apperr.As(err)
			if !ok {
				t.Fatalf("compiled: %v", err)
			}
			k := e.FieldReasons[tc.field]
			params, _ := json.Marshal(k.Params)
			if e.Reason != apperr.CampaignInvalid || e.Fields[tc.field] != tc.text || k.Reason != tc.reason || string(params) != tc.params {
				t.Fatalf("got %q %s %s (all: %v)", e.Fields[tc.field], k.Reason, params, e.Fields)
			}
		})
	}
}

// TestTemplateJudgementIsKeyed: the catalog's refusals of a template name
// it, its language and status in params.
func TestTemplateJudgementIsKeyed(t *testing.T) {
	tpl := &Template{Name: "pedido", Language: "pt_BR"}
	for _, tc := range []struct {
		states []TemplateState
		field  string
		reason apperr.FieldReason
		params string
	}{
		{nil, "spec.message.template.name", apperr.FieldUnknownTemplate, `{"name":"pedido"}`},
		{[]TemplateState{{Language: "en_US"}, {Language: "es"}}, "spec.message.template.language", apperr.FieldTemplateLanguage,
			`{"language":"pt_BR","languages":"en_US, es","name":"pedido"}`},
		{[]TemplateState{{Language: "pt_BR", Status: "REJECTED", Reason: "INCORRECT_CATEGORY"}}, "spec.message.template.name",
			apperr.FieldTemplateNotApproved, `{"language":"pt_BR","name":"pedido","reason":"INCORRECT_CATEGORY","status":"REJECTED"}`},
	} {
		field, f := judgeTemplate(tpl, tc.states, true)
		params, _ := json.Marshal(f.Params)
		if field != tc.field || f.Reason != tc.reason || string(params) != tc.params || f.Text == "" {
			t.Errorf("%s: %s %+v", tc.reason, field, f)
		}
	}
}
