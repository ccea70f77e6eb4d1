// Package sdktest is the conformance suite every Master IA plugin must
// pass, and in-memory host services for plugin tests.
//
//	func TestConformance(t *testing.T) {
//		sdktest.Run(t, func() sdk.Plugin { return &Plugin{} }, sdktest.Options{
//			Config: map[string]any{"token": "test"},
//			Inputs: map[string][]map[string]any{"echo.say": {{"text": "hi"}}},
//		})
//	}
//
// Run the suite with -race: it invokes actions concurrently.
package sdktest

import (
	"context"
	"testing"
	"time"

	"github.com/masteria/masteria/sdk"
)

// Options tell the suite how to exercise a plugin.
type Options struct {
	// Config is a good connection config; opening the plugin with it must
	// succeed.
	Config map[string]any
	// BadConfigs pass the schema but must be rejected by the plugin's own
	// Provision, Validate or Start. The suite also derives schema-level bad
	// configs (missing required fields, wrong types, unknown keys) itself.
	BadConfigs []map[string]any
	// Inputs are sample inputs per action ID. Every declared action needs
	// at least one; each is invoked Concurrency times at once and must
	// succeed with output matching the action's Output fields.
	Inputs map[string][]map[string]any
	// Blocking are inputs per action ID that make the action block until
	// its context is done. The suite cancels the context and expects a
	// prompt return with the context's error.
	Blocking map[string]map[string]any
	// Messages are sample messages a channel plugin must send.
	Messages []sdk.OutboundMessage
	// Webhooks are sample provider requests a webhook handler must accept.
	Webhooks []WebhookCase
	// Concurrency is how many calls run at once; 8 when zero.
	Concurrency int
	// CancelGrace is how long a cancelled call may take to return; 5s when
	// zero.
	CancelGrace time.Duration
	// Host returns the host services for one test connection; NewHost when
	// nil. The suite restricts them to the manifest's permissions.
	Host func(tb testing.TB, m sdk.Manifest) sdk.Host
	// Checks run after the built-in checks, each as a subtest named after
	// it. Plugin runtimes add theirs here: the go-plugin runtime checks that
	// a killed plugin process is restarted and its in-flight calls fail as
	// retryable; the WASM runtime checks memory and CPU limits.
	Checks []Check
}

// WebhookCase is one sample provider request and what it must produce.
type WebhookCase struct {
	Name    string
	Request sdk.WebhookRequest
	// Status is the expected HTTP status; zero accepts any 2xx.
	Status int
	// Subjects are the expected event subjects, in order; nil skips the
	// comparison.
	Subjects []string
}

// Check is an extra conformance check, see [Options.Checks].
type Check struct {
	Name string
	Run  func(t *testing.T, env Env)
}

// Env is what a [Check] works with.
type Env struct {
	Factory  sdk.Factory
	Manifest sdk.Manifest
	Options  Options
}

// Run runs the conformance suite against the plugin factory makes. Each
// check is a subtest: manifest, config, actions, cancellation, channel,
// webhooks, cleanup, then Options.Checks. A broken manifest stops the run.
func Run(t *testing.T, factory sdk.Factory, opts Options) {
	t.Helper()
	if opts.Concurrency <= 0 {
		opts.Concurrency = 8
	}
	if opts.CancelGrace <= 0 {
		opts.CancelGrace = 5 * time.Second
	}
	if opts.Host == nil {
		opts.Host = NewHost
	}
	env := Env{Factory: factory, Options: opts}
	if !t.Run("manifest", env.checkManifest) {
		return
	}
	env.Manifest = factory().Manifest()
	t.Run("config", env.checkConfig)
	t.Run("actions", env.checkActions)
	t.Run("cancellation", env.checkCancellation)
	t.Run("channel", env.checkChannel)
	t.Run("webhooks", env.checkWebhooks)
	t.Run("cleanup", env.checkCleanup)
	for _, c := range opts.Checks {
		t.Run(c.Name, func(t *testing.T) { c.Run(t, env) })
	}
}

// Open makes a plugin and opens it with Options.Config on a fresh host. It
// fails the test if that fails, and closes the plugin when the test ends.
func (e Env) Open(t testing.TB) sdk.Plugin {
	t.Helper()
	p := e.Factory()
	if err := sdk.Open(context.Background(), p, e.Connection(t, e.Options.Config)); err != nil {
		t.Fatalf("opening the plugin with Options.Config: %v", err)
	}
	t.Cleanup(func() {
		if err := sdk.Close(p); err != nil {
			t.Errorf("closing the plugin: %v", err)
		}
	})
	return p
}

// Connection parses raw as the plugin's config and returns a connection on
// a fresh host, failing the test if the config does not parse.
func (e Env) Connection(t testing.TB, raw map[string]any) sdk.Connection {
	t.Helper()
	cfg, err := e.Manifest.Config.Parse(raw)
	if err != nil {
		t.Fatalf("config does not match the manifest:\n%v", err)
	}
	return sdk.Connection{ID: "conn-test", Config: cfg, Host: e.Options.Host(t, e.Manifest)}
}
