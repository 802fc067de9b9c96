// Réguas: each ruler as a timeline of steps (days before or after the due date, channel, template,
// titles or agreement installments) and its scope (creditors, categories, PF/PJ). Saved through the API,
// which checks every reference and answers the field that is wrong.
import { useState } from "preact/hooks";
import { get, patch, post, type Page } from "../api";
import { CHANNELS, offsetLabel, type Channel, type Ruler, type RulerStep, type Template } from "../messaging";
import { FieldError, FormMessage, useFormErrors } from "./FieldError";
import { useLoad } from "./useLoad";
import { useCategories, useCreditors } from "./useReference";

interface Named {
  id: string;
  name: string;
}

const BLANK: Ruler = {
  id: "",
  name: "",
  active: true,
  scope: { creditor_ids: [], category_ids: [], debtor_kind: null },
  steps: [{ offset_days: 3, channel: "email", template_id: null, applies_to: "titles" }],
};

export function Rulers() {
  const [version, setVersion] = useState(0);
  const rulers = useLoad(() => get<Page<Ruler>>("/rulers"), [version]);
  const templates = useLoad(() => get<Page<Template>>("/templates"), []);
  const creditors = useCreditors();
  const categories = useCategories();
  const [editing, setEditing] = useState<Ruler | null>(null);
  const [notice, setNotice] = useState("");
  const edit = (r: Ruler) => {
    setNotice("");
    setEditing(structuredClone(r));
  };

  return (
    <div>
      <div class="section-head">
        <h2>Réguas</h2>
        <button type="button" onClick={() => edit(BLANK)}>
          Nova régua
        </button>
      </div>
      {rulers.error && <p role="alert" class="error">{rulers.error}</p>}
      {rulers.data && (
        <ul class="contacts">
          {rulers.data.items.map((r) => (
            <li key={r.id}>
              <button type="button" class="quiet" onClick={() => edit(r)}>
                Editar {r.name}
              </button>{" "}
              <span class="muted small">
                {r.active ? "ativa" : "inativa"} · {[...r.steps]
                  .sort((a, b) => a.offset_days - b.offset_days) // in the order the debtor meets them
                  .map((s) => `${offsetLabel(s.offset_days)} ${CHANNELS[s.channel]}`)
                  .join(" → ")}
              </span>
            </li>
          ))}
          {rulers.data.items.length === 0 && <li class="muted">Nenhuma régua ainda.</li>}
        </ul>
      )}
      {notice && (
        <p class="ok" role="status">
          {notice}
        </p>
      )}
      {editing && templates.data && (
        <Editor
          key={editing.id || "new"}
          ruler={editing}
          templates={templates.data.items}
          creditors={creditors.data?.items ?? []}
          categories={categories.data?.items ?? []}
          saved={(r) => {
            setEditing(structuredClone(r));
            setNotice(`Régua "${r.name}" salva.`);
            setVersion((v) => v + 1);
          }}
        />
      )}
    </div>
  );
}

function when(s: RulerStep): string {
  const target = s.applies_to === "titles" ? "do título" : "da parcela do acordo";
  const days = Math.abs(s.offset_days);
  const span = `${days} dia${days === 1 ? "" : "s"}`;
  if (s.offset_days === 0) return `no dia do vencimento ${target} · ${CHANNELS[s.channel]}`;
  return `${span} ${s.offset_days < 0 ? "antes" : "depois"} do vencimento ${target} · ${CHANNELS[s.channel]}`;
}

interface EditorProps {
  ruler: Ruler;
  templates: Template[];
  creditors: Named[];
  categories: Named[];
  saved: (r: Ruler) => void;
}

function Editor({ ruler, templates, creditors, categories, saved }: EditorProps) {
  const [r, setR] = useState(ruler);
  const { errors, message, clear, fail } = useFormErrors();
  const isNew = !ruler.id;

  function step(n: number, change: Partial<RulerStep>) {
    const steps = r.steps.map((s, i) => (i === n ? { ...s, ...change } : s));
    setR({ ...r, steps });
  }
  function toggle(list: "creditor_ids" | "category_ids", id: string, on: boolean) {
    const ids = r.scope[list].filter((x) => x !== id);
    setR({ ...r, scope: { ...r.scope, [list]: on ? [...ids, id] : ids } });
  }

  async function save(event: Event) {
    event.preventDefault();
    clear();
    const body = {
      name: r.name.trim(),
      active: r.active,
      scope: r.scope,
      steps: r.steps.map((s) => ({ ...s, template_id: s.channel === "call_task" ? null : s.template_id })),
    };
    try {
      const result = isNew ? await post<Ruler>("/rulers", body) : await patch<Ruler>(`/rulers/${encodeURIComponent(r.id)}`, body);
      saved(result);
    } catch (exc) {
      fail(exc);
    }
  }

  return (
    <form class="panel" onSubmit={save} aria-labelledby="ruler-title" style={{ maxWidth: "none" }}>
      <h2 id="ruler-title">{isNew ? "Nova régua" : `Editar régua ${ruler.name}`}</h2>
      <label for="ruler-name">Nome da régua</label>
      <input id="ruler-name" required maxLength={100} value={r.name} onInput={(e) => setR({ ...r, name: (e.target as HTMLInputElement).value })} />
      <FieldError errors={errors} field="name" id="ruler-name-error" />
      <label class="check">
        <input type="checkbox" checked={r.active} onChange={(e) => setR({ ...r, active: (e.target as HTMLInputElement).checked })} />
        Ativa (entra na execução diária)
      </label>
      <h3>Passos</h3>
      <p class="muted small">Dias: negativos antes do vencimento, positivos depois (0 no dia).</p>
      <ol class="steps" aria-label="Passos da régua">
        {r.steps.map((s, n) => {
          const choices = templates.filter((t) => t.channel === s.channel);
          const id = `step-${n}`;
          return (
            <li key={n}>
              <p class="step-when">
                <strong>{offsetLabel(s.offset_days)}</strong>{" "}
                <span class="muted small">{when(s)}</span>
              </p>
              <div class="step-row">
                <div>
                  <label for={`${id}-offset`}>Dias</label>
                  <input
                    id={`${id}-offset`}
                    type="number"
                    min={-60}
                    max={365}
                    value={s.offset_days}
                    onInput={(e) => step(n, { offset_days: Number((e.target as HTMLInputElement).value) })}
                  />
                </div>
                <div>
                  <label for={`${id}-channel`}>Canal</label>
                  <select
                    id={`${id}-channel`}
                    value={s.channel}
                    onChange={(e) => step(n, { channel: (e.target as HTMLSelectElement).value as Channel, template_id: null })}
                  >
                    {Object.entries(CHANNELS).map(([value, label]) => (
                      <option key={value} value={value}>
                        {label}
                      </option>
                    ))}
                  </select>
                </div>
                <div>
                  <label for={`${id}-template`}>Modelo</label>
                  <select
                    id={`${id}-template`}
                    value={s.template_id ?? ""}
                    disabled={s.channel === "call_task"}
                    onChange={(e) => step(n, { template_id: (e.target as HTMLSelectElement).value || null })}
                  >
                    <option value="">{s.channel === "call_task" ? "— sem modelo —" : "Escolha…"}</option>
                    {choices.map((t) => (
                      <option key={t.id} value={t.id}>
                        {t.name}
                      </option>
                    ))}
                  </select>
                </div>
                <div>
                  <label for={`${id}-applies`}>Sobre</label>
                  <select
                    id={`${id}-applies`}
                    value={s.applies_to}
                    onChange={(e) => step(n, { applies_to: (e.target as HTMLSelectElement).value as RulerStep["applies_to"] })}
                  >
                    <option value="titles">Títulos</option>
                    <option value="installments">Parcelas de acordo</option>
                  </select>
                </div>
                <button
                  type="button"
                  class="quiet"
                  disabled={r.steps.length === 1}
                  onClick={() => setR({ ...r, steps: r.steps.filter((_, i) => i !== n) })}
                >
                  Remover passo {offsetLabel(s.offset_days)}
                </button>
              </div>
              <FieldError errors={errors} field={`steps.${n}`} id={`${id}-error`} />
              <FieldError errors={errors} field={`steps.${n}.template_id`} id={`${id}-template-error`} />
            </li>
          );
        })}
      </ol>
      <FieldError errors={errors} field="body" id="ruler-steps-error" />
      <button
        type="button"
        class="quiet"
        onClick={() => setR({ ...r, steps: [...r.steps, { offset_days: 0, channel: "sms", template_id: null, applies_to: "titles" }] })}
      >
        Adicionar passo
      </button>
      <fieldset>
        <legend>Alcance (vazio = todos)</legend>
        <div class="pair">
          <div>
            <p class="strong">Credores</p>
            {creditors.map((c) => (
              <label class="check" key={c.id}>
                <input type="checkbox" checked={r.scope.creditor_ids.includes(c.id)} onChange={(e) => toggle("creditor_ids", c.id, (e.target as HTMLInputElement).checked)} />
                {c.name}
              </label>
            ))}
          </div>
          <div>
            <p class="strong">Categorias</p>
            {categories.map((c) => (
              <label class="check" key={c.id}>
                <input type="checkbox" checked={r.scope.category_ids.includes(c.id)} onChange={(e) => toggle("category_ids", c.id, (e.target as HTMLInputElement).checked)} />
                {c.name}
              </label>
            ))}
          </div>
        </div>
        <label for="ruler-kind">Tipo de devedor</label>
        <select
          id="ruler-kind"
          value={r.scope.debtor_kind ?? ""}
          onChange={(e) => {
            const kind = (e.target as HTMLSelectElement).value;
            setR({ ...r, scope: { ...r.scope, debtor_kind: kind === "CPF" || kind === "CNPJ" ? kind : null } });
          }}
        >
          <option value="">Pessoas físicas e jurídicas</option>
          <option value="CPF">Só pessoas físicas (CPF)</option>
          <option value="CNPJ">Só pessoas jurídicas (CNPJ)</option>
        </select>
      </fieldset>
      <FormMessage message={message} />
      <button type="submit">Salvar régua</button>
    </form>
  );
}
