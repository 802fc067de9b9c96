import { describe, expect, it } from "vitest";
import { smsSegments } from "./format";

describe("an SMS's parts", () => {
  it("fits 160 GSM-7 characters in one and 153 per part after", () => {
    expect(smsSegments("a".repeat(160))).toEqual({ encoding: "GSM-7", length: 160, parts: 1 });
    expect(smsSegments("a".repeat(161))).toEqual({ encoding: "GSM-7", length: 161, parts: 2 });
    expect(smsSegments("€".repeat(80))).toEqual({ encoding: "GSM-7", length: 160, parts: 1 }); // escape + €
  });

  it("turns UCS-2 with one Portuguese accent outside GSM-7, 70 in one and 67 per part", () => {
    expect(smsSegments("Olá").encoding).toBe("UCS-2");
    expect(smsSegments("é").encoding).toBe("GSM-7"); // é is in the basic set
    expect(smsSegments("ç".repeat(70)).parts).toBe(1);
    expect(smsSegments("ç".repeat(71)).parts).toBe(2);
    expect(smsSegments("ç".repeat(135)).parts).toBe(3);
  });
});
