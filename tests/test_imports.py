"""Imports run one way: no cycles in bot/ and index/ (lazy imports included), index/ never imports
bot/ nor Slack's libraries, and bot/ never writes SQL."""

from __future__ import annotations

import ast
import re
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def modules() -> dict[str, Path]:
    found = {}
    for package in ("bot", "index"):
        for path in (ROOT / package).rglob("*.py"):
            name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
            found[name.removesuffix(".__init__")] = path
    return found


def imports(path: Path, known: dict[str, Path]) -> set[str]:
    """Every module `path` imports, at the top or inside a function (`from pkg import sub` is `pkg.sub`)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            subs = {f"{node.module}.{a.name}" for a in node.names if f"{node.module}.{a.name}" in known}
            names |= subs | ({node.module} if len(subs) < len(node.names) else set())
    return names


def test_no_import_cycles():
    known = modules()
    graph = {name: {i for i in imports(path, known) if i in known and i != name} for name, path in known.items()}
    try:
        TopologicalSorter(graph).prepare()
    except CycleError as exc:
        raise AssertionError(f"import cycle: {' → '.join(exc.args[1])}") from None


def test_index_never_imports_bot_nor_slack():
    known = modules()
    for name, path in known.items():
        if name.startswith("index"):
            outside = {i for i in imports(path, known) if i.split(".")[0] in ("bot", "slack_bolt", "slack_sdk")}
            assert outside == set(), f"{name} imports {outside}"


def test_bot_never_writes_sql():
    sql = re.compile(r"""["'](?:\s*)(?:INSERT|UPDATE|DELETE|CREATE|DROP|ALTER|REPLACE) """)
    for name, path in modules().items():
        if name.startswith("bot"):
            assert not sql.search(path.read_text(encoding="utf-8")), f"{name} writes SQL"
