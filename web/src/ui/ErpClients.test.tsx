import { fireEvent, render, screen, waitFor } from "@testing-library/preact";
import { beforeEach, describe, expect, it, vi } from "vitest";

const state = vi.hoisted(() => ({ items: [] as Record<string, unknown>[], posted: [] as unknown[], removed: [] as string[] }));

vi.mock("../api", () => ({
  apiUrl: (path: string) => `https://app.example/api/v1${path}`,
  get: vi.fn(async () => ({ items: state.items, next_cursor: null })),
  post: vi.fn(async (_path: string, body: { name: string }) => {
    state.posted.push(body);
    const made = { client_id: "abc123", name: body.name, created_at: "2026-12-03T12:00:00.000Z", active: true, revoked_at: null };
    state.items = [made, ...state.items];
    return { ...made, client_secret: "s3cr3t-once", token_url: "https://auth.example/oauth2/token", scope: "cobranca-erp/titles.write" };
  }),
  remove: vi.fn(async (path: string) => {
    state.removed.push(path);
    state.items = state.items.map((c) => ({ ...c, active: false, revoked_at: "2026-12-03T13:00:00.000Z" }));
  }),
}));

import { ErpClients, curlExample } from "./ErpClients";

describe("ErpClients", () => {
  beforeEach(() => {
    state.items = [];
    state.posted = [];
    state.removed = [];
  });

  it("shows the new secret once, with the token address and a curl that uses them", async () => {
    render(<ErpClients />);
    expect(await screen.findByText("Nenhuma credencial criada.")).toBeTruthy();
    fireEvent.input(screen.getByLabelText("Nome da integração"), { target: { value: "Bling" } });
    fireEvent.submit(screen.getByRole("form", { name: "Nova credencial do ERP" }));
    expect(await screen.findByText('Credencial "Bling" criada')).toBeTruthy();
    expect(state.posted).toEqual([{ name: "Bling" }]);
    const secret = screen.getAllByText((_, el) => el?.tagName === "DD" && (el.textContent ?? "").startsWith("s3cr3t-once"));
    expect(secret).toHaveLength(1);
    const example = document.querySelector("pre")?.textContent ?? "";
    expect(example).toContain("-u 'abc123:s3cr3t-once'");
    expect(example).toContain("https://auth.example/oauth2/token");
    expect(example).toContain("https://app.example/api/v1/erp/titles/NF-123/settle");
    // the list row never carries the secret
    const row = await screen.findByRole("row", { name: /Bling/ });
    expect(row.textContent).not.toContain("s3cr3t-once");
  });

  it("revokes after confirmation and forgets the secret on screen", async () => {
    state.items = [{ client_id: "old1", name: "SAP", created_at: "2026-12-01T12:00:00.000Z", active: true, revoked_at: null }];
    vi.stubGlobal("confirm", () => true);
    render(<ErpClients />);
    fireEvent.click(await screen.findByRole("button", { name: "Revogar SAP" }));
    await waitFor(() => expect(screen.getByText(/revogada/)).toBeTruthy());
    expect(state.removed).toEqual(["/erp-clients/old1"]);
    expect(screen.queryByRole("button", { name: "Revogar SAP" })).toBeNull();
  });

  it("quotes the id and secret for the shell", () => {
    const made = {
      client_id: "id",
      client_secret: "sec",
      name: "x",
      created_at: "",
      active: true,
      revoked_at: null,
      token_url: "https://t/oauth2/token",
      scope: "cobranca-erp/titles.write",
    };
    expect(curlExample(made, "https://a/settle").split("\n")[0]).toBe("TOKEN=$(curl -s -u 'id:sec' \\");
  });
});
