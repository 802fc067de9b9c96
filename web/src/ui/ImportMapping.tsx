// Mapeamento de colunas: the names this tenant's ERP gives our columns, saved once, applied to every file
// sent after (a file already received keeps the header it had). Columns left empty are read by their
// documented or Portuguese names; "Colunas a ignorar" lists the ERP's extra columns.
import { useState } from "preact/hooks";
import { get, put } from "../api";
import { FormMessage, useFormErrors } from "./FieldError";
import { useLoad } from "./useLoad";

export const FIELDS: [string, string][] = [
  ["document", "CPF/CNPJ"],
  ["name", "Nome"],
  ["creditor", "Credor (código ou CNPJ)"],
  ["title_number", "Número do título"],
  ["amount", "Valor"],
  ["due_date", "Vencimento"],
  ["email", "E-mail"],
  ["phone", "Telefone"],
  ["description", "Descrição"],
  ["status", "Situação (pago, cancelado)"],
  ["street", "Logradouro"],
  ["number", "Número (endereço)"],
  ["complement", "Complemento"],
  ["district", "Bairro"],
  ["city", "Cidade"],
  ["uf", "UF"],
  ["zip_code", "CEP"],
];
const IGNORE = "ignorar";

interface Mapping {
  columns: Record<string, string>;
  updated_at: string;
}

/** The form's fields from the saved mapping: our field -> the file's name, and the ignored names. */
function fromMapping(m: Mapping | null): { byField: Record<string, string>; ignored: string } {
  const byField: Record<string, string> = {};
  const ignored: string[] = [];
  for (const [header, target] of Object.entries(m?.columns ?? {})) {
    if (target === IGNORE) ignored.push(header);
    else byField[target] = header;
  }
  return { byField, ignored: ignored.join(", ") };
}

export function ImportMapping() {
  const saved = useLoad(() => get<Mapping>("/import-mapping"), []);
  const { message, clear, fail } = useFormErrors();
  const [done, setDone] = useState("");
  const current = fromMapping(saved.data);
  async function save(event: Event) {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const columns: Record<string, string> = {};
    for (const [field] of FIELDS) {
      const header = String(form.get(field) ?? "").trim();
      if (header) columns[header] = field;
    }
    for (const header of String(form.get("ignored") ?? "").split(",")) {
      if (header.trim()) columns[header.trim()] = IGNORE;
    }
    clear();
    setDone("");
    try {
      await put<Mapping>("/import-mapping", { columns });
      setDone("Mapeamento salvo: vale para os próximos arquivos.");
    } catch (exc) {
      fail(exc);
    }
  }
  if (!saved.data) return null;
  return (
    <details class="panel">
      <summary>Mapeamento de colunas (quando o seu ERP usa outros nomes)</summary>
      <form onSubmit={save} aria-label="Mapeamento de colunas">
        <p class="muted small">
          Escreva como cada coluna se chama no arquivo do seu sistema. Em branco: lemos os nomes do modelo (CPF, Nome, Credor,
          Título, Valor, Vencimento…).
        </p>
        <div class="pair">
          {FIELDS.map(([field, label]) => (
            <div key={field}>
              <label for={`map-${field}`}>{label}</label>
              <input id={`map-${field}`} name={field} maxLength={100} defaultValue={current.byField[field] ?? ""} />
            </div>
          ))}
        </div>
        <label for="map-ignored">Colunas a ignorar (separadas por vírgula)</label>
        <input id="map-ignored" name="ignored" defaultValue={current.ignored} />
        <FormMessage message={message} done={done} />
        <button type="submit">Salvar mapeamento</button>
      </form>
    </details>
  );
}
