"""Putting user text into Markdown as text.

A user's answer must never change the document's structure: a line that
starts with `#` is not a heading, a code fence does not open a block, a
`|` does not split a table cell, and `<` does not start HTML. CommonMark
lets any ASCII punctuation be escaped with a backslash, so the rendered
document shows exactly what the user typed.
"""

from __future__ import annotations

import re

# Punctuation that can shape Markdown anywhere in a line (emphasis, code,
# links, HTML, GFM tables and strikethrough). Braces need nothing: Jinja
# never evaluates the values it inserts.
_INLINE = re.compile(r"([\\`*_\[\]<>|~])")
# What only matters at the start of a line: headings, list markers, setext
# underlines, ordered-list numbers. (`>` is already escaped inline.)
_LINE_START = re.compile(r"^(\s*)(#|[-+=]|\d+[.)])")


def escape_inline(text: str) -> str:
    """Escape one line of user text for use inside a paragraph."""
    return _INLINE.sub(r"\\\1", text)


def _escape_line(line: str) -> str:
    # Leading indentation would turn a line into a code block; it carries no meaning here.
    line = escape_inline(line.lstrip())
    return _LINE_START.sub(lambda m: m.group(1) + _escape_marker(m.group(2)), line)


def _escape_marker(marker: str) -> str:
    if marker[-1] in ".)":
        return marker[:-1] + "\\" + marker[-1]
    return "\\" + marker


def markdown_text(text: str | None) -> str:
    """User text as Markdown paragraphs: lines kept, nothing interpreted."""
    if not text or not text.strip():
        return "_(no answer)_"
    paragraphs: list[str] = []
    for block in re.split(r"\n\s*\n", text.strip()):
        lines = [_escape_line(line) for line in block.splitlines() if line.strip()]
        paragraphs.append("  \n".join(lines))
    return "\n\n".join(paragraphs)


def prose(text: str | None) -> str:
    """Authored text (a problem statement) as Markdown: lines within a
    paragraph are rewrapped, as YAML block scalars break them arbitrarily."""
    if not text or not text.strip():
        return ""
    return "\n\n".join(
        escape_inline(" ".join(block.split())) for block in re.split(r"\n\s*\n", text.strip())
    )


def table_cell(text: object) -> str:
    """A value for a Markdown table cell: one line, pipes escaped."""
    flat = " ".join(str(text if text is not None else "").split())
    return escape_inline(flat) if flat else " "
