import { get, type Page } from "../api";
import { me } from "../session";
import { TaskTable, type Task } from "./TaskTable";
import { useLoad } from "./useLoad";

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
