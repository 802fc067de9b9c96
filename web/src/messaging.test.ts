import { describe, expect, it } from "vitest";
import { heldUntil } from "./messaging";

describe("heldUntil", () => {
  it("holds until the day after the promised date", () => {
    expect(heldUntil("2026-12-10", "2026-12-08")).toBe("2026-12-11");
    expect(heldUntil("2026-12-10", "2026-12-10")).toBe("2026-12-11");
    expect(heldUntil("2026-12-31", "2026-12-31")).toBe("2027-01-01");
  });
  it("holds nothing once that day came, or without a promise", () => {
    expect(heldUntil("2026-12-10", "2026-12-11")).toBeNull();
    expect(heldUntil(null, "2026-12-08")).toBeNull();
  });
});
