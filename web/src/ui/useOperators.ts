import { get, type Page } from "../api";
import { me } from "../session";
import type { Named } from "./Choice";
import { useLoad } from "./useLoad";

/** Whether the signed-in user hands work out (supervisors, admins), and the operators they may pick;
 * an operator gets none (the API would refuse the list). */
export function useOperators(): { supervisor: boolean; operators: Named[] } {
  const supervisor = me.value ? me.value.role !== "operator" : false;
  const found = useLoad(() => (supervisor ? get<Page<Named>>("/operators") : Promise.resolve(null)), [supervisor]);
  return { supervisor, operators: found.data?.items ?? [] };
}
