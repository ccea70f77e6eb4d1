package whatsappcloud

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
)

// checkButtons checks the url button components tb gives against the
// template's buttons, before Graph does: each URL button whose url ends
// in a placeholder takes its suffix, one text parameter, in a button
// component with sub_type url and that button's index; nothing else takes
// a url parameter. Codes are Graph's: 132000 for a missing or extra
// parameter, 131009 for an index with no URL button. Quick-reply payloads
// are optional, so they are not checked.
func (t TemplateInfo) checkButtons(tb *templateBody) error {
	dynamic := map[int]bool{} // from Parameters: catalogs synced before Buttons was kept have them too
	for _, p := range t.Parameters {
		if p.Component == "button" {
			dynamic[p.Index] = true
		}
	}
	given := map[int]bool{}
	for _, c := range tb.Components {
		if !strings.EqualFold(c.Type, "button") || !strings.EqualFold(c.SubType, "url") {
			continue
		}
		i, _ := strconv.Atoi(c.Index)
		if err := t.checkURLButton(i, dynamic[i], given[i], c.Parameters); err != nil {
			return err
		}
		given[i] = true
	}
	for _, i := range slices.Sorted(maps.Keys(dynamic)) {
		if !given[i] {
			return paramMismatch{"132000", fmt.Errorf(`template %s (%s): its URL button %d%s takes 1 parameter, the end of its URL: give a button component with sub_type "url", index %d and one text parameter; none given`,
				t.Name, t.Language, i, t.buttonURL(i), i)}
		}
	}
	return nil
}

// checkURLButton checks one url button component at index i.
func (t TemplateInfo) checkURLButton(i int, dynamic, repeated bool, params []paramBody) error {
	switch {
	case repeated:
		return paramMismatch{"131009", fmt.Errorf("template %s (%s): URL button %d is given twice", t.Name, t.Language, i)}
	case !dynamic && (i >= len(t.Buttons) || t.Buttons[i].Type != "URL"):
		return paramMismatch{"131009", fmt.Errorf("template %s (%s): it has no URL button %d (its buttons: %s); %d parameter(s) given for it",
			t.Name, t.Language, i, t.buttonList(), len(params))}
	case !dynamic && len(params) > 0:
		return paramMismatch{"132000", fmt.Errorf("template %s (%s): its URL button %d%s is fixed and takes no parameters, %d given",
			t.Name, t.Language, i, t.buttonURL(i), len(params))}
	case dynamic && len(params) != 1:
		return paramMismatch{"132000", fmt.Errorf("template %s (%s): its URL button %d%s takes 1 parameter, the end of its URL, %d given",
			t.Name, t.Language, i, t.buttonURL(i), len(params))}
	case dynamic && (params[0].Type != "text" || params[0].Text == ""):
		return paramMismatch{"132012", fmt.Errorf("template %s (%s): its URL button %d%s takes a text parameter, the end of its URL; %s given",
			t.Name, t.Language, i, t.buttonURL(i), describeParam(params[0]))}
	}
	return nil
}

// describeParam says what a parameter that is not a text was.
func describeParam(p paramBody) string {
	if p.Type == "text" {
		return "an empty text"
	}
	return "a parameter of type " + cmp.Or(p.Type, "(none)")
}

// buttonURL is " (url)" of button i, when the catalog has it.
func (t TemplateInfo) buttonURL(i int) string {
	if i < len(t.Buttons) && t.Buttons[i].URL != "" {
		return " (" + t.Buttons[i].URL + ")"
	}
	return ""
}

// buttonList is "0 QUICK_REPLY, 1 URL" or "none".
func (t TemplateInfo) buttonList() string {
	if len(t.Buttons) == 0 {
		return "none known"
	}
	out := make([]string, len(t.Buttons))
	for i, b := range t.Buttons {
		out[i] = strconv.Itoa(i) + " " + b.Type
	}
	return strings.Join(out, ", ")
}
