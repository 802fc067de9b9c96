// Execuções: what one run date did, per ruler step and batch action — how many were sent, are waiting,
// were deferred (and why: hours, cap, quota, promise), failed (and why) or dispensed (paid, in agreement).
import { useState } from "preact/hooks";
import { get, post } from "../api";
import { date, todayInSaoPaulo } from "../format";
import { me } from "../session";
import { CHANNELS, STATUSES, type RunReport, type StepReport } from "../messaging";
import { useLoad } from "./useLoad";

export function Runs() {
  const [day, setDay] = useState(todayInSaoPaulo());
  const [version, setVersion] = useState(0);
  const report = useLoad(() => get<RunReport>(`/rulers/runs/${day}`), [day, version]);
  const [ran, setRan] = useState("");

  async function runAgain() {
    setRan("");
    try {
      await post("/rulers/run", { date: day });
      setRan(`Execução de ${date(day)} refeita: o que já tinha sido decidido não se repete.`);
      setVersion((v) => v + 1);
    } catch (exc) {
      setRan(exc instanceof Error ? exc.message : "Erro de conexão.");
    }
  }

  return (
    <div>
      <div class="filters">
        <div>
          <label for="run-day">Data da execução</label>
          <input id="run-day" type="date" value={day} onChange={(e) => setDay((e.target as HTMLInputElement).value || todayInSaoPaulo())} />
        </div>
        <button type="button" class="quiet" onClick={() => setVersion((v) => v + 1)}>
          Atualizar
        </button>
        {me.value?.role === "admin" && (
          <button type="button" class="quiet" onClick={() => void runAgain()}>
            Executar este dia
          </button>
        )}
      </div>
      {ran && <p role="status">{ran}</p>}
      {report.error && <p role="alert" class="error">{report.error}</p>}
      {report.data && <Report report={report.data} />}
    </div>
  );
}

function Report({ report }: { report: RunReport }) {
  if (!report.total) return <p class="muted">Nenhuma mensagem decidida em {date(report.run_date)}.</p>;
  return (
    <>
      <h2>
        {date(report.run_date)}: {report.total} mensagens
      </h2>
      <ul class="counts" aria-label="Totais do dia">
        {STATUSES.filter(([s]) => report.counts[s]).map(([s, label]) => (
          <li key={s}>
            {label}: <strong>{report.counts[s]}</strong>
          </li>
        ))}
      </ul>
      <table class="list" style={{ marginTop: "1rem" }}>
        <caption class="sr-only">Mensagens por passo</caption>
        <thead>
          <tr>
            <th scope="col">Origem</th>
            <th scope="col">Canal</th>
            <th scope="col" class="num">
              Total
            </th>
            {STATUSES.map(([s, label]) => (
              <th scope="col" class="num" key={s}>
                {label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {report.steps.map((step) => (
            <Row key={`${step.origin}|${step.step}`} step={step} />
          ))}
        </tbody>
      </table>
    </>
  );
}

function Row({ step }: { step: StepReport }) {
  const why = STATUSES.filter(([s]) => step.reasons[s]);
  return (
    <tr>
      <td data-label="Origem">
        <span class="strong">{step.name || step.label}</span>
        {step.name && <span class="muted"> · {step.label}</span>}
        {why.length > 0 && (
          <ul class="reasons">
            {why.flatMap(([s, label]) =>
              Object.entries(step.reasons[s] ?? {}).map(([reason, n]) => (
                <li key={`${s}${reason}`}>
                  {label.toLowerCase()}: {reason} ({n})
                </li>
              )),
            )}
          </ul>
        )}
      </td>
      <td data-label="Canal">{CHANNELS[step.channel]}</td>
      <td data-label="Total" class="num">
        {step.total}
      </td>
      {STATUSES.map(([s, label]) => (
        <td data-label={label} class="num" key={s}>
          {step.counts[s] ?? 0}
        </td>
      ))}
    </tr>
  );
}
