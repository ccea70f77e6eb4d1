import { describe, expect, it } from "vitest";
import { findStage, moveBetween, placementAt, reorder } from "./placement";

describe("placementAt", () => {
  it("places after the previous card when there is one", () => {
    expect(placementAt("s1", ["a", "b", "c"], "c")).toEqual({ stage_id: "s1", after_id: "b" });
    expect(placementAt("s1", ["a", "b", "c"], "b")).toEqual({ stage_id: "s1", after_id: "a" });
  });
  it("places before the next card at the top", () => {
    expect(placementAt("s1", ["a", "b"], "a")).toEqual({ stage_id: "s1", before_id: "b" });
  });
  it("takes no neighbour in an otherwise empty stage", () => {
    expect(placementAt("s2", ["a"], "a")).toEqual({ stage_id: "s2" });
  });
  it("refuses a card that is not in the order", () => {
    expect(() => placementAt("s1", ["a"], "z")).toThrow();
  });
});

describe("moving while dragging", () => {
  const cols = { s1: ["a", "b"], s2: ["c", "d"], s3: [] as string[] };
  it("finds the stage of a card or a column", () => {
    expect(findStage(cols, "d")).toBe("s2");
    expect(findStage(cols, "s3")).toBe("s3");
    expect(findStage(cols, "zz")).toBeUndefined();
  });
  it("lands over a card at its place, or below it", () => {
    expect(moveBetween(cols, "a", "c", false)).toEqual({ s1: ["b"], s2: ["a", "c", "d"], s3: [] });
    expect(moveBetween(cols, "a", "c", true)).toEqual({ s1: ["b"], s2: ["c", "a", "d"], s3: [] });
  });
  it("lands at the end of an empty column", () => {
    expect(moveBetween(cols, "b", "s3", false)).toEqual({ s1: ["a"], s2: ["c", "d"], s3: ["b"] });
  });
  it("leaves the columns alone within one stage", () => {
    expect(moveBetween(cols, "a", "b", false)).toBe(cols);
  });
  it("reorders within a stage", () => {
    expect(reorder(cols, "c", "d")).toEqual({ s1: ["a", "b"], s2: ["d", "c"], s3: [] });
    expect(reorder(cols, "a", "c")).toBe(cols);
  });
});
