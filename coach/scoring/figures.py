"""Rubric items bound to estimates: judged by value, never by their label.

An item's `figures` name engine figures (`write_qps`, `storage_total`...). The
user's figure for each comes from the estimates they typed or, failing that,
from a figure stated in their answer next to the right concept ("about 5.8K
writes per second"). Each is checked against the engine's by the estimate
checker (behind `Checker`, so the checker can change without this module).
Covered when every figure given is within tolerance, partial when some are,
missed when none is given or all are off; an off figure's note says how far
off it is and where the derivation parts.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from coach.problems.model import RubricItem
from coach.scoring.evidence import Place
from coach.scoring.matching import Matcher, Span
from coach.scoring.quantities import Quantity, quantities
from coach.scoring.units import Unit
from coach.scoring.verdict import Evidence, How, ItemResult, Verdict


class FigureCheck(Protocol):
    """A user's estimate checked against the engine's (the record's `EstimateCheck`)."""

    name: str
    title: str
    user_text: str
    user_value: float | None
    within_tolerance: bool
    ratio: float | None
    verdict: str
    differing_step: str | None
    diagnosis: str | None  # the slip behind an off figure, only when the figures show it
    working: list[str]  # each step of the derivation, the user's figure beside it


PLAUSIBLE = 1000.0  # a stated figure further off than this is not an estimate of it
COUNT_REACH = 20  # characters between a bare number and the noun it counts
CLAUSE_PENALTY = 30  # characters a figure's noun is further away across "and", "," or ";"
_CLAUSE_BREAK = re.compile(r"\b(?:and|but|while|whereas)\b|[,;]")

# (figure name, the user's figure as text) -> the check, or None when the engine
# has no such figure or the text cannot be that figure (a size for a rate)
Checker = Callable[[str, str], FigureCheck | None]

# The lexicon concept a stated figure must sit next to, and the kinds it may be.
FIGURES: dict[str, tuple[str, tuple[str, ...]]] = {
    "daily_active_users": ("users", ("count",)),
    "concurrent_users": ("concurrent", ("count",)),
    "peak_concurrent_users": ("concurrent", ("count",)),
    "write_qps": ("write", ("rate",)),
    "peak_write_qps": ("write", ("rate",)),
    "read_qps": ("read", ("rate",)),
    "peak_read_qps": ("read", ("rate",)),
    "fanout_qps": ("fanout", ("rate",)),
    "peak_fanout_qps": ("fanout", ("rate",)),
    "raw_storage_per_day": ("storage", ("bytes", "byte_rate")),
    "storage_per_day": ("storage", ("bytes", "byte_rate")),
    "storage_per_month": ("storage", ("bytes", "byte_rate")),
    "raw_storage_per_year": ("storage", ("bytes", "byte_rate")),
    "storage_per_year": ("storage", ("bytes", "byte_rate")),
    "raw_storage_total": ("storage", ("bytes",)),
    "storage_total": ("storage", ("bytes",)),
    "catalogue_storage": ("catalogue", ("bytes",)),
    "ingress_bandwidth": ("bandwidth", ("byte_rate",)),
    "peak_ingress_bandwidth": ("bandwidth", ("byte_rate",)),
    "egress_bandwidth": ("bandwidth", ("byte_rate",)),
    "peak_egress_bandwidth": ("bandwidth", ("byte_rate",)),
    "cache_memory": ("memory", ("bytes",)),
    "timeline_memory": ("memory", ("bytes",)),
    "servers": ("servers", ("count",)),
}

# A figure typed under one name also stands for the same figure on another
# basis when the item asks for that one: storage with or without its replicas
# ("storage_per_day" typed, "raw_storage_per_day" asked), or the memory a cache
# holds for the timelines it keeps. It is checked against the figure asked for.
SIBLINGS: dict[str, tuple[str, ...]] = {
    "raw_storage_per_day": ("storage_per_day",),
    "raw_storage_per_year": ("storage_per_year",),
    "raw_storage_total": ("storage_total",),
    "storage_per_day": ("raw_storage_per_day",),
    "storage_per_year": ("raw_storage_per_year",),
    "storage_total": ("raw_storage_total",),
    "timeline_memory": ("cache_memory",),
    "cache_memory": ("timeline_memory",),
}


# The kinds of figure each concept can stand beside ("500 GB a day" is no write rate).
KINDS: dict[str, set[str]] = {}
for _concept, _kinds in FIGURES.values():
    KINDS.setdefault(_concept, set()).update(_kinds)


@dataclass(frozen=True)
class Stated:
    """A figure the user wrote in an answer, and the concept it sits next to."""

    concept: str
    quantity: Quantity
    place: Place


def stated_figures(places: Sequence[Place], matcher: Matcher) -> list[Stated]:
    """Every figure in the answers that sits next to a figure's concept."""
    concepts = sorted({concept for concept, _ in FIGURES.values()})
    found = []
    texts: dict[int, list[Quantity]] = {}
    for place in places:
        unit = place.unit
        if unit.run_on or unit.listed_with >= 0:
            # a figure in a pasted glossary ("TB 18TB/year 91TB"), or on one line of a
            # long list of bare terms, estimates nothing
            continue
        in_text = texts.setdefault(id(unit.text), quantities(unit.text))
        near = {c: matcher.concept_spans(unit, c) for c in concepts}
        for quantity in in_text:
            if unit.start <= quantity.start < unit.end:
                fitting = {c: spans for c, spans in near.items() if quantity.kind in KINDS[c]}
                concept = (
                    _label(unit, fitting) or _nearest(unit, quantity, fitting) or _by_kind(quantity)
                )
                if concept is not None:
                    found.append(Stated(concept, quantity, place))
    return found


def _label(unit: Unit, near: Mapping[str, list[Span]]) -> str | None:
    """The concept a note line is headed by ("Fanout: 6K x 200 = 1.2M inserts/s"):
    its figures are that concept's, whatever other words sit nearer them."""
    if not (unit.headed and unit.segment_is_bare(0)):  # "Storage:", not "It's read heavy:"
        return None
    labels = [
        c for c, spans in near.items() if any(unit.tokens[s.first].segment == 0 for s in spans)
    ]
    return labels[0] if len(labels) == 1 else None


def _by_kind(quantity: Quantity) -> str | None:
    """With no concept in the sentence, a size is storage and a byte rate per
    second is bandwidth ("50 GB a day, ~18 TB a year"); a bare rate could be anything."""
    if quantity.kind == "bytes":
        return "storage"
    if quantity.kind == "byte_rate":
        return "bandwidth" if quantity.expression.endswith(("/s", "bps")) else "storage"
    return None


def _nearest(unit: object, quantity: Quantity, near: Mapping[str, list]) -> str | None:
    """The concept written closest to the figure ("11K reads per second": read)."""
    best: tuple[int, str] | None = None
    tokens = unit.tokens  # type: ignore[attr-defined]
    for concept, spans in near.items():
        for span in spans:
            start, end = tokens[span.first].start, tokens[span.last].end
            inside = quantity.start <= start < quantity.end
            gap = 0 if inside else min(abs(start - quantity.end), abs(quantity.start - end))
            between = unit.text[min(end, quantity.end) : max(start, quantity.start)]  # type: ignore[attr-defined]
            if not inside and _CLAUSE_BREAK.search(between):
                gap += CLAUSE_PENALTY  # "580 writes a second and 20 reads per write"
            if quantity.kind == "count" and gap > COUNT_REACH:
                continue  # a bare number is a figure only right beside its noun ("47 servers")
            if best is None or gap < best[0]:
                best = (gap, concept)
    return best[1] if best is not None else None


def judge_figures(
    item: RubricItem,
    typed: Mapping[str, FigureCheck],
    stated: Sequence[Stated],
    check: Checker | None,
) -> ItemResult:
    found = {name: [_typed(typed[name])] for name in item.figures if name in typed}
    found.update(_from_siblings(item, typed, check))
    untyped = [name for name in item.figures if name not in found]
    for name, pairs in _from_text(untyped, stated, check).items():
        found[name] = pairs
    right: list[Evidence] = []
    off: list[tuple[Evidence, FigureCheck]] = []
    for name in item.figures:
        pairs = found.get(name, [])
        good = next(((e, f) for e, f in pairs if f.within_tolerance), None)
        if good is not None:
            right.append(good[0])
        elif pairs:
            off.append(pairs[0])
    evidence = right + [e for e, _ in off]
    note = "\n".join(_off_note(figure) for _, figure in off)
    if not evidence:
        wanted = ", ".join(name.replace("_", " ") for name in item.figures)
        return _result(item, Verdict.MISSED, 0.0, [], f"no estimate given for {wanted}")
    if not off:
        return _result(item, Verdict.COVERED, 1.0, evidence, "")
    if right:
        return _result(item, Verdict.PARTIAL, len(right) / len(evidence), evidence, note)
    return _result(item, Verdict.MISSED, 0.0, evidence, note)


def _from_siblings(
    item: RubricItem, typed: Mapping[str, FigureCheck], check: Checker | None
) -> dict[str, list[tuple[Evidence, FigureCheck]]]:
    """Figures the item asks for, typed under a sibling's name the item does not
    ask for, checked against the figure asked for."""
    found: dict[str, list[tuple[Evidence, FigureCheck]]] = {}
    if check is None:
        return found
    for name in item.figures:
        if name in typed:
            continue
        for sibling in SIBLINGS.get(name, ()):
            if sibling in typed and sibling not in item.figures:
                checked = check(name, typed[sibling].user_text)
                if checked is not None:
                    evidence, _ = _typed(typed[sibling])
                    how = How.FIGURE if checked.within_tolerance else How.OFF
                    found[name] = [
                        (evidence.model_copy(update={"how": how, "matched": name}), checked)
                    ]
                break
    return found


def _typed(figure: FigureCheck) -> tuple[Evidence, FigureCheck]:
    evidence = Evidence(
        quote=figure.user_text,
        source=f"estimate {figure.name}",
        how=How.FIGURE if figure.within_tolerance else How.OFF,
        matched=figure.name,
        end=len(figure.user_text),
    )
    return evidence, figure


def _from_text(
    names: Sequence[str], stated: Sequence[Stated], check: Checker | None
) -> dict[str, list[tuple[Evidence, FigureCheck]]]:
    """Each stated figure goes to the one of `names` it is nearest in value
    ("15 TB" is the total, not a day's storage 2,500x off)."""
    if check is None:
        return {}
    found: dict[str, list[tuple[Evidence, FigureCheck]]] = {}
    for figure in stated:
        fits = [
            (name, checked)
            for name in names
            if name in FIGURES
            and figure.concept == FIGURES[name][0]
            and figure.quantity.kind in FIGURES[name][1]
            and (checked := check(name, figure.quantity.expression)) is not None
            and checked.user_value is not None
            and _plausible(checked)
        ]
        if not fits:
            continue
        # "5 TB a year" is the yearly figure, though it is also 14 GB a day
        period = figure.quantity.expression.rpartition("/")[2]
        fits = [fit for fit in fits if fit[0].endswith(f"_per_{period}")] or fits
        name, checked = min(fits, key=lambda fit: abs(math.log(fit[1].ratio or 1e-12)))
        evidence = Evidence(
            quote=figure.quantity.quote(figure.place.unit.text),
            source=figure.place.source,
            how=How.FIGURE if checked.within_tolerance else How.OFF,
            matched=name,
            start=figure.quantity.start,
            end=figure.quantity.end,
        )
        found.setdefault(name, []).append((evidence, checked))
    return found


def _plausible(checked: FigureCheck) -> bool:
    """A figure in prose that is orders of magnitude from the engine's is some
    other quantity ("a tweet row is ~300 B" beside "storage"), not an estimate."""
    ratio = checked.ratio or 0.0
    return ratio > 0 and abs(math.log(ratio)) <= math.log(PLAUSIBLE)


def _off_note(figure: FigureCheck) -> str:
    """How far off a figure is and, when the figures show it, the slip behind it;
    otherwise the user's figure beside each step, so they can see where it parts."""
    title = figure.title or figure.name.replace("_", " ")
    said = f"{title}: {figure.verdict}"
    if figure.diagnosis:
        return f"{said}; {figure.diagnosis}"
    if figure.working:
        return "\n".join([f"{said}; yours beside the working:", *figure.working])
    step = f" ({figure.differing_step})" if figure.differing_step else ""
    return f"{said}{step}"


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
