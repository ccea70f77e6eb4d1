package flow

import (
	"strings"
	"testing"
)

const envFlow = `
version: 1
name: env
params:
  board: { type: string }
  limit: { type: number }
  vip: { type: bool }
  products: { type: list }
  meta: { type: object }
trigger: { on: message.received }
steps:
  - id: answer
    uses: ai.persona
    with: { persona: vendedor }
  - id: reply
    uses: sms.send
    with: { text: hi }
  - id: later
    uses: end
`

// envLinter is a linter over envFlow, for checking single expressions.
func envLinter(t testing.TB) *linter {
	t.Helper()
	f, diags := Parse("env.yaml", []byte(envFlow))
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	return newLinter(f, testCatalog(t))
}

// TestExpressionEnvironment checks what expressions at step "reply" may
// read, as conditions (which must be boolean) and as {{ }} values.
func TestExpressionEnvironment(t *testing.T) {
	const reply = 1
	tests := []struct {
		expr      string
		condition bool
		want      string // "" for clean, else "code: message fragment"
	}{
		{`contact.first_name == "Ana"`, true, ""},
		{`"vip" in contact.tags`, true, ""},
		{`contact.fields.plan == "pro"`, true, ""},
		{`message.text matches "(?i)preço|price"`, true, ""},
		{`message.media_url != "" || message.type == "image"`, true, ""},
		{`event.type == "kanban.card.moved" && event.data.stage == "Won"`, true, ""},
		{`steps.answer.output.intent == "buy"`, true, ""},
		{`steps["answer"].error != ""`, true, ""},
		{`params.board == "Vendas" && params.limit > 3 && params.vip`, true, ""},
		{`len(params.products) > 0 && params.meta.tier == "gold"`, true, ""},
		{`vars.attempts > 2`, true, ""},
		{`now.Hour() >= 9 && now.Hour() < 18`, true, ""},
		{`now.Weekday().String() != "Sunday"`, true, ""},
		{`upper(contact.first_name) + "!"`, false, ""},
		{`params.limit * 2`, false, ""},
		{`message.text`, false, ""},
		{`message.text`, true, "invalid-expression: expected bool, but got string"},
		{`contact.nickname == ""`, true, "invalid-expression: contact has no field nickname"},
		{`params.board > 3`, true, "invalid-expression: invalid operation"},
		{`params.board.x`, false, "invalid-expression: "},
		{`now() > now`, true, "invalid-expression: time.Time is not callable"},
		{`message.text +`, false, "invalid-expression: unexpected token EOF"},
		{`secrets.token`, false, "invalid-expression: unknown name secrets"},
		{`params.missing`, false, "unknown-param: params.missing is not declared"},
		{`steps.nope.output`, false, `unknown-step: no step has id "nope"`},
		{`steps.later.output`, false, `unknown-step: step "later" never runs before step "reply"`},
		{`steps.reply.output`, false, `unknown-step: step "reply" never runs before step "reply"`},
	}
	for _, tt := range tests {
		t.Run(tt.expr, func(t *testing.T) {
			l := envLinter(t)
			l.checkExpr(tt.expr, 0, exprSite{at: Pos{1, 1}, text: tt.expr, path: "x", step: reply}, tt.condition)
			var got []string
			for _, d := range l.diags {
				got = append(got, d.Code+": "+d.Message)
			}
			switch {
			case tt.want == "" && len(got) > 0:
				t.Errorf("want no problem, got %q", got)
			case tt.want != "" && (len(got) != 1 || !strings.HasPrefix(got[0], tt.want)):
				t.Errorf("want one problem starting %q, got %q", tt.want, got)
			}
		})
	}
}

func TestTemplateSegments(t *testing.T) {
	tests := []struct {
		in    string
		want  []templateSegment
		err   bool
		whole bool
	}{
		{"plain text", nil, false, false},
		{"{{ a }}", []templateSegment{{" a ", 2}}, false, true},
		{"Oi {{ contact.first_name }}!", []templateSegment{{" contact.first_name ", 5}}, false, false},
		{"ção {{ x }} e {{ y }}", []templateSegment{{" x ", 6}, {" y ", 16}}, false, false},
		{"{{ a }} {{ b }}", []templateSegment{{" a ", 2}, {" b ", 10}}, false, false},
		{"open {{ a", nil, true, false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := templateSegments(tt.in)
			if (err != nil) != tt.err {
				t.Fatalf("err = %v, want error %v", err, tt.err)
			}
			if len(got) != len(tt.want) {
				t.Fatalf("got %v, want %v", got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Errorf("segment %d = %+v, want %+v", i, got[i], tt.want[i])
				}
			}
			if wholeTemplate(tt.in) != tt.whole {
				t.Errorf("wholeTemplate = %v, want %v", !tt.whole, tt.whole)
			}
		})
	}
}

func TestParseDuration(t *testing.T) {
	tests := []struct {
		in   string
		want string
		err  bool
	}{
		{"90s", "1m30s", false},
		{"24h", "24h0m0s", false},
		{"2d", "48h0m0s", false},
		{"1w", "168h0m0s", false},
		{"1h30m", "1h30m0s", false},
		{"1.5h", "1h30m0s", false},
		{"250ms", "250ms", false},
		{"", "", true},
		{"10", "", true},
		{"1 day", "", true},
		{"-5m", "", true},
		{"20y", "", true},
		{"99999w", "", true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseDuration(tt.in)
			if (err != nil) != tt.err || (err == nil && got.String() != tt.want) {
				t.Errorf("ParseDuration(%q) = %v, %v; want %s, error %v", tt.in, got, err, tt.want, tt.err)
			}
		})
	}
}
