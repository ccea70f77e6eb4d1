package whatsappcloud

import (
	"cmp"
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// graphComponent is one component of a listed template, with the samples
// Meta required for its placeholders.
type graphComponent struct {
	Type    string `json:"type"`
	Format  string `json:"format"`
	Text    string `json:"text"`
	Example *struct {
		HeaderText            []string     `json:"header_text"`
		HeaderTextNamedParams []namedParam `json:"header_text_named_params"`
		BodyText              [][]string   `json:"body_text"`
		BodyTextNamedParams   []namedParam `json:"body_text_named_params"`
	} `json:"example"`
	Buttons []struct {
		Type    string   `json:"type"`
		Text    string   `json:"text"`
		URL     string   `json:"url"`
		Example []string `json:"example"`
	} `json:"buttons"`
}

type namedParam struct {
	ParamName string `json:"param_name"`
	Example   string `json:"example"`
}

// placeholder matches {{1}} and {{first_name}}.
var placeholder = regexp.MustCompile(`\{\{\s*([A-Za-z0-9_]+)\s*\}\}`)

// placeholders are the names in text, each once, in order.
func placeholders(text string) []string {
	var names []string
	seen := map[string]bool{}
	for _, m := range placeholder.FindAllStringSubmatch(text, -1) {
		if !seen[m[1]] {
			seen[m[1]] = true
			names = append(names, m[1])
		}
	}
	return names
}

// readComponents keeps what a send needs to know of the components: the
// media a header takes, the texts, and every placeholder with its sample.
func (t *TemplateInfo) readComponents(cs []graphComponent) {
	for _, c := range cs {
		switch strings.ToUpper(c.Type) {
		case "HEADER":
			if f := strings.ToLower(c.Format); f == "image" || f == "video" || f == "document" {
				t.Header = f
			}
			t.HeaderText = c.Text
		case "BODY":
			t.Body = c.Text
		case "FOOTER":
			t.Footer = c.Text
		case "BUTTONS":
			for _, b := range c.Buttons {
				t.Buttons = append(t.Buttons, TemplateButton{Type: strings.ToUpper(b.Type), Text: b.Text, URL: b.URL})
			}
		}
	}
	for _, c := range cs {
		t.Parameters = append(t.Parameters, c.parameters()...)
	}
	if t.ParameterFormat == "" { // Graph lists it; infer it when it did not
		t.ParameterFormat = "POSITIONAL"
		for _, p := range t.Parameters {
			if _, err := strconv.Atoi(p.Name); err != nil {
				t.ParameterFormat = "NAMED"
			}
		}
	}
}

// parameters are the placeholders of one component with their samples.
func (c graphComponent) parameters() []TemplateParameter {
	var out []TemplateParameter
	switch typ := strings.ToLower(c.Type); typ {
	case "header", "body":
		positional, named := c.samples()
		for _, n := range placeholders(c.Text) {
			out = append(out, TemplateParameter{Component: typ, Name: n, Example: sample(n, positional, named)})
		}
	case "buttons":
		for i, b := range c.Buttons {
			at := placeholder.FindStringIndex(b.URL)
			if !strings.EqualFold(b.Type, "URL") || at == nil {
				continue
			}
			p := TemplateParameter{Component: "button", Name: "1", Index: i}
			if len(b.Example) > 0 && strings.HasPrefix(b.Example[0], b.URL[:at[0]]) {
				p.Example = b.Example[0][at[0]:] // the sample URL's dynamic suffix
			}
			out = append(out, p)
		}
	}
	return out
}

// samples are a header's or body's sample values.
func (c graphComponent) samples() ([]string, []namedParam) {
	switch e := c.Example; {
	case e == nil:
		return nil, nil
	case strings.EqualFold(c.Type, "header"):
		return e.HeaderText, e.HeaderTextNamedParams
	case len(e.BodyText) > 0:
		return e.BodyText[0], e.BodyTextNamedParams
	}
	return nil, c.Example.BodyTextNamedParams
}

func sample(name string, positional []string, named []namedParam) string {
	if i, err := strconv.Atoi(name); err == nil && i >= 1 && i <= len(positional) {
		return positional[i-1]
	}
	for _, p := range named {
		if p.ParamName == name {
			return p.Example
		}
	}
	return ""
}

// componentParams are the parameters tb gives a component ("header",
// "body").
func componentParams(tb *templateBody, component string) []paramBody {
	for _, c := range tb.Components {
		if strings.EqualFold(c.Type, component) {
			return c.Parameters
		}
	}
	return nil
}

// paramMismatch is a send whose parameters do not fit its template, with
// the Graph error code the send would have failed with.
type paramMismatch struct {
	code string
	error
}

// render checks the header, body and URL button parameters tb gives
// against the template, as Graph does (a media header's kind, the number
// of placeholders and every one's name, each dynamic URL's suffix), and
// returns the text the customer
// reads: header, body and footer with the values filled in. The error
// names the template, what it takes and what was given.
func (t TemplateInfo) render(tb *templateBody) (string, error) {
	var parts []string
	if t.Header != "" {
		if got := componentParams(tb, "header"); len(got) != 1 || got[0].Type != t.Header {
			return "", paramMismatch{"132012", fmt.Errorf("template %s (%s): the header takes one %s, %s given",
				t.Name, t.Language, t.Header, givenKinds(got))}
		}
	}
	for _, c := range []struct{ name, text string }{{"header", t.HeaderText}, {"body", t.Body}} {
		if c.name == "header" && t.Header != "" {
			continue // a media header: its one parameter is the file, checked above
		}
		text, err := t.fill(c.name, c.text, componentParams(tb, c.name))
		if err != nil {
			return "", err
		}
		parts = append(parts, text)
	}
	if err := t.checkButtons(tb); err != nil {
		return "", err
	}
	parts = append(parts, t.Footer)
	var out []string
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, "\n\n"), nil
}

// fill puts the values into text's placeholders: positional values in
// order, named ones by name.
func (t TemplateInfo) fill(component, text string, params []paramBody) (string, error) {
	names := placeholders(text)
	values := make(map[string]string, len(params))
	given := make([]string, len(params))
	for i, p := range params {
		given[i] = cmp.Or(p.ParameterName, strconv.Itoa(i+1))
		values[given[i]] = p.Text
	}
	ok := len(params) == len(names)
	for _, n := range names {
		_, has := values[n]
		ok = ok && has
	}
	if !ok {
		return "", paramMismatch{"132000", fmt.Errorf("template %s (%s): the %s takes %s, %s given", t.Name, t.Language, component,
			braced(names, "no parameters"), braced(given, "none"))}
	}
	return placeholder.ReplaceAllStringFunc(text, func(m string) string {
		return values[placeholder.FindStringSubmatch(m)[1]]
	}), nil
}

// braced is "2 parameters ({{1}}, {{2}})", or none when names is empty.
func braced(names []string, none string) string {
	if len(names) == 0 {
		return none
	}
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = "{{" + n + "}}"
	}
	noun := "parameters"
	if len(names) == 1 {
		noun = "parameter"
	}
	return fmt.Sprintf("%d %s (%s)", len(names), noun, strings.Join(out, ", "))
}

func givenKinds(ps []paramBody) string {
	if len(ps) == 0 {
		return "none"
	}
	kinds := make([]string, len(ps))
	for i, p := range ps {
		kinds[i] = p.Type
	}
	return strings.Join(kinds, ", ")
}
