// F20: negotiating during the call. The operator picks one creditor's open titles, asks the API for
// the offers the creditor's policy allows (the API computes them: no rule lives here), picks one, the
// payment method and the e-mail for the termo, and closes the agreement (Idempotency-Key: a double
// click or a retry closes it once).
import { useRef, useState } from "preact/hooks";
import { openPdf, post } from "../api";
import { FieldError, FormMessage, useFormErrors } from "./FieldError";
import { brl, date } from "../format";

export interface OpenTitle {
  id: string;
  number: string;
  creditor_id: string;
  due_date: string;
  total: string; // updated amount today
}

interface Payment {
  number: number;
  due_date: string;
  amount: string;
}

interface Offer {
  code: string;
  name: string;
  installments: number;
  principal: string;
  charges: string;
  discounted: string;
  entry: string;
  payments: Payment[];
  total: string;
}

interface Offers {
  creditor_id: string;
  first_due_date: string;
  title_ids: string[];
  offers: Offer[];
  warnings: string[];
  margin: { extra_discount_percent_max: string; extra_installments_max: number } | null;
}

interface Agreement {
  id: string;
  number: string;
  total: string;
  installments: Payment[];
}

const METHODS = [
  ["boleto", "Boleto"],
  ["pix", "PIX"],
  ["card", "Cartão de crédito"],
] as const;

function plan(offer: Offer): string {
  const parts = offer.payments.filter((p) => p.number > 0);
  const entry = offer.payments.find((p) => p.number === 0);
  if (parts.length === 0 && entry) return `à vista: ${brl(entry.amount)}`;
  const each = parts.length ? `${parts.length}× de ${brl(parts[0].amount)}` : "";
  return entry ? `entrada de ${brl(entry.amount)} + ${each}` : each;
}

export function Negotiate(props: {
  debtorId: string;
  titles: OpenTitle[];
  creditors: Map<string, string>;
  email: string;
  onClosed: () => void;
}) {
  const byCreditor = [...new Set(props.titles.map((t) => t.creditor_id))];
  const [creditor, setCreditor] = useState(byCreditor[0] ?? "");
  const [chosen, setChosen] = useState<Set<string>>(
    () => new Set(props.titles.filter((t) => t.creditor_id === byCreditor[0]).map((t) => t.id)),
  );
  const [firstDue, setFirstDue] = useState("");
  const [offers, setOffers] = useState<Offers | null>(null);
  const [code, setCode] = useState("");
  const [method, setMethod] = useState("boleto");
  const [email, setEmail] = useState(props.email);
  const { errors, message, clear, fail } = useFormErrors();
  const [busy, setBusy] = useState(false);
  const [closed, setClosed] = useState<Agreement | null>(null);
  const attempt = useRef(""); // one Idempotency-Key per agreement the operator means to close
  const [limits, setLimits] = useState<Offers["margin"]>(null); // the creditor's margin for operators
  const [extraDiscount, setExtraDiscount] = useState("");
  const [extraInstallments, setExtraInstallments] = useState("");
  const margin = {
    extra_discount_percent: extraDiscount.trim().replace(",", ".") || "0",
    extra_installments: Number(extraInstallments || 0),
  };
  const titles = props.titles.filter((t) => t.creditor_id === creditor);


  async function calculate(event: Event) {
    event.preventDefault();
    setBusy(true);
    clear();
    try {
      const body = { title_ids: [...chosen], first_due_date: firstDue || null, ...margin };
      const found = await post<Offers>(`/debtors/${encodeURIComponent(props.debtorId)}/offers`, body);
      setOffers(found);
      setLimits(found.margin);
      setFirstDue(found.first_due_date);
      setCode(found.offers[0]?.code ?? "");
      attempt.current = "";
    } catch (exc) {
      fail(exc);
    } finally {
      setBusy(false);
    }
  }

  async function close(event: Event) {
    event.preventDefault();
    if (!offers) return;
    setBusy(true);
    clear();
    attempt.current ||= crypto.randomUUID();
    const offer = offers.offers.find((o) => o.code === code);
    try {
      const body = {
        debtor_id: props.debtorId,
        title_ids: offers.title_ids,
        offer_code: code,
        payment_method: method,
        first_due_date: offers.first_due_date,
        email: email.trim(),
        ...margin,
        // what the operator sees: the server refuses (409) an agreement that would differ from it
        shown: offer && { total: offer.total, payments: offer.payments },
      };
      setClosed(await post<Agreement>("/agreements", body, attempt.current));
      props.onClosed();
    } catch (exc) {
      fail(exc);
    } finally {
      setBusy(false);
    }
  }

  if (closed) {
    return (
      <div class="panel" role="status">
        <h3>Acordo {closed.number} fechado</h3>
        <p>
          Total {brl(closed.total)} em {closed.installments.length} pagamento(s); o termo foi enviado para {email}.
        </p>
        <button type="button" class="quiet" onClick={() => void openPdf(`/agreements/${closed.id}/term.pdf`, `termo-${closed.number}.pdf`)}>
          Termo do acordo (PDF)
        </button>
      </div>
    );
  }

  return (
    <div class="panel">
      <form onSubmit={calculate}>
        {byCreditor.length > 1 && (
          <>
            <label for="neg-creditor">Credor</label>
            <select
              id="neg-creditor"
              value={creditor}
              onChange={(e) => {
                const next = (e.target as HTMLSelectElement).value;
                setCreditor(next);
                setChosen(new Set(props.titles.filter((t) => t.creditor_id === next).map((t) => t.id)));
                setOffers(null);
              }}
            >
              {byCreditor.map((c) => (
                <option value={c} key={c}>
                  {props.creditors.get(c) ?? c}
                </option>
              ))}
            </select>
          </>
        )}
        <fieldset>
          <legend>Títulos a negociar</legend>
          {titles.map((t) => (
            <label class="check" key={t.id}>
              <input
                type="checkbox"
                checked={chosen.has(t.id)}
                onChange={(e) => {
                  const next = new Set(chosen);
                  if ((e.target as HTMLInputElement).checked) next.add(t.id);
                  else next.delete(t.id);
                  setChosen(next);
                  setOffers(null);
                }}
              />
              {t.number} · venc. {date(t.due_date)} · {brl(t.total)}
            </label>
          ))}
        </fieldset>
        <FieldError errors={errors} field="title_ids" id="title_ids-error" />
        <label for="neg-first-due">Primeiro vencimento</label>
        <input
          id="neg-first-due"
          type="date"
          value={firstDue}
          onInput={(e) => setFirstDue((e.target as HTMLInputElement).value)}
          aria-describedby="neg-first-due-help"
        />
        <p id="neg-first-due-help" class="muted small">
          Em branco: a data que a política do credor sugere.
        </p>
        <FieldError errors={errors} field="first_due_date" id="first_due_date-error" />
        {limits && (Number(limits.extra_discount_percent_max) > 0 || limits.extra_installments_max > 0) && (
          <fieldset>
            <legend>Margem de negociação</legend>
            <p class="muted small">
              O credor permite até {limits.extra_discount_percent_max.replace(".", ",")}% de desconto a mais e até{" "}
              {limits.extra_installments_max} parcela(s) a mais. Recalcule para ver as ofertas com a margem.
            </p>
            <div class="pair">
              <div>
                <label for="neg-extra-discount">Desconto extra (%)</label>
                <input
                  id="neg-extra-discount"
                  inputMode="decimal"
                  value={extraDiscount}
                  onInput={(e) => {
                    setExtraDiscount((e.target as HTMLInputElement).value);
                    setOffers(null); // offers computed without this margin are not what would be closed
                  }}
                />
                <FieldError errors={errors} field="extra_discount_percent" id="extra-discount-error" />
              </div>
              <div>
                <label for="neg-extra-installments">Parcelas a mais</label>
                <input
                  id="neg-extra-installments"
                  type="number"
                  min={0}
                  max={limits.extra_installments_max}
                  value={extraInstallments}
                  onInput={(e) => {
                    setExtraInstallments((e.target as HTMLInputElement).value);
                    setOffers(null);
                  }}
                />
                <FieldError errors={errors} field="extra_installments" id="extra-installments-error" />
              </div>
            </div>
          </fieldset>
        )}
        <button type="submit" disabled={busy || chosen.size === 0}>
          {offers ? "Recalcular ofertas" : "Calcular ofertas"}
        </button>
      </form>

      {offers && (
        <form onSubmit={close} class="offers">
          <fieldset>
            <legend>Ofertas</legend>
            {offers.offers.map((o) => (
              <label class="offer" key={o.code}>
                <input type="radio" name="offer" value={o.code} checked={code === o.code} onChange={() => setCode(o.code)} />
                <span>
                  <strong>{o.name}</strong> — de {brl(Number(o.principal) + Number(o.charges))} por{" "}
                  <strong>{brl(o.total)}</strong>
                  <span class="muted small"> · {plan(o)}</span>
                </span>
              </label>
            ))}
          </fieldset>
          {offers.warnings.map((w) => (
            <p class="muted small" key={w}>
              {w}
            </p>
          ))}
          <label for="neg-method">Forma de pagamento</label>
          <select id="neg-method" value={method} onChange={(e) => setMethod((e.target as HTMLSelectElement).value)}>
            {METHODS.map(([value, label]) => (
              <option value={value} key={value}>
                {label}
              </option>
            ))}
          </select>
          <label for="neg-email">E-mail para o termo</label>
          <input
            id="neg-email"
            type="email"
            value={email}
            required
            onInput={(e) => setEmail((e.target as HTMLInputElement).value)}
            aria-describedby={errors.some((e) => e.field.endsWith("email")) ? "email-error" : undefined}
          />
          <FieldError errors={errors} field="email" id="email-error" />
          <button type="submit" disabled={busy || !code}>
            Fechar acordo
          </button>
        </form>
      )}
      <FormMessage message={message} />
    </div>
  );
}
