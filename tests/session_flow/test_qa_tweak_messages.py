"""Design changes between simulation runs explain a bad value in plain words (found in
QA: pydantic's 'Input should be greater than or equal to 1' was shown as is)."""

from __future__ import annotations

import pytest

from coach.session.design_builder import build_design
from coach.session.tweaks import TweakError, apply_tweaks

PICKS = ["load_balancer", "app_servers", "nosql_database"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("app.nodes=-3", "app.nodes=-3: should be at least 1"),
        ("app.nodes=abc", "app.nodes=abc: should be a whole number"),
    ],
)
def test_bad_values_are_plain(chat, text: str, message: str) -> None:  # type: ignore[no-untyped-def]
    design = build_design(chat, PICKS).design
    with pytest.raises(TweakError) as caught:
        apply_tweaks(chat, design, PICKS, text)
    assert str(caught.value) == message


def test_an_unknown_component_lists_the_catalogue(chat) -> None:  # type: ignore[no-untyped-def]
    design = build_design(chat, PICKS).design
    with pytest.raises(TweakError) as caught:
        apply_tweaks(chat, design, PICKS, "+hamster")
    assert "no component 'hamster' to add or remove (one of: cdn, load_balancer," in str(
        caught.value
    )
