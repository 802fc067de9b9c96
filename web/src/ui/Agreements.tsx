// Acordos: the tenant's agreements by status, creditor, who closed it and closing date, newest first;
// one agreement's installments and its termo.
import { useState } from "preact/hooks";
import { get, messageOf, openPdf, type Page } from "../api";
import { brl, date, timestamp } from "../format";
import { me } from "../session";
import { Choice, type Named } from "./Choice";
import { Link } from "./Link";
import { useOperators } from "./useOperators";
import { useLoad } from "./useLoad";
import { CopyButton } from "./CopyButton";
import { HowToPay, RegisterPayment, type Instructions } from "./RegisterPayment";
import { useCreditors } from "./useReference";

interface Charge {
  provider_id: string | null;
  status: "pending" | "created" | "failed" | "cancelled" | "overdue" | "paid" | "refunded";
  split_value: string | null;
  paid_amount: string | null;
  paid_on: string | null;
  fee: string | null;
  credit_date: string | null;
  boleto_line: string | null;
  boleto_url: string | null;
  pix_payload: string | null;
  invoice_url: string | null;
  reason: string | null;
  receipt_key?: string | null;
}

interface Installment {
  number: number;
  due_date: string;
  amount: string;
  status: string;
  charge: Charge | null;
}

const CHARGE: Record<Charge["status"], string> = {
  pending: "Na fila do Asaas",
  created: "Emitida",
  failed: "Falhou",
  cancelled: "Cancelada no Asaas",
  overdue: "Vencida",
  paid: "Paga",
  refunded: "Estornada",
};

interface Agreement {
  id: string;
  number: string;
  debtor_id: string;
  creditor_id: string;
  status: "active" | "cancelled" | "paid" | "broken";
  total: string;
  payment_method: string;
  installments: Installment[];
  created_at: string;
  email: string;
}

const STATUS: Record<string, string> = {
  active: "Ativo",
  cancelled: "Cancelado",
  paid: "Quitado",
  broken: "Quebrado",
};
const METHOD: Record<string, string> = { boleto: "Boleto", pix: "PIX", card: "Cartão" };
const PAYMENT: Record<string, string> = { pending: "A vencer", paid: "Paga", cancelled: "Cancelada" };

export function Agreements({ id }: { id?: string }) {
  const [filters, setFilters] = useState<Record<string, string>>({});
  const creditors = useCreditors();
  const list = useLoad(() => get<Page<Agreement>>("/agreements", { ...filters, limit: "100" }), [filters]);
  const { supervisor, operators } = useOperators();
  const names = new Map((creditors.data?.items ?? []).map((c) => [c.id, c.name]));
  const people: Named[] = supervisor ? operators : me.value ? [{ id: me.value.user_id, name: "Só os meus" }] : [];

  function apply(event: Event) {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const next: Record<string, string> = {};
    for (const key of ["status", "creditor", "operator", "date_from", "date_to"]) {
      const value = String(form.get(key) ?? "");
      if (value) next[key] = value;
    }
    setFilters(next);
  }

  return (
    <section aria-labelledby="agreements-title">
      <h1 id="agreements-title">Acordos</h1>
      {id && <AgreementDetail id={id} creditors={names} />}
      <form class="filters" onSubmit={apply} aria-label="Filtrar acordos">
        <div>
          <label for="f-status">Situação</label>
          <select id="f-status" name="status">
            <option value="">Todas</option>
            <option value="active">Ativos</option>
            <option value="paid">Quitados</option>
            <option value="broken">Quebrados</option>
            <option value="cancelled">Cancelados</option>
          </select>
        </div>
        <div>
          <label for="f-creditor">Credor</label>
          <select id="f-creditor" name="creditor">
            <option value="">Todos</option>
            {(creditors.data?.items ?? []).map((c) => (
              <option value={c.id} key={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </div>
        <Choice id="f-operator" name="operator" label="Fechado por" any="Qualquer um" items={people} />
        <div>
          <label for="f-from">Fechados desde</label>
          <input id="f-from" name="date_from" type="date" />
        </div>
        <div>
          <label for="f-to">Até</label>
          <input id="f-to" name="date_to" type="date" />
        </div>
        <button type="submit">Filtrar</button>
      </form>
      {list.error && <p role="alert" class="error">{list.error}</p>}
      {list.data && list.data.items.length === 0 && <p class="muted">Nenhum acordo com estes filtros.</p>}
      {list.data && list.data.items.length > 0 && (
        <table class="list">
          <caption class="sr-only">Acordos</caption>
          <thead>
            <tr>
              <th scope="col">Número</th>
              <th scope="col">Credor</th>
              <th scope="col">Fechado em</th>
              <th scope="col">Pagamento</th>
              <th scope="col" class="num">Total</th>
              <th scope="col">Situação</th>
            </tr>
          </thead>
          <tbody>
            {list.data.items.map((a) => (
              <tr key={a.id}>
                <td data-label="Número">
                  <Link to={{ screen: "agreements", id: a.id }}>{a.number}</Link>
                </td>
                <td data-label="Credor">{names.get(a.creditor_id) ?? "—"}</td>
                <td data-label="Fechado em">{timestamp(a.created_at)}</td>
                <td data-label="Pagamento">
                  {METHOD[a.payment_method] ?? a.payment_method}
                  {a.installments.length > 0 && ` · ${a.installments.length}×`}
                </td>
                <td data-label="Total" class="num">
                  {brl(a.total)}
                </td>
                <td data-label="Situação">{STATUS[a.status] ?? a.status}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function AgreementDetail({ id, creditors }: { id: string; creditors: Map<string, string> }) {
  const [version, setVersion] = useState(0);
  const found = useLoad(() => get<Agreement>(`/agreements/${encodeURIComponent(id)}`), [id, version]);
  const [error, setError] = useState("");
  if (found.error) return <p role="alert" class="error">{found.error}</p>;
  const a = found.data;
  if (!a) return <p class="muted">Carregando…</p>;
  async function termo() {
    setError("");
    try {
      await openPdf(`/agreements/${encodeURIComponent(id)}/term.pdf`, `termo-${a?.number ?? id}.pdf`);
    } catch (exc) {
      setError(messageOf(exc, "Não foi possível abrir o termo."));
    }
  }
  const charged = a.installments.some((i) => i.charge);
  const uncharged = a.status === "active" && a.installments.some((i) => i.status === "pending" && !i.charge?.provider_id);
  // paid outside a portador (a creditor without one): a supervisor or admin registers it by hand
  const byHand = (i: Installment) =>
    a.status === "active" && i.status === "pending" && !i.charge?.provider_id && me.value?.role !== "operator";
  return (
    <section class="panel wide" aria-labelledby="agreement-title">
      <div class="section-head">
        <h2 id="agreement-title">
          Acordo {a.number} · {STATUS[a.status] ?? a.status}
        </h2>
        <button type="button" class="quiet" onClick={termo}>
          Termo (PDF)
        </button>
      </div>
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
      <p>
        {creditors.get(a.creditor_id) ?? ""} · total {brl(a.total)} · {METHOD[a.payment_method] ?? a.payment_method} ·{" "}
        <Link to={{ screen: "debtor", id: a.debtor_id }}>ficha do devedor</Link>
      </p>
      {uncharged && <CreditorHowToPay creditorId={a.creditor_id} />}
      <table class="list">
        <caption class="sr-only">Parcelas do acordo</caption>
        <thead>
          <tr>
            <th scope="col">Parcela</th>
            <th scope="col">Vencimento</th>
            <th scope="col" class="num">Valor</th>
            <th scope="col">Situação</th>
            {charged && <th scope="col">Cobrança</th>}
            {charged && (
              <th scope="col" class="num">
                Repasse ao credor
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {a.installments.map((i) => (
            <tr key={i.number}>
              <td data-label="Parcela">{i.number === 0 ? "Entrada" : `${i.number}ª`}</td>
              <td data-label="Vencimento">{date(i.due_date)}</td>
              <td data-label="Valor" class="num">
                {brl(i.amount)}
              </td>
              <td data-label="Situação">
                {PAYMENT[i.status] ?? i.status}
                {byHand(i) && <RegisterPayment agreementId={a.id} number={i.number} amount={i.amount} onDone={() => setVersion((v) => v + 1)} />}
                {i.charge?.receipt_key && (
                  <>
                    {" "}
                    <button
                      type="button"
                      class="quiet small"
                      onClick={() => void openPdf(`/agreements/${encodeURIComponent(a.id)}/installments/${i.number}/receipt`, `comprovante-${a.number}-${i.number}.${i.charge?.receipt_key?.split(".").pop() ?? "pdf"}`)}
                    >
                      Ver comprovante
                    </button>
                  </>
                )}
              </td>
              {charged && (
                <td data-label="Cobrança">
                  <ChargeCell charge={i.charge} />
                </td>
              )}
              {charged && (
                <td data-label="Repasse ao credor" class="num">
                  {i.charge?.split_value ? brl(i.charge.split_value) : "—"}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** A creditor without a portador: how its debtors pay (or that nothing says it yet). */
function CreditorHowToPay({ creditorId }: { creditorId: string }) {
  const found = useLoad(() => get<{ payment_instructions: Instructions | null }>(`/creditors/${encodeURIComponent(creditorId)}`), [creditorId]);
  if (!found.data) return null;
  const how = found.data.payment_instructions;
  if (how) return <HowToPay how={how} />;
  return (
    <p class="error small" role="note">
      Este credor não cobra por um portador e não tem forma de pagamento cadastrada: cadastre a chave PIX ou os dados bancários em Configurações → Credores.
    </p>
  );
}

/** An installment's charge: its state and what the debtor pays it with (PIX copia e cola, the boleto's
 * line and PDF, the card checkout), or why it failed. */
function ChargeCell({ charge }: { charge: Charge | null }) {
  if (!charge) return <>—</>;
  if (charge.status === "paid" && charge.paid_amount) {
    return (
      <div class="charge">
        <span>
          Paga {brl(charge.paid_amount)}
          {charge.paid_on && ` em ${date(charge.paid_on)}`}
        </span>
        {charge.fee && <span class="small">Tarifa {brl(charge.fee)}</span>}
        {charge.credit_date && <span class="small">Crédito em {date(charge.credit_date)}</span>}
      </div>
    );
  }
  return (
    <div class="charge">
      <span>{CHARGE[charge.status]}</span>
      {charge.pix_payload && <CopyButton text={charge.pix_payload} label="Copiar PIX" copied="PIX copiado" />}
      {charge.boleto_line && <span class="mono small">{charge.boleto_line}</span>}
      {charge.boleto_url && (
        <a href={charge.boleto_url} target="_blank" rel="noopener noreferrer">
          Boleto (PDF)
        </a>
      )}
      {charge.invoice_url && !charge.boleto_url && (
        <a href={charge.invoice_url} target="_blank" rel="noopener noreferrer">
          Página de pagamento
        </a>
      )}
      {charge.reason && <span class="error small">{charge.reason}</span>}
    </div>
  );
}

