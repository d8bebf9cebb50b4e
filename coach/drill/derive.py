"""Worked derivations built one calculator step at a time.

Each step is evaluated by the same calculator as `coach calc`, so the numbers in a
derivation are the numbers the user would get by checking it. The chain keeps the
exact expression (no rounding between steps) and shows rounded figures.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from coach.drill.question import BareUnit, DrillKind, NumberAnswer, Question
from coach.errors import CoachError
from coach.estimate.calc import evaluate
from coach.estimate.quantity import Quantity

_PRETTY = {"*": "×", "/": "÷"}


@dataclass
class Chain:
    """`Chain("40M/day").then("* 2", "photos").then("* 2 MB")...`"""

    expression: str
    lines: list[str] = field(default_factory=list)
    display: str = ""
    unit: str | None = None  # set by show_in: later steps are shown in it while it fits
    shown: str | None = None  # how to show the starting value, when not as calculated

    def __post_init__(self) -> None:
        self.display = self.shown or self._shown()

    def _shown(self) -> str:
        if self.unit is not None:
            try:
                return evaluate(f"{self.expression} in {self.unit}").display
            except CoachError:  # the step changed the dimension: back to the natural unit
                self.unit = None
        return evaluate(self.expression).display

    def then(self, step: str, note: str = "") -> Chain:
        """Apply `step` ("* 2 MB", "/ (500/s * 70%)") to the value so far."""
        op, _, operand = step.strip().partition(" ")
        if op in ("+", "-"):
            self.expression = f"({self.expression})"
        self.expression = f"{self.expression} {step.strip()}"
        before = self.display
        self.display = self._shown()
        line = f"{before} {_PRETTY.get(op, op)} {operand} = {self.display}"
        self.lines.append(f"{line}  ({note})" if note else line)
        return self

    def show_in(self, unit: str, note: str = "") -> Chain:
        """Restate the value so far in another unit ("/s"): a line, no new step."""
        before = self.display
        self.unit = unit
        self.display = self._shown()
        line = f"{before} = {self.display}"
        self.lines.append(f"{line}  ({note})" if note else line)
        return self

    def note(self, text: str) -> Chain:
        """A line of explanation between steps."""
        self.lines.append(text)
        return self

    def result(self, unit: str | None = None) -> tuple[Quantity, str]:
        """The exact value, shown `in unit` when given ("/s", "PB")."""
        text = f"{self.expression} in {unit}" if unit else self.expression
        calculated = evaluate(text)
        return calculated.quantity, calculated.display


def number_question(
    kind: DrillKind,
    template: str,
    text: str,
    chain: Chain,
    *,
    unit: str | None = None,
    bare: BareUnit | None = None,
) -> Question:
    """A question whose answer is the chain's result, shown in `unit` when given."""
    expected, display = chain.result(unit)
    return Question(
        template=f"{kind.value}.{template}",
        kind=kind,
        text=text,
        answer=NumberAnswer(expected=expected, display=display, bare=bare),
        derivation=tuple(chain.lines),
        check=f"{chain.expression} in {unit}" if unit else chain.expression,
    )
