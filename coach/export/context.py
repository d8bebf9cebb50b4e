"""What a write-up template receives: a typed view of one session.

Built from the saved `SessionRecord` and the problem spec, with the
capacity derivations recomputed by the estimator, so a template needs no
logic beyond loops. The same object, dumped, is `coach export --format json`.
The variable names are documented in templates/README.md: extend, never rename.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field

from coach import __version__
from coach.export.mermaid import flowchart
from coach.phases import PHASES, Phase
from coach.problems.model import Problem, RubricItem
from coach.scoring.verdict import ItemResult
from coach.session.load_story import busiest, offered, relation
from coach.session.record import SessionRecord, SimulationRun
from coach.session.scoring import later_credit

ANSWER_LABELS: dict[str, str] = {
    "requirements": "Requirements",
    "design": "Design",
    "components": "Components",
    "changes": "Design changes",
    "api": "API",
    "data_model": "Data model",
    "flow": "Request flow",
    "deep_dive": "Deep dive",
    "scaling": "Scaling",
    "bottlenecks": "Bottlenecks and fixes",
    "tradeoffs": "Trade-offs",
    "operations": "Monitoring, failover and consistency",
}


class Answer(BaseModel):
    key: str
    label: str
    text: str


class CapacityRow(BaseModel):
    name: str
    title: str
    display: str
    derivation: str
    user_text: str | None = None
    within_tolerance: bool | None = None
    verdict: str | None = None


class MissedItem(BaseModel):
    id: str
    phase: str
    title: str = ""  # what the item is called on screen (its id is for machines)
    weight: float
    hint: str
    why: str
    study: str | None = None
    verdict: str = "missed"  # or "rejected": the user ruled the idea out
    quote: str = ""  # the user's words that ruled it out, or the figure that was off
    note: str = ""  # e.g. how far an estimate is off and at which step


class ItemRow(BaseModel):
    """One rubric item's verdict, as scored."""

    id: str
    verdict: str  # covered, partial, rejected, missed
    credit: float
    quote: str = ""  # the user's words behind the verdict
    note: str = ""


class TierRow(BaseModel):
    name: str
    utilization: float | None
    mean_wait_ms: float | None


class SimulationRow(BaseModel):
    label: str
    offered: str  # the load as run: "20K req/s", "20K req/s, x3 = 60K for 12.0 s"
    change: str = ""  # the change typed before the run ("" for the design as first built)
    scenario: str = ""  # the label without the change: "at load", "spike x3 for 2.0 s"
    rps: float | None
    p50_ms: float | None
    p99_ms: float | None
    slo_p99_ms: float | None
    slo_met: bool | None
    bottleneck: str | None
    tiers: list[TierRow]
    # the busiest tier and its load at the run's worst moment, as the run's screen says
    # it ("tweet-db primaries 176%"); the tiers' utilisation is measured over the run
    busiest: str = ""


class PhaseRow(BaseModel):
    phase: str
    title: str
    score: float | None
    covered: list[str]
    missed: list[str]
    items: list[ItemRow] = Field(default_factory=list)
    answers: list[Answer]
    budget_min: float | None
    elapsed_min: float | None
    overtime_min: float | None
    cut_short: bool = False  # mock: the time ran out and the candidate moved on


class Writeup(BaseModel):
    """Everything a write-up template can use."""

    coach_version: str = __version__
    generated_at: datetime
    session_id: int | None
    mode: str
    status: str
    started_at: datetime
    score: float | None
    problem: dict[str, Any]
    questions: list[dict[str, Any]]
    capacity: list[CapacityRow]
    components: list[str]
    design: dict[str, Any] | None
    load_relation: str | None  # the simulated load beside the estimated peak
    mermaid: str | None
    deep_dive_topics: list[dict[str, str]]
    phases: list[PhaseRow]
    later_credit: str | None = None  # why a phase's score differs from its review's
    simulations: list[SimulationRow]
    simulation_tiers: list[str] = Field(default_factory=list)  # every run's tiers, in order
    curveball: dict[str, Any] | None
    missed: list[MissedItem]
    pitfalls: list[dict[str, str]]
    strengths: list[str]
    study: list[dict[str, Any]]
    further_reading: list[dict[str, str]] = Field(default_factory=list)
    time_management: dict[str, float | None] | None = None  # mock: score, elapsed_min, budget_min


def build_writeup(record: SessionRecord, problem: Problem, *, now: datetime) -> Writeup:
    """The template context for one session."""
    return Writeup(
        generated_at=now,
        session_id=record.id,
        mode=record.mode.value,
        status=record.status.value,
        started_at=record.created_at,
        score=record.score,
        problem={
            "id": problem.id,
            "title": problem.title,
            "difficulty": problem.difficulty.value,
            "tags": problem.tags,
            "statement": problem.statement,
            "functional": problem.requirements.functional,
            "non_functional": problem.requirements.non_functional,
        },
        questions=[qa.model_dump(mode="json") for qa in record.questions],
        capacity=_capacity(record, problem),
        components=record.components,
        design=record.design.model_dump(mode="json") if record.design else None,
        mermaid=_mermaid(record, problem),
        deep_dive_topics=_topics(record, problem),
        phases=[_phase_row(record, problem, phase) for phase in PHASES],
        later_credit=later_credit(record),
        load_relation=relation(problem, record.design) if record.design else None,
        simulations=[_simulation_row(run) for run in record.simulations],
        simulation_tiers=_tier_names(record),
        curveball=record.curveball.model_dump(mode="json") if record.curveball else None,
        missed=_missed(record, problem),
        pitfalls=_pitfalls(record, problem),
        strengths=record.strengths,
        study=[item.model_dump(mode="json") for item in record.study],
        further_reading=[link.model_dump() for link in problem.further_reading],
        time_management=_time_management(record),
    )


def _mermaid(record: SessionRecord, problem: Problem) -> str | None:
    """The design as simulated, with the picks that were not as side nodes."""
    if record.design is None:
        return None
    from coach.session.design_builder import side_picks

    return flowchart(record.design, side_picks(problem, _design_picks(record)))


def _design_picks(record: SessionRecord) -> list[str]:
    return list(record.design_components or record.components)


def _time_management(record: SessionRecord) -> dict[str, float | None] | None:
    """A mock's keeping to time, as the scorecard shows it: the score and the totals."""
    from coach.session.record import Mode
    from coach.session.scoring import time_score

    if record.mode is not Mode.MOCK:
        return None
    return {
        "score": time_score(record),
        "elapsed_min": sum(p.elapsed_s for p in record.phases.values()) / 60,
        "budget_min": sum(p.budget_s for p in record.phases.values()) / 60,
    }


def _pitfalls(record: SessionRecord, problem: Problem) -> list[dict[str, str]]:
    """The pitfalls as scored (stored with each phase's result), never detected again."""
    found = {
        p.id: p
        for phase in record.phases.values()
        if phase.result is not None
        for p in phase.result.pitfall_details
    }
    rows = []
    for pid in record.pitfalls:
        hit = found.get(pid)
        title = hit.title if hit else pid.replace("-", " ")
        rows.append({"id": pid, "title": title, "why": hit.why if hit else ""})
    return rows


def _topics(record: SessionRecord, problem: Problem) -> list[dict[str, str]]:
    titles = {d.id: d.title for d in problem.deep_dives}
    return [{"id": t, "title": titles.get(t, t)} for t in record.deep_dive_topics]


def _answer_label(key: str, problem: Problem) -> str:
    if key.startswith("topic:"):
        topic = key.removeprefix("topic:")
        titles = {d.id: d.title for d in problem.deep_dives}
        return titles.get(topic, topic)
    return ANSWER_LABELS.get(key, key.replace("_", " ").capitalize())


def _phase_row(record: SessionRecord, problem: Problem, phase: Phase) -> PhaseRow:
    saved = record.phases.get(phase)
    result = saved.result if saved else None
    answers = [
        Answer(key=key, label=_answer_label(key, problem), text=text)
        for key, text in (saved.answers.items() if saved else [])
    ]
    timed = saved is not None and saved.budget_s > 0
    return PhaseRow(
        phase=phase.value,
        title=phase.title,
        score=result.score if result else None,
        covered=result.covered if result else [],
        missed=result.missed if result else [],
        items=[_item_row(item) for item in result.items] if result else [],
        answers=answers,
        budget_min=saved.budget_s / 60 if timed and saved else None,
        elapsed_min=saved.elapsed_s / 60 if timed and saved else None,
        overtime_min=saved.overtime_s / 60 if timed and saved else None,
        cut_short=bool(timed and saved and saved.cut_short),
    )


def _item_row(item: ItemResult) -> ItemRow:
    first = item.evidence[0].quote if item.evidence else ""
    return ItemRow(
        id=item.id, verdict=item.verdict.value, credit=item.credit, quote=first, note=item.note
    )


def _missed(record: SessionRecord, problem: Problem) -> list[MissedItem]:
    from coach.session.scoring import study_link  # one matching for the review and here

    by_id: dict[str, RubricItem] = {item.id: item for item in problem.rubric.all_items()}
    missed: list[MissedItem] = []
    for phase in PHASES:
        saved = record.phases.get(phase)
        if not saved or not saved.result:
            continue
        verdicts = {item.id: item for item in saved.result.items}
        for item_id in saved.result.missed:
            if item_id not in by_id:
                continue
            item, verdict = by_id[item_id], verdicts.get(item_id)
            missed.append(
                MissedItem(
                    id=item.id,
                    phase=phase.value,
                    title=item.display_title,
                    weight=item.weight,
                    hint=item.hint,
                    why=item.why,
                    study=study_link(problem, item),
                    verdict=verdict.verdict.value if verdict else "missed",
                    quote=verdict.evidence[0].quote if verdict and verdict.evidence else "",
                    note=verdict.note if verdict else "",
                )
            )
    return missed


def _capacity(record: SessionRecord, problem: Problem) -> list[CapacityRow]:
    from coach.errors import CoachError
    from coach.estimate.engine import estimate

    checks = {check.name: check for check in record.estimate_checks}
    try:
        result = estimate(problem.capacity_inputs())
    except CoachError:
        return []
    rows = []
    for name, figure in result.results.items():
        check = checks.get(name)
        rows.append(
            CapacityRow(
                name=name,
                title=figure.title,
                display=figure.display,
                derivation=figure.derivation,
                user_text=check.user_text if check else record.estimates.get(name),
                within_tolerance=check.within_tolerance if check else None,
                verdict=check.verdict if check else None,
            )
        )
    return rows


def _num(data: dict[str, Any], *keys: str) -> float | None:
    value: Any = data
    for key in keys:
        if not isinstance(value, dict) or key not in value:
            return None
        value = value[key]
    return float(value) if isinstance(value, (int, float)) else None


def _tier_names(record: SessionRecord) -> list[str]:
    """The tiers of all runs: a change can add or remove one between runs."""
    names = (n for run in record.simulations for n in (run.report.get("components") or {}))
    return list(dict.fromkeys(names))


def _simulation_row(run: SimulationRun) -> SimulationRow:
    report, change, label = run.report, run.change, run.label
    components = report.get("components") or {}
    tiers = [
        TierRow(
            name=name,
            utilization=_num(stats, "utilization"),
            mean_wait_ms=_num(stats, "mean_wait_ms"),
        )
        for name, stats in components.items()
        if isinstance(stats, dict)
    ]
    slo = report.get("slo") or {}
    bottleneck = report.get("bottleneck")
    if isinstance(bottleneck, dict):
        bottleneck = bottleneck.get("name") or bottleneck.get("component")
    return SimulationRow(
        label=label,
        offered=offered(run),
        change=change,
        scenario=label.removesuffix(f" · {change}") if change else label,
        rps=_num(report, "offered_rps") or _num(report, "throughput_rps"),
        p50_ms=_num(report, "latency_ms", "p50"),
        p99_ms=_num(report, "latency_ms", "p99"),
        slo_p99_ms=_num(slo, "p99_ms"),
        slo_met=slo.get("met") if isinstance(slo.get("met"), bool) else None,
        bottleneck=str(bottleneck) if bottleneck else None,
        tiers=tiers,
        busiest=busiest(run),
    )
