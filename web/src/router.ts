// Paths under /app/: the screen and its parameter, kept in a signal; links push history entries.
import { signal } from "@preact/signals";

export type Route = { screen: "home" } | { screen: "debtors" } | { screen: "debtor"; id: string };

const BASE = import.meta.env.BASE_URL; // "/app/"

export function parse(pathname: string): Route {
  const rest = pathname.startsWith(BASE) ? pathname.slice(BASE.length) : "";
  const [first, second] = rest.split("/").filter(Boolean);
  if (first === "devedores" && second) return { screen: "debtor", id: decodeURIComponent(second) };
  if (first === "devedores") return { screen: "debtors" };
  return { screen: "home" };
}

export function href(route: Route): string {
  if (route.screen === "debtors") return `${BASE}devedores`;
  if (route.screen === "debtor") return `${BASE}devedores/${encodeURIComponent(route.id)}`;
  return BASE;
}

export const route = signal<Route>(parse(location.pathname));

export function navigate(to: Route): void {
  history.pushState(null, "", href(to));
  route.value = to;
}

window.addEventListener("popstate", () => {
  route.value = parse(location.pathname);
});
