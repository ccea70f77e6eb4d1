package flow

import "time"

// The types below are what expressions see. Their `expr` tags are the names
// used in expressions, and the same types hold a test's given values.

// Contact is the person a run is about, read as contact in expressions.
type Contact struct {
	ID        string         `yaml:"id,omitempty" expr:"id" doc:"Contact id." json:"id,omitempty"`
	Name      string         `yaml:"name,omitempty" expr:"name" doc:"Full name." json:"name,omitempty"`
	FirstName string         `yaml:"first_name,omitempty" expr:"first_name" doc:"First name." json:"first_name,omitempty"`
	Phone     string         `yaml:"phone,omitempty" expr:"phone" doc:"Phone number in E.164 form." json:"phone,omitempty"`
	Email     string         `yaml:"email,omitempty" expr:"email" doc:"E-mail address." json:"email,omitempty"`
	Tags      []string       `yaml:"tags,omitempty" expr:"tags" doc:"Tags on the contact." json:"tags,omitempty"`
	Fields    map[string]any `yaml:"fields,omitempty" expr:"fields" doc:"Custom fields." json:"fields,omitempty"`

	At Span `yaml:"-" expr:"-" json:"-"`
}

// Message is the message that started the run (or the reply a wait.reply
// received), read as message in expressions.
type Message struct {
	ID       string `yaml:"id,omitempty" expr:"id" doc:"Message id." json:"id,omitempty"`
	Channel  string `yaml:"channel,omitempty" expr:"channel" doc:"Channel it came from: whatsapp, sms, ..." json:"channel,omitempty"`
	Text     string `yaml:"text,omitempty" expr:"text" doc:"Text body." json:"text,omitempty"`
	Type     string `yaml:"type,omitempty" expr:"type" doc:"text, image, audio, video, document, location, ..." json:"type,omitempty"`
	From     string `yaml:"from,omitempty" expr:"from" doc:"Sender address (phone number)." json:"from,omitempty"`
	MediaURL string `yaml:"media_url,omitempty" expr:"media_url" doc:"URL of attached media, if any." json:"media_url,omitempty"`

	At Span `yaml:"-" expr:"-" json:"-"`
}

// Event is the bus event that triggered the run, or the one a wait.event
// matched, read as event in expressions.
type Event struct {
	Type string         `yaml:"type,omitempty" expr:"type" doc:"Event type, such as kanban.card.moved." json:"type,omitempty"`
	Data map[string]any `yaml:"data,omitempty" expr:"data" doc:"Event payload." json:"data,omitempty"`

	At Span `yaml:"-" expr:"-" json:"-"`
}

// StepResult is what a finished step left behind, read as steps.<id>.
type StepResult struct {
	Output map[string]any `expr:"output" doc:"The action's output." json:"output,omitempty"`
	Error  string         `expr:"error" doc:"The error message when the step failed and on_error was taken." json:"error,omitempty"`
}

// Env is the typed environment every expression compiles against. The engine
// fills one per evaluation; lint compiles against a variant whose params are
// typed from the flow's declarations.
type Env struct {
	Contact Contact               `expr:"contact" doc:"The contact the run is about." json:"contact,omitempty"`
	Message Message               `expr:"message" doc:"The triggering message, or the latest reply." json:"message,omitempty"`
	Event   Event                 `expr:"event" doc:"The triggering event, or the one wait.event matched." json:"event,omitempty"`
	Steps   map[string]StepResult `expr:"steps" doc:"Results of steps that already ran, by step id." json:"steps,omitempty"`
	Params  map[string]any        `expr:"params" doc:"The flow's declared params." json:"params,omitempty"`
	Vars    map[string]any        `expr:"vars" doc:"Variables set by set steps." json:"vars,omitempty"`
	Now     time.Time             `expr:"now" doc:"The current time." json:"now,omitempty"`
}
