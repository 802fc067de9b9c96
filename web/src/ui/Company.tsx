// Empresa: the company's data as documents and the Negocia Online page show it (CDC art. 42-A), and
// Meu plano: the contracted services (read-only; the platform changes them).
import { useState } from "preact/hooks";
import { ApiError, get, put } from "../api";
import { formatDocument, formatPhone } from "../format";
import { AddressFields, readAddress, type Address } from "./AddressFields";
import { FieldError, FormMessage, useFormErrors } from "./FieldError";
import { useLoad } from "./useLoad";

interface Company {
  legal_name: string;
  trade_name: string;
  document: string;
  address: Address | null;
  phone: string | null;
  whatsapp: string | null;
  email: string | null;
  website: string | null;
  service_hours: string;
}

const TEXT: [keyof Company, string, string][] = [
  ["legal_name", "Razão social", "text"],
  ["trade_name", "Nome fantasia", "text"],
  ["document", "CNPJ", "text"],
  ["phone", "Telefone", "tel"],
  ["whatsapp", "WhatsApp", "tel"],
  ["email", "E-mail de atendimento", "email"],
  ["website", "Site (https://…)", "url"],
  ["service_hours", "Horário de atendimento", "text"],
];

export function CompanyForm() {
  const found = useLoad(
    () => get<Company>("/company").catch((exc) => (exc instanceof ApiError && exc.status === 404 ? null : Promise.reject(exc))),
    [],
  );
  const [saved, setSaved] = useState("");
  const { errors, message, clear, fail } = useFormErrors();
  if (found.loading) return <p class="muted">Carregando…</p>;
  const company = found.data;
  const shown = (key: keyof Company): string => {
    const v = company?.[key];
    if (typeof v !== "string") return "";
    if (key === "document") return formatDocument(v);
    if (key === "phone" || key === "whatsapp") return formatPhone(v);
    return v;
  };

  async function save(event: Event) {
    event.preventDefault();
    const data = new FormData(event.currentTarget as HTMLFormElement);
    const text = (name: string) => String(data.get(name) ?? "").trim();
    const body = {
      legal_name: text("legal_name"),
      trade_name: text("trade_name"),
      document: text("document"),
      address: readAddress(data, "company-address"),
      phone: text("phone") || null,
      whatsapp: text("whatsapp") || null,
      email: text("email") || null,
      website: text("website") || null,
      service_hours: text("service_hours"),
    };
    clear();
    setSaved("");
    try {
      await put("/company", body);
      setSaved("Dados da empresa salvos.");
    } catch (exc) {
      fail(exc);
    }
  }

  return (
    <form class="panel wide" onSubmit={save} aria-labelledby="company-title">
      <h2 id="company-title">Dados da empresa</h2>
      <p class="muted">Aparecem nos documentos (demonstrativo, termo, cartas) e na página do Negocia Online.</p>
      {found.error && <p role="alert" class="error">{found.error}</p>}
      <div class="filters">
        {TEXT.map(([key, label, type]) => (
          <div key={key}>
            <label for={`company-${key}`}>{label}</label>
            <input
              id={`company-${key}`}
              name={key}
              type={type}
              required={key === "legal_name" || key === "document"}
              defaultValue={shown(key)}
              aria-describedby={`company-${key}-error`}
            />
            <FieldError errors={errors} field={key} id={`company-${key}-error`} />
          </div>
        ))}
      </div>
      <AddressFields prefix="company-address" value={company?.address ?? null} errors={errors.filter((e) => e.field.startsWith("address"))} />
      <FormMessage message={message} done={saved} />
      <div class="actions">
        <button type="submit">Salvar dados da empresa</button>
      </div>
    </form>
  );
}

interface PlanInfo {
  name: string;
  services: { code: string; name: string; contracted: boolean }[];
}

export function Plan() {
  const plan = useLoad(() => get<PlanInfo>("/plan"), []);
  return (
    <section class="panel" aria-labelledby="plan-title">
      <h2 id="plan-title">Meu plano</h2>
      {plan.error && <p role="alert" class="error">{plan.error}</p>}
      {plan.data && (
        <>
          <p>
            Serviços contratados por <strong>{plan.data.name}</strong>. Para mudar o plano, fale com o atendimento da plataforma.
          </p>
          <ul class="plain">
            {plan.data.services.map((s) => (
              <li key={s.code}>
                <span aria-hidden="true">{s.contracted ? "✔" : "—"}</span> {s.name}: <strong>{s.contracted ? "contratado" : "não contratado"}</strong>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
