// Régua e mensagens (supervisor, admin): the message templates, the rulers, the sending settings and
// what each run did. Each part is its own chunk.
import type { MessagingTab } from "../router";
import { lazy } from "./lazy";
import { Link } from "./Link";

const Templates = lazy(() => import("./Templates").then((m) => m.Templates));
const Rulers = lazy(() => import("./Rulers").then((m) => m.Rulers));
const SendingSettings = lazy(() => import("./SendingSettings").then((m) => m.SendingSettings));
const Runs = lazy(() => import("./Runs").then((m) => m.Runs));

const TABS: [MessagingTab, string][] = [
  ["modelos", "Modelos"],
  ["reguas", "Réguas"],
  ["envio", "Envio"],
  ["execucoes", "Execuções"],
];

export function Messaging({ tab }: { tab: MessagingTab }) {
  return (
    <section aria-labelledby="messaging-title">
      <h1 id="messaging-title">Régua e mensagens</h1>
      <nav aria-label="Régua e mensagens" class="tabs">
        {TABS.map(([id, label]) => (
          <Link key={id} to={{ screen: "messaging", tab: id }} current={tab === id}>
            {label}
          </Link>
        ))}
      </nav>
      {tab === "modelos" && <Templates />}
      {tab === "reguas" && <Rulers />}
      {tab === "envio" && <SendingSettings />}
      {tab === "execucoes" && <Runs />}
    </section>
  );
}
