package sdk

import (
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
	"unsafe"
)

func TestParseTypesAndDefaults(t *testing.T) {
	cfg, err := sampleConfig().Parse(map[string]any{
		"token": "secret", "phone_number_id": "123", "max_retries": 5.0,
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := cfg.String("token"); got != "secret" {
		t.Errorf("token = %q", got)
	}
	if got := cfg.Int("max_retries"); got != 5 {
		t.Errorf("max_retries = %d", got)
	}
	if got := cfg.Duration("timeout"); got != 10*time.Second {
		t.Errorf("timeout default = %v", got)
	}
	if got := cfg.URL("base_url"); got == nil || got.Host != "graph.facebook.com" {
		t.Errorf("base_url default = %v", got)
	}
	if cfg.Bool("mark_read") || cfg.Has("mark_read") {
		t.Error("absent bool should be false and not set")
	}
	if err := cfg.Err(); err != nil {
		t.Errorf("Err = %v", err)
	}
}

// TestParseOwned: parsing in place types the caller's map itself and
// reads back as Parse does; Parse leaves its caller's map alone.
func TestParseOwned(t *testing.T) {
	raw := func() map[string]any {
		return map[string]any{"token": "secret", "phone_number_id": "123", "max_retries": json.Number("5"),
			"timeout": "3s", "base_url": ""}
	}
	given := raw()
	copied, err := sampleConfig().Parse(given)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(given, raw()) {
		t.Errorf("Parse changed its input: %v", given)
	}
	owned := raw()
	inPlace, err := sampleConfig().ParseOwned(owned)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(copied.values, inPlace.values) {
		t.Errorf("Parse = %v, ParseOwned = %v", copied.values, inPlace.values)
	}
	if owned["max_retries"] != int64(5) || owned["timeout"] != 3*time.Second {
		t.Errorf("ParseOwned did not type the map in place: %v", owned)
	}
	if _, ok := owned["base_url"]; !ok || inPlace.URL("base_url").Host != "graph.facebook.com" {
		t.Errorf("an empty value is not set, so base_url takes its default: %v", owned)
	}
}

// TestParseSlots: values given by declaration index read back typed, with
// defaults, as Parse's do; a missing required field is reported.
func TestParseSlots(t *testing.T) {
	fs := sampleConfig()
	slots := make([]any, len(fs))
	for i, f := range fs {
		switch f.Name() {
		case "token":
			slots[i] = "secret"
		case "phone_number_id":
			slots[i] = "123"
		case "max_retries":
			slots[i] = json.Number("5")
		}
	}
	cfg, err := fs.ParseSlots(slots)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.String("token") != "secret" || cfg.Int("max_retries") != 5 || cfg.Duration("timeout") != 10*time.Second ||
		cfg.URL("base_url").Host != "graph.facebook.com" || cfg.Has("mark_read") || cfg.Err() != nil {
		t.Errorf("read back %v (err %v)", cfg.Redacted(), cfg.Err())
	}
	var decoded struct {
		Token   string        `json:"token"`
		Retries int           `json:"max_retries"`
		Timeout time.Duration `json:"timeout"`
	}
	if err := cfg.Decode(&decoded); err != nil || decoded.Token != "secret" || decoded.Retries != 5 ||
		decoded.Timeout != 10*time.Second {
		t.Errorf("Decode = %+v, %v", decoded, err)
	}
	if _, err := fs.ParseSlots(make([]any, len(fs))); err == nil || !strings.Contains(err.Error(), "token") {
		t.Errorf("missing required fields: err = %v", err)
	}
	if _, err := fs.ParseSlots(nil); err == nil {
		t.Error("too few slots were accepted")
	}
}

// TestFieldsViewSharesLayout: Fields.view reads a []Field as []FieldSpec.
func TestFieldsViewSharesLayout(t *testing.T) {
	if unsafe.Sizeof(Field{}) != unsafe.Sizeof(FieldSpec{}) || unsafe.Alignof(Field{}) != unsafe.Alignof(FieldSpec{}) {
		t.Fatal("Field is no longer a FieldSpec alone: Fields.view is unsound")
	}
	fs := sampleConfig()
	for i, s := range fs.view() {
		if !reflect.DeepEqual(s, fs[i].Spec()) {
			t.Errorf("view[%d] = %+v, Spec() = %+v", i, s, fs[i].Spec())
		}
	}
}

func TestParseRejects(t *testing.T) {
	_, err := sampleConfig().Parse(map[string]any{"token": 1})
	var fe FieldErrors
	if !errors.As(err, &fe) {
		t.Fatalf("error %v is not FieldErrors", err)
	}
	if !fe.Has("token", CodeType) || !fe.Has("phone_number_id", CodeRequired) {
		t.Errorf("got %v", fe)
	}
}

func TestParseNested(t *testing.T) {
	in, err := sampleSend().ParseInput(map[string]any{
		"to": "+1", "tags": []any{"a", "b"},
		"template": map[string]any{
			"name": "promo", "variables": map[string]any{"1": "Ana"},
			"components": []any{map[string]any{"type": "body", "parameters": []any{"x"}}},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	p := in.Params
	tpl := p.Object("template")
	if tpl.String("name") != "promo" || tpl.String("language") != "pt_BR" {
		t.Errorf("template = %q %q", tpl.String("name"), tpl.String("language"))
	}
	if got := tpl.StringMap("variables"); got["1"] != "Ana" {
		t.Errorf("variables = %v", got)
	}
	comps := tpl.Objects("components")
	if len(comps) != 1 || comps[0].String("type") != "body" || !slices.Equal(comps[0].Strings("parameters"), []string{"x"}) {
		t.Errorf("components wrong")
	}
	if got := p.Strings("tags"); !slices.Equal(got, []string{"a", "b"}) {
		t.Errorf("tags = %v", got)
	}
	if p.String("kind") != "text" {
		t.Errorf("enum default = %q", p.String("kind"))
	}
	if err := p.Err(); err != nil {
		t.Error(err)
	}
}

func TestAccessorMisuseIsRecorded(t *testing.T) {
	cfg, err := sampleConfig().Parse(map[string]any{"token": "t", "phone_number_id": "1"})
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Int("token") != 0 || cfg.String("nope") != "" || cfg.Strings("token") == nil {
		t.Error("misuse should read as zero values")
	}
	err = cfg.Err()
	for _, want := range []string{`"token" has type string, not int`, `no field "nope"`, `"token" has type string, not list`} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Err() = %v, want it to mention %s", err, want)
		}
	}
}

func TestNilParsedConfig(t *testing.T) {
	var cfg *ParsedConfig
	if cfg.String("x") != "" || cfg.Int("x") != 0 || cfg.Object("x") != nil || cfg.Err() != nil {
		t.Error("nil ParsedConfig must read as empty")
	}
}

func TestAbsentObjectHasDefaults(t *testing.T) {
	in, err := sampleSend().ParseInput(map[string]any{"to": "+1"})
	if err != nil {
		t.Fatal(err)
	}
	if got := in.Params.Object("template").String("language"); got != "pt_BR" {
		t.Errorf("language = %q", got)
	}
}

func TestSecretsAreRedacted(t *testing.T) {
	fields := Fields{
		NewStringField("token").Secret(),
		NewListField("keys", NewStringField("").Secret()),
		NewObjectField("auth", NewStringField("user"), NewStringField("password").Secret()),
		NewDurationField("timeout").Default("5s"),
	}
	cfg, err := fields.Parse(map[string]any{
		"token": "tok-123", "keys": []any{"k-1"}, "auth": map[string]any{"user": "ana", "password": "pw-9"},
	})
	if err != nil {
		t.Fatal(err)
	}
	var logged strings.Builder
	slog.New(slog.NewTextHandler(&logged, nil)).Info("provisioned", "config", cfg)
	for _, out := range []string{fmt.Sprintf("%v", cfg), fmt.Sprintf("%+v", cfg), logged.String()} {
		for _, secret := range []string{"tok-123", "k-1", "pw-9"} {
			if strings.Contains(out, secret) {
				t.Errorf("%q leaked in %s", secret, out)
			}
		}
		if !strings.Contains(out, "ana") || !strings.Contains(out, "5s") {
			t.Errorf("non-secret values missing from %s", out)
		}
	}
}
