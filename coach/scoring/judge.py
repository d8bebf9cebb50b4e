"""Judge rubric items against what the user said, asked and estimated.

Each item gets one `ItemResult`: its verdict, the credit it earned and the
evidence, quoted from the user's own answers. An item is earned in one of four
ways (`RubricItem`): its words in an answer, a question the interviewer
answered from one of its `asked` topics, or, for an item bound to `figures`,
estimates within tolerance of the engine's. An item bound to figures is judged
by value only: naming a figure is not estimating it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from coach.problems.model import RubricItem
from coach.scoring.matching import Matcher
from coach.scoring.verdict import Evidence, How, ItemResult, Verdict


@dataclass(frozen=True)
class Answer:
    """One piece of text the user typed, and where it was typed."""

    source: str  # "requirements", "design", "question 2"...
    text: str


@dataclass(frozen=True)
class Asked:
    """A clarifying question and the clarification topic the interviewer answered it from."""

    number: int  # 1-based, in the order asked
    question: str
    topic: str | None  # None: the interviewer had nothing to say


class FigureCheck(Protocol):
    """A user's estimate checked against the engine's (the record's `EstimateCheck`)."""

    name: str
    title: str
    user_text: str
    within_tolerance: bool
    verdict: str
    differing_step: str | None


def judge(
    items: Sequence[RubricItem],
    answers: Sequence[Answer],
    matcher: Matcher,
    *,
    asked: Sequence[Asked] = (),
    checks: Sequence[FigureCheck] = (),
) -> list[ItemResult]:
    """One result per item, in the items' order."""
    by_name = {check.name: check for check in checks}
    return [
        _by_figures(item, by_name) if item.figures else _by_words(item, answers, matcher, asked)
        for item in items
    ]


def _by_words(
    item: RubricItem, answers: Sequence[Answer], matcher: Matcher, asked: Sequence[Asked]
) -> ItemResult:
    question = next((q for q in asked if q.topic is not None and q.topic in item.asked), None)
    if question is not None:
        evidence = Evidence(
            quote=question.question,
            source=f"question {question.number}",
            how=How.ASKED,
            matched=question.topic or "",
            end=len(question.question),
        )
        return _result(item, Verdict.COVERED, [evidence])
    for answer in answers:
        found = matcher.find(answer.text, item.terms) if item.terms else None
        if found is not None:
            evidence = Evidence(
                quote=found.quote,
                source=answer.source,
                how=How.EXPLAINED,
                matched=found.term,
                start=found.start,
                end=found.end,
            )
            return _result(item, Verdict.COVERED, [evidence])
    return _result(item, Verdict.MISSED, [])


def _by_figures(item: RubricItem, checks: dict[str, FigureCheck]) -> ItemResult:
    """Covered when every figure given is within tolerance; partial when some are;
    missed when none is given or all are off (the note says where each parts)."""
    given = [checks[name] for name in item.figures if name in checks]
    right = [c for c in given if c.within_tolerance]
    off = [c for c in given if not c.within_tolerance]
    evidence = [_figure_evidence(c) for c in given]
    note = "; ".join(_off_note(c) for c in off)
    if not given:
        wanted = ", ".join(name.replace("_", " ") for name in item.figures)
        return _result(item, Verdict.MISSED, [], note=f"no estimate given for {wanted}")
    if not off:
        return _result(item, Verdict.COVERED, evidence)
    if right:
        return _result(item, Verdict.PARTIAL, evidence, len(right) / len(given), note)
    return _result(item, Verdict.MISSED, evidence, note=note)


def _figure_evidence(check: FigureCheck) -> Evidence:
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


CREDIT = {Verdict.COVERED: 1.0, Verdict.PARTIAL: 0.5, Verdict.REJECTED: 0.0, Verdict.MISSED: 0.0}


def _result(
    item: RubricItem,
    verdict: Verdict,
    evidence: list[Evidence],
    credit: float | None = None,
    note: str = "",
) -> ItemResult:
    return ItemResult(
        id=item.id,
        verdict=verdict,
        credit=CREDIT[verdict] if credit is None else credit,
        weight=item.weight,
        evidence=evidence,
        note=note,
    )
