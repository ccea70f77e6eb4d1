package sdk

import "time"

// sampleManifest is a WhatsApp-like manifest exercising every declaration.
func sampleManifest() Manifest {
	return Manifest{
		ID: "whatsapp-cloud", Version: "1.2.0", Runtime: RuntimeGRPC,
		Title:       "WhatsApp Cloud API",
		Description: "Sends and receives WhatsApp messages through Meta's Cloud API.",
		Namespaces:  []string{"whatsapp"},
		Channel: &ChannelSpec{Name: "whatsapp", Capabilities: []Capability{
			CapText, CapTemplate, CapMedia, CapInteractive, CapReactions, CapReadReceipts, CapWindow24h}},
		Webhooks: true,
		Config:   sampleConfig(),
		Actions:  []ActionSpec{sampleSend()},
		Events: []EventSpec{
			{Subject: SubjectMessageReceived, Description: "A contact wrote.",
				Payload: Fields{NewStringField("from").Required(), NewStringField("text")}},
			{Subject: "whatsapp.template.status", Description: "Meta reviewed a template.",
				Payload: Fields{NewStringField("name").Required(), NewEnumField("status", "APPROVED", "REJECTED")}},
		},
		Permissions: Permissions{
			Hosts:    []string{"graph.facebook.com"},
			Services: []Service{ServiceHTTP, ServiceKV, ServiceSecrets, ServiceEvents, ServiceLog},
		},
	}
}

func sampleConfig() Fields {
	return Fields{
		NewStringField("token").Description("Permanent system-user access token.").Secret().Required(),
		NewStringField("phone_number_id").Description("The sending number's ID.").Example("106540352242922").Required(),
		NewURLField("base_url").Description("Graph API base URL; point it at the simulator offline.").
			Default("https://graph.facebook.com"),
		NewDurationField("timeout").Description("Per-request timeout.").Default(10 * time.Second),
		NewIntField("max_retries").Default(3),
		NewBoolField("mark_read").Description("Mark inbound messages read | automatically."),
	}
}

func sampleSend() ActionSpec {
	return ActionSpec{
		ID: "whatsapp.send", Title: "Send a message",
		Description: "Sends a text or template message to a contact.",
		Input: Fields{
			NewStringField("to").Description("E.164 number.").Example("+5511999990000").Required(),
			NewEnumField("kind", "text", "template").Default("text"),
			NewStringField("text"),
			NewObjectField("template",
				NewStringField("name").Required(),
				NewStringField("language").Default("pt_BR"),
				NewMapField("variables", NewStringField("")),
				NewListField("components", NewObjectField("",
					NewEnumField("type", "header", "body", "button").Required(),
					NewListField("parameters", NewStringField("")),
				)),
			),
			NewListField("tags", NewStringField("")),
			NewFloatField("priority"),
		},
		Output: Fields{NewStringField("message_id").Required()},
	}
}
