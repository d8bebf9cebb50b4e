"""Exporting a session: the write-up text and its default file name."""

from __future__ import annotations

import json
from datetime import datetime
from enum import Enum
from pathlib import Path

from coach.export.context import build_writeup
from coach.export.render import render_markdown
from coach.problems.model import Problem
from coach.session.record import SessionRecord


class Format(str, Enum):
    MARKDOWN = "markdown"
    JSON = "json"

    @property
    def suffix(self) -> str:
        return ".md" if self is Format.MARKDOWN else ".json"


def default_filename(record: SessionRecord, fmt: Format) -> str:
    """`<problem>-<date>-<id>.md` (or `.json`)."""
    date = record.created_at.strftime("%Y-%m-%d")
    return f"{record.problem_id}-{date}-{record.id if record.id is not None else 'new'}{fmt.suffix}"


def write_writeup(
    record: SessionRecord,
    problem: Problem,
    path: Path,
    *,
    now: datetime,
    fmt: Format = Format.MARKDOWN,
    template: Path | None = None,
    force: bool = False,
) -> Path:
    """Render the write-up and write it atomically (an existing file needs `force`)."""
    from coach.fileio import write_atomic

    text = export_text(record, problem, fmt, now=now, template=template)
    write_atomic(path, text, force=force)
    return path


def export_text(
    record: SessionRecord,
    problem: Problem,
    fmt: Format,
    *,
    now: datetime,
    template: Path | None = None,
) -> str:
    """The write-up as Markdown, or the same data as JSON."""
    writeup = build_writeup(record, problem, now=now)
    if fmt is Format.JSON:
        data = {
            "session": record.model_dump(mode="json"),
            "writeup": writeup.model_dump(mode="json"),
        }
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    return render_markdown(writeup, template=template)
