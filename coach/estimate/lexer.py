"""Split a napkin expression ("500M/day * 10KB * 30 days in TB") into tokens."""

from __future__ import annotations

import re
from dataclasses import dataclass

from coach.errors import CoachError

# Words that are operators, not units.
OPERATOR_WORDS = {"x": "*", "times": "*", "of": "*", "per": "/", "in": "in", "to": "in"}
_SYMBOLS = {"**": "^", "^": "^", "*": "*", "×": "*", "/": "/", "÷": "/", ":": "/"}
_SYMBOLS.update({c: c for c in "+-()%"})

_NUMBER = re.compile(r"(?:\d{1,3}(?:,\d{3})+(?!\d)(?:\.\d*)?|\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
_WORD = re.compile(r"[A-Za-zµμ]+")
_SPACE = re.compile(r"\s+")
_SYMBOL = re.compile(r"\*\*|[\^*×/÷:+\-()%]")


@dataclass(frozen=True)
class Token:
    kind: str  # "number", "word", "op", "end"
    text: str  # as typed
    column: int  # 1-based, for error messages
    glued: str = ""  # letters typed straight after a number: "M" in "500M"
    op: str = ""  # the operator it stands for: "*", "/", "^", "in"...


def tokenize(text: str) -> list[Token]:
    """The tokens of `text`, ending with an "end" token; CoachError on a stray character."""
    tokens: list[Token] = []
    pos = 0
    while pos < len(text):
        if match := _SPACE.match(text, pos):
            pos = match.end()
            continue
        column = pos + 1
        if match := _NUMBER.match(text, pos):
            pos = match.end()
            glued = _WORD.match(text, pos)
            letters = glued.group() if glued else ""
            pos += len(letters)
            tokens.append(Token("number", match.group(), column, glued=letters))
        elif match := _WORD.match(text, pos):
            pos = match.end()
            word = match.group()
            op = OPERATOR_WORDS.get(word.lower(), "")
            tokens.append(Token("op" if op else "word", word, column, op=op))
        elif match := _SYMBOL.match(text, pos):
            pos = match.end()
            tokens.append(Token("op", match.group(), column, op=_SYMBOLS[match.group()]))
        else:
            raise CoachError(f"unexpected character '{text[pos]}' at column {column} in '{text}'")
    tokens.append(Token("end", "", len(text) + 1))
    return tokens
