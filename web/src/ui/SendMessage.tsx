// A one-off message from the ficha: a template the debtor can receive now, about their open titles
// with one creditor; the sender delivers it within the windows and limits like any other.
import { useRef, useState } from "preact/hooks";
import { get, post, type Page } from "../api";
import { date } from "../format";
import { CHANNELS, type MessageChannel } from "../messaging";
import { FieldError, FormMessage, useFormErrors } from "./FieldError";
import { useLoad } from "./useLoad";

interface Choice {
  id: string;
  name: string;
  channel: MessageChannel;
}

export function SendMessage(props: { debtorId: string; creditors: [string, string][]; promised?: string | null; holdsUntil?: string | null; onSent: () => void }) {
  const choices = useLoad(() => get<Page<Choice>>(`/debtors/${encodeURIComponent(props.debtorId)}/message-templates`), [props.debtorId]);
  const [template, setTemplate] = useState("");
  const [creditor, setCreditor] = useState("");
  const { errors, message, clear, fail } = useFormErrors();
  const [done, setDone] = useState("");
  const [busy, setBusy] = useState(false);
  const attempt = useRef("");
  const items = choices.data?.items ?? [];
  const chosen = items.find((c) => c.id === template) ?? items[0];
  const held = props.holdsUntil ?? null; // the API says until when a promise holds the debtor's messages

  async function send(event: Event) {
    event.preventDefault();
    if (!chosen) return;
    clear();
    setDone("");
    setBusy(true);
    attempt.current ||= crypto.randomUUID(); // a double click or a retry sends once
    try {
      const body = { channel: chosen.channel, template_id: chosen.id, creditor_id: creditor || null };
      await post(`/debtors/${encodeURIComponent(props.debtorId)}/messages`, body, attempt.current);
      attempt.current = "";
      const when = held ? `fica retida pela promessa e sai a partir de ${date(held)}` : "sai no próximo horário permitido";
      setDone(`${CHANNELS[chosen.channel]} "${chosen.name}" na fila: ${when}.`);
      props.onSent();
    } catch (exc) {
      fail(exc);
    } finally {
      setBusy(false);
    }
  }

  if (choices.data && items.length === 0)
    return <p class="muted small">Nenhum modelo para os contatos válidos deste devedor.</p>;
  return (
    <form class="panel" onSubmit={send} aria-labelledby="send-title">
      <h2 id="send-title">Enviar mensagem</h2>
      <label for="send-template">Modelo</label>
      <select id="send-template" value={chosen?.id ?? ""} onChange={(e) => setTemplate((e.target as HTMLSelectElement).value)}>
        {items.map((c) => (
          <option key={c.id} value={c.id}>
            {CHANNELS[c.channel]} · {c.name}
          </option>
        ))}
      </select>
      <FieldError errors={errors} field="template_id" id="send-template-error" />
      {props.creditors.length > 1 && (
        <>
          <label for="send-creditor">Sobre os títulos de</label>
          <select id="send-creditor" value={creditor} onChange={(e) => setCreditor((e.target as HTMLSelectElement).value)}>
            <option value="">O credor do título mais antigo</option>
            {props.creditors.map(([id, name]) => (
              <option key={id} value={id}>
                {name}
              </option>
            ))}
          </select>
        </>
      )}
      <FieldError errors={errors} field="creditor_id" id="send-creditor-error" />
      <FieldError errors={errors} field="channel" id="send-channel-error" />
      {held && (
        <p class="warning" id="send-held">
          Há uma promessa de pagamento para {date(props.promised)}: enquanto ela vale, o devedor não recebe mensagens. Esta
          mensagem só sairá a partir de {date(held)}.
        </p>
      )}
      <FormMessage message={message} done={done} />
      <button type="submit" disabled={busy || !chosen} aria-describedby={held ? "send-held" : undefined}>
        Enviar mensagem
      </button>
    </form>
  );
}
