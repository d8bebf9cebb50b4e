"""The clarify phase's estimates: which figures to ask for, and checking them.

The capacity engine derives every figure from the problem's assumptions;
the user's figure is checked against it and, when off, the derivation is
shown so they can see which step differs.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from coach.errors import CoachError
from coach.problems.model import Problem
from coach.session.record import EstimateCheck

if TYPE_CHECKING:
    from coach.estimate.checker import WorkingLine
    from coach.estimate.model import Estimate
    from coach.session.flow import Flow

# Asked in this order when the problem's inputs give them (a storage figure
# falls back to a year when no retention is known).
SUGGESTED = ("write_qps", "read_qps", "fanout_qps", "storage_total", "egress_bandwidth")
FALLBACKS = {"storage_total": "storage_per_year"}
SAME = 1.15  # a figure within 15% of a line of the working is "about the same"


def estimate_for(problem: Problem) -> Estimate | None:
    """The engine's figures for the problem's capacity assumptions (None if it has none)."""
    from coach.estimate.engine import estimate

    if not problem.capacity:
        return None
    try:
        return estimate(problem.capacity_inputs())
    except CoachError:
        return None


def names_for(problem: Problem) -> list[str]:
    found = estimate_for(problem)
    return list(found.results) if found else []


def resolve_name(text: str) -> str | None:
    """What the user called a figure ("write qps", "QPS") -> its result name, or None."""
    from coach.estimate.checker import resolve_result_name

    try:
        return resolve_result_name(text)
    except CoachError:
        return None


def _cached(flow: Flow) -> Estimate | None:
    if "estimate" not in flow.cache:
        flow.cache["estimate"] = estimate_for(flow.problem)
    return flow.cache["estimate"]  # type: ignore[return-value]


def suggested(flow: Flow) -> list[str]:
    """The figures to ask for: the usual ones, then, for a clarify item that
    checks none of them by value, the first figure it does check (so every
    such item can be earned at the prompt without asking for everything)."""
    found = _cached(flow)
    if found is None:
        return []
    names = []
    for name in SUGGESTED:
        name = name if name in found.results else FALLBACKS.get(name, name)
        if name in found.results:
            names.append(name)
    for item in flow.problem.rubric.clarify:
        given = [name for name in item.figures if name in found.results]
        if given and not set(given) & set(names):
            names.append(given[0])
    return names


def label(flow: Flow, name: str) -> str:
    found = _cached(flow)
    if found is not None and name in found.results:
        return found.results[name].title
    return name.replace("_", " ")


def check(flow: Flow, name: str, text: str) -> EstimateCheck | None:
    """The user's figure against the engine's, or None when the engine has no such figure."""
    found = _cached(flow)
    return None if found is None else check_estimate(found, name, text)


def check_estimate(found: Estimate, name: str, text: str) -> EstimateCheck | None:
    """`check` against an estimate already derived (for scoring outside a flow)."""
    from coach.estimate.checker import check_figure

    if name not in found.results:
        return None
    result = found.results[name]
    base = {
        "name": name,
        "title": result.title,
        "user_text": text,
        "engine_value": result.value,
        "engine_display": result.display,
        "unit": result.unit,
        "derivation": "\n".join(_derivations(found, name)),
    }
    try:
        figure = check_figure(name, text, found)
    except CoachError as exc:  # a figure that cannot be read is a wrong figure, not a crash
        return EstimateCheck(**base, user_value=None, within_tolerance=False, verdict=exc.message)
    step = figure.differing_step.render() if figure.differing_step else None
    return EstimateCheck(
        **base,
        user_value=figure.user_value,
        within_tolerance=figure.within_tolerance,
        ratio=figure.ratio,
        verdict=figure.verdict,
        differing_step=figure.hint or step,
        diagnosis=figure.diagnosis.text if figure.diagnosis else None,
        working=[_beside(line) for line in figure.working],
    )


def _beside(line: WorkingLine) -> str:
    """A line of the working with the user's figure beside it, when it is the
    same kind of figure ("... = 120K/s (yours: 12x under)")."""
    from coach.estimate.quantity import format_number

    ratio = line.shown_ratio  # set on every comparable line, as `ratio` is
    if ratio is None:
        return line.derivation
    if abs(math.log(ratio)) <= math.log(SAME):
        where = "about this"
    elif ratio > 1:
        where = f"{format_number(ratio, 2)}x this"
    else:
        where = f"{format_number(1 / ratio, 2)}x under this"
    return f"{line.derivation} (yours is {where})"


def _derivations(found: Estimate, name: str) -> list[str]:
    """The working behind a figure, upstream figures first, one line each."""
    lines: list[str] = []

    def visit(current: str) -> None:
        result = found.results.get(current)
        if result is None or result.derivation in lines:
            return
        for upstream in result.depends_on:
            visit(upstream)
        lines.append(result.derivation)

    visit(name)
    return lines
