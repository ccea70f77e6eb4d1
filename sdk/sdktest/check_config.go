package sdktest

import (
	"context"
	"errors"
	"maps"
	"testing"

	"github.com/masteria/masteria/sdk"
)

// checkConfig: the good config opens the plugin; configs missing a
// required field, with a wrong type or an unknown key fail with field
// errors; Options.BadConfigs are rejected by the plugin itself.
func (e Env) checkConfig(t *testing.T) {
	t.Run("good", func(t *testing.T) { e.Open(t) })
	t.Run("missing required", func(t *testing.T) {
		for _, f := range e.Manifest.Config {
			if s := f.Spec(); s.Required {
				bad := maps.Clone(e.Options.Config)
				delete(bad, s.Name)
				e.expectFieldError(t, bad, s.Name, sdk.CodeRequired)
			}
		}
	})
	t.Run("wrong types", func(t *testing.T) {
		for _, f := range e.Manifest.Config {
			bad := maps.Clone(e.Options.Config)
			if bad == nil {
				bad = map[string]any{}
			}
			bad[f.Name()] = wrongValue(f.Spec().Type)
			e.expectFieldError(t, bad, f.Name(), sdk.CodeType)
		}
	})
	t.Run("unknown field", func(t *testing.T) {
		bad := maps.Clone(e.Options.Config)
		if bad == nil {
			bad = map[string]any{}
		}
		bad["sdktest_unknown_field"] = true
		e.expectFieldError(t, bad, "sdktest_unknown_field", sdk.CodeUnknown)
	})
	t.Run("rejected by plugin", e.checkBadConfigs)
}

func (e Env) expectFieldError(t *testing.T, raw map[string]any, path, code string) {
	t.Helper()
	_, err := e.Manifest.Config.Parse(raw)
	var fe sdk.FieldErrors
	if !errors.As(err, &fe) || !fe.Has(path, code) {
		t.Errorf("config %v: want a %q error at %q, got %v", raw, code, path, err)
	}
}

// wrongValue returns a value of the wrong JSON type for a field type.
func wrongValue(t sdk.FieldType) any {
	switch t {
	case sdk.TypeInt, sdk.TypeFloat:
		return "not a number"
	case sdk.TypeBool:
		return "yes"
	case sdk.TypeList, sdk.TypeObject, sdk.TypeMap:
		return 42
	}
	return 12345
}

func (e Env) checkBadConfigs(t *testing.T) {
	if len(e.Options.BadConfigs) == 0 {
		t.Skip("no Options.BadConfigs")
	}
	for i, raw := range e.Options.BadConfigs {
		if _, err := e.Manifest.Config.Parse(raw); err != nil {
			t.Logf("BadConfigs[%d] fails at the schema already: %v", i, err)
			continue
		}
		pr := &probe{Plugin: e.Factory()}
		err := guard(func() error { return sdk.Open(context.Background(), pr, e.Connection(t, raw)) })
		if err == nil {
			t.Errorf("BadConfigs[%d] %v: the plugin accepted it", i, raw)
			_ = sdk.Close(pr)
		}
		var panicked *panicError
		if errors.As(err, &panicked) {
			t.Errorf("BadConfigs[%d]: %v", i, err)
		}
		if pr.cleanups != 1 {
			t.Errorf("BadConfigs[%d]: Cleanup ran %d times after the failed open, want 1", i, pr.cleanups)
		}
	}
}
