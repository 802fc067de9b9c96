import { useEffect, useRef, useState } from "preact/hooks";
import { get, type Page } from "../api";
import { formatDocument, maskDocumentInput } from "../format";
import { Link } from "./Link";
import { useLoad } from "./useLoad";

interface DebtorSummary {
  id: string;
  document: string;
  document_kind: "CPF" | "CNPJ";
  name: string;
  uf: string | null;
  category_id: string | null;
  operator_id: string | null;
}

export interface Category {
  id: string;
  name: string;
  color: string;
}

export function Debtors() {
  const [typed, setTyped] = useState("");
  const [query, setQuery] = useState("");
  const [pages, setPages] = useState<DebtorSummary[][]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [more, setMore] = useState(false);
  const box = useRef<HTMLInputElement>(null);
  const categories = useLoad(() => get<Page<Category>>("/categories"), []);
  const first = useLoad(() => get<Page<DebtorSummary>>("/debtors", { q: query || undefined, limit: "50" }), [query]);

  useEffect(() => {
    const timer = setTimeout(() => setQuery(typed.trim()), 300); // search as you type
    return () => clearTimeout(timer);
  }, [typed]);
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
    const page = await get<Page<DebtorSummary>>("/debtors", { q: query || undefined, limit: "50", cursor });
    setPages((p) => [...p, page.items]);
    setCursor(page.next_cursor);
    setMore(false);
  }

  const colour = new Map((categories.data?.items ?? []).map((c) => [c.id, c]));
  const rows = pages.flat();
  return (
    <section aria-labelledby="debtors-title">
      <h1 id="debtors-title">Devedores</h1>
      <form
        role="search"
        class="search"
        onSubmit={(e) => {
          e.preventDefault();
          setQuery(typed.trim());
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
              <th scope="col">UF</th>
              <th scope="col">Categoria</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((d) => {
              const category = d.category_id ? colour.get(d.category_id) : undefined;
              return (
                <tr key={d.id}>
                  <td data-label="Nome">
                    <Link to={{ screen: "debtor", id: d.id }}>{d.name}</Link>
                  </td>
                  <td data-label="CPF/CNPJ" class="mono">
                    {formatDocument(d.document)}
                  </td>
                  <td data-label="UF">{d.uf ?? "—"}</td>
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
