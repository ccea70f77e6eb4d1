import { describe, expect, it } from "vitest";
import { buildCatalog, defaultInputs, fieldFor, type JSONSchema } from "./schema";
import flowSchema from "./testdata/flow-schema.json";

// A copy of GET /api/v1/schema/flow.json from the server.
const root = flowSchema as JSONSchema;
const catalog = buildCatalog(root);

function field(uses: string, key: string) {
  const f = catalog.byUses.get(uses)?.fields.find((x) => x.key === key);
  if (!f) throw new Error(`no field ${uses}.${key}`);
  return f;
}

describe("the palette from the flow schema", () => {
  it("lists every action the step's uses allows", () => {
    const uses = catalog.actions.map((a) => a.uses);
    for (const u of ["set", "delay", "wait.reply", "wait.event", "http.request", "contact.tag", "kanban.move", "handoff", "end", "goto"]) {
      expect(uses).toContain(u);
    }
    expect(catalog.byUses.get("kanban.move")).toMatchObject({ namespace: "kanban", required: ["board", "stage"] });
    expect(catalog.byUses.get("wait.reply")?.waits).toBe(true);
    expect(catalog.byUses.get("set")?.namespace).toBe("core");
  });

  it("picks up actions a plugin adds to the schema", () => {
    const withPlugin: JSONSchema = {
      ...root,
      $defs: {
        ...root.$defs,
        "action.whatsapp.send": { type: "object", description: "Sends a message.", properties: { text: { type: "string" } }, required: ["text"] },
      },
    };
    const c = buildCatalog(withPlugin);
    expect(c.byUses.get("whatsapp.send")).toMatchObject({ namespace: "whatsapp", description: "Sends a message.", required: ["text"] });
  });

  it("reads the trigger kinds and the fields each takes", () => {
    const msg = catalog.triggers.find((t) => t.on === "message.received");
    expect(msg?.fields).toEqual(["channel", "connection", "keyword", "regex", "while_human"]);
    expect(catalog.triggerFields.get("while_human")?.kind).toBe("boolean");
    expect(catalog.triggers.find((t) => t.on === "schedule")).toMatchObject({ fields: ["cron", "timezone"], required: ["cron"] });
    expect(catalog.triggerFields.get("if")?.kind).toBe("expression");
    expect(catalog.stepDocs.on_error).toMatch(/fails/);
  });
});

describe("form fields from input schemas", () => {
  it("maps strings, enums with templates, durations and expressions", () => {
    expect(field("contact.tag", "tag")).toMatchObject({ kind: "string", required: true, example: "lead-quente" });
    expect(field("http.request", "method")).toMatchObject({ kind: "enum", template: true, default: "GET" });
    expect(field("http.request", "method").options).toContain("POST");
    expect(field("http.request", "timeout")).toMatchObject({ kind: "duration", template: true, default: "30s" });
    expect(field("wait.event", "expression")).toMatchObject({ kind: "expression", required: true });
    expect(field("goto", "step")).toMatchObject({ kind: "stepRef", required: true });
  });

  it("maps free-form objects to key/value maps and fixed ones to sub-forms", () => {
    expect(field("http.request", "headers")).toMatchObject({ kind: "map", template: true });
    expect(field("http.request", "body").kind).toBe("any");
    const hours = field("delay", "allowed_hours");
    expect(hours.kind).toBe("object");
    expect(hours.fields?.map((f) => `${f.key}:${f.kind}:${f.required}`)).toEqual(["days:list:false", "from:string:true", "to:string:true"]);
    expect(hours.fields?.[0]?.options).toEqual(["mon", "tue", "wed", "thu", "fri", "sat", "sun"]);
  });

  it("maps set's free keys and scalar types", () => {
    expect(catalog.byUses.get("set")?.extra?.kind).toBe("any");
    expect(fieldFor(root, "n", { type: "integer" }, false).kind).toBe("integer");
    expect(fieldFor(root, "n", { type: "number" }, false).kind).toBe("number");
    expect(fieldFor(root, "b", { anyOf: [{ type: "boolean" }, { $ref: "#/$defs/template" }] }, false)).toMatchObject({ kind: "boolean", template: true });
    expect(fieldFor(root, "l", { type: "array", items: { type: "string" } }, false).kind).toBe("list");
  });

  it("pre-fills required inputs from defaults and examples", () => {
    expect(defaultInputs(catalog.byUses.get("kanban.move"))).toEqual({ board: "Vendas", stage: "Qualificado" });
    expect(defaultInputs(catalog.byUses.get("delay"))).toEqual({ duration: "2h" });
    expect(defaultInputs(catalog.byUses.get("handoff"))).toEqual({});
  });
});
