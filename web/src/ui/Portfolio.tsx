// Carteira (F07 "Ativo de cobrança"): hand debtors to operators in bulk (to one operator, or to a group's
// members in turn), the operator groups, and who gets the debtors an import creates. Supervisors and
// administrators only; the API enforces it and every rule (screens hold none).
import { useState } from "preact/hooks";
import { get, patch, post, put, type Page } from "../api";
import { Choice, type Named } from "./Choice";
import { Editor, EditableList, FormActions, useEditableList } from "./EditableList";
import { FieldError, FormMessage, useFormErrors } from "./FieldError";
import { useLoad } from "./useLoad";
import { useCategories, useCreditors } from "./useReference";

interface Group {
  id: string;
  name: string;
  member_ids: string[];
}

interface Assignment {
  matched: number;
  assigned: number;
  unchanged: number;
  by_operator: Record<string, number>;
  next_cursor: string | null;
  next_position: number;
}

interface Rule {
  imports: "none" | "operator" | "group";
  operator_id: string | null;
  group_id: string | null;
}

const UNASSIGNED = "__none__";

export function Portfolio() {
  const operators = useLoad(() => get<Page<Named>>("/operators"), []);
  const [version, setVersion] = useState(0);
  const groups = useLoad(() => get<Page<Group>>("/operator-groups"), [version]);
  const people = operators.data?.items ?? [];
  const teams = groups.data?.items ?? [];
  return (
    <section aria-labelledby="portfolio-title">
      <h1 id="portfolio-title">Carteira</h1>
      {(operators.error || groups.error) && (
        <p role="alert" class="error">
          {operators.error || groups.error}
        </p>
      )}
      <Distribute operators={people} groups={teams} />
      <Groups operators={people} groups={teams} changed={() => setVersion((v) => v + 1)} />
      <ImportRule operators={people} groups={teams} />
    </section>
  );
}

function Distribute({ operators, groups }: { operators: Named[]; groups: Group[] }) {
  const creditors = useCreditors();
  const categories = useCategories();
  const [kind, setKind] = useState<"operator" | "group">("operator");
  const [plan, setPlan] = useState<{ body: Record<string, unknown>; matched: number } | null>(null);
  const [done, setDone] = useState<{ assigned: number; unchanged: number; by: Record<string, number> } | null>(null);
  const [running, setRunning] = useState<{ seen: number; total: number } | null>(null);
  const { errors, message, clear, fail } = useFormErrors();
  const names = new Map(operators.map((o) => [o.id, o.name]));

  async function simulate(event: Event) {
    event.preventDefault();
    const data = new FormData(event.currentTarget as HTMLFormElement);
    const text = (name: string) => String(data.get(name) ?? "");
    const current = text("current");
    const filter = {
      creditor_id: text("creditor_id") || null,
      category_id: text("category_id") || null,
      operator_id: current && current !== UNASSIGNED ? current : null,
      unassigned: current === UNASSIGNED,
    };
    const target = text("target");
    const body = { filter, to: kind === "operator" ? { operator_id: target || null } : { group_id: target || null } };
    clear();
    setPlan(null);
    setDone(null);
    try {
      const dry = await post<Assignment>("/assignments", { ...body, dry_run: true });
      setPlan({ body, matched: dry.matched });
    } catch (exc) {
      fail(exc);
    }
  }

  async function run() {
    if (!plan) return;
    clear();
    const total = { assigned: 0, unchanged: 0, by: {} as Record<string, number> };
    let cursor: string | null = null;
    let position = 0;
    setRunning({ seen: 0, total: plan.matched });
    try {
      do {
        const step: Assignment = await post<Assignment>("/assignments", { ...plan.body, cursor, position });
        total.assigned += step.assigned;
        total.unchanged += step.unchanged;
        for (const [id, n] of Object.entries(step.by_operator)) total.by[id] = (total.by[id] ?? 0) + n;
        cursor = step.next_cursor;
        position = step.next_position;
        setRunning({ seen: position, total: plan.matched });
      } while (cursor);
      setDone(total);
      setPlan(null);
    } catch (exc) {
      fail(exc);
    } finally {
      setRunning(null);
    }
  }

  return (
    <form class="panel wide" onSubmit={simulate} aria-labelledby="distribute-title">
      <h2 id="distribute-title">Distribuir devedores</h2>
      <div class="filters">
        <Choice id="p-creditor" name="creditor_id" label="Credor" any="Todos" items={creditors.data?.items ?? []} />
        <Choice id="p-category" name="category_id" label="Categoria" any="Todas" items={categories.data?.items ?? []} />
        <Choice id="p-current" name="current" label="Operador atual" any="Qualquer um" items={operators} extra={[{ id: UNASSIGNED, name: "Sem operador" }]} />
      </div>
      <FieldError errors={errors} field="filter" id="p-filter-error" />
      <fieldset>
        <legend>Para quem</legend>
        <label class="check">
          <input type="radio" name="kind" checked={kind === "operator"} onChange={() => setKind("operator")} /> Um operador
        </label>
        <label class="check">
          <input type="radio" name="kind" checked={kind === "group"} onChange={() => setKind("group")} /> Um grupo, em rodízio entre os
          operadores
        </label>
      </fieldset>
      <div class="filters">
        {kind === "operator" ? (
          <Choice id="p-target" name="target" label="Operador" any="Escolha…" items={operators} />
        ) : (
          <Choice id="p-target" name="target" label="Grupo" any="Escolha…" items={groups} />
        )}
      </div>
      <FieldError errors={errors} field={kind === "operator" ? "operator_id" : "group_id"} id="p-target-error" />
      <div class="actions">
        <button type="submit" disabled={!!running}>
          Simular
        </button>
      </div>
      <FormMessage message={message} />
      {plan && (
        <div role="status">
          <p>
            <strong>{plan.matched}</strong> devedor(es) no filtro. Quem já está com o operador escolhido fica como está.
          </p>
          {plan.matched > 0 && (
            <button type="button" onClick={run} disabled={!!running}>
              Distribuir {plan.matched} devedor(es)
            </button>
          )}
        </div>
      )}
      {running && (
        <>
          <label for="assign-progress">
            Distribuindo: {running.seen} de {running.total}
          </label>
          <progress id="assign-progress" max={Math.max(running.total, 1)} value={running.seen} />
        </>
      )}
      {done && (
        <div role="status">
          <p>
            Pronto: <strong>{done.assigned}</strong> devedor(es) distribuído(s)
            {done.unchanged ? `, ${done.unchanged} já estavam com o operador` : ""}.
          </p>
          {Object.keys(done.by).length > 0 && (
            <ul>
              {Object.entries(done.by).map(([id, n]) => (
                <li key={id}>
                  {names.get(id) ?? "Operador"}: {n}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </form>
  );
}

function Groups({ operators, groups, changed }: { operators: Named[]; groups: Group[]; changed: () => void }) {
  const names = new Map(operators.map((o) => [o.id, o.name]));
  const question = (g: Group) => `Remover o grupo ${g.name}? Os devedores continuam com seus operadores.`;
  const { editing, setEditing, drop, close, message } = useEditableList<Group>("/operator-groups", changed, question);

  return (
    <section class="panel wide" aria-labelledby="groups-title">
      <h2 id="groups-title">Grupos de operadores</h2>
      {groups.length === 0 ? (
        <p class="muted">Nenhum grupo ainda. Um grupo reparte os devedores entre os operadores, um de cada vez.</p>
      ) : (
        <EditableList
          caption="Grupos de operadores"
          noun="o grupo"
          items={groups}
          columns={[
            { label: "Grupo", cell: (g) => g.name },
            { label: "Operadores (ordem do rodízio)", cell: (g) => g.member_ids.map((m) => names.get(m) ?? "(inativo)").join(", ") || "—" },
          ]}
          edit={setEditing}
          remove={drop}
        />
      )}
      <FormMessage message={message} />
      <Editor
        editing={editing}
        open={() => setEditing("new")}
        newLabel="Novo grupo"
        form={(group, key) => (
          <GroupForm key={key} group={group} operators={operators} close={close} />
        )}
      />
    </section>
  );
}

function GroupForm({ group, operators, close }: { group: Group | null; operators: Named[]; close: (saved: boolean) => void }) {
  const [members, setMembers] = useState<string[]>(group?.member_ids ?? []);
  const { errors, message, clear, fail } = useFormErrors();

  async function save(event: Event) {
    event.preventDefault();
    const name = String(new FormData(event.currentTarget as HTMLFormElement).get("name") ?? "");
    clear();
    try {
      const body = { name, member_ids: members };
      if (group) await patch(`/operator-groups/${encodeURIComponent(group.id)}`, body);
      else await post("/operator-groups", body);
      close(true);
    } catch (exc) {
      fail(exc);
    }
  }

  const toggle = (id: string, on: boolean) => setMembers((m) => (on ? [...m, id] : m.filter((x) => x !== id)));
  return (
    <form onSubmit={save} aria-label={group ? `Editar o grupo ${group.name}` : "Novo grupo"}>
      <label for="g-name">Nome do grupo</label>
      <input id="g-name" name="name" required maxLength={80} defaultValue={group?.name ?? ""} aria-describedby="g-name-error" />
      <FieldError errors={errors} field="name" id="g-name-error" />
      <fieldset>
        <legend>Operadores</legend>
        {operators.map((o) => (
          <label class="check" key={o.id}>
            <input type="checkbox" checked={members.includes(o.id)} onChange={(e) => toggle(o.id, (e.target as HTMLInputElement).checked)} /> {o.name}
          </label>
        ))}
      </fieldset>
      <FieldError errors={errors} field="member_ids" id="g-members-error" />
      <FormMessage message={message} />
      <FormActions save="Salvar grupo" cancel={() => close(false)} />
    </form>
  );
}

function ImportRule({ operators, groups }: { operators: Named[]; groups: Group[] }) {
  const rule = useLoad(() => get<Rule>("/assignment-rule"), []);
  const [draft, setDraft] = useState<Rule | null>(null);
  const [saved, setSaved] = useState("");
  const { errors, message, clear, fail } = useFormErrors();
  const current = draft ?? rule.data ?? { imports: "none", operator_id: null, group_id: null };
  const set = (change: Partial<Rule>) => setDraft({ ...current, ...change });

  async function save(event: Event) {
    event.preventDefault();
    clear();
    setSaved("");
    try {
      setDraft(await put<Rule>("/assignment-rule", current));
      setSaved("Regra salva: vale para as próximas importações.");
    } catch (exc) {
      fail(exc);
    }
  }

  return (
    <form class="panel wide" onSubmit={save} aria-labelledby="rule-title">
      <h2 id="rule-title">Devedores importados</h2>
      <p class="muted">Quem recebe os devedores novos de cada importação. Quem já está na carteira mantém o operador.</p>
      <fieldset>
        <legend>Os devedores novos ficam</legend>
        <label class="check">
          <input type="radio" name="imports" checked={current.imports === "none"} onChange={() => set({ imports: "none" })} /> sem operador
        </label>
        <label class="check">
          <input type="radio" name="imports" checked={current.imports === "operator"} onChange={() => set({ imports: "operator" })} /> com um
          operador
        </label>
        <label class="check">
          <input type="radio" name="imports" checked={current.imports === "group"} onChange={() => set({ imports: "group" })} /> com um grupo,
          em rodízio
        </label>
      </fieldset>
      {current.imports === "operator" && (
        <Choice id="r-operator" name="operator_id" label="Operador" any="Escolha…" items={operators} value={current.operator_id ?? ""} onChange={(v) => set({ operator_id: v || null })} />
      )}
      {current.imports === "group" && (
        <Choice id="r-group" name="group_id" label="Grupo" any="Escolha…" items={groups} value={current.group_id ?? ""} onChange={(v) => set({ group_id: v || null })} />
      )}
      <FieldError errors={errors} field="operator_id" id="r-operator-error" />
      <FieldError errors={errors} field="group_id" id="r-group-error" />
      <FormMessage message={message} done={saved} />
      <div class="actions">
        <button type="submit">Salvar regra</button>
      </div>
    </form>
  );
}
