package sdk

import "context"

// Action is one flow step a plugin provides.
type Action interface {
	// Invoke runs the action. It must return promptly with ctx.Err() once
	// ctx is done, be safe for concurrent calls, and classify its errors
	// (see [ClassOf]).
	Invoke(ctx context.Context, in Input) (Output, error)
}

// ActionFunc adapts a function, usually a method value, to [Action].
type ActionFunc func(ctx context.Context, in Input) (Output, error)

// Invoke calls f.
func (f ActionFunc) Invoke(ctx context.Context, in Input) (Output, error) { return f(ctx, in) }

// Input is what an action receives. New fields may be added; plugins read
// the ones they need.
type Input struct {
	// Params are the step's inputs, validated against the action's Input
	// fields, with defaults filled in.
	Params *ParsedConfig
	// IdempotencyKey is the same on every retry of one step; pass it to
	// providers that de-duplicate.
	IdempotencyKey string
	// RunID and StepID say which flow run and step called, for logs.
	RunID, StepID string
}

// Output is what an action returns: values matching its Output fields,
// readable by later steps as steps.<id>.output.
type Output struct {
	Values map[string]any
}

// ParseInput validates raw step inputs against the action's Input fields
// and returns the [Input] to invoke it with. On failure the error is a
// [FieldErrors].
func (a ActionSpec) ParseInput(raw map[string]any) (Input, error) {
	params, err := a.Input.Parse(raw)
	if err != nil {
		return Input{}, err
	}
	return Input{Params: params}, nil
}

// ParseSlotInput is ParseInput for an input decoded by declaration (see
// [Fields.ParseSlots]): slots[i] is the value of a.Input[i].
func (a ActionSpec) ParseSlotInput(slots []any) (Input, error) {
	params, err := a.Input.ParseSlots(slots)
	if err != nil {
		return Input{}, err
	}
	return Input{Params: params}, nil
}

// ParseOwnedInput is ParseInput for raw inputs made for this one call,
// which nothing else reads or keeps (see [Fields.ParseOwned]): plugin
// runtimes use it on inputs they have just decoded.
func (a ActionSpec) ParseOwnedInput(raw map[string]any) (Input, error) {
	params, err := a.Input.ParseOwned(raw)
	if err != nil {
		return Input{}, err
	}
	return Input{Params: params}, nil
}
