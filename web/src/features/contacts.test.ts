import { describe, expect, it } from "vitest";
import { importPercent, rowErrors, type ImportJob } from "./contacts";

const job = (p: Partial<ImportJob>): ImportJob => ({
  id: "imp_1", status: "validating", total: 10, processed: 0, created: 0, updated: 0, errors: "[]", options: "{}", created_at: "", ...p,
});

describe("imports", () => {
  it("reads the error report whether it arrives as an array or as text", () => {
    const list = [{ row: 3, field: "phone", message: "not a phone number" }];
    expect(rowErrors(job({ errors: list as unknown as string }))).toEqual(list);
    expect(rowErrors(job({ errors: JSON.stringify(list) }))).toEqual(list);
    expect(rowErrors(job({ errors: "garbage" }))).toEqual([]);
    expect(rowErrors(undefined)).toEqual([]);
  });
  it("measures progress by rows, 100 only when finished", () => {
    expect(importPercent(job({ processed: 5 }))).toBe(50);
    expect(importPercent(job({ processed: 10 }))).toBe(99);
    expect(importPercent(job({ status: "writing", total: 0 }))).toBe(0);
    expect(importPercent(job({ status: "failed", processed: 2 }))).toBe(100);
  });
});
