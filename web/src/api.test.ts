import { describe, expect, it } from "vitest";
import { ApiError, messageOf } from "./api";

describe("messageOf", () => {
  it("tells the API's own reason, or that the connection failed", () => {
    expect(messageOf(new ApiError(409, "conflict", "o acordo não está ativo", []))).toBe("o acordo não está ativo");
    expect(messageOf(new TypeError("Failed to fetch"))).toBe("Erro de conexão. Tente de novo.");
    expect(messageOf(new TypeError("x"), "Não foi possível abrir o termo.")).toBe("Não foi possível abrir o termo.");
  });
});
