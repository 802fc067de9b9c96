// Configurações: creditors and their collection policy, debtor categories, the company's data, Meu plano
// (read-only), the e-mail domains, and payments (Asaas, the ERP webhook, the prestação de contas). Supervisors read; the API lets only administrators change the
// company and e-mail, and says so.
import type { SettingsTab } from "../router";
import { lazy } from "./lazy";
import { Link } from "./Link";

const Creditors = lazy(() => import("./Creditors").then((m) => m.Creditors));
const Categories = lazy(() => import("./Categories").then((m) => m.Categories));
const CompanyForm = lazy(() => import("./Company").then((m) => m.CompanyForm));
const Plan = lazy(() => import("./Company").then((m) => m.Plan));
const EmailDomains = lazy(() => import("./EmailDomains").then((m) => m.EmailDomains));
const Payments = lazy(() => import("./Payments").then((m) => m.Payments));

const TABS: [SettingsTab, string][] = [
  ["credores", "Credores"],
  ["categorias", "Categorias"],
  ["empresa", "Empresa"],
  ["plano", "Meu plano"],
  ["email", "E-mail"],
  ["pagamentos", "Pagamentos e ERP"],
];

export function Settings({ tab }: { tab: SettingsTab }) {
  return (
    <section aria-labelledby="settings-title">
      <h1 id="settings-title">Configurações</h1>
      <nav aria-label="Configurações" class="tabs">
        {TABS.map(([id, label]) => (
          <Link key={id} to={{ screen: "settings", tab: id }} current={tab === id}>
            {label}
          </Link>
        ))}
      </nav>
      {tab === "credores" && <Creditors />}
      {tab === "categorias" && <Categories />}
      {tab === "empresa" && <CompanyForm />}
      {tab === "plano" && <Plan />}
      {tab === "email" && <EmailDomains />}
      {tab === "pagamentos" && <Payments />}
    </section>
  );
}
