import { get, type Page } from "../api";
import { brl, date, formatPhone, timestamp } from "../format";
import { me } from "../session";
import { Link } from "./Link";
import { useLoad } from "./useLoad";

interface Task {
  id: string;
  kind: "ruler" | "callback";
  debtor_id: string;
  debtor_name: string;
  phone: string;
  step: string;
  run_date: string;
  due_at: string | null;
  status: "open" | "done";
  items: { id: string; label: string; amount: string }[];
}

/** Início: the signed-in user's calls to make — the ruler's call tasks and the call-backs they
 * scheduled (those whose moment has come first; later ones below). */
export function Home() {
  const tasks = useLoad(() => get<Page<Task>>("/tasks", { status: "open" }), []);
  const now = new Date().toISOString();
  const open = tasks.data?.items ?? [];
  const due = open.filter((t) => !t.due_at || t.due_at <= now);
  const later = open.filter((t) => t.due_at && t.due_at > now);
  return (
    <section aria-labelledby="home-title">
      <h1 id="home-title">Início</h1>
      <p class="muted">{me.value ? `Olá, ${me.value.email}.` : ""} O que há para fazer hoje:</p>
      <h2>Ligações a fazer</h2>
      {tasks.error && <p role="alert" class="error">{tasks.error}</p>}
      {tasks.loading && !tasks.data && <p class="muted">Carregando…</p>}
      {tasks.data && due.length === 0 && <p>Nenhuma ligação pendente agora.</p>}
      {due.length > 0 && <TaskTable tasks={due} caption="Ligações a fazer agora" />}
      {later.length > 0 && (
        <>
          <h2>Retornos agendados</h2>
          <TaskTable tasks={later} caption="Retornos agendados" />
        </>
      )}
    </section>
  );
}

function TaskTable({ tasks, caption }: { tasks: Task[]; caption: string }) {
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
              {t.kind === "callback" ? "Retorno agendado" : "Régua de cobrança"}
              {t.items.length > 0 && <span class="muted small"> · {t.items.map((i) => i.label || i.id).join(", ")}</span>}
            </td>
            <td data-label="Valor original" class="num">
              {t.items.length ? brl(t.items.reduce((sum, i) => sum + Number(i.amount), 0)) : "—"}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
