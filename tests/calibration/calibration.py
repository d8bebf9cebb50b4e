"""Calibration sets: answers written from problem statements only, and the bands they must hit.

Each set is a directory beside this file (`tuning/`, and any other set added
later) holding `PROBLEM/KIND.yaml` answers files and `PROBLEM/questions.yaml`.
The same bands hold for every set; a set never seen before needs no code.
Shared by `test_calibration.py` and `report.py`.
"""

from __future__ import annotations

import functools
import random
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from coach.phases import PHASES, Phase
from coach.problems.loader import load_spec_file
from coach.problems.model import Problem
from coach.session import estimating
from coach.session.answers import AnswerScript, load_answers
from coach.session.catalogue import ITEMS
from coach.session.flow import new_session
from coach.session.interviewer import answer_question
from coach.session.record import Mode, SessionRecord

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
PROBLEMS = ROOT / "problems"

# Overall score bands, inclusive, for every problem of every set.
BANDS: dict[str, tuple[float, float]] = {
    "strong-prose": (75, 100),
    "strong-terse": (65, 100),
    "mediocre": (25, 65),
    "weak": (0, 15),
    "buzzwords": (0, 20),
    "rejected": (0, 25),
    "other-problem": (0, 20),
    "off-topic": (0, 5),
}
KINDS = tuple(BANDS)
QUESTIONS_FILE = "questions.yaml"
TEXT_KEYS = ("clarify", "high_level", "deep_dive", "scaling")
# What people put between the terms of a list, besides commas.
SEPARATORS = {
    "spaces": " ",
    "slashes": "/",
    "spaced slashes": " / ",
    "pipes": " | ",
    "semicolons": "; ",
    "lines": "\n",
    "bullets": "\n- ",
    "stars": "\n* ",
    "dots": " \u2022 ",
    "pluses": " + ",
}
# Scores known to miss their band, each with why (see HISTORY.md). The test expects
# them to miss (strict): one that lands in its band fails until it leaves this list.
KNOWN_MISSES: dict[str, str] = {
    "heldout-21/twitter/rejected": (
        "held out, scored once at 37.5; 29.8 after reading preferences ('prefer X over Y', "
        "'more trouble than they're worth'): turns fan-out on write down, then gives its "
        "cost in a second sentence, and its pull design names the celebrity case"
    ),
    "heldout-25/url-shortener/rejected": (
        "held out, scored once at 65.8; 31.8 after reading everyday declines: keeps a working "
        "API, data model and 301"
    ),
    "heldout-24/twitter/other-problem": (
        "held out, scored once at 20.6: a chat answer's fan-out to group members and its "
        "timeline of messages share real ideas with twitter"
    ),
    "heldout-24/uber/other-problem": (
        "held out, scored once at 22.3: a ticket-booking answer's booking state machine and "
        "its guard against double booking share real ideas with uber's trips"
    ),
    "heldout-24/url-shortener/buzzwords": (
        "held out, scored once at 20.2: its terse questions ('QPS? Read/write ratio? "
        "Retention?') are real clarifying questions and earn their ask items"
    ),
    "heldout-26/netflix/rejected": (
        "held out, scored once at 61.9: each idea is a numbered item of its own, and the "
        "sentence that turns it down opens with a concession ('I know the traffic is very "
        "skewed, and a cache would absorb most of it, but ...')"
    ),
    "heldout-26/twitter/rejected": ("held out, scored once at 59.1 (the same style)"),
    "heldout-26/uber/rejected": ("held out, scored once at 54.7; 50.5 after tuning on it"),
    "heldout-26/url-shortener/rejected": ("held out, scored once at 65.4; 57.2 after tuning on it"),
    "heldout-26/twitter/other-problem": (
        "held out, scored once at 24.4: a chat answer's fan-out of messages to group "
        "members shares real ideas with twitter"
    ),
    "heldout-27/netflix/rejected": ("held out, scored once at 56.8; 47.8 after tuning on it"),
    "heldout-27/uber/rejected": ("held out, scored once at 58.2; 47.8 after tuning on it"),
    "heldout-27/url-shortener/rejected": ("held out, scored once at 58.3; 53.7 after tuning on it"),
    "heldout-28/netflix/rejected": ("held out, scored once at 48.3"),
    "heldout-28/twitter/rejected": ("held out, scored once at 64.1; 59.6 after tuning on it"),
    "heldout-28/url-shortener/rejected": ("held out, scored once at 52.6"),
    "heldout-28/uber/other-problem": (
        "held out, scored once at 27.1: a ticket-booking answer shares the guard against "
        "double booking and the booking state machine with uber's trips"
    ),
    "heldout-29/netflix/mediocre": (
        "held out, scored once at 66.1, over its 65 ceiling: a thorough but hedged answer"
    ),
    "heldout-29/netflix/rejected": ("held out, scored once at 66.2"),
    "heldout-29/uber/rejected": ("held out, scored once at 74.7; 62.8 after tuning on it"),
    "heldout-29/url-shortener/rejected": ("held out, scored once at 74.3; 63.5 after tuning on it"),
    "heldout-30/netflix/mediocre": ("held out, scored once at 23.9, under its 25 floor"),
    "heldout-30/twitter/rejected": ("held out, scored once at 53.7"),
    "heldout-30/uber/rejected": ("held out, scored once at 68.2"),
    "heldout-30/url-shortener/rejected": ("held out, scored once at 71.5"),
    "heldout-40/netflix/rejected": ("held out, scored once at 47.4"),
    "heldout-40/url-shortener/rejected": ("held out, scored once at 46.2"),
    "heldout-40/url-shortener/buzzwords": ("held out, scored once at 25.4"),
    "heldout-41/url-shortener/rejected": ("held out, scored once at 40.8"),
    "heldout-41/uber/other-problem": ("held out, scored once at 20.9"),
    "heldout-42/netflix/rejected": ("held out, scored once at 51.8"),
    "heldout-42/twitter/rejected": ("held out, scored once at 52.5"),
    "heldout-42/uber/rejected": ("held out, scored once at 38.9"),
    "heldout-42/url-shortener/rejected": ("held out, scored once at 57.9"),
    "heldout-43/twitter/rejected": ("held out, scored once at 45.7"),
    "heldout-43/url-shortener/rejected": ("held out, scored once at 54.8"),
    "heldout-36/netflix/rejected": ("held out, scored once at 44.6"),
    "heldout-36/url-shortener/rejected": ("held out, scored once at 51.7"),
    "heldout-36/uber/weak": ("held out, scored once at 16.0"),
    "heldout-36/uber/other-problem": ("held out, scored once at 24.5"),
    "heldout-37/netflix/rejected": ("held out, scored once at 53.2"),
    "heldout-37/twitter/rejected": ("held out, scored once at 53.7"),
    "heldout-37/uber/rejected": ("held out, scored once at 51.5"),
    "heldout-37/url-shortener/rejected": ("held out, scored once at 52.0"),
    "heldout-37/uber/other-problem": ("held out, scored once at 21.6"),
    "heldout-38/netflix/rejected": ("held out, scored once at 37.0"),
    "heldout-38/twitter/rejected": ("held out, scored once at 35.1"),
    "heldout-38/uber/rejected": ("held out, scored once at 50.7"),
    "heldout-38/url-shortener/rejected": ("held out, scored once at 68.2"),
    "heldout-38/twitter/other-problem": ("held out, scored once at 26.4"),
    "heldout-39/twitter/rejected": ("held out, scored once at 41.4"),
    "heldout-39/url-shortener/rejected": ("held out, scored once at 37.1"),
    "heldout-39/netflix/mediocre": ("held out, scored once at 21.9"),
    "heldout-39/uber/other-problem": ("held out, scored once at 21.3"),
    "heldout-32/netflix/rejected": ("held out, scored once at 33.4"),
    "heldout-32/twitter/rejected": ("held out, scored once at 40.6"),
    "heldout-32/uber/rejected": ("held out, scored once at 40.6"),
    "heldout-32/url-shortener/rejected": ("held out, scored once at 58.7"),
    "heldout-32/uber/other-problem": ("held out, scored once at 20.8"),
    "heldout-33/netflix/rejected": ("held out, scored once at 53.2"),
    "heldout-33/twitter/rejected": ("held out, scored once at 47.9"),
    "heldout-33/uber/rejected": ("held out, scored once at 65.6"),
    "heldout-33/url-shortener/rejected": ("held out, scored once at 63.7"),
    "heldout-34/netflix/rejected": ("held out, scored once at 51.6"),
    "heldout-34/twitter/rejected": ("held out, scored once at 44.4"),
    "heldout-34/uber/rejected": ("held out, scored once at 56.4"),
    "heldout-34/url-shortener/rejected": ("held out, scored once at 53.8"),
    "heldout-34/twitter/other-problem": ("held out, scored once at 33.0"),
    "heldout-34/uber/other-problem": ("held out, scored once at 22.8"),
    "heldout-35/netflix/rejected": ("held out, scored once at 56.4"),
    "heldout-35/twitter/rejected": ("held out, scored once at 43.5"),
    "heldout-35/uber/rejected": ("held out, scored once at 46.1"),
    "heldout-35/url-shortener/rejected": ("held out, scored once at 72.7"),
    "heldout-31/uber/rejected": ("held out, scored once at 36.2"),
    "heldout-31/url-shortener/rejected": ("held out, scored once at 33.9"),
    "heldout-44/uber/strong-prose": (
        "held out, scored once at 71.3, under its 75 floor (72.1 before this stop's "
        "changes); 73.6 after 'with nothing lost' was read as no refusal"
    ),
    "heldout-44/netflix/rejected": ("held out, scored once at 35.4"),
    "heldout-44/twitter/rejected": ("held out, scored once at 48.3"),
    "heldout-44/uber/rejected": ("held out, scored once at 39.9"),
    "heldout-44/url-shortener/rejected": ("held out, scored once at 42.4"),
    "heldout-45/netflix/rejected": ("held out, scored once at 37.4"),
    "heldout-45/twitter/rejected": ("held out, scored once at 32.0"),
    "heldout-45/uber/rejected": ("held out, scored once at 28.4"),
    "heldout-45/url-shortener/rejected": ("held out, scored once at 39.5"),
    "heldout-46/netflix/rejected": ("held out, scored once at 35.4"),
    "heldout-46/twitter/rejected": ("held out, scored once at 50.4"),
    "heldout-46/uber/rejected": ("held out, scored once at 33.0"),
    "heldout-46/url-shortener/rejected": ("held out, scored once at 59.2"),
    "heldout-47/netflix/rejected": ("held out, scored once at 28.9"),
    "heldout-47/twitter/rejected": ("held out, scored once at 47.8"),
    "heldout-47/uber/rejected": ("held out, scored once at 45.7"),
    "heldout-47/url-shortener/rejected": ("held out, scored once at 35.0"),
    "heldout-46/url-shortener/buzzwords": ("held out, scored once at 20.4"),
    "tuning-8/twitter/other-problem": (
        "a strong chat answer shares real ideas with twitter (fan-out on write, "
        "timelines in Redis sharded by user id, pre-scaling for New Year's Eve): 21.3"
    ),
}
# Sets whose question floors are known to fail, and why (the same strict rule).
KNOWN_QUESTION_MISSES: dict[str, str] = {
    "heldout-42": "held out, 73/86 on-topic (85%)",
    "heldout-43": (
        "held out, 65/85 on-topic (76%): long, careful questions ('If I pause on the TV "
        "and pick up my phone, is it fine if my place is a few seconds behind?')"
    ),
    "heldout-36": "held out, 76/86 on-topic (88%)",
    "heldout-37": (
        "held out, 62/86 on-topic (72%): polite, formal questions ('Kindly, how many "
        "paying accounts do we have worldwide, and how many of them watch on a normal day?')"
    ),
    "heldout-38": "held out, 69/84 on-topic (82%)",
    "heldout-39": "held out, 75/87 on-topic (86%)",
    "heldout-32": "held out, 69/84 on-topic (82%): casual questions ('four nines?')",
    "heldout-34": (
        "held out, 74/84 on-topic (88%): questions in the writer's own order ('When I "
        "post, in how many seconds my followers should see it?')"
    ),
    "heldout-35": (
        "held out, 68/84 on-topic (81%): idioms ('first in best dressed?', 'a quiet "
        "Tuesday arvo') and questions that name no topic's words ('Can someone set a "
        "link to stop working after a week?')"
    ),
    "heldout-30": (
        "held out, 66/84 on-topic (79%): conversational questions ('Is four nines the goal "
        "for pressing play?', 'Is the suggestion engine in scope?')"
    ),
    "heldout-29": (
        "held out, 79/88 on-topic (89.8%), a fraction of a question under the floor: long "
        "hedged questions ('Should I assume roughly a quarter of a billion accounts, or is "
        "the active base considerably smaller than that?')"
    ),
    "heldout-28": (
        "held out, 74/85 on-topic (87%): conversational questions ('How much stalling "
        "mid-movie can we live with?') share too few words with the topics' phrasings"
    ),
    "heldout-26": (
        "held out, 67/85 on-topic (79%): long formal questions ('What fraction of watching "
        "time can be spent with the spinner on screen because the buffer ran dry?') share "
        "too few words with the topics' phrasings"
    ),
}
ON_TOPIC_FLOOR = 0.90  # share of on-topic questions answered from their topic
OFF_TOPIC_FLOOR = 0.90  # share of off-topic questions given the fallback


@dataclass(frozen=True)
class Case:
    """One answers file of a set."""

    set_name: str
    problem_id: str
    kind: str
    path: Path

    @property
    def name(self) -> str:
        return f"{self.set_name}/{self.problem_id}/{self.kind}"


@dataclass(frozen=True)
class QuestionCase:
    set_name: str
    problem_id: str
    question: str
    topic: str | None  # None: the interviewer should say it is not specified


@dataclass
class Scored:
    case: Case
    record: SessionRecord
    phase_ms: dict[Phase, float] = field(default_factory=dict)

    @property
    def score(self) -> float:
        return self.record.score or 0.0


def sets() -> list[Path]:
    """Every set directory: a directory with at least one PROBLEM/KIND.yaml."""
    return sorted(
        path
        for path in HERE.iterdir()
        if path.is_dir() and any(path.glob(f"*/{kind}.yaml") for kind in KINDS)
    )


def cases(set_dir: Path) -> list[Case]:
    found = []
    for problem_dir in sorted(p for p in set_dir.iterdir() if p.is_dir()):
        for kind in KINDS:
            path = problem_dir / f"{kind}.yaml"
            if path.is_file():
                found.append(Case(set_dir.name, problem_dir.name, kind, path))
    return found


def question_cases(set_dir: Path) -> list[QuestionCase]:
    found = []
    for path in sorted(set_dir.glob(f"*/{QUESTIONS_FILE}")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        problem_id = str(data.get("problem") or path.parent.name)
        for entry in data.get("questions") or []:
            topic = entry.get("topic")
            found.append(
                QuestionCase(
                    set_dir.name,
                    problem_id,
                    str(entry["question"]),
                    None if topic is None else str(topic),
                )
            )
    return found


def all_cases() -> Iterator[Case]:
    for set_dir in sets():
        yield from cases(set_dir)


def all_question_cases() -> Iterator[QuestionCase]:
    for set_dir in sets():
        yield from question_cases(set_dir)


@functools.cache
def problem(problem_id: str) -> Problem:
    return load_spec_file(PROBLEMS / f"{problem_id}.yaml")


def script_for(spec: Problem, path: Path) -> AnswerScript:
    return load_answers(path, spec, estimating.resolve_name, estimating.names_for(spec))


def record_for(spec: Problem, script: AnswerScript) -> SessionRecord:
    """The record `coach practice --answers` builds, without running the flow.

    The flow also simulates the design, which only the bottleneck pitfall reads
    and which costs a second a file; `test_calibration.py` checks that this
    record scores exactly as the flow's does.
    """
    record = new_session(spec, Mode.PRACTICE, rng=random.Random(0), compact=True)
    record.questions = [answer_question(spec, question) for question in script.questions]
    record.phase(Phase.CLARIFY).answers["requirements"] = script.texts.get("clarify", "")
    found = estimating.estimate_for(spec)
    for name, text in script.estimates.items():
        record.estimates[name] = text
        check = None if found is None else estimating.check_estimate(found, name, text)
        if check is not None:
            record.estimate_checks.append(check)
    record.components = list(script.components)
    high_level = record.phase(Phase.HIGH_LEVEL).answers
    high_level["components"] = ", ".join(ITEMS[c].short for c in script.components)
    high_level["design"] = script.texts.get("high_level", "")
    record.deep_dive_topics = list(script.deep_dive_topics)
    record.phase(Phase.DEEP_DIVE).answers["deep_dive"] = script.texts.get("deep_dive", "")
    record.phase(Phase.SCALING).answers["scaling"] = script.texts.get("scaling", "")
    return record


def score_case(case: Case) -> Scored:
    """Score one answers file, timing each phase's scoring."""
    from coach.session.scoring import finalize, score_phase

    spec = problem(case.problem_id)
    record = record_for(spec, script_for(spec, case.path))
    timings = {}
    for phase in PHASES:
        start = time.perf_counter()
        score_phase(spec, record, phase)
        timings[phase] = 1000 * (time.perf_counter() - start)
    finalize(spec, record)
    return Scored(case, record, timings)


def separated(path: Path, separator: str, into: Path) -> Path:
    """A copy of an answers file whose comma-separated lists are joined by
    `separator` instead ("a, b, c" -> "a; b; c"); other texts are kept."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    for key in TEXT_KEYS:
        text = str(data.get(key) or "").replace("\n", ",")
        terms = [t.strip().lstrip("*+-\u2022 ") for t in text.split(",")]  # a bullet's mark too
        terms = [t for t in terms if t]
        if len(terms) >= 5:  # a list, not a sentence with a comma or two
            data[key] = separator.join(terms)
    into.write_text(yaml.safe_dump(data), encoding="utf-8")
    return into


def cold_run(case: Case, question: str) -> dict[str, object]:
    """What the first question and the first answers file of a fresh process cost:
    milliseconds for the question, for each phase of the file, and its score."""
    spec = problem(case.problem_id)
    start = time.perf_counter()
    answer_question(spec, question)
    asked = 1000 * (time.perf_counter() - start)
    scored = score_case(case)
    return {
        "question": asked,
        "phases": {phase.value: ms for phase, ms in scored.phase_ms.items()},
        "score": scored.score,
    }


def in_band(kind: str, score: float) -> bool:
    low, high = BANDS[kind]
    return low <= score <= high


def bank_ids() -> list[str]:
    return sorted(path.stem for path in PROBLEMS.glob("*.yaml"))


def reference_record(answers: Problem, judge: Problem) -> SessionRecord:
    """`answers`' reference answers as a session of `judge`, with no estimates
    map and the two deep-dive topics of `judge` the text covers best.

    On its own problem, the session is a strong candidate's: it also asks each
    clarification (its first wording), since an ask item is earned in full
    only by asking. On another problem's rubric only the text is judged: the
    matrix checks that a rubric is specific to its problem's ideas, and a
    generic question ("How many users?") rightly earns any problem's ask."""
    from coach.session.scoring import score_phase

    record = new_session(judge, Mode.PRACTICE, rng=random.Random(0), compact=True)
    if answers is judge:
        asks = [clarification.asks[0] for clarification in judge.clarifications]
        record.questions = [answer_question(judge, question) for question in asks]
    keys = {
        Phase.CLARIFY: "requirements",
        Phase.HIGH_LEVEL: "design",
        Phase.DEEP_DIVE: "deep_dive",
        Phase.SCALING: "scaling",
    }
    for phase, key in keys.items():
        record.phase(phase).answers[key] = answers.reference_answers.for_phase(phase)
    by_topic = []
    for dive in judge.deep_dives:
        record.deep_dive_topics = [dive.id]
        by_topic.append((score_phase(judge, record, Phase.DEEP_DIVE).score, dive.id))
    by_topic.sort(key=lambda pair: -pair[0])
    record.deep_dive_topics = [topic for _, topic in by_topic[:2]]
    return record


def cross_scores() -> dict[str, dict[str, float]]:
    """Overall score of each problem's reference answers (rows) on each rubric (columns)."""
    from coach.session.scoring import finalize

    ids = bank_ids()
    matrix: dict[str, dict[str, float]] = {}
    for own in ids:
        matrix[own] = {}
        for other in ids:
            record = reference_record(problem(own), problem(other))
            finalize(problem(other), record)
            matrix[own][other] = record.score or 0.0
    return matrix
