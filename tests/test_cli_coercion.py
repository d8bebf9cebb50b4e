"""The plain-value shortcut of `coach.commands.building` agrees with typer's own coercion."""

from __future__ import annotations

from typing import Any

import pytest
from typer.models import OptionInfo

from coach.commands.building import _NOT_PLAIN, plain_value

_coercion = pytest.importorskip("typer._coercion")

CASES: list[tuple[Any, dict[str, Any], Any]] = [
    (str, {}, "twitter"),
    (str, {}, "/tmp/design.yaml"),
    (str, {}, ""),
    (bool, {}, True),
    (bool, {}, False),
    (int, {}, "1000000"),
    (int, {}, "0"),
    (int, {}, "-3"),
    (int, {}, 7),
    (int, {"min": 0}, "5"),
    (int, {"min": 0}, 1),
    (float, {}, "2000"),
    (float, {}, "0.1"),
    (float, {}, "-12.5"),
    (float, {}, 3.5),
    (float, {"min": 0.0}, "0.25"),
]


def _typer_coerce(annotation: Any, info: OptionInfo, value: Any) -> Any:
    descriptor = _coercion.resolve_type_descriptor(annotation, info)
    return _coercion.build_runtime_param(descriptor)._coerce_value(value, param=None, ctx=None)


@pytest.mark.parametrize(("annotation", "limits", "value"), CASES)
def test_plain_values_coerce_as_typer_does(annotation: Any, limits: dict[str, Any], value: Any):
    info = OptionInfo(**limits)
    plain = plain_value(value, annotation, info)
    assert plain is not _NOT_PLAIN
    expected = _typer_coerce(annotation, info, value)
    assert plain == expected
    assert type(plain) is type(expected)


def test_values_that_can_go_wrong_are_left_to_typer():
    # out of bounds, or spelt in a way typer may read otherwise: typer decides and explains
    assert plain_value("-1", int, OptionInfo(min=0)) is _NOT_PLAIN
    assert plain_value("11", int, OptionInfo(max=10)) is _NOT_PLAIN
    for text in ("abc", "1_000", "007", " 12", "1e3", "+5"):
        assert plain_value(text, int, OptionInfo()) is _NOT_PLAIN
    assert plain_value("1e3", float, OptionInfo()) is _NOT_PLAIN
    assert plain_value(3, float, OptionInfo()) is _NOT_PLAIN
    assert plain_value("5", int, OptionInfo(clamp=True, max=3)) is _NOT_PLAIN
    assert plain_value("x", int, OptionInfo(parser=int)) is _NOT_PLAIN
    assert plain_value(True, int, OptionInfo()) is _NOT_PLAIN


def test_a_bad_number_still_gets_typers_message():
    from typer.testing import CliRunner

    from coach.cli import app

    result = CliRunner().invoke(app, ["simulate", "twitter", "--requests", "lots"])
    assert result.exit_code == 2
    assert "Invalid value for '--requests'" in result.output
    assert "valid integer" in result.output
