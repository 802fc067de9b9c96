// F05: what came of a call, registered from the ficha. The API validates what each outcome needs and
// answers the history line it wrote.
import { useState } from "preact/hooks";
import { post } from "../api";
import { FieldError, FormMessage, useFormErrors } from "./FieldError";
import { formatPhone } from "../format";

export interface Phone {
  id: string;
  value: string;
  valid: boolean;
}

const OUTCOMES = [
  ["contacted", "Atendeu"],
  ["no_answer", "Não atendeu"],
  ["wrong_number", "Número errado"],
  ["refused", "Recusou-se a negociar"],
  ["promise", "Promessa de pagamento"],
] as const;

export function CallForm(props: { debtorId: string; taskId?: string; phones: Phone[]; onSaved: () => void }) {
  const { debtorId, phones, onSaved } = props;
  const [taskId, setTaskId] = useState(props.taskId);
  const [outcome, setOutcome] = useState("contacted");
  const { errors, message, clear, fail } = useFormErrors();
  const [saved, setSaved] = useState("");
  const [busy, setBusy] = useState(false);


  async function submit(event: Event) {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const body: Record<string, unknown> = { outcome, note: String(form.get("note") ?? "").trim() };
    const phone = String(form.get("contact_id") ?? "");
    if (phone) body.contact_id = phone;
    if (taskId) body.task_id = taskId;
    const callback = String(form.get("callback_at") ?? "");
    if (callback) body.callback_at = callback; // São Paulo's clock (no offset): the API reads it so
    if (outcome === "promise") {
      body.promise_date = String(form.get("promise_date") ?? "") || null;
      body.promise_amount = String(form.get("promise_amount") ?? "").replace(/\./g, "").replace(",", ".") || null;
    }
    setBusy(true);
    clear();
    setSaved("");
    try {
      const entry = await post<{ detail: string }>(`/debtors/${encodeURIComponent(debtorId)}/calls`, body);
      setSaved(entry.detail + (taskId ? " — tarefa concluída" : "") + (callback ? " — retorno agendado" : ""));
      setTaskId(undefined);
      (event.target as HTMLFormElement).reset();
      setOutcome("contacted");
      onSaved();
    } catch (exc) {
      fail(exc);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form class="panel" onSubmit={submit} aria-labelledby="call-title">
      <h3 id="call-title">Registrar ligação</h3>
      {taskId && <p class="muted small">Esta ligação conclui a tarefa aberta para este devedor.</p>}
      {phones.length > 0 && (
        <>
          <label for="call-phone">Telefone</label>
          <select id="call-phone" name="contact_id">
            {phones.map((p) => (
              <option value={p.id} key={p.id}>
                {formatPhone(p.value)}
                {p.valid ? "" : " (inválido)"}
              </option>
            ))}
          </select>
          <FieldError errors={errors} field="contact_id" id="call-contact_id-error" />
        </>
      )}
      <label for="call-outcome">Resultado</label>
      <select id="call-outcome" value={outcome} onChange={(e) => setOutcome((e.target as HTMLSelectElement).value)}>
        {OUTCOMES.map(([value, label]) => (
          <option value={value} key={value}>
            {label}
          </option>
        ))}
      </select>
      {outcome === "promise" && (
        <div class="pair">
          <div>
            <label for="call-promise-date">Data prometida</label>
            <input id="call-promise-date" name="promise_date" type="date" required />
            <FieldError errors={errors} field="promise_date" id="call-promise_date-error" />
          </div>
          <div>
            <label for="call-promise-amount">Valor prometido (R$)</label>
            <input id="call-promise-amount" name="promise_amount" inputMode="decimal" placeholder="0,00" required />
            <FieldError errors={errors} field="promise_amount" id="call-promise_amount-error" />
          </div>
        </div>
      )}
      <label for="call-callback">Agendar retorno (opcional)</label>
      <input id="call-callback" name="callback_at" type="datetime-local" />
      <FieldError errors={errors} field="callback_at" id="call-callback_at-error" />
      <label for="call-note">Observação</label>
      <input id="call-note" name="note" maxLength={300} />
      <FieldError errors={errors} field="note" id="call-note-error" />
      <FormMessage message={message} />
      {saved && (
        <p class="ok" role="status">
          Registrado: {saved}
        </p>
      )}
      <button type="submit" disabled={busy}>
        Registrar
      </button>
    </form>
  );
}
