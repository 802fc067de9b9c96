import { useEffect, useRef, useState } from "preact/hooks";
import { AuthError, setNewPassword, signIn, type CognitoSettings } from "../auth";
import { signedIn } from "../session";

type Step = { kind: "password" } | { kind: "new-password"; username: string; session: string };

export function Login({ cognito }: { cognito: CognitoSettings }) {
  const [step, setStep] = useState<Step>({ kind: "password" });
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);
  const alert = useRef<HTMLParagraphElement>(null);
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (error) alert.current?.focus();
  }, [error]);
  useEffect(() => first.current?.focus(), [step.kind]); // each step starts at its first field

  async function submit(event: Event) {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    setBusy(true);
    setError("");
    try {
      if (step.kind === "password") {
        const result = await signIn(cognito, String(form.get("email")).trim(), String(form.get("password")));
        if (result.kind === "signed-in") signedIn(result.tokens);
        else setStep(result);
      } else {
        const password = String(form.get("new-password"));
        if (password !== String(form.get("confirm"))) {
          setError("As senhas não conferem.");
          return;
        }
        signedIn(await setNewPassword(cognito, step.username, step.session, password));
      }
    } catch (exc) {
      setError(exc instanceof AuthError ? exc.message : "Não foi possível entrar. Tente de novo.");
    } finally {
      setBusy(false);
    }
  }

  return (
    <main class="login" id="main">
      <form class="card" onSubmit={submit} aria-describedby={error ? "login-error" : undefined}>
        <h1>cobranca</h1>
        {step.kind === "password" ? (
          <div key="password">
            <p class="muted">Entre com o seu e-mail de acesso.</p>
            <label for="email">E-mail</label>
            <input id="email" name="email" type="email" autoComplete="username" required ref={first} />
            <label for="password">Senha</label>
            <input id="password" name="password" type="password" autoComplete="current-password" required />
          </div>
        ) : (
          <div key="new-password">
            <p class="muted">Primeiro acesso: defina a sua senha.</p>
            <label for="new-password">Nova senha</label>
            <input
              id="new-password"
              name="new-password"
              type="password"
              autoComplete="new-password"
              minLength={10}
              required
              ref={first}
            />
            <label for="confirm">Confirme a nova senha</label>
            <input id="confirm" name="confirm" type="password" autoComplete="new-password" required />
          </div>
        )}
        {error && (
          <p id="login-error" class="error" role="alert" tabIndex={-1} ref={alert}>
            {error}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {step.kind === "password" ? "Entrar" : "Definir senha e entrar"}
        </button>
      </form>
    </main>
  );
}
