package flow

// CoreActions returns the specs of the steps the engine itself runs.
func CoreActions() []ActionSpec {
	return []ActionSpec{
		setAction(), delayAction(), waitReplyAction(), waitEventAction(),
		httpRequestAction(), contactTagAction(), contactUntagAction(),
		contactUpdateAction(), kanbanMoveAction(), handoffAction(),
		endAction(), gotoAction(),
	}
}

func setAction() ActionSpec {
	return ActionSpec{
		ID:          "set",
		Title:       "Set variables",
		Description: "Sets run variables: each key of `with` becomes vars.<key>.",
		Extra:       &Field{Type: TypeAny, Description: "The variable's new value.", Example: "{{ message.text }}"},
	}
}

func delayAction() ActionSpec {
	clock := `^([01][0-9]|2[0-3]):[0-5][0-9]$`
	return ActionSpec{
		ID:          "delay",
		Title:       "Delay",
		Description: "Pauses the run for a duration or until a time, in the contact's time zone, optionally only inside allowed hours.",
		Input: []Field{
			{Name: "duration", Type: TypeDuration, Description: "How long to wait.", Example: "2h"},
			{Name: "until", Type: TypeTime, Description: "Wait until this time: HH:MM (its next occurrence) or an RFC 3339 timestamp.", Example: "09:00"},
			{Name: "timezone", Type: TypeTimezone, Description: "Time zone for until and allowed_hours (default: the contact's, else the workspace's).", Example: "America/Sao_Paulo"},
			{Name: "allowed_hours", Type: TypeObject, Description: "Resume only inside this window; later times move to its next opening.", Fields: []Field{
				{Name: "from", Type: TypeString, Required: true, Pattern: clock, Description: "Window opens, HH:MM.", Example: "09:00"},
				{Name: "to", Type: TypeString, Required: true, Pattern: clock, Description: "Window closes, HH:MM.", Example: "18:00"},
				{Name: "days", Type: TypeList, Description: "Week days the window is open (default: every day).",
					Items: &Field{Type: TypeString, Enum: []string{"mon", "tue", "wed", "thu", "fri", "sat", "sun"}}},
			}},
		},
		OneOf: [][]string{{"duration", "until"}},
		Waits: true,
	}
}

func waitReplyAction() ActionSpec {
	return ActionSpec{
		ID:          "wait.reply",
		Title:       "Wait for reply",
		Description: "Pauses until the contact's next message; on_timeout is taken when none comes in time.",
		Input: []Field{
			{Name: "timeout", Type: TypeDuration, Description: "How long to wait (default: forever).", Example: "24h"},
			{Name: "channel", Type: TypeString, Description: "Only a reply on this channel counts."},
		},
		Output:   messageFields(),
		Waits:    true,
		Branches: []string{BranchOnTimeout},
	}
}

func waitEventAction() ActionSpec {
	return ActionSpec{
		ID:          "wait.event",
		Title:       "Wait for event",
		Description: "Pauses until a bus event matches the expression (which sees the candidate as event); on_timeout is taken when none comes in time.",
		Input: []Field{
			{Name: "event", Type: TypeString, Description: "Only events of this type are tested.", Example: "kanban.card.moved"},
			{Name: "expression", Type: TypeCondition, Required: true, Description: "Boolean expression the event must satisfy.", Example: `event.data.stage == "Won"`},
			{Name: "timeout", Type: TypeDuration, Description: "How long to wait (default: forever).", Example: "7d"},
		},
		Output: []Field{
			{Name: "type", Type: TypeString, Description: "The matched event's type."},
			{Name: "data", Type: TypeObject, Description: "The matched event's payload."},
		},
		Waits:    true,
		Branches: []string{BranchOnTimeout},
	}
}

func httpRequestAction() ActionSpec {
	return ActionSpec{
		ID:          "http.request",
		Title:       "HTTP request",
		Description: "Calls an HTTP endpoint. A non-2xx answer is an error (on_error); running past the timeout takes on_timeout.",
		Input: []Field{
			{Name: "method", Type: TypeString, Default: "GET", Enum: []string{"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"}, Description: "HTTP method."},
			{Name: "url", Type: TypeString, Required: true, Description: "Absolute http(s) URL.", Example: "https://api.example.com/leads"},
			{Name: "headers", Type: TypeObject, Description: "Request headers.", Example: map[string]any{"Authorization": "Bearer {{ secrets.crm_token }}"}},
			{Name: "body", Type: TypeAny, Description: "Request body; objects and lists are sent as JSON."},
			{Name: "timeout", Type: TypeDuration, Default: "30s", Description: "Longest wait for the answer."},
		},
		Output: []Field{
			{Name: "status", Type: TypeInteger, Description: "HTTP status code."},
			{Name: "headers", Type: TypeObject, Description: "Response headers."},
			{Name: "body", Type: TypeAny, Description: "Response body, decoded when it is JSON."},
		},
		Branches: []string{BranchOnTimeout},
	}
}

func contactTagAction() ActionSpec {
	return ActionSpec{
		ID:          "contact.tag",
		Title:       "Tag contact",
		Description: "Adds a tag to the contact.",
		Input:       []Field{{Name: "tag", Type: TypeString, Required: true, Description: "The tag to add.", Example: "lead-quente"}},
	}
}

func contactUntagAction() ActionSpec {
	return ActionSpec{
		ID:          "contact.untag",
		Title:       "Untag contact",
		Description: "Removes a tag from the contact.",
		Input:       []Field{{Name: "tag", Type: TypeString, Required: true, Description: "The tag to remove."}},
	}
}

func contactUpdateAction() ActionSpec {
	return ActionSpec{
		ID:          "contact.update",
		Title:       "Update contact",
		Description: "Changes the contact's standard and custom fields.",
		Input: []Field{
			{Name: "name", Type: TypeString, Description: "Full name."},
			{Name: "first_name", Type: TypeString, Description: "First name."},
			{Name: "email", Type: TypeString, Description: "E-mail address."},
			{Name: "phone", Type: TypeString, Description: "Phone number, E.164."},
			{Name: "fields", Type: TypeObject, Description: "Custom fields to set.", Example: map[string]any{"budget": "{{ steps.answer.output.budget }}"}},
		},
	}
}

func kanbanMoveAction() ActionSpec {
	return ActionSpec{
		ID:          "kanban.move",
		Title:       "Move Kanban card",
		Description: "Moves the contact's card to a stage of a board, creating the card if needed.",
		Input: []Field{
			{Name: "board", Type: TypeString, Required: true, Description: "Board name.", Example: "Vendas"},
			{Name: "stage", Type: TypeString, Required: true, Description: "Stage name.", Example: "Qualificado"},
		},
	}
}

func handoffAction() ActionSpec {
	return ActionSpec{
		ID:          "handoff",
		Title:       "Hand off to a human",
		Description: "Assigns the conversation to a team or agent; the run pauses while an agent owns the conversation and resumes when it is released.",
		Input: []Field{
			{Name: "team", Type: TypeString, Description: "Team to assign (default: the inbox's)."},
			{Name: "agent", Type: TypeString, Description: "Agent to assign (default: any agent of the team)."},
			{Name: "note", Type: TypeString, Description: "Note shown to the agent."},
		},
		Waits: true,
	}
}

func endAction() ActionSpec {
	return ActionSpec{
		ID:          "end",
		Title:       "End",
		Description: "Ends the run.",
		Input:       []Field{{Name: "reason", Type: TypeString, Description: "Why the run ended, kept in its trace."}},
	}
}

func gotoAction() ActionSpec {
	return ActionSpec{
		ID:          "goto",
		Title:       "Go to",
		Description: "Continues the run at another step.",
		Input:       []Field{{Name: "step", Type: TypeStep, Required: true, Description: "The step to continue at."}},
	}
}

// messageFields describes a Message as output fields.
func messageFields() []Field {
	return []Field{
		{Name: "id", Type: TypeString, Description: "Message id."},
		{Name: "channel", Type: TypeString, Description: "Channel it came on."},
		{Name: "text", Type: TypeString, Description: "Text body."},
		{Name: "type", Type: TypeString, Description: "text, image, audio, ..."},
		{Name: "from", Type: TypeString, Description: "Sender address."},
		{Name: "media_url", Type: TypeString, Description: "URL of attached media."},
	}
}
