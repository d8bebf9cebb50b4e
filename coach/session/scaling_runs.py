"""The scaling phase's simulation step: run, show, let the user change and re-run."""

from __future__ import annotations

from typing import TYPE_CHECKING

from coach.session.events import DesignDrawn, Notice, SimulationShown
from coach.session.load_story import relation
from coach.session.simulation import Verdict, advise, run_scenarios
from coach.session.tweaks import TweakError, apply_tweaks
from coach.simulate.design import Design, Kind

MAX_ATTEMPTS = 8  # change prompts, counting ones that could not be applied

if TYPE_CHECKING:
    from coach.session.flow import Flow
    from coach.session.record import SessionRecord, SimulationRun


def run(flow: Flow, reruns: int) -> None:
    """Simulate the design (unless this design already ran), then up to `reruns` changes."""
    record = flow.record
    if record.design is None:
        flow.show(
            Notice(
                "Your design has nothing on the request path to simulate "
                "(pick app servers or a database in the high-level design)."
            )
        )
        return
    latest = _latest_runs(flow)
    verdict = Verdict(latest, advise(record.design, latest)) if latest else _simulate(flow, "")
    _show(flow, verdict)
    # The scored "changes" answer keeps what the user typed: coach's account of a change
    # names the reference's components ("fanout-queue"), words the user never wrote.
    typed: list[str] = [record.phase(flow.phase).answers.get("changes", "")]
    runs, attempts = _reruns_made(flow), 0
    while runs < reruns and attempts < MAX_ATTEMPTS and not flow.moving_on:
        attempts += 1
        # the count first: a narrow terminal wraps the hint's end, never its start
        hint = f"{_left(reruns - runs)}; {examples(record.design)}; empty: go on"
        text = flow.ask("rerun", "Change the design and run again?", hint)
        if not text or flow.moving_on:
            return
        try:
            tweaked = apply_tweaks(flow.problem, record.design, _picks(record), text)
        except TweakError as exc:
            flow.show(Notice(f"Not changed: {exc}"))
            continue
        runs += 1
        record.design, record.design_components = tweaked.design, tweaked.picks
        change = " ".join(text.replace(",", " ").split())
        typed.append(change)
        flow.answer("changes", "; ".join(c for c in typed if c))
        flow.show(Notice(f"Changed: {'; '.join(tweaked.changes)}"))
        if any(token[:1] in "+-" for token in text.split()):
            flow.show(DesignDrawn(tweaked.design, tweaked.side))
        _show(flow, _simulate(flow, change))
        if runs == reruns:  # runs left are said once, in the next prompt's hint
            flow.show(
                Notice(f"That was the last re-run ({reruns} in all): on to the next question.")
            )


def _left(count: int) -> str:
    return f"{count} re-run{'s' if count != 1 else ''} left"


def _reruns_made(flow: Flow) -> int:
    """Re-runs already made (a resumed session): the distinct changes among the runs."""
    return len({r.change for r in flow.record.simulations if r.change})


def _picks(record: SessionRecord) -> list[str]:
    return list(record.design_components or record.components)


def examples(design: Design) -> str:
    """Example changes that name this design's own components, each a step up."""
    first = {c.kind: c for c in reversed(design.components)}
    parts = []
    if (service := first.get(Kind.SERVICE)) is not None:
        parts.append(f"{service.name}.nodes={service.nodes + 2}")
    if (store := first.get(Kind.DATABASE)) is not None:
        parts.append(f"{store.name}.replicas={max(2, store.replicas + 1)}")
    parts.append("-cache" if Kind.CACHE in first else "+cache")
    return "e.g. " + ", ".join(parts)


def _simulate(flow: Flow, change: str) -> Verdict:
    """Run the current design; each run is labelled with the change that led to it."""
    assert flow.record.design is not None
    verdict = run_scenarios(flow.record.design)
    if change:
        runs = [
            r.model_copy(update={"label": f"{r.label} · {change}", "change": change})
            for r in verdict.runs
        ]
        verdict = Verdict(runs, verdict.advice)
    flow.record.simulations += verdict.runs
    flow.save()
    return verdict


def _latest_runs(flow: Flow) -> list[SimulationRun]:
    """The runs already made of the current design (a resumed session)."""
    design = flow.record.design
    runs = flow.record.simulations
    if not runs or design is None:
        return []
    base = [r for r in runs if _first_of_set(r)]
    if not base or base[-1].design != design:
        return []
    start = max(i for i, r in enumerate(runs) if _first_of_set(r))
    return runs[start:]


def _first_of_set(run: SimulationRun) -> bool:
    return run.label == "at load" or run.label.startswith("at load · ")


def _show(flow: Flow, verdict: Verdict) -> None:
    design = flow.record.design
    assert design is not None
    load = relation(flow.problem, design)
    flow.show(SimulationShown(verdict.runs, verdict.advice, design.slo.p99_ms, load))
