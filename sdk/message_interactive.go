package sdk

// Interactive is a message with reply buttons or a list to pick from.
type Interactive struct {
	Type   string `json:"type"` // "button" or "list"
	Header string `json:"header,omitempty"`
	Body   string `json:"body"`
	Footer string `json:"footer,omitempty"`
	// Buttons are the reply buttons of a "button" message.
	Buttons []Button `json:"buttons,omitempty"`
	// ListButton labels the button that opens a "list" message.
	ListButton string        `json:"list_button,omitempty"`
	Sections   []ListSection `json:"sections,omitempty"`
}

// Button is one reply button; ID comes back in the [InteractiveReply].
type Button struct {
	ID    string `json:"id"`
	Title string `json:"title"`
}

// ListSection groups the rows of a list message.
type ListSection struct {
	Title string    `json:"title,omitempty"`
	Rows  []ListRow `json:"rows"`
}

// ListRow is one choice in a list message.
type ListRow struct {
	ID          string `json:"id"`
	Title       string `json:"title"`
	Description string `json:"description,omitempty"`
}
