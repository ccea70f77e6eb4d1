package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"

	"github.com/masteria/masteria/core/api"
	"github.com/masteria/masteria/core/app"
	"github.com/masteria/masteria/core/apperr"
	"github.com/masteria/masteria/core/tenancy"
)

func runVersion([]string) int {
	fmt.Println("masteria", app.Version)
	return 0
}

// runOpenAPI prints the OpenAPI document (the dashboard generates its API
// types from it).
func runOpenAPI([]string) int {
	return printJSON((&api.API{}).OpenAPI())
}

func runMigrate(args []string) int {
	f := newConfigFlags("migrate", false)
	if code, ok := parseFlags(f.fs, args); !ok {
		return code
	}
	cfg, err := f.load()
	if err != nil {
		return fail(err)
	}
	st, err := app.OpenStore(context.Background(), cfg) // opening applies pending migrations
	if err != nil {
		return fail(err)
	}
	defer st.Close()
	fmt.Printf("migrations applied (%s)\n", st.Driver())
	return 0
}

func runTenant(args []string) int {
	if helpFor(args, "masteria tenant create --name N --email E --password P [--config FILE] [--data DIR]") {
		return 0
	}
	if len(args) == 0 || args[0] != "create" {
		return fail(fmt.Errorf("usage: masteria tenant create --name N --email E --password P"))
	}
	f := newConfigFlags("tenant create", false)
	name := f.fs.String("name", "", "workspace name")
	email := f.fs.String("email", "", "owner's email")
	password := f.fs.String("password", "", "owner's password (at least 8 characters)")
	if code, ok := parseFlags(f.fs, args[1:]); !ok {
		return code
	}
	cfg, err := f.load()
	if err != nil {
		return fail(err)
	}
	ctx := context.Background()
	k, err := app.OpenKeyring(cfg)
	if err != nil {
		return fail(err)
	}
	st, err := app.OpenStore(ctx, cfg)
	if err != nil {
		return fail(err)
	}
	defer st.Close()
	ws, err := tenancy.New(st, k).CreateWorkspace(ctx, tenancy.NewWorkspace{Name: *name, Email: *email, Password: *password})
	if err != nil {
		return fail(describe(err))
	}
	return printJSON(map[string]string{"tenant_id": ws.Tenant.ID, "user_id": ws.Owner.ID, "api_key": ws.APIKey})
}

func runSecrets(args []string) int {
	if helpFor(args, "masteria secrets rotate [--config FILE] [--data DIR]") {
		return 0
	}
	if len(args) == 0 || args[0] != "rotate" {
		return fail(fmt.Errorf("usage: masteria secrets rotate"))
	}
	f := newConfigFlags("secrets rotate", false)
	if code, ok := parseFlags(f.fs, args[1:]); !ok {
		return code
	}
	cfg, err := f.load()
	if err != nil {
		return fail(err)
	}
	r, err := app.RotateSecrets(context.Background(), cfg)
	if err != nil {
		return fail(err)
	}
	return printJSON(r)
}

func printJSON(v any) int {
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return fail(err)
	}
	return 0
}

// describe spells out a domain error's fields for the terminal.
func describe(err error) error {
	e, ok := apperr.As(err)
	if !ok || len(e.Fields) == 0 {
		return err
	}
	msg := e.Message
	for k, v := range e.Fields {
		msg += fmt.Sprintf("\n  --%s: %s", k, v)
	}
	return fmt.Errorf("%s", msg)
}
