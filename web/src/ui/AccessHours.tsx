// A user's access-hour window (F06): on which weekdays and between which hours (São Paulo) they may use
// the console; none means no restriction. Administrators are never restricted (the API says so).
import { useState } from "preact/hooks";
import { patch } from "../api";
import { FieldError, FormMessage, useFormErrors } from "./FieldError";

export interface AccessRange {
  weekdays: number[];
  start: string;
  end: string;
}

const DAYS = ["seg", "ter", "qua", "qui", "sex", "sáb", "dom"];

export function AccessHours(props: { userId: string; name: string; ranges: AccessRange[]; saved: () => void }) {
  const first = props.ranges[0] ?? { weekdays: [1, 2, 3, 4, 5], start: "08:00", end: "18:00" };
  const [range, setRange] = useState<AccessRange>({ ...first, start: first.start.slice(0, 5), end: first.end.slice(0, 5) });
  const { errors, message, clear, fail } = useFormErrors();
  const [done, setDone] = useState("");

  async function save(ranges: AccessRange[], what: string) {
    clear();
    setDone("");
    try {
      await patch(`/users/${encodeURIComponent(props.userId)}`, { access_ranges: ranges });
      setDone(what);
      props.saved();
    } catch (exc) {
      fail(exc);
    }
  }

  const id = `hours-${props.userId}`;
  return (
    <form
      class="panel"
      aria-labelledby={`${id}-title`}
      onSubmit={(e) => {
        e.preventDefault();
        void save([range], `Horário de acesso de ${props.name} salvo.`);
      }}
    >
      <h3 id={`${id}-title`}>Horário de acesso de {props.name}</h3>
      <div class="chips" role="group" aria-label="Dias permitidos">
        {DAYS.map((day, n) => (
          <label class="check" key={day}>
            <input
              type="checkbox"
              checked={range.weekdays.includes(n + 1)}
              onChange={(e) => {
                const rest = range.weekdays.filter((d) => d !== n + 1);
                setRange({ ...range, weekdays: (e.target as HTMLInputElement).checked ? [...rest, n + 1].sort() : rest });
              }}
            />
            {day}
          </label>
        ))}
      </div>
      <div class="filters">
        <div>
          <label for={`${id}-start`}>Das</label>
          <input id={`${id}-start`} type="time" value={range.start} onInput={(e) => setRange({ ...range, start: (e.target as HTMLInputElement).value })} />
        </div>
        <div>
          <label for={`${id}-end`}>Até</label>
          <input id={`${id}-end`} type="time" value={range.end} onInput={(e) => setRange({ ...range, end: (e.target as HTMLInputElement).value })} />
        </div>
      </div>
      <FieldError errors={errors} field="access_ranges.0" id={`${id}-error`} />
      <FieldError errors={errors} field="weekdays" id={`${id}-days-error`} />
      <FormMessage message={message} done={done} />
      <div class="actions">
        <button type="submit">Salvar horário</button>
        {props.ranges.length > 0 && (
          <button type="button" class="quiet" onClick={() => void save([], `${props.name} sem restrição de horário.`)}>
            Liberar qualquer horário
          </button>
        )}
      </div>
    </form>
  );
}
