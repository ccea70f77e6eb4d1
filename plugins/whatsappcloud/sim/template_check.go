package sim

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"
)

// templateObject is the "template" object of a send.
type templateObject struct {
	Name     string `json:"name"`
	Language *struct {
		Code string `json:"code"`
	} `json:"language"`
	Components []componentParams `json:"components"`
}

type componentParams struct {
	Type       string          `json:"type"`
	SubType    string          `json:"sub_type"`
	Index      json.RawMessage `json:"index"` // buttons: "0", or 0
	Parameters []templateParam `json:"parameters"`
}

type templateParam struct {
	Type          string       `json:"type"`
	ParameterName string       `json:"parameter_name"`
	Text          string       `json:"text"`
	Currency      *fallback    `json:"currency"`
	DateTime      *fallback    `json:"date_time"`
	Image         *mediaObject `json:"image"`
	Video         *mediaObject `json:"video"`
	Document      *mediaObject `json:"document"`
}

type fallback struct {
	FallbackValue string `json:"fallback_value"`
}

// placeholder matches {{1}} and {{first_name}}.
var placeholder = regexp.MustCompile(`\{\{\s*([A-Za-z0-9_]+)\s*\}\}`)

func (t *templateObject) validateShape() *GraphError {
	switch {
	case t == nil:
		return paramError("The parameter template is required.")
	case t.Name == "":
		return paramError("The parameter template['name'] is required.")
	case t.Language == nil || t.Language.Code == "":
		return paramError("The parameter template['language']['code'] is required.")
	}
	return nil
}

func (t *templateObject) params(component string) []templateParam {
	for _, c := range t.Components {
		if strings.EqualFold(c.Type, component) {
			return c.Parameters
		}
	}
	return nil
}

// findTemplate resolves the request against the account's templates and
// checks that the template may be sent.
func findTemplate(a *account, req *templateObject) (*Template, *GraphError) {
	lang := req.Language.Code
	for i := range a.Templates {
		t := &a.Templates[i]
		if t.Name != req.Name || t.Language != lang {
			continue
		}
		switch t.Status {
		case "APPROVED":
			return t, nil
		case "PAUSED":
			return nil, codeError(132015, "")
		case "DISABLED":
			return nil, codeError(132016, "")
		}
		break
	}
	return nil, codeError(132001, fmt.Sprintf("template name (%s) does not exist in %s", req.Name, lang))
}

// hydrate checks the request's parameters against the template and returns
// the body text with its placeholders filled in.
func hydrate(t *Template, req *templateObject) (string, *GraphError) {
	if err := checkHeader(t, req.params("header")); err != nil {
		return "", err
	}
	body := componentOf(t, "BODY")
	text, err := fill("body", body.Text, req.params("body"))
	if err != nil {
		return "", err
	}
	if utf8.RuneCountInString(text) > 1024 {
		return "", codeError(132005, "")
	}
	if err := checkButtons(t, req); err != nil {
		return "", err
	}
	return text, nil
}

func componentOf(t *Template, typ string) TemplateComponent {
	for _, c := range t.Components {
		if strings.EqualFold(c.Type, typ) {
			return c
		}
	}
	return TemplateComponent{}
}

func checkHeader(t *Template, params []templateParam) *GraphError {
	h := componentOf(t, "HEADER")
	switch strings.ToUpper(h.Format) {
	case "", "TEXT":
		_, err := fill("header", h.Text, params)
		return err
	case "IMAGE", "VIDEO", "DOCUMENT":
		want := strings.ToLower(h.Format)
		if len(params) != 1 || params[0].Type != want {
			got := "UNKNOWN"
			if len(params) == 1 {
				got = strings.ToUpper(params[0].Type)
			}
			return codeError(132012, fmt.Sprintf("header: Format mismatch, expected %s, received %s", h.Format, got))
		}
		return validateMedia(want, headerMedia(params[0]), 0)
	}
	return nil
}

func headerMedia(p templateParam) *mediaObject {
	switch p.Type {
	case "image":
		return p.Image
	case "video":
		return p.Video
	}
	return p.Document
}

// fill substitutes params into text, enforcing count, names and formats.
func fill(component, text string, params []templateParam) (string, *GraphError) {
	names := placeholderNames(text)
	if len(params) != len(names) {
		return "", codeError(132000, fmt.Sprintf("%s: number of localizable_params (%d) does not match the expected number of params (%d)",
			component, len(params), len(names)))
	}
	values := map[string]string{}
	for i, p := range params {
		v, err := paramValue(component, i, p)
		if err != nil {
			return "", err
		}
		key := fmt.Sprint(i + 1)
		if p.ParameterName != "" {
			key = p.ParameterName
		}
		values[key] = v
	}
	for _, n := range names {
		if _, ok := values[n]; !ok {
			return "", codeError(132000, fmt.Sprintf("%s: parameter '%s' is missing", component, n))
		}
	}
	return placeholder.ReplaceAllStringFunc(text, func(m string) string {
		return values[placeholder.FindStringSubmatch(m)[1]]
	}), nil
}

func paramValue(component string, i int, p templateParam) (string, *GraphError) {
	var v string
	switch {
	case p.Type == "text":
		v = p.Text
	case p.Type == "currency" && p.Currency != nil:
		v = p.Currency.FallbackValue
	case p.Type == "date_time" && p.DateTime != nil:
		v = p.DateTime.FallbackValue
	default:
		return "", codeError(132012, fmt.Sprintf("%s: parameter %d has type %q, expected text, currency or date_time", component, i+1, p.Type))
	}
	switch {
	case v == "":
		return "", codeError(131008, fmt.Sprintf("%s: parameter %d is missing its value", component, i+1))
	case strings.ContainsAny(v, "\n\t") || strings.Contains(v, "     "):
		return "", codeError(132018, "")
	}
	return v, nil
}

func placeholderNames(text string) []string {
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

// parameterFormat returns NAMED when any placeholder is not a number.
func parameterFormat(t *Template) string {
	if t.ParameterFormat != "" {
		return t.ParameterFormat
	}
	for _, c := range t.Components {
		for _, n := range placeholderNames(c.Text) {
			if strings.Trim(n, "0123456789") != "" {
				return "NAMED"
			}
		}
	}
	return "POSITIONAL"
}
