"""Build problems and session records for the scoring tests, without the flow."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from coach.phases import Phase
from coach.problems.model import Problem
from coach.session.interviewer import answer_question
from coach.session.record import CurveballRecord, Mode, SessionRecord

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
MINI = HERE / "fixtures" / "mini.yaml"
TWITTER = ROOT / "problems" / "twitter.yaml"
ANSWERS = ROOT / "tests" / "fixtures" / "answers"

# answers-file key -> (phase, the flow's prompt key)
PHASE_KEYS = {
    "clarify": (Phase.CLARIFY, "requirements"),
    "high_level": (Phase.HIGH_LEVEL, "design"),
    "deep_dive": (Phase.DEEP_DIVE, "deep_dive"),
    "scaling": (Phase.SCALING, "scaling"),
}


def load_problem(path: Path) -> Problem:
    return Problem.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))


def new_record(problem: Problem, mode: Mode = Mode.PRACTICE) -> SessionRecord:
    return SessionRecord(problem_id=problem.id, problem_title=problem.title, mode=mode)


def record_from_answers(
    problem: Problem, answers: dict[str, Any], curveball: str | None = None
) -> SessionRecord:
    """A session as the flow would record it from an answers file."""
    record = new_record(problem)
    for question in answers.get("questions", []):
        record.questions.append(answer_question(problem, question))
    for key, (phase, prompt_key) in PHASE_KEYS.items():
        record.phase(phase).answers[prompt_key] = answers.get(key, "")
    record.estimates = dict(answers.get("estimates", {}))
    record.components = list(answers.get("components", []))
    record.deep_dive_topics = list(answers.get("deep_dive_topics", []))
    if curveball is not None:
        chosen = next(c for c in problem.curveballs if c.id == curveball)
        record.curveball = CurveballRecord(
            id=chosen.id, prompt=chosen.prompt, answer=answers.get("curveball", "")
        )
    return record


def load_answers(name: str) -> dict[str, Any]:
    return yaml.safe_load((ANSWERS / name).read_text(encoding="utf-8"))
