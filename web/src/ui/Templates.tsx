// Modelos de mensagem: the list, an editor with a wildcard picker (inserts at the cursor) and a preview
// of the template filled for a chosen debtor, as the sender would fill it today.
import { useEffect, useRef, useState } from "preact/hooks";
import { get, patch, post, type Page } from "../api";
import { formatDocument, smsSegments, timestamp } from "../format";
import { CHANNELS, MESSAGE_CHANNELS, type MessageChannel, type Rendered, type Template, type Wildcard } from "../messaging";
import { FieldError, FormMessage, useFormErrors } from "./FieldError";
import { useLoad } from "./useLoad";

const BLANK: Template = { id: "", channel: "email", name: "", subject: "", body: "", whatsapp: null, updated_at: "" };
const WA_STATUS = { approved: "Aprovado", pending: "Em análise", rejected: "Rejeitado" };

export function Templates() {
  const [version, setVersion] = useState(0);
  const list = useLoad(() => get<Page<Template>>("/templates"), [version]);
  const wildcards = useLoad(() => get<Page<Wildcard>>("/wildcards"), []);
  const [editing, setEditing] = useState<Template | null>(null);
  const [notice, setNotice] = useState("");
  const edit = (t: Template) => {
    setNotice("");
    setEditing(t);
  };

  return (
    <div class="split">
      <div>
        <div class="section-head">
          <h2>Modelos</h2>
          <button type="button" onClick={() => edit({ ...BLANK })}>
            Novo modelo
          </button>
        </div>
        {list.error && <p role="alert" class="error">{list.error}</p>}
        {list.data && list.data.items.length === 0 && <p class="muted">Nenhum modelo ainda.</p>}
        {list.data && list.data.items.length > 0 && (
          <table class="list">
            <caption class="sr-only">Modelos de mensagem</caption>
            <thead>
              <tr>
                <th scope="col">Nome</th>
                <th scope="col">Canal</th>
                <th scope="col">Alterado</th>
                <th scope="col">Ações</th>
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((t) => (
                <tr key={t.id}>
                  <td data-label="Nome">
                    {t.name}
                    {t.whatsapp && (
                      <span class={`badge ${t.whatsapp.status === "approved" ? "ok" : "bad"}`}>
                        {WA_STATUS[t.whatsapp.status]}
                      </span>
                    )}
                  </td>
                  <td data-label="Canal">{CHANNELS[t.channel]}</td>
                  <td data-label="Alterado">{timestamp(t.updated_at)}</td>
                  <td data-label="Ações">
                    <button type="button" class="quiet" onClick={() => edit(t)}>
                      Editar<span class="sr-only"> {t.name}</span>
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
      {editing && (
        <div>
          {notice && (
            <p class="ok" role="status">
              {notice}
            </p>
          )}
          {editing.warnings && editing.warnings.length > 0 && (
            <div class="warning" role="note" aria-label="Avisos do modelo">
              <p>Salvo, mas atenção:</p>
              <ul>
                {editing.warnings.map((w) => (
                  <li key={w}>{w}</li>
                ))}
              </ul>
            </div>
          )}
          <Editor
            key={editing.id || "new"}
            template={editing}
            wildcards={wildcards.data?.items ?? []}
            saved={(t) => {
              setEditing(t);
              setNotice(`Modelo "${t.name}" salvo.`);
              setVersion((v) => v + 1);
            }}
          />
          {editing.id && <Preview template={editing} />}
        </div>
      )}
    </div>
  );
}

function Editor({ template, wildcards, saved }: { template: Template; wildcards: Wildcard[]; saved: (t: Template) => void }) {
  const [t, setT] = useState(template);
  const { errors, message, clear, fail } = useFormErrors();
  const body = useRef<HTMLTextAreaElement>(null);
  const isNew = !template.id;
  const whatsapp = t.channel === "whatsapp";
  const wa = t.whatsapp ?? { name: "", language: "pt_BR", parameters: [], status: "pending" as const };

  function insert(name: string) {
    if (whatsapp) return setT({ ...t, whatsapp: { ...wa, parameters: [...wa.parameters, name] } });
    const box = body.current;
    const at = box?.selectionStart ?? t.body.length;
    const end = box?.selectionEnd ?? at;
    setT({ ...t, body: t.body.slice(0, at) + name + t.body.slice(end) });
    requestAnimationFrame(() => {
      box?.focus();
      box?.setSelectionRange(at + name.length, at + name.length);
    });
  }

  async function save(event: Event) {
    event.preventDefault();
    clear();
    const fields = {
      name: t.name.trim(),
      subject: t.channel === "email" ? t.subject : "",
      body: whatsapp ? "" : t.body,
      whatsapp: whatsapp ? wa : null,
    };
    try {
      const result = isNew
        ? await post<Template>("/templates", { channel: t.channel, ...fields })
        : await patch<Template>(`/templates/${encodeURIComponent(t.id)}`, whatsapp ? fields : { ...fields, whatsapp: undefined });
      saved(result);
    } catch (exc) {
      fail(exc);
    }
  }

  return (
    <form class="panel" onSubmit={save} aria-labelledby="tpl-title">
      <h2 id="tpl-title">{isNew ? "Novo modelo" : `Editar modelo ${template.name}`}</h2>
      <label for="tpl-channel">Canal</label>
      <select
        id="tpl-channel"
        value={t.channel}
        disabled={!isNew}
        onChange={(e) => setT({ ...t, channel: (e.target as HTMLSelectElement).value as MessageChannel })}
      >
        {MESSAGE_CHANNELS.map((c) => (
          <option key={c} value={c}>
            {CHANNELS[c]}
          </option>
        ))}
      </select>
      <label for="tpl-name">Nome do modelo</label>
      <input id="tpl-name" required maxLength={100} value={t.name} onInput={(e) => setT({ ...t, name: (e.target as HTMLInputElement).value })} />
      <FieldError errors={errors} field="name" id="tpl-name-error" />
      {t.channel === "email" && (
        <>
          <label for="tpl-subject">Assunto</label>
          <input id="tpl-subject" maxLength={200} value={t.subject} onInput={(e) => setT({ ...t, subject: (e.target as HTMLInputElement).value })} />
          <FieldError errors={errors} field="subject" id="tpl-subject-error" />
        </>
      )}
      {whatsapp ? (
        <fieldset>
          <legend>Modelo aprovado na Meta</legend>
          <label for="tpl-wa-name">Nome do modelo na Meta</label>
          <input id="tpl-wa-name" value={wa.name} onInput={(e) => setT({ ...t, whatsapp: { ...wa, name: (e.target as HTMLInputElement).value } })} />
          <label for="tpl-wa-params">Parâmetros, na ordem {"{{1}}, {{2}}…"}</label>
          <input
            id="tpl-wa-params"
            value={wa.parameters.join(", ")}
            onInput={(e) => {
              const parameters = (e.target as HTMLInputElement).value.split(",").map((p) => p.trim()).filter(Boolean);
              setT({ ...t, whatsapp: { ...wa, parameters } });
            }}
          />
          <label for="tpl-wa-status">Situação na Meta</label>
          <select
            id="tpl-wa-status"
            value={wa.status}
            onChange={(e) => setT({ ...t, whatsapp: { ...wa, status: (e.target as HTMLSelectElement).value as typeof wa.status } })}
          >
            {Object.entries(WA_STATUS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
          <FieldError errors={errors} field="whatsapp" id="tpl-wa-error" />
        </fieldset>
      ) : (
        <>
          <label for="tpl-body">Texto</label>
          <textarea id="tpl-body" ref={body} rows={9} value={t.body} onInput={(e) => setT({ ...t, body: (e.target as HTMLTextAreaElement).value })} />
          <FieldError errors={errors} field="body" id="tpl-body-error" />
          {t.channel === "sms" && <SmsCount text={t.body} />}
        </>
      )}
      <p class="muted small" id="tpl-wildcards-help">
        Curingas: {whatsapp ? "acrescentam um parâmetro" : "entram no texto onde está o cursor"}.
      </p>
      <div class="chips" role="group" aria-label="Curingas" aria-describedby="tpl-wildcards-help">
        {wildcards.map((w) => (
          <button type="button" class="quiet" key={w.name} title={w.description} onClick={() => insert(w.name)}>
            {w.name}
          </button>
        ))}
      </div>
      <FormMessage message={message} />
      <button type="submit">Salvar modelo</button>
    </form>
  );
}

interface Found {
  id: string;
  name: string;
  document: string;
}

function Preview({ template }: { template: Template }) {
  const [typed, setTyped] = useState("");
  const [found, setFound] = useState<Found[]>([]);
  const [shown, setShown] = useState<{ debtor: Found; rendered: Rendered } | null>(null);
  const [error, setError] = useState("");
  useEffect(() => setShown(null), [template]);

  async function search(event: Event) {
    event.preventDefault();
    setError("");
    const page = await get<Page<Found>>("/debtors", { q: typed.trim() || undefined, limit: "5" });
    setFound(page.items);
    if (!page.items.length) setError("Nenhum devedor encontrado.");
  }

  async function show(debtor: Found) {
    setError("");
    try {
      const rendered = await post<Rendered>(`/templates/${encodeURIComponent(template.id)}/preview`, { debtor_id: debtor.id });
      setShown({ debtor, rendered });
    } catch (exc) {
      setShown(null);
      setError(exc instanceof Error ? exc.message : "Erro de conexão.");
    }
  }

  return (
    <section class="panel" aria-labelledby="preview-title">
      <h2 id="preview-title">Prévia para um devedor</h2>
      <form role="search" onSubmit={search} class="row">
        <label class="sr-only" for="preview-q">
          Devedor para a prévia
        </label>
        <input id="preview-q" placeholder="Nome ou CPF/CNPJ" value={typed} onInput={(e) => setTyped((e.target as HTMLInputElement).value)} />
        <button type="submit">Buscar</button>
      </form>
      {found.length > 0 && (
        <ul class="contacts">
          {found.map((d) => (
            <li key={d.id}>
              <button type="button" class="quiet" onClick={() => void show(d)}>
                Prévia para {d.name}
              </button>{" "}
              <span class="muted small">{formatDocument(d.document)}</span>
            </li>
          ))}
        </ul>
      )}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {shown && (
        <div aria-live="polite">
          <h3>Como {shown.debtor.name} receberia</h3>
          {shown.rendered.subject && (
            <p>
              <span class="muted">Assunto:</span> <strong>{shown.rendered.subject}</strong>
            </p>
          )}
          {shown.rendered.body && <div class="preview">{shown.rendered.body}</div>}
          {shown.rendered.parameters.length > 0 && (
            <ol>
              {shown.rendered.parameters.map((p, n) => (
                <li key={n}>
                  <span class="muted">{`{{${n + 1}}}`}</span> {p}
                </li>
              ))}
            </ol>
          )}
        </div>
      )}
    </section>
  );
}


/** The SMS editor's count: characters and parts as typed (the wildcards change it once filled). */
function SmsCount({ text }: { text: string }) {
  const { encoding, length, parts } = smsSegments(text);
  return (
    <p class="muted small" aria-live="polite">
      {length} caractere(s) · {parts} SMS ({encoding}
      {encoding === "UCS-2" ? ": um acento fora do padrão GSM, como ã, ç ou ó, reduz cada SMS a 70" : ""}) · antes de preencher os curingas
    </p>
  );
}
