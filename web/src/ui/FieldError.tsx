import { useState } from "preact/hooks";
import { ApiError, type FieldError as ApiFieldError } from "../api";

/** The API's reason for one field, announced next to it (role="alert"); `id` lets the input point at
 * it with aria-describedby. A nested field ("body.email") counts for its last part, unless `exact`. */
export function FieldError({ errors, field, id, exact = false }: { errors: ApiFieldError[]; field: string; id: string; exact?: boolean }) {
  const found = errors.find((e) => e.field === field || (!exact && e.field.endsWith(`.${field}`)));
  return found ? (
    <p class="error" role="alert" id={id} tabIndex={-1}>
      {found.reason}
    </p>
  ) : null;
}

/** A form's errors from the API: the field errors (shown by FieldError) or, when none names a field,
 * the message for the whole form. */
export function useFormErrors() {
  const [errors, setErrors] = useState<ApiFieldError[]>([]);
  const [message, setMessage] = useState("");
  return {
    errors,
    message,
    clear() {
      setErrors([]);
      setMessage("");
    },
    fail(exc: unknown) {
      if (exc instanceof ApiError) {
        setErrors(exc.errors);
        setMessage(exc.errors.length ? "" : exc.message);
      } else setMessage("Erro de conexão. Tente de novo.");
      setTimeout(focusFirstError, 0); // once the alerts are on the page
    },
  };
}

/** A form's outcome: the API's message for the whole form (an alert), or what was done (a status). */
export function FormMessage({ message, done }: { message: string; done?: string }) {
  if (message)
    return (
      <p class="error" role="alert" tabIndex={-1}>
        {message}
      </p>
    );
  return done ? (
    <p class="ok" role="status">
      {done}
    </p>
  ) : null;
}

/** Brings the first error on the page into view and focuses its field (the input that points at it
 * with aria-describedby), or the message itself: on a phone it may be below the fold. */
export function focusFirstError(root: ParentNode = document): void {
  const alert = root.querySelector<HTMLElement>(".error[role=alert]");
  if (!alert) return;
  const field = alert.id ? root.querySelector<HTMLElement>(`[aria-describedby~="${CSS.escape(alert.id)}"]`) : null;
  const target = field && !field.hasAttribute("disabled") ? field : alert;
  target.scrollIntoView?.({ block: "center" });
  target.focus();
}
