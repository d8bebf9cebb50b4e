"""What the user wrote, as plain text to match: per phase, or the whole session.

Reads the record without changing it (`record.phase()` would create phases).
"""

from __future__ import annotations

from coach.phases import PHASES, Phase
from coach.session.record import SessionRecord


def answers_text(record: SessionRecord, phase: Phase) -> str:
    """The user's answers of one phase, joined, each its own paragraph."""
    phase_record = record.phases.get(phase)
    if phase_record is None:
        return ""
    return "\n".join(text for text in phase_record.answers.values() if text.strip())


def estimates_text(record: SessionRecord) -> str:
    """The figures the user gave, one per line ("write qps: 5.8K/s"). A value
    with no digit ("a lot") is left out: naming a figure is not estimating it."""
    return "\n".join(
        f"{name.replace('_', ' ')}: {text}"
        for name, text in record.estimates.items()
        if any(ch.isdigit() for ch in text)
    )


def questions_text(record: SessionRecord) -> str:
    """The clarifying questions the user asked (their words, not the answers)."""
    return "\n".join(qa.question for qa in record.questions if qa.question.strip())


def phase_text(record: SessionRecord, phase: Phase) -> str:
    """Everything the user said in a phase; clarify adds questions and estimates."""
    parts = [answers_text(record, phase)]
    if phase is Phase.CLARIFY:
        parts += [questions_text(record), estimates_text(record)]
    return "\n".join(part for part in parts if part)


def session_text(record: SessionRecord) -> str:
    """Everything the user said in the session, curveball answer included."""
    parts = [phase_text(record, phase) for phase in PHASES]
    if record.curveball is not None:
        parts.append(record.curveball.answer)
    return "\n".join(part for part in parts if part)
