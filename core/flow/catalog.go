package flow

import (
	"encoding/json"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// FieldType is the type of one action input or output field.
type FieldType string

// Field types. Strings holding {{ expressions }} are accepted where any type
// is expected, since the expression may yield it.
const (
	TypeString    FieldType = "string"
	TypeNumber    FieldType = "number"
	TypeInteger   FieldType = "integer"
	TypeBool      FieldType = "bool"
	TypeDuration  FieldType = "duration"  // 90s, 15m, 24h, 2d
	TypeTime      FieldType = "time"      // 15:04 (next occurrence) or an RFC 3339 timestamp
	TypeTimezone  FieldType = "timezone"  // IANA name
	TypeCondition FieldType = "condition" // a boolean expression, without {{ }}
	TypeStep      FieldType = "step"      // a step id of the same flow, or end
	TypeList      FieldType = "list"
	TypeObject    FieldType = "object"
	TypeAny       FieldType = "any"
)

var fieldTypes = []FieldType{TypeString, TypeNumber, TypeInteger, TypeBool, TypeDuration,
	TypeTime, TypeTimezone, TypeCondition, TypeStep, TypeList, TypeObject, TypeAny}

// Field declares one input or output field of an action. The one declaration
// feeds lint, the JSON Schema, the dashboard's forms and the reference page.
type Field struct {
	Name        string    `json:"name"`
	Type        FieldType `json:"type"`
	Description string    `json:"description,omitempty"`
	Example     any       `json:"example,omitempty"`
	Default     any       `json:"default,omitempty"`
	Required    bool      `json:"required,omitempty"`
	Secret      bool      `json:"secret,omitempty"`  // shown masked; should come from {{ secrets }}, not plain text
	Enum        []string  `json:"enum,omitempty"`    // allowed values of a string field
	Pattern     string    `json:"pattern,omitempty"` // regular expression a string field must match
	Items       *Field    `json:"items,omitempty"`   // element type of a list (any when nil)
	Fields      []Field   `json:"fields,omitempty"`  // fields of an object (free-form when nil)
}

// BranchOnTimeout is the extra exit, besides next and on_error, that waits
// and requests take when their time runs out.
const BranchOnTimeout = "on_timeout"

// ActionSpec declares one action a step can use.
type ActionSpec struct {
	ID          string // namespaced: whatsapp.send, kanban.move; core steps may be bare: set, delay
	Title       string
	Description string

	// Input lists the `with` fields. Alternatively InputSchema holds a raw
	// JSON Schema (draft 2020-12) for actions that ship one; set one or the other.
	Input       []Field
	InputSchema json.RawMessage
	// Extra, when set, is the type of `with` keys not listed in Input;
	// when nil such keys are rejected.
	Extra *Field
	// OneOf lists groups of inputs of which exactly one must be given.
	OneOf [][]string

	Output []Field // what the action leaves in steps.<id>.output

	Waits    bool     // pauses the run (delay, wait.*, handoff); a loop through it is not a spin
	Branches []string // extra exits the action allows, such as BranchOnTimeout

	schema *jsonschema.Schema // InputSchema compiled by Register
}

// HasBranch reports whether the action declares the named extra exit.
func (s ActionSpec) HasBranch(name string) bool {
	for _, b := range s.Branches {
		if b == name {
			return true
		}
	}
	return false
}

// Catalog resolves the actions steps may use.
type Catalog interface {
	// Action returns the spec registered under id.
	Action(id string) (ActionSpec, bool)
	// Actions lists every spec, sorted by ID, for schemas and docs.
	Actions() []ActionSpec
}
