// Ajuizado: a title in a lawsuit is left alone by the ruler, the sender and the portal until unmarked.
import { useState } from "preact/hooks";
import { post } from "../api";

export function LawsuitToggle({ debtorId, title, changed }: { debtorId: string; title: { id: string; number: string; status: string }; changed: () => void }) {
  const [error, setError] = useState("");
  const marking = title.status === "open";
  if (!marking && title.status !== "in_lawsuit") return null;
  async function toggle() {
    setError("");
    try {
      const path = `/debtors/${encodeURIComponent(debtorId)}/titles/${encodeURIComponent(title.id)}/status`;
      await post(path, { status: marking ? "in_lawsuit" : "open" });
      changed();
    } catch (exc) {
      setError(exc instanceof Error ? exc.message : "Erro de conexão.");
    }
  }
  return (
    <>
      <button type="button" class="quiet small" onClick={() => void toggle()}>
        {marking ? "Ajuizar" : "Desfazer ajuizamento"}
        <span class="sr-only"> do título {title.number}</span>
      </button>
      {error && (
        <span role="alert" class="error small">
          {" "}
          {error}
        </span>
      )}
    </>
  );
}
