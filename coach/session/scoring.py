"""Score a session against the problem's rubric.

A phase score is weighted coverage: the share of rubric weight whose items the
user's text covers (any one term of an item is enough). The overall score is
the plain mean of the phase scores (and of the curveball, when one was asked):
each phase is one part of an interview, and authors split phases into items of
different sizes, so weighting by item count or weight would let one phase
dominate. A mock interview adds time management: 90% rubric, 10% time, where
each phase's time score falls linearly from 100 at its budget to 0 at twice it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from coach.phases import PHASES, Phase
from coach.problems.model import Curveball, Problem, RubricItem
from coach.session.matching import Evidence, Matcher, matcher_for
from coach.session.pitfalls import detect_pitfalls
from coach.session.record import Mode, PhaseResult, SessionRecord, StudyItem
from coach.session.transcript import phase_text

TIME_SHARE = 0.10  # of the overall score in mock mode
STRENGTHS = 3
STUDY = 3


@dataclass(frozen=True)
class Coverage:
    """One rubric item against a text: covered when `evidence` is not None."""

    item: RubricItem
    evidence: Evidence | None

    @property
    def covered(self) -> bool:
        return self.evidence is not None


def cover_items(items: Sequence[RubricItem], text: str, matcher: Matcher) -> list[Coverage]:
    return [Coverage(item, matcher.find(text, item.terms)) for item in items]


def score_items(items: Sequence[RubricItem], text: str, matcher: Matcher) -> PhaseResult:
    """Weighted coverage 0-100 of `items` by `text`; no items scores 0."""
    return result_of(cover_items(items, text, matcher))


def result_of(coverage: Sequence[Coverage]) -> PhaseResult:
    total = sum(c.item.weight for c in coverage)
    got = sum(c.item.weight for c in coverage if c.covered)
    return PhaseResult(
        score=round(100 * got / total, 1) if total else 0.0,
        covered=[c.item.id for c in coverage if c.covered],
        missed=[c.item.id for c in coverage if not c.covered],
    )


def phase_items(problem: Problem, record: SessionRecord, phase: Phase) -> list[RubricItem]:
    """The rubric items that count in a phase: deep-dive items of topics the
    user did not pick are left out (all count when no topic was picked)."""
    items = problem.rubric.for_phase(phase)
    chosen = set(record.deep_dive_topics)
    if phase is Phase.DEEP_DIVE and chosen:
        items = [item for item in items if item.topic is None or item.topic in chosen]
    return items


def phase_coverage(problem: Problem, record: SessionRecord, phase: Phase) -> list[Coverage]:
    return cover_items(
        phase_items(problem, record, phase), phase_text(record, phase), matcher_for(problem)
    )


def score_phase(problem: Problem, record: SessionRecord, phase: Phase) -> PhaseResult:
    return result_of(phase_coverage(problem, record, phase))


def asked_curveball(problem: Problem, record: SessionRecord) -> Curveball | None:
    """The problem's curveball the session was given, if any."""
    if record.curveball is None:
        return None
    return next((c for c in problem.curveballs if c.id == record.curveball.id), None)


def curveball_coverage(problem: Problem, record: SessionRecord) -> list[Coverage] | None:
    curveball = asked_curveball(problem, record)
    if curveball is None or record.curveball is None:
        return None
    return cover_items(curveball.rubric, record.curveball.answer, matcher_for(problem))


def score_curveball(problem: Problem, record: SessionRecord) -> PhaseResult | None:
    coverage = curveball_coverage(problem, record)
    return None if coverage is None else result_of(coverage)


def time_score(record: SessionRecord) -> float | None:
    """0-100 for keeping to each phase's budget; None when no phase was timed."""
    scores = []
    for phase_record in record.phases.values():
        if phase_record.budget_s > 0 and phase_record.elapsed_s > 0:
            over = phase_record.overtime_s / phase_record.budget_s
            scores.append(100 * max(0.0, 1 - over))
    return sum(scores) / len(scores) if scores else None


def finalize(problem: Problem, record: SessionRecord) -> None:
    """Score the whole session into the record: phase results, pitfalls,
    overall score, strengths and what to study next."""
    detected = detect_pitfalls(problem, record)
    parts: list[float] = []
    covered: list[tuple[RubricItem, str]] = []
    missed: list[tuple[RubricItem, str]] = []
    for phase in PHASES:
        coverage = phase_coverage(problem, record, phase)
        result = result_of(coverage)
        result.pitfalls = [p.id for p in detected if p.phase is phase]
        record.phase(phase).result = result
        if coverage:
            parts.append(result.score)
        _split(coverage, phase.value.replace("_", " "), covered, missed)
    cb_coverage = curveball_coverage(problem, record)
    if cb_coverage is not None and record.curveball is not None:
        record.curveball.result = result_of(cb_coverage)
        parts.append(record.curveball.result.score)
        _split(cb_coverage, "curveball", covered, missed)
    rubric = sum(parts) / len(parts) if parts else 0.0
    timing = time_score(record) if record.mode is Mode.MOCK else None
    overall = rubric if timing is None else (1 - TIME_SHARE) * rubric + TIME_SHARE * timing
    record.score = round(overall, 1)
    record.pitfalls = [p.id for p in detected]
    record.strengths = [
        f"{plain_title(item.id)} ({where})" for item, where in _spread(covered)[:STRENGTHS]
    ]
    record.study = [
        StudyItem(title=plain_title(item.id), why=item.hint, url=study_link(problem, item))
        for item, _ in _heaviest(missed)[:STUDY]
    ]


def _split(
    coverage: Sequence[Coverage],
    where: str,
    covered: list[tuple[RubricItem, str]],
    missed: list[tuple[RubricItem, str]],
) -> None:
    for c in coverage:
        (covered if c.covered else missed).append((c.item, where))


def _heaviest(items: list[tuple[RubricItem, str]]) -> list[tuple[RubricItem, str]]:
    # sorted() is stable: equal weights keep the interview's order
    return sorted(items, key=lambda pair: -pair[0].weight)


def _spread(items: list[tuple[RubricItem, str]]) -> list[tuple[RubricItem, str]]:
    """Heaviest first, but the best of each phase before the second best of any:
    strengths that all come from one phase say less about the interview."""
    rank: dict[str, int] = {}
    ranked = []
    for item, where in _heaviest(items):
        ranked.append((rank.get(where, 0), item, where))
        rank[where] = rank.get(where, 0) + 1
    ranked.sort(key=lambda entry: (entry[0], -entry[1].weight))
    return [(item, where) for _, item, where in ranked]


# Words a rubric id spells in lower case that people write otherwise ("Api design" reads wrong)
_SPELLED = {
    "abr": "ABR",
    "acid": "ACID",
    "api": "API",
    "apis": "APIs",
    "cdn": "CDN",
    "db": "DB",
    "dns": "DNS",
    "eta": "ETA",
    "gc": "GC",
    "id": "ID",
    "ids": "IDs",
    "qoe": "QoE",
    "qps": "QPS",
    "redis": "Redis",
    "sql": "SQL",
    "ttl": "TTL",
    "url": "URL",
    "urls": "URLs",
}


def plain_title(item_id: str) -> str:
    """A rubric id in plain words: 'fan-out-on-write' -> 'Fan out on write', 'api-design'
    -> 'API design'."""
    words = [_SPELLED.get(word, word) for word in item_id.replace("_", "-").split("-")]
    text = " ".join(words)
    return text[:1].upper() + text[1:]


def study_link(problem: Problem, item: RubricItem) -> str | None:
    """The item's own study link, else the first further-reading link whose
    title names one of the item's terms (matched like an answer), else None."""
    if item.study:
        return item.study
    terms = [*item.terms, item.id.replace("-", " ")]
    matcher = matcher_for(problem)
    link = next((ln for ln in problem.further_reading if matcher.covers(ln.title, terms)), None)
    return link.url if link else None
