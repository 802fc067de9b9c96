"""The figures of the architecture reviews, measured the same way each time (issue 29's before/after):
module lines p50/p90/max, the share of lines in modules over 200, modules over 350, functions over
McCabe 10 counted radon-style, functions over 5 parameters, and the widest port a service depends on.

    .venv/bin/python -m infra.structure
"""

from __future__ import annotations

import ast
import statistics
from pathlib import Path

from radon.complexity import cc_visit

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "layers" / "core" / "cobranca"


def modules() -> dict[Path, str]:
    return {p: p.read_text() for p in sorted(APP.rglob("*.py"))}


def line_figures(found: dict[Path, str]) -> tuple[int, int, int, float, list[str]]:
    lines = {p: len(t.splitlines()) for p, t in found.items() if p.name != "__init__.py"}
    ordered = sorted(lines.values())
    p90 = ordered[int(len(ordered) * 0.9)]
    big = sum(n for n in ordered if n > 200) / sum(ordered)
    over = [f"{p.relative_to(APP)} {n}" for p, n in sorted(lines.items(), key=lambda x: -x[1]) if n > 350]
    return int(statistics.median(ordered)), p90, ordered[-1], big, over


def complex_functions(found: dict[Path, str]) -> list[str]:
    out = []
    for p, text in found.items():
        for block in cc_visit(text):
            if block.complexity > 10:
                out.append(f"{p.relative_to(APP)}:{block.fullname} {block.complexity}")
    return sorted(out, key=lambda s: -int(s.rsplit(" ", 1)[1]))


def wide_functions(found: dict[Path, str]) -> int:
    count = 0
    for text in found.values():
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                names = [a.arg for a in node.args.posonlyargs + node.args.args + node.args.kwonlyargs]
                count += len([n for n in names if n not in ("self", "cls")]) > 5
    return count


def widest_port(found: dict[Path, str]) -> tuple[int, str]:
    """The most methods a service reaches through one constructor parameter typed by a ports.py
    Protocol (a union of Protocols counts all its methods)."""
    tree = ast.parse(found[APP / "ports.py"])
    methods: dict[str, set[str]] = {}
    bases: dict[str, list[str]] = {}
    for top in tree.body:
        if isinstance(top, ast.ClassDef):
            node = top
            methods[node.name] = {f.name for f in node.body if isinstance(f, ast.FunctionDef)}
            bases[node.name] = [b.id for b in node.bases if isinstance(b, ast.Name)]

    def all_methods(name: str) -> set[str]:
        own = set(methods.get(name, set()))
        for b in bases.get(name, []):
            own |= all_methods(b)
        return own

    widest = (0, "")
    for p, text in found.items():
        if p.parent.name != "services":
            continue
        for found_node in ast.walk(ast.parse(text)):
            if isinstance(found_node, ast.FunctionDef) and found_node.name == "__init__":
                for arg in found_node.args.args[1:]:
                    kind = ast.unparse(arg.annotation) if arg.annotation else ""
                    n = len(all_methods(kind.split(" | ")[0]))
                    widest = max(widest, (n, f"{kind} in {p.name}"))
    return widest


def main() -> None:
    found = modules()
    p50, p90, top, big, over = line_figures(found)
    complex_ = complex_functions(found)
    print(f"module lines p50 / p90 / max: {p50} / {p90} / {top}")
    print(f"share of app lines in modules > 200 lines: {big:.0%}")
    print(f"modules > 350 lines: {len(over)}  {'; '.join(over)}")
    print(f"functions McCabe > 10 (radon): {len(complex_)}")
    for line in complex_[:10]:
        print(f"  {line}")
    print(f"functions with > 5 parameters: {wide_functions(found)}")
    n, where = widest_port(found)
    print(f"widest port a service depends on: {n} ({where})")


if __name__ == "__main__":
    main()
