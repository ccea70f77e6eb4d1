import { describe, expect, it } from "vitest";
import {
  addStep,
  connect,
  disconnect,
  editFlow,
  END_NODE,
  fieldOfDiagnostic,
  flowEdges,
  moveToFirst,
  nodeOfDiagnostic,
  parseFlow,
  readFlow,
  removeStep,
  renameStep,
  setIn,
  setPositions,
  setStepField,
  TRIGGER_NODE,
  type FlowEdge,
} from "./flowDoc";
import { layoutFlow } from "./layout";

const SRC = `# Qualifica leads do WhatsApp
version: 1
name: qualify-leads
title: Qualificar leads
params:
  board: { type: string, default: Vendas } # the board to use
trigger:
  on: message.received
  channel: whatsapp
  if: 'message.text matches "(?i)preço"'
steps:
  # first, remember the text
  - id: answer
    uses: set
    with:
      text: "{{ message.text }}"
  - id: hot
    if: 'vars.text != ""'
    then: qualify
    else: wait
  - id: qualify
    uses: kanban.move
    with: { board: "{{ params.board }}", stage: Qualificado }
    next: end
  - id: wait
    uses: wait.reply
    with:
      timeout: 24h
    on_timeout: nudge
    x-custom-step: keep # unknown key on a step
  - id: nudge
    uses: contact.tag
    with: { tag: frio }
tests:
  - name: hot lead
    given:
      message: { channel: whatsapp, text: "Qual o preço?" }
      mocks: { answer: { output: { intent: buy } } }
    expect:
      path: [answer, hot, qualify]
x-ui:
  nodes:
    answer: { x: 10, y: 100 }
    hot: { x: 10, y: 250 } # moved by hand
  notes: keep this too
x-extra: unknown top-level key
`;

function model(text: string) {
  const p = parseFlow(text);
  expect(p.error).toBeUndefined();
  return readFlow(p.doc);
}

function edge(edges: FlowEdge[], source: string, handle: string) {
  return edges.find((e) => e.source === source && e.sourceHandle === handle);
}

describe("reading a flow", () => {
  it("finds steps, kinds and saved positions", () => {
    const m = model(SRC);
    expect(m.name).toBe("qualify-leads");
    expect(m.steps.map((s) => `${s.id}:${s.kind}`)).toEqual(["answer:action", "hot:branch", "qualify:action", "wait:action", "nudge:action"]);
    expect(m.positions).toEqual({ answer: { x: 10, y: 100 }, hot: { x: 10, y: 250 } });
    expect(m.trigger).toMatchObject({ on: "message.received", channel: "whatsapp" });
    expect(m.tests).toEqual([{ name: "hot lead" }]);
  });

  it("draws next, branches, timeouts, the default continuation and end", () => {
    const edges = flowEdges(model(SRC));
    expect(edge(edges, TRIGGER_NODE, "start")?.target).toBe("answer");
    expect(edge(edges, "answer", "next")).toMatchObject({ target: "hot", implicit: true });
    expect(edge(edges, "hot", "then")).toMatchObject({ target: "qualify", implicit: false });
    expect(edge(edges, "hot", "else")?.target).toBe("wait");
    expect(edge(edges, "qualify", "next")).toMatchObject({ target: END_NODE, implicit: false });
    expect(edge(edges, "wait", "on_timeout")?.target).toBe("nudge");
    expect(edge(edges, "wait", "next")).toMatchObject({ target: "nudge", implicit: true });
    // the last step falls off the list: the run ends
    expect(edge(edges, "nudge", "next")).toMatchObject({ target: END_NODE, implicit: true });
  });

  it("draws switch cases, goto and skips end steps", () => {
    const m = model(`version: 1
name: s
trigger: { on: manual }
steps:
  - id: pick
    switch:
      cases:
        - { when: "vars.a == 1", next: one }
        - { when: "vars.a == 2", next: end }
  - id: one
    uses: goto
    with: { step: pick }
  - id: stop
    uses: end
`);
    const edges = flowEdges(m);
    expect(edge(edges, "pick", "case-0")?.target).toBe("one");
    expect(edge(edges, "pick", "case-1")?.target).toBe(END_NODE);
    expect(edge(edges, "pick", "default")).toMatchObject({ target: "one", implicit: true });
    expect(edge(edges, "one", "goto")?.target).toBe("pick");
    expect(edges.filter((e) => e.source === "stop")).toEqual([]);
  });

  it("gives duplicate ids distinct nodes and reports YAML syntax errors", () => {
    const m = model(`version: 1
name: d
trigger: { on: manual }
steps:
  - { id: a, uses: set }
  - { id: a, uses: set }
`);
    expect(m.steps.map((s) => s.nodeId)).toEqual(["#0", "#1"]);
    const bad = parseFlow("steps:\n  - id: a\n   uses: [\n");
    expect(bad.error?.line).toBeGreaterThan(0);
  });

  it("maps diagnostics to nodes and fields", () => {
    const m = model(SRC);
    const d = { file: "f.yaml", line: 1, col: 1, code: "x", message: "m" };
    expect(nodeOfDiagnostic(m, { ...d, path: "steps[2].with.stage" })).toBe("qualify");
    expect(nodeOfDiagnostic(m, { ...d, path: "trigger.if" })).toBe(TRIGGER_NODE);
    expect(nodeOfDiagnostic(m, { ...d, path: "name" })).toBeUndefined();
    expect(fieldOfDiagnostic("steps[2].with.stage")).toBe("with.stage");
    expect(fieldOfDiagnostic("steps[2]")).toBe("");
  });

  it("lays out nodes without a saved position and keeps saved ones", () => {
    const m = model(SRC);
    const at = layoutFlow(m, flowEdges(m));
    expect(at.answer).toEqual({ x: 10, y: 100 });
    for (const s of m.steps) expect(at[s.nodeId]).toBeDefined();
    expect(at[TRIGGER_NODE]).toBeDefined();
    expect(at.qualify!.y).toBeGreaterThan(at.answer!.y);
  });
});

describe("editing without loss", () => {
  it("keeps comments, unknown keys and x-ui through a parse and print", () => {
    const out = editFlow(SRC, () => {});
    for (const kept of [
      "# Qualifica leads do WhatsApp",
      "# first, remember the text",
      "# the board to use",
      "x-custom-step: keep # unknown key on a step",
      "hot: { x: 10, y: 250 } # moved by hand",
      "notes: keep this too",
      "x-extra: unknown top-level key",
    ]) {
      expect(out).toContain(kept);
    }
    expect(readFlow(parseFlow(out).doc)).toEqual(model(SRC));
    // printing again changes nothing
    expect(editFlow(out, () => {})).toBe(out);
  });

  it("gives back the text as written when nothing changes", () => {
    expect(editFlow(SRC, () => {})).toBe(SRC);
    const odd = "name: x   # spaced comment\nsteps: [a,   b]\ntrigger: {on: manual}\n\n# trailing\n";
    expect(editFlow(odd, () => {})).toBe(odd);
  });

  it("reprints only the top-level keys an edit touches", () => {
    const out = editFlow(SRC, (doc) => setStepField(doc, 4, ["with", "tag"], "morno"));
    const [head, rest] = [SRC.split("steps:")[0], out.split("steps:")[0]];
    expect(rest).toBe(head); // params, trigger, comments: untouched
    expect(out.slice(out.indexOf("tests:"))).toBe(SRC.slice(SRC.indexOf("tests:")));
    expect(out).toContain("with: { tag: morno }");
    expect(model(out).steps[4]?.with).toEqual({ tag: "morno" });
  });

  it("moves a node by writing only its x-ui position", () => {
    const out = editFlow(SRC, (doc) => setPositions(doc, { hot: { x: 320.4, y: 400 }, wait: { x: 5, y: 6 } }));
    expect(out).toContain("hot: { x: 320, y: 400 } # moved by hand");
    expect(out).toContain("wait: { x: 5, y: 6 }");
    // the rest of the document is byte for byte what was written
    expect(out.split("x-ui:")[0]).toBe(SRC.split("x-ui:")[0]);
    expect(model(out).positions).toMatchObject({ answer: { x: 10, y: 100 }, hot: { x: 320, y: 400 }, wait: { x: 5, y: 6 } });
  });

  it("stores the trigger and end node positions", () => {
    const out = editFlow(SRC, (doc) => setPositions(doc, { [TRIGGER_NODE]: { x: 0, y: -100 }, [END_NODE]: { x: 1, y: 900 } }));
    expect(model(out).positions[TRIGGER_NODE]).toEqual({ x: 0, y: -100 });
    expect(model(out).positions[END_NODE]).toEqual({ x: 1, y: 900 });
  });

  it("adds a step at the end with its position and leaves existing steps' behaviour alone", () => {
    let id = "";
    const out = editFlow(SRC, (doc) => {
      id = addStep(doc, { kind: "action", uses: "contact.tag", with: { tag: "lead" } }, { x: 40, y: 700 });
    });
    expect(id).toBe("tag");
    const m = model(out);
    expect(m.steps.at(-1)).toMatchObject({ id: "tag", uses: "contact.tag", with: { tag: "lead" } });
    // nudge used to fall off the end: it now says so, instead of falling into the new step
    expect(m.steps.find((s) => s.id === "nudge")?.next).toBe("end");
    expect(m.positions.tag).toEqual({ x: 40, y: 700 });
    expect(out).toContain("# first, remember the text");
    expect(out.indexOf("- id: tag")).toBeGreaterThan(out.indexOf("- id: nudge"));
    expect(out.indexOf("- id: tag")).toBeLessThan(out.indexOf("tests:"));
  });

  it("names new steps uniquely and adds branches and switches", () => {
    const out = editFlow(SRC, (doc) => {
      addStep(doc, { kind: "action", uses: "wait.reply" });
      addStep(doc, { kind: "action", uses: "wait.reply" });
      addStep(doc, { kind: "branch" });
      addStep(doc, { kind: "switch" });
    });
    const m = model(out);
    expect(m.steps.slice(-4).map((s) => s.id)).toEqual(["reply", "reply_2", "condition", "choice"]);
    expect(m.steps.at(-2)).toMatchObject({ kind: "branch", then: "end", else: "end" });
    expect(m.steps.at(-1)).toMatchObject({ kind: "switch", switchDefault: "end" });
  });

  it("connects exits by writing next, then, else, on_error, cases and goto", () => {
    const out = editFlow(SRC, (doc) => {
      connect(doc, 0, "next", "wait");
      connect(doc, 1, "else", "nudge");
      connect(doc, 3, "on_error", "end");
    });
    const m = model(out);
    expect(m.steps[0]?.next).toBe("wait");
    expect(m.steps[1]?.else).toBe("nudge");
    expect(m.steps[3]?.onError).toBe("end");
    expect(out).toMatch(/- id: answer\n {4}uses: set\n {4}with:\n {6}text: "\{\{ message\.text \}\}"\n {4}next: wait\n/);

    const sw = editFlow("version: 1\nname: s\ntrigger: { on: manual }\nsteps:\n  - id: a\n    switch:\n      cases:\n        - { when: 'true', next: end }\n  - id: g\n    uses: goto\n    with: { step: a }\n", (doc) => {
      connect(doc, 0, "case-0", "g");
      connect(doc, 0, "default", "end");
      connect(doc, 1, "goto", "end");
    });
    const ms = model(sw);
    expect(ms.steps[0]?.cases?.[0]?.next).toBe("g");
    expect(ms.steps[0]?.switchDefault).toBe("end");
    expect(ms.steps[1]?.with).toEqual({ step: "end" });
  });

  it("disconnects: an explicit exit goes back to the default, a default one ends", () => {
    const out = editFlow(SRC, (doc) => {
      disconnect(doc, 1, "then"); // explicit → removed
      disconnect(doc, 0, "next"); // implicit → end
      disconnect(doc, 3, "on_timeout");
    });
    const m = model(out);
    expect(m.steps[1]?.then).toBeUndefined();
    expect(m.steps[0]?.next).toBe("end");
    expect(m.steps[3]?.onTimeout).toBeUndefined();
    expect(out).toContain("x-custom-step: keep # unknown key on a step");
  });

  it("removes a step with its position and the references to it", () => {
    const out = editFlow(SRC, (doc) => removeStep(doc, 2)); // qualify
    const m = model(out);
    expect(m.steps.map((s) => s.id)).toEqual(["answer", "hot", "wait", "nudge"]);
    expect(m.steps[1]?.then).toBeUndefined();
    expect(out).not.toContain("qualify\n");
    const out2 = editFlow(SRC, (doc) => removeStep(doc, 1)); // hot, which has a position
    expect(model(out2).positions.hot).toBeUndefined();
    expect(out2).toContain("answer: { x: 10, y: 100 }");
  });

  it("renames a step everywhere it is named", () => {
    const out = editFlow(SRC, (doc) => {
      renameStep(doc, 0, "resposta");
      renameStep(doc, 2, "qualificar");
    });
    const m = model(out);
    expect(m.steps[0]?.id).toBe("resposta");
    expect(m.steps[1]?.then).toBe("qualificar");
    expect(m.positions.resposta).toEqual({ x: 10, y: 100 });
    expect(out).toContain("mocks: { resposta: { output: { intent: buy } } }");
    expect(out).toContain("path: [ resposta, hot, qualificar ]");
  });

  it("sets and clears step fields, creating and pruning maps", () => {
    let out = editFlow(SRC, (doc) => {
      setStepField(doc, 2, ["with", "stage"], "Ganhou");
      setStepField(doc, 3, ["retry", "max_attempts"], 5);
      setStepField(doc, 4, ["with", "tag"], "{{ vars.tag }}");
    });
    let m = model(out);
    expect(m.steps[2]?.with).toEqual({ board: "{{ params.board }}", stage: "Ganhou" });
    expect(out).toContain("retry:\n      max_attempts: 5");
    expect(m.steps[4]?.with).toEqual({ tag: "{{ vars.tag }}" });
    out = editFlow(out, (doc) => {
      setStepField(doc, 3, ["retry", "max_attempts"], undefined);
      setStepField(doc, 3, ["with", "timeout"], "");
    });
    m = model(out);
    expect(out).not.toContain("retry");
    expect(m.steps[3]?.with).toBeUndefined();
    expect(out).toContain("x-custom-step: keep");
  });

  it("moves a step to the top of the list", () => {
    const out = editFlow(SRC, (doc) => moveToFirst(doc, 3));
    expect(model(out).steps.map((s) => s.id)).toEqual(["wait", "answer", "hot", "qualify", "nudge"]);
  });

  it("keeps trigger.while_human through the editor: the checkbox writes true and unchecking removes it", () => {
    const tagged = SRC.replace("  channel: whatsapp\n", "  channel: whatsapp\n  while_human: true # tags under a person too\n");
    expect(editFlow(tagged, () => {})).toBe(tagged);
    expect(model(tagged).trigger.while_human).toBe(true);
    const moved = editFlow(tagged, (doc) => setPositions(doc, { hot: { x: 1, y: 2 } }));
    expect(moved).toContain("  while_human: true # tags under a person too\n");
    const off = editFlow(tagged, (doc) => setIn(doc, ["trigger", "while_human"], undefined));
    expect(off).not.toContain("while_human");
    expect(model(off).trigger).toEqual(model(SRC).trigger);
    const on = editFlow(SRC, (doc) => setIn(doc, ["trigger", "while_human"], true));
    expect(on).toContain("while_human: true");
    expect(model(on).trigger.while_human).toBe(true);
    expect(readFlow(parseFlow(on).doc)).toEqual(model(on));
  });
});
