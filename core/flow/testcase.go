package flow

// Test is one flow test: a starting event, mocked action results and what
// the run must do.
type Test struct {
	Name   string `yaml:"name" flow:"required" doc:"What the test checks." json:"name,omitempty"`
	Given  Given  `yaml:"given,omitempty" doc:"The trigger event and the world the run sees." json:"given,omitempty"`
	Expect Expect `yaml:"expect,omitempty" doc:"What the run must do." json:"expect,omitempty"`

	At Span `yaml:"-" json:"-"`
}

// Given is a test's starting point.
type Given struct {
	Message *Message        `yaml:"message,omitempty" doc:"The message that triggers the run." json:"message,omitempty"`
	Event   *Event          `yaml:"event,omitempty" doc:"The trigger event, for triggers other than message.received." json:"event,omitempty"`
	Contact *Contact        `yaml:"contact,omitempty" doc:"The contact the run is about." json:"contact,omitempty"`
	Params  map[string]any  `yaml:"params,omitempty" doc:"Param values; each must be declared by the flow." json:"params,omitempty"`
	Vars    map[string]any  `yaml:"vars,omitempty" doc:"Variables set before the first step." json:"vars,omitempty"`
	Mocks   map[string]Mock `yaml:"mocks,omitempty" doc:"Mocked results by step id; unmocked plugin actions succeed with empty output." json:"mocks,omitempty"`

	At Span `yaml:"-" json:"-"`
}

// Mock is the mocked result of one step.
type Mock struct {
	Output map[string]any `yaml:"output,omitempty" doc:"The step's output." json:"output,omitempty"`
	Error  string         `yaml:"error,omitempty" doc:"Make the step fail with this message." json:"error,omitempty"`

	At Span `yaml:"-" json:"-"`
}

// Expect is what a test run must do.
type Expect struct {
	Path   []StepRef      `yaml:"path,omitempty" doc:"Step ids the run goes through, in order." json:"path,omitempty"`
	Status string         `yaml:"status,omitempty" enum:"completed|waiting|failed" doc:"How the run stands at the end of the test." json:"status,omitempty"`
	Vars   map[string]any `yaml:"vars,omitempty" doc:"Variables the run must hold (only the listed ones are compared)." json:"vars,omitempty"`
	Tags   []string       `yaml:"tags,omitempty" doc:"Tags the contact must carry." json:"tags,omitempty"`
	Kanban *KanbanExpect  `yaml:"kanban,omitempty" doc:"Where the contact's Kanban card must be." json:"kanban,omitempty"`
	Sends  []SendExpect   `yaml:"sends,omitempty" doc:"Steps that must have run with at least these inputs." json:"sends,omitempty"`

	At Span `yaml:"-" json:"-"`
}

// KanbanExpect is the Kanban position a test expects.
type KanbanExpect struct {
	Board string `yaml:"board,omitempty" doc:"Board name (any board when absent)." json:"board,omitempty"`
	Stage string `yaml:"stage" flow:"required" doc:"Stage name." json:"stage,omitempty"`

	At Span `yaml:"-" json:"-"`
}

// SendExpect is a step a test expects to run, with some of its inputs.
type SendExpect struct {
	Step StepRef        `yaml:"step" flow:"required" doc:"The step id." json:"step,omitempty"`
	With map[string]any `yaml:"with,omitempty" doc:"Inputs it must have received, after templates are filled in." json:"with,omitempty"`

	At Span `yaml:"-" json:"-"`
}
