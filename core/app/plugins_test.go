package app

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/masteria/masteria/core/auth"
	"github.com/masteria/masteria/core/plugin"
	"github.com/masteria/masteria/core/tenancy"
)

// TestPluginsDirectoryLoadsWASMAndExecutables drops the two example
// plugins into <data>/plugins and checks the server runs both, one as a
// WASM module and one as a go-plugin subprocess.
func TestPluginsDirectoryLoadsWASMAndExecutables(t *testing.T) {
	cfg := testConfig(t)
	dir := filepath.Join(cfg.DataDir, "plugins")
	os.MkdirAll(dir, 0o755)
	build := func(out string, env []string, args ...string) {
		cmd := exec.Command("go", append([]string{"build", "-o", filepath.Join(dir, out)}, args...)...)
		cmd.Env = append(os.Environ(), env...)
		if b, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("build %s: %v\n%s", out, err, b)
		}
	}
	build("grpc-echo", nil, "../../examples/grpc-echo")
	build("wasm-echo.wasm", []string{"GOOS=wasip1", "GOARCH=wasm"}, "-buildmode=c-shared", "../../examples/wasm-echo")
	ctx := context.Background()
	a, err := OpenWith(ctx, cfg, quiet, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	ids := map[string]bool{}
	for _, m := range a.Plugins.Manifests() {
		ids[m.ID+"/"+string(m.Runtime)] = true
	}
	if !ids["grpc-echo/grpc"] || !ids["wasm-echo/wasm"] {
		t.Fatalf("plugins found: %v", ids)
	}
	login, _ := a.EnsureDemo(ctx)
	p := tenancy.Principal{TenantID: login.TenantID, Role: auth.RoleOwner}
	if _, err := a.Plugins.CreateConnection(ctx, p, plugin.ConnectionInput{PluginID: "grpc-echo", Name: "g", Config: map[string]any{"signing_secret": "s"}}); err != nil {
		t.Fatal(err)
	}
	out, err := a.Plugins.InvokeAction(ctx, login.TenantID, "grpcecho.say", map[string]any{"text": "oi"}, "k")
	if err != nil || out["text"] != "oi" {
		t.Fatalf("%v %v", out, err)
	}
	if _, ok := a.Catalog.Action("grpcecho.say"); !ok {
		t.Fatal("the flow catalog lacks the plugin's action")
	}
}
