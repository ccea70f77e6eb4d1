package api

import (
	"github.com/gofiber/fiber/v3"

	"github.com/masteria/masteria/core/flow"
	"github.com/masteria/masteria/core/tenancy"
)

// flowRoutes are the flow format's validator and schema (the editor's
// markers and forms).
func (a *API) flowRoutes() []Route {
	return []Route{
		{Method: "POST", Path: "/api/v1/flows/lint", Role: anyRole, Tag: "flows", Summary: "Lint a flow document: every problem with line, column, code and field path",
			Body: lintBody{}, Reply: lintReply{}, Handle: a.lintFlow},
		{Method: "GET", Path: "/api/v1/schema/flow.json", Tag: "flows", Summary: "JSON Schema of the flow format, with every action's inputs",
			Reply: map[string]any{}, Handle: a.flowSchema},
	}
}

type lintBody struct {
	YAML string `json:"yaml"`
	File string `json:"file,omitempty"`
}

type lintReply struct {
	OK          bool              `json:"ok"`
	Diagnostics []flow.Diagnostic `json:"diagnostics"`
}

func (a *API) catalog() flow.Catalog {
	if a.Catalog != nil {
		return a.Catalog
	}
	return flow.NewCoreRegistry()
}

func (a *API) lintFlow(c fiber.Ctx, _ tenancy.Principal) error {
	var in lintBody
	if err := bind(c, &in); err != nil {
		return err
	}
	if in.File == "" {
		in.File = "flow.yaml"
	}
	diags := flow.Lint(in.File, []byte(in.YAML), a.catalog())
	if diags == nil {
		diags = []flow.Diagnostic{}
	}
	return ok(c, 200, lintReply{OK: len(diags) == 0, Diagnostics: diags})
}

func (a *API) flowSchema(c fiber.Ctx, _ tenancy.Principal) error {
	schema, err := flow.JSONSchema(a.catalog())
	if err != nil {
		return err
	}
	c.Type("json")
	return c.Send(schema)
}
