import { useState } from "preact/hooks";
import { get, messageOf, openPdf, type Page } from "../api";
import { brl, date, formatDocument, formatPhone, statusLabel, timestamp } from "../format";
import { CHANNELS, type MessageChannel } from "../messaging";
import type { Category } from "./Debtors";
import { lazy } from "./lazy";
import { CallForm } from "./CallForm";
import { LawsuitToggle } from "./LawsuitToggle";
import { SendMessage } from "./SendMessage";
import type { OpenTitle } from "./Negotiate";
import { useLoad } from "./useLoad";
import { DebtorAgreements } from "./DebtorAgreements";
import { useCategories, useCreditors } from "./useReference";

const Negotiate = lazy(() => import("./Negotiate").then((m) => m.Negotiate));

interface Contact {
  id: string;
  kind: "email" | "phone" | "address";
  value: string;
  label: string;
  valid: boolean;
  invalid_reason: string | null;
}

interface Promise {
  date: string;
  amount: string;
  broken: boolean; // the API says so: its date passed with titles still open
  holds_until: string | null; // the first day the debtor may be contacted again (null: it holds nothing)
}

interface Debtor {
  id: string;
  name: string;
  document: string;
  document_kind: string;
  uf: string | null;
  birth_date: string | null;
  category_id: string | null;
  contacts: Contact[];
  promise: Promise | null;
  /** channels the debtor asked to stop (an e-mail's "não quero mais receber"): the ruler skips them */
  opted_out?: MessageChannel[];
}

interface Title {
  id: string;
  number: string;
  creditor_id: string;
  description: string;
  original_amount: string;
  due_date: string;
  status: string;
}

interface Statement {
  lines: { title_id: string; days_late: number; total: string; prescribed: boolean }[];
  totals: { total: string };
}

interface HistoryEntry {
  id: string;
  at: string;
  actor: string;
  detail: string;
  data?: { alert?: boolean | string };
}

const KINDS = { email: "E-mail", phone: "Telefone", address: "Endereço" };

export function DebtorFile({ id, task }: { id: string; task?: string }) {
  const [version, setVersion] = useState(0); // bumped when an agreement or a call changes the ficha
  const debtor = useLoad(() => get<Debtor>(`/debtors/${encodeURIComponent(id)}`), [id, version]);
  const [negotiating, setNegotiating] = useState(false);
  const titles = useLoad(() => get<Page<Title>>(`/debtors/${encodeURIComponent(id)}/titles`), [id, version]);
  const statement = useLoad(() => get<Statement>(`/debtors/${encodeURIComponent(id)}/statement`), [id, version]);
  const history = useLoad(
    () => get<Page<HistoryEntry>>(`/debtors/${encodeURIComponent(id)}/history`),
    [id, version],
  );
  const creditors = useCreditors();
  const categories = useCategories<Category>();
  const [pdfError, setPdfError] = useState("");

  if (debtor.error) return <p role="alert" class="error">{debtor.error}</p>;
  const d = debtor.data;
  if (!d) return <p class="muted">Carregando…</p>;
  const category = categories.data?.items.find((c) => c.id === d.category_id);
  const creditor = new Map((creditors.data?.items ?? []).map((c) => [c.id, c.name]));
  const updated = new Map((statement.data?.lines ?? []).map((l) => [l.title_id, l]));

  const open: OpenTitle[] = (titles.data?.items ?? []).flatMap((t) => {
    const line = updated.get(t.id);
    return t.status === "open" && line && !line.prescribed ? [{ ...t, total: line.total }] : [];
  });
  const email = d.contacts.find((c) => c.kind === "email" && c.valid)?.value ?? "";
  const inAgreement = (titles.data?.items ?? []).some((t) => t.status === "in_agreement");

  async function pdf() {
    setPdfError("");
    try {
      await openPdf(`/debtors/${encodeURIComponent(id)}/statement.pdf`, `demonstrativo-${d?.document ?? id}.pdf`);
    } catch (exc) {
      setPdfError(messageOf(exc, "Não foi possível abrir o demonstrativo."));
    }
  }

  return (
    <article aria-labelledby="debtor-name" class="file">
      <header class="file-head">
        <h1 id="debtor-name">{d.name}</h1>
        {category && (
          <span class="tag">
            <span class="dot" style={{ background: category.color }} aria-hidden="true" />
            {category.name}
          </span>
        )}
        {d.promise && <PromiseBadge promise={d.promise} />}
        {(d.opted_out ?? []).map((c) => (
          <span key={c} class="badge bad" title="o devedor pediu para não receber por este canal; os outros continuam">
            Não quer receber: {CHANNELS[c]}
          </span>
        ))}
      </header>
      <dl class="facts">
        <div>
          <dt>{d.document_kind}</dt>
          <dd class="mono">{formatDocument(d.document)}</dd>
        </div>
        <div>
          <dt>UF</dt>
          <dd>{d.uf ?? "—"}</dd>
        </div>
        {d.birth_date && (
          <div>
            <dt>Nascimento</dt>
            <dd>{date(d.birth_date)}</dd>
          </div>
        )}
        {statement.data && (Number(statement.data.totals.total) > 0 || !inAgreement) && (
          <div>
            <dt>Em aberto (atualizado)</dt>
            <dd class="strong">{brl(statement.data.totals.total)}</dd>
          </div>
        )}
        {inAgreement && (
          <div>
            <dt>Situação</dt>
            <dd class="strong">Em acordo</dd>
          </div>
        )}
      </dl>

      <section aria-labelledby="contacts-title">
        <h2 id="contacts-title">Contatos</h2>
        {d.contacts.length === 0 ? (
          <p class="muted">Nenhum contato.</p>
        ) : (
          <ul class="contacts">
            {d.contacts.map((c) => (
              <li key={c.id}>
                <span class="kind">{KINDS[c.kind]}</span>{" "}
                <span class="mono">{c.kind === "phone" ? formatPhone(c.value) : c.value}</span>{" "}
                {c.valid ? (
                  <span class="badge ok">válido</span>
                ) : (
                  <span class="badge bad" title={c.invalid_reason ?? ""}>
                    inválido
                  </span>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>

      <CallForm
        debtorId={d.id}
        taskId={task}
        phones={d.contacts.filter((c) => c.kind === "phone")}
        onSaved={() => setVersion((v) => v + 1)}
      />
      {open.length > 0 && (
        <SendMessage
          debtorId={d.id}
          promised={d.promise?.date ?? null}
          holdsUntil={d.promise?.holds_until ?? null}
          creditors={[...new Set(open.map((t) => t.creditor_id))].map((c) => [c, creditor.get(c) ?? c])}
          onSent={() => setVersion((v) => v + 1)}
        />
      )}

      <section aria-labelledby="titles-title">
        <div class="section-head">
          <h2 id="titles-title">Títulos</h2>
          <div class="actions">
            <button type="button" class="quiet" onClick={pdf}>
              Demonstrativo (PDF)
            </button>
            {open.length > 0 && !negotiating && (
              <button type="button" onClick={() => setNegotiating(true)}>
                Negociar
              </button>
            )}
          </div>
        </div>
        {pdfError && <p role="alert" class="error">{pdfError}</p>}
        {titles.error && <p role="alert" class="error">{titles.error}</p>}
        {titles.data && (
          <table class="list">
            <caption class="sr-only">Títulos do devedor</caption>
            <thead>
              <tr>
                <th scope="col">Número</th>
                <th scope="col">Credor</th>
                <th scope="col">Vencimento</th>
                <th scope="col" class="num">Original</th>
                <th scope="col" class="num">Atualizado</th>
                <th scope="col">Situação</th>
              </tr>
            </thead>
            <tbody>
              {titles.data.items.map((t) => {
                const line = updated.get(t.id);
                return (
                  <tr key={t.id}>
                    <td data-label="Número">
                      {t.number}
                      {t.description && <span class="muted small"> · {t.description}</span>}
                    </td>
                    <td data-label="Credor">{creditor.get(t.creditor_id) ?? "—"}</td>
                    <td data-label="Vencimento">
                      {date(t.due_date)}
                      {line && line.days_late > 0 && <span class="muted small"> · {line.days_late} dias</span>}
                    </td>
                    <td data-label="Original" class="num">
                      {brl(t.original_amount)}
                    </td>
                    <td data-label="Atualizado" class="num">
                      {line ? brl(line.total) : "—"}
                      {line?.prescribed && <span class="badge bad">prescrito</span>}
                    </td>
                    <td data-label="Situação">
                      {statusLabel(t.status)}{" "}
                      <LawsuitToggle debtorId={d.id} title={t} changed={() => setVersion((v) => v + 1)} />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
        {negotiating && (
          <section aria-labelledby="negotiate-title">
            <h3 id="negotiate-title">Negociação</h3>
            <Negotiate
              debtorId={d.id}
              titles={open}
              creditors={creditor}
              email={email}
              onClosed={() => setVersion((v) => v + 1)}
            />
          </section>
        )}
      </section>

      <DebtorAgreements debtorId={d.id} version={version} />

      <section aria-labelledby="history-title">
        <h2 id="history-title">Histórico</h2>
        {history.data && history.data.items.length === 0 && <p class="muted">Nada registrado ainda.</p>}
        <ol class="timeline">
          {(history.data?.items ?? []).map((h) => (
            <li key={h.id}>
              <time dateTime={h.at}>{timestamp(h.at)}</time>
              <span>
                {h.data?.alert && <span class="badge bad">Atenção</span>} {h.detail}
              </span>
            </li>
          ))}
        </ol>
      </section>
    </article>
  );
}


/** The debtor's promise to pay: the ruler waits until the day after it; the API says when it broke. */
function PromiseBadge({ promise }: { promise: Promise }) {
  const broken = promise.broken;
  const text = `${brl(promise.amount)} até ${date(promise.date)}`;
  return (
    <span class={`badge ${broken ? "bad" : "ok"}`}>
      {broken ? `Promessa quebrada: ${text}` : `Promessa de pagamento: ${text}`}
    </span>
  );
}
