"""Building one command with typer, on demand, and adapting typer where start-up needs it.

`coach.cli` imports a command's module only when that command runs or is
listed; these helpers turn a module's `register(app, name)` into a click
command, copy the root's global options onto it, and keep typer from
importing pydantic for options that were not given.
"""

from __future__ import annotations

import copy
import re
from functools import cache
from types import ModuleType
from typing import Any, get_args, get_origin

import typer
from typer.core import TyperCommand


def registered(module: ModuleType, name: str) -> Any:
    """The command the module registers, as typer records it (not yet built)."""
    return _holder(module, name).registered_commands[0]


def build_command(module: ModuleType, name: str, command_class: type[TyperCommand]) -> Any:
    """The module's command, built by typer with `command_class` unless it names its own."""
    holder = _holder(module, name)
    info = holder.registered_commands[0]
    if info.cls in (None, TyperCommand):
        info.cls = command_class
    return typer.main.get_command(holder)


def _holder(module: ModuleType, name: str) -> typer.Typer:
    """A typer app holding only the module's command."""
    holder = typer.Typer(add_completion=False)
    module.register(holder, name)
    if len(holder.registered_commands) != 1:
        raise RuntimeError(f"coach.commands module for '{name}' must register one command")
    return holder


def as_global(param: Any, panel: str) -> Any:
    """A copy of a root option for a command: it applies its setting, the command never sees it.

    The copy keeps the root option's callback, which is where the setting is
    applied; `--version` works after a command but is listed only at the root.
    """
    option = copy.copy(param)
    option.expose_value = False
    option.rich_help_panel = panel
    option.hidden = param.name == "version"
    return option


def defer_coercion(params: list[Any]) -> list[Any]:
    """Let typer build its value coercion only for the options that were given a value.

    Typer coerces each value through a pydantic TypeAdapter built on first
    use, even the None of an option left out; importing pydantic for that
    costs more than the rest of `coach list`. Typer's own rule maps None to
    None (or to () for a repeatable option) before any coercion, so the
    adapter is built when a real value arrives, by typer, as it would have
    been. On a typer without this machinery nothing changes.
    """
    deferred = _deferred_class()
    if deferred is None:
        return params
    for param in params:
        descriptor = getattr(param, "type_descriptor", None)
        if descriptor is not None and getattr(param, "_runtime_param", 0) is None:
            param._runtime_param = deferred(
                parameter_info=descriptor.parameter_info, annotation=descriptor.annotation
            )
    return params


@cache
def _deferred_class() -> type | None:
    try:
        from typer._coercion import RuntimeParam, build_runtime_param
    except ImportError:  # another typer: its own coercion stands
        return None

    class Deferred(RuntimeParam):
        def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
            plain = _plain_value(param.type_descriptor, value)
            if plain is not None:
                return plain
            param._runtime_param = build_runtime_param(param.type_descriptor)
            return param._runtime_param._coerce_value(value, param=param, ctx=ctx)

    return Deferred


_INTEGER = re.compile(r"0|[1-9][0-9]{0,17}")  # no sign, no leading zero, no underscore
_DECIMAL = re.compile(r"(0|[1-9][0-9]{0,14})(\.[0-9]{1,15})?")


def _plain_value(descriptor: Any, value: Any) -> Any:
    """The value typer's coercion would give, where that is plain to see without pydantic
    (a str for a str, digits or a number of its type for an int or a float within its
    bounds); else None.

    Typer coerces through pydantic TypeAdapters, and importing its module for them
    costs some 17 ms even once coach's own models have loaded pydantic; for these
    values the adapter returns just this. Anything else (a bad value, a sign, an
    exponent, a choice, a path) goes to typer, whose errors stay its own.
    """
    info = descriptor.parameter_info
    if info.parser is not None or getattr(info, "click_type", None) is not None:
        return None
    kind = descriptor.annotation
    if get_origin(kind) is list and get_args(kind) == (str,):
        items = list(value) if isinstance(value, (list, tuple)) else [value]
        return items if all(type(item) is str for item in items) else None
    if kind is str and type(value) is str:
        return value
    if kind in (int, float) and type(value) is kind:  # a default, given in the code
        number: float = value
    elif type(value) is not str:
        return None
    elif kind is int and _INTEGER.fullmatch(value):
        number = int(value)
    elif kind is float and _DECIMAL.fullmatch(value):
        number = float(value)
    else:
        return None
    if (info.min is not None and number < info.min) or (info.max is not None and number > info.max):
        return None
    return number
