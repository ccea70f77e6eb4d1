package flow

import "gopkg.in/yaml.v3"

// Struct tags on the model drive decoding, the JSON Schema and the reference
// page: `yaml` names the key, `doc` describes it, `flow:"required"` makes it
// mandatory and `enum` lists the allowed values separated by |.

// Expression is an expr-lang expression; in a condition it must be boolean.
type Expression string

// StepRef names a step by id, or is "end" to end the run.
type StepRef string

// Duration is a length of time such as 90s, 15m, 24h, 2d or 1h30m.
type Duration string

// Cron is a five-field cron expression or a descriptor such as @daily.
type Cron string

// Timezone is an IANA time zone name such as America/Sao_Paulo.
type Timezone string

// Regex is a Go (RE2) regular expression.
type Regex string

// End is the step reference that ends a run.
const End StepRef = "end"

// Flow is one flow document.
type Flow struct {
	Version     int              `yaml:"version" flow:"required" doc:"Format version. Always 1."`
	Name        string           `yaml:"name" flow:"required" doc:"Stable identifier: lowercase letters, digits and dashes."`
	Title       string           `yaml:"title,omitempty" doc:"Human title shown in the dashboard and template gallery."`
	Description string           `yaml:"description,omitempty" doc:"What the flow does, for the template gallery."`
	Params      map[string]Param `yaml:"params,omitempty" doc:"Values filled in when a template is imported, read as params.<name>."`
	Trigger     Trigger          `yaml:"trigger" flow:"required" doc:"The one event that starts a run."`
	Steps       []Step           `yaml:"steps" flow:"required" doc:"The steps, run from the first one down unless a step says where to go."`
	Tests       []Test           `yaml:"tests,omitempty" doc:"Tests run by masteria flow test with mocked actions."`
	UI          *yaml.Node       `yaml:"x-ui,omitempty" doc:"Editor data (node positions, notes). Ignored by the engine, preserved as written."`

	File string `yaml:"-"` // the file name the flow was parsed from
	At   Span   `yaml:"-"`
}

// Param is one template parameter.
type Param struct {
	Type        string `yaml:"type" flow:"required" enum:"string|number|bool|list|object" doc:"Value type."`
	Default     any    `yaml:"default,omitempty" doc:"Value used when the importer gives none; must match type."`
	Required    bool   `yaml:"required,omitempty" doc:"The importer must give a value (when there is no default)."`
	Description string `yaml:"description,omitempty" doc:"Shown next to the field in the import form."`

	At Span `yaml:"-"`
}

// Trigger is the event that starts a run. Which fields apply depends on On;
// see TriggerKinds.
type Trigger struct {
	On         string     `yaml:"on" flow:"required" doc:"The trigger kind."`
	If         Expression `yaml:"if,omitempty" doc:"Boolean expression; the run starts only when it is true."`
	Channel    string     `yaml:"channel,omitempty" doc:"Only messages from this channel (whatsapp, sms, ...)."`
	Connection string     `yaml:"connection,omitempty" doc:"Only messages arriving on this connection."`
	Keyword    string     `yaml:"keyword,omitempty" doc:"Only messages whose first word is this keyword (case-insensitive)."`
	Regex      Regex      `yaml:"regex,omitempty" doc:"Only messages whose text matches this regular expression."`
	Cron       Cron       `yaml:"cron,omitempty" doc:"When to run: five-field cron or a descriptor such as @daily."`
	Timezone   Timezone   `yaml:"timezone,omitempty" doc:"Time zone the cron expression is read in (default UTC)."`
	Secret     string     `yaml:"secret,omitempty" doc:"Name of the stored secret used to check the request's HMAC-SHA256 signature."`
	Tag        string     `yaml:"tag,omitempty" doc:"Only when this tag is added."`
	Board      string     `yaml:"board,omitempty" doc:"Only cards on this Kanban board."`
	Stage      string     `yaml:"stage,omitempty" doc:"Only cards moved into this stage."`
	Campaign   string     `yaml:"campaign,omitempty" doc:"Only enrollments into this campaign."`
	WhileHuman bool       `yaml:"while_human,omitempty" doc:"Start also while a person handles the conversation (default false: a message a person is answering starts no flow); for flows that only tag, update or move the contact's card."`

	At Span `yaml:"-"`
}

// Step is one node of the flow. It is exactly one of: an action (Uses), a
// branch (If with Then/Else) or a switch (Switch).
type Step struct {
	ID        string     `yaml:"id" flow:"required" doc:"Unique step id, an identifier read as steps.<id> in expressions."`
	Uses      string     `yaml:"uses,omitempty" doc:"The action to run, <namespace>.<action> or a core step."`
	With      *yaml.Node `yaml:"with,omitempty" doc:"The action's inputs, checked against its schema; strings may hold {{ expressions }}."`
	If        Expression `yaml:"if,omitempty" doc:"Branch step: boolean expression choosing then or else."`
	Then      StepRef    `yaml:"then,omitempty" doc:"Branch step: where to go when if is true (default: the next step)."`
	Else      StepRef    `yaml:"else,omitempty" doc:"Branch step: where to go when if is false (default: the next step)."`
	Switch    *Switch    `yaml:"switch,omitempty" doc:"Switch step: the first case whose when is true chooses the next step."`
	Next      StepRef    `yaml:"next,omitempty" doc:"Where to go after this step (default: the following step in the list; end ends the run)."`
	OnError   StepRef    `yaml:"on_error,omitempty" doc:"Where to go when the action fails after its retries (default: the run fails)."`
	OnTimeout StepRef    `yaml:"on_timeout,omitempty" doc:"Where to go when a wait or the step's timeout runs out."`
	Retry     *Retry     `yaml:"retry,omitempty" doc:"Retry policy for a failing action."`
	Timeout   Duration   `yaml:"timeout,omitempty" doc:"Longest the action may take before it counts as timed out."`
	UI        *yaml.Node `yaml:"x-ui,omitempty" doc:"Editor data for this step. Ignored by the engine, preserved as written."`

	At Span `yaml:"-"`
}

// Switch picks the next step by the first true case.
type Switch struct {
	Cases   []Case  `yaml:"cases" flow:"required" doc:"Cases, checked in order."`
	Default StepRef `yaml:"default,omitempty" doc:"Where to go when no case is true (default: the next step)."`

	At Span `yaml:"-"`
}

// Case is one switch arm.
type Case struct {
	When Expression `yaml:"when" flow:"required" doc:"Boolean expression."`
	Next StepRef    `yaml:"next" flow:"required" doc:"Where to go when when is true."`

	At Span `yaml:"-"`
}

// Retry is a step's retry policy: exponential backoff with jitter.
type Retry struct {
	MaxAttempts int      `yaml:"max_attempts,omitempty" doc:"Attempts in total, including the first (at least 1; default 3)."`
	Backoff     Duration `yaml:"backoff,omitempty" doc:"Wait before the second attempt, doubled after each failure (default 1s)."`
	MaxBackoff  Duration `yaml:"max_backoff,omitempty" doc:"Upper bound of the wait between attempts (default 5m)."`

	At Span `yaml:"-"`
}
