import { render, screen } from "@testing-library/preact";
import { describe, expect, it } from "vitest";
import { FieldError } from "./FieldError";

describe("FieldError", () => {
  it("announces the API's reason for the field, a nested one included", () => {
    const errors = [{ field: "body.email", reason: "e-mail inválido" }];
    render(<FieldError errors={errors} field="email" id="email-error" />);
    const alert = screen.getByRole("alert");
    expect(alert.textContent).toBe("e-mail inválido");
    expect(alert.id).toBe("email-error");
  });

  it("says nothing about other fields", () => {
    const { container } = render(
      <FieldError errors={[{ field: "promise_date", reason: "x" }]} field="date" id="d" />,
    );
    expect(container.textContent).toBe("");
  });
});
