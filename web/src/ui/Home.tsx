import { get, type Page } from "../api";
import { brl, date, greeting, timestamp } from "../format";
import { me } from "../session";
import { Link } from "./Link";
import { TaskTable, type Task } from "./TaskTable";
import { useLoad } from "./useLoad";

interface AlertView {
  id: string;
  at: string;
  debtor_id: string;
  detail: string;
}

interface PromiseView {
  debtor_id: string;
  debtor_name: string;
  date: string;
  amount: string;
  broken: boolean;
}

/** Início: the signed-in user's calls to make — the ruler's call tasks and the call-backs they
 * scheduled (those whose moment has come first; later ones below) — the promises they registered
 * that broke, and the tenant's payment alerts (refunds, chargebacks, credits to give back). */
export function Home() {
  const tasks = useLoad(() => get<Page<Task>>("/tasks", { status: "open" }), []);
  const promises = useLoad(() => get<Page<PromiseView>>("/promises"), []);
  const alerts = useLoad(() => get<Page<AlertView>>("/alerts", { limit: "10" }), []);
  const broken = (promises.data?.items ?? []).filter((p) => p.broken);
  const now = new Date().toISOString();
  const open = tasks.data?.items ?? [];
  const due = open.filter((t) => !t.due_at || t.due_at <= now);
  const later = open.filter((t) => t.due_at && t.due_at > now);
  return (
    <section aria-labelledby="home-title">
      <h1 id="home-title">Início</h1>
      <p class="muted">{me.value ? greeting(me.value.name ?? "", me.value.email) : ""} O que há para fazer hoje:</p>
      <h2>Ligações a fazer</h2>
      {tasks.error && <p role="alert" class="error">{tasks.error}</p>}
      {tasks.loading && !tasks.data && <p class="muted">Carregando…</p>}
      {tasks.data && due.length === 0 && <p>Nenhuma ligação pendente agora.</p>}
      {due.length > 0 && <TaskTable tasks={due} caption="Ligações a fazer agora" />}
      {broken.length > 0 && (
        <>
          <h2>Promessas quebradas</h2>
          <p class="muted small">Promessas que você registrou nos últimos 30 dias: a data passou e os títulos seguem em aberto.</p>
          <ul class="contacts">
            {broken.map((p) => (
              <li key={`${p.debtor_id}${p.date}`}>
                <Link to={{ screen: "debtor", id: p.debtor_id }}>{p.debtor_name || "Devedor"}</Link>{" "}
                <span class="badge bad">
                  {brl(p.amount)} até {date(p.date)}
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
      {(alerts.data?.items.length ?? 0) > 0 && (
        <>
          <h2>Alertas de pagamento</h2>
          <p class="muted small">Estornos, chargebacks, pagamentos recebidos depois do fim do acordo e créditos a devolver: confira com o credor.</p>
          <ul class="contacts">
            {alerts.data?.items.map((a) => (
              <li key={a.id}>
                <span class="badge bad">{timestamp(a.at)}</span> <Link to={{ screen: "debtor", id: a.debtor_id }}>{a.detail}</Link>
              </li>
            ))}
          </ul>
        </>
      )}
      {later.length > 0 && (
        <>
          <h2>Retornos agendados</h2>
          <TaskTable tasks={later} caption="Retornos agendados" />
        </>
      )}
    </section>
  );
}
