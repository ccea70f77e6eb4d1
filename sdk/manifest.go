package sdk

// Runtime is how the host runs a plugin.
type Runtime string

// The runtimes.
const (
	RuntimeGRPC Runtime = "grpc" // a hashicorp/go-plugin subprocess over gRPC
	RuntimeWASM Runtime = "wasm" // a WebAssembly module in the wazero sandbox
)

// Manifest describes a plugin: who it is, what it provides, what it needs.
// It is plain data that marshals to JSON, so the host reads it from a file
// beside the plugin or asks the running plugin for it.
type Manifest struct {
	// ID names the plugin: lowercase words joined by hyphens ("whatsapp-cloud").
	ID string `json:"id"`
	// Version is the plugin's semantic version ("1.4.0").
	Version string `json:"version"`
	// Runtime is "grpc" or "wasm".
	Runtime     Runtime `json:"runtime"`
	Title       string  `json:"title"`
	Description string  `json:"description,omitempty"`
	// Namespaces are the ID prefixes the plugin owns: every action ID and
	// every event subject outside the standard ones starts with one of them
	// ("whatsapp" owns "whatsapp.send").
	Namespaces []string `json:"namespaces,omitempty"`
	// Actions are the flow steps the plugin provides.
	Actions []ActionSpec `json:"actions,omitempty"`
	// Channel is set when the plugin is a messaging channel.
	Channel *ChannelSpec `json:"channel,omitempty"`
	// Events are the events and triggers the plugin emits.
	Events []EventSpec `json:"events,omitempty"`
	// Webhooks is true when the plugin handles provider webhooks at
	// /hooks/{connection_id}; it then implements [WebhookHandler].
	Webhooks bool `json:"webhooks,omitempty"`
	// Config declares a connection's configuration.
	Config Fields `json:"config,omitempty"`
	// Permissions are what the plugin may reach.
	Permissions Permissions `json:"permissions"`
}

// ActionSpec declares one action, a step a flow can use.
type ActionSpec struct {
	// ID is namespaced: "whatsapp.send", "kanban.move".
	ID          string `json:"id"`
	Title       string `json:"title"`
	Description string `json:"description,omitempty"`
	Input       Fields `json:"input,omitempty"`
	Output      Fields `json:"output,omitempty"`
	// Local is true for an action that answers from the plugin's own state
	// (its KV) and never calls the provider, so its success says nothing
	// about whether the connection works.
	Local bool `json:"local,omitempty"`
}

// EventSpec declares an event the plugin emits, which flows can trigger on.
type EventSpec struct {
	// Subject is the dotted event name: a standard subject such as
	// [SubjectMessageReceived], or one in the plugin's namespaces.
	Subject     string `json:"subject"`
	Description string `json:"description,omitempty"`
	Payload     Fields `json:"payload,omitempty"`
}

// Action returns the declared action with this ID.
func (m Manifest) Action(id string) (ActionSpec, bool) {
	for _, a := range m.Actions {
		if a.ID == id {
			return a, true
		}
	}
	return ActionSpec{}, false
}

// Event returns the declared event with this subject.
func (m Manifest) Event(subject string) (EventSpec, bool) {
	for _, e := range m.Events {
		if e.Subject == subject {
			return e, true
		}
	}
	return EventSpec{}, false
}
