package flow

// Lint codes. They are stable: editors, the API and users' scripts match on
// them, so a code is never renamed or reused for another rule.
const (
	CodeYAMLSyntax         = "yaml-syntax"
	CodeMultipleDocuments  = "multiple-documents"
	CodeInvalidAlias       = "invalid-alias"
	CodeDuplicateKey       = "duplicate-key"
	CodeInvalidType        = "invalid-type"
	CodeUnknownKey         = "unknown-key"
	CodeMissingField       = "missing-field"
	CodeInvalidValue       = "invalid-value"
	CodeUnsupportedVersion = "unsupported-version"
	CodeUnknownTrigger     = "unknown-trigger"
	CodeInvalidCron        = "invalid-cron"
	CodeInvalidTimezone    = "invalid-timezone"
	CodeInvalidRegex       = "invalid-regex"
	CodeInvalidDuration    = "invalid-duration"
	CodeInvalidID          = "invalid-id"
	CodeDuplicateStep      = "duplicate-step"
	CodeMisplacedKey       = "misplaced-key"
	CodeUnknownAction      = "unknown-action"
	CodeInvalidInput       = "invalid-input"
	CodeDanglingReference  = "dangling-reference"
	CodeUnreachableStep    = "unreachable-step"
	CodeCycleWithoutWait   = "cycle-without-wait"
	CodeInvalidExpression  = "invalid-expression"
	CodeUnknownStep        = "unknown-step"
	CodeUnknownParam       = "unknown-param"
	CodeUnknownTestStep    = "unknown-test-step"
)

// CodeInfo documents one lint code.
type CodeInfo struct {
	Code        string `json:"code"`
	Description string `json:"description"`
}

// Codes lists every lint code with what it means, in documentation order.
func Codes() []CodeInfo {
	return []CodeInfo{
		{CodeYAMLSyntax, "The file is not valid YAML."},
		{CodeMultipleDocuments, "The file holds more than one YAML document; a flow is exactly one."},
		{CodeInvalidAlias, "A YAML alias refers to itself or expands to an unreasonably large document."},
		{CodeDuplicateKey, "The same key appears twice in one mapping."},
		{CodeInvalidType, "A value has the wrong YAML type (for example a list where a string belongs)."},
		{CodeUnknownKey, "A key the format does not define (`x-ui` is free-form and `with` is checked by the action)."},
		{CodeMissingField, "A required field is absent."},
		{CodeInvalidValue, "A value is outside the allowed set or shape (names, enums, retry counts, param defaults)."},
		{CodeUnsupportedVersion, "`version` is not a format version this release understands (only 1)."},
		{CodeUnknownTrigger, "`trigger.on` names no known trigger."},
		{CodeInvalidCron, "A schedule trigger's cron expression does not parse."},
		{CodeInvalidTimezone, "A time zone is not an IANA zone name such as America/Sao_Paulo."},
		{CodeInvalidRegex, "A regular expression does not compile (Go RE2 syntax)."},
		{CodeInvalidDuration, "A duration does not parse; use forms like 90s, 15m, 24h, 2d or 1h30m."},
		{CodeInvalidID, "A step id is not an identifier (letters, digits, underscore) or is the reserved word end."},
		{CodeDuplicateStep, "Two steps share one id."},
		{CodeMisplacedKey, "A key that does not fit this kind of step: a step is exactly one of uses, if or switch, and on_timeout needs a timeout."},
		{CodeUnknownAction, "`uses` names an action that no core step or installed plugin provides."},
		{CodeInvalidInput, "A step's `with` breaks the input schema its action declares."},
		{CodeDanglingReference, "next, then, else, on_error, on_timeout, a switch target or a goto names no step."},
		{CodeUnreachableStep, "No path from the first step leads to this step."},
		{CodeCycleWithoutWait, "Steps form a loop with no delay or wait in it, so a run would spin forever."},
		{CodeInvalidExpression, "An expression does not compile against the flow's typed environment, or a condition is not boolean."},
		{CodeUnknownStep, "An expression reads steps.<id> of a step that does not exist or never runs before this point."},
		{CodeUnknownParam, "An expression or a test names a param the flow does not declare."},
		{CodeUnknownTestStep, "A test's mocks, path or sends name a step the flow does not have."},
	}
}
