// A list of call tasks (Início, Tarefas).
import type { ComponentChildren } from "preact";
import { brl, date, formatPhone, timestamp } from "../format";
import { Link } from "./Link";

export interface Task {
  id: string;
  kind: "ruler" | "callback" | "payment";
  debtor_id: string;
  debtor_name: string;
  phone: string;
  step: string;
  run_date: string;
  due_at: string | null;
  status: "open" | "done";
  operator_id: string | null;
  items: { id: string; label: string; amount: string }[];
}

interface Extra {
  title: string;
  cell: (t: Task) => ComponentChildren;
}

/** Calls to make: the debtor one click away (the visit answers the task), the phone to dial, when, why.
 * `extra` adds a last column (a supervisor's "Responsável"). */
const KIND: Record<Task["kind"], string> = {
  ruler: "Régua de cobrança",
  callback: "Retorno agendado",
  payment: "Enviar forma de pagamento",
};

export function TaskTable({ tasks, caption, extra }: { tasks: Task[]; caption: string; extra?: Extra }) {
  return (
    <table class="list">
      <caption class="sr-only">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Devedor</th>
          <th scope="col">Telefone</th>
          <th scope="col">Quando</th>
          <th scope="col">Motivo</th>
          <th scope="col" class="num">Valor original</th>
          {extra && <th scope="col">{extra.title}</th>}
        </tr>
      </thead>
      <tbody>
        {tasks.map((t) => (
          <tr key={t.id}>
            <td data-label="Devedor">
              <Link to={{ screen: "debtor", id: t.debtor_id, task: t.id }}>{t.debtor_name || "Devedor"}</Link>
            </td>
            <td data-label="Telefone" class="mono">
              {t.phone ? <a href={`tel:${t.phone}`}>{formatPhone(t.phone)}</a> : "—"}
            </td>
            <td data-label="Quando">{t.due_at ? timestamp(t.due_at) : date(t.run_date)}</td>
            <td data-label="Motivo">
              {KIND[t.kind]}
              {t.kind === "payment" && <span class="muted small"> · {t.step}</span>}
              {t.items.length > 0 && <span class="muted small"> · {t.items.map((i) => i.label || i.id).join(", ")}</span>}
            </td>
            <td data-label="Valor original" class="num">
              {t.items.length ? brl(t.items.reduce((sum, i) => sum + Number(i.amount), 0)) : "—"}
            </td>
            {extra && <td data-label={extra.title}>{extra.cell(t)}</td>}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
