package sim

import (
	"encoding/json"
	"fmt"
	"unicode/utf8"
)

// interactiveObject is the "interactive" object of a send: reply buttons,
// a list, a CTA URL button, a flow or a product message.
type interactiveObject struct {
	Type   string             `json:"type"`
	Header *interactiveHeader `json:"header"`
	Body   *struct {
		Text string `json:"text"`
	} `json:"body"`
	Footer *struct {
		Text string `json:"text"`
	} `json:"footer"`
	Action *interactiveAction `json:"action"`
}

type interactiveHeader struct {
	Type string `json:"type"`
	Text string `json:"text"`
}

type interactiveAction struct {
	Buttons []struct {
		Type  string `json:"type"`
		Reply struct {
			ID    string `json:"id"`
			Title string `json:"title"`
		} `json:"reply"`
	} `json:"buttons"`
	Button   string `json:"button"`
	Sections []struct {
		Title string `json:"title"`
		Rows  []struct {
			ID          string `json:"id"`
			Title       string `json:"title"`
			Description string `json:"description"`
		} `json:"rows"`
	} `json:"sections"`
	Name       string          `json:"name"`
	Parameters json.RawMessage `json:"parameters"`
}

// invalid is the (#131009) "Parameter value is not valid" error Graph uses
// for interactive-message rule violations.
func invalid(format string, args ...any) *GraphError {
	return codeError(131009, fmt.Sprintf(format, args...))
}

func tooLong(s string, n int) bool { return utf8.RuneCountInString(s) > n }

func validateInteractive(in *interactiveObject) *GraphError {
	if in == nil {
		return paramError("The parameter interactive is required.")
	}
	if in.Action == nil && in.Type != "location_request_message" {
		return paramError("The parameter interactive['action'] is required.")
	}
	if in.Footer != nil && tooLong(in.Footer.Text, 60) {
		return invalid("Footer text is too long. Max length is 60.")
	}
	if in.Header != nil && in.Header.Type == "text" && tooLong(in.Header.Text, 60) {
		return invalid("Header text is too long. Max length is 60.")
	}
	switch in.Type {
	case "button":
		return in.validateButtons()
	case "list":
		return in.validateList()
	case "cta_url", "flow", "product", "product_list", "catalog_message",
		"location_request_message", "address_message", "call_permission_request":
		return in.validateBody(in.Type != "product" && in.Type != "product_list")
	case "":
		return paramError("The parameter interactive['type'] is required.")
	}
	return paramError(`Param interactive['type'] must be one of {BUTTON, LIST, CTA_URL, FLOW, PRODUCT, PRODUCT_LIST, CATALOG_MESSAGE, LOCATION_REQUEST_MESSAGE} - got "%s".`, in.Type)
}

func (in *interactiveObject) validateBody(required bool) *GraphError {
	if in.Body == nil || in.Body.Text == "" {
		if required {
			return paramError("The parameter interactive['body']['text'] is required.")
		}
		return nil
	}
	if tooLong(in.Body.Text, 1024) {
		return invalid("Body text is too long. Max length is 1024.")
	}
	return nil
}

func (in *interactiveObject) validateButtons() *GraphError {
	if err := in.validateBody(true); err != nil {
		return err
	}
	buttons := in.Action.Buttons
	if len(buttons) < 1 || len(buttons) > 3 {
		return invalid("Buttons count is invalid. Expected between 1 and 3, got %d.", len(buttons))
	}
	seen := map[string]bool{}
	for i, b := range buttons {
		switch {
		case b.Type != "reply":
			return invalid("Button %d type must be 'reply'.", i)
		case b.Reply.ID == "" || tooLong(b.Reply.ID, 256):
			return invalid("Button %d id is missing or longer than 256 characters.", i)
		case b.Reply.Title == "" || tooLong(b.Reply.Title, 20):
			return invalid("Button %d title is missing or longer than 20 characters.", i)
		case seen[b.Reply.ID] || seen["title:"+b.Reply.Title]:
			return invalid("Button ids and titles must be unique.")
		}
		seen[b.Reply.ID], seen["title:"+b.Reply.Title] = true, true
	}
	return nil
}

func (in *interactiveObject) validateList() *GraphError {
	if err := in.validateBody(true); err != nil {
		return err
	}
	a := in.Action
	switch {
	case a.Button == "" || tooLong(a.Button, 20):
		return invalid("List button text is missing or longer than 20 characters.")
	case len(a.Sections) < 1 || len(a.Sections) > 10:
		return invalid("Sections count is invalid. Expected between 1 and 10, got %d.", len(a.Sections))
	}
	rows, ids := 0, map[string]bool{}
	for i, sec := range a.Sections {
		if (len(a.Sections) > 1 && sec.Title == "") || tooLong(sec.Title, 24) {
			return invalid("Section %d title is missing or longer than 24 characters.", i)
		}
		for _, row := range sec.Rows {
			rows++
			switch {
			case row.ID == "" || tooLong(row.ID, 200) || ids[row.ID]:
				return invalid("Row ids must be unique, non-empty and at most 200 characters.")
			case row.Title == "" || tooLong(row.Title, 24):
				return invalid("Row title is missing or longer than 24 characters.")
			case tooLong(row.Description, 72):
				return invalid("Row description is longer than 72 characters.")
			}
			ids[row.ID] = true
		}
	}
	if rows < 1 || rows > 10 {
		return invalid("Total row count is invalid. Expected between 1 and 10, got %d.", rows)
	}
	return nil
}
