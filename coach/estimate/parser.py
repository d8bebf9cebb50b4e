"""Read a napkin expression the way people write it; pint does the unit algebra.

Grammar (tightest last). A unit written after a number belongs to it, and so does a
compound unit: "100 MB/s", "86400 s/day" and "5 KB per user" are each one quantity,
so "1 TB / 100 MB/s" is 1 TB / (100 MB/s), ten thousand seconds.

    calc    := expr [("in" | "to") target]
    expr    := term (("+" | "-") term)*                    -- left to right
    term    := factor (("*" | "x" | "of" | "/" | "per" | ":") factor)*   -- left to right
    factor  := unary (WORD power | ("/" | "per") WORD power)*
               -- "30 days", "2^40 B", "500M tweets"; "/ WORD" only after a number
    unary   := ("-" | "+") unary | power
    power   := postfix [("^" | "**") unary]               -- right to left: 2^3^2 = 2^9
    postfix := primary "%"*
    primary := NUMBER[glued suffix or unit] | WORD | "(" expr ")"

Alongside the value the parser keeps the expression's parsed form ("1 TB / (100 MB/s)"),
so that a reading that could surprise can be shown back to the user.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from coach.errors import CoachError, did_you_mean
from coach.estimate import units
from coach.estimate.lexer import Token, tokenize
from coach.estimate.quantity import Quantity, Style, dimension_name

# How pint names the periods a rate can be shown "per".
_PERIODS = {
    "second": "s",
    "minute": "min",
    "hour": "h",
    "day": "day",
    "week": "week",
    "month": "month",
    "year": "year",
}
# "in hours" shows "2.78 h": durations are written back with their usual symbols.
_TIME_SYMBOLS = {
    "second": "s",
    "minute": "min",
    "hour": "h",
    "millisecond": "ms",
    "microsecond": "us",
    "nanosecond": "ns",
}


@dataclass
class Value:
    """A value being parsed: its pint quantity, how to show it, and its parsed form."""

    q: Any  # pint.Quantity
    style: Style = field(default_factory=Style)
    text: str = ""
    unit_quantity: bool = False  # a number with unit words after it: "100 MB/s", "30 days"


@dataclass(frozen=True)
class Billion:
    """A glued B read as a billion ("300B"), and whether its context says it is a count."""

    token: Token
    counted: bool  # "10B/day", "10B tweets": plainly a count, not bytes

    @property
    def note(self) -> str:
        number = self.token.text
        return f"{number}B read as {number} billion: for bytes write {number} B"


@dataclass(frozen=True)
class Parsed:
    """An expression read: its value in base units and what the reading involved."""

    quantity: Quantity
    text: str  # the parsed form: "1 TB / (100 MB/s)"
    regrouped: bool  # a unit bound to its number changed the grouping a reader might assume
    billions: tuple[Billion, ...]
    used_calendar: bool
    conversions: tuple[str, ...] = ()  # unit ratios equal to 1: "86400 s/day"


def parse(text: str) -> Parsed:
    """Read `text`; CoachError (one line, with the column) when it does not read.

    Arithmetic errors (overflow, division by zero, deep nesting) propagate for the
    caller to word.
    """
    return _Parser(text, tokenize(text)).parse()


class _Parser:
    def __init__(self, text: str, tokens: list[Token]) -> None:
        self.text = text
        self.tokens = tokens
        self.pos = 0
        self.used_calendar = False
        self.regrouped = False
        self.billions: list[Billion] = []
        self.conversions: list[str] = []
        self.ureg = units.registry()

    # -- helpers -------------------------------------------------------------------------

    @property
    def tok(self) -> Token:
        return self.tokens[self.pos]

    def peek(self, ahead: int = 1) -> Token:
        return self.tokens[min(self.pos + ahead, len(self.tokens) - 1)]

    def advance(self) -> Token:
        token = self.tokens[self.pos]
        self.pos += 1
        return token

    def fail(self, message: str, token: Token | None = None) -> CoachError:
        token = token or self.tok
        return CoachError(f"{message} at column {token.column} in '{self.text}'")

    def unit_clash(self, message: str, token: Token) -> CoachError:
        """Units that do not fit together; a glued B read as a billion may be why."""
        loose = [b for b in self.billions if not b.counted]
        if loose:
            message += f" ({loose[0].note})"
        return self.fail(message, token)

    def is_op(self, *ops: str) -> bool:
        return self.tok.kind == "op" and self.tok.op in ops

    # -- grammar -------------------------------------------------------------------------

    def parse(self) -> Parsed:
        value = self.expr()
        if self.is_op("in"):
            self.advance()
            quantity, target = self.convert(value)
            text = f"{value.text} in {target}"
        elif self.tok.kind != "end":
            raise self.fail(f"unexpected '{self.tok.text}'")
        else:
            quantity, text = self.to_quantity(value), value.text
        return Parsed(
            quantity,
            text,
            self.regrouped,
            tuple(self.billions),
            self.used_calendar,
            tuple(self.conversions),
        )

    def expr(self) -> Value:
        left = self.term()
        while self.is_op("+", "-"):
            op = self.advance()
            right = self.term()
            from pint import DimensionalityError

            try:
                q = left.q + right.q if op.op == "+" else left.q - right.q
            except DimensionalityError as exc:
                raise self.unit_clash(
                    f"cannot {_verb(op.op)} {_dims(left.q)} and {_dims(right.q)}", op
                ) from exc
            text = f"{left.text} {op.text} {right.text}"
            left = Value(q, _merge(left.style, right.style, q), text)
        return left

    def term(self) -> Value:
        left = self.factor()
        while self.is_op("*", "/"):
            op = self.advance()
            right = self.factor()
            q = left.q * right.q if op.op == "*" else left.q / right.q
            shown = right.text
            if op.op == "/" and right.unit_quantity:
                # Read left to right, "/ 100 MB/s" would divide by 100 and then by MB...
                shown = f"({shown})"
                self.regrouped = True
            text = f"{left.text} {op.text} {shown}"
            left = Value(q, _merge(left.style, right.style, q), text)
        return left

    def factor(self) -> Value:
        numeric = self._starts_with_number()
        billions = len(self.billions)
        left = self.unary()
        parts = [left.text]
        while True:
            if self.tok.kind == "word":
                right = self.power()
                q = left.q * right.q
                parts.append(f" {right.text}")
            elif numeric and self.is_op("/") and self.peek().kind == "word":
                op = self.advance()
                right = self.power()
                q = left.q / right.q
                parts.append(f"/{right.text}" if op.text == "/" else f" {op.text} {right.text}")
            else:
                break
            left = Value(q, _merge(left.style, right.style, q), "".join(parts), True)
        if len(parts) > 1 and len(self.billions) > billions:
            # A noun or a period after it ("10B tweets", "10B/day"): plainly a count.
            self.billions[-1] = Billion(self.billions[-1].token, counted=True)
        if len(parts) > 1 and _is_one(left.q):
            self.conversions.append(left.text)
        return left

    def unary(self) -> Value:
        if self.is_op("-", "+"):
            sign_token = self.advance()
            inner = self.unary()
            sign = -1 if sign_token.op == "-" else 1
            return Value(inner.q * sign, inner.style, f"{sign_token.text}{inner.text}")
        return self.power()

    def power(self) -> Value:
        base = self.postfix()
        if not self.is_op("^"):
            return base
        op = self.advance()
        exponent = self.unary()
        if not exponent.q.dimensionless:
            raise self.fail("an exponent must be a plain number", op)
        q = base.q ** float(exponent.q.to("dimensionless").magnitude)
        return Value(q, replace(base.style, per=None), f"{base.text}{op.text}{exponent.text}")

    def postfix(self) -> Value:
        value = self.primary()
        while self.is_op("%"):
            self.advance()
            value = Value(value.q * 0.01, replace(value.style, percent=True), f"{value.text}%")
        return value

    def primary(self) -> Value:
        token = self.tok
        if token.kind == "number":
            self.advance()
            return self.number(token)
        if token.kind == "word":
            self.advance()
            return self.word(token.text, token)
        if self.is_op("("):
            self.advance()
            inner = self.expr()
            if not self.is_op(")"):
                raise self.fail("missing ')'")
            self.advance()
            return Value(inner.q, inner.style, f"({inner.text})")
        if token.kind == "end":
            raise self.fail("the expression ends too early")
        raise self.fail(f"unexpected '{token.text}'")

    def _starts_with_number(self) -> bool:
        ahead = 0
        while self.peek(ahead).kind == "op" and self.peek(ahead).op in ("-", "+"):
            ahead += 1
        return self.peek(ahead).kind == "number"

    # -- leaves --------------------------------------------------------------------------

    def number(self, token: Token) -> Value:
        value = float(token.text.replace(",", ""))
        letters = token.glued
        text = f"{token.text}{letters}"
        if not letters:
            return Value(self.ureg.Quantity(value), text=text)
        if letters in units.MULTIPLIERS:
            if letters == "B":
                self.billions.append(Billion(token, counted=False))
            return Value(self.ureg.Quantity(value * units.MULTIPLIERS[letters]), text=text)
        if letters.lower() == "x":
            return Value(self.ureg.Quantity(value), Style(times=True), text)
        unit = self.word(letters, token)
        return Value(unit.q * value, unit.style, text)

    def word(self, word: str, token: Token) -> Value:
        if word in units.AMBIGUOUS:
            raise self.fail(f"'{word}' is ambiguous: {units.AMBIGUOUS[word]}", token)
        if word in ("K", "M", "T"):
            raise self.fail(f"'{word}' after a space: write it straight after the number", token)
        meaning = units.lookup(word)
        if meaning is None:
            # Compare with words of about the same length: "KBs" is "KB", not "B".
            near = [w for w in units.known_words() if abs(len(w) - len(word)) <= 1]
            hint = did_you_mean(word, near)
            raise self.fail(f"unknown unit '{word}'{hint}", token)
        if not meaning.unit:
            return Value(self.ureg.Quantity(meaning.factor), text=word)
        if meaning.unit in ("month", "year"):
            self.used_calendar = True
        q = self.ureg.Quantity(1, meaning.unit)
        per = meaning.per or _PERIODS.get(meaning.unit)
        return Value(q, Style(iec=meaning.iec, per=per), word)

    # -- the "in" clause -----------------------------------------------------------------

    def convert(self, value: Value) -> tuple[Quantity, str]:
        """The value shown in the unit after "in", and that unit as written."""
        start = self.pos
        if self.is_op("%") and self.peek().kind == "end":
            self.advance()
            if not value.q.dimensionless:
                raise self.unit_clash(f"cannot show {_dims(value.q)} in %", self.tokens[start])
            quantity = self.to_quantity(value)
            return Quantity(quantity.value, quantity.dimension, Style(percent=True)), "%"
        leading_per = self.is_op("/")
        if leading_per:
            self.advance()
        if any(t.kind == "number" for t in self.tokens[self.pos :]):
            raise self.fail("write only a unit after 'in', such as 'in TB' or 'in /s'")
        target = self.expr()
        if self.tok.kind != "end":
            raise self.fail(f"unexpected '{self.tok.text}'")
        if leading_per:
            target = Value(1 / target.q, target.style)
        if target.q.dimensionality != value.q.dimensionality:
            raise self.unit_clash(
                f"cannot show {_dims(value.q)} in {_dims(target.q)}", self.tokens[start]
            )
        written = _unit_text(self.tokens[start : self.pos])
        factor = float(target.q.to_base_units().magnitude)
        quantity = self.to_quantity(value)
        # Counts and rates read best as 96.5K/s; sizes and durations as 150,000 GB.
        suffixes = quantity.dimension in ("count", "1/s")
        style = Style(unit=_symbol(written), unit_factor=factor, suffixes=suffixes)
        return Quantity(quantity.value, quantity.dimension, style), written

    def to_quantity(self, value: Value) -> Quantity:
        base = value.q.to_base_units()
        dims = base.dimensionality
        dimension = dimension_name(dims.get("[information]", 0), dims.get("[time]", 0))
        return Quantity(float(base.magnitude), dimension, value.style)


def _merge(left: Style, right: Style, q: Any) -> Style:
    """The style of a combined value: IEC if either side used it; a rate keeps its period.

    The period is the one time unit left under the line ("10B/day / 86400 s/day" is
    per second), else whichever side had one.
    """
    dims = q.dimensionality
    if dims.get("[time]", 0) != -1:
        return Style(iec=left.iec or right.iec)
    periods = [
        _PERIODS.get(name) for name, power in q.unit_items() if power != 0 and name in _PERIODS
    ]
    per = periods[0] if len(periods) == 1 else (left.per or right.per)
    return Style(iec=left.iec or right.iec, per=per)


def _is_one(q: Any) -> bool:
    """A ratio of units worth exactly 1, such as 86400 s/day or 1000 ms/s."""
    if not q.dimensionless or not list(q.unit_items()):  # a plain number is not a ratio
        return False
    return abs(float(q.to("dimensionless").magnitude) - 1) < 1e-9


def _unit_text(tokens: list[Token]) -> str:
    text = ""
    for token in tokens:
        if text and token.kind == "word" and text[-1].isalpha():
            text += " "
        text += token.text
    return text


def _symbol(written: str) -> str:
    """ "hours" is shown "h", "minutes" "min": durations keep their usual symbols."""
    meaning = units.lookup(written)
    if meaning is not None and meaning.unit in _TIME_SYMBOLS:
        return _TIME_SYMBOLS[meaning.unit]
    return written


def _dims(q: Any) -> str:
    dims = q.dimensionality
    name = dimension_name(dims.get("[information]", 0), dims.get("[time]", 0))
    return {"count": "a plain number", "1/s": "a rate", "bytes/s": "bytes/s"}.get(name, name)


def _verb(op: str) -> str:
    return "add" if op == "+" else "subtract"
