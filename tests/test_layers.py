"""The arrows point one way: the domain never imports the terminal layer."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "coach"
DOMAIN = [
    "problems",
    "estimate",
    "simulate",
    "scoring",
    "session",
    "export",
    "drill",
    "stats",
    "storage",
]
TERMINAL = ("typer", "rich", "questionary", "prompt_toolkit", "coach.ui", "coach.commands")


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("package", DOMAIN)
def test_domain_does_not_import_the_terminal(package: str) -> None:
    for path in sorted((PACKAGE / package).rglob("*.py")):
        bad = [n for n in _imports(path) if n == "coach.cli" or n.startswith(TERMINAL)]
        assert not bad, f"{path.relative_to(PACKAGE)} imports {bad}"


def test_only_the_prompts_module_imports_questionary() -> None:
    users = [
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*.py")
        if any(n.startswith("questionary") for n in _imports(path))
    ]
    assert users == ["ui/prompts.py"]
