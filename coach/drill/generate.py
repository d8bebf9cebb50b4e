"""Picking a drill's questions: which templates, in what order, from one seed.

Templates are dealt like cards: shuffled, drawn until the deck is empty, then
reshuffled, so a drill repeats a template only after using every other one. A mixed
drill deals the kinds the same way. The same seed gives the same questions.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from typing import TypeVar

from coach.drill import estimation_questions, latency_questions, unit_questions
from coach.drill.question import KIND_NAMES, MIXED, DrillKind, Question
from coach.errors import CoachError, did_you_mean

Template = Callable[[random.Random], Question]
T = TypeVar("T")

TEMPLATES: dict[DrillKind, tuple[Template, ...]] = {
    DrillKind.ESTIMATION: estimation_questions.TEMPLATES,
    DrillKind.LATENCY: latency_questions.TEMPLATES,
    DrillKind.UNITS: unit_questions.TEMPLATES,
}

MAX_COUNT = 100


class _Deck:
    def __init__(self, cards: Sequence[T], rng: random.Random) -> None:
        self._cards = list(cards)
        self._rng = rng
        self._left: list[T] = []

    def draw(self) -> T:
        if not self._left:
            self._left = list(self._cards)
            self._rng.shuffle(self._left)
        return self._left.pop()


def check_kind(kind: str) -> str:
    """The kind name, or a CoachError naming the kinds (with a suggestion)."""
    name = kind.strip().lower()
    if name in KIND_NAMES:
        return name
    hint = did_you_mean(kind, KIND_NAMES)
    raise CoachError(f"unknown drill kind '{kind}'{hint}; choose from {', '.join(KIND_NAMES)}")


def generate(kind: str, count: int, rng: random.Random) -> list[Question]:
    """`count` questions of `kind` (a DrillKind value or "mixed")."""
    name = check_kind(kind)
    if not 1 <= count <= MAX_COUNT:
        raise CoachError(f"a drill has 1 to {MAX_COUNT} questions, not {count}")
    kinds = list(DrillKind) if name == MIXED else [DrillKind(name)]
    kind_deck = _Deck(kinds, rng)
    decks = {k: _Deck(TEMPLATES[k], rng) for k in kinds}
    questions = []
    for _ in range(count):
        template = decks[kind_deck.draw()].draw()
        questions.append(template(rng))
    return questions
