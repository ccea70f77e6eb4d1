package campaigns

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/vm"

	"github.com/masteria/masteria/core/apperr"
	"github.com/masteria/masteria/core/flow"
)

// text is a string with {{ expressions }}, compiled once per campaign and
// rendered per contact (the same template language flows use).
type text struct {
	lits  []string      // len(progs)+1 literal parts around the expressions
	progs []*vm.Program // each renders as its value's text
}

func compileText(s string) (*text, error) {
	t, whole, done := &text{}, s, 0 // done: the runes of whole before s
	for {
		open := strings.Index(s, "{{")
		if open < 0 {
			t.lits = append(t.lits, s)
			return t, nil
		}
		end := strings.Index(s[open+2:], "}}")
		if end < 0 {
			return nil, fieldError{apperr.Keyed("{{ is never closed with }}", apperr.FieldExprUnclosedBraces, nil)}
		}
		prog, err := expr.Compile(s[open+2:open+2+end], expr.Env(&flow.Env{}))
		if err != nil {
			return nil, exprError(err, whole, done+utf8.RuneCountInString(s[:open+2]))
		}
		done += utf8.RuneCountInString(s[:open+2+end+2])
		t.lits, t.progs = append(t.lits, s[:open]), append(t.progs, prog)
		s = s[open+2+end+2:]
	}
}

func (t *text) render(env *flow.Env) (string, error) {
	if len(t.progs) == 0 {
		return t.lits[0], nil
	}
	var b strings.Builder
	for i, p := range t.progs {
		b.WriteString(t.lits[i])
		v, err := expr.Run(p, env)
		if err != nil {
			return "", err
		}
		if v != nil {
			fmt.Fprint(&b, v)
		}
	}
	b.WriteString(t.lits[len(t.progs)])
	return b.String(), nil
}

// renderer builds a one-message campaign's send action input per contact.
type renderer struct {
	channel    string
	connection string
	msg        Message
	text       *text
	caption    *text
	vars       map[string]*text
	headerVars map[string]*text
	buttons    map[string]*text
}

func compileMessage(channel, connection string, m Message) (*renderer, map[string]apperr.Field) {
	r := &renderer{channel: channel, connection: connection, msg: m,
		vars: map[string]*text{}, headerVars: map[string]*text{}, buttons: map[string]*text{}}
	bad := map[string]apperr.Field{}
	compile := func(path, s string) *text {
		t, err := compileText(s)
		if err != nil {
			bad[path] = fieldOf(err)
		}
		return t
	}
	r.text = compile("spec.message.text", m.Text)
	if m.Media != nil {
		r.caption = compile("spec.message.media.caption", m.Media.Caption)
	}
	if m.Template != nil {
		for k, v := range m.Template.Variables {
			r.vars[k] = compile("spec.message.template.variables."+k, v)
		}
		for k, v := range m.Template.HeaderVariables {
			r.headerVars[k] = compile("spec.message.template.header_variables."+k, v)
		}
		for k, v := range m.Template.Buttons {
			r.buttons[k] = compile("spec.message.template.buttons."+k, v)
		}
	}
	return r, bad
}

// payload is the send action's input for one member.
func (r *renderer) payload(m Member, env *flow.Env) (map[string]any, error) {
	in := map[string]any{"to": m.Address}
	if r.connection != "" {
		in["connection"] = r.connection
	}
	var err error
	switch {
	case r.msg.Template != nil:
		var vals [3]map[string]string
		for i, set := range []struct {
			what string
			in   map[string]*text
		}{{"template variable", r.vars}, {"header variable", r.headerVars}, {"button", r.buttons}} {
			vals[i] = make(map[string]string, len(set.in))
			for k, t := range set.in {
				if vals[i][k], err = t.render(env); err != nil {
					return nil, fmt.Errorf("%s %s: %w", set.what, k, err)
				}
			}
		}
		in["kind"], in["template"] = "template", templateInput(r.msg.Template, templateValues{vals[0], vals[1], vals[2]})
	case r.msg.Media != nil:
		md := r.msg.Media
		caption, err := r.caption.render(env)
		if err != nil {
			return nil, fmt.Errorf("caption: %w", err)
		}
		in["kind"], in["media"] = "media", mediaInput(md, caption)
	default:
		if in["text"], err = r.text.render(env); err != nil {
			return nil, fmt.Errorf("text: %w", err)
		}
		if r.channel == "whatsapp" {
			in["kind"] = "text"
		}
	}
	return in, nil
}

// templateValues are one send's rendered values of a template's
// placeholders: the body's, the text header's and the URL buttons'.
type templateValues struct {
	body, header, buttons map[string]string
}

// templateInput is a template send's "template" input: the body's values
// as its variables, and components for the header (its media, or its
// text's values) and for each dynamic URL button.
func templateInput(t *Template, v templateValues) map[string]any {
	vars := make(map[string]any, len(v.body))
	for k, s := range v.body {
		vars[k] = s
	}
	tpl := map[string]any{"name": t.Name, "language": t.Language, "variables": vars}
	var components []any
	if h := t.Header; h != nil {
		components = append(components, map[string]any{"type": "header", "parameters": []any{
			map[string]any{"type": h.Type, "media": mediaInput(h, "")}}})
	}
	if len(v.header) > 0 {
		components = append(components, map[string]any{"type": "header", "parameters": textParams(v.header)})
	}
	for _, k := range slices.SortedFunc(maps.Keys(v.buttons), byNumber) {
		i, _ := strconv.Atoi(k)
		components = append(components, map[string]any{"type": "button", "sub_type": "url", "index": i,
			"parameters": []any{map[string]any{"type": "text", "text": v.buttons[k]}}})
	}
	if components != nil {
		tpl["components"] = components
	}
	return tpl
}

// textParams are a component's text parameters: in order when every key
// is a number ({{1}}, {{2}}), else by name (parameter_name).
func textParams(vals map[string]string) []any {
	keys := slices.SortedFunc(maps.Keys(vals), byNumber)
	positional := !slices.ContainsFunc(keys, func(k string) bool { _, err := strconv.Atoi(k); return err != nil })
	params := make([]any, len(keys))
	for i, k := range keys {
		p := map[string]any{"type": "text", "text": vals[k]}
		if !positional {
			p["parameter_name"] = k
		}
		params[i] = p
	}
	return params
}

// byNumber orders numeric keys as numbers ("2" before "10"), and any
// other key after them by name.
func byNumber(a, b string) int {
	x, errA := strconv.Atoi(a)
	y, errB := strconv.Atoi(b)
	switch {
	case errA == nil && errB == nil:
		return cmp.Compare(x, y)
	case errA == nil:
		return -1
	case errB == nil:
		return 1
	}
	return strings.Compare(a, b)
}

// mediaInput is media as the send action takes it.
func mediaInput(md *Media, caption string) map[string]any {
	media := map[string]any{"type": md.Type}
	for k, v := range map[string]string{"link": md.Link, "id": md.ID, "blob_id": md.BlobID, "filename": md.Filename, "caption": caption} {
		if v != "" {
			media[k] = v
		}
	}
	return media
}

// bodyHash identifies an SMS body for the duplication guard.
func bodyHash(body string) string {
	sum := sha256.Sum256([]byte(body))
	return hex.EncodeToString(sum[:16])
}
