"""What an estimate is made of: inputs, results with their derivations, verdicts.

A result's value *is* the product of its steps, so the derivation shown to the user
is the computation itself, not a story told after it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from coach.estimate.quantity import Quantity


@dataclass(frozen=True)
class Step:
    """One term of a derivation: "/ 86,400 s/day" or "x 10 KB per write"."""

    op: str  # "" for the first term, then "x" or "/"
    text: str  # numbers and words as shown: "500M/day writes"
    factor: float  # the number this step multiplies or divides by
    source: str  # the input or result it comes from, or "constant"
    unit: str = ""  # the factor's unit, for pint: "1/day", "byte", "second/day"; "" for counts

    def render(self) -> str:
        return f"{self.op} {self.text}".strip()

    def apply(self, value: float) -> float:
        if self.op == "/":
            return value / self.factor
        return value * self.factor if self.op else self.factor


def product(steps: tuple[Step, ...] | list[Step]) -> float:
    """The value the steps compute, left to right."""
    value = 0.0
    for step in steps:
        value = step.apply(value)
    return value


@dataclass(frozen=True)
class EstimateResult:
    """One derived figure, with an interview-friendly value and an exact one."""

    name: str
    title: str  # words for the whiteboard: "write QPS"
    section: str  # "Traffic", "Storage", "Bandwidth", "Memory", "Servers", "Capacity"
    quantity: Quantity
    steps: tuple[Step, ...]
    display: str  # rounded for speaking: "5.8K/s"
    exact: str  # more digits: "5.787K/s"
    derivation: str  # one line: "500M/day writes / 86,400 s/day = 5.8K/s"
    depends_on: tuple[str, ...] = ()
    period: str | None = None  # storage_per_day: "day" (a user may answer "30 TB/day")
    rounded: float | None = None  # the value as `display` shows it: 115.7K/s shows as 120K/s

    @property
    def value(self) -> float:
        return self.quantity.value

    @property
    def shown(self) -> float:
        """The value as `display` shows it, for a ratio stated next to it."""
        return self.value if self.rounded is None else self.rounded

    @property
    def unit(self) -> str:
        return self.quantity.unit

    def to_json(self) -> dict[str, object]:
        return {
            "value": self.value,
            "unit": self.unit,
            "display": self.display,
            "exact": self.exact,
            "derivation": self.derivation,
        }


@dataclass(frozen=True)
class Verdict:
    """A plain sentence about headroom: "ok", "tight", "over" or just "info"."""

    topic: str
    status: str
    text: str

    def to_json(self) -> dict[str, str]:
        return {"topic": self.topic, "status": self.status, "text": self.text}


@dataclass(frozen=True)
class InputValue:
    """One input as used: the text, its value, and where it came from."""

    name: str
    text: str
    quantity: Quantity
    source: str  # "default", "preset baseline", "problem twitter", "--set"

    def to_json(self) -> dict[str, object]:
        return {
            "text": self.text,
            "value": self.quantity.value,
            "unit": self.quantity.unit,
            "source": self.source,
        }


@dataclass
class Estimate:
    """Everything `coach estimate` derived, in whiteboard order."""

    inputs: dict[str, InputValue]
    results: dict[str, EstimateResult]
    verdicts: list[Verdict] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    preset: str | None = None

    def to_json(self) -> dict[str, object]:
        return {
            "inputs": {name: value.to_json() for name, value in self.inputs.items()},
            "results": {name: result.to_json() for name, result in self.results.items()},
            "verdicts": [verdict.to_json() for verdict in self.verdicts],
            "notes": list(self.notes),
        }

    def lineage(self, name: str) -> list[EstimateResult]:
        """The results behind a figure, upstream first, each once, the figure last."""
        seen: set[str] = set()
        found: list[EstimateResult] = []

        def visit(result_name: str) -> None:
            if result_name in seen or result_name not in self.results:
                return
            seen.add(result_name)
            result = self.results[result_name]
            for upstream in result.depends_on:
                visit(upstream)
            found.append(result)

        visit(name)
        return found

    def chain(self, name: str) -> list[Step]:
        """Every step behind a result, upstream results first, each step once."""
        return [step for result in self.lineage(name) for step in result.steps]
