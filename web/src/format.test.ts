import { describe, expect, it } from "vitest";
import {
  greeting,
  brl,
  parseAmount,
  date,
  documentChars,
  formatDocument,
  formatPhone,
  maskDocumentInput,
  timestamp,
  todayInSaoPaulo,
} from "./format";

describe("pt-BR formatting", () => {
  it("writes BRL with the non-breaking space and comma decimals", () => {
    expect(brl("1234.5")).toBe("R$\u00a01.234,50");
    expect(brl(0)).toBe("R$\u00a00,00");
  });

  it("writes business dates as dd/mm/aaaa without shifting the day", () => {
    expect(date("2026-01-01")).toBe("01/01/2026");
    expect(date(null)).toBe("");
  });

  it("knows São Paulo's date when UTC has already turned the day", () => {
    expect(todayInSaoPaulo(new Date("2026-11-24T02:30:00Z"))).toBe("2026-11-23");
  });

  it("shows timestamps on São Paulo's clock", () => {
    expect(timestamp("2026-11-23T11:30:00.000Z")).toBe("23/11/2026, 08:30");
  });
});

describe("CPF/CNPJ masks as you type", () => {
  it("masks a CPF progressively", () => {
    expect(maskDocumentInput("529")).toBe("529");
    expect(maskDocumentInput("5299822")).toBe("529.982.2");
    expect(maskDocumentInput("52998224725")).toBe("529.982.247-25");
  });

  it("becomes a CNPJ past eleven digits, alphanumeric CNPJs included", () => {
    expect(maskDocumentInput("112223330001")).toBe("11.222.333/0001");
    expect(maskDocumentInput("11222333000181")).toBe("11.222.333/0001-81");
    expect(maskDocumentInput("12ABC34501DE35")).toBe("12.ABC.345/01DE-35");
  });

  it("leaves a name alone", () => {
    expect(maskDocumentInput("Maria")).toBe("Maria");
    expect(maskDocumentInput("silva 2")).toBe("silva 2");
  });

  it("keeps only what a document is made of", () => {
    expect(documentChars("529.982.247-25")).toBe("52998224725");
    expect(formatDocument("11222333000181")).toBe("11.222.333/0001-81");
  });
});

describe("phones", () => {
  it("writes Brazilian mobiles and landlines the usual way, anything else as stored", () => {
    expect(formatPhone("+5541987938822")).toBe("(41) 98793-8822");
    expect(formatPhone("+551133334444")).toBe("(11) 3333-4444");
    expect(formatPhone("+14155550100")).toBe("+14155550100");
  });
});

describe("parseAmount", () => {
  it("reads pt-BR amounts as the API's decimals", () => {
    expect(parseAmount("1.234,50")).toBe("1234.50");
    expect(parseAmount("R$ 10")).toBe("10.00");
    expect(parseAmount("99,9")).toBe("99.90");
    expect(parseAmount("500.00")).toBe("500.00");
    expect(parseAmount("")).toBe("");
    expect(parseAmount("dez")).toBeNull();
    expect(parseAmount("1,234")).toBeNull();
  });
});

describe("greeting", () => {
  it("greets by São Paulo's hour and the first name", () => {
    expect(greeting("Ana Paula Souza", "ana@x.example", new Date("2026-12-08T12:30:00Z"))).toBe("Bom dia, Ana.");
    expect(greeting("Ana Paula Souza", "ana@x.example", new Date("2026-12-08T16:00:00Z"))).toBe("Boa tarde, Ana.");
    expect(greeting("Ana", "ana@x.example", new Date("2026-12-08T23:00:00Z"))).toBe("Boa noite, Ana.");
  });
  it("falls back to the e-mail before the profile has a name", () => {
    expect(greeting("  ", "ana@x.example", new Date("2026-12-08T12:30:00Z"))).toBe("Bom dia, ana@x.example.");
  });
});
