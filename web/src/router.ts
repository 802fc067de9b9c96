// Paths under /app/: the screen and its parameter, kept in a signal; links push history entries.
import { signal } from "@preact/signals";

export type Route =
  | { screen: "home" }
  | { screen: "debtors" }
  | { screen: "debtor"; id: string; task?: string } // task: the call this visit answers
  | { screen: "imports"; id?: string }
  | { screen: "agreements"; id?: string }
  | { screen: "users" }
  | { screen: "messaging"; tab: MessagingTab }
  | { screen: "batch" }
  | { screen: "tasks" }
  | { screen: "portfolio" }
  | { screen: "settings"; tab: SettingsTab };

export type MessagingTab = "modelos" | "reguas" | "envio" | "execucoes";
const TABS: MessagingTab[] = ["modelos", "reguas", "envio", "execucoes"];
export type SettingsTab = "credores" | "categorias" | "empresa" | "plano" | "email" | "pagamentos";
const SETTINGS_TABS: SettingsTab[] = ["credores", "categorias", "empresa", "plano", "email", "pagamentos"];

const BASE = import.meta.env.BASE_URL; // "/app/"

export function parse(pathname: string, search = ""): Route {
  const rest = pathname.startsWith(BASE) ? pathname.slice(BASE.length) : "";
  const [first, second] = rest.split("/").filter(Boolean);
  const task = new URLSearchParams(search).get("tarefa") ?? undefined;
  if (first === "devedores" && second) return { screen: "debtor", id: decodeURIComponent(second), task };
  if (first === "devedores") return { screen: "debtors" };
  if (first === "usuarios") return { screen: "users" };
  if (first === "regua") return { screen: "messaging", tab: TABS.find((t) => t === second) ?? "modelos" };
  if (first === "lote") return { screen: "batch" };
  if (first === "tarefas") return { screen: "tasks" };
  if (first === "carteira") return { screen: "portfolio" };
  if (first === "configuracoes") return { screen: "settings", tab: SETTINGS_TABS.find((t) => t === second) ?? "credores" };
  if (first === "acordos") return { screen: "agreements", id: second ? decodeURIComponent(second) : undefined };
  if (first === "importacoes") return { screen: "imports", id: second ? decodeURIComponent(second) : undefined };
  return { screen: "home" };
}

export function href(route: Route): string {
  if (route.screen === "debtors") return `${BASE}devedores`;
  if (route.screen === "users") return `${BASE}usuarios`;
  if (route.screen === "messaging") return `${BASE}regua/${route.tab}`;
  if (route.screen === "batch") return `${BASE}lote`;
  if (route.screen === "tasks") return `${BASE}tarefas`;
  if (route.screen === "portfolio") return `${BASE}carteira`;
  if (route.screen === "settings") return `${BASE}configuracoes/${route.tab}`;
  if (route.screen === "agreements") return `${BASE}acordos${route.id ? `/${encodeURIComponent(route.id)}` : ""}`;
  if (route.screen === "imports") return `${BASE}importacoes${route.id ? `/${encodeURIComponent(route.id)}` : ""}`;
  if (route.screen === "debtor") {
    const task = route.task ? `?tarefa=${encodeURIComponent(route.task)}` : "";
    return `${BASE}devedores/${encodeURIComponent(route.id)}${task}`;
  }
  return BASE;
}

export const route = signal<Route>(parse(location.pathname, location.search));

export function navigate(to: Route): void {
  history.pushState(null, "", href(to));
  route.value = to;
}

window.addEventListener("popstate", () => {
  route.value = parse(location.pathname, location.search);
});
