package api

import (
	"github.com/gofiber/fiber/v3"

	"github.com/masteria/masteria/core/auth"
	"github.com/masteria/masteria/core/engine"
	"github.com/masteria/masteria/core/flow"
	"github.com/masteria/masteria/core/flows"
	"github.com/masteria/masteria/core/store"
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
		{Method: "GET", Path: "/api/v1/flows", Role: anyRole, Tag: "flows", Summary: "The tenant's flows", Reply: list[store.Flow]{}, Handle: a.listFlows},
		{Method: "POST", Path: "/api/v1/flows", Role: auth.RoleAdmin, Tag: "flows", Summary: "Create a flow draft from YAML (problems are returned, not refused)",
			Body: flowBody{}, Reply: flows.Draft{}, Status: 201, Handle: a.createFlow},
		{Method: "GET", Path: "/api/v1/flows/:id", Role: anyRole, Tag: "flows", Summary: "A flow with its draft and the draft's problems", Reply: flows.Draft{}, Handle: a.getFlow},
		{Method: "PUT", Path: "/api/v1/flows/:id", Role: auth.RoleAdmin, Tag: "flows", Summary: "Replace the draft (the published version is unchanged)",
			Body: flowBody{}, Reply: flows.Draft{}, Handle: a.updateFlow},
		{Method: "DELETE", Path: "/api/v1/flows/:id", Role: auth.RoleAdmin, Tag: "flows", Summary: "Delete a flow with its versions and runs", Status: 204, Handle: a.deleteFlow},
		{Method: "POST", Path: "/api/v1/flows/:id/publish", Role: auth.RoleAdmin, Tag: "flows", Summary: "Publish the draft as the next version (it must lint clean)",
			Reply: store.FlowVersion{}, Status: 201, Handle: a.publishFlow},
		{Method: "GET", Path: "/api/v1/flows/:id/versions", Role: anyRole, Tag: "flows", Summary: "Published versions, newest first", Reply: list[store.FlowVersion]{}, Handle: a.flowVersions},
		{Method: "POST", Path: "/api/v1/flows/:id/test", Role: anyRole, Tag: "flows", Summary: "Run the draft's tests, and a dry run from given, with a step-by-step trace",
			Body: testBody{}, Reply: list[engine.TestResult]{}, Handle: a.testFlow},
		{Method: "POST", Path: "/api/v1/flows/:id/runs", Role: auth.RoleAgent, Tag: "runs", Summary: "Start a run of the published version",
			Body: flows.ManualStart{}, Reply: store.Run{}, Status: 201, Handle: a.startRun},
		{Method: "GET", Path: "/api/v1/runs", Role: anyRole, Tag: "runs", Summary: "Runs, newest first; filter by flow_id, status, contact_id; page with cursor and limit (up to 500) like the other pages (before: the cursor's older name)",
			Reply: page[store.Run]{}, Query: []string{"flow_id", "status", "contact_id", "cursor", "before", "limit"}, Handle: a.listRuns},
		{Method: "GET", Path: "/api/v1/runs/:id", Role: anyRole, Tag: "runs", Summary: "A run with its full trace", Reply: flows.RunDetail{}, Handle: a.getRun},
		{Method: "POST", Path: "/api/v1/runs/:id/cancel", Role: auth.RoleAgent, Tag: "runs", Summary: "Cancel a run", Reply: store.Run{}, Handle: a.cancelRun},
		{Method: "POST", Path: "/api/v1/runs/:id/retry", Role: auth.RoleAgent, Tag: "runs", Summary: "Send a finished run back to a step",
			Body: retryBody{}, Reply: store.Run{}, Handle: a.retryRun},
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
