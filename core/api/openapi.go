package api

import (
	"encoding/json"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v3"

	"github.com/masteria/masteria/core/apperr"
	"github.com/masteria/masteria/core/campaigns"
	"github.com/masteria/masteria/core/flow"
)

// openAPI serves the OpenAPI 3.1 document generated from the route table.
func (a *API) openAPI(c fiber.Ctx) error { return c.JSON(a.OpenAPI()) }

var pathParam = regexp.MustCompile(`:([a-zA-Z_]+)`)

// conventions is what holds across the API, told once in the document.
const conventions = `Conventions that hold on every route:

- Times are RFC 3339 in UTC to the millisecond (2026-11-27T14:03:05.123Z), as the server keeps them: what a create or an update answers is what a later GET returns, and events carry the same values.
- Who did something (created_by, author_id, a card history's actor, an event's by) is a user's ID (usr_…), an API key's ID (key_…) or "system" for the platform itself (flows, channel plugins, campaigns); the conversation.created an inbound message opens is by the contact's ID.
- Collections answer {"items": [...]}, an array even when empty; paged ones add next_cursor: pass it back as cursor (with limit) for the next page; it is empty on the last page.
- Errors answer {"error": {"code", "message", "fields"}}; fields name the body or query fields at fault. An ID in the path that is not the workspace's (unknown, or another workspace's) is 404 not_found; an ID in the body that is not is 400 invalid_input naming its field.
- Refusals people commonly meet (a reply outside WhatsApp's 24-hour window, a campaign that cannot be paused) also carry reason, a stable key, and params, the values the message names: {"error": {"code": "conflict", "reason": "campaign_not_pausable", "params": {"status": "draft"}, "message": "a draft campaign cannot be paused"}}. The message stays English; a client in another language words the refusal from reason and params, and shows the message for a reason it does not know. A field's problem is keyed the same way in field_reasons ({"name": {"reason": "required_max", "params": {"max": 80}}}), beside its English text in fields; a contact import's row errors carry reason and params too. A campaign's reason is keyed the same way (reason_code, reason_params).
- Optional fields with no value are left out rather than sent as null.`

// OpenAPI builds the document from Routes: every route, its permission,
// request and reply schemas, and the error envelope.
func (a *API) OpenAPI() map[string]any {
	g := &schemaGen{defs: map[string]any{}, types: map[string]reflect.Type{}}
	paths := map[string]map[string]any{}
	for _, r := range a.Routes() {
		p := pathParam.ReplaceAllString(r.Path, "{$1}")
		if paths[p] == nil {
			paths[p] = map[string]any{}
		}
		paths[p][strings.ToLower(r.Method)] = g.operation(r)
	}
	g.defs["Error"] = errorSchema()
	return map[string]any{
		"openapi": "3.1.0",
		"info":    map[string]any{"title": "Master IA API", "version": "v1", "description": conventions},
		"paths":   paths,
		"components": map[string]any{
			"schemas": g.defs,
			"securitySchemes": map[string]any{
				"apiKey":  map[string]any{"type": "http", "scheme": "bearer", "description": "An API key: Authorization: Bearer mia_…"},
				"session": map[string]any{"type": "apiKey", "in": "cookie", "name": sessionCookie},
			},
		},
	}
}

func (g *schemaGen) operation(r Route) map[string]any {
	status := r.Status
	if status == 0 {
		status = 200
	}
	op := map[string]any{"tags": []string{r.Tag}, "summary": r.Summary, "operationId": operationID(r)}
	if r.Role != "" {
		op["security"] = []map[string][]string{{"apiKey": {}}, {"session": {}}}
		op["x-min-role"] = string(r.Role)
	} else {
		op["security"] = []map[string][]string{}
	}
	var params []map[string]any
	for _, m := range pathParam.FindAllStringSubmatch(r.Path, -1) {
		params = append(params, map[string]any{"name": m[1], "in": "path", "required": true, "schema": map[string]any{"type": "string"}})
	}
	for _, q := range r.Query {
		params = append(params, map[string]any{"name": q, "in": "query", "required": false, "schema": map[string]any{"type": "string"}})
	}
	if params != nil {
		op["parameters"] = params
	}
	if _, file := r.Body.(FileBody); file {
		op["requestBody"] = map[string]any{"required": true, "content": map[string]any{
			"*/*": map[string]any{"schema": map[string]any{"type": "string", "contentMediaType": "application/octet-stream"}}}}
	} else if r.Body != nil {
		op["requestBody"] = map[string]any{"required": true, "content": jsonContent(g.schema(reflect.TypeOf(r.Body)))}
	}
	responses := map[string]any{"default": map[string]any{"description": "Error", "content": jsonContent(map[string]any{"$ref": "#/components/schemas/Error"})}}
	ok := map[string]any{"description": "Success"}
	if r.Reply != nil && status != 204 {
		ok["content"] = jsonContent(g.schema(reflect.TypeOf(r.Reply)))
	}
	responses[strconv.Itoa(status)] = ok
	op["responses"] = responses
	return op
}

func operationID(r Route) string {
	parts := strings.FieldsFunc(r.Path, func(c rune) bool { return c == '/' || c == ':' || c == '-' })
	return strings.ToLower(r.Method) + "_" + strings.Join(parts[2:], "_")
}

func jsonContent(schema any) map[string]any {
	return map[string]any{"application/json": map[string]any{"schema": schema}}
}

func errorSchema() map[string]any {
	codes := sortedKeys(apperr.Codes)
	return map[string]any{"type": "object", "required": []string{"error"}, "properties": map[string]any{
		"error": map[string]any{"type": "object", "required": []string{"code", "message"}, "properties": map[string]any{
			"code": map[string]any{"type": "string", "enum": codes},
			"reason": map[string]any{"type": "string", "enum": sortedKeys(apperr.Reasons),
				"description": "A stable key for the refusal, when it is one people commonly meet:\n" + keyList(apperr.Reasons)},
			"params":  paramsSchema("The values the message names, by name, as reason describes"),
			"message": map[string]any{"type": "string", "description": "In English"},
			"fields":  map[string]any{"type": "object", "additionalProperties": map[string]any{"type": "string"}},
			"field_reasons": map[string]any{"type": "object", "description": "For the fields whose problem has a stable key: the key and the values its text names:\n" +
				keyList(apperr.FieldReasons) + "A flow's publish refusal (publish_has_problems) keys each path's problem with its lint reason instead:\n" +
				keyList(flow.Reasons), "additionalProperties": map[string]any{
				"type": "object", "required": []string{"reason"}, "properties": map[string]any{
					"reason": map[string]any{"type": "string", "enum": fieldReasonEnum()},
					"params": paramsSchema("The values the field's text names"),
				}}},
		}},
	}}
}

// fieldReasonEnum is every field reason and, for a publish refusal, every
// lint reason.
func fieldReasonEnum() []string {
	out := sortedKeys(apperr.FieldReasons)
	for _, r := range sortedKeys(flow.Reasons) {
		if !slices.Contains(out, r) {
			out = append(out, r)
		}
	}
	sort.Strings(out)
	return out
}

// paramsSchema is a reason's params: strings, integers, and lists of
// objects (a campaign's failure codes).
func paramsSchema(doc string) map[string]any {
	return map[string]any{"type": "object", "description": doc, "additionalProperties": map[string]any{}}
}

// sortedKeys is a map's keys in order, for an enum.
func sortedKeys[K ~string, V any](m map[K]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, string(k))
	}
	sort.Strings(out)
	return out
}

// keyList is "- key: description" per key, in order.
func keyList[K ~string](m map[K]string) string {
	var b strings.Builder
	for _, k := range sortedKeys(m) {
		b.WriteString("- " + k + ": " + m[K(k)] + "\n")
	}
	return b.String()
}

// schemaGen turns Go types into JSON Schemas, named structs as $refs.
// Two types of the same name in different packages get the package's name
// as a prefix (flow.Contact becomes FlowContact beside the CRM's Contact).
type schemaGen struct {
	defs  map[string]any
	types map[string]reflect.Type
}

// defName is the component name of a named struct type.
func (g *schemaGen) defName(t reflect.Type) string {
	name := t.Name()
	if other, ok := g.types[name]; ok && other != t {
		pkg := t.PkgPath()[strings.LastIndex(t.PkgPath(), "/")+1:]
		name = strings.ToUpper(pkg[:1]) + pkg[1:] + name
	}
	g.types[name] = t
	return name
}

// actorDoc describes every field that says who did something.
const actorDoc = `Who did it: a user's ID (usr_…), an API key's ID (key_…) or "system"`

// fieldDocs describe fields by their JSON name wherever they appear.
var fieldDocs = map[string]string{"created_by": actorDoc, "author_id": actorDoc, "actor": actorDoc,
	"last_message_status": "The delivery status (pending, sent, delivered, read, failed) of the message the preview shows, when the team or a flow sent it; absent when the customer's message is the latest. In the list and GET /conversations/{id}, not in events",
	"last_message_id":     "The ID of the message whose status last_message_status is, present with it: a message.status event naming it moves the list's delivery mark"}

// fieldSchemas replace the schema of fields by their JSON name wherever
// they appear: a campaign's (and its progress's) keyed reason.
var fieldSchemas = map[string]map[string]any{
	"reason_code": {"type": "string", "enum": sortedKeys(campaigns.ReasonCodes),
		"description": "A stable key for reason, absent on campaigns from before keys (show reason then):\n" + keyList(campaigns.ReasonCodes)},
	"reason_params": paramsSchema("The values reason names, by name, as reason_code describes"),
	"held":          {"type": "boolean", "description": "WhatsApp's template pacing holds the message for quality assessment (Meta answered held_for_quality_assessment): it was accepted (status sent) and goes out, or fails with 132015, later. True only while the status is sent; a message's extra keeps held_for_quality_assessment once the hold ends"},
}

var (
	timeType = reflect.TypeOf(time.Time{})
	// rawType is a JSON value passed through as it is stored (a
	// campaign's spec, a message's extra): any JSON, not base64 bytes.
	rawType = reflect.TypeOf(json.RawMessage(nil))
)

func (g *schemaGen) schema(t reflect.Type) map[string]any {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch {
	case t == timeType:
		return map[string]any{"type": "string", "format": "date-time", "description": "UTC, to the millisecond"}
	case t == rawType:
		return map[string]any{}
	case t.Kind() == reflect.Struct && t.Name() != "" && !strings.Contains(t.Name(), "["):
		name := g.defName(t)
		if _, seen := g.defs[name]; !seen {
			g.defs[name] = nil // reserve against recursion
			g.defs[name] = g.object(t)
		}
		return map[string]any{"$ref": "#/components/schemas/" + name}
	case t.Kind() == reflect.Struct:
		return g.object(t)
	}
	return g.scalar(t)
}

func (g *schemaGen) scalar(t reflect.Type) map[string]any {
	switch t.Kind() {
	case reflect.String:
		return map[string]any{"type": "string"}
	case reflect.Bool:
		return map[string]any{"type": "boolean"}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64, reflect.Uint, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return map[string]any{"type": "integer"}
	case reflect.Float32, reflect.Float64:
		return map[string]any{"type": "number"}
	case reflect.Slice, reflect.Array:
		if t.Elem().Kind() == reflect.Uint8 {
			return map[string]any{"type": "string", "contentEncoding": "base64"}
		}
		return map[string]any{"type": "array", "items": g.schema(t.Elem())}
	case reflect.Map:
		return map[string]any{"type": "object", "additionalProperties": g.schema(t.Elem())}
	}
	return map[string]any{}
}

func (g *schemaGen) object(t reflect.Type) map[string]any {
	props := map[string]any{}
	var required []string
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		if tag == "-" || !f.IsExported() {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		if f.Anonymous && name == "" {
			if emb, ok := g.object(f.Type)["properties"].(map[string]any); ok {
				for k, v := range emb {
					props[k] = v
				}
			}
			continue
		}
		if name == "" {
			name = f.Name
		}
		props[name] = g.schema(f.Type)
		if doc, ok := fieldDocs[name]; ok && f.Type.Kind() == reflect.String {
			props[name] = map[string]any{"type": "string", "description": doc}
		}
		if sch, ok := fieldSchemas[name]; ok {
			props[name] = sch
		}
		if !strings.Contains(opts, "omitempty") && f.Type.Kind() != reflect.Pointer {
			required = append(required, name)
		}
	}
	out := map[string]any{"type": "object", "properties": props, "additionalProperties": false}
	if required != nil {
		out["required"] = required
	}
	return out
}
