package wasmhost

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/tetratelabs/wazero"

	"github.com/masteria/masteria/sdk"
	"github.com/masteria/masteria/sdk/sdktest"
)

// repoRoot holds the root module, which builds the example.
var repoRoot = filepath.Join("..", "..", "..")

var (
	// echoWasm is examples/wasm-echo built once for the whole run.
	echoWasm []byte
	// compiled shares compiled code between the tests' modules, so the
	// module is compiled once per run however many tests load it.
	compiled = wazero.NewCompilationCache()
)

func TestMain(m *testing.M) {
	code, err := run(m)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		code = 1
	}
	os.Exit(code)
}

func run(m *testing.M) (int, error) {
	dir, err := os.MkdirTemp("", "wasmhost-test")
	if err != nil {
		return 0, err
	}
	defer os.RemoveAll(dir)
	out := filepath.Join(dir, "echo.wasm")
	cmd := exec.Command("go", "build", "-buildmode=c-shared", "-o", out, "./examples/wasm-echo")
	cmd.Dir = repoRoot
	cmd.Env = append(os.Environ(), "GOOS=wasip1", "GOARCH=wasm")
	if b, err := cmd.CombinedOutput(); err != nil {
		return 0, fmt.Errorf("building examples/wasm-echo: %v\n%s", err, b)
	}
	if echoWasm, err = os.ReadFile(out); err != nil {
		return 0, err
	}
	defer compiled.Close(context.Background())
	return m.Run(), nil
}

// load loads the example module with opts, sharing the compilation cache,
// and closes it when the test ends.
func load(tb testing.TB, opts Options) *Module {
	tb.Helper()
	trackSources.Do(func() { statSources(tb) })
	opts.Cache = compiled
	if opts.Transport == nil {
		opts.Transport = fakeAPI{}
	}
	m, err := Load(context.Background(), echoWasm, opts)
	if err != nil {
		tb.Fatalf("Load: %v", err)
	}
	tb.Cleanup(func() { _ = m.Close(context.Background()) })
	return m
}

// trackSources makes go test's result cache depend on the module's
// sources, which the test binary does not import: files a test stats are
// checked for changes before a cached result is reused.
var trackSources sync.Once

func statSources(tb testing.TB) {
	for _, dir := range []string{"sdk", "sdk/internal/hostmatch", "sdk/internal/ident", "sdk/wasm",
		"sdk/wasm/abi", "examples/wasm-echo"} {
		dir = filepath.Join(repoRoot, filepath.FromSlash(dir))
		entries, err := os.ReadDir(dir)
		if err != nil {
			tb.Fatal(err)
		}
		for _, e := range entries {
			if strings.HasSuffix(e.Name(), ".go") || e.Name() == "go.mod" {
				if _, err := os.Stat(filepath.Join(dir, e.Name())); err != nil {
					tb.Fatal(err)
				}
			}
		}
	}
}

// fakeAPI stands in for api.example.com, the host the example declares.
type fakeAPI struct{}

func (fakeAPI) RoundTrip(r *http.Request) (*http.Response, error) {
	return &http.Response{StatusCode: http.StatusOK, Header: http.Header{"Content-Type": {"text/plain"}},
		Body: io.NopCloser(strings.NewReader("pong from " + r.URL.Host)), Request: r}, nil
}

// open loads a connection of m on host (sdktest's in-memory services when
// nil) and closes it when the test ends.
func open(tb testing.TB, m *Module, host *sdk.Host) sdk.Plugin {
	tb.Helper()
	if host == nil {
		h := sdktest.NewHost(tb, m.Manifest())
		host = &h
	}
	p := m.New()
	cfg, err := m.Manifest().Config.Parse(map[string]any{"signing_secret": "s3cret"})
	if err != nil {
		tb.Fatal(err)
	}
	if err := sdk.Open(context.Background(), p, sdk.Connection{ID: "conn-1", Config: cfg, Host: *host}); err != nil {
		tb.Fatalf("Open: %v", err)
	}
	tb.Cleanup(func() {
		if err := sdk.Close(p); err != nil {
			tb.Errorf("Close: %v", err)
		}
	})
	return p
}

// invoke runs one action of p with raw input.
func invoke(ctx context.Context, tb testing.TB, p sdk.Plugin, id string, raw map[string]any) (sdk.Output, error) {
	tb.Helper()
	spec, ok := p.Manifest().Action(id)
	if !ok {
		tb.Fatalf("no action %q", id)
	}
	in, err := spec.ParseInput(raw)
	if err != nil {
		tb.Fatalf("input for %s: %v", id, err)
	}
	in.IdempotencyKey = "key-1"
	return p.Actions()[id].Invoke(ctx, in)
}
