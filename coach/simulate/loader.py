"""Reading design files: YAML -> `Design`, every error at its line and column.

A design file holds one design at the top level. A problem spec (a file with
a `reference_design`) is accepted too: its reference design is loaded, with
the spec checked as `coach validate` would.
"""

from __future__ import annotations

from pathlib import Path

from coach.errors import CoachErrors
from coach.simulate.checks import structure_issues
from coach.simulate.design import Design
from coach.yamlsafe import YamlDoc, load_yaml, require_mapping, validate_model


def load_design_file(path: str | Path) -> Design:
    """The design in `path`; raises `CoachErrors` listing every error with its place."""
    doc = load_yaml(path)
    data = require_mapping(doc)
    if "reference_design" in data and "components" not in data:
        from coach.problems.loader import load_spec_file

        design = load_spec_file(path).reference_design
        prefix: tuple[str, ...] = ("reference_design",)
    else:
        design = validate_model(Design, doc)
        prefix = ()
    located_issues(design, doc, prefix)
    return design


def located_issues(design: Design, doc: YamlDoc, prefix: tuple[str, ...] = ()) -> None:
    """Raise the design's structure issues (cycles, unknown names...) at their places."""
    issues = structure_issues(design)
    if issues:
        raise CoachErrors([doc.error(issue.message, (*prefix, *issue.loc)) for issue in issues])
