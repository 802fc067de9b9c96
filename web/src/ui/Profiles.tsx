// Perfis de acesso (F06): named sets of screens ("Operador WhatsApp") an administrator gives users; a
// profile's change reaches everyone who has it. The user administration screen stays the admin's.
import { useState } from "preact/hooks";
import { patch, post } from "../api";
import { Editor, EditableList, FormActions, useEditableList } from "./EditableList";
import { FieldError, FormMessage, useFormErrors } from "./FieldError";

export interface Profile {
  id: string;
  name: string;
  screens: string[];
}

export const SCREENS: [string, string][] = [
  ["debtors", "Cobrança: devedores, tarefas e acordos"],
  ["titles", "Títulos"],
  ["imports", "Importações"],
  ["messaging", "Régua, mensagens e ações em lote"],
  ["creditors", "Credores"],
  ["categories", "Categorias"],
];
const LABELS = new Map(SCREENS);

export function Profiles({ profiles, changed }: { profiles: Profile[]; changed: () => void }) {
  const question = (p: Profile) => `Remover o perfil ${p.name}?`;
  const { editing, setEditing, drop, close, message } = useEditableList<Profile>("/profiles", changed, question);

  return (
    <section class="panel wide" aria-labelledby="profiles-title">
      <h2 id="profiles-title">Perfis de acesso</h2>
      <p class="muted">Um perfil diz quais telas os usuários dele abrem. Administradores abrem todas.</p>
      {profiles.length > 0 && (
        <EditableList
          caption="Perfis de acesso"
          noun="o perfil"
          items={profiles}
          columns={[
            { label: "Perfil", cell: (p) => p.name },
            { label: "Telas", cell: (p) => p.screens.map((s) => LABELS.get(s) ?? s).join("; ") || "nenhuma" },
          ]}
          edit={setEditing}
          remove={drop}
        />
      )}
      <FormMessage message={message} />
      <Editor
        editing={editing}
        open={() => setEditing("new")}
        newLabel="Novo perfil"
        form={(profile, key) => (
          <ProfileForm key={key} profile={profile} close={close} />
        )}
      />
    </section>
  );
}

function ProfileForm({ profile, close }: { profile: Profile | null; close: (saved: boolean) => void }) {
  const [screens, setScreens] = useState<string[]>(profile?.screens ?? ["debtors"]);
  const { errors, message, clear, fail } = useFormErrors();

  async function save(event: Event) {
    event.preventDefault();
    const name = String(new FormData(event.currentTarget as HTMLFormElement).get("name") ?? "");
    clear();
    try {
      if (profile) await patch(`/profiles/${encodeURIComponent(profile.id)}`, { name, screens });
      else await post("/profiles", { name, screens });
      close(true);
    } catch (exc) {
      fail(exc);
    }
  }

  return (
    <form onSubmit={save} aria-label={profile ? `Editar o perfil ${profile.name}` : "Novo perfil"}>
      <label for="pr-name">Nome do perfil</label>
      <input id="pr-name" name="name" required maxLength={60} defaultValue={profile?.name ?? ""} aria-describedby="pr-name-error" />
      <FieldError errors={errors} field="name" id="pr-name-error" />
      <fieldset>
        <legend>Telas</legend>
        {SCREENS.map(([id, label]) => (
          <label class="check" key={id}>
            <input
              type="checkbox"
              checked={screens.includes(id)}
              onChange={(e) => setScreens((s) => ((e.target as HTMLInputElement).checked ? [...s, id] : s.filter((x) => x !== id)))}
            />{" "}
            {label}
          </label>
        ))}
      </fieldset>
      <FieldError errors={errors} field="screens" id="pr-screens-error" />
      <FormMessage message={message} />
      <FormActions save="Salvar perfil" cancel={() => close(false)} />
    </form>
  );
}
