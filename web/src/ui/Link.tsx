import type { ComponentChildren } from "preact";
import { href, navigate, type Route } from "../router";

/** A real link (opens in a new tab with the middle button) that moves inside the app on a click. */
export function Link({ to, children, current }: { to: Route; children: ComponentChildren; current?: boolean }) {
  function go(event: MouseEvent) {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
    event.preventDefault();
    navigate(to);
  }
  return (
    <a href={href(to)} onClick={go} aria-current={current ? "page" : undefined}>
      {children}
    </a>
  );
}
