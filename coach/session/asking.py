"""How the flow asks: typed prompts, the `Asker` interface, and a scripted face.

The flow never talks to a terminal. It hands a `TextPrompt` or a
`ChoicePrompt` to an `Asker`; three faces implement it: the terminal
(`coach.ui.prompts`), an answers file (`coach.session.answers`) and the
`ScriptedAsker` below, which tests use with a `FakeClock`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

Clock = Callable[[], float]  # monotonic seconds

MAX_RERUNS = 3  # "change the design and run again?" prompts per session (and answers-file changes)


class Stopped(Exception):
    """The user stopped at a prompt; `draft` is what they had typed so far."""

    def __init__(self, draft: str = "") -> None:
        super().__init__(draft)
        self.draft = draft


class AskInterrupted(Stopped):
    """The user pressed Ctrl-C at a prompt."""


class InputClosed(Stopped):
    """The terminal closed or the input ended (EOF, SIGHUP)."""


@dataclass(frozen=True)
class Countdown:
    """The time left in a timed phase, as the prompt should show it.

    `enforce` is False once the user chose to keep going after the time ran
    out: the prompt then shows the overtime instead of cutting the answer.
    `warn_at` is how much time is left when the phase says "wrap up";
    `on_warning`, when set, shows that warning: a face that can interrupt its
    prompt calls it once, the moment the time crosses `warn_at`.
    """

    clock: Clock
    ends_at: float
    label: str
    enforce: bool = True
    warn_at: float = 60.0
    on_warning: Callable[[], None] | None = None

    def remaining(self) -> float:
        return self.ends_at - self.clock()

    @property
    def urgent(self) -> bool:
        """In the last stretch (wrap up) or past the end."""
        return self.remaining() <= self.warn_at

    def warning_due(self) -> bool:
        """The warning is wanted and its moment has come (the time is not yet up)."""
        return self.on_warning is not None and 0 < self.remaining() <= self.warn_at


@dataclass(frozen=True)
class TextPrompt:
    key: str  # what the answer is stored as, e.g. "requirements", "question", "estimate:storage"
    message: str
    hint: str = ""
    default: str = ""
    countdown: Countdown | None = None


@dataclass(frozen=True)
class Choice:
    value: str
    title: str
    checked: bool = False


@dataclass(frozen=True)
class ChoicePrompt:
    key: str
    message: str
    choices: tuple[Choice, ...]
    multiple: bool = True
    min_count: int = 0
    max_count: int | None = None
    countdown: Countdown | None = None

    def problem_with(self, values: Sequence[str]) -> str | None:
        """Why `values` is not an acceptable answer, or None when it is."""
        known = {c.value for c in self.choices}
        unknown = [v for v in values if v not in known]
        if unknown:
            return f"unknown choice '{unknown[0]}'"
        if not self.multiple and len(values) != 1:
            return "pick exactly one"
        if len(values) < self.min_count:
            return f"pick at least {self.min_count}"
        if self.max_count is not None and len(values) > self.max_count:
            return f"pick at most {self.max_count}"
        return None


@dataclass(frozen=True)
class Reply:
    """A text answer; `timed_out` when the phase's time cut it (text is what was typed)."""

    text: str
    timed_out: bool = False


@dataclass(frozen=True)
class Choices:
    values: tuple[str, ...]
    timed_out: bool = False


class Asker(Protocol):
    """One face of the prompts.

    `compact` faces answer a phase in one piece (an answers file): the flow
    then asks for the file's keys (`design`, `deep_dive`, `scaling`) instead of
    the interactive breakdown (`api`, `data_model`, `flow`, ...).
    """

    compact: bool

    def text(self, prompt: TextPrompt) -> Reply: ...

    def choose(self, prompt: ChoicePrompt) -> Choices: ...

    def figures(self, suggested: Sequence[str]) -> list[str]:
        """The estimate names to ask for, given the ones the flow suggests."""
        ...

    def pause(self) -> None:
        """Let the user read what was shown (terminal only)."""
        ...


class FakeClock:
    """A clock tests move by hand."""

    def __init__(self, start: float = 1000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@dataclass(frozen=True)
class Timeout:
    """Scripted: the phase's time runs out while `text` is typed."""

    text: str = ""


@dataclass(frozen=True)
class Wait:
    """Scripted: `seconds` pass (on the fake clock) before the next answer."""

    seconds: float


class Interrupt:
    """Scripted: the user presses Ctrl-C."""


class Close:
    """Scripted: the terminal closes."""


ScriptEntry = str | list[str] | Timeout | Wait | Interrupt | Close


class ScriptExhausted(AssertionError):
    """A test gave fewer answers than the flow asked for."""


@dataclass
class ScriptedAsker:
    """Answers from a list, in order; records every prompt it was given."""

    entries: list[ScriptEntry]
    clock: FakeClock | None = None
    compact: bool = False
    asked: list[TextPrompt | ChoicePrompt] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._queue = list(self.entries)

    @property
    def left(self) -> int:
        return len(self._queue)

    def _next(self, prompt: TextPrompt | ChoicePrompt) -> ScriptEntry:
        self.asked.append(prompt)
        while self._queue:
            entry = self._queue.pop(0)
            if isinstance(entry, Wait):
                if self.clock is None:
                    raise AssertionError("Wait needs a FakeClock")
                self.clock.advance(entry.seconds)
                continue
            if isinstance(entry, Interrupt):
                raise AskInterrupted
            if isinstance(entry, Close):
                raise InputClosed
            return entry
        raise ScriptExhausted(f"no scripted answer left for prompt {prompt.key!r}")

    def text(self, prompt: TextPrompt) -> Reply:
        entry = self._next(prompt)
        if isinstance(entry, Timeout):
            return Reply(entry.text, timed_out=True)
        if not isinstance(entry, str):
            raise AssertionError(f"prompt {prompt.key!r} wants text, script has {entry!r}")
        return Reply(entry)

    def choose(self, prompt: ChoicePrompt) -> Choices:
        entry = self._next(prompt)
        if isinstance(entry, Timeout):
            return Choices((), timed_out=True)
        values = [entry] if isinstance(entry, str) else entry
        if not isinstance(values, list):
            raise AssertionError(f"prompt {prompt.key!r} wants choices, script has {entry!r}")
        problem = prompt.problem_with(values)
        if problem:
            raise AssertionError(f"prompt {prompt.key!r}: {problem}")
        return Choices(tuple(values))

    def figures(self, suggested: Sequence[str]) -> list[str]:
        return list(suggested)

    def pause(self) -> None:
        return None


def keys_asked(prompts: Iterable[TextPrompt | ChoicePrompt]) -> list[str]:
    """The prompt keys in order (for test assertions)."""
    return [p.key for p in prompts]
