"""The shape of bot/ that keeps it readable: no import cycle, one place that moves a
conversation, small functions."""

from __future__ import annotations

import ast
from pathlib import Path

from radon.complexity import cc_visit

from bot.routes import drawn

BOT = Path(__file__).resolve().parent.parent / "bot"
NAVIGATION = BOT / "flows" / "nav.py"
MAX_COMPLEXITY = 15


def modules() -> dict[str, ast.Module]:
    found = {}
    for path in sorted(BOT.rglob("*.py")):
        parts = path.relative_to(BOT.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = ast.parse(path.read_text(), str(path))
    return found


def imports(name: str, tree: ast.Module, known: set[str]) -> set[str]:
    """The bot modules `name` imports when it is loaded (not those imported for type checks).

    ``from bot import choices`` imports the module `bot.choices`, as grimp and
    import-linter count it, not the package `bot` as a whole.
    """
    out: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.Import):
            out |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            for alias in node.names:
                sub = f"{node.module}.{alias.name}"
                out.add(sub if sub in known else node.module)
    return {module for module in out if module in known and module != name}


def graph() -> dict[str, set[str]]:
    trees = modules()
    return {name: imports(name, tree, set(trees)) for name, tree in trees.items()}


def test_no_import_cycle_in_bot():
    edges, cycles = graph(), []
    state: dict[str, str] = {}

    def visit(name: str, path: list[str]) -> None:
        state[name] = "open"
        for other in sorted(edges[name]):
            if state.get(other) == "open":
                cycles.append([*path[path.index(other):], other] if other in path
                              else [*path, other])
            elif other not in state:
                visit(other, [*path, other])
        state[name] = "done"

    for name in sorted(edges):
        if name not in state:
            visit(name, [name])
    assert not cycles, "import cycles: " + "; ".join(" -> ".join(c) for c in cycles)


def test_only_navigation_moves_a_conversation():
    """`conv.step = ...` anywhere but bot/flows/nav.py would be a sixth way to move."""
    writes = []
    for path in sorted(BOT.rglob("*.py")):
        if path == NAVIGATION:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            targets = node.targets if isinstance(node, ast.Assign) else \
                [node.target] if isinstance(node, (ast.AugAssign, ast.AnnAssign)) else []
            for target in targets:
                for leaf in ast.walk(target):
                    if isinstance(leaf, ast.Attribute) and leaf.attr in ("step", "history") \
                            and isinstance(leaf.ctx, ast.Store):
                        writes.append(f"{path.relative_to(BOT.parent)}:{node.lineno}")
    assert not writes, writes


def test_every_function_in_bot_is_small_enough_to_read():
    too_complex = []
    for path in sorted(BOT.rglob("*.py")):
        for block in cc_visit(path.read_text()):
            if block.complexity > MAX_COMPLEXITY:
                too_complex.append(f"{path.relative_to(BOT.parent)}:{block.lineno} "
                                   f"{block.fullname} ({block.complexity})")
    assert not too_complex, too_complex


def test_the_routes_chart_in_architecture_md_is_the_table():
    """Redraw it with `python -m bot.diagram` after changing `bot.routes`."""
    page = (BOT.parent / "ARCHITECTURE.md").read_text()
    assert drawn(page) == page
