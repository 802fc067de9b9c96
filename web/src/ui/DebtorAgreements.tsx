// The ficha's agreements: each of the debtor's agreements with its number (a link to it), state, what is
// paid and the next installment to pay — what an operator needs when a debtor in agreement calls.
import { get, type Page } from "../api";
import { brl, date } from "../format";
import { Link } from "./Link";
import { useLoad } from "./useLoad";

interface Installment {
  number: number;
  due_date: string;
  amount: string;
  status: string;
}

interface Agreement {
  id: string;
  number: string;
  status: "active" | "cancelled" | "paid" | "broken";
  total: string;
  installments: Installment[];
}

const STATUS: Record<Agreement["status"], string> = { active: "Ativo", cancelled: "Cancelado", paid: "Quitado", broken: "Quebrado" };

export function nextToPay(a: Agreement): Installment | undefined {
  return [...a.installments].sort((x, y) => x.number - y.number).find((i) => i.status === "pending");
}

export function DebtorAgreements({ debtorId, version }: { debtorId: string; version: number }) {
  const found = useLoad(() => get<Page<Agreement>>(`/agreements?debtor=${encodeURIComponent(debtorId)}&limit=20`), [debtorId, version]);
  const items = found.data?.items ?? [];
  if (!items.length) return null;
  return (
    <section aria-labelledby="debtor-agreements-title">
      <h2 id="debtor-agreements-title">Acordos</h2>
      <ul class="agreements">
        {items.map((a) => {
          const paid = a.installments.filter((i) => i.status === "paid");
          const next = nextToPay(a);
          return (
            <li key={a.id}>
              <Link to={{ screen: "agreements", id: a.id }}>{a.number}</Link> · {STATUS[a.status] ?? a.status} · total {brl(a.total)} · {paid.length} de{" "}
              {a.installments.length} paga(s)
              {a.status === "active" && next && (
                <>
                  {" "}
                  · próxima: {next.number === 0 ? "entrada" : `parcela ${next.number}`} de {brl(next.amount)} em {date(next.due_date)}
                </>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
