"""The steps of an interview, phase by phase, and what each one does.

`plan(flow)` lists the steps for the record as it stands (the deep-dive
topics the user picked add one step each). A step id is the resume
`position`, e.g. `clarify/questions` or `deep_dive/topic:fanout`.
Compact faces (answers files) answer a phase in one piece, so they get the
file's keys (`design`, `deep_dive`, `scaling`) instead of the breakdown.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from coach.phases import Phase
from coach.session import estimating
from coach.session.asking import MAX_RERUNS, Choice
from coach.session.catalogue import CATALOGUE, ITEMS
from coach.session.design_builder import build_design
from coach.session.events import (
    CurveballDebriefed,
    CurveballSprung,
    DesignDrawn,
    EstimateChecked,
    InterviewerReplied,
    Notice,
    PhaseDebriefed,
    PhaseReviewed,
    SessionScored,
)
from coach.session.record import Mode, Status

if TYPE_CHECKING:
    from coach.session.feedback import Scorecard
    from coach.session.flow import Flow

MAX_QUESTIONS = 30
TOPICS_MAX = 2


@dataclass(frozen=True)
class Step:
    id: str
    phase: Phase
    run: Callable[[Flow], None]
    timed: bool = True  # counts towards the phase's time


@dataclass(frozen=True)
class TextSpec:
    key: str
    message: str
    hint: str = ""


TEXTS: dict[str, TextSpec] = {
    spec.key: spec
    for spec in (
        TextSpec(
            "requirements",
            "State the functional and non-functional requirements",
            "what it must do; scale, latency, availability, consistency",
        ),
        TextSpec("api", "Sketch the API", "endpoints or calls, their inputs and outputs"),
        TextSpec("data_model", "Sketch the data model", "tables or keys, fields, indexes"),
        TextSpec("flow", "Describe the request flow", "the main read path and write path"),
        TextSpec(
            "design",
            "Describe the high-level design",
            "components, API, data model and request flow",
        ),
        TextSpec("deep_dive", "Explain your deep dive", "how it works, why, and what it costs"),
        TextSpec("bottlenecks", "Name the bottlenecks and how you would fix them"),
        TextSpec(
            "scaling",
            "Describe scaling, bottlenecks and trade-offs",
            "bottlenecks and fixes, trade-offs, monitoring, failover, consistency",
        ),
        TextSpec(
            "tradeoffs",
            "What trade-offs did you make, and why?",
            "e.g. consistency vs availability, cost vs latency, push vs pull",
        ),
        TextSpec(
            "operations",
            "How do you monitor it, fail over, and keep data consistent?",
            "metrics and alerts, what happens when a node or a region fails",
        ),
    )
}


def plan(flow: Flow) -> list[Step]:
    record, compact = flow.record, flow.record.compact
    steps: list[Step] = []
    for phase in Phase:
        if record.curveball is not None and _curveball_phase(flow) is phase:
            steps.append(Step(f"{phase.value}/curveball", phase, curveball))
        steps += _phase_steps(flow, phase, compact)
        if record.mode is Mode.PRACTICE:
            steps.append(Step(f"{phase.value}/review", phase, review, timed=False))
    steps.append(Step("end/scorecard", Phase.SCALING, finish, timed=False))
    return steps


def _phase_steps(flow: Flow, phase: Phase, compact: bool) -> list[Step]:
    def text(key: str) -> Step:
        return Step(f"{phase.value}/{key}", phase, partial(ask_text, key=key))

    if phase is Phase.CLARIFY:
        names = flow.asker.figures(estimating.suggested(flow))
        figures = [
            Step(f"clarify/estimate:{n}", phase, partial(ask_figure, name=n, first=i == 0))
            for i, n in enumerate(names)
        ]
        return [Step("clarify/questions", phase, questions), text("requirements"), *figures]
    if phase is Phase.HIGH_LEVEL:
        texts = ["design"] if compact else ["api", "data_model", "flow"]
        return [Step("high_level/components", phase, components), *map(text, texts)]
    if phase is Phase.DEEP_DIVE:
        topics = [
            Step(f"deep_dive/topic:{t}", phase, partial(explain_topic, topic_id=t))
            for t in flow.record.deep_dive_topics
        ]
        return [
            Step("deep_dive/topics", phase, pick_topics),
            *([text("deep_dive")] if compact else topics),
        ]
    first = text("scaling" if compact else "bottlenecks")
    rest = [] if compact else [text("tradeoffs"), text("operations")]
    return [first, Step("scaling/simulate", phase, simulate), *rest]


def _curveball_phase(flow: Flow) -> Phase:
    wanted = flow.record.curveball.id if flow.record.curveball else None
    found = next((c for c in flow.problem.curveballs if c.id == wanted), None)
    return found.phase if found else Phase.SCALING


# --- the steps ----------------------------------------------------------------


def ask_text(flow: Flow, key: str) -> None:
    spec = TEXTS[key]
    flow.answer(key, flow.ask(key, spec.message, spec.hint))


def questions(flow: Flow) -> None:
    from coach.session.interviewer import answer_question

    record = flow.record
    while not flow.moving_on and len(record.questions) < MAX_QUESTIONS:
        number = len(record.questions) + 1
        hint = "one question at a time, e.g. How many users? Empty: move on" if number == 1 else ""
        text = flow.ask("question", f"Question {number} for the interviewer", hint)
        if not text:
            return
        qa = answer_question(flow.problem, text)
        record.questions.append(qa)
        flow.show(InterviewerReplied(qa))
        flow.save()


UNREADABLE_FIGURE = "could not read that as a number with units: try `3 PB` or `1.5K/s`"


def ask_figure(flow: Flow, name: str, first: bool = False) -> None:
    label = estimating.label(flow, name)
    hint = "your figures, checked by the capacity engine: e.g. 12K/s, 40 TB; empty: skip"
    hint = hint if first else ""
    while True:
        text = flow.ask(f"estimate:{name}", f"Your estimate: {label}", hint)
        if not text:
            return
        check = estimating.check(flow, name, text)
        # Typed at a prompt, an unreadable figure is asked again; from a file it is
        # scored as written (there is nobody to ask).
        if check is None or check.user_value is not None or flow.asker.compact:
            break
        flow.show(Notice(f"{UNREADABLE_FIGURE} ({check.verdict})"))
    flow.record.estimates[name] = text
    if check is not None:
        checks = [c for c in flow.record.estimate_checks if c.name != name]
        flow.record.estimate_checks = [*checks, check]
        if flow.record.mode is Mode.PRACTICE:  # a mock holds all feedback until the end
            flow.show(EstimateChecked(check))
    flow.save()


def components(flow: Flow) -> None:
    choices = [Choice(item.id, item.title, item.id in flow.record.components) for item in CATALOGUE]
    picked = flow.choose("components", "Pick the components of your design", choices)
    flow.record.components = picked
    flow.record.design_components = list(picked)
    built = build_design(flow.problem, picked)
    flow.record.design = built.design
    flow.answer("components", ", ".join(ITEMS[p].short for p in picked))
    flow.show(DesignDrawn(built.design, built.side, built.notes))


def pick_topics(flow: Flow) -> None:
    dives = flow.problem.deep_dives
    choices = [Choice(d.id, d.title, d.id in flow.record.deep_dive_topics) for d in dives]
    least = 0 if flow.record.compact else 1
    picked = flow.choose(
        "topics",
        "Pick one or two topics to go deep on",
        choices,
        min_count=least,
        max_count=TOPICS_MAX,
    )
    flow.record.deep_dive_topics = picked
    flow.save()


def explain_topic(flow: Flow, topic_id: str) -> None:
    dive = next((d for d in flow.problem.deep_dives if d.id == topic_id), None)
    if dive is None:  # a topic the problem no longer has
        return
    key = f"topic:{topic_id}"
    flow.answer(key, flow.ask(key, f"Explain: {dive.title}", dive.prompt.strip()))


def curveball(flow: Flow) -> None:
    current = flow.record.curveball
    assert current is not None
    flow.show(CurveballSprung(current.prompt))
    current.answer = flow.ask("curveball", "How does your design change?", "what you adjust")
    flow.save()


def simulate(flow: Flow) -> None:
    from coach.session import scaling_runs

    # An answers file replays its `changes` (at most MAX_RERUNS); it answers "" when done.
    scaling_runs.run(flow, reruns=MAX_RERUNS)


def review(flow: Flow) -> None:
    """Practice: the reference answer beside the user's, then the rubric feedback."""
    from coach.session.feedback import phase_feedback
    from coach.session.scoring import review_phase

    flow.close_phase()
    phase, record = flow.phase, flow.record
    result = review_phase(flow.problem, record, phase)
    record.phase(phase).result = result
    feedback = phase_feedback(flow.problem, record, phase)
    answers = dict(record.phase(phase).answers)
    flow.show(
        PhaseReviewed(
            phase, answers, flow.problem.reference_answers.for_phase(phase), feedback, result.score
        )
    )
    flow.save()
    flow.asker.pause()


def finish(flow: Flow) -> None:
    from coach.session.feedback import scorecard
    from coach.session.scoring import finalize

    flow.close_phase()
    finalize(flow.problem, flow.record)
    flow.record.status = Status.COMPLETED
    flow.save()
    card = scorecard(flow.problem, flow.record)
    if flow.record.mode is Mode.MOCK:
        debrief(flow, card)
    flow.show(SessionScored(flow.problem, flow.record, card))


def debrief(flow: Flow, card: Scorecard) -> None:
    """Mock: the feedback held back during the interview, one phase at a time."""
    from coach.session.debrief import curveball_debrief, phase_debriefs

    for page in phase_debriefs(flow.problem, flow.record, card):
        flow.show(PhaseDebriefed(page))
        flow.asker.pause()
    verdict = curveball_debrief(flow.problem, flow.record, card)
    if verdict is not None:
        flow.show(CurveballDebriefed(verdict))
        flow.asker.pause()
