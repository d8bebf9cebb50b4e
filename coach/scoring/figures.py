"""Rubric items bound to estimates: judged by value, never by their label.

An item's `figures` name engine figures (`write_qps`, `storage_total`...). The
user's figure for each, from the estimates they typed, is checked against the
engine's by the estimate checker. Covered when every figure given is within
tolerance, partial when some are, missed when none is given or all are off;
an off figure's note says how far off it is and where the derivation parts.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol

from coach.problems.model import RubricItem
from coach.scoring.verdict import Evidence, How, ItemResult, Verdict


class FigureCheck(Protocol):
    """A user's estimate checked against the engine's (the record's `EstimateCheck`)."""

    name: str
    title: str
    user_text: str
    within_tolerance: bool
    verdict: str
    differing_step: str | None


def judge_figures(item: RubricItem, checks: Mapping[str, FigureCheck]) -> ItemResult:
    given = [checks[name] for name in item.figures if name in checks]
    right = [c for c in given if c.within_tolerance]
    off = [c for c in given if not c.within_tolerance]
    evidence = [_evidence(c) for c in given]
    note = "; ".join(_off_note(c) for c in off)
    if not given:
        wanted = ", ".join(name.replace("_", " ") for name in item.figures)
        return _result(item, Verdict.MISSED, 0.0, [], f"no estimate given for {wanted}")
    if not off:
        return _result(item, Verdict.COVERED, 1.0, evidence, "")
    if right:
        return _result(item, Verdict.PARTIAL, len(right) / len(given), evidence, note)
    return _result(item, Verdict.MISSED, 0.0, evidence, note)


def _evidence(check: FigureCheck) -> Evidence:
    return Evidence(
        quote=check.user_text,
        source=f"estimate {check.name}",
        how=How.FIGURE if check.within_tolerance else How.OFF,
        matched=check.name,
        end=len(check.user_text),
    )


def _off_note(check: FigureCheck) -> str:
    title = check.title or check.name.replace("_", " ")
    step = f" ({check.differing_step})" if check.differing_step else ""
    return f"{title}: {check.verdict}{step}"


def _result(
    item: RubricItem, verdict: Verdict, credit: float, evidence: list[Evidence], note: str
) -> ItemResult:
    return ItemResult(
        id=item.id,
        verdict=verdict,
        credit=round(credit, 3),
        weight=item.weight,
        evidence=evidence,
        note=note,
    )
