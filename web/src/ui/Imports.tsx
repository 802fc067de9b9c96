// Importações (F02): send a CSV or XLSX (the API's layout, Portuguese names or the tenant's mapping; up to 4 MB), follow its progress, read the report
// (rejected rows and warnings, with the field and the reason), download the rejected rows to fix and
// send again, and see past imports.
import { useEffect, useState } from "preact/hooks";
import { download, get, messageOf, upload, type Page } from "../api";
import { timestamp } from "../format";
import { navigate } from "../router";
import { ImportMapping } from "./ImportMapping";
import { Link } from "./Link";
import { useLoad } from "./useLoad";

const MAX_BYTES = 4 * 1024 * 1024; // the API's limit for a file in the body (larger: the CLI)
const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

interface Counts {
  rows: number;
  debtors_created: number;
  contacts_created: number;
  titles_created: number;
  titles_existing: number;
  titles_settled?: number;
  rejected: number;
  warnings: number;
}

interface ImportJob {
  id: string;
  status: "pending" | "processing" | "done" | "failed";
  filename: string;
  created_at: string;
  next_row: number;
  total_rows: number | null;
  counts: Counts;
  error: string | null;
  progress_percent: number | null;
}

interface RowError {
  row: number;
  field: string;
  reason: string;
  warning: boolean;
}

interface Report {
  job: ImportJob;
  rejected_rows: RowError[];
  warnings: RowError[];
}

const STATUS = { pending: "Na fila", processing: "Processando", done: "Concluída", failed: "Falhou" };
const n = new Intl.NumberFormat("pt-BR");

export function Imports({ id }: { id?: string }) {
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);
  const [finished, setFinished] = useState(0); // a report that ends refreshes the list
  const past = useLoad(() => get<Page<ImportJob>>("/imports", { limit: "20" }), [id, finished]);

  async function send(event: Event) {
    event.preventDefault();
    const file = (new FormData(event.currentTarget as HTMLFormElement).get("file") as File | null) ?? null;
    setError("");
    if (!file || !file.size) return setError("Escolha um arquivo CSV ou XLSX.");
    if (file.size > MAX_BYTES) return setError("Arquivo acima de 4 MB: divida-o ou use a linha de comando.");
    setBusy(true);
    try {
      const type = file.name.toLowerCase().endsWith(".xlsx") ? XLSX : "text/csv";
      const job = await upload<ImportJob>("/imports", file, type, { filename: file.name });
      navigate({ screen: "imports", id: job.id });
    } catch (exc) {
      setError(messageOf(exc, "Erro de conexão. Tente de novo."));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="imports-title">
      <h1 id="imports-title">Importações</h1>
      <form class="panel" onSubmit={send}>
        <label for="file">Arquivo (CSV ou XLSX)</label>
        <input id="file" name="file" type="file" accept={`.csv,.xlsx,text/csv,${XLSX}`} aria-describedby="file-help" />
        <p id="file-help" class="muted small">
          Colunas: CPF/CNPJ, nome, credor, número do título, valor, vencimento (e, se houver, e-mail,
          telefone, endereço). Até 4 MB por arquivo. Comece pelo modelo:{" "}
          <button type="button" class="quiet" onClick={() => void download("/import-template?format=xlsx", "modelo-importacao.xlsx")}>
            baixar modelo XLSX
          </button>{" "}
          ou{" "}
          <button type="button" class="quiet" onClick={() => void download("/import-template", "modelo-importacao.csv")}>
            CSV
          </button>
          .
        </p>
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {busy ? "Enviando…" : "Importar"}
        </button>
      </form>
      <ImportMapping />
      {id && <ImportReport id={id} onFinished={() => setFinished((v) => v + 1)} />}
      <h2>Importações anteriores</h2>
      {past.data && past.data.items.length === 0 && <p class="muted">Nenhuma importação ainda.</p>}
      {past.data && past.data.items.length > 0 && (
        <table class="list">
          <caption class="sr-only">Importações anteriores</caption>
          <thead>
            <tr>
              <th scope="col">Arquivo</th>
              <th scope="col">Enviada em</th>
              <th scope="col">Situação</th>
              <th scope="col" class="num">Linhas</th>
              <th scope="col" class="num">Rejeitadas</th>
            </tr>
          </thead>
          <tbody>
            {past.data.items.map((j) => (
              <tr key={j.id}>
                <td data-label="Arquivo">
                  <Link to={{ screen: "imports", id: j.id }}>{j.filename || j.id}</Link>
                </td>
                <td data-label="Enviada em">{timestamp(j.created_at)}</td>
                <td data-label="Situação">{STATUS[j.status]}</td>
                <td data-label="Linhas" class="num">
                  {n.format(j.counts.rows)}
                </td>
                <td data-label="Rejeitadas" class="num">
                  {n.format(j.counts.rejected)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function ImportReport({ id, onFinished }: { id: string; onFinished: () => void }) {
  const [report, setReport] = useState<Report | null>(null);
  const [error, setError] = useState("");
  useEffect(() => {
    let stop = false;
    let timer: ReturnType<typeof setTimeout>;
    async function poll() {
      try {
        const found = await get<Report>(`/imports/${encodeURIComponent(id)}`);
        if (stop) return;
        setReport(found);
        if (found.job.status === "pending" || found.job.status === "processing") timer = setTimeout(poll, 1000);
        else onFinished();
      } catch (exc) {
        if (!stop) setError(messageOf(exc, "Erro de conexão."));
      }
    }
    setReport(null);
    void poll();
    return () => {
      stop = true;
      clearTimeout(timer);
    };
  }, [id]);

  if (error) return <p role="alert" class="error">{error}</p>;
  if (!report) return <p class="muted">Carregando…</p>;
  const { job } = report;
  const total = job.total_rows ?? 0;
  const percent = job.status === "done" ? 100 : (job.progress_percent ?? 0);
  const c = job.counts;
  return (
    <section class="panel" aria-labelledby="report-title">
      <h2 id="report-title">{job.filename || "Importação"}</h2>
      <label for="import-progress">
        {STATUS[job.status]}: {n.format(Math.min(job.next_row, total))} de {n.format(total)} linhas ({percent}%)
      </label>
      <progress id="import-progress" max={100} value={percent} />
      {job.error && (
        <p class="error" role="alert">
          {job.error}
        </p>
      )}
      {job.status === "done" && (
        <>
          <dl class="facts">
            <div>
              <dt>Devedores novos</dt>
              <dd>{n.format(c.debtors_created)}</dd>
            </div>
            <div>
              <dt>Títulos novos</dt>
              <dd>{n.format(c.titles_created)}</dd>
            </div>
            <div>
              <dt>Títulos já existentes</dt>
              <dd>{n.format(c.titles_existing)}</dd>
            </div>
            {(c.titles_settled ?? 0) > 0 && (
              <div>
                <dt>Baixados na origem (pagos ou cancelados)</dt>
                <dd>{n.format(c.titles_settled ?? 0)}</dd>
              </div>
            )}
            <div>
              <dt>Contatos novos</dt>
              <dd>{n.format(c.contacts_created)}</dd>
            </div>
            <div>
              <dt>Linhas rejeitadas</dt>
              <dd>{n.format(c.rejected)}</dd>
            </div>
            <div>
              <dt>Avisos</dt>
              <dd>{n.format(c.warnings)}</dd>
            </div>
          </dl>
          {c.rejected > 0 && (
            <button
              type="button"
              class="quiet"
              onClick={() => void download(`/imports/${encodeURIComponent(id)}/rejected.csv`, "rejeitadas.csv")}
            >
              Baixar linhas rejeitadas (CSV)
            </button>
          )}
          <RowErrors title="Linhas rejeitadas" rows={report.rejected_rows} />
          <RowErrors title="Avisos" rows={report.warnings} />
        </>
      )}
    </section>
  );
}

function RowErrors({ title, rows }: { title: string; rows: RowError[] }) {
  if (!rows.length) return null;
  return (
    <>
      <h3>{title}</h3>
      <table class="list">
        <caption class="sr-only">{title}</caption>
        <thead>
          <tr>
            <th scope="col" class="num">Linha</th>
            <th scope="col">Campo</th>
            <th scope="col">Motivo</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={`${r.row}-${r.field}`}>
              <td data-label="Linha" class="num">
                {r.row}
              </td>
              <td data-label="Campo">{r.field}</td>
              <td data-label="Motivo">{r.reason}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
