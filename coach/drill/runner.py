"""Running a drill: ask each question, read the answer, grade it, save, go on.

The runner talks to the user only through an `Asker` (a line of text in) and a
`DrillView` (events out), so it runs the same in a terminal, from a pipe and in tests.
The record is saved after every answer; Ctrl-C or the end of the input stops the
drill and keeps what was answered.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from coach.drill.answers import UnreadableAnswer, read_answer
from coach.drill.question import ChoiceAnswer, Question
from coach.drill.record import DrillAnswer, DrillRecord, DrillStatus, answer_from

Clock = Callable[[], datetime]


class Asker(Protocol):
    def ask(self, prompt: str) -> str:
        """One line of input. Raises EOFError when input ends, KeyboardInterrupt on Ctrl-C."""
        ...


class DrillView(Protocol):
    def question(self, number: int, total: int, question: Question) -> None: ...

    def unreadable(self, error: UnreadableAnswer) -> None: ...

    def answered(self, answer: DrillAnswer, question: Question) -> None: ...


def prompt_for(question: Question) -> str:
    """The prompt text: what kind of answer to type."""
    if isinstance(question.answer, ChoiceAnswer):
        return f"{' or '.join(question.answer.keys)}> "
    bare = question.answer.bare
    if bare is not None:
        return f"answer ({bare.words}, or with units)> "
    return f"answer (like {question.answer.example})> "


def run_drill(
    record: DrillRecord,
    questions: Sequence[Question],
    *,
    asker: Asker,
    view: DrillView,
    save: Callable[[DrillRecord], object],
    now: Clock,
) -> DrillRecord:
    """Ask `questions` in turn, saving `record` after each answer; returns it when stopped."""
    try:
        for number, question in enumerate(questions, start=1):
            view.question(number, len(questions), question)
            answer = _answer(number, question, asker, view, now)
            record.answers.append(answer)
            record.updated_at = answer.answered_at
            save(record)
            view.answered(answer, question)
        record.status = DrillStatus.COMPLETED
    except EOFError:
        record.status = DrillStatus.INPUT_CLOSED
    except KeyboardInterrupt:
        record.status = DrillStatus.INTERRUPTED
    if record.answers:
        record.updated_at = now()
        save(record)
    return record


def _answer(
    number: int, question: Question, asker: Asker, view: DrillView, now: Clock
) -> DrillAnswer:
    tries = 0
    while True:
        tries += 1
        text = asker.ask(prompt_for(question))
        try:
            read = read_answer(question, text)
        except UnreadableAnswer as error:
            view.unreadable(error)
            continue
        return answer_from(number, question, read, tries, now())


@dataclass
class ScriptedAsker:
    """Answers from a list; the end of the list is the end of the input."""

    lines: list[str]
    prompts: list[str] = field(default_factory=list)

    def ask(self, prompt: str) -> str:
        self.prompts.append(prompt)
        if not self.lines:
            raise EOFError
        line = self.lines.pop(0)
        if line == "\x03":  # Ctrl-C, as a terminal would send it
            raise KeyboardInterrupt
        return line


@dataclass
class RecordingView:
    """Keeps every event, for tests."""

    events: list[tuple[str, object]] = field(default_factory=list)

    def question(self, number: int, total: int, question: Question) -> None:
        self.events.append(("question", question.text))

    def unreadable(self, error: UnreadableAnswer) -> None:
        self.events.append(("unreadable", error.message))

    def answered(self, answer: DrillAnswer, question: Question) -> None:
        self.events.append(("answered", answer.band.value))

    def of(self, kind: str) -> Iterable[object]:
        return [payload for name, payload in self.events if name == kind]
