import { describe, expect, it } from "vitest";
import { nextToPay } from "./DebtorAgreements";

describe("the ficha's next installment of an agreement", () => {
  it("is the first still pending, by number, whatever the order received", () => {
    const a = {
      id: "a1",
      number: "A-000001",
      status: "active" as const,
      total: "300.00",
      installments: [
        { number: 2, due_date: "2027-02-10", amount: "100.00", status: "pending" },
        { number: 0, due_date: "2026-12-10", amount: "100.00", status: "paid" },
        { number: 1, due_date: "2027-01-10", amount: "100.00", status: "pending" },
      ],
    };
    expect(nextToPay(a)?.number).toBe(1);
    expect(nextToPay({ ...a, installments: a.installments.map((i) => ({ ...i, status: "paid" })) })).toBeUndefined();
  });
});
