// Ação em lote (F41): a filter over the open titles → a dry run (how many messages, the total, a sample
// with the message each debtor would receive, and how many would not reach the debtor today) → confirm;
// then the action's progress (planning → queued → sending → done) with its counts, and past actions.
import { useEffect, useState } from "preact/hooks";
import { ApiError, get, post, type Page } from "../api";
import { brl, date, parseAmount, timestamp } from "../format";
import { CHANNELS, MESSAGE_CHANNELS, STATUSES, type MessageChannel, type MessageStatus, type Rendered, type Template } from "../messaging";
import { FieldError, FormMessage, useFormErrors } from "./FieldError";
import { Choice } from "./Choice";
import { Link } from "./Link";
import { useLoad } from "./useLoad";
import { useCategories, useCreditors } from "./useReference";

interface Preview {
  run_date: string;
  actions: number;
  titles: number;
  total_amount: string;
  sample: { debtor_id: string; debtor_name: string; creditor_id: string; titles: { label: string }[]; message: Rendered | null }[];
  checked: number;
  held: Partial<Record<"no_contact" | "cap" | "promise", number>>;
}

interface Batch {
  id: string;
  channel: MessageChannel;
  run_date: string;
  actions: number;
  created_at: string;
  progress?: { status: "planning" | "queued" | "sending" | "done"; actions: number; counts: Partial<Record<MessageStatus, number>> };
}

const PROGRESS = { planning: "Preparando", queued: "Na fila", sending: "Enviando", done: "Concluída" };
const HELD = {
  no_contact: "sem contato utilizável (não seriam enviadas)",
  cap: "aguardariam o limite de contatos por devedor",
  promise: "aguardariam uma promessa de pagamento",
};

export function BatchAction() {
  const creditors = useCreditors();
  const categories = useCategories();
  const templates = useLoad(() => get<Page<Template>>("/templates"), []);
  const [channel, setChannel] = useState<MessageChannel>("sms");
  const [body, setBody] = useState<Record<string, unknown> | null>(null);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [key, setKey] = useState("");
  const [watching, setWatching] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  const [busy, setBusy] = useState(false);
  const past = useLoad(() => get<Page<Batch>>("/actions/batch"), [version]);
  const { errors, message, clear, fail } = useFormErrors();
  const names = new Map((creditors.data?.items ?? []).map((c) => [c.id, c.name]));

  async function simulate(event: Event) {
    event.preventDefault();
    const data = new FormData(event.currentTarget as HTMLFormElement);
    const text = (name: string) => String(data.get(name) ?? "").trim();
    const [min, max] = [parseAmount(text("amount_min")), parseAmount(text("amount_max"))];
    if (min === null || max === null) {
      fail(new ApiError(422, "invalid_input", "", [{ field: "amount", reason: "valor inválido: use, por exemplo, 1.234,50" }]));
      return;
    }
    const amount = { min: min || null, max: max || null };
    const filter = {
      creditor_id: text("creditor_id") || null,
      category_id: text("category_id") || null,
      days_late: { min: Number(text("days_min") || 1), max: Number(text("days_max") || 365) },
      amount,
    };
    const next = { channel, template_id: text("template_id"), filter };
    clear();
    setPreview(null);
    setBusy(true);
    try {
      setPreview(await post<Preview>("/actions/batch", { ...next, dry_run: true }));
      setBody(next);
      setKey(crypto.randomUUID()); // one confirmation per dry run: a double click sends once
    } catch (exc) {
      fail(exc);
    } finally {
      setBusy(false);
    }
  }

  async function confirm() {
    if (!body) return;
    clear();
    try {
      const batch = await post<Batch>("/actions/batch", body, key);
      setPreview(null);
      setWatching(batch.id);
      setVersion((v) => v + 1);
    } catch (exc) {
      fail(exc);
    }
  }

  const choices = (templates.data?.items ?? []).filter((t) => t.channel === channel);
  return (
    <section aria-labelledby="batch-title">
      <h1 id="batch-title">Ação em lote</h1>
      <form class="panel" onSubmit={simulate} aria-labelledby="batch-filter-title" style={{ maxWidth: "none" }}>
        <h2 id="batch-filter-title">Quem recebe</h2>
        <div class="filters">
          <Choice id="b-creditor" name="creditor_id" label="Credor" any="Todos" items={creditors.data?.items ?? []} />
          <Choice id="b-category" name="category_id" label="Categoria" any="Todas" items={categories.data?.items ?? []} />
          <div>
            <label for="b-days-min">Dias de atraso, de</label>
            <input id="b-days-min" name="days_min" type="number" min={0} max={1825} placeholder="1" />
          </div>
          <div>
            <label for="b-days-max">até</label>
            <input id="b-days-max" name="days_max" type="number" min={0} max={1825} placeholder="365" />
          </div>
          <div>
            <label for="b-amount-min">Valor original, de (R$)</label>
            <input id="b-amount-min" name="amount_min" inputMode="decimal" placeholder="0,00" />
          </div>
          <div>
            <label for="b-amount-max">até (R$)</label>
            <input id="b-amount-max" name="amount_max" inputMode="decimal" />
          </div>
        </div>
        <FieldError errors={errors} field="days_late" id="b-days-error" />
        <FieldError errors={errors} field="amount" id="b-amount-error" />
        <h2>O que recebe</h2>
        <div class="pair">
          <div>
            <label for="b-channel">Canal</label>
            <select id="b-channel" value={channel} onChange={(e) => setChannel((e.target as HTMLSelectElement).value as MessageChannel)}>
              {MESSAGE_CHANNELS.map((c) => (
                <option key={c} value={c}>
                  {CHANNELS[c]}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label for="b-template">Modelo</label>
            <select id="b-template" name="template_id" required>
              {choices.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name}
                </option>
              ))}
            </select>
            {templates.data && !choices.length && <p class="muted small">Nenhum modelo de {CHANNELS[channel]}.</p>}
            <FieldError errors={errors} field="template_id" id="b-template-error" />
          </div>
        </div>
        <FormMessage message={message} />
        <button type="submit" disabled={busy}>
          {busy ? "Simulando…" : "Simular"}
        </button>
      </form>
      {preview && <DryRun preview={preview} names={names} confirm={confirm} />}
      {watching && <Progress id={watching} changed={() => setVersion((v) => v + 1)} />}
      <h2>Ações anteriores</h2>
      {past.data && past.data.items.length === 0 && <p class="muted">Nenhuma ação em lote ainda.</p>}
      {past.data && past.data.items.length > 0 && (
        <ul class="contacts">
          {past.data.items.map((b) => (
            <li key={b.id}>
              <button type="button" class="quiet" onClick={() => setWatching(b.id)}>
                Ver ação de {timestamp(b.created_at)}
              </button>{" "}
              <span class="muted small">
                {CHANNELS[b.channel]} · {b.actions} mensagens
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** A filter's select over named things, with "any" first. */
function DryRun({ preview, names, confirm }: { preview: Preview; names: Map<string, string>; confirm: () => Promise<void> }) {
  const [sending, setSending] = useState(false);
  const held = Object.entries(preview.held).filter(([, n]) => n);
  return (
    <section class="panel" aria-labelledby="dry-title" style={{ maxWidth: "none" }}>
      <h2 id="dry-title">Simulação de {date(preview.run_date)}</h2>
      <p role="status">
        <strong>{preview.actions}</strong> mensagens sobre <strong>{preview.titles}</strong> títulos, total de{" "}
        <strong>{brl(preview.total_amount)}</strong>.
      </p>
      {held.length === 0 && preview.checked > 0 && (
        <p class="muted small">
          Dos {preview.checked} primeiros devedores verificados, todos têm contato utilizável e podem ser contatados hoje.
        </p>
      )}
      {held.length > 0 && (
        <ul class="reasons">
          {held.map(([why, n]) => (
            <li key={why}>
              {n} dos {preview.checked} primeiros devedores verificados {HELD[why as keyof typeof HELD]}
            </li>
          ))}
        </ul>
      )}
      {preview.sample.length > 0 && (
        <table class="list" style={{ marginTop: "0.75rem" }}>
          <caption class="sr-only">Amostra</caption>
          <thead>
            <tr>
              <th scope="col">Devedor</th>
              <th scope="col">Credor</th>
              <th scope="col">Mensagem</th>
            </tr>
          </thead>
          <tbody>
            {preview.sample.map((s) => (
              <tr key={`${s.debtor_id}${s.creditor_id}`}>
                <td data-label="Devedor">
                  {s.debtor_name}
                  <div class="muted small">{s.titles.map((t) => t.label).join(", ")}</div>
                </td>
                <td data-label="Credor">{names.get(s.creditor_id) ?? ""}</td>
                <td data-label="Mensagem">
                  {s.message?.subject && <div class="strong">{s.message.subject}</div>}
                  <div class="preview">{s.message?.body || s.message?.parameters.join(" · ")}</div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <button
        type="button"
        disabled={sending || !preview.actions}
        style={{ marginTop: "0.9rem" }}
        onClick={() => {
          setSending(true);
          void confirm().finally(() => setSending(false));
        }}
      >
        Confirmar envio de {preview.actions} mensagens
      </button>
    </section>
  );
}

function Progress({ id, changed }: { id: string; changed: () => void }) {
  const [batch, setBatch] = useState<Batch | null>(null);
  useEffect(() => {
    let timer = 0;
    let live = true;
    let last = "";
    async function poll() {
      const found = await get<Batch>(`/actions/batch/${encodeURIComponent(id)}`);
      if (!live) return;
      setBatch(found);
      if (last && found.progress?.status !== last) changed(); // the list below shows its new count
      last = found.progress?.status ?? "";
      if (found.progress?.status !== "done") timer = window.setTimeout(() => void poll(), 2000);
    }
    void poll();
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [id]);
  const p = batch?.progress;
  if (!batch || !p) return <p class="muted">Carregando a ação…</p>;
  const finished = (p.counts.sent ?? 0) + (p.counts.failed ?? 0) + (p.counts.skipped ?? 0);
  return (
    <section class="panel" aria-labelledby="progress-title" aria-live="polite">
      <h2 id="progress-title">
        Ação de {timestamp(batch.created_at)}: {PROGRESS[p.status]}
      </h2>
      <progress max={Math.max(p.actions, 1)} value={p.status === "done" ? Math.max(p.actions, 1) : finished} aria-label="Mensagens concluídas" />
      <ul class="counts">
        {STATUSES.filter(([s]) => p.counts[s]).map(([s, label]) => (
          <li key={s}>
            {label}: <strong>{p.counts[s]}</strong>
          </li>
        ))}
      </ul>
      {(p.counts.deferred ?? 0) > 0 && (
        <p class="muted small">
          Adiadas saem no próximo momento permitido (horário, limite por devedor, cota).{" "}
          <Link to={{ screen: "messaging", tab: "execucoes" }}>Ver os motivos em Execuções</Link>
        </p>
      )}
    </section>
  );
}
