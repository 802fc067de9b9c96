// Usuários (admin): who uses the console, with what role and access profile; invite someone with a
// temporary password (they set their own at the first login); change a role or profile; deactivate and
// reactivate; the named access profiles (F06).
import { useState } from "preact/hooks";
import { get, patch, post, type Page } from "../api";
import { me } from "../session";
import { AccessHours, type AccessRange } from "./AccessHours";
import { FieldError, FormMessage, useFormErrors } from "./FieldError";
import { Profiles, type Profile } from "./Profiles";
import { useLoad } from "./useLoad";

interface User {
  id: string;
  email: string;
  name: string;
  role: "admin" | "supervisor" | "operator";
  permissions: string[] | null;
  profile_id: string | null;
  active: boolean;
  access_ranges: AccessRange[];
}

const ROLES = [
  ["operator", "Operador"],
  ["supervisor", "Supervisor"],
  ["admin", "Administrador"],
] as const;
const ROLE_NAMES: Record<string, string> = Object.fromEntries(ROLES);

export function Users() {
  const [version, setVersion] = useState(0);
  const users = useLoad(() => get<Page<User>>("/users"), [version]);
  const profiles = useLoad(() => get<Page<Profile>>("/profiles"), [version]);
  const choices = profiles.data?.items ?? [];
  const { errors, message, clear, fail } = useFormErrors();
  const [done, setDone] = useState("");
  const [hours, setHours] = useState<string | null>(null); // the user whose access hours are open

  async function invite(event: Event) {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    clear();
    setDone("");
    try {
      const user = await post<User>("/users", {
        email: String(data.get("email")).trim(),
        name: String(data.get("name")).trim(),
        role: String(data.get("role")),
        profile_id: String(data.get("profile_id") ?? "") || null,
        temporary_password: String(data.get("temporary_password")),
      });
      setDone(`${user.email} convidado: no primeiro acesso, a senha temporária será trocada.`);
      form.reset();
      setVersion((v) => v + 1);
    } catch (exc) {
      fail(exc);
    }
  }

  async function change(user: User, body: Partial<User>, what: string) {
    clear();
    try {
      await patch<User>(`/users/${encodeURIComponent(user.id)}`, body);
      setDone(`${user.email}: ${what}.`);
      setVersion((v) => v + 1);
    } catch (exc) {
      fail(exc);
    }
  }

  return (
    <section aria-labelledby="users-title">
      <h1 id="users-title">Usuários</h1>
      <form class="panel" onSubmit={invite} aria-labelledby="invite-title">
        <h2 id="invite-title">Convidar usuário</h2>
        <label for="u-email">E-mail</label>
        <input id="u-email" name="email" type="email" required />
        <FieldError errors={errors} field="email" id="u-email-error" />
        <label for="u-name">Nome</label>
        <input id="u-name" name="name" required maxLength={120} />
        <FieldError errors={errors} field="name" id="u-name-error" />
        <label for="u-role">Papel</label>
        <select id="u-role" name="role">
          {ROLES.map(([value, label]) => (
            <option value={value} key={value}>
              {label}
            </option>
          ))}
        </select>
        <label for="u-profile">Perfil de acesso</label>
        <select id="u-profile" name="profile_id">
          <option value="">Padrão do papel</option>
          {choices.map((p) => (
            <option value={p.id} key={p.id}>
              {p.name}
            </option>
          ))}
        </select>
        <FieldError errors={errors} field="profile_id" id="u-profile-error" />
        <label for="u-password">Senha temporária</label>
        <input
          id="u-password"
          name="temporary_password"
          type="text"
          autoComplete="off"
          minLength={10}
          required
          aria-describedby="u-password-help"
        />
        <p id="u-password-help" class="muted small">
          Ao menos 10 caracteres, com maiúsculas, minúsculas e números. Passe-a à pessoa por um canal seguro.
        </p>
        <FieldError errors={errors} field="temporary_password" id="u-password-error" />
        <FormMessage message={message} done={done} />
        <button type="submit">Convidar</button>
      </form>
      {users.error && <p role="alert" class="error">{users.error}</p>}
      {users.data && (
        <table class="list">
          <caption class="sr-only">Usuários</caption>
          <thead>
            <tr>
              <th scope="col">Nome</th>
              <th scope="col">E-mail</th>
              <th scope="col">Papel</th>
              <th scope="col">Perfil de acesso</th>
              <th scope="col">Situação</th>
              <th scope="col">Ações</th>
            </tr>
          </thead>
          <tbody>
            {users.data.items.map((u) => {
              const self = u.id === me.value?.user_id;
              return (
                <tr key={u.id}>
                  <td data-label="Nome">{u.name}</td>
                  <td data-label="E-mail">{u.email}</td>
                  <td data-label="Papel">
                    <label class="sr-only" for={`role-${u.id}`}>
                      Papel de {u.name}
                    </label>
                    <select
                      id={`role-${u.id}`}
                      value={u.role}
                      disabled={self}
                      onChange={(e) => {
                        const role = (e.target as HTMLSelectElement).value as User["role"];
                        void change(u, { role }, `papel ${ROLE_NAMES[role]}`);
                      }}
                    >
                      {ROLES.map(([value, label]) => (
                        <option value={value} key={value}>
                          {label}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td data-label="Perfil de acesso">
                    {u.role === "admin" ? (
                      "Todas as telas"
                    ) : (
                      <>
                        <label class="sr-only" for={`profile-${u.id}`}>
                          Perfil de acesso de {u.name}
                        </label>
                        <select
                          id={`profile-${u.id}`}
                          value={u.profile_id ?? (u.permissions ? "custom" : "")}
                          onChange={(e) => {
                            const id = (e.target as HTMLSelectElement).value;
                            const chosen = choices.find((p) => p.id === id);
                            void change(u, chosen ? { profile_id: id } : { profile_id: null, permissions: null }, `perfil ${chosen?.name ?? "padrão do papel"}`);
                          }}
                        >
                          <option value="">Padrão do papel</option>
                          {u.permissions && !u.profile_id && (
                            <option value="custom" disabled>
                              Personalizado
                            </option>
                          )}
                          {choices.map((p) => (
                            <option value={p.id} key={p.id}>
                              {p.name}
                            </option>
                          ))}
                        </select>
                      </>
                    )}
                  </td>
                  <td data-label="Situação">{u.active ? "Ativo" : "Inativo"}</td>
                  <td data-label="Ações">
                    {u.role !== "admin" && (
                      <button type="button" class="quiet" onClick={() => setHours(hours === u.id ? null : u.id)}>
                        Horário<span class="sr-only"> de acesso de {u.name}</span>
                        {u.access_ranges.length > 0 && ` (${u.access_ranges[0].start.slice(0, 5)}–${u.access_ranges[0].end.slice(0, 5)})`}
                      </button>
                    )}{" "}
                    {!self && (
                      <button
                        type="button"
                        class="quiet"
                        onClick={() => void change(u, { active: !u.active }, u.active ? "desativado" : "reativado")}
                      >
                        {u.active ? "Desativar" : "Reativar"}
                        <span class="sr-only"> {u.name}</span>
                      </button>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <Profiles profiles={choices} changed={() => setVersion((v) => v + 1)} />
      {users.data?.items
        .filter((u) => u.id === hours)
        .map((u) => (
          <AccessHours key={u.id} userId={u.id} name={u.name} ranges={u.access_ranges} saved={() => setVersion((v) => v + 1)} />
        ))}
    </section>
  );
}
