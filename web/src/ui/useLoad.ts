import { useEffect, useState } from "preact/hooks";
import { messageOf } from "../api";

export type Loaded<T> = { data: T | null; error: string; loading: boolean };

/** Runs `load` when `keys` change; the last answer wins (a slow earlier one is dropped). */
export function useLoad<T>(load: () => Promise<T>, keys: unknown[]): Loaded<T> {
  const [state, setState] = useState<Loaded<T>>({ data: null, error: "", loading: true });
  useEffect(() => {
    let current = true;
    setState((s) => ({ ...s, loading: true, error: "" }));
    load().then(
      (data) => current && setState({ data, error: "", loading: false }),
      (exc: unknown) =>
        current &&
        setState({ data: null, loading: false, error: messageOf(exc, "Erro de conexão.") }),
    );
    return () => {
      current = false;
    };
  }, keys);
  return state;
}
