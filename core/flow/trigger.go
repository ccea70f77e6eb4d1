package flow

import "slices"

// TriggerKind declares one value of trigger.on and the trigger fields it
// takes. Every kind also takes `if`.
type TriggerKind struct {
	On          string
	Description string
	Fields      []string // YAML keys of Trigger this kind accepts
	Required    []string // the subset that must be given
}

// TriggerKinds lists the triggers a flow can start on.
func TriggerKinds() []TriggerKind {
	return []TriggerKind{
		{On: "message.received", Description: "A contact sent a message.",
			Fields: []string{"channel", "connection", "keyword", "regex", "while_human"}},
		{On: "schedule", Description: "A clock: runs once per cron tick, without a contact.",
			Fields: []string{"cron", "timezone"}, Required: []string{"cron"}},
		{On: "webhook", Description: "An HTTP POST to the flow's own URL; the request body is event.data.",
			Fields: []string{"secret"}},
		{On: "contact.created", Description: "A contact was created."},
		{On: "contact.tagged", Description: "A tag was added to a contact.",
			Fields: []string{"tag"}},
		{On: "kanban.card.moved", Description: "A contact's Kanban card moved to another stage.",
			Fields: []string{"board", "stage"}},
		{On: "campaign.enrolled", Description: "A contact was enrolled in a campaign.",
			Fields: []string{"campaign"}},
		{On: "call.ended", Description: "A voice call with the contact ended; event.data holds the transcript and outcome."},
		{On: "manual", Description: "Started from the dashboard or the API."},
	}
}

// TriggerKindOf returns the kind named by on.
func TriggerKindOf(on string) (TriggerKind, bool) {
	kinds := TriggerKinds()
	i := slices.IndexFunc(kinds, func(k TriggerKind) bool { return k.On == on })
	if i < 0 {
		return TriggerKind{}, false
	}
	return kinds[i], true
}

// accepts reports whether the kind takes the trigger key.
func (k TriggerKind) accepts(key string) bool {
	return key == "on" || key == "if" || slices.Contains(k.Fields, key)
}

func triggerKindNames() []string {
	var names []string
	for _, k := range TriggerKinds() {
		names = append(names, k.On)
	}
	return names
}
