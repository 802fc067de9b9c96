import { describe, expect, it } from "vitest";
import { numberErrors } from "./Creditors";

const policy = {
  fine_percent: "2",
  interest_percent_month: "1",
  correction_index: "NONE" as const,
  fees_percent: "10",
  consumer_relation: true,
  financial_institution: false,
  min_installment: "1.234,56",
  max_first_due_days: 30,
  break_after_days: 30,
  first_break_after_days: null,
  commission_percent: "12,5",
  offers: [],
  operator_margin: { extra_discount_percent_max: "0", extra_installments_max: 0 },
};

describe("the policy's numbers as a pt-BR user types them", () => {
  it("accepts 2, 12,5 and 1.234,56", () => {
    expect(numberErrors(policy)).toEqual([]);
  });

  it("names each field typed wrong, in pt-BR", () => {
    const wrong = numberErrors({ ...policy, fine_percent: "2%", min_installment: "1,234.56", commission_percent: "abc" });
    expect(wrong.map((e) => e.field)).toEqual(["policy.fine_percent", "policy.min_installment", "policy.commission_percent"]);
    expect(wrong[0].reason).toBe("número inválido: use algo como 1.234,56 ou 2,5");
  });
});
