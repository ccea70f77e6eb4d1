package flow

// Test is one flow test: a starting event, mocked action results and what
// the run must do.
type Test struct {
	Name   string `yaml:"name" flow:"required" doc:"What the test checks."`
	Given  Given  `yaml:"given,omitempty" doc:"The trigger event and the world the run sees."`
	Expect Expect `yaml:"expect,omitempty" doc:"What the run must do."`

	At Span `yaml:"-"`
}

// Given is a test's starting point.
type Given struct {
	Message *Message        `yaml:"message,omitempty" doc:"The message that triggers the run."`
	Event   *Event          `yaml:"event,omitempty" doc:"The trigger event, for triggers other than message.received."`
	Contact *Contact        `yaml:"contact,omitempty" doc:"The contact the run is about."`
	Params  map[string]any  `yaml:"params,omitempty" doc:"Param values; each must be declared by the flow."`
	Vars    map[string]any  `yaml:"vars,omitempty" doc:"Variables set before the first step."`
	Mocks   map[string]Mock `yaml:"mocks,omitempty" doc:"Mocked results by step id; unmocked plugin actions succeed with empty output."`

	At Span `yaml:"-"`
}

// Mock is the mocked result of one step.
type Mock struct {
	Output map[string]any `yaml:"output,omitempty" doc:"The step's output."`
	Error  string         `yaml:"error,omitempty" doc:"Make the step fail with this message."`

	At Span `yaml:"-"`
}

// Expect is what a test run must do.
type Expect struct {
	Path   []StepRef      `yaml:"path,omitempty" doc:"Step ids the run goes through, in order."`
	Status string         `yaml:"status,omitempty" enum:"completed|waiting|failed" doc:"How the run stands at the end of the test."`
	Vars   map[string]any `yaml:"vars,omitempty" doc:"Variables the run must hold (only the listed ones are compared)."`
	Tags   []string       `yaml:"tags,omitempty" doc:"Tags the contact must carry."`
	Kanban *KanbanExpect  `yaml:"kanban,omitempty" doc:"Where the contact's Kanban card must be."`
	Sends  []SendExpect   `yaml:"sends,omitempty" doc:"Steps that must have run with at least these inputs."`

	At Span `yaml:"-"`
}

// KanbanExpect is the Kanban position a test expects.
type KanbanExpect struct {
	Board string `yaml:"board,omitempty" doc:"Board name (any board when absent)."`
	Stage string `yaml:"stage" flow:"required" doc:"Stage name."`

	At Span `yaml:"-"`
}

// SendExpect is a step a test expects to run, with some of its inputs.
type SendExpect struct {
	Step StepRef        `yaml:"step" flow:"required" doc:"The step id."`
	With map[string]any `yaml:"with,omitempty" doc:"Inputs it must have received, after templates are filled in."`

	At Span `yaml:"-"`
}
