"""Answers files: a whole interview written down, for `coach practice --answers`.

```yaml
questions: [How many users?, What is the read to write ratio?]
clarify: Users post and read a timeline; 99.9% available, p99 under 200 ms.
estimates: {write_qps: 6K/s, storage: 50 TB}
components: [load_balancer, app_servers, cache, nosql_database]
high_level: POST /tweets, GET /timeline ...
deep_dive_topics: [fanout]
deep_dive: Fan-out on write for most users, on read for celebrities ...
scaling: The timeline cache is the bottleneck ...
changes: [api.nodes=12, +replicas]  # re-runs of the simulation, typed as at the prompt
curveball: With edits allowed, I would ...
```

Every key is optional (a missing one is an empty answer and scores zero).
Mistakes are reported at their place, `FILE:LINE:COL: message`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from coach.errors import CoachError, CoachErrors, did_you_mean
from coach.problems.model import Problem
from coach.session.asking import MAX_RERUNS, ChoicePrompt, Choices, Reply, TextPrompt
from coach.session.catalogue import ITEMS

TEXT_KEYS = ("clarify", "high_level", "deep_dive", "scaling", "curveball")
LIST_KEYS = ("questions", "components", "deep_dive_topics", "changes")
KEYS = (
    "questions",
    "clarify",
    "estimates",
    "components",
    "high_level",
    "deep_dive_topics",
    "deep_dive",
    "scaling",
    "changes",
    "curveball",
)
# The file's keys -> the flow's prompt keys.
PROMPT_KEYS = {
    "requirements": "clarify",
    "design": "high_level",
    "deep_dive": "deep_dive",
    "scaling": "scaling",
    "curveball": "curveball",
}


@dataclass
class AnswerScript:
    """The answers of one file, checked against the problem."""

    path: Path
    texts: dict[str, str] = field(default_factory=dict)
    questions: list[str] = field(default_factory=list)
    estimates: dict[str, str] = field(default_factory=dict)
    components: list[str] = field(default_factory=list)
    deep_dive_topics: list[str] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)  # each as typed at the re-run prompt

    @property
    def has_curveball(self) -> bool:
        return "curveball" in self.texts


def load_answers(
    path: Path,
    problem: Problem,
    resolve_figure: Callable[[str], str | None],
    figure_names: Sequence[str],
) -> AnswerScript:
    """Read and check an answers file; every mistake is a positioned CoachError.

    `resolve_figure` maps what the user wrote ("write qps") to an estimate name
    or None; `figure_names` are the estimates this problem's inputs give.
    """
    from coach.yamlsafe import load_yaml

    doc = load_yaml(path)
    data = {} if doc.data is None else doc.data
    if not isinstance(data, dict):
        raise doc.error("an answers file is a mapping of keys (questions, clarify, ...)")
    script = AnswerScript(path=Path(path))
    errors: list[CoachError] = []
    for key, value in data.items():
        where = (key,)
        if key not in KEYS:
            errors.append(
                doc.error(
                    f"unknown key '{key}'{did_you_mean(str(key), KEYS)}; keys: {', '.join(KEYS)}",
                    where,
                    key=True,
                )
            )
        elif key in TEXT_KEYS:
            _text(script, key, value, doc, errors)
        elif key == "estimates":
            _estimates(script, value, doc, errors, resolve_figure, figure_names)
        else:
            items = _strings(value, where, doc, errors)
            _list(script, key, items, problem, doc, errors)
    if not errors and script.changes:
        _check_changes(script, problem, doc, errors)
    if errors:
        raise CoachErrors(errors)
    return script


def _check_changes(
    script: AnswerScript, problem: Problem, doc: Any, errors: list[CoachError]
) -> None:
    """Apply the changes to the design the components build, in order, as the session will:
    a change that cannot apply is reported at its place, before the interview starts."""
    from coach.session.design_builder import build_design
    from coach.session.tweaks import TweakError, apply_tweaks

    design, picks = build_design(problem, script.components).design, list(script.components)
    if design is None:
        errors.append(
            doc.error(
                "changes need a design to simulate: pick app servers or a database in 'components'",
                ("changes",),
            )
        )
        return
    for index, text in enumerate(script.changes):
        try:
            tweaked = apply_tweaks(problem, design, picks, text)
        except TweakError as exc:
            errors.append(doc.error(f"change {index + 1} ({text}): {exc}", ("changes", index)))
            return
        design, picks = tweaked.design, tweaked.picks


def _text(script: AnswerScript, key: str, value: Any, doc: Any, errors: list[CoachError]) -> None:
    if value is None:
        script.texts[key] = ""
    elif isinstance(value, (str, int, float)) and not isinstance(value, bool):
        script.texts[key] = str(value).strip()
    else:
        errors.append(doc.error(f"'{key}' should be text, not {_kind(value)}", (key,)))


def _strings(value: Any, where: tuple, doc: Any, errors: list[CoachError]) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list):
        errors.append(doc.error(f"'{where[0]}' should be a list, not {_kind(value)}", where))
        return []
    out = []
    for index, item in enumerate(value):
        if _colon_text(item) and where == ("questions",):
            # "- targets: latency, rebuffer %?" is a question with a colon, which
            # YAML reads as a one-key mapping: take it back as the text typed
            (key, text), *_ = item.items()
            out.append(f"{key}: {text}".strip())
        elif isinstance(item, (str, int, float)) and not isinstance(item, bool):
            out.append(str(item).strip())
        else:
            errors.append(
                doc.error(
                    f"item {index + 1} of '{where[0]}' should be text, not {_kind(item)}",
                    (*where, index),
                )
            )
    return out


def _colon_text(item: Any) -> bool:
    """A one-key mapping of text to text: a line with a colon in it."""
    if not isinstance(item, dict) or len(item) != 1:
        return False
    (key, text), *_ = item.items()
    return all(isinstance(v, (str, int, float)) and not isinstance(v, bool) for v in (key, text))


def _list(
    script: AnswerScript,
    key: str,
    items: list[str],
    problem: Problem,
    doc: Any,
    errors: list[CoachError],
) -> None:
    if key == "questions":
        script.questions = [q for q in items if q]
        return
    if key == "changes":
        script.changes = [c for c in items if c]
        if len(script.changes) > MAX_RERUNS:
            errors.append(doc.error(f"at most {MAX_RERUNS} changes (one per re-run)", (key,)))
        return
    if key == "components":
        known, what, listing = list(ITEMS), "component", "one of"
    else:
        known = [d.id for d in problem.deep_dives]
        what, listing = "deep-dive topic", f"topics of {problem.id}"
    for index, item in enumerate(items):
        if item not in known:
            errors.append(
                doc.error(
                    f"unknown {what} '{item}'{did_you_mean(item, known)}; "
                    f"{listing}: {', '.join(known)}",
                    (key, index),
                )
            )
    chosen = list(dict.fromkeys(i for i in items if i in known))
    if key == "components":
        script.components = chosen
    else:
        if len(chosen) > 2:
            errors.append(doc.error("pick at most two deep-dive topics", (key,)))
        script.deep_dive_topics = chosen


def _estimates(
    script: AnswerScript,
    value: Any,
    doc: Any,
    errors: list[CoachError],
    resolve: Callable[[str], str | None],
    names: Sequence[str],
) -> None:
    if value is None:
        return
    if not isinstance(value, dict):
        errors.append(
            doc.error(
                "'estimates' should map a figure to your value (write_qps: 6K/s), "
                f"not {_kind(value)}",
                ("estimates",),
            )
        )
        return
    for raw, figure in value.items():
        where = ("estimates", raw)
        name = resolve(str(raw))
        if name is None or name not in names:
            errors.append(
                doc.error(
                    f"no estimate '{raw}' for this problem"
                    f"{did_you_mean(str(raw), names)}; one of: {', '.join(names)}",
                    where,
                    key=True,
                )
            )
        elif figure is None or isinstance(figure, (bool, list, dict)):
            errors.append(doc.error(f"estimate '{raw}' should be a value like 6K/s", where))
        else:
            script.estimates[name] = str(figure).strip()


def _kind(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return f"{type(value).__name__} {value!r}"


@dataclass
class FileAsker:
    """The answers-file face of the prompts: never waits, never prints."""

    script: AnswerScript
    compact: bool = True

    def __post_init__(self) -> None:
        self._questions = list(self.script.questions)
        self._changes = list(self.script.changes)

    def text(self, prompt: TextPrompt) -> Reply:
        if prompt.key == "question":
            return Reply(self._questions.pop(0) if self._questions else "")
        if prompt.key == "rerun":  # one change per re-run, in order; then go on
            return Reply(self._changes.pop(0) if self._changes else "")
        if prompt.key.startswith("estimate:"):
            return Reply(self.script.estimates.get(prompt.key.split(":", 1)[1], ""))
        source = PROMPT_KEYS.get(prompt.key)
        return Reply(self.script.texts.get(source, "") if source else "")

    def choose(self, prompt: ChoicePrompt) -> Choices:
        if prompt.key == "components":
            return Choices(tuple(self.script.components))
        if prompt.key == "topics":
            return Choices(tuple(self.script.deep_dive_topics))
        return Choices((prompt.choices[0].value,))

    def figures(self, suggested: Sequence[str]) -> list[str]:
        return list(self.script.estimates)

    def pause(self) -> None:
        return None
