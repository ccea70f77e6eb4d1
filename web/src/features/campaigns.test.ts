import { describe, expect, it } from "vitest";
import { parseFrame, percent, type Progress } from "./campaigns";

const base: Progress = {
  campaign_id: "cmp_1", status: "running", round: 1, audience: 4, excluded: {}, enrolled: 0, queued: 4, sent: 0,
  delivered: 0, read: 0, replied: 0, failed: 0, suppressed: 0, cancelled: 0, opted_out: 0, ambiguous: 0, reasons: {}, at: "",
};

describe("percent", () => {
  it("counts every outcome against the audience", () => {
    expect(percent(base)).toBe(0);
    expect(percent({ ...base, queued: 2, sent: 1, failed: 1 })).toBe(50);
    expect(percent({ ...base, queued: 1, sent: 2, suppressed: 1 })).toBe(75);
  });
  it("never passes 100 and is 100 once completed", () => {
    expect(percent({ ...base, queued: 0, sent: 4, failed: 2 })).toBe(100);
    expect(percent({ ...base, status: "completed", audience: 0 })).toBe(100);
  });
  it("is 0 for an empty audience still running", () => {
    expect(percent({ ...base, audience: 0 })).toBe(0);
  });
});

describe("parseFrame", () => {
  it("reads a stream frame and rejects anything else", () => {
    expect(parseFrame('{"type":"campaign.progress","id":"e1","data":{"campaign_id":"c"}}')?.type).toBe("campaign.progress");
    expect(parseFrame("not json")).toBeUndefined();
    expect(parseFrame('{"type":"x","data":null}')).toBeUndefined();
    expect(parseFrame(42)).toBeUndefined();
  });
});
