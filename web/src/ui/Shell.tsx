import { useEffect } from "preact/hooks";
import { get } from "../api";
import { route } from "../router";
import { me, signOut, type Me } from "../session";
import { lazy } from "./lazy";
import { Link } from "./Link";

const Home = lazy(() => import("./Home").then((m) => m.Home));
const Debtors = lazy(() => import("./Debtors").then((m) => m.Debtors));
const DebtorFile = lazy(() => import("./DebtorFile").then((m) => m.DebtorFile));
const Imports = lazy(() => import("./Imports").then((m) => m.Imports));
const Agreements = lazy(() => import("./Agreements").then((m) => m.Agreements));
const Users = lazy(() => import("./Users").then((m) => m.Users));
const Tasks = lazy(() => import("./Tasks").then((m) => m.Tasks));
const Messaging = lazy(() => import("./Messaging").then((m) => m.Messaging));
const BatchAction = lazy(() => import("./BatchAction").then((m) => m.BatchAction));
const Portfolio = lazy(() => import("./Portfolio").then((m) => m.Portfolio));
const Settings = lazy(() => import("./Settings").then((m) => m.Settings));

const ROLES = { admin: "Administrador", supervisor: "Supervisor", operator: "Operador" };

export function Shell() {
  useEffect(() => {
    if (!me.value) void get<Me>("/me").then((found) => (me.value = found));
  }, []);
  const current = route.value;
  useEffect(() => {
    document.getElementById("main")?.focus();
  }, [current]);
  return (
    <>
      <a class="skip" href="#main">
        Ir para o conteúdo
      </a>
      <header class="top">
        <span class="brand">cobranca</span>
        <nav aria-label="Principal">
          <Link to={{ screen: "home" }} current={current.screen === "home"}>
            Início
          </Link>
          {me.value?.screens.includes("debtors") && (
            <>
              <Link to={{ screen: "debtors" }} current={current.screen === "debtors" || current.screen === "debtor"}>
                Devedores
              </Link>
              <Link to={{ screen: "tasks" }} current={current.screen === "tasks"}>
                Tarefas
              </Link>
              <Link to={{ screen: "agreements" }} current={current.screen === "agreements"}>
                Acordos
              </Link>
              {me.value.role !== "operator" && (
                <Link to={{ screen: "portfolio" }} current={current.screen === "portfolio"}>
                  Carteira
                </Link>
              )}
            </>
          )}
          {me.value?.screens.includes("imports") && (
            <Link to={{ screen: "imports" }} current={current.screen === "imports"}>
              Importações
            </Link>
          )}
          {me.value?.screens.includes("messaging") && (
            <>
              <Link to={{ screen: "messaging", tab: "modelos" }} current={current.screen === "messaging"}>
                Régua e mensagens
              </Link>
              <Link to={{ screen: "batch" }} current={current.screen === "batch"}>
                Ação em lote
              </Link>
            </>
          )}
          {me.value?.screens.includes("users") && (
            <Link to={{ screen: "users" }} current={current.screen === "users"}>
              Usuários
            </Link>
          )}
          {me.value?.screens.includes("creditors") && (
            <Link to={{ screen: "settings", tab: "credores" }} current={current.screen === "settings"}>
              Configurações
            </Link>
          )}
        </nav>
        <span class="who">
          {me.value && (
            <>
              {me.value.email} · {ROLES[me.value.role]}
            </>
          )}
        </span>
        <button type="button" class="quiet" onClick={signOut}>
          Sair
        </button>
      </header>
      <main id="main" tabIndex={-1}>
        {current.screen === "home" && <Home />}
        {current.screen === "debtors" && <Debtors />}
        {current.screen === "debtor" && <DebtorFile id={current.id} task={current.task} />}
        {current.screen === "imports" && <Imports id={current.id} />}
        {current.screen === "agreements" && <Agreements id={current.id} />}
        {current.screen === "users" && <Users />}
        {current.screen === "messaging" && <Messaging tab={current.tab} />}
        {current.screen === "batch" && <BatchAction />}
        {current.screen === "tasks" && <Tasks />}
        {current.screen === "portfolio" && <Portfolio />}
        {current.screen === "settings" && <Settings tab={current.tab} />}
      </main>
    </>
  );
}
