"""The interview as a state machine over typed steps.

`Flow.run()` walks the plan (`coach.session.steps`) from the record's
`position`: it asks through an `Asker`, shows through a `View`, saves the
record after every answer and moves `position` to the next step, so a
session stopped anywhere (Ctrl-C, a closed terminal) resumes at the next
unanswered step. Time comes from an injected clock and the curveball from an
injected random generator: nothing here touches a terminal.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from coach.phases import PHASES, Phase
from coach.problems.model import Problem
from coach.session.asking import (
    Asker,
    AskInterrupted,
    Choice,
    ChoicePrompt,
    Clock,
    Countdown,
    InputClosed,
    Stopped,
    TextPrompt,
)
from coach.session.events import Event, PhaseStarted, SessionStarted, TimeUp, TimeWarning, View
from coach.session.record import CurveballRecord, Mode, SessionRecord, utcnow

if TYPE_CHECKING:
    from coach.session.steps import Step

DONE = "done"
WARN_S = 60.0  # warn when this much time is left in a timed phase...
WARN_SHARE = 0.25  # ...or this share of a phase shorter than four minutes
MOVE_ON, KEEP_GOING = "move_on", "keep_going"

Saver = Callable[[SessionRecord], object]


def warn_at(budget_s: float) -> float:
    """Seconds left when a phase of `budget_s` warns: a minute, or a quarter of a short phase
    (a one-minute warning 20 s into an 80 s phase would say "wrap up" too soon)."""
    return min(WARN_S, budget_s * WARN_SHARE)


def phase_budgets(problem: Problem, minutes_total: float | None) -> dict[Phase, float]:
    """Seconds per phase: the problem's minutes, scaled to `minutes_total` if given."""
    scale = minutes_total / problem.minutes.total if minutes_total else 1.0
    return {p: problem.minutes.for_phase(p) * 60.0 * scale for p in PHASES}


def new_session(
    problem: Problem,
    mode: Mode,
    *,
    rng: random.Random,
    minutes_total: float | None = None,
    compact: bool = False,
    curveball: str | None = None,
) -> SessionRecord:
    """A fresh record with its phase budgets and its curveball.

    `curveball` is "random" (drawn with `rng`; the default in mock mode),
    "first" (the problem's first one: an answers file's `curveball` answers it)
    or None for none (the default in practice).
    """
    record = SessionRecord(
        problem_id=problem.id,
        problem_title=problem.title,
        mode=mode,
        minutes_total=minutes_total if mode is Mode.MOCK else None,
        compact=compact,
    )
    for phase, seconds in phase_budgets(problem, record.minutes_total).items():
        record.phase(phase).budget_s = round(seconds, 1)
    how = curveball if curveball is not None else ("random" if mode is Mode.MOCK else None)
    if how is not None:
        chosen = rng.choice(problem.curveballs) if how == "random" else problem.curveballs[0]
        record.curveball = CurveballRecord(id=chosen.id, prompt=chosen.prompt)
    return record


class Flow:
    """Runs one session to its end (or until the user stops)."""

    def __init__(
        self,
        problem: Problem,
        record: SessionRecord,
        *,
        asker: Asker,
        view: View,
        save: Saver,
        clock: Clock,
    ) -> None:
        self.problem = problem
        self.record = record
        self.asker = asker
        self.view = view
        self._save = save
        self.clock = clock
        self.timed = record.mode is Mode.MOCK and not record.compact
        self.moving_on = False  # the user chose to leave the phase when its time ran out
        self.cache: dict[str, object] = {}  # per-run results steps share (the estimate)
        self._phase: Phase | None = None
        self._entered = 0.0
        self._base = 0.0
        self._warned = False

    # --- the loop -----------------------------------------------------------

    def run(self) -> SessionRecord:
        """Ask every remaining step; returns the finished record."""
        resumed = self.record.position is not None
        self.view.show(SessionStarted(self.problem, self.record, resumed=resumed))
        self.save()
        try:
            while (step := self._current()) is not None:
                if step.phase is not self._phase:
                    self._enter(step.phase)
                self.moving_on = False
                self.record.position = step.id
                step.run(self)
                self._advance(step)
        except (AskInterrupted, InputClosed):
            self._stop()
            raise
        except KeyboardInterrupt:  # Ctrl-C outside a prompt (rendering, a simulation)
            self._stop()
            raise AskInterrupted from None
        return self.record

    def _stop(self) -> None:
        self.tick()
        self.save()

    def plan(self) -> list[Step]:
        from coach.session.steps import plan

        return plan(self)

    def _current(self) -> Step | None:
        if self.record.position == DONE:
            return None
        steps = self.plan()
        if self.record.position is None:
            return steps[0]
        for step in steps:
            if step.id == self.record.position:
                return step
        # A position this plan lacks (an older coach): restart its phase.
        phase = self.record.position.split("/", 1)[0]
        return next((s for s in steps if s.phase.value == phase), steps[0])

    def _advance(self, step: Step) -> None:
        if step.timed:
            self.tick()
        steps = self.plan()
        index = next(i for i, s in enumerate(steps) if s.id == step.id)
        later = steps[index + 1 :]
        if self.moving_on:
            later = [s for s in later if s.phase is not step.phase or not s.timed]
        self.record.position = later[0].id if later else DONE
        self.save()

    def _enter(self, phase: Phase) -> None:
        if self._phase is not None:
            self.close_phase()  # mock has no review step to close the phase it leaves
        self._phase = phase
        current = self.record.phase(phase)
        if current.started_at is None:
            current.started_at = utcnow()
        self._entered = self.clock()
        self._base = current.elapsed_s
        # On resume a phase already in its last stretch warns at the first prompt; one whose
        # time is up does not.
        self._warned = current.budget_s - current.elapsed_s <= 0
        self.view.show(
            PhaseStarted(
                phase=phase,
                number=PHASES.index(phase) + 1,
                budget_s=current.budget_s,
                elapsed_s=current.elapsed_s,
                timed=self.timed,
                guidance=GUIDANCE[phase],
            )
        )

    # --- what steps use -----------------------------------------------------

    @property
    def phase(self) -> Phase:
        assert self._phase is not None
        return self._phase

    def show(self, event: Event) -> None:
        self.view.show(event)

    def save(self) -> None:
        self._save(self.record)

    def tick(self) -> None:
        """Bring the current phase's elapsed time up to now."""
        if self._phase is not None:
            current = self.record.phase(self._phase)
            if current.ended_at is None:
                current.elapsed_s = round(self._base + (self.clock() - self._entered), 1)

    def close_phase(self) -> None:
        """Stop the phase clock (before feedback, which is not interview time)."""
        self.tick()
        current = self.record.phase(self.phase)
        if current.ended_at is None:
            current.ended_at = utcnow()

    def ask(self, key: str, message: str, hint: str = "", default: str = "") -> str:
        """A text answer (stripped; empty when skipped) under the phase's countdown.

        If the user stops here, what they typed is kept as the record's draft and
        offered again when the session resumes.
        """
        self._warn_if_due()
        if self.record.draft_key == key and self.record.draft:
            default, self.record.draft, self.record.draft_key = self.record.draft, "", None
        try:
            reply = self.asker.text(TextPrompt(key, message, hint, default, self._countdown()))
        except Stopped as stop:
            self.record.draft, self.record.draft_key = stop.draft or default, key
            raise
        if reply.timed_out and self._time_up() == KEEP_GOING:
            return self.ask(key, message, hint, reply.text)
        self.tick()
        return reply.text.strip()

    def choose(
        self,
        key: str,
        message: str,
        choices: Sequence[Choice],
        *,
        min_count: int = 0,
        max_count: int | None = None,
    ) -> list[str]:
        """Several choices under the phase's countdown."""
        self._warn_if_due()
        prompt = ChoicePrompt(
            key, message, tuple(choices), True, min_count, max_count, self._countdown()
        )
        reply = self.asker.choose(prompt)
        if reply.timed_out and self._time_up(picking=True) == KEEP_GOING:
            checked = [Choice(c.value, c.title, c.value in reply.values) for c in choices]
            return self.choose(key, message, checked, min_count=min_count, max_count=max_count)
        self.tick()
        return list(reply.values)

    def answer(self, key: str, text: str) -> None:
        """Store one answer of the current phase and save."""
        self.record.phase(self.phase).answers[key] = text
        self.save()

    # --- time ---------------------------------------------------------------

    def _remaining(self) -> float:
        current = self.record.phase(self.phase)
        return current.budget_s - self._base - (self.clock() - self._entered)

    def _countdown(self) -> Countdown | None:
        if not self.timed:
            return None
        current = self.record.phase(self.phase)
        ends_at = self._entered + current.budget_s - self._base
        return Countdown(
            self.clock,
            ends_at,
            SHORT_TITLES[self.phase],
            enforce=not current.timed_out,
            warn_at=warn_at(current.budget_s),
            on_warning=None if self._warned else self._warn,
        )

    def _warn_if_due(self) -> None:
        """Warn before a prompt opens; a terminal prompt also warns while it is open
        (through its countdown's `on_warning`)."""
        left = self._remaining()
        if self.timed and 0 < left <= warn_at(self.record.phase(self.phase).budget_s):
            self._warn()

    def _warn(self) -> None:
        """Show the wrap-up warning, once per phase."""
        if self._warned or self._phase is None:
            return
        self._warned = True
        self.view.show(TimeWarning(self.phase, self._remaining()))

    def _time_up(self, picking: bool = False) -> str:
        """The phase's time ran out mid-answer: move on, or keep going in overtime."""
        current = self.record.phase(self.phase)
        current.timed_out = True
        self.tick()
        self.view.show(TimeUp(self.phase, picking))
        following = _next_phase(self.phase)
        onward = f"Move on to {following.title.lower()}" if following else "Finish the interview"
        prompt = ChoicePrompt(
            "time_up",
            "Move on, or keep going?",
            (Choice(MOVE_ON, onward), Choice(KEEP_GOING, "Keep going (overtime is recorded)")),
            multiple=False,
            min_count=1,
            max_count=1,
        )
        choice = self.asker.choose(prompt).values
        if choice and choice[0] == KEEP_GOING:
            return KEEP_GOING
        current.cut_short = True
        self.moving_on = True
        return MOVE_ON


def _next_phase(phase: Phase) -> Phase | None:
    index = PHASES.index(phase)
    return PHASES[index + 1] if index + 1 < len(PHASES) else None


SHORT_TITLES: dict[Phase, str] = {
    Phase.CLARIFY: "Clarify",
    Phase.HIGH_LEVEL: "High-level design",
    Phase.DEEP_DIVE: "Deep dive",
    Phase.SCALING: "Scaling",
}

GUIDANCE: dict[Phase, str] = {
    Phase.CLARIFY: (
        "Ask the interviewer questions, one at a time (an empty question moves on); "
        "then state the requirements and your estimates."
    ),
    Phase.HIGH_LEVEL: (
        "Pick the components, sketch the API and the data model, and describe how a request flows."
    ),
    Phase.DEEP_DIVE: "Pick one or two topics and explain how you would build them.",
    Phase.SCALING: (
        "Name the bottlenecks and fixes; the coach then simulates your design at load, "
        "in a x3 spike and with a node down. Then trade-offs and operations."
    ),
}
