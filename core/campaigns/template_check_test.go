package campaigns

import (
	"context"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/masteria/masteria/core/apperr"
	"github.com/masteria/masteria/sdk"
)

// checkingSender answers template lookups with states (or listErr) and
// checks with err, and records the checks it was asked.
type checkingSender struct {
	states  []TemplateState
	listErr error
	err     error
	asked   []map[string]any
}

func (c *checkingSender) Send(context.Context, Outbound) (string, error) {
	return "", errors.New("not sending")
}

func (c *checkingSender) TemplateStates(context.Context, string, string, string) ([]TemplateState, error) {
	return c.states, c.listErr
}

func (c *checkingSender) CheckTemplate(_ context.Context, _, _ string, tpl map[string]any) error {
	c.asked = append(c.asked, tpl)
	return c.err
}

var approvedPedido = []TemplateState{{Name: "pedido", Language: "pt_BR", Status: "APPROVED"}}

// TestTemplateCheckRefusesOnlyWhatTheCatalogRefuses: the channel's
// parameter (132000) and header (132012) refusals fail the save with the
// field they blame; a check that cannot be made (the plugin down, another
// permanent error) keeps the campaign, as Meta judges each send anyway.
func TestTemplateCheckRefusesOnlyWhatTheCatalogRefuses(t *testing.T) {
	spec := Spec{Message: &Message{Template: &Template{Name: "pedido", Language: "pt_BR",
		Variables: map[string]string{"1": "{{ contact.first_name }}"}}}}
	for i, tc := range []struct {
		err   error
		field string // "" saves
	}{
		{sdk.Permanent(errors.New("whatsapp-cloud: pedido (pt_BR) takes 2 parameters"), "132000"), "spec.message.template.variables"},
		{sdk.Permanent(errors.New("whatsapp-cloud: pedido (pt_BR) has an image header"), "132012"), "spec.message.template.header"},
		{sdk.Retryable(errors.New("plugin restarting"), 0), ""},
		{sdk.Permanent(errors.New("no such action"), ""), ""},
		{nil, ""},
	} {
		sender := &checkingSender{states: approvedPedido, err: tc.err}
		r := newRig(t, "sqlite", sender)
		_, err := r.svc.Create(context.Background(), r.p, Input{Name: "c", Channel: "whatsapp", Spec: spec})
		e, _ := apperr.As(err)
		switch {
		case tc.field == "" && err != nil:
			t.Errorf("case %d: refused: %v", i, err)
		case tc.field != "" && (e == nil || !strings.HasPrefix(e.Fields[tc.field], "pedido")):
			t.Errorf("case %d: %v (%+v), want a refusal of %s without the plugin's prefix", i, err, e, tc.field)
		}
		if len(sender.asked) != 1 || sender.asked[0]["name"] != "pedido" {
			t.Errorf("case %d: asked %v", i, sender.asked)
		}
	}
}

// TestTemplateCheckNeedsAnApprovedTemplate: a template the catalog lacks,
// or has in other languages only, is refused when saved, naming the field
// and what exists; a rejected or disabled one too; a pending or paused one
// is kept as a draft (Meta may approve or reinstate it) but cannot start
// sending now (it can be scheduled for later).
// A catalog that cannot be read refuses nothing.
func TestTemplateCheckNeedsAnApprovedTemplate(t *testing.T) {
	state := func(lang, status string) []TemplateState {
		return []TemplateState{{Name: "pedido", Language: lang, Status: status, Reason: map[bool]string{true: "INCORRECT_CATEGORY"}[status == "REJECTED"]}}
	}
	for _, tc := range []struct {
		name          string
		states        []TemplateState
		listErr       error
		saveField     string // "" saves
		startField    string // "" starts
		problemSubstr string
		later         bool // scheduled a day from now
	}{
		{"unknown", nil, nil, "spec.message.template.name", "", "no template named \"pedido\"", false},
		{"other language", append(state("en_US", "APPROVED"), state("es", "APPROVED")...), nil, "spec.message.template.language", "", "en_US, es", false},
		{"rejected", state("pt_BR", "REJECTED"), nil, "spec.message.template.name", "", "REJECTED at Meta", false},
		{"disabled", state("pt_BR", "DISABLED"), nil, "spec.message.template.name", "", "DISABLED", false},
		{"paused", state("pt_BR", "PAUSED"), nil, "", "spec.message.template.name", "PAUSED at Meta", false},
		{"pending", state("pt_BR", "PENDING"), nil, "", "spec.message.template.name", "PENDING", false},
		{"approved", state("pt_BR", "APPROVED"), nil, "", "", "", false},
		{"paused, scheduled for later", state("pt_BR", "PAUSED"), nil, "", "", "", true},
		{"disabled, scheduled for later", state("pt_BR", "DISABLED"), nil, "spec.message.template.name", "", "DISABLED", true},
		{"catalog unreadable", nil, sdk.Retryable(errors.New("plugin restarting"), 0), "", "", "", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sender := &checkingSender{states: tc.states, listErr: tc.listErr}
			r := newRig(t, "sqlite", sender)
			in := Input{Name: "c", Channel: "whatsapp", Spec: Spec{Message: &Message{Template: &Template{Name: "pedido", Language: "pt_BR"}}}}
			if tc.later {
				at := time.Now().Add(24 * time.Hour)
				in.Spec.Schedule.At = &at
			}
			c, err := r.svc.Create(context.Background(), r.p, in)
			if !refusedOn(t, "save", err, tc.saveField, tc.problemSubstr) || tc.saveField != "" {
				return
			}
			_, err = r.svc.Start(context.Background(), r.p, c.ID)
			refusedOn(t, "start", err, tc.startField, tc.problemSubstr)
		})
	}
}

// refusedOn checks err refuses field with a problem holding substr, or is
// nil when field is ""; it reports whether it was as expected.
func refusedOn(t *testing.T, step string, err error, field, substr string) bool {
	t.Helper()
	e, _ := apperr.As(err)
	switch {
	case field == "" && err != nil:
		t.Errorf("%s refused: %v", step, err)
	case field != "" && (e == nil || !strings.Contains(e.Fields[field], substr)):
		t.Errorf("%s: %v (%+v), want %s refused with %q", step, err, e, field, substr)
	default:
		return true
	}
	return false
}

// enviado is a template with a text header placeholder, two body ones and
// a dynamic URL button at index 0, as the catalog lists it.
var enviado = []TemplateState{{Name: "pedido_enviado", Language: "pt_BR", Status: "APPROVED", Parameters: []TemplateParameter{
	{Component: "header", Name: "1"}, {Component: "body", Name: "1"}, {Component: "body", Name: "2"}, {Component: "button", Name: "1", Index: 0}}}}

// TestTemplateCheckBlamesTheMismatchedPart: a 132000 refusal names the
// field whose placeholders differ from the catalog's (the text header's,
// the URL buttons', else the body's), and the check sends the header and
// button values as the components Graph takes.
func TestTemplateCheckBlamesTheMismatchedPart(t *testing.T) {
	body := map[string]string{"1": "{{ contact.first_name }}", "2": "3"}
	header := map[string]string{"1": "{{ contact.fields.pedido }}"}
	buttons := map[string]string{"0": "{{ contact.fields.rastreio }}"}
	for i, tc := range []struct {
		tpl   Template
		field string
	}{
		{Template{Variables: body, Buttons: buttons}, "spec.message.template.header_variables"},
		{Template{Variables: body, HeaderVariables: header}, "spec.message.template.buttons"},
		{Template{Variables: body, HeaderVariables: header, Buttons: map[string]string{"1": "x"}}, "spec.message.template.buttons"},
		{Template{Variables: map[string]string{"1": "Ana"}, HeaderVariables: header, Buttons: buttons}, "spec.message.template.variables"},
	} {
		tc.tpl.Name, tc.tpl.Language = "pedido_enviado", "pt_BR"
		sender := &checkingSender{states: enviado, err: sdk.Permanent(errors.New("whatsapp-cloud: pedido_enviado (pt_BR) does not fit"), "132000")}
		r := newRig(t, "sqlite", sender)
		_, err := r.svc.Create(context.Background(), r.p, Input{Name: "c", Channel: "whatsapp", Spec: Spec{Message: &Message{Template: &tc.tpl}}})
		if e, _ := apperr.As(err); e == nil || e.Fields[tc.field] == "" {
			t.Errorf("case %d: %v (%+v), want a refusal of %s", i, err, e, tc.field)
		}
	}

	sender := &checkingSender{states: enviado}
	r := newRig(t, "sqlite", sender)
	tpl := Template{Name: "pedido_enviado", Language: "pt_BR", Variables: body, HeaderVariables: header, Buttons: buttons}
	if _, err := r.svc.Create(context.Background(), r.p, Input{Name: "c", Channel: "whatsapp", Spec: Spec{Message: &Message{Template: &tpl}}}); err != nil {
		t.Fatal(err)
	}
	got, _ := json.Marshal(sender.asked[0]["components"])
	want := `[{"parameters":[{"text":"{{ contact.fields.pedido }}","type":"text"}],"type":"header"},` +
		`{"index":0,"parameters":[{"text":"{{ contact.fields.rastreio }}","type":"text"}],"sub_type":"url","type":"button"}]`
	if string(got) != want {
		t.Errorf("checked components %s\nwant %s", got, want)
	}
}

// TestTemplateInputOrdersParameters: positional values go in number order
// ("10" after "2"), named ones by name; buttons by index.
func TestTemplateInputOrdersParameters(t *testing.T) {
	nums := map[string]string{}
	for i := 1; i <= 11; i++ {
		nums[strconv.Itoa(i)] = "v" + strconv.Itoa(i)
	}
	in := templateInput(&Template{Name: "x", Language: "pt_BR"}, templateValues{header: nums,
		buttons: map[string]string{"2": "b", "0": "a"}})
	cs := in["components"].([]any)
	params := cs[0].(map[string]any)["parameters"].([]any)
	for i, p := range params {
		if p.(map[string]any)["text"] != "v"+strconv.Itoa(i+1) || p.(map[string]any)["parameter_name"] != nil {
			t.Fatalf("header parameter %d = %v", i, p)
		}
	}
	if cs[1].(map[string]any)["index"] != 0 || cs[2].(map[string]any)["index"] != 2 {
		t.Errorf("buttons out of order: %v", cs[1:])
	}
	named := textParams(map[string]string{"pedido": "#1", "nome": "Ana"})
	if named[0].(map[string]any)["parameter_name"] != "nome" || named[1].(map[string]any)["parameter_name"] != "pedido" {
		t.Errorf("named parameters %v", named)
	}
}

// TestTemplateButtonsAndHeaderValidated: buttons are keyed by index and
// give a URL ending; a header is media or text values, not both.
func TestTemplateButtonsAndHeaderValidated(t *testing.T) {
	media := &Media{Type: "image", Link: "https://x.example/a.jpg"}
	for field, tpl := range map[string]Template{
		"spec.message.template.buttons.x":        {Buttons: map[string]string{"x": "1"}},
		"spec.message.template.buttons.0":        {Buttons: map[string]string{"0": " "}},
		"spec.message.template.header_variables": {Header: media, HeaderVariables: map[string]string{"1": "a"}},
	} {
		tpl.Name, tpl.Language = "pedido_enviado", "pt_BR"
		r := newRig(t, "sqlite", &checkingSender{states: enviado})
		_, err := r.svc.Create(context.Background(), r.p, Input{Name: "c", Channel: "whatsapp", Spec: Spec{Message: &Message{Template: &tpl}}})
		if e, _ := apperr.As(err); e == nil || e.Fields[field] == "" {
			t.Errorf("%s: %v (%+v)", field, err, e)
		}
	}
}

// hangingSender's plugin never answers a template lookup: it waits for
// the caller to give up, and notes whether the caller would.
type hangingSender struct {
	checkingSender
	unbounded bool
}

func (h *hangingSender) TemplateStates(ctx context.Context, _, _, _ string) ([]TemplateState, error) {
	if _, ok := ctx.Deadline(); !ok {
		h.unbounded = true
		return nil, errors.New("would wait for the bus's timeout")
	}
	<-ctx.Done()
	return nil, ctx.Err()
}

// TestTemplateCheckDoesNotWaitForAHungPlugin: a plugin that does not
// answer delays the save by the check's bound, and the campaign is kept.
func TestTemplateCheckDoesNotWaitForAHungPlugin(t *testing.T) {
	defer func(d time.Duration) { templateCheckTimeout = d }(templateCheckTimeout)
	templateCheckTimeout = 50 * time.Millisecond
	sender := &hangingSender{}
	r := newRig(t, "sqlite", sender)
	spec := Spec{Message: &Message{Template: &Template{Name: "pedido", Language: "pt_BR"}}}
	if _, err := r.svc.Create(context.Background(), r.p, Input{Name: "c", Channel: "whatsapp", Spec: spec}); err != nil {
		t.Fatalf("not saved with a hung plugin: %v", err)
	}
	if sender.unbounded {
		t.Error("the template check waits on the plugin without a bound")
	}
}
