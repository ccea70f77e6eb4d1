package sdk

// Event is something that happened, to publish on the bus.
type Event struct {
	// Subject is the event's dotted name ("message.received").
	Subject string `json:"subject"`
	// ID de-duplicates redeliveries: the same happening must get the same
	// ID. The host scopes it to the connection.
	ID string `json:"id"`
	// Payload marshals to JSON and matches the subject's declared fields.
	Payload any `json:"payload"`
}

// MessageReceived wraps an inbound message as a [SubjectMessageReceived]
// event keyed by its provider message ID.
func MessageReceived(m InboundMessage) Event {
	return Event{Subject: SubjectMessageReceived, ID: "in:" + m.ProviderMessageID, Payload: m}
}

// MessageStatus wraps a status update as a [SubjectMessageStatus] event
// keyed by message and status, so a repeated "delivered" is dropped but
// "read" after it is not.
func MessageStatus(s StatusUpdate) Event {
	return Event{Subject: SubjectMessageStatus, ID: "st:" + s.ProviderMessageID + ":" + string(s.Status), Payload: s}
}
