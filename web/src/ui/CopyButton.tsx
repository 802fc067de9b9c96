import { useState } from "preact/hooks";

/** Copies `text` to the clipboard; the button then says `copied` (announced politely). */
export function CopyButton({ text, label, copied }: { text: string; label: string; copied: string }) {
  const [done, setDone] = useState(false);
  return (
    <button type="button" class="quiet" onClick={() => void navigator.clipboard?.writeText(text).then(() => setDone(true))} aria-live="polite">
      {done ? copied : label}
    </button>
  );
}
