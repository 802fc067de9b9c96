// The reference lists every screen picks from (creditors, categories): loaded once per signed-in user
// and shared, instead of each screen fetching them again; the screens that edit them forget the copy.
import { get, type Page } from "../api";
import { me } from "../session";
import type { Named } from "./Choice";
import { useLoad, type Loaded } from "./useLoad";

type Reference = "/creditors" | "/categories";
const cache = new Map<string, Promise<unknown>>();

function loaded<T>(path: Reference): Promise<T> {
  const key = `${me.value?.tenant ?? ""}:${me.value?.user_id ?? ""}:${path}`; // never another user's
  let found = cache.get(key);
  if (!found) {
    found = get<T>(path);
    cache.set(key, found);
    found.catch(() => cache.delete(key)); // a failed load is tried again next time
  }
  return found as Promise<T>;
}

/** After a creditor or a category is saved: the next screen loads the list again. */
export function forgetReference(path: Reference): void {
  for (const key of [...cache.keys()]) if (key.endsWith(`:${path}`)) cache.delete(key);
}

export function useCreditors<T extends Named = Named>(): Loaded<Page<T>> {
  return useLoad(() => loaded<Page<T>>("/creditors"), [me.value?.user_id]);
}

export function useCategories<T extends Named = Named>(): Loaded<Page<T>> {
  return useLoad(() => loaded<Page<T>>("/categories"), [me.value?.user_id]);
}
