// A configuration list (groups, profiles, categories, creditors): a table whose rows each have Editar
// (and Remover, where the API allows it), and the form for a new item or the one being edited in the
// same place, with its Salvar / Cancelar buttons.
import type { ComponentChildren } from "preact";
import { useState } from "preact/hooks";
import { remove } from "../api";
import { useFormErrors } from "./FieldError";

export interface Column<T> {
  label: string;
  cell: (item: T) => ComponentChildren;
  num?: boolean;
}

interface Props<T> {
  caption: string;
  noun: string; // "o grupo": the buttons read "Editar o grupo Equipe A"
  items: T[];
  columns: Column<T>[];
  edit: (item: T) => void;
  remove?: (item: T) => void;
}

export function EditableList<T extends { id: string; name: string }>({ caption, noun, items, columns, edit, remove }: Props<T>) {
  return (
    <table class="list">
      <caption class="sr-only">{caption}</caption>
      <thead>
        <tr>
          {columns.map((c) => (
            <th scope="col" key={c.label} class={c.num ? "num" : undefined}>
              {c.label}
            </th>
          ))}
          <th scope="col">
            <span class="sr-only">Ações</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {items.map((item) => (
          <tr key={item.id}>
            {columns.map((c) => (
              <td key={c.label} data-label={c.label} class={c.num ? "num" : undefined}>
                {c.cell(item)}
              </td>
            ))}
            <td>
              <button type="button" class="quiet" onClick={() => edit(item)} aria-label={`Editar ${noun} ${item.name}`}>
                Editar
              </button>
              {remove && (
                <button type="button" class="quiet" onClick={() => remove(item)} aria-label={`Remover ${noun} ${item.name}`}>
                  Remover
                </button>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Which item's form is open: none, a new one, or an existing item. */
export function useEditing<T>() {
  return useState<T | "new" | null>(null);
}

/** A list's editing state over the API's `path`: which form is open, `drop` (asks, then DELETE),
 * `close` (a saved form refreshes the list through `changed`) and the API's message for the list. */
export function useEditableList<T extends { id: string; name: string }>(path: string, changed: () => void, question: (item: T) => string) {
  const [editing, setEditing] = useEditing<T>();
  const { message, clear, fail } = useFormErrors();
  async function drop(item: T) {
    if (!confirm(question(item))) return;
    clear();
    try {
      await remove(`${path}/${encodeURIComponent(item.id)}`);
      changed();
    } catch (exc) {
      fail(exc);
    }
  }
  const close = (saved: boolean) => {
    setEditing(null);
    if (saved) changed();
  };
  return { editing, setEditing, drop, close, message };
}

/** The form's place: the form for `editing`, or the button that opens a new one. */
export function Editor<T extends { id: string }>(props: {
  editing: T | "new" | null;
  open: () => void;
  newLabel: string;
  form: (item: T | null, key: string) => ComponentChildren;
}) {
  const { editing } = props;
  if (!editing)
    return (
      <button type="button" onClick={props.open}>
        {props.newLabel}
      </button>
    );
  return <>{editing === "new" ? props.form(null, "new") : props.form(editing, editing.id)}</>;
}

/** A form's Salvar and Cancelar. */
export function FormActions({ save, cancel }: { save: string; cancel: () => void }) {
  return (
    <div class="actions">
      <button type="submit">{save}</button>
      <button type="button" class="quiet" onClick={cancel}>
        Cancelar
      </button>
    </div>
  );
}
