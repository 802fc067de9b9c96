import type { CognitoSettings } from "../auth";
import { tokens } from "../session";
import { Login } from "./Login";
import { Shell } from "./Shell";

export function App({ cognito }: { cognito: CognitoSettings }) {
  return tokens.value ? <Shell /> : <Login cognito={cognito} />;
}
