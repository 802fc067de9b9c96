// Registrar pagamento: an installment of a creditor that no portador charges, paid outside it (PIX to
// the creditor's key, a transfer, cash), settled by a supervisor or admin with a portador's effects
// (POST /agreements/{id}/installments/{n}/payment). Sent twice, nothing changes twice. HowToPay shows the
// creditor's payment instructions, as the debtor reads them.
import { useState } from "preact/hooks";
import { ApiError, post } from "../api";
import { brl, parseAmount, todayInSaoPaulo } from "../format";
import { FieldError, FormMessage, useFormErrors } from "./FieldError";

const METHODS = [
  ["pix", "PIX"],
  ["transferencia", "Transferência"],
  ["dinheiro", "Dinheiro"],
  ["boleto_credor", "Boleto do credor"],
  ["outro", "Outro"],
] as const;

export interface Instructions {
  pix_key: string | null;
  bank: string | null;
  agency: string | null;
  account: string | null;
  holder: string | null;
  holder_document: string | null;
  notes: string;
}

export function HowToPay({ how }: { how: Instructions }) {
  return (
    <div class="how-to-pay">
      <h3>Como o devedor paga</h3>
      {how.pix_key && (
        <p>
          PIX — chave <span class="mono">{how.pix_key}</span>
          {how.holder && ` (${how.holder})`}
        </p>
      )}
      {how.bank && how.agency && how.account && (
        <p>
          Transferência — {how.bank}, agência {how.agency}, conta {how.account}
          {how.holder && `, ${how.holder}`}
          {how.holder_document && `, ${how.holder_document}`}
        </p>
      )}
      {how.notes && <p class="muted">{how.notes}</p>}
    </div>
  );
}

export function RegisterPayment(props: { agreementId: string; number: number; amount: string; onDone: () => void }) {
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const { errors, message, clear, fail } = useFormErrors();
  const of = props.number === 0 ? "da entrada" : `da parcela ${props.number}`;
  const id = `pay-${props.number}`;
  if (!open)
    return (
      <button type="button" class="quiet small" onClick={() => setOpen(true)}>
        Registrar pagamento
      </button>
    );

  async function save(event: Event) {
    event.preventDefault();
    const data = new FormData(event.currentTarget as HTMLFormElement);
    const amount = parseAmount(String(data.get("amount") ?? ""));
    clear();
    if (!amount) return fail(new ApiError(422, "invalid_input", "", [{ field: "amount", reason: "valor inválido: use algo como 1.234,56" }]));
    const chosen = data.get("receipt") as File | null;
    if (chosen && chosen.size > MAX_RECEIPT) return fail(new ApiError(422, "invalid_input", "", [{ field: "receipt.content", reason: "comprovante acima de 2 MB: envie uma foto menor ou o PDF" }]));
    setBusy(true);
    try {
      const file = data.get("receipt") as File | null;
      const receipt = file && file.size ? { filename: file.name, content: await base64Of(file) } : null;
      const body = { paid_on: data.get("paid_on"), amount, method: data.get("method"), note: String(data.get("note") ?? "").trim(), receipt };
      await post(`/agreements/${encodeURIComponent(props.agreementId)}/installments/${props.number}/payment`, body);
      props.onDone();
    } catch (exc) {
      fail(exc);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form class="register-payment" onSubmit={save} aria-label={`Registrar pagamento ${of}`}>
      <FormMessage message={message} />
      <label for={`${id}-on`}>Pago em</label>
      <input id={`${id}-on`} name="paid_on" type="date" required max={todayInSaoPaulo()} defaultValue={todayInSaoPaulo()} aria-describedby={`${id}-on-error`} />
      <FieldError errors={errors} field="paid_on" id={`${id}-on-error`} />
      <label for={`${id}-amount`}>Valor pago</label>
      <input id={`${id}-amount`} name="amount" inputMode="decimal" required defaultValue={brl(props.amount).replace(/R\$\s?/, "")} aria-describedby={`${id}-amount-error`} />
      <FieldError errors={errors} field="amount" id={`${id}-amount-error`} />
      <label for={`${id}-method`}>Meio</label>
      <select id={`${id}-method`} name="method">
        {METHODS.map(([value, text]) => (
          <option key={value} value={value}>
            {text}
          </option>
        ))}
      </select>
      <label for={`${id}-note`}>Observação (opcional)</label>
      <input id={`${id}-note`} name="note" maxLength={300} />
      <label for={`${id}-receipt`}>Comprovante (opcional: PDF, JPG ou PNG, até 2 MB)</label>
      <input id={`${id}-receipt`} name="receipt" type="file" accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png" aria-describedby={`${id}-receipt-error`} />
      <FieldError errors={errors} field="receipt.content" id={`${id}-receipt-error`} exact />
      <div class="actions">
        <button type="submit" disabled={busy}>
          Confirmar pagamento {of}
        </button>
        <button type="button" class="quiet" onClick={() => setOpen(false)}>
          Cancelar
        </button>
      </div>
    </form>
  );
}

const MAX_RECEIPT = 2 * 1024 * 1024;

/** A file's bytes as base64 (the API takes the comprovante inside the JSON body). */
async function base64Of(file: Blob): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let text = "";
  for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(text);
}
