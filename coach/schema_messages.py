"""Pydantic validation errors as one friendly, positioned line each.

Pydantic reports *what* is wrong in its own words and *where* as a `loc`
path through the model. Users wrote YAML, not a model: they need the key
they typed, the value they gave, and a line and column. This module knows
pydantic's error types; `coach.yamlsafe` knows the file.
"""

from __future__ import annotations

import re
import types
import typing
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from coach.errors import CoachError, did_you_mean

if TYPE_CHECKING:
    from pydantic import BaseModel

    from coach.yamlsafe import YamlDoc

Loc = tuple[str | int, ...]

# What a type error expects, in words; several at one place are joined ("text or a number").
_EXPECTED: dict[str, str] = {
    "string_type": "text",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "float_type": "a number",
    "float_parsing": "a number",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "list_type": "a list",
    "tuple_type": "a list",
    "dict_type": "a mapping of keys",
    "model_type": "a mapping of keys",
    "model_attributes_type": "a mapping of keys",
}

_PATTERNS: dict[str, str] = {
    r"^[a-z0-9][a-z0-9_-]*$": "a lowercase id (letters a-z, digits, '-' and '_')",
    r"^https?://\S+$": "an http:// or https:// link",
    r"^[A-Za-z0-9_.-]+$": "a name of letters, digits, '.', '-' and '_' (no spaces)",
}

_SHOWS_VALUE = ("enum", "literal_error", "string_pattern_mismatch")

_BOUNDS: dict[str, str] = {
    "greater_than": "greater than {gt}",
    "greater_than_equal": "at least {ge}",
    "less_than": "less than {lt}",
    "less_than_equal": "at most {le}",
}


def describe_errors(
    errors: Iterable[Mapping[str, Any]], doc: YamlDoc, model: type[BaseModel] | None
) -> list[CoachError]:
    """Turn pydantic's `errors()` into `CoachError`s sorted by place in the file."""
    grouped: dict[Loc, list[Mapping[str, Any]]] = {}
    for error in errors:
        grouped.setdefault(_place(error, doc), []).append(error)
    # `dificulty:` is one mistake, not two: the unknown key's message names the
    # field it should be, so the "missing 'difficulty'" error is left out.
    for place in [p for p, g in grouped.items() if g[0]["type"] == "extra_forbidden"]:
        meant = _meant(str(place[-1]), place[:-1], model)
        if meant and (*place[:-1], meant) in grouped:
            missing = grouped[(*place[:-1], meant)]
            if all(e["type"] == "missing" for e in missing):
                del grouped[(*place[:-1], meant)]
    found: dict[tuple[int, int, str], CoachError] = {}
    for place, group in grouped.items():
        for item in _describe_group(place, group, doc, model):
            found.setdefault((item.line or 0, item.column or 0, item.message), item)
    return [found[k] for k in sorted(found)]


def _place(error: Mapping[str, Any], doc: YamlDoc) -> Loc:
    """The error's loc without pydantic's union-member steps ('str', 'spike')."""
    loc = tuple(error["loc"])
    real = doc.resolved(loc)
    if error["type"] == "missing" and loc and (not real or real[-1] != loc[-1]):
        real = (*real, loc[-1])
    return real


def _describe_group(
    place: Loc, group: list[Mapping[str, Any]], doc: YamlDoc, model: type[BaseModel] | None
) -> list[CoachError]:
    expected = [_EXPECTED.get(e["type"]) for e in group]
    if len(group) > 1 and all(expected):
        # A union (`str | int | float`) fails once per member: say it once.
        words = list(dict.fromkeys(w for w in expected if w))
        wanted = ", ".join(words[:-1]) + f" or {words[-1]}" if len(words) > 1 else words[0]
        message = f"{_name(place)} should be {wanted}, got {_got(group[0]['input'], doc, place)}"
        return [doc.error(message, place)]
    return [_describe(place, error, doc, model) for error in group]


def _describe(
    place: Loc, error: Mapping[str, Any], doc: YamlDoc, model: type[BaseModel] | None
) -> CoachError:
    kind = error["type"]
    ctx = error.get("ctx") or {}
    if kind == "extra_forbidden":
        key = str(place[-1]) if place else "?"
        return doc.error(_unknown_key(key, place[:-1], model), place, key=True)
    if kind == "missing":
        return doc.error(f"missing required field '{place[-1] if place else '?'}'", place)
    if kind == "union_tag_not_found":
        return doc.error(f"missing required field {ctx.get('discriminator', '')}", place)
    if kind == "union_tag_invalid":
        key = str(ctx.get("discriminator", "'kind'")).strip("'")
        choices = _quoted(str(ctx.get("expected_tags", "")))
        message = f"'{key}' should be one of {_or(choices)}, got {_got(ctx.get('tag'), doc, ())}"
        return doc.error(message + did_you_mean(str(ctx.get("tag")), choices), (*place, key))
    if kind in ("value_error", "assertion_error"):
        return _custom(place, str(error["msg"]), doc)
    value = error.get("input")
    wanted = _wanted(kind, ctx, value)
    if wanted is None:
        return doc.error(f"{_name(place)}: {error['msg']}", place)
    message = f"{_name(place)} should {wanted}"
    if kind in _SHOWS_VALUE or kind in _EXPECTED or kind in _BOUNDS:
        message += f", got {_got(value, doc, place)}"
    if kind == "string_type" and isinstance(value, (bool, int, float, date)):
        message += " (put it in quotes to keep it as text)"
    if kind in ("enum", "literal_error"):
        message += did_you_mean(str(value), re.findall(r"'([^']*)'", str(ctx.get("expected"))))
    return doc.error(message, place)


def value_problem(error: Mapping[str, Any]) -> str:
    """One pydantic error about a single value, in words: 'should be at least 1'."""
    wanted = _wanted(error["type"], error.get("ctx") or {}, error.get("input"))
    if wanted is not None:
        return f"should {wanted}"
    return str(error["msg"]).removeprefix("Value error, ")


def _wanted(kind: str, ctx: Mapping[str, Any], value: Any) -> str | None:
    """What the value should be, as the end of "'x' should ..."; None if unknown."""
    if kind in _EXPECTED:
        return f"be {_EXPECTED[kind]}"
    if kind in ("enum", "literal_error"):
        choices = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
        if not choices:
            return f"be {ctx.get('expected')}"
        return f"be {'one of ' if len(choices) > 1 else ''}{_or(choices)}"
    if kind in _BOUNDS:
        return "be " + _BOUNDS[kind].format(**{k: _number(v) for k, v in ctx.items()})
    if kind == "string_too_short" and ctx.get("min_length") == 1:
        return "not be empty"
    if kind == "string_too_short":
        return f"have at least {ctx.get('min_length')} characters"
    if kind == "string_too_long":
        return f"have at most {ctx.get('max_length')} characters"
    if kind in ("too_short", "too_long"):
        limit = ctx.get("min_length" if kind == "too_short" else "max_length", 0)
        least = "at least" if kind == "too_short" else "at most"
        return f"have {least} {_count(limit, 'item')}, got {ctx.get('actual_length')}"
    if kind == "string_pattern_mismatch":
        pattern = str(ctx.get("pattern", ""))
        return "be " + _PATTERNS.get(pattern, f"text matching {pattern}")
    return None


def _custom(place: Loc, msg: str, doc: YamlDoc) -> CoachError:
    """A model validator's own message, at the key it starts with when there is one."""
    message = re.sub(r"^(Value|Assertion) error, ", "", msg)
    first = message.split(" ", 1)[0]
    if len(doc.resolved((*place, first))) == len(place) + 1:
        return doc.error(message, (*place, first), key=True)
    return doc.error(message, place)


def _suggest(key: str, parent: Loc, model: type[BaseModel] | None) -> str:
    allowed = _allowed_keys(model, parent) if model is not None else []
    # one letter is part of almost every key: no suggestion is better than a random one
    return did_you_mean(key, allowed) if allowed and len(key) > 1 else ""


def _meant(key: str, parent: Loc, model: type[BaseModel] | None) -> str | None:
    found = re.search(r"'(.*)'", _suggest(key, parent, model))
    return found.group(1) if found else None


def _unknown_key(key: str, parent: Loc, model: type[BaseModel] | None) -> str:
    allowed = _allowed_keys(model, parent) if model is not None else []
    suggestion = _suggest(key, parent, model)
    if not suggestion and 0 < len(allowed) <= 8:
        suggestion = f" (known keys: {', '.join(allowed)})"
    return f"unknown key '{key}'{suggestion}"


def _name(place: Loc) -> str:
    if not place:
        return "the file"
    last = place[-1]
    if isinstance(last, int):
        parent = next((p for p in reversed(place) if isinstance(p, str)), "item")
        return f"'{parent}[{last}]'"
    return f"'{last}'"


def _got(value: Any, doc: YamlDoc, place: Loc) -> str:
    node = doc.node_at(place) if place else None
    raw = getattr(node, "value", None)
    if isinstance(value, str):
        text = value if len(value) <= 40 else value[:37] + "..."
        return repr(text)
    if value is None:
        return "an empty value"
    if isinstance(value, bool):
        return f"{raw if isinstance(raw, str) else str(value).lower()} (a yes/no value)"
    if isinstance(value, (int, float)):
        return raw if isinstance(raw, str) else repr(value)
    if isinstance(value, date):
        return f"{raw if isinstance(raw, str) else value} (a date)"
    if isinstance(value, (list, tuple)):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def _number(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _quoted(text: str) -> list[str]:
    return re.findall(r"'([^']*)'", text) or ([text] if text else [])


def _or(choices: Sequence[str]) -> str:
    quoted = [f"'{c}'" for c in choices]
    if len(quoted) <= 1:
        return "".join(quoted)
    return ", ".join(quoted[:-1]) + f" or {quoted[-1]}"


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


# -- the keys a model accepts at a loc, for "did you mean" ------------------------------


def _allowed_keys(model: type[BaseModel], parent: Loc) -> list[str]:
    candidates: list[Any] = [model]
    for step in parent:
        following = [t for c in candidates for t in _step(c, step)]
        if not following:  # a union tag such as 'spike': keep the members it names
            following = [m for m in _members(candidates) if _tagged(m, step)] or candidates
        candidates = following
    keys: list[str] = []
    for member in _members(candidates):
        if _is_model(member):
            keys += [f.alias or name for name, f in member.model_fields.items()]
    return list(dict.fromkeys(keys))


def _members(types_: Iterable[Any]) -> list[Any]:
    out: list[Any] = []
    for tp in types_:
        origin = typing.get_origin(tp)
        if origin is typing.Annotated:
            out += _members([typing.get_args(tp)[0]])
        elif origin is typing.Union or origin is types.UnionType:
            out += _members(typing.get_args(tp))
        else:
            out.append(tp)
    return out


def _step(tp: Any, step: str | int) -> list[Any]:
    found: list[Any] = []
    for member in _members([tp]):
        origin = typing.get_origin(member)
        if _is_model(member) and isinstance(step, str):
            for name, field in member.model_fields.items():
                if step in (name, field.alias):
                    found.append(field.annotation)
        elif origin in (list, tuple, set, frozenset) and isinstance(step, int):
            found += list(typing.get_args(member)[:1])
        elif origin is dict and isinstance(step, str):
            found += list(typing.get_args(member)[1:2])
    return found


def _tagged(member: Any, step: str | int) -> bool:
    if not _is_model(member):
        return False
    if member.__name__ == step:
        return True
    for field in member.model_fields.values():
        literal = typing.get_origin(field.annotation) is typing.Literal
        if literal and step in typing.get_args(field.annotation):
            return True
    return False


def _is_model(tp: Any) -> bool:
    from pydantic import BaseModel

    return isinstance(tp, type) and issubclass(tp, BaseModel)
