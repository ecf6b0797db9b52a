"""The house rules that a reviewer would otherwise check by hand (docs/architecture.md).

- Layers: assistant (app, turns, CLI, TUI, voice) -> assistant.memory -> assistant.tools ->
  assistant.prompts. A lower layer never imports a higher one, so tools work from a plain script
  and memory works without the app.
- No import circles among modules (imports made only for type checking do not count: they never
  run).
- The TUI renders; it does not import the command-line layer.
- No product file is over 400 lines.
"""

from __future__ import annotations

import sys
from pathlib import Path

import grimp
import pytest

ROOT = Path(__file__).resolve().parents[1]
LAYERS = ("assistant.prompts", "assistant.tools", "assistant.memory")  # bottom first; the rest is the app
MAX_LINES = 400


def _layer(module: str) -> int:
    for rank, prefix in enumerate(LAYERS):
        if module == prefix or module.startswith(prefix + "."):
            return rank
    return len(LAYERS)


@pytest.fixture(scope="module")
def graph() -> grimp.ImportGraph:
    return grimp.build_graph("assistant", exclude_type_checking_imports=True)


def _edges(graph: grimp.ImportGraph) -> list[tuple[str, str]]:
    return [(a, b) for a in sorted(graph.modules) for b in sorted(graph.find_modules_directly_imported_by(a))]


def test_lower_layers_never_import_higher_ones(graph: grimp.ImportGraph) -> None:
    upward = [f"{a} -> {b}" for a, b in _edges(graph) if _layer(b) > _layer(a)]
    assert not upward, "imports against the layers:\n" + "\n".join(upward)


def test_the_tui_does_not_import_the_command_line_layer(graph: grimp.ImportGraph) -> None:
    bad = [f"{a} -> {b}" for a, b in _edges(graph)
           if a.startswith("assistant.tui") and (b == "assistant.cli" or b.startswith("assistant.commands"))]
    assert not bad, "\n".join(bad)


def _circles(graph: grimp.ImportGraph) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    sys.setrecursionlimit(max(10_000, sys.getrecursionlimit()))
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph.find_modules_directly_imported_by(v):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for module in sorted(graph.modules):
        if module not in index:
            visit(module)
    return found


def test_no_import_circles(graph: grimp.ImportGraph) -> None:
    assert not _circles(graph)


def test_the_circle_check_finds_a_circle() -> None:
    """The check itself: a two-module circle built in memory is reported."""
    g = grimp.ImportGraph()
    g.add_import(importer="pkg.a", imported="pkg.b")
    g.add_import(importer="pkg.b", imported="pkg.a")
    g.add_import(importer="pkg.b", imported="pkg.c")
    assert _circles(g) == [["pkg.a", "pkg.b"]]


def test_no_product_file_over_400_lines() -> None:
    long = []
    for folder in ("assistant", "tools", "memory", "prompts"):
        for path in (ROOT / folder).rglob("*.py"):
            if path.is_symlink() or any(p.is_symlink() for p in path.relative_to(ROOT).parents if str(p) != "."):
                continue
            lines = len(path.read_text(encoding="utf-8").splitlines())
            if lines > MAX_LINES:
                long.append(f"{path.relative_to(ROOT)}: {lines}")
    assert not long, "split these files:\n" + "\n".join(long)
