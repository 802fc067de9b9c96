import { render, screen } from "@testing-library/preact";
import { describe, expect, it, vi } from "vitest";

vi.mock("../api", () => ({
  get: vi.fn(async (path: string) => {
    if (path === "/promises")
      return {
        items: [
          { debtor_id: "d1", debtor_name: "Maria Souza", date: "2026-11-25", amount: "300.00", broken: true },
          { debtor_id: "d2", debtor_name: "João Lima", date: "2026-11-26", amount: "50.00", broken: false },
        ],
        next_cursor: null,
      };
    return { items: [], next_cursor: null };
  }),
}));

import { Home } from "./Home";

describe("Home", () => {
  it("lists the broken promises, not the kept ones, with the debtor one click away", async () => {
    render(<Home />);
    expect(await screen.findByRole("heading", { name: "Promessas quebradas" })).toBeTruthy();
    const link = screen.getByRole("link", { name: "Maria Souza" });
    expect(link.getAttribute("href")).toBe("/app/devedores/d1");
    const badge = link.parentElement?.querySelector(".badge")?.textContent ?? "";
    expect(badge.replace(/\s/g, " ")).toBe("R$ 300,00 até 25/11/2026");
    expect(screen.queryByText("João Lima")).toBeNull();
  });
});
