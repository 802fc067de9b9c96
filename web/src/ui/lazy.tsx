import { h, type ComponentType } from "preact";
import { useEffect, useState } from "preact/hooks";

/** A screen whose code loads on first use (its own chunk). */
export function lazy<P extends object>(load: () => Promise<ComponentType<P>>): ComponentType<P> {
  let loaded: ComponentType<P> | null = null;
  return function Lazy(props: P) {
    const [screen, setScreen] = useState(() => loaded);
    useEffect(() => {
      if (!screen) void load().then((c) => setScreen(() => (loaded = c)));
    }, []);
    return screen ? h(screen, props) : <p class="muted" aria-live="polite">Carregando…</p>;
  };
}
