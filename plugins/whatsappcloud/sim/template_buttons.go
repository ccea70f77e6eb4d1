package sim

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// buttonIndex is a button component's index: Graph documents a string
// ("0") and takes a number too; -1 when absent or unreadable.
func buttonIndex(raw json.RawMessage) int {
	n, err := strconv.Atoi(strings.Trim(string(raw), `" `))
	if err != nil || n < 0 {
		return -1
	}
	return n
}

// checkButtons checks the request's url button components against the
// template's buttons, as Graph does: every URL button whose url ends in a
// placeholder needs one text parameter, its suffix, in a button component
// with sub_type url and that button's index (missing: 132000, "Button at
// index N of type Url requires a parameter"); a URL button takes exactly
// that many parameters (132000, "number of localizable_params"); an index
// with no URL button is 131009. Quick-reply payloads are optional and
// not checked.
func checkButtons(t *Template, req *templateObject) *GraphError {
	buttons := componentOf(t, "BUTTONS").Buttons
	given := map[int]bool{}
	for _, c := range req.Components {
		if !strings.EqualFold(c.Type, "button") || !strings.EqualFold(c.SubType, "url") {
			continue
		}
		i := buttonIndex(c.Index)
		if i < 0 {
			return paramError("The parameter template['components'][]['index'] is required for a button component.")
		}
		if i >= len(buttons) || !strings.EqualFold(buttons[i].Type, "URL") || given[i] {
			return codeError(131009, fmt.Sprintf("buttons: Button at index %d of type Url does not exist", i))
		}
		given[i] = true
		want := len(placeholderNames(buttons[i].URL))
		if len(c.Parameters) != want {
			return codeError(132000, fmt.Sprintf("buttons: number of localizable_params (%d) does not match the expected number of params (%d)",
				len(c.Parameters), want))
		}
		for _, p := range c.Parameters {
			if p.Type != "text" || p.Text == "" {
				return codeError(132012, fmt.Sprintf("buttons: Button at index %d of type Url takes one text parameter", i))
			}
		}
	}
	for i, b := range buttons {
		if strings.EqualFold(b.Type, "URL") && len(placeholderNames(b.URL)) > 0 && !given[i] {
			return codeError(132000, fmt.Sprintf("buttons: Button at index %d of type Url requires a parameter", i))
		}
	}
	return nil
}
