"""The napkin calculator: evaluate "500M/day * 10KB * 30 days" with units.

Grammar (tightest last), where a unit written after a value multiplies it, so that
"100 MB / 10 s" is (100 MB) / (10 s):

    calc    := expr [("in" | "to") target]
    expr    := term (("+" | "-") term)*
    term    := factor (("*" | "x" | "of" | "/" | "per" | ":") factor)*
    factor  := unary (WORD unary-free)*       -- "30 days", "2^40 B", "500M tweets"
    unary   := "-" unary | power
    power   := postfix [("^" | "**") unary]
    postfix := primary "%"*
    primary := NUMBER[glued suffix or unit] | WORD | "(" expr ")"

pint does the unit algebra; this module only reads the interview shorthand.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import Any

from coach.errors import CoachError, did_you_mean
from coach.estimate import units
from coach.estimate.lexer import Token, tokenize
from coach.estimate.quantity import Quantity, Style, dimension_name, format_quantity


@dataclass(frozen=True)
class CalcResult:
    """The value of an expression, ready to print or to compare."""

    expression: str
    quantity: Quantity
    display: str
    notes: tuple[str, ...] = field(default=())

    @property
    def value(self) -> float:
        return self.quantity.value

    @property
    def unit(self) -> str:
        return self.quantity.unit

    def to_json(self) -> dict[str, object]:
        return {"value": self.value, "unit": self.unit, "display": self.display}


def evaluate(expr: str, digits: int = 3) -> CalcResult:
    """Evaluate a napkin expression; CoachError (one line, with the column) when it cannot."""
    if not expr.strip():
        raise CoachError('empty expression: try "500M/day * 10KB * 30 days"')
    parser = _Parser(expr, tokenize(expr))
    try:
        quantity = parser.parse()
    except (OverflowError, ZeroDivisionError) as exc:
        raise CoachError(f"cannot evaluate '{expr}': {_arith_reason(exc)}") from None
    except RecursionError:
        raise CoachError(f"cannot evaluate '{expr}': it is nested too deeply") from None
    if not math.isfinite(quantity.value):
        raise CoachError(f"cannot evaluate '{expr}': the result is too large")
    notes = [units.CALENDAR_NOTE] if parser.used_calendar else []
    if quantity.dimension not in _USUAL:
        notes.append(f"the result is in {quantity.dimension}: check that each value has its unit")
    return CalcResult(expr, quantity, format_quantity(quantity, digits), tuple(notes))


_USUAL = ("count", "bytes", "seconds", "1/s", "bytes/s")


def _arith_reason(exc: ArithmeticError) -> str:
    return "division by zero" if isinstance(exc, ZeroDivisionError) else "a number is too large"


@dataclass
class _Value:
    q: Any  # pint.Quantity
    style: Style = field(default_factory=Style)


class _Parser:
    def __init__(self, text: str, tokens: list[Token]) -> None:
        self.text = text
        self.tokens = tokens
        self.pos = 0
        self.used_calendar = False
        self.ureg = units.registry()

    # -- helpers -------------------------------------------------------------------------

    @property
    def tok(self) -> Token:
        return self.tokens[self.pos]

    def advance(self) -> Token:
        token = self.tokens[self.pos]
        self.pos += 1
        return token

    def fail(self, message: str, token: Token | None = None) -> CoachError:
        token = token or self.tok
        return CoachError(f"{message} at column {token.column} in '{self.text}'")

    def is_op(self, *ops: str) -> bool:
        return self.tok.kind == "op" and self.tok.op in ops

    # -- grammar -------------------------------------------------------------------------

    def parse(self) -> Quantity:
        value = self.expr()
        if self.is_op("in"):
            self.advance()
            return self.convert(value)
        if self.tok.kind != "end":
            raise self.fail(f"unexpected '{self.tok.text}'")
        return self.to_quantity(value)

    def expr(self) -> _Value:
        left = self.term()
        while self.is_op("+", "-"):
            op = self.advance()
            right = self.term()
            from pint import DimensionalityError

            try:
                q = left.q + right.q if op.op == "+" else left.q - right.q
            except DimensionalityError as exc:
                raise self.fail(
                    f"cannot {_verb(op.op)} {_dims(left.q)} and {_dims(right.q)}", op
                ) from exc
            left = _Value(q, _merge(left.style, right.style, q))
        return left

    def term(self) -> _Value:
        left = self.factor()
        while self.is_op("*", "/"):
            op = self.advance()
            right = self.factor()
            q = left.q * right.q if op.op == "*" else left.q / right.q
            left = _Value(q, _merge(left.style, right.style, q))
        return left

    def factor(self) -> _Value:
        left = self.unary()
        while self.tok.kind == "word":
            right = self.power()
            q = left.q * right.q
            left = _Value(q, _merge(left.style, right.style, q))
        return left

    def unary(self) -> _Value:
        if self.is_op("-", "+"):
            sign = -1 if self.advance().op == "-" else 1
            inner = self.unary()
            return _Value(inner.q * sign, inner.style)
        return self.power()

    def power(self) -> _Value:
        base = self.postfix()
        if not self.is_op("^"):
            return base
        op = self.advance()
        exponent = self.unary()
        if not exponent.q.dimensionless:
            raise self.fail("an exponent must be a plain number", op)
        q = base.q ** float(exponent.q.to("dimensionless").magnitude)
        return _Value(q, replace(base.style, per=None))

    def postfix(self) -> _Value:
        value = self.primary()
        while self.is_op("%"):
            self.advance()
            value = _Value(value.q * 0.01, replace(value.style, percent=True))
        return value

    def primary(self) -> _Value:
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
            return inner
        if token.kind == "end":
            raise self.fail("the expression ends too early")
        raise self.fail(f"unexpected '{token.text}'")

    # -- leaves --------------------------------------------------------------------------

    def number(self, token: Token) -> _Value:
        value = float(token.text.replace(",", ""))
        letters = token.glued
        if not letters:
            return _Value(self.ureg.Quantity(value))
        if letters in units.MULTIPLIERS:
            return _Value(self.ureg.Quantity(value * units.MULTIPLIERS[letters]))
        if letters.lower() == "x":
            return _Value(self.ureg.Quantity(value), Style(times=True))
        unit = self.word(letters, token)
        return _Value(unit.q * value, unit.style)

    def word(self, word: str, token: Token) -> _Value:
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
            return _Value(self.ureg.Quantity(meaning.factor))
        if meaning.unit in ("month", "year"):
            self.used_calendar = True
        q = self.ureg.Quantity(1, meaning.unit)
        per = meaning.per or _period_of(meaning.unit)
        return _Value(q, Style(iec=meaning.iec, per=per))

    # -- the "in" clause -----------------------------------------------------------------

    def convert(self, value: _Value) -> Quantity:
        start = self.pos
        if self.is_op("%") and self.tokens[self.pos + 1].kind == "end":
            if not value.q.dimensionless:
                raise self.fail(f"cannot show {_dims(value.q)} in %")
            quantity = self.to_quantity(value)
            return Quantity(quantity.value, quantity.dimension, Style(percent=True))
        leading_per = self.is_op("/")
        if leading_per:
            self.advance()
        if any(t.kind == "number" for t in self.tokens[self.pos :]):
            raise self.fail("write only a unit after 'in', such as 'in TB' or 'in /s'")
        target = self.expr()
        if self.tok.kind != "end":
            raise self.fail(f"unexpected '{self.tok.text}'")
        if leading_per:
            target = _Value(1 / target.q, target.style)
        if target.q.dimensionality != value.q.dimensionality:
            raise self.fail(
                f"cannot show {_dims(value.q)} in {_dims(target.q)}", self.tokens[start]
            )
        unit_text = _unit_text(self.tokens[start : self.pos])
        factor = float(target.q.to_base_units().magnitude)
        quantity = self.to_quantity(value)
        # Counts and rates read best as 96.5K/s; sizes and durations as 150,000 GB.
        suffixes = quantity.dimension in ("count", "1/s")
        style = Style(unit=unit_text, unit_factor=factor, suffixes=suffixes)
        return Quantity(quantity.value, quantity.dimension, style)

    def to_quantity(self, value: _Value) -> Quantity:
        base = value.q.to_base_units()
        dims = base.dimensionality
        dimension = dimension_name(dims.get("[information]", 0), dims.get("[time]", 0))
        return Quantity(float(base.magnitude), dimension, value.style)


def _period_of(unit: str) -> str | None:
    """The period of a bare time unit used as a rate denominator ("/day" -> "day")."""
    return {
        "second": "s",
        "minute": "min",
        "hour": "h",
        "day": "day",
        "week": "week",
        "month": "month",
        "year": "year",
    }.get(unit)


def _merge(left: Style, right: Style, q: Any) -> Style:
    """The style of a combined value: IEC if either side used it; keep a rate's period."""
    dims = q.dimensionality
    is_rate = dims.get("[time]", 0) == -1
    per = (left.per or right.per) if is_rate else None
    return Style(iec=left.iec or right.iec, per=per)


def _unit_text(tokens: list[Token]) -> str:
    text = ""
    for token in tokens:
        if text and token.kind == "word" and text[-1].isalpha():
            text += " "
        text += token.text
    return text


def _dims(q: Any) -> str:
    dims = q.dimensionality
    name = dimension_name(dims.get("[information]", 0), dims.get("[time]", 0))
    return {"count": "a plain number", "1/s": "a rate", "bytes/s": "bytes/s"}.get(name, name)


def _verb(op: str) -> str:
    return "add" if op == "+" else "subtract"
