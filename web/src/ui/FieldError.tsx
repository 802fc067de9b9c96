import type { FieldError as ApiFieldError } from "../api";

/** The API's reason for one field, announced next to it (role="alert"); `id` lets the input point at
 * it with aria-describedby. A nested field ("body.email") counts for its last part. */
export function FieldError({ errors, field, id }: { errors: ApiFieldError[]; field: string; id: string }) {
  const found = errors.find((e) => e.field === field || e.field.endsWith(`.${field}`));
  return found ? (
    <p class="error" role="alert" id={id}>
      {found.reason}
    </p>
  ) : null;
}
