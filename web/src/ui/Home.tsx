import { get, type Page } from "../api";
import { brl, date } from "../format";
import { me } from "../session";
import { Link } from "./Link";
import { useLoad } from "./useLoad";

interface Task {
  id: string;
  debtor_id: string;
  debtor_name: string;
  step: string;
  run_date: string;
  status: "open" | "done";
  items: { id: string; label: string; amount: string }[];
}

export function Home() {
  const tasks = useLoad(() => get<Page<Task>>("/tasks", { status: "open" }), []);
  const open = tasks.data?.items ?? [];
  return (
    <section aria-labelledby="home-title">
      <h1 id="home-title">Início</h1>
      <p class="muted">{me.value ? `Olá, ${me.value.email}.` : ""} O que há para fazer hoje:</p>
      <h2>Ligações a fazer</h2>
      {tasks.error && <p role="alert" class="error">{tasks.error}</p>}
      {tasks.loading && !tasks.data && <p class="muted">Carregando…</p>}
      {tasks.data && open.length === 0 && <p>Nenhuma ligação pendente.</p>}
      {open.length > 0 && (
        <table class="list">
          <caption class="sr-only">Ligações pendentes</caption>
          <thead>
            <tr>
              <th scope="col">Devedor</th>
              <th scope="col">Desde</th>
              <th scope="col">Títulos</th>
              <th scope="col" class="num">Valor original</th>
            </tr>
          </thead>
          <tbody>
            {open.map((t) => (
              <tr key={t.id}>
                <td data-label="Devedor">
                  <Link to={{ screen: "debtor", id: t.debtor_id }}>{t.debtor_name || "Devedor"}</Link>
                </td>
                <td data-label="Desde">{date(t.run_date)}</td>
                <td data-label="Títulos">{t.items.map((i) => i.label || i.id).join(", ")}</td>
                <td data-label="Valor original" class="num">
                  {brl(t.items.reduce((sum, i) => sum + Number(i.amount), 0))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
