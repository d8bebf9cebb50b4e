"""Judge rubric items against what the user said, asked and estimated.

Each item gets one `ItemResult`: its verdict, the credit it earned and the
evidence, quoted exactly from the user's answers. An item is earned by a
question the interviewer answered from one of its `asked` topics, by a unit
of an answer that expresses one of its `terms` or `ideas`, or, for an item
bound to `figures`, by estimates within tolerance (`figures.py`).

A unit can carry only so many items: two, plus one for every few words that
say something about them (`BUDGET_SAID`). A list of terms carries at most
`LIST_BUDGET`, and only as mentions, so a pasted glossary earns little; the
best evidence is placed first (explained before mentioned, heavy items before
light ones). An item found only negated is rejected: the user ruled it out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from coach.problems.model import RubricItem
from coach.scoring.evidence import Candidate, Place, candidates
from coach.scoring.figures import Checker, FigureCheck, judge_figures, stated_figures
from coach.scoring.matching import Matcher
from coach.scoring.negation import dismisses, negative_reply
from coach.scoring.stance import turned_down
from coach.scoring.units import Unit
from coach.scoring.verdict import RULED_OUT_COST, Evidence, How, ItemResult, Verdict
from coach.scoring.words import wordset

CREDIT = {How.EXPLAINED: 1.0, How.MENTIONED: 0.5}
QUESTION = "question"  # the source of a clarifying question: "question 2"
CHARGED_NOTE = f"a wrong call: ruling it out costs {RULED_OUT_COST:.0%} of its weight in this phase"
ELSEWHERE_CREDIT = 0.5  # an item explained in another phase's answer
BASE_BUDGET = 2  # items any unit that is not a list may carry
BUDGET_SAID = 3  # words that say something, per extra item a unit may carry
LIST_BUDGET = 1  # items a list of terms may carry (as mentions)
# An ask item is earned in full by asking: stating the fact yourself earns part
# of it (so does an estimate item explained in words, without its figure), and
# only naming it earns nothing.
STATED_CREDIT = 0.5
STATED_NOTE = "stated, not asked: a question to the interviewer would confirm it"
UNFIGURED_NOTE = "said without a figure: an estimate needs a number"
NAMED_ASK_NOTE = "only named: neither asked about nor stated"
NAMED_FIGURE_NOTE = "only named: no figure given"
# Words that ask, in a question otherwise made of terms: "Devices: TV/mobile/web -
# codec + DRM matrix known?", "Hotspots: airports/stadiums/NYE, how bad?"
ASKING = wordset(
    """how what which who whom when where why is are do does did can could should must
    will would ok okay known right confirm"""
)


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


def judge(
    items: Sequence[RubricItem],
    answers: Sequence[Answer],
    matcher: Matcher,
    *,
    asked: Sequence[Asked] = (),
    checks: Sequence[FigureCheck] = (),
    checker: Checker | None = None,
    elsewhere: Sequence[Answer] = (),
) -> list[ItemResult]:
    """One result per item, in the items' order. `checks` are the estimates the
    user typed; `checker` checks a figure stated in an answer instead;
    `elsewhere` are answers of other phases, where an item not found in its
    own phase may still be explained (for part of its credit)."""
    places = _places(answers, matcher)
    by_name = {check.name: check for check in checks}
    stated = []
    if checker is not None and any(item.figures for item in items):
        said = [p for p in places if not p.source.startswith(QUESTION)]
        stated = stated_figures(said, matcher)
    results: dict[str, ItemResult] = {}
    worded: list[RubricItem] = []
    for item in items:
        question = _question(item, asked, matcher) if item.asked else None
        if question is not None:
            results[item.id] = _asked(item, question)
            continue
        if item.figures:
            by_value = judge_figures(item, by_name, stated, checker)
            if by_value.evidence or not (item.terms or item.ideas):
                results[item.id] = _stated_figures(item, by_value)
                continue
        worded.append(item)
    results.update(_by_words(worded, places, matcher))
    if elsewhere:
        # an item ruled out here may still be explained in another answer
        unfound = [i for i in worded if _unfound(results[i.id])]
        found = _from_elsewhere(unfound, _places(elsewhere, matcher), matcher)
        for item_id, result in found.items():
            if results[item_id].verdict is Verdict.REJECTED:
                # ruled out where it belongs, but said positively elsewhere: still ruled
                # out, with nothing to charge for
                note = f"{result.note}, so ruling it out here costs nothing"
                update = {"note": note, "charged": False}
                found[item_id] = results[item_id].model_copy(update=update)
        results.update(found)
    return [results[item.id] for item in items]


def _unfound(result: ItemResult) -> bool:
    """Not found in the phase's own answers: missed with no words named, or ruled out."""
    if result.verdict is Verdict.REJECTED:
        return True
    return result.verdict is Verdict.MISSED and not result.evidence


def _from_elsewhere(
    items: Sequence[RubricItem], places: Sequence[Place], matcher: Matcher
) -> dict[str, ItemResult]:
    """Items explained in another phase's answers: real understanding, said at
    another time of the interview, so part of the credit."""
    found = {}
    for item in items:
        explained = [c for c in candidates(item, places, matcher) if c.how is How.EXPLAINED]
        if explained:
            note = f"said in your {explained[0].place.source.replace('_', ' ')} answer"
            found[item.id] = _result(item, Verdict.PARTIAL, ELSEWHERE_CREDIT, explained[0], note)
    return found


def _places(answers: Sequence[Answer], matcher: Matcher) -> list[Place]:
    """The units of every answer; a question the user dismissed as they asked it
    ("Do I need to know X? I'd rather not, it doesn't change anything") says nothing."""
    places = []
    for answer in answers:
        units = matcher.units(answer.text)
        if answer.source.startswith(QUESTION) and _dismisses(units):
            continue
        down = turned_down(answer.text, units)
        for number, unit in enumerate(units):
            places.append(Place(len(places), answer.source, unit, down.get(number, -1)))
    return places


def _question(item: RubricItem, asked: Sequence[Asked], matcher: Matcher) -> Asked | None:
    """The first question answered from one of the item's topics, unless the user
    dismissed it as they asked ("Do I need to know X? It doesn't change anything")
    or it only lists terms, with no word that asks ("scale, QPS, read/write ratio,
    latency, SLA, p99?"), which asks nothing: the interviewer answers what it can, the
    rubric credits no asking ("Hotspots: airports/stadiums/NYE, how bad?" asks)."""
    return next(
        (
            q
            for q in asked
            if q.topic is not None
            and q.topic in item.asked
            and not _dismissed(q, matcher)
            and not _listed(q, matcher)
        ),
        None,
    )


def _dismissed(question: Asked, matcher: Matcher) -> bool:
    return _dismisses(matcher.units(question.question))


def _listed(question: Asked, matcher: Matcher) -> bool:
    units = matcher.units(question.question)
    if not units or any(t.word in ASKING for unit in units for t in unit.tokens):
        return False
    return all(unit.is_list for unit in units)


def _dismisses(units: Sequence[Unit]) -> bool:
    """A question dismissed as it is asked: "Do I need X? It doesn't change
    anything." or "Do I need X? I'd guess not."."""
    return any(dismisses(u) for u in units) or any(negative_reply(u) for u in units[1:])


def _asked(item: RubricItem, question: Asked) -> ItemResult:
    evidence = Evidence(
        quote=question.question,
        source=f"question {question.number}",
        how=How.ASKED,
        matched=question.topic or "",
        end=len(question.question),
    )
    return ItemResult(
        id=item.id, verdict=Verdict.COVERED, credit=1.0, weight=item.weight, evidence=[evidence]
    )


def _stated_figures(item: RubricItem, by_value: ItemResult) -> ItemResult:
    """An ask item's figures, stated rather than asked: at most part of its credit."""
    if not item.asked or by_value.credit == 0:
        return by_value
    note = "; ".join(n for n in (STATED_NOTE, by_value.note) if n)
    credit = round(by_value.credit * STATED_CREDIT, 3)
    return by_value.model_copy(update={"verdict": Verdict.PARTIAL, "credit": credit, "note": note})


def _capped(item: RubricItem) -> bool:
    """Items words alone cannot fully earn: one about asking the interviewer,
    one about an estimate (naming a figure is not estimating it)."""
    return bool(item.asked or item.figures)


def budget(unit: Unit) -> int:
    """How many items one unit may carry."""
    return LIST_BUDGET if unit.is_list else BASE_BUDGET + unit.said // BUDGET_SAID


def _budget_key(place: Place) -> tuple[str, int, int]:
    """Units of one list of short units ("Redis; Kafka; CDN") share one budget."""
    unit = place.unit
    if unit.listed_with >= 0:
        return (place.source, id(unit.text), unit.listed_with)
    return ("", place.number, -1)


def _by_words(
    items: Sequence[RubricItem], places: Sequence[Place], matcher: Matcher
) -> dict[str, ItemResult]:
    found = {item.id: candidates(item, places, matcher) for item in items}
    left = {_budget_key(place): budget(place.unit) for place in places}
    positive = [
        (order, item, c)
        for order, item in enumerate(items)
        for c in found[item.id]
        if c.how is How.EXPLAINED or (c.how is How.MENTIONED and not _capped(item))
    ]
    positive.sort(key=lambda e: (e[2].how is not How.EXPLAINED, -e[1].weight, e[0]))
    placed: dict[str, Candidate] = {}
    for _, item, candidate in positive:
        key = _budget_key(candidate.place)
        if item.id not in placed and left[key] > 0:
            placed[item.id] = candidate
            left[key] -= 1
    return {item.id: _verdict(item, placed.get(item.id), found[item.id]) for item in items}


def _verdict(item: RubricItem, placed: Candidate | None, found: Sequence[Candidate]) -> ItemResult:
    if placed is not None and _capped(item):
        note = STATED_NOTE if item.asked else UNFIGURED_NOTE
        return _result(item, Verdict.PARTIAL, STATED_CREDIT, placed, note)
    if placed is not None:
        verdict = Verdict.COVERED if placed.how is How.EXPLAINED else Verdict.PARTIAL
        return _result(item, verdict, CREDIT[placed.how], placed, "")
    ruled_out = next((c for c in found if c.how is How.RULED_OUT), None)
    if ruled_out is not None and not any(c.how is not How.RULED_OUT for c in found):
        rejected = _result(item, Verdict.REJECTED, 0.0, ruled_out, CHARGED_NOTE)
        return rejected.model_copy(update={"charged": True})
    if found:  # named, but only where other items used up what the words say
        named = next(c for c in found if c.how is not How.RULED_OUT)
        note = "named only among many other terms, with nothing said about it"
        if _capped(item) and named.how is How.MENTIONED:
            note = NAMED_ASK_NOTE if item.asked else NAMED_FIGURE_NOTE
        return _result(item, Verdict.MISSED, 0.0, named, note)
    return ItemResult(id=item.id, verdict=Verdict.MISSED, credit=0.0, weight=item.weight)


def _result(
    item: RubricItem, verdict: Verdict, credit: float, candidate: Candidate, note: str
) -> ItemResult:
    evidence = Evidence(
        quote=candidate.quote,
        source=candidate.place.source,
        how=candidate.how,
        matched=candidate.matched,
        start=candidate.start,
        end=candidate.end,
    )
    return ItemResult(
        id=item.id,
        verdict=verdict,
        credit=credit,
        weight=item.weight,
        evidence=[evidence],
        note=note,
    )
