// The operator API: the bearer token on every call, one renewal on a 401, and the API's error body
// ({code, message, errors: [{field, reason}]}) as an ApiError the screens show next to the field.
import { renew, tokens } from "./session";

export interface FieldError {
  field: string;
  reason: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly errors: FieldError[] = [],
  ) {
    super(message);
  }
}

/** What to tell the user of a failed request: the API's own reason, or that the connection failed. */
export function messageOf(exc: unknown, otherwise = "Erro de conexão. Tente de novo."): string {
  return exc instanceof ApiError ? exc.message : otherwise;
}

export interface Page<T> {
  items: T[];
  next_cursor: string | null;
}

let base = "/api/v1";

export function setApiBase(value: string): void {
  base = value.replace(/\/$/, "");
}

/** The absolute address of an API path, as someone outside the console calls it (curl, an ERP). */
export function apiUrl(path: string): string {
  return new URL(`${base}${path}`, window.location.href).toString();
}

async function send(path: string, init: RequestInit): Promise<Response> {
  const headers = new Headers(init.headers);
  const token = tokens.value?.idToken;
  if (token) headers.set("Authorization", `Bearer ${token}`);
  return fetch(`${base}${path}`, { ...init, headers });
}

export async function request(path: string, init: RequestInit = {}): Promise<Response> {
  let response = await send(path, init);
  if (response.status === 401 && (await renew())) response = await send(path, init);
  if (!response.ok) {
    const body = (await response.json().catch(() => ({}))) as Partial<ApiError> & { errors?: FieldError[] };
    throw new ApiError(
      response.status,
      body.code ?? "error",
      body.message ?? `Erro ${response.status}. Tente de novo.`,
      body.errors ?? [],
    );
  }
  return response;
}

export async function get<T>(path: string, query: Record<string, string | undefined> = {}): Promise<T> {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value) params.set(key, value);
  const suffix = params.size ? `?${params}` : "";
  return (await (await request(`${path}${suffix}`)).json()) as T;
}

/** POST a JSON body; `idempotencyKey` makes a retried request (a double click, a lost answer) change
 * nothing: the API answers the first one's result. */
export async function post<T>(path: string, body: unknown, idempotencyKey?: string): Promise<T> {
  const headers: Record<string, string> = { "Content-Type": "application/json" };
  if (idempotencyKey) headers["Idempotency-Key"] = idempotencyKey;
  return (await (await request(path, { method: "POST", headers, body: JSON.stringify(body) })).json()) as T;
}

async function sendJson<T>(method: string, path: string, body: unknown): Promise<T> {
  const init = { method, headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) };
  return (await (await request(path, init)).json()) as T;
}

/** PATCH a JSON body (the fields that change). */
export function patch<T>(path: string, body: unknown): Promise<T> {
  return sendJson<T>("PATCH", path, body);
}

/** PUT a JSON body (the whole resource). */
export function put<T>(path: string, body: unknown): Promise<T> {
  return sendJson<T>("PUT", path, body);
}

/** Sends a file as it is (the CSV import: the API reads the body, not a form). */
export async function upload<T>(path: string, file: Blob, contentType: string, query: Record<string, string>): Promise<T> {
  const params = new URLSearchParams(query);
  const init = { method: "POST", headers: { "Content-Type": contentType }, body: file };
  return (await (await request(`${path}?${params}`, init)).json()) as T;
}

/** A file the API makes (rejected rows), saved under `name`. */
export async function download(path: string, name: string): Promise<void> {
  const blob = await (await request(path)).blob();
  const link = Object.assign(document.createElement("a"), { href: URL.createObjectURL(blob), download: name });
  link.click();
  URL.revokeObjectURL(link.href);
}

/** A document the API renders (statement, termo): fetched with the token, opened as a blob. */
export async function openPdf(path: string, filename: string): Promise<void> {
  const blob = await (await request(path)).blob();
  const link = document.createElement("a"); // a download with its name (termo-A-000004.pdf), not a nameless tab
  link.href = URL.createObjectURL(blob);
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 60_000);
}

/** DELETE a resource (the API answers 204). */
export async function remove(path: string): Promise<void> {
  await request(path, { method: "DELETE" });
}
