// Pagamentos: the tenant's Asaas account (write-only secrets, their last four characters shown), the ERP
// webhook with its deliveries (status, tries, "Reenviar"), the ERP's machine credentials (ErpClients.tsx)
// and the creditor's prestação de contas for a period (totals on screen; CSV, XLSX and PDF to download). Administrators only: the API says so to others.
import { useState } from "preact/hooks";
import { download, get, openPdf, put, post, type Page } from "../api";
import { brl, date, timestamp } from "../format";
import { ErpClients } from "./ErpClients";
import { FieldError, FormMessage, useFormErrors } from "./FieldError";
import { useLoad } from "./useLoad";
import { useCreditors } from "./useReference";

interface PaymentSettings {
  environment: "sandbox" | "production";
  api_key_last4: string;
  webhook_token_last4: string;
  updated_at: string;
}

type ErpEvent = "title.paid" | "installment.paid" | "agreement.created" | "agreement.broken" | "agreement.paid";
const EVENTS: Record<ErpEvent, string> = {
  "agreement.created": "Acordo fechado",
  "installment.paid": "Parcela paga",
  "agreement.paid": "Acordo quitado",
  "title.paid": "Título pago",
  "agreement.broken": "Acordo quebrado",
};

interface ErpWebhook {
  url: string;
  events: ErpEvent[];
  secret_last4: string;
  updated_at: string;
}

interface ErpDelivery {
  id: string;
  event: ErpEvent;
  status: "pending" | "delivered" | "failed";
  attempts: number;
  last_status: number | null;
  last_error: string | null;
  next_attempt_at: string | null;
  created_at: string;
  delivered_at: string | null;
}
const DELIVERY = { pending: "aguardando", delivered: "entregue", failed: "falhou" };

interface Creditor {
  id: string;
  code: string;
  name: string;
}

interface AccountTotals {
  paid: string;
  fee: string;
  net: string;
  split: string;
  commission: string;
  fees: string;
  late_charges: string;
  agency: string;
}
type Movement = "payment" | "reversal" | "partial_refund";
const MOVEMENT: Record<Movement, string> = { payment: "Pagamento", reversal: "Estorno", partial_refund: "Estorno parcial" };

interface AccountLine extends AccountTotals {
  on: string;
  movement: Movement;
  agreement_number: string;
  debtor: string;
  titles: string;
  installment: number;
  paid_on: string;
  available_on: string | null;
  method: string;
}
interface StatementOfAccount {
  creditor_code: string;
  lines: AccountLine[];
  totals: AccountTotals;
}

export function Payments() {
  return (
    <>
      <AsaasForm />
      <ErpWebhookForm />
      <ErpDeliveries />
      <ErpClients />
      <Account />
    </>
  );
}

function AsaasForm() {
  const current = useLoad(() => get<PaymentSettings>("/payment-settings").catch(() => null), []);
  const { errors, message, clear, fail } = useFormErrors();
  const [done, setDone] = useState("");
  async function save(event: Event) {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    clear();
    setDone("");
    try {
      await put<PaymentSettings>("/payment-settings", {
        environment: form.get("environment"),
        api_key: form.get("api_key"),
        webhook_token: form.get("webhook_token"),
      });
      setDone("Conta do Asaas salva.");
    } catch (exc) {
      fail(exc);
    }
  }
  const s = current.data;
  return (
    <form class="panel" onSubmit={save} aria-labelledby="asaas-title">
      <h2 id="asaas-title">Conta do Asaas</h2>
      <p class="muted">
        {s
          ? `Configurada em ${timestamp(s.updated_at)}: chave terminada em ${s.api_key_last4}, token do webhook terminado em ${s.webhook_token_last4}.`
          : "Sem conta configurada: os acordos não geram cobranças."}{" "}
        As chaves ficam no cofre de segredos e nunca são mostradas de volta.
      </p>
      <label for="asaas-env">Ambiente</label>
      <select id="asaas-env" name="environment" value={s?.environment ?? "sandbox"}>
        <option value="sandbox">Sandbox (testes)</option>
        <option value="production">Produção</option>
      </select>
      <label for="asaas-key">Chave da API ($aact_…)</label>
      <input id="asaas-key" name="api_key" type="password" required autoComplete="off" aria-describedby="api_key-error" />
      <FieldError errors={errors} field="api_key" id="api_key-error" />
      <label for="asaas-token">Token do webhook (o que o Asaas envia em asaas-access-token)</label>
      <input id="asaas-token" name="webhook_token" type="password" required minLength={32} autoComplete="off" aria-describedby="asaas-token-help webhook_token-error" />
      <p id="asaas-token-help" class="muted small">
        Ao trocar o token, o anterior ainda é aceito por até 5 minutos (o tempo em que cada servidor guarda o token lido). Troque-o também no Asaas.
      </p>
      <FieldError errors={errors} field="webhook_token" id="webhook_token-error" />
      <FormMessage message={message} done={done} />
      <button type="submit">Salvar conta do Asaas</button>
    </form>
  );
}

function ErpWebhookForm() {
  const current = useLoad(() => get<ErpWebhook>("/erp-webhook").catch(() => null), []);
  const { errors, message, clear, fail } = useFormErrors();
  const [done, setDone] = useState("");
  const [events, setEvents] = useState<ErpEvent[] | null>(null);
  const chosen = events ?? current.data?.events ?? (Object.keys(EVENTS) as ErpEvent[]);
  async function save(event: Event) {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    clear();
    setDone("");
    try {
      await put<ErpWebhook>("/erp-webhook", { url: form.get("url"), secret: form.get("secret"), events: chosen });
      setDone("Webhook do ERP salvo.");
    } catch (exc) {
      fail(exc);
    }
  }
  return (
    <form class="panel" onSubmit={save} aria-labelledby="erp-title">
      <h2 id="erp-title">Webhook do ERP</h2>
      <p class="muted">
        O seu sistema recebe um POST assinado a cada evento escolhido (cabeçalho <span class="mono">Cobranca-Signature: t=…,v1=…</span>, HMAC-SHA256
        de <span class="mono">t.corpo</span> com o segredo) e deve responder 2xx; sem resposta, tentamos de novo por até 3 dias.
        {current.data && ` Segredo atual terminado em ${current.data.secret_last4}.`}
      </p>
      <label for="erp-url">Endereço (https)</label>
      <input id="erp-url" name="url" type="url" required value={current.data?.url ?? ""} placeholder="https://erp.suaempresa.com.br/cobranca" aria-describedby="url-error" />
      <FieldError errors={errors} field="url" id="url-error" />
      <label for="erp-secret">Segredo (24 caracteres ou mais)</label>
      <input id="erp-secret" name="secret" type="password" required minLength={24} autoComplete="off" aria-describedby="secret-error" />
      <FieldError errors={errors} field="secret" id="secret-error" />
      <div class="chips" role="group" aria-label="Eventos enviados">
        {(Object.keys(EVENTS) as ErpEvent[]).map((e) => (
          <label class="check" key={e}>
            <input
              type="checkbox"
              checked={chosen.includes(e)}
              onChange={(ev) => {
                const on = (ev.target as HTMLInputElement).checked;
                setEvents(on ? [...chosen.filter((x) => x !== e), e] : chosen.filter((x) => x !== e));
              }}
            />
            {EVENTS[e]}
          </label>
        ))}
      </div>
      <FieldError errors={errors} field="events" id="events-error" />
      <FormMessage message={message} done={done} />
      <button type="submit">Salvar webhook</button>
    </form>
  );
}

function ErpDeliveries() {
  const [version, setVersion] = useState(0);
  const list = useLoad(() => get<Page<ErpDelivery>>("/erp-deliveries", { limit: "50" }), [version]);
  const [error, setError] = useState("");
  async function retry(d: ErpDelivery) {
    setError("");
    try {
      await post<ErpDelivery>(`/erp-deliveries/${encodeURIComponent(d.id)}/retry`, {});
      setVersion((v) => v + 1);
    } catch (exc) {
      setError(exc instanceof Error ? exc.message : "Erro de conexão.");
    }
  }
  const items = list.data?.items ?? [];
  return (
    <section class="panel wide" aria-labelledby="deliveries-title">
      <h2 id="deliveries-title">Notificações ao ERP</h2>
      {(list.error || error) && (
        <p role="alert" class="error">
          {list.error || error}
        </p>
      )}
      {!list.loading && !items.length && !list.error && <p class="muted">Nenhuma notificação ainda.</p>}
      {items.length > 0 && (
        <table class="list">
          <caption class="sr-only">Notificações ao ERP, as mais recentes primeiro</caption>
          <thead>
            <tr>
              <th scope="col">Evento</th>
              <th scope="col">Criada</th>
              <th scope="col">Situação</th>
              <th scope="col">Tentativas</th>
              <th scope="col">Última resposta</th>
              <th scope="col">
                <span class="sr-only">Ações</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((d) => (
              <tr key={d.id}>
                <td data-label="Evento">{EVENTS[d.event] ?? d.event}</td>
                <td data-label="Criada">{timestamp(d.created_at)}</td>
                <td data-label="Situação">
                  {DELIVERY[d.status]}
                  {d.status === "pending" && d.next_attempt_at && <span class="muted small"> · próxima {timestamp(d.next_attempt_at)}</span>}
                  {d.status === "delivered" && d.delivered_at && <span class="muted small"> · {timestamp(d.delivered_at)}</span>}
                </td>
                <td data-label="Tentativas">{d.attempts}</td>
                <td data-label="Última resposta">{d.last_error ?? (d.last_status ? `HTTP ${d.last_status}` : "")}</td>
                <td>
                  {d.status !== "delivered" && (
                    <button type="button" class="quiet" onClick={() => void retry(d)}>
                      Reenviar
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

const firstOfMonth = () => `${new Date().toISOString().slice(0, 8)}01`;
const today = () => new Date().toISOString().slice(0, 10);

function Account() {
  const creditors = useCreditors<Creditor>();
  const [query, setQuery] = useState<{ creditor: string; from: string; to: string } | null>(null);
  const [shown, setShown] = useState<StatementOfAccount | null>(null);
  const { errors, message, clear, fail } = useFormErrors();
  const path = (q: { creditor: string; from: string; to: string }, format: string) =>
    `/creditors/${encodeURIComponent(q.creditor)}/statement-of-account?from=${q.from}&to=${q.to}&format=${format}`;
  async function show(event: Event) {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const q = { creditor: String(form.get("creditor")), from: String(form.get("from")), to: String(form.get("to")) };
    clear();
    try {
      setShown(await get<StatementOfAccount>(`/creditors/${encodeURIComponent(q.creditor)}/statement-of-account`, { from: q.from, to: q.to }));
      setQuery(q);
    } catch (exc) {
      setShown(null);
      fail(exc);
    }
  }
  const t = shown?.totals;
  // each creditor's file says whose it is and which period (as the API names it)
  const compact = (day: string) => day.replaceAll("-", "");
  const name = query && shown ? `prestacao-de-contas-${shown.creditor_code}-${compact(query.from)}-${compact(query.to)}` : "";
  return (
    <section class="panel wide" aria-labelledby="account-title">
      <h2 id="account-title">Prestação de contas</h2>
      <form class="filters" onSubmit={show} aria-label="Período da prestação de contas">
        <div>
          <label for="acc-creditor">Credor</label>
          <select id="acc-creditor" name="creditor" required>
            {(creditors.data?.items ?? []).map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label for="acc-from">Movimentos de</label>
          <input id="acc-from" name="from" type="date" required value={firstOfMonth()} aria-describedby="from-error" />
          <FieldError errors={errors} field="from" id="from-error" />
        </div>
        <div>
          <label for="acc-to">até</label>
          <input id="acc-to" name="to" type="date" required value={today()} aria-describedby="to-error" />
          <FieldError errors={errors} field="to" id="to-error" />
        </div>
        <button type="submit">Ver</button>
      </form>
      <FormMessage message={message} />
      {shown && t && query && (
        <>
          <ul class="counts" aria-label="Totais do período">
            <li>
              Recebido <strong>{brl(t.paid)}</strong>
            </li>
            <li>Taxas {brl(t.fee)}</li>
            <li>
              Repasse ao credor <strong>{brl(t.split)}</strong>
            </li>
            <li>Retido pela agência {brl(t.agency)}</li>
          </ul>
          <p>
            <button type="button" class="quiet" onClick={() => void download(path(query, "csv"), `${name}.csv`)}>
              Baixar CSV
            </button>{" "}
            <button type="button" class="quiet" onClick={() => void download(path(query, "xlsx"), `${name}.xlsx`)}>
              Baixar XLSX
            </button>{" "}
            <button type="button" class="quiet" onClick={() => void openPdf(path(query, "pdf"), `${name}.pdf`)}>
              Abrir PDF
            </button>
          </p>
          {shown.lines.length === 0 ? (
            <p class="muted">Nenhum pagamento ou estorno no período.</p>
          ) : (
            <table class="list">
              <caption class="sr-only">Pagamentos e estornos do período</caption>
              <thead>
                <tr>
                  <th scope="col">Data</th>
                  <th scope="col">Movimento</th>
                  <th scope="col">Acordo</th>
                  <th scope="col">Devedor</th>
                  <th scope="col">Títulos</th>
                  <th scope="col">Parcela</th>
                  <th scope="col">Pago em</th>
                  <th scope="col">Disponível em</th>
                  <th scope="col" class="num">Valor pago</th>
                  <th scope="col" class="num">Taxa</th>
                  <th scope="col" class="num">Repasse</th>
                  <th scope="col" class="num">Agência</th>
                </tr>
              </thead>
              <tbody>
                {shown.lines.map((l, n) => (
                  <tr key={`${n}-${l.agreement_number}-${l.installment}-${l.movement}`}>
                    <td data-label="Data">{date(l.on)}</td>
                    <td data-label="Movimento">{MOVEMENT[l.movement] ?? l.movement}</td>
                    <td data-label="Acordo" class="nowrap">{l.agreement_number}</td>
                    <td data-label="Devedor">{l.debtor}</td>
                    <td data-label="Títulos">{l.titles}</td>
                    <td data-label="Parcela">{l.installment === 0 ? "entrada" : l.installment}</td>
                    <td data-label="Pago em">{date(l.paid_on)}</td>
                    <td data-label="Disponível em">{date(l.available_on)}</td>
                    <td data-label="Valor pago" class="num">{brl(l.paid)}</td>
                    <td data-label="Taxa" class="num">{brl(l.fee)}</td>
                    <td data-label="Repasse" class="num">{brl(l.split)}</td>
                    <td data-label="Agência" class="num">{brl(l.agency)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </section>
  );
}
