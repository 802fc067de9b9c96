// A labelled select over named things (creditors, categories, operators, groups), with an "any" first
// option whose value is empty.
export interface Named {
  id: string;
  name: string;
}

interface Props {
  id: string;
  name: string;
  label: string;
  any: string;
  items: Named[];
  value?: string;
  onChange?: (value: string) => void;
  extra?: Named[]; // options after "any" (e.g. "Sem operador")
}

export function Choice({ id, name, label, any, items, value, onChange, extra = [] }: Props) {
  return (
    <div>
      <label for={id}>{label}</label>
      <select id={id} name={name} value={value} onChange={onChange && ((e) => onChange((e.target as HTMLSelectElement).value))}>
        <option value="">{any}</option>
        {[...extra, ...items].map((c) => (
          <option key={c.id} value={c.id}>
            {c.name}
          </option>
        ))}
      </select>
    </div>
  );
}
