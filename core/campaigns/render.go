package campaigns

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/vm"

	"github.com/masteria/masteria/core/flow"
)

// text is a string with {{ expressions }}, compiled once per campaign and
// rendered per contact (the same template language flows use).
type text struct {
	lits  []string      // len(progs)+1 literal parts around the expressions
	progs []*vm.Program // each renders as its value's text
}

func compileText(s string) (*text, error) {
	t := &text{}
	for {
		open := strings.Index(s, "{{")
		if open < 0 {
			t.lits = append(t.lits, s)
			return t, nil
		}
		end := strings.Index(s[open+2:], "}}")
		if end < 0 {
			return nil, fmt.Errorf("{{ is never closed with }}")
		}
		prog, err := expr.Compile(s[open+2:open+2+end], expr.Env(&flow.Env{}))
		if err != nil {
			return nil, err
		}
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
}

func compileMessage(channel, connection string, m Message) (*renderer, map[string]string) {
	r := &renderer{channel: channel, connection: connection, msg: m, vars: map[string]*text{}}
	bad := map[string]string{}
	compile := func(path, s string) *text {
		t, err := compileText(s)
		if err != nil {
			bad[path] = err.Error()
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
		vars := map[string]any{}
		for k, t := range r.vars {
			if vars[k], err = t.render(env); err != nil {
				return nil, fmt.Errorf("template variable %s: %w", k, err)
			}
		}
		in["kind"], in["template"] = "template", templateInput(r.msg.Template, vars)
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

// mediaInput is media as the send action takes it.
// templateInput is a template send's "template" input with vars as its
// variables.
func templateInput(t *Template, vars map[string]any) map[string]any {
	tpl := map[string]any{"name": t.Name, "language": t.Language, "variables": vars}
	if h := t.Header; h != nil {
		tpl["components"] = []any{map[string]any{"type": "header", "parameters": []any{
			map[string]any{"type": h.Type, "media": mediaInput(h, "")}}}}
	}
	return tpl
}

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
