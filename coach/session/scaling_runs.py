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
    verdict = Verdict(latest, advise(record.design, latest)) if latest else _simulate(flow)
    _show(flow, verdict)
    changes: list[str] = [record.phase(flow.phase).answers.get("changes", "")]
    runs, attempts = 0, 0
    while runs < reruns and attempts < MAX_ATTEMPTS and not flow.moving_on:
        attempts += 1
        hint = f"{examples(record.design)}; empty: go on" if attempts == 1 else ""
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
        changes.append("; ".join(tweaked.changes))
        flow.answer("changes", "; ".join(c for c in changes if c))
        flow.show(Notice(f"Changed: {', '.join(tweaked.changes)}"))
        if any(token[:1] in "+-" for token in text.split()):
            flow.show(DesignDrawn(tweaked.design))
        _show(flow, _simulate(flow))


def _picks(record: SessionRecord) -> list[str]:
    return list(record.design_components or record.components)


def examples(design: Design) -> str:
    """Example changes that name this design's own components."""
    names = {c.kind: c.name for c in reversed(design.components)}
    parts = [f"{names[Kind.SERVICE]}.nodes=12"] if Kind.SERVICE in names else []
    if Kind.DATABASE in names:
        parts.append(f"{names[Kind.DATABASE]}.replicas=2")
    parts.append("-cache" if Kind.CACHE in names else "+cache")
    return "e.g. " + ", ".join(parts)


def _simulate(flow: Flow) -> Verdict:
    assert flow.record.design is not None
    verdict = run_scenarios(flow.record.design)
    flow.record.simulations += verdict.runs
    flow.save()
    return verdict


def _latest_runs(flow: Flow) -> list[SimulationRun]:
    """The runs already made of the current design (a resumed session)."""
    design = flow.record.design
    runs = flow.record.simulations
    if not runs or design is None:
        return []
    base = [r for r in runs if r.label == "at load"]
    if not base or base[-1].design != design:
        return []
    start = max(i for i, r in enumerate(runs) if r.label == "at load")
    return runs[start:]


def _show(flow: Flow, verdict: Verdict) -> None:
    design = flow.record.design
    assert design is not None
    load = relation(flow.problem, design)
    flow.show(SimulationShown(verdict.runs, verdict.advice, design.slo.p99_ms, load))
