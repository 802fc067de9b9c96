// Credores: each creditor's data and its collection policy: how a debt is updated (fine, interest,
// correction index, fees), what may be offered (the offers, the minimum installment, the first due date),
// the operator's negotiation margin and the agency's commission. Values are typed the pt-BR way
// ("2,5"); the API checks every rule (the consumer fine cap, repeated offer codes) and names the field.
import { useState } from "preact/hooks";
import { ApiError, get, patch, post, type Page } from "../api";
import { formatDocument, maskDocumentInput } from "../format";
import { AddressFields, readAddress, type Address } from "./AddressFields";
import { EditableList, FormActions, useEditing } from "./EditableList";
import { FieldError, FormMessage, useFormErrors } from "./FieldError";
import type { FieldError as ApiFieldError } from "../api";
import { useLoad } from "./useLoad";
import type { Instructions } from "./RegisterPayment";
import { forgetReference } from "./useReference";

interface Offer {
  code: string;
  name: string;
  installments: number;
  entry_min_percent: string;
  interest_percent_month: string;
  discount_principal_percent: string;
  discount_charges_percent: string;
  scope: OfferScope;
  valid_from: string | null;
  valid_until: string | null;
  quota: number | null;
}

type OfferScope = "all" | "self_service" | "operator";
const SCOPES: Record<OfferScope, string> = {
  all: "Operador, Negocia Online e WhatsApp",
  self_service: "Só Negocia Online e WhatsApp (o devedor sozinho)",
  operator: "Só o operador",
};

interface Policy {
  fine_percent: string;
  interest_percent_month: string;
  correction_index: "IPCA" | "INPC" | "IGPM" | "NONE";
  fees_percent: string;
  consumer_relation: boolean;
  financial_institution: boolean;
  min_installment: string;
  max_first_due_days: number;
  break_after_days: number;
  first_break_after_days: number | null;
  local_holidays?: string[];
  commission_percent: string;
  offers: Offer[];
  operator_margin: { extra_discount_percent_max: string; extra_installments_max: number };
}

const INSTRUCTION_FIELDS: [keyof Instructions, string][] = [
  ["pix_key", "Chave PIX"],
  ["bank", "Banco"],
  ["agency", "Agência"],
  ["account", "Conta"],
  ["holder", "Titular"],
  ["holder_document", "CPF ou CNPJ do titular"],
  ["notes", "Observações"],
];

/** The form's instruction fields -> the API's object; null when all are blank (no instructions). */
function readInstructions(data: FormData): Instructions | null {
  const text = (name: string) => String(data.get(`pi-${name}`) ?? "").trim();
  const found = Object.fromEntries(INSTRUCTION_FIELDS.map(([name]) => [name, text(name) || (name === "notes" ? "" : null)]));
  return Object.values(found).some((v) => v) ? (found as unknown as Instructions) : null;
}

interface Creditor {
  id: string;
  code: string;
  name: string;
  document: string;
  address: Address | null;
  policy: Policy;
  portador?: "asaas" | "none";
  wallet_id?: string | null;
  payment_instructions?: Instructions | null;
}

const INDICES = { NONE: "Sem correção", IPCA: "IPCA (IBGE)", INPC: "INPC (IBGE)", IGPM: "IGP-M (FGV)" };
const EMPTY_POLICY: Policy = {
  fine_percent: "0",
  interest_percent_month: "0",
  correction_index: "NONE",
  fees_percent: "0",
  consumer_relation: true,
  financial_institution: false,
  min_installment: "0",
  max_first_due_days: 30,
  break_after_days: 30,
  first_break_after_days: null,
  commission_percent: "0",
  offers: [],
  operator_margin: { extra_discount_percent_max: "0", extra_installments_max: 0 },
};
const NEW_OFFER: Offer = {
  code: "",
  name: "",
  installments: 0,
  entry_min_percent: "0",
  interest_percent_month: "0",
  discount_principal_percent: "0",
  discount_charges_percent: "0",
  scope: "all",
  valid_from: null,
  valid_until: null,
  quota: null,
};

/** The API's "2.5000" as typed in pt-BR ("2,5"), and back. */
const shown = (api: string) => Number(api).toLocaleString("pt-BR", { maximumFractionDigits: 4, useGrouping: false });
const sent = (typed: string) => typed.trim().replace(/\./g, "").replace(",", ".") || "0";
/** A number as a pt-BR user types it: "1234,56", "1.234,56" or "2". */
const PT_BR_NUMBER = /^\s*(\d{1,3}(\.\d{3})+|\d+)(,\d+)?\s*$/;

/** The policy's number fields a pt-BR user typed wrong, each with the reason in pt-BR (before the API). */
export function numberErrors(p: Policy): ApiFieldError[] {
  const typed: [string, string][] = [
    ["policy.fine_percent", p.fine_percent],
    ["policy.interest_percent_month", p.interest_percent_month],
    ["policy.fees_percent", p.fees_percent],
    ["policy.min_installment", p.min_installment],
    ["policy.commission_percent", p.commission_percent],
    ["policy.operator_margin.extra_discount_percent_max", p.operator_margin.extra_discount_percent_max],
    ...p.offers.flatMap((o, i): [string, string][] => [
      [`policy.offers.${i}.entry_min_percent`, o.entry_min_percent],
      [`policy.offers.${i}.interest_percent_month`, o.interest_percent_month],
      [`policy.offers.${i}.discount_principal_percent`, o.discount_principal_percent],
      [`policy.offers.${i}.discount_charges_percent`, o.discount_charges_percent],
    ]),
  ];
  return typed
    .filter(([, value]) => value.trim() !== "" && !PT_BR_NUMBER.test(value))
    .map(([field]) => ({ field, reason: "número inválido: use algo como 1.234,56 ou 2,5" }));
}

export function Creditors() {
  const [version, setVersion] = useState(0);
  const list = useLoad(() => get<Page<Creditor>>("/creditors"), [version]);
  const [editing, setEditing] = useEditing<Creditor>();
  const close = (saved: boolean) => {
    setEditing(null);
    if (saved) {
      forgetReference("/creditors");
      setVersion((v) => v + 1);
    }
  };
  return (
    <>
      <section class="panel wide" aria-labelledby="creditors-title">
        <h2 id="creditors-title">Credores</h2>
        {list.error && <p role="alert" class="error">{list.error}</p>}
        <EditableList
          caption="Credores"
          noun="o credor"
          items={list.data?.items ?? []}
          columns={[
            { label: "Código", cell: (c) => <span class="mono">{c.code}</span> },
            { label: "Credor", cell: (c) => c.name },
            { label: "CPF/CNPJ", cell: (c) => <span class="mono">{formatDocument(c.document)}</span> },
            { label: "Ofertas", cell: (c) => c.policy.offers.length },
            { label: "Comissão", cell: (c) => `${shown(c.policy.commission_percent)}%` },
          ]}
          edit={setEditing}
        />
        {!editing && (
          <button type="button" onClick={() => setEditing("new")}>
            Novo credor
          </button>
        )}
      </section>
      {editing && <CreditorForm key={editing === "new" ? "new" : editing.id} creditor={editing === "new" ? null : editing} close={close} />}
      {editing && editing !== "new" && <CreditorAsaas key={`asaas-${editing.id}`} creditor={editing} />}
    </>
  );
}

function toTyped(p: Policy): Policy {
  const pct = (v: string) => shown(v);
  return {
    ...p,
    fine_percent: pct(p.fine_percent),
    interest_percent_month: pct(p.interest_percent_month),
    fees_percent: pct(p.fees_percent),
    min_installment: Number(p.min_installment).toLocaleString("pt-BR", { minimumFractionDigits: 2, useGrouping: false }),
    commission_percent: pct(p.commission_percent),
    offers: p.offers.map((o) => ({
      ...o,
      entry_min_percent: pct(o.entry_min_percent),
      interest_percent_month: pct(o.interest_percent_month),
      discount_principal_percent: pct(o.discount_principal_percent),
      discount_charges_percent: pct(o.discount_charges_percent),
    })),
    operator_margin: { ...p.operator_margin, extra_discount_percent_max: pct(p.operator_margin.extra_discount_percent_max) },
  };
}

function toApi(p: Policy): Policy {
  return {
    ...p,
    fine_percent: sent(p.fine_percent),
    interest_percent_month: sent(p.interest_percent_month),
    fees_percent: sent(p.fees_percent),
    min_installment: sent(p.min_installment),
    commission_percent: sent(p.commission_percent),
    offers: p.offers.map((o) => ({
      ...o,
      entry_min_percent: sent(o.entry_min_percent),
      interest_percent_month: sent(o.interest_percent_month),
      discount_principal_percent: sent(o.discount_principal_percent),
      discount_charges_percent: sent(o.discount_charges_percent),
    })),
    operator_margin: { ...p.operator_margin, extra_discount_percent_max: sent(p.operator_margin.extra_discount_percent_max) },
  };
}

function CreditorForm({ creditor, close }: { creditor: Creditor | null; close: (saved: boolean) => void }) {
  const [policy, setPolicy] = useState<Policy>(toTyped(creditor?.policy ?? EMPTY_POLICY));
  const [document, setDocument] = useState(creditor ? formatDocument(creditor.document) : "");
  const { errors, message, clear, fail } = useFormErrors();
  const set = (change: Partial<Policy>) => setPolicy((p) => ({ ...p, ...change }));
  const setOffer = (n: number, change: Partial<Offer>) => set({ offers: policy.offers.map((o, i) => (i === n ? { ...o, ...change } : o)) });

  async function save(event: Event) {
    event.preventDefault();
    const data = new FormData(event.currentTarget as HTMLFormElement);
    const text = (name: string) => String(data.get(name) ?? "").trim();
    const address = readAddress(data, "creditor-address");
    clear();
    const typedWrong = numberErrors(policy);
    if (typedWrong.length) return fail(new ApiError(422, "invalid_input", "", typedWrong));
    const instructions = readInstructions(data);
    const body = { code: text("code"), name: text("name"), address, policy: toApi(policy), payment_instructions: instructions };
    try {
      // a new creditor goes with its policy in one request: refused, nothing is created
      if (creditor) await patch(`/creditors/${encodeURIComponent(creditor.id)}`, body);
      else await post<Creditor>("/creditors", { ...body, document });
      close(true);
    } catch (exc) {
      fail(exc);
    }
  }

  const field = (name: string, label: string, value: string, onInput: (v: string) => void, hint?: string) => (
    <div key={name}>
      <label for={`pol-${name.split(".").pop()}`}>{label}</label>
      <input id={`pol-${name.split(".").pop()}`} inputMode="decimal" value={value} onInput={(e) => onInput((e.target as HTMLInputElement).value)} aria-describedby={`pol-${name.split(".").pop()}-error`} title={hint} />
      <FieldError errors={errors} field={name} id={`pol-${name.split(".").pop()}-error`} exact />
    </div>
  );
  return (
    <form class="panel wide" onSubmit={save} aria-labelledby="creditor-form-title">
      <h2 id="creditor-form-title">{creditor ? `Credor ${creditor.name}` : "Novo credor"}</h2>
      <div class="filters">
        <div>
          <label for="cr-code">Código</label>
          <input id="cr-code" name="code" required maxLength={30} defaultValue={creditor?.code ?? ""} aria-describedby="cr-code-hint cr-code-error" autoCapitalize="characters" />
          <small id="cr-code-hint">Letras maiúsculas, números, _ ou -</small>
          <FieldError errors={errors} field="code" id="cr-code-error" exact />
        </div>
        <div>
          <label for="cr-name">Nome</label>
          <input id="cr-name" name="name" required maxLength={200} defaultValue={creditor?.name ?? ""} aria-describedby="cr-name-error" />
          <FieldError errors={errors} field="name" id="cr-name-error" exact />
        </div>
        <div>
          <label for="cr-document">CPF/CNPJ</label>
          <input
            id="cr-document"
            required
            disabled={!!creditor}
            value={document}
            onInput={(e) => setDocument(maskDocumentInput((e.target as HTMLInputElement).value))}
            aria-describedby="cr-document-error"
          />
          <FieldError errors={errors} field="document" id="cr-document-error" exact />
        </div>
      </div>
      <AddressFields prefix="creditor-address" value={creditor?.address ?? null} errors={errors.filter((e) => e.field.startsWith("address"))} />

      <fieldset>
        <legend>Como o devedor paga (credor sem portador)</legend>
        <p class="muted small">
          Enquanto o credor não cobra pelo Asaas, o Negocia Online, o e-mail do termo e o console mostram estes dados com o valor e o número do acordo. Informe a chave PIX ou os dados bancários completos.
        </p>
        <div class="filters">
          {INSTRUCTION_FIELDS.map(([name, label]) => (
            <div key={name}>
              <label for={`pi-${name}`}>{label}</label>
              <input id={`pi-${name}`} name={`pi-${name}`} maxLength={name === "notes" ? 300 : 80} defaultValue={creditor?.payment_instructions?.[name] ?? ""} aria-describedby={`pi-${name}-error`} />
              <FieldError errors={errors} field={`payment_instructions.${name}`} id={`pi-${name}-error`} exact />
            </div>
          ))}
        </div>
      </fieldset>

      <fieldset>
        <legend>Atualização da dívida</legend>
        <FieldError errors={errors} field="policy" id="pol-error" exact />
        <div class="filters">
          {field("policy.fine_percent", "Multa (%)", policy.fine_percent, (v) => set({ fine_percent: v }))}
          {field("policy.interest_percent_month", "Juros de mora (% ao mês)", policy.interest_percent_month, (v) => set({ interest_percent_month: v }))}
          <div>
            <label for="pol-index">Correção monetária</label>
            <select id="pol-index" value={policy.correction_index} onChange={(e) => set({ correction_index: (e.target as HTMLSelectElement).value as Policy["correction_index"] })}>
              {Object.entries(INDICES).map(([v, l]) => (
                <option key={v} value={v}>
                  {l}
                </option>
              ))}
            </select>
          </div>
          {field("policy.fees_percent", "Honorários (%)", policy.fees_percent, (v) => set({ fees_percent: v }))}
        </div>
        <label class="check">
          <input type="checkbox" checked={policy.consumer_relation} onChange={(e) => set({ consumer_relation: (e.target as HTMLInputElement).checked })} />
          Relação de consumo (multa de no máximo 2%, CDC art. 52 §1º)
        </label>
        <label class="check">
          <input type="checkbox" checked={policy.financial_institution} onChange={(e) => set({ financial_institution: (e.target as HTMLInputElement).checked })} />
          Instituição financeira: os juros de mora são a taxa do contrato (sem o limite de 1% a.m.)
        </label>
      </fieldset>

      <fieldset>
        <legend>Negociação</legend>
        <div class="filters">
          {field("policy.min_installment", "Parcela mínima (R$)", policy.min_installment, (v) => set({ min_installment: v }))}
          <div>
            <label for="pol-first-due">Prazo da 1ª parcela (até, em dias)</label>
            <input id="pol-first-due" type="number" min={0} max={120} value={policy.max_first_due_days} onInput={(e) => set({ max_first_due_days: Number((e.target as HTMLInputElement).value) })} aria-describedby="pol-max_first_due_days-error" />
            <FieldError errors={errors} field="policy.max_first_due_days" id="pol-max_first_due_days-error" exact />
          </div>
          <div>
            <label for="pol-break">Quebra do acordo: parcela atrasada há mais de (dias)</label>
            <input id="pol-break" type="number" min={1} max={365} value={policy.break_after_days} onInput={(e) => set({ break_after_days: Number((e.target as HTMLInputElement).value) })} aria-describedby="pol-break_after_days-error" />
            <FieldError errors={errors} field="policy.break_after_days" id="pol-break_after_days-error" exact />
          </div>
          <div>
            <label for="pol-first-break">… a 1ª parcela (dias; vazio = o mesmo)</label>
            <input
              id="pol-first-break"
              type="number"
              min={1}
              max={365}
              value={policy.first_break_after_days ?? ""}
              onInput={(e) => {
                const v = (e.target as HTMLInputElement).value;
                set({ first_break_after_days: v === "" ? null : Number(v) });
              }}
              aria-describedby="pol-first_break_after_days-error"
            />
            <FieldError errors={errors} field="policy.first_break_after_days" id="pol-first_break_after_days-error" exact />
          </div>
          <div>
            <label for="pol-local-holidays">Feriados locais da praça de pagamento (dd/mm/aaaa, separados por vírgula)</label>
            <input
              id="pol-local-holidays"
              defaultValue={(policy.local_holidays ?? []).map((d) => d.split("-").reverse().join("/")).join(", ")}
              onInput={(e) => set({ local_holidays: holidayDates((e.target as HTMLInputElement).value) })}
              aria-describedby="pol-local_holidays-help pol-local_holidays-error"
            />
            <p id="pol-local_holidays-help" class="muted small">
              Um vencimento nesses dias é pago sem acréscimos no dia útil seguinte, como num feriado nacional.
            </p>
            <FieldError errors={errors} field="policy.local_holidays" id="pol-local_holidays-error" />
          </div>
          {field("policy.commission_percent", "Comissão da agência (%)", policy.commission_percent, (v) => set({ commission_percent: v }))}
          {field("policy.operator_margin.extra_discount_percent_max", "Margem do operador: desconto extra até (%)", policy.operator_margin.extra_discount_percent_max, (v) =>
            set({ operator_margin: { ...policy.operator_margin, extra_discount_percent_max: v } }),
          )}
          <div>
            <label for="pol-extra-installments">Margem do operador: parcelas a mais, até</label>
            <input
              id="pol-extra-installments"
              type="number"
              min={0}
              max={24}
              value={policy.operator_margin.extra_installments_max}
              onInput={(e) => set({ operator_margin: { ...policy.operator_margin, extra_installments_max: Number((e.target as HTMLInputElement).value) } })}
              aria-describedby="pol-extra_installments_max-error"
            />
            <FieldError errors={errors} field="policy.operator_margin.extra_installments_max" id="pol-extra_installments_max-error" exact />
          </div>
        </div>
      </fieldset>

      <fieldset>
        <legend>Ofertas</legend>
        <FieldError errors={errors} field="policy.offers" id="pol-offers-error" exact />
        {policy.offers.length === 0 && <p class="muted">Sem ofertas: o devedor não consegue negociar sozinho, nem o operador.</p>}
        {policy.offers.map((o, n) => (
          <OfferRow key={n} n={n} offer={o} errors={errors} change={(c) => setOffer(n, c)} drop={() => set({ offers: policy.offers.filter((_, i) => i !== n) })} />
        ))}
        <button type="button" class="quiet" onClick={() => set({ offers: [...policy.offers, { ...NEW_OFFER }] })}>
          Adicionar oferta
        </button>
      </fieldset>
      <FormMessage message={message} />
      <FormActions save="Salvar credor" cancel={() => close(false)} />
    </form>
  );
}

const OFFER_FIELDS: [keyof Offer, string][] = [
  ["entry_min_percent", "Entrada mínima (%)"],
  ["interest_percent_month", "Juros (% ao mês)"],
  ["discount_principal_percent", "Desconto no principal (%)"],
  ["discount_charges_percent", "Desconto nos encargos (%)"],
];

function OfferRow({ n, offer, errors, change, drop }: { n: number; offer: Offer; errors: ApiFieldError[]; change: (c: Partial<Offer>) => void; drop: () => void }) {
  const id = (f: string) => `offer-${n}-${f}`;
  const label = offer.name || `oferta ${n + 1}`;
  return (
    <div class="offer-row" role="group" aria-label={`Oferta ${n + 1}`}>
      <div class="filters">
        <div>
          <label for={id("code")}>Código</label>
          <input id={id("code")} value={offer.code} maxLength={20} required onInput={(e) => change({ code: (e.target as HTMLInputElement).value })} aria-describedby={id("code-error")} />
          <FieldError errors={errors} exact field={`policy.offers.${n}.code`} id={id("code-error")} />
        </div>
        <div>
          <label for={id("name")}>Nome</label>
          <input id={id("name")} value={offer.name} maxLength={80} required onInput={(e) => change({ name: (e.target as HTMLInputElement).value })} aria-describedby={id("name-error")} />
          <FieldError errors={errors} exact field={`policy.offers.${n}.name`} id={id("name-error")} />
        </div>
        <div>
          <label for={id("installments")}>Parcelas (0 = à vista)</label>
          <input id={id("installments")} type="number" min={0} max={60} value={offer.installments} onInput={(e) => change({ installments: Number((e.target as HTMLInputElement).value) })} aria-describedby={id("installments-error")} />
          <FieldError errors={errors} exact field={`policy.offers.${n}.installments`} id={id("installments-error")} />
        </div>
        {OFFER_FIELDS.map(([f, text]) => (
          <div key={f}>
            <label for={id(f)}>{text}</label>
            <input id={id(f)} inputMode="decimal" value={String(offer[f])} onInput={(e) => change({ [f]: (e.target as HTMLInputElement).value })} aria-describedby={id(`${f}-error`)} />
            <FieldError errors={errors} exact field={`policy.offers.${n}.${f}`} id={id(`${f}-error`)} />
          </div>
        ))}
      </div>
      <div class="filters">
        <div>
          <label for={id("scope")}>Onde vale</label>
          <select id={id("scope")} value={offer.scope ?? "all"} onChange={(e) => change({ scope: (e.target as HTMLSelectElement).value as OfferScope })}>
            {Object.entries(SCOPES).map(([value, text]) => <option key={value} value={value}>{text}</option>)}
          </select>
        </div>
        <div>
          <label for={id("valid_from")}>Válida de</label>
          <input id={id("valid_from")} type="date" value={offer.valid_from ?? ""} onInput={(e) => change({ valid_from: (e.target as HTMLInputElement).value || null })} aria-describedby={id("valid_from-error")} />
          <FieldError errors={errors} exact field={`policy.offers.${n}.valid_from`} id={id("valid_from-error")} />
        </div>
        <div>
          <label for={id("valid_until")}>até</label>
          <input id={id("valid_until")} type="date" value={offer.valid_until ?? ""} onInput={(e) => change({ valid_until: (e.target as HTMLInputElement).value || null })} aria-describedby={id("valid_until-error")} />
          <FieldError errors={errors} exact field={`policy.offers.${n}.valid_until`} id={id("valid_until-error")} />
        </div>
        <div>
          <label for={id("quota")}>Limite de acordos (vazio = sem limite)</label>
          <input id={id("quota")} type="number" min={1} value={offer.quota ?? ""} onInput={(e) => { const v = (e.target as HTMLInputElement).value; change({ quota: v ? Number(v) : null }); }} aria-describedby={id("quota-error")} />
          <FieldError errors={errors} exact field={`policy.offers.${n}.quota`} id={id("quota-error")} />
        </div>
      </div>
      <button type="button" class="quiet" onClick={drop} aria-label={`Remover ${label}`}>
        Remover oferta
      </button>
    </div>
  );
}

/** The creditor's charging through Asaas: its wallet (the split goes there), or its own Asaas account
 * made here (administrators; the API says so to others). */
function CreditorAsaas({ creditor }: { creditor: Creditor }) {
  const [current, setCurrent] = useState<Creditor>(creditor);
  const { errors, message, clear, fail } = useFormErrors();
  async function create(event: Event) {
    event.preventDefault();
    const data = new FormData(event.currentTarget as HTMLFormElement);
    clear();
    try {
      const body = {
        email: String(data.get("email") ?? ""),
        mobile_phone: String(data.get("mobile_phone") ?? ""),
        income: sent(String(data.get("income") ?? "")),
        company_type: current.document.length === 14 ? String(data.get("company_type") ?? "LIMITED") : null,
      };
      setCurrent(await post<Creditor>(`/creditors/${encodeURIComponent(current.id)}/asaas-account`, body));
    } catch (exc) {
      fail(exc);
    }
  }
  if (current.portador === "asaas" && current.wallet_id)
    return (
      <section class="panel" aria-labelledby="cred-asaas-title">
        <h2 id="cred-asaas-title">Cobrança pelo Asaas</h2>
        <p role="status">
          Ativa: o repasse vai para a carteira <span class="mono">{current.wallet_id}</span>.
        </p>
      </section>
    );
  return (
    <form class="panel" onSubmit={create} aria-labelledby="cred-asaas-title">
      <h2 id="cred-asaas-title">Cobrança pelo Asaas</h2>
      <p class="muted">
        Crie a conta do credor no Asaas (vinculada à da empresa) para receber o repasse de cada parcela paga. Se o credor já tem conta,
        informe o Wallet ID dela pela API.
      </p>
      <label for="cred-asaas-email">E-mail de acesso da conta</label>
      <input id="cred-asaas-email" name="email" type="email" required aria-describedby="email-error" />
      <FieldError errors={errors} field="email" id="email-error" />
      <label for="cred-asaas-mobile">Celular com DDD</label>
      <input id="cred-asaas-mobile" name="mobile_phone" type="tel" required aria-describedby="mobile_phone-error" />
      <FieldError errors={errors} field="mobile_phone" id="mobile_phone-error" />
      <label for="cred-asaas-income">Faturamento mensal (R$)</label>
      <input id="cred-asaas-income" name="income" inputMode="decimal" required aria-describedby="income-error" />
      <FieldError errors={errors} field="income" id="income-error" />
      {current.document.length === 14 && (
        <>
          <label for="cred-asaas-type">Tipo de empresa</label>
          <select id="cred-asaas-type" name="company_type">
            <option value="LIMITED">Limitada</option>
            <option value="MEI">MEI</option>
            <option value="INDIVIDUAL">Individual</option>
            <option value="ASSOCIATION">Associação</option>
          </select>
        </>
      )}
      <FieldError errors={errors} field="address" id="address-error" />
      <FormMessage message={message} />
      <button type="submit">Criar conta no Asaas</button>
    </form>
  );
}

/** "09/07/2026, 20/01/2027" as the API's ISO dates; what is not a date goes as written (the API names it). */
export function holidayDates(text: string): string[] {
  return text
    .split(/[,;\s]+/)
    .filter(Boolean)
    .map((d) => {
      const m = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(d);
      return m ? `${m[3]}-${m[2]}-${m[1]}` : d;
    });
}
