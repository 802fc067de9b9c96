import { render } from "preact";
import { setApiBase } from "./api";
import { loadConfig } from "./config";
import { configure } from "./session";
import { App } from "./ui/App";
import "./styles.css";

const root = document.getElementById("app")!;

loadConfig()
  .then((config) => {
    setApiBase(config.apiBase);
    configure(config.cognito);
    render(<App cognito={config.cognito} />, root);
  })
  .catch(() => {
    root.innerHTML = '<p role="alert" class="fatal">Não foi possível carregar o console. Recarregue a página.</p>';
  });
