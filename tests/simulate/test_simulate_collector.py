"""The collector pause: off inside, back as it was after, even on an error."""

from __future__ import annotations

import gc

import pytest

from coach.simulate.collector import paused


@pytest.fixture
def collector_on():
    was = gc.isenabled()
    gc.enable()
    yield
    if not was:
        gc.disable()


def test_paused_inside_and_back_on_after(collector_on: None):
    with paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_back_on_after_an_error(collector_on: None):
    with pytest.raises(ValueError), paused():
        raise ValueError("boom")
    assert gc.isenabled()


def test_left_off_when_it_was_off(collector_on: None):
    gc.disable()
    with paused(), paused():
        assert not gc.isenabled()
    assert not gc.isenabled()
    gc.enable()


def test_simulate_command_leaves_the_collector_as_it_found_it(collector_on: None):
    from typer.testing import CliRunner

    from coach.cli import app

    result = CliRunner().invoke(app, ["simulate", "url-shortener", "--requests", "2000", "--json"])
    assert result.exit_code == 0, result.output
    assert gc.isenabled()
