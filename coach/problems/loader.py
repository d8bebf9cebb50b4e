"""Reading problem spec files: YAML -> `Problem`, every error at its line.

A spec is read with the safe YAML loader (`coach.yamlsafe`), validated
against the `Problem` model, and every schema error is reported at once so
that one `coach validate` run shows all there is to fix.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from coach.errors import CoachError, CoachErrors
from coach.problems.checks import rubric_errors
from coach.problems.files import SPEC_SUFFIXES, spec_files
from coach.problems.model import Curveball, DeepDive, Problem, Rubric
from coach.schema_messages import describe_errors
from coach.yamlsafe import YamlDoc, load_yaml, require_mapping

__all__ = ["SPEC_SUFFIXES", "LoadedSpec", "load_spec_file", "read_spec", "spec_files"]


@dataclass(frozen=True)
class LoadedSpec:
    """A validated problem and the document it came from (for positions)."""

    problem: Problem
    doc: YamlDoc

    @property
    def path(self) -> Path:
        return self.doc.path


def load_spec_file(path: str | Path) -> Problem:
    """The problem in one spec file; raises `CoachErrors` listing every error."""
    return read_spec(path).problem


def read_spec(path: str | Path) -> LoadedSpec:
    """Like `load_spec_file`, keeping the YAML document for later checks."""
    doc = load_yaml(path)
    data = require_mapping(doc)
    try:
        problem = Problem.model_validate(data)
    except ValidationError as exc:
        raise CoachErrors(_schema_errors(exc, doc)) from None
    return LoadedSpec(problem=problem, doc=doc)


def _schema_errors(exc: ValidationError, doc: YamlDoc) -> list[CoachError]:
    errors = exc.errors()
    # The model's own cross checks (duplicate rubric ids, unknown topics) carry
    # no place; they run only once every field is valid, so they can be redone
    # here on the parts, with places.
    if any(not e["loc"] for e in errors):
        located = _located_rubric_errors(doc)
        if located:
            errors = [e for e in errors if e["loc"]]
            found = describe_errors(errors, doc, Problem) + located
            return sorted(found, key=lambda e: (e.line or 0, e.column or 0))
    return describe_errors(errors, doc, Problem)


def _located_rubric_errors(doc: YamlDoc) -> list[CoachError]:
    data = doc.data
    try:
        rubric = Rubric.model_validate(data.get("rubric"))
        deep_dives = [DeepDive.model_validate(d) for d in data.get("deep_dives") or []]
        curveballs = [Curveball.model_validate(c) for c in data.get("curveballs") or []]
    except (ValidationError, TypeError):
        return []
    return rubric_errors(rubric, deep_dives, curveballs, doc)
