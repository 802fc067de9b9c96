// Categorias: name and colour (the colour marks the debtor in every list and on the ficha).
import { useState } from "preact/hooks";
import { get, patch, post, type Page } from "../api";
import { Editor, EditableList, FormActions, useEditing } from "./EditableList";
import { FieldError, FormMessage, useFormErrors } from "./FieldError";
import { useLoad } from "./useLoad";
import { forgetReference } from "./useReference";

interface Category {
  id: string;
  name: string;
  color: string;
}

export function Categories() {
  const [version, setVersion] = useState(0);
  const list = useLoad(() => get<Page<Category>>("/categories"), [version]);
  const [editing, setEditing] = useEditing<Category>();
  const done = () => {
    setEditing(null);
    forgetReference("/categories");
    setVersion((v) => v + 1);
  };
  return (
    <section class="panel wide" aria-labelledby="categories-title">
      <h2 id="categories-title">Categorias de devedores</h2>
      {list.error && <p role="alert" class="error">{list.error}</p>}
      <EditableList
        caption="Categorias"
        noun="a categoria"
        items={list.data?.items ?? []}
        columns={[
          {
            label: "Categoria",
            cell: (c) => (
              <span class="tag">
                <span class="dot" style={{ background: c.color }} aria-hidden="true" />
                {c.name}
              </span>
            ),
          },
          { label: "Cor", cell: (c) => <span class="mono">{c.color}</span> },
        ]}
        edit={setEditing}
      />
      <Editor
        editing={editing}
        open={() => setEditing("new")}
        newLabel="Nova categoria"
        form={(category, key) => <CategoryForm key={key} category={category} close={done} cancel={() => setEditing(null)} />}
      />
    </section>
  );
}

function CategoryForm({ category, close, cancel }: { category: Category | null; close: () => void; cancel: () => void }) {
  const [color, setColor] = useState(category?.color ?? "#1f6feb");
  const { errors, message, clear, fail } = useFormErrors();
  async function save(event: Event) {
    event.preventDefault();
    const name = String(new FormData(event.currentTarget as HTMLFormElement).get("name") ?? "");
    clear();
    try {
      if (category) await patch(`/categories/${encodeURIComponent(category.id)}`, { name, color });
      else await post("/categories", { name, color });
      close();
    } catch (exc) {
      fail(exc);
    }
  }
  return (
    <form onSubmit={save} aria-label={category ? `Editar a categoria ${category.name}` : "Nova categoria"}>
      <div class="pair">
        <div>
          <label for="cat-name">Nome</label>
          <input id="cat-name" name="name" required maxLength={60} defaultValue={category?.name ?? ""} aria-describedby="cat-name-error" />
          <FieldError errors={errors} field="name" id="cat-name-error" />
        </div>
        <div>
          <label for="cat-color">Cor</label>
          <input id="cat-color" type="color" value={color} onInput={(e) => setColor((e.target as HTMLInputElement).value)} aria-describedby="cat-color-error" />
          <FieldError errors={errors} field="color" id="cat-color-error" />
        </div>
      </div>
      <FormMessage message={message} />
      <FormActions save="Salvar categoria" cancel={cancel} />
    </form>
  );
}
