// Tarefas: an operator's calls (open, or the ones they closed); supervisors and admins see every open
// task, whoever has it, and hand it to another operator or back to the shared queue.
import { useState } from "preact/hooks";
import { get, patch, type Page } from "../api";
import { me } from "../session";
import { TaskTable, type Task } from "./TaskTable";
import { useLoad } from "./useLoad";

interface Operator {
  id: string;
  name: string;
  role: string;
}

export function Tasks() {
  const supervises = me.value?.role !== "operator";
  const [status, setStatus] = useState<"open" | "done">("open");
  const [version, setVersion] = useState(0);
  const everyone = supervises && status === "open";
  const tasks = useLoad(
    () => get<Page<Task>>("/tasks", { status, everyone: everyone ? "true" : undefined, mine: supervises && !everyone ? "true" : undefined }),
    [status, version, everyone],
  );
  const operators = useLoad(() => (supervises ? get<Page<Operator>>("/operators") : Promise.resolve(null)), [supervises]);
  const [notice, setNotice] = useState("");

  async function assign(task: Task, operatorId: string) {
    setNotice("");
    try {
      await patch<Task>(`/tasks/${encodeURIComponent(task.id)}`, { operator_id: operatorId || null });
      const name = operators.data?.items.find((o) => o.id === operatorId)?.name ?? "a fila geral";
      setNotice(`Tarefa de ${task.debtor_name} passada para ${name}.`);
      setVersion((v) => v + 1);
    } catch (exc) {
      setNotice(exc instanceof Error ? exc.message : "Erro de conexão.");
    }
  }

  const extra =
    everyone && operators.data
      ? {
          title: "Responsável",
          cell: (t: Task) => (
            <>
              <label class="sr-only" for={`assign-${t.id}`}>
                Responsável pela tarefa de {t.debtor_name}
              </label>
              <select id={`assign-${t.id}`} value={t.operator_id ?? ""} onChange={(e) => void assign(t, (e.target as HTMLSelectElement).value)}>
                <option value="">Fila geral</option>
                {operators.data?.items.map((o) => (
                  <option key={o.id} value={o.id}>
                    {o.name}
                  </option>
                ))}
              </select>
            </>
          ),
        }
      : undefined;
  const items = tasks.data?.items ?? [];
  return (
    <section aria-labelledby="tasks-title">
      <h1 id="tasks-title">Tarefas</h1>
      <div class="filters">
        <div>
          <label for="tasks-status">Situação</label>
          <select id="tasks-status" value={status} onChange={(e) => setStatus((e.target as HTMLSelectElement).value as "open" | "done")}>
            <option value="open">{supervises ? "Em aberto (de todos)" : "Em aberto"}</option>
            <option value="done">{supervises ? "Concluídas (atribuídas a mim)" : "Concluídas"}</option>
          </select>
        </div>
      </div>
      {notice && <p role="status">{notice}</p>}
      {tasks.error && <p role="alert" class="error">{tasks.error}</p>}
      {tasks.data && items.length === 0 && <p class="muted">Nenhuma tarefa.</p>}
      {items.length > 0 && <TaskTable tasks={items} caption="Tarefas" extra={extra} />}
    </section>
  );
}
