import { describe, expect, it } from "vitest";
import { stageStep } from "./stageOrder";

describe("stageStep", () => {
  const order = ["novo", "proposta", "ganho"];
  it("moves left before the previous stage", () => {
    expect(stageStep(order, "proposta", "left")).toEqual({ before_id: "novo" });
    expect(stageStep(order, "ganho", "left")).toEqual({ before_id: "proposta" });
  });
  it("moves right after the next stage", () => {
    expect(stageStep(order, "novo", "right")).toEqual({ after_id: "proposta" });
  });
  it("stops at either end, and for a stage not on the board", () => {
    expect(stageStep(order, "novo", "left")).toBeNull();
    expect(stageStep(order, "ganho", "right")).toBeNull();
    expect(stageStep(order, "perdido", "left")).toBeNull();
  });
});
