import { render, screen } from "@testing-library/preact";
import { describe, expect, it } from "vitest";
import { FieldError, focusFirstError } from "./FieldError";

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

  it("focuses the field of the first error, or the message when no field points at it", () => {
    const errors = [{ field: "name", reason: "obrigatório" }];
    const { container } = render(
      <form>
        <input aria-describedby="name-error" />
        <FieldError errors={errors} field="name" id="name-error" />
        <p class="error" role="alert">
          outro
        </p>
      </form>,
    );
    focusFirstError(container);
    expect(document.activeElement?.getAttribute("aria-describedby")).toBe("name-error");
    container.innerHTML = '<p class="error" role="alert" tabindex="-1">só a mensagem</p>';
    focusFirstError(container);
    expect(document.activeElement?.textContent).toBe("só a mensagem");
  });
});
