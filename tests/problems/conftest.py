"""Fixtures for the problem tests: spec files written from the annotated example."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from problem_fixtures import example_text, problem_variant, variant


@pytest.fixture
def write_spec(tmp_path: Path) -> Callable[..., Path]:
    """Write a variant of the example spec: write_spec("name.yaml", (old, new), ...)."""

    def write(name: str, *replacements: tuple[str, str], directory: Path | None = None) -> Path:
        folder = directory or tmp_path
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / name
        path.write_text(variant(example_text(), *replacements), encoding="utf-8")
        return path

    return write


@pytest.fixture
def builtin_bank(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A small built-in bank (three problems) in place of the shipped problems/."""
    folder = tmp_path / "builtin"
    folder.mkdir()
    (folder / "README.md").write_text("# not a spec\n")
    (folder / "alpha.yaml").write_text(problem_variant("alpha", "easy", "ranking, caching"))
    (folder / "beta.yaml").write_text(problem_variant("beta", "medium", "feed, caching"))
    (folder / "gamma.yml").write_text(problem_variant("gamma", "hard", "feed, streaming"))
    monkeypatch.setattr("coach.paths.problems_dir", lambda: folder)
    return folder
