// Who is signed in: tokens in memory (never localStorage), refreshed a minute before they expire; the
// caller's profile from GET /me. Signing out forgets them.
import { signal } from "@preact/signals";
import { refresh, type CognitoSettings, type Tokens } from "./auth";

export interface Me {
  tenant: string;
  user_id: string;
  email: string;
  name: string;
  role: "admin" | "supervisor" | "operator";
  screens: string[];
}

export const tokens = signal<Tokens | null>(null);
export const me = signal<Me | null>(null);

let timer: ReturnType<typeof setTimeout> | undefined;
let cognito: CognitoSettings | null = null;

export function configure(settings: CognitoSettings): void {
  cognito = settings;
}

export function signedIn(t: Tokens): void {
  tokens.value = t;
  clearTimeout(timer);
  const wait = Math.max(t.expiresAt - Date.now() - 60_000, 5_000);
  timer = setTimeout(() => void renew(), wait);
}

/** A fresh ID token from the refresh token; false (and signed out) when that is no longer possible. */
export async function renew(): Promise<boolean> {
  const current = tokens.value;
  if (!current?.refreshToken || !cognito) {
    signOut();
    return false;
  }
  try {
    signedIn(await refresh(cognito, current.refreshToken));
    return true;
  } catch {
    signOut();
    return false;
  }
}

export function signOut(): void {
  clearTimeout(timer);
  tokens.value = null;
  me.value = null;
}
