package flow

// A lint problem's reason keys its English message beside its code (which
// groups several messages): the editor words the problems people commonly
// meet from the reason and its params, and shows the message for others.
const (
	ReasonNoSteps         = "no_steps"
	ReasonStepNeedsKind   = "step_needs_kind"
	ReasonSwitchNeedsCase = "switch_needs_case"
	ReasonInvalidStepID   = "invalid_step_id"
	ReasonDuplicateStep   = "duplicate_step"
	ReasonUnreachableStep = "unreachable_step"
	ReasonDanglingStep    = "dangling_step"
	ReasonUnknownAction   = "unknown_action"
	ReasonMissingInput    = "missing_input"
	ReasonUnknownInput    = "unknown_input"
	ReasonNotOneOf        = "not_one_of"
	ReasonUnknownTrigger  = "unknown_trigger"
	ReasonTriggerNeeds    = "trigger_needs"
	ReasonEmptyExpression = "empty_expression"
	ReasonInvalidName     = "invalid_name"
)

// Reasons describes every lint reason and its params, for the docs.
var Reasons = map[string]string{
	ReasonNoSteps:         "a flow needs at least one step",
	ReasonStepNeedsKind:   "a step needs one of uses, if or switch",
	ReasonSwitchNeedsCase: "a switch needs at least one case",
	ReasonInvalidStepID:   "a step id is not an identifier, or is end; params: step",
	ReasonDuplicateStep:   "two steps share an id; params: step",
	ReasonUnreachableStep: "no step before it continues to the step; params: step",
	ReasonDanglingStep:    "a step names a step that does not exist; params: step (the missing id), suggestion (a likely id, or empty)",
	ReasonUnknownAction:   "uses names no installed action; params: action, suggestion",
	ReasonMissingInput:    "an action's required input is absent; params: input",
	ReasonUnknownInput:    "an input the action does not take; params: input, suggestion",
	ReasonNotOneOf:        "a value outside its choices; params: value, values (comma separated)",
	ReasonUnknownTrigger:  "trigger.on names no trigger; params: trigger, suggestion",
	ReasonTriggerNeeds:    "a trigger lacks one of its fields; params: trigger, field",
	ReasonEmptyExpression: "{{ }} holds no expression",
	ReasonInvalidName:     "the flow's name is not lowercase letters, digits and dashes; params: name",
	// An expression's compile errors (ExprProblem; the diagnostic places them).
	ExprUnknownField:    "an expression reads a field its object does not have; params: object (contact, message, event, steps.<id>, params), field",
	ExprUnknownName:     "an expression names something that does not exist; params: name",
	ExprUnexpectedToken: "an expression has something unexpected; params: token",
	ExprUnexpectedEnd:   "an expression ends too early",
	ExprUnterminated:    "a quoted text is never closed",
	ExprNotCondition:    "a condition is not true or false; params: got (its Go type)",
	ExprMismatchedTypes: "an operator applied to values it does not take; params: operator, left, right (Go types)",
	ExprInvalid:         "the expression does not compile; params: detail (the parser's words, English)",
}

// keyed is a problem's reason and params.
type keyed struct {
	reason string
	params map[string]any
}

// key makes a keyed from a reason and its params as name, value pairs.
func key(reason string, pairs ...any) keyed {
	k := keyed{reason: reason}
	if len(pairs) > 0 {
		k.params = make(map[string]any, len(pairs)/2)
		for i := 0; i+1 < len(pairs); i += 2 {
			k.params[pairs[i].(string)] = pairs[i+1]
		}
	}
	return k
}
