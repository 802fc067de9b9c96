// Devedores: search by any word of the name, CPF/CNPJ, title number, e-mail or phone, with filters
// (creditor, category, operator, status, days late, updated amount); each row shows the category's
// colour, the open balance updated today, the oldest title's days late and the status. Cursor pages.
import { useEffect, useRef, useState } from "preact/hooks";
import { get, type Page } from "../api";
import { brl, formatDocument, maskDocumentInput, parseAmount } from "../format";
import { me } from "../session";
import { Choice, type Named } from "./Choice";
import { Link } from "./Link";
import { useLoad } from "./useLoad";
import { useOperators } from "./useOperators";
import { useCategories, useCreditors } from "./useReference";

interface Balance {
  open_titles: number;
  original_amount: string;
  updated_amount: string;
  oldest_due_date: string | null;
  days_late: number;
  status: "open" | "in_agreement" | "in_lawsuit" | "settled" | "no_titles";
}

interface DebtorRow {
  id: string;
  document: string;
  document_kind: "CPF" | "CNPJ";
  name: string;
  uf: string | null;
  category_id: string | null;
  operator_id: string | null;
  balance: Balance | null;
}

export interface Category {
  id: string;
  name: string;
  color: string;
}

const STATUSES: [Balance["status"], string][] = [
  ["open", "Em aberto"],
  ["in_agreement", "Em acordo"],
  ["in_lawsuit", "Ajuizado"],
  ["settled", "Quitado"],
  ["no_titles", "Sem títulos"],
];
const STATUS_NAMES = new Map(STATUSES);
const MINE = "__mine__";
const UNASSIGNED = "__none__";

type Filters = Record<string, string>;

/** The API's query for the typed text and the filters (amounts typed the pt-BR way). */
function queryOf(q: string, f: Filters, userId: string | undefined): Record<string, string | undefined> {
  const amount = (v: string | undefined) => (v ? (parseAmount(v) ?? undefined) || undefined : undefined);
  return {
    q: q || undefined,
    creditor: f.creditor || undefined,
    category: f.category || undefined,
    operator: f.operator === MINE ? userId : f.operator && f.operator !== UNASSIGNED ? f.operator : undefined,
    unassigned: f.operator === UNASSIGNED ? "true" : undefined,
    status: f.status || undefined,
    min_days_late: f.min_days || undefined,
    max_days_late: f.max_days || undefined,
    min_amount: amount(f.min_amount),
    max_amount: amount(f.max_amount),
    balance: "true",
    limit: "25",
  };
}

export function Debtors() {
  const [typed, setTyped] = useState("");
  const [filters, setFilters] = useState<Filters>({});
  const [applied, setApplied] = useState<{ q: string; f: Filters }>({ q: "", f: {} });
  const [pages, setPages] = useState<DebtorRow[][]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [more, setMore] = useState(false);
  const box = useRef<HTMLInputElement>(null);
  const { supervisor, operators } = useOperators();
  const categories = useCategories<Category>();
  const creditors = useCreditors();
  const query = queryOf(applied.q, applied.f, me.value?.user_id);
  const first = useLoad(() => get<Page<DebtorRow>>("/debtors", query), [JSON.stringify(query)]);

  useEffect(() => {
    const timer = setTimeout(() => setApplied({ q: typed.trim(), f: filters }), 300); // search as you type
    return () => clearTimeout(timer);
  }, [typed, filters]);
  useEffect(() => {
    if (first.data) {
      setPages([first.data.items]);
      setCursor(first.data.next_cursor);
    }
  }, [first.data]);
  useEffect(() => box.current?.focus(), []);

  async function loadMore() {
    if (!cursor) return;
    setMore(true);
    const page = await get<Page<DebtorRow>>("/debtors", { ...query, cursor });
    setPages((p) => [...p, page.items]);
    setCursor(page.next_cursor);
    setMore(false);
  }

  const set = (name: string) => (value: string) => setFilters((f) => ({ ...f, [name]: value }));
  const input = (name: string) => (e: Event) => set(name)((e.target as HTMLInputElement).value);
  const colour = new Map((categories.data?.items ?? []).map((c) => [c.id, c]));
  const rows = pages.flat();
  const operatorExtra: Named[] = supervisor
    ? [{ id: UNASSIGNED, name: "Sem operador" }]
    : [{ id: MINE, name: "Só os meus" }];
  return (
    <section aria-labelledby="debtors-title">
      <h1 id="debtors-title">Devedores</h1>
      <form
        role="search"
        class="search"
        onSubmit={(e) => {
          e.preventDefault();
          setApplied({ q: typed.trim(), f: filters });
        }}
      >
        <label for="q">Buscar devedor</label>
        <div class="row">
          <input
            id="q"
            ref={box}
            type="search"
            value={typed}
            placeholder="Nome, CPF/CNPJ, nº do título, e-mail ou telefone"
            autoComplete="off"
            aria-describedby="q-help"
            onInput={(e) => setTyped(maskDocumentInput((e.target as HTMLInputElement).value))}
          />
          <button type="submit">Buscar</button>
        </div>
        <p id="q-help" class="muted small">
          Qualquer palavra do nome (sobrenome também, basta o começo), o CPF/CNPJ com ou sem pontuação, o número de
          um título, um e-mail ou um telefone com DDD.
        </p>
        <details class="more-filters">
          <summary>Filtros</summary>
          <div class="filters">
            <Choice id="f-creditor" name="creditor" label="Credor" any="Todos" items={creditors.data?.items ?? []} value={filters.creditor ?? ""} onChange={set("creditor")} />
            <Choice id="f-category" name="category" label="Categoria" any="Todas" items={categories.data?.items ?? []} value={filters.category ?? ""} onChange={set("category")} />
            <Choice id="f-operator" name="operator" label="Operador" any="Qualquer um" items={operators} extra={operatorExtra} value={filters.operator ?? ""} onChange={set("operator")} />
            <Choice id="f-status" name="status" label="Situação" any="Todas" items={STATUSES.map(([id, name]) => ({ id, name }))} value={filters.status ?? ""} onChange={set("status")} />
            <div>
              <label for="f-min-days">Atraso, de (dias)</label>
              <input id="f-min-days" type="number" min={0} value={filters.min_days ?? ""} onInput={input("min_days")} />
            </div>
            <div>
              <label for="f-max-days">até (dias)</label>
              <input id="f-max-days" type="number" min={0} value={filters.max_days ?? ""} onInput={input("max_days")} />
            </div>
            <div>
              <label for="f-min-amount">Valor atualizado, de (R$)</label>
              <input id="f-min-amount" inputMode="decimal" value={filters.min_amount ?? ""} onInput={input("min_amount")} />
            </div>
            <div>
              <label for="f-max-amount">até (R$)</label>
              <input id="f-max-amount" inputMode="decimal" value={filters.max_amount ?? ""} onInput={input("max_amount")} />
            </div>
          </div>
          <button type="button" class="quiet" onClick={() => setFilters({})}>
            Limpar filtros
          </button>
        </details>
      </form>
      {first.error && <p role="alert" class="error">{first.error}</p>}
      <p class="muted" aria-live="polite">
        {first.loading ? "Buscando…" : `${rows.length}${cursor ? "+" : ""} devedor(es)`}
      </p>
      {rows.length > 0 && (
        <table class="list">
          <caption class="sr-only">Devedores encontrados</caption>
          <thead>
            <tr>
              <th scope="col">Nome</th>
              <th scope="col">CPF/CNPJ</th>
              <th scope="col">Categoria</th>
              <th scope="col" class="num">
                Em aberto (atualizado)
              </th>
              <th scope="col" class="num">
                Atraso
              </th>
              <th scope="col">Situação</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((d) => {
              const category = d.category_id ? colour.get(d.category_id) : undefined;
              const b = d.balance;
              return (
                <tr key={d.id}>
                  <td data-label="Nome">
                    <Link to={{ screen: "debtor", id: d.id }}>{d.name}</Link>
                  </td>
                  <td data-label="CPF/CNPJ" class="mono">
                    {formatDocument(d.document)}
                  </td>
                  <td data-label="Categoria">
                    {category ? (
                      <span class="tag">
                        <span class="dot" style={{ background: category.color }} aria-hidden="true" />
                        {category.name}
                      </span>
                    ) : (
                      "—"
                    )}
                  </td>
                  <td data-label="Em aberto (atualizado)" class="num">
                    {b && b.open_titles ? brl(b.updated_amount) : "—"}
                  </td>
                  <td data-label="Atraso" class="num">
                    {b && b.open_titles ? (b.days_late ? `${b.days_late} dia(s)` : "a vencer") : "—"}
                  </td>
                  <td data-label="Situação">{b ? STATUS_NAMES.get(b.status) : "—"}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {cursor && (
        <button type="button" class="quiet" onClick={loadMore} disabled={more}>
          {more ? "Carregando…" : "Carregar mais"}
        </button>
      )}
    </section>
  );
}
