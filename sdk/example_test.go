package sdk_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/masteria/masteria/sdk"
)

// Declare a config once; validation reports every problem with its path.
func ExampleNewStringField() {
	config := sdk.Fields{
		sdk.NewStringField("token").Description("API token.").Secret().Required(),
		sdk.NewEnumField("region", "br", "us").Default("br"),
		sdk.NewListField("numbers", sdk.NewObjectField("",
			sdk.NewStringField("phone").Required(),
			sdk.NewDurationField("quiet_for").Example("8h"),
		)),
	}
	errs := config.Validate(map[string]any{
		"region":  "eu",
		"numbers": []any{map[string]any{"quiet_for": "8 hours"}},
	})
	for _, e := range errs {
		fmt.Printf("%s (%s): %s\n", e.Path, e.Code, e.Message)
	}
	// Output:
	// token (required): is required
	// region (enum): must be one of "br", "us"
	// numbers[0].phone (required): is required
	// numbers[0].quiet_for (format): "8 hours" is not a duration such as "30s", "5m" or "24h"
}

// A constructor reads typed, validated config with defaults filled in.
func ExampleFields_Parse() {
	config := sdk.Fields{
		sdk.NewStringField("token").Secret().Required(),
		sdk.NewDurationField("timeout").Default(10 * time.Second),
		sdk.NewIntField("max_retries").Default(3),
	}
	cfg, err := config.Parse(map[string]any{"token": "EAAG", "max_retries": 5.0})
	if err != nil {
		panic(err)
	}
	fmt.Println(cfg.String("token"), cfg.Duration("timeout"), cfg.Int("max_retries"))
	fmt.Println(cfg.Bool("debug"), cfg.Err())
	// Output:
	// EAAG 10s 5
	// false sdk: config has no field "debug"
}

// The same declaration yields the JSON Schema the dashboard draws forms from.
func ExampleFields_JSONSchema() {
	config := sdk.Fields{
		sdk.NewStringField("token").Description("API token.").Secret().Required(),
		sdk.NewIntField("max_retries").Default(3),
	}
	b, _ := json.MarshalIndent(config.JSONSchema(), "", "  ")
	fmt.Println(string(b))
	// Output:
	// {
	//   "$schema": "https://json-schema.org/draft/2020-12/schema",
	//   "additionalProperties": false,
	//   "properties": {
	//     "max_retries": {
	//       "default": 3,
	//       "type": "integer"
	//     },
	//     "token": {
	//       "description": "API token.",
	//       "type": "string",
	//       "writeOnly": true,
	//       "x-secret": true
	//     }
	//   },
	//   "required": [
	//     "token"
	//   ],
	//   "type": "object",
	//   "x-order": [
	//     "token",
	//     "max_retries"
	//   ]
	// }
}

// Errors carry the class the engine acts on, through any wrapping.
func ExampleClassOf() {
	errs := []error{
		errors.New("connection reset"),
		sdk.RateLimited(errors.New("429 Too Many Requests"), 30*time.Second),
		fmt.Errorf("send: %w", sdk.Permanent(errors.New("recipient not on WhatsApp"), "131026")),
		sdk.Auth(errors.New("token expired")),
		nil,
	}
	for _, err := range errs {
		class, after, code := sdk.ClassOf(err)
		fmt.Printf("%-12s retry-after=%v code=%q\n", class, after, code)
	}
	// Output:
	// retryable    retry-after=0s code=""
	// rate_limited retry-after=30s code=""
	// permanent    retry-after=0s code="131026"
	// auth         retry-after=0s code=""
	// none         retry-after=0s code=""
}

// An egress guard under an http.Client refuses hosts the manifest does not
// declare, before any connection is made.
func ExampleNewEgressGuard() {
	client := &http.Client{Transport: sdk.NewEgressGuard([]string{"graph.facebook.com"}, nil)}
	_, err := client.Get("https://attacker.example/steal")
	class, _, _ := sdk.ClassOf(err)
	fmt.Println(errors.Is(err, sdk.ErrHostNotAllowed), class)
	// Output:
	// true permanent
}

type greeter struct{ sdk.Base }

func (greeter) Manifest() sdk.Manifest {
	return sdk.Manifest{
		ID: "greeter", Version: "0.1.0", Runtime: sdk.RuntimeGRPC, Title: "Greeter",
		Namespaces: []string{"greet"},
		Actions: []sdk.ActionSpec{{ID: "greet.hello", Title: "Say hello",
			Input:  sdk.Fields{sdk.NewStringField("name").Required()},
			Output: sdk.Fields{sdk.NewStringField("greeting")}}},
	}
}

func (g greeter) Actions() map[string]sdk.Action {
	return map[string]sdk.Action{"greet.hello": sdk.ActionFunc(g.hello)}
}

func (greeter) hello(_ context.Context, in sdk.Input) (sdk.Output, error) {
	return sdk.Output{Values: map[string]any{"greeting": "Olá, " + in.Params.String("name")}}, nil
}

// A registry is a value: register plugins, then find actions by ID.
func ExampleRegistry() {
	reg := sdk.NewRegistry()
	reg.MustRegister(func() sdk.Plugin { return greeter{} })
	fmt.Println(reg.Register(func() sdk.Plugin { return greeter{} }))

	pluginID, spec, _ := reg.Action("greet.hello")
	factory, _, _ := reg.Plugin(pluginID)
	in, _ := spec.ParseInput(map[string]any{"name": "Ana"})
	out, _ := factory().Actions()[spec.ID].Invoke(context.Background(), in)
	fmt.Println(out.Values["greeting"])
	// Output:
	// sdk: duplicate ID: plugin "greeter" is already registered
	// Olá, Ana
}

// A plugin may read its whole config into a struct of its own.
func ExampleParsedConfig_Decode() {
	config := sdk.Fields{
		sdk.NewStringField("token").Secret().Required(),
		sdk.NewDurationField("timeout").Default(10 * time.Second),
		sdk.NewListField("numbers", sdk.NewStringField("")),
	}
	parsed, err := config.Parse(map[string]any{"token": "s3cret", "numbers": []any{"+5511999990000"}})
	if err != nil {
		panic(err)
	}
	var cfg struct {
		Token   string        `json:"token"`
		Timeout time.Duration `json:"timeout"`
		Numbers []string      `json:"numbers"`
	}
	if err := parsed.Decode(&cfg); err != nil {
		panic(err)
	}
	fmt.Println(cfg.Token, cfg.Timeout, cfg.Numbers)
	// Output: s3cret 10s [+5511999990000]
}
