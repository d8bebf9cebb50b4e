"""Score a session against the problem's rubric.

Each rubric item gets one verdict (`coach.scoring.judge`), computed here once
and stored in the record's phase results; the review, the scorecard, the
write-up and the JSON all read it from there. A phase score is the share of
the phase's rubric weight earned (a partial item earns part of its weight).
The overall score is the plain mean of the phase scores (and of the
curveball, when one was asked): each phase is one part of an interview, and
authors split phases into items of different sizes, so weighting by item
count or weight would let one phase dominate. A mock interview adds time
management: 90% rubric, 10% time, where each phase's time score falls
linearly from 100 at its budget to 0 at twice it.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

from coach.phases import PHASES, Phase
from coach.problems.model import Curveball, Problem, RubricItem
from coach.problems.model import plain_title as plain_title  # importable from here too
from coach.scoring.figures import Checker, FigureCheck
from coach.scoring.judge import QUESTION, Answer, Asked, judge
from coach.scoring.matching import matcher_for, per_problem
from coach.scoring.verdict import ItemResult, Verdict, phase_score
from coach.session.pitfalls import detect_pitfalls
from coach.session.record import Mode, PhaseResult, SessionRecord, StudyItem

TIME_SHARE = 0.10  # of the overall score in mock mode
STRENGTHS = 3
STUDY = 3
# Answers that are picks, not words: the component list is judged by the
# simulation, and a picked "Load balancer" is not an explanation of anything.
PICKED_KEYS = frozenset({"components"})


def judge_text(problem: Problem, items: Sequence[RubricItem], text: str) -> list[ItemResult]:
    """The items' verdicts for one text (no questions; figures stated in it count)."""
    return judge(items, [Answer("answer", text)], matcher_for(problem), checker=_checker(problem))


def result_of(results: Sequence[ItemResult]) -> PhaseResult:
    """The stored result of a phase: its score, the ids earned and not, every verdict."""
    return PhaseResult(
        score=phase_score(list(results)),
        covered=[r.id for r in results if r.verdict.earned],
        missed=[r.id for r in results if not r.verdict.earned],
        items=list(results),
    )


def phase_items(problem: Problem, record: SessionRecord, phase: Phase) -> list[RubricItem]:
    """The rubric items that count in a phase: deep-dive items of topics the
    user did not pick are left out (all count when no topic was picked)."""
    items = problem.rubric.for_phase(phase)
    chosen = set(record.deep_dive_topics)
    if phase is Phase.DEEP_DIVE and chosen:
        items = [item for item in items if item.topic is None or item.topic in chosen]
    return items


def phase_answers(record: SessionRecord, phase: Phase) -> list[Answer]:
    """What the user typed in a phase, answer by answer; clarify adds the questions."""
    saved = record.phases.get(phase)
    answers = [
        Answer(key, text)
        for key, text in (saved.answers.items() if saved else ())
        if key not in PICKED_KEYS and text.strip()
    ]
    if phase is Phase.CLARIFY:
        questions = enumerate(record.questions, 1)
        answers += [Answer(f"{QUESTION} {n}", qa.question) for n, qa in questions]
    return answers


def asked_questions(record: SessionRecord) -> list[Asked]:
    return [
        Asked(n, qa.question, topic)
        for n, qa in enumerate(record.questions, 1)
        for topic in qa.topics or [None]
    ]


def phase_results(problem: Problem, record: SessionRecord, phase: Phase) -> list[ItemResult]:
    """Every counted item's verdict in a phase, computed afresh."""
    return judge(
        phase_items(problem, record, phase),
        phase_answers(record, phase),
        matcher_for(problem),
        asked=asked_questions(record) if phase is Phase.CLARIFY else (),
        checks=record.estimate_checks,
        checker=_checker(problem),
        elsewhere=[
            answer
            for other in PHASES
            if other is not phase
            for answer in phase_answers(record, other)
            if not answer.source.startswith(QUESTION)
        ],
    )


def _checker(problem: Problem) -> Checker | None:
    """Checks a figure stated in an answer against the problem's estimate (one
    checker per problem, remembering its checks: a sentence of figures is read
    for every figure an item binds)."""
    return per_problem(problem, "checker", _build_checker)


def _build_checker(problem: Problem) -> Checker | None:
    from coach.session import estimating

    found = estimating.estimate_for(problem)
    if found is None:
        return None

    @functools.lru_cache(maxsize=4096)
    def check(name: str, text: str) -> FigureCheck | None:
        return estimating.check_estimate(found, name, text)

    return check


def score_phase(problem: Problem, record: SessionRecord, phase: Phase) -> PhaseResult:
    return result_of(phase_results(problem, record, phase))


def review_phase(problem: Problem, record: SessionRecord, phase: Phase) -> PhaseResult:
    """A phase's result as the practice review shows it: its verdicts and the
    pitfalls detected so far that belong to it."""
    result = score_phase(problem, record, phase)
    found = detect_pitfalls(problem, record, upto=phase)
    result.pitfall_details = [p for p in found if p.phase is phase]
    result.pitfalls = [p.id for p in result.pitfall_details]
    return result


def asked_curveball(problem: Problem, record: SessionRecord) -> Curveball | None:
    """The problem's curveball the session was given, if any."""
    if record.curveball is None:
        return None
    return next((c for c in problem.curveballs if c.id == record.curveball.id), None)


def score_curveball(problem: Problem, record: SessionRecord) -> PhaseResult | None:
    curveball = asked_curveball(problem, record)
    if curveball is None or record.curveball is None:
        return None
    answers = [Answer("curveball", record.curveball.answer)] if record.curveball.answer else []
    return result_of(judge(curveball.rubric, answers, matcher_for(problem)))


def time_score(record: SessionRecord) -> float | None:
    """0-100 for keeping to each phase's budget; None when no phase was timed."""
    scores = []
    for phase_record in record.phases.values():
        if phase_record.budget_s > 0 and phase_record.elapsed_s > 0:
            over = phase_record.overtime_s / phase_record.budget_s
            scores.append(100 * max(0.0, 1 - over))
    return sum(scores) / len(scores) if scores else None


def finalize(problem: Problem, record: SessionRecord) -> None:
    """Score the whole session into the record: every verdict, pitfalls, the
    overall score, strengths and what to study next."""
    detected = detect_pitfalls(problem, record)
    parts: list[float] = []
    judged: list[tuple[ItemResult, str]] = []
    for phase in PHASES:
        shown = _reviewed(record, phase)
        result = score_phase(problem, record, phase)
        result.reviewed = shown
        result.pitfall_details = [p for p in detected if p.phase is phase]
        result.pitfalls = [p.id for p in result.pitfall_details]
        record.phase(phase).result = result
        if result.items:
            parts.append(result.score)
        judged += [(item, phase.value.replace("_", " ")) for item in result.items]
    curveball = score_curveball(problem, record)
    if curveball is not None and record.curveball is not None:
        record.curveball.result = curveball
        parts.append(curveball.score)
        judged += [(item, "curveball") for item in curveball.items]
    rubric = sum(parts) / len(parts) if parts else 0.0
    timing = time_score(record) if record.mode is Mode.MOCK else None
    overall = rubric if timing is None else (1 - TIME_SHARE) * rubric + TIME_SHARE * timing
    record.score = round(overall, 1)
    record.pitfalls = [p.id for p in detected]
    items = {item.id: item for item in _all_items(problem)}
    strong = [(items[r.id], where) for r, where in judged if r.verdict is Verdict.COVERED]
    weak = [(items[r.id], where) for r, where in judged if not r.verdict.earned]
    record.strengths = [
        f"{item.display_title} ({where})" for item, where in _spread(strong)[:STRENGTHS]
    ]
    record.study = [
        StudyItem(title=item.display_title, why=item.hint, url=study_link(problem, item))
        for item, _ in _heaviest(weak)[:STUDY]
    ]


def _reviewed(record: SessionRecord, phase: Phase) -> float | None:
    """The score a practice phase's review showed, kept across finalizing again."""
    saved = record.phases.get(phase)
    if record.mode is not Mode.PRACTICE or saved is None or saved.result is None:
        return None
    result = saved.result
    return result.reviewed if result.reviewed is not None else result.score


def later_credit(record: SessionRecord) -> str | None:
    """What the scorecard says when a phase's final score differs from its review's:
    the final one also credits what was said in later phases."""
    changed = [
        f"{phase.title} {saved.result.reviewed:.0f} at its review, {saved.result.score:.0f} now"
        for phase in PHASES
        if (saved := record.phases.get(phase)) is not None
        and saved.result is not None
        and saved.result.reviewed is not None
        and round(saved.result.reviewed) != round(saved.result.score)
    ]
    if not changed:
        return None
    return "Scores include what you said in later phases: " + "; ".join(changed) + "."


def _all_items(problem: Problem) -> list[RubricItem]:
    return problem.rubric.all_items() + [i for c in problem.curveballs for i in c.rubric]


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


def study_link(problem: Problem, item: RubricItem) -> str | None:
    """The item's own study link, else the first further-reading link whose
    title names one of the item's terms (matched like an answer), else None."""
    if item.study:
        return item.study
    terms = [*item.terms, item.id.replace("-", " ")]
    matcher = matcher_for(problem)
    link = next((ln for ln in problem.further_reading if matcher.covers(ln.title, terms)), None)
    return link.url if link else None
