import { describe, expect, it } from "vitest";
import { deliveryTone, groupEventTypes, patternsFor, selectedTypes, stateTone, toggled } from "./webhooks";

const offered = [
  { type: "message.received", group: "messages" },
  { type: "message.status", group: "messages" },
  { type: "conversation.created", group: "conversations" },
  { type: "conversation.assigned", group: "conversations" },
  { type: "kanban.card.moved", group: "kanban" },
];
const types = offered.map((o) => o.type);

describe("webhook event types", () => {
  it("groups the offered types in the server's order", () => {
    expect(groupEventTypes(offered)).toEqual([
      { group: "messages", types: ["message.received", "message.status"] },
      { group: "conversations", types: ["conversation.created", "conversation.assigned"] },
      { group: "kanban", types: ["kanban.card.moved"] },
    ]);
  });

  it("sends * for a selection of every type, else the types in order", () => {
    expect(patternsFor(new Set(types), types)).toEqual(["*"]);
    expect(patternsFor(new Set(["kanban.card.moved", "message.received"]), types)).toEqual(["message.received", "kanban.card.moved"]);
    expect(patternsFor(new Set(), types)).toEqual([]);
  });

  it("reads *, groups and types back as a selection", () => {
    expect([...selectedTypes(["*"], types)]).toEqual(types);
    expect([...selectedTypes(["conversation.*", "message.status"], types)]).toEqual(["message.status", "conversation.created", "conversation.assigned"]);
    expect([...selectedTypes(["kanban.*"], types)]).toEqual(["kanban.card.moved"]);
  });

  it("ticks a whole group, and unticks it when it was all ticked", () => {
    const group = ["conversation.created", "conversation.assigned"];
    const some = toggled(new Set(["conversation.created"]), group);
    expect([...some].sort()).toEqual([...group].sort());
    expect(toggled(some, group).size).toBe(0);
    expect([...toggled(new Set(["message.received"]), ["message.received"])]).toEqual([]);
  });
});

describe("webhook states", () => {
  it("tones an endpoint's state and a delivery's", () => {
    expect(stateTone("enabled")).toBe("success");
    expect(stateTone("gone")).toBe("destructive");
    expect(stateTone("failing")).toBe("warning");
    expect(stateTone("disabled")).toBe("outline");
    expect(deliveryTone("delivered")).toBe("success");
    expect(deliveryTone("failed")).toBe("destructive");
    expect(deliveryTone("pending")).toBe("warning");
  });
});
