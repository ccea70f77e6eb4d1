import { describe, expect, it } from "vitest";
import { smsCount } from "./smsSegments";

describe("smsCount", () => {
  // The twilio-sms plugin's TestSegments cases: the dashboard counts as the server paces.
  const cases: [string, number][] = [
    ["", 1], ["oi", 1], ["a".repeat(160), 1], ["a".repeat(161), 2], ["a".repeat(306), 2], ["a".repeat(307), 3],
    ["{".repeat(80), 1], ["{".repeat(81), 2], ["ã".repeat(70), 1], ["ã".repeat(71), 2], ["Olá! 😀", 1],
    ["😀".repeat(35), 1], ["😀".repeat(36), 2],
  ];
  it.each(cases)("counts %j as the server does", (text, n) => {
    expect(smsCount(text).parts).toBe(n);
  });

  it("says which characters made a text Unicode", () => {
    const c = smsCount("Promoção de verão: não perca!");
    expect(c.unicode).toBe(true);
    expect(c.culprits).toEqual(["ç", "ã"]);
    expect(c.perPart).toBe(70);
    expect(smsCount("Promocao de verao: nao perca!")).toMatchObject({ unicode: false, culprits: [], perPart: 160 });
  });
});
