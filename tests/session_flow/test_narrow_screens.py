"""Every session screen at 60 and 80 columns, with and without colour: no figure that
matters (score, time, p99, utilisation) is ever cut, no line is wider than the
terminal, and no rubric id shows on the mock's debrief."""

from __future__ import annotations

import io
import random
import re
from collections.abc import Sequence

import pytest
from rich.console import Console

from coach.phases import PHASES
from coach.problems.bank import load_bank
from coach.problems.model import Problem
from coach.session import events as ev
from coach.session.asking import ChoicePrompt, Choices, FakeClock, Reply, TextPrompt
from coach.session.flow import MOVE_ON, Flow, new_session
from coach.session.record import Mode, SessionRecord
from coach.session.scoring import plain_title
from coach.ui.render_bits import Column, heading, rows
from coach.ui.render_session import SessionView
from coach.ui.timer import clock_text

WIDTHS = (60, 80)
ANSWERS = {
    "question": "how many drivers are online at peak?",
    "requirements": "match a rider to a driver in seconds; p99 under 200 ms",
    "estimate:location_write_qps": "190K/s",
    "api": "POST /rides, GET /drivers/nearby",
    "data_model": "trips(id, rider, driver, state)",
    "flow": "rider -> lb -> api -> cache -> db",
    "curveball": "pre-scale the city shards and let surge pricing balance demand",
    "bottlenecks": "the location writes; shard by city cell",
    "tradeoffs": "eventual consistency for locations, strong for trips",
    "operations": "alerts on p99 and update lag; replicas fail over",
}


class CannedAsker:
    """Answers by prompt key; the clock moves a little with each answer."""

    compact = False

    def __init__(self, clock: FakeClock) -> None:
        self.clock = clock
        self.asked: set[str] = set()

    def text(self, prompt: TextPrompt) -> Reply:
        self.clock.advance(7)
        first = prompt.key not in self.asked
        self.asked.add(prompt.key)
        return Reply(ANSWERS.get(prompt.key, "") if first else "")

    def choose(self, prompt: ChoicePrompt) -> Choices:
        self.clock.advance(5)
        if prompt.key == "time_up":
            return Choices((MOVE_ON,))
        if prompt.key == "components":
            return Choices(("load_balancer", "app_servers", "cache", "nosql_database"))
        return Choices((prompt.choices[0].value,))

    def figures(self, suggested: Sequence[str]) -> list[str]:
        return list(suggested)

    def pause(self) -> None:
        return None


@pytest.fixture(scope="module")
def uber() -> Problem:
    return load_bank([]).get("uber")


@pytest.fixture(scope="module")
def finished(uber: Problem) -> tuple[SessionRecord, list[ev.Event]]:
    """A five-minute mock on uber, answered, run once for every screen test."""
    record = new_session(uber, Mode.MOCK, rng=random.Random(3), minutes_total=5)
    record.curveball = record.curveball.model_copy(
        update={"id": "new-years-eve", "prompt": uber.curveballs[0].prompt}
    )
    clock = FakeClock()
    view = ev.RecordingView()
    Flow(uber, record, asker=CannedAsker(clock), view=view, save=lambda r: None, clock=clock).run()
    return record, view.events


def _render(events: list[ev.Event], width: int, color: bool) -> str:
    out = io.StringIO()
    con = Console(
        file=out, width=width, force_terminal=color, no_color=not color, color_system="standard"
    )
    view = SessionView(con)
    for event in events:
        view.show(event)
    text = out.getvalue()
    return re.sub(r"\x1b\[[0-9;]*m", "", text)  # what the eye sees


def _lines_fit(text: str, width: int) -> None:
    from rich.cells import cell_len

    wide = [line for line in text.splitlines() if cell_len(line.rstrip()) > width]
    assert not wide, wide


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("color", [False, True])
def test_the_debrief_keeps_every_figure_whole(finished, width: int, color: bool) -> None:
    _, events = finished
    pages = [e for e in events if isinstance(e, ev.PhaseDebriefed | ev.CurveballDebriefed)]
    assert len(pages) == 5
    text = _render(pages, width, color)
    _lines_fit(text, width)
    for page in (e.debrief for e in pages if isinstance(e, ev.PhaseDebriefed)):
        assert f"{page.feedback.score:.0f}/100" in text
        spent, budget = clock_text(page.time.elapsed_s), clock_text(page.time.budget_s)
        assert f"Time: {spent} of {budget}" in text
    assert "Debrief 1/4" in text and "Debrief 4/4" in text
    assert re.search(r"Curveball · [a-z ]+ · \d+/100", text)
    assert "Reference answer" in text and "Your answer" in text


@pytest.mark.parametrize("width", WIDTHS)
def test_no_rubric_id_on_the_debrief(finished, uber: Problem, width: int) -> None:
    _, events = finished
    pages = [e for e in events if isinstance(e, ev.PhaseDebriefed | ev.CurveballDebriefed)]
    text = _render(pages, width, color=False)
    flat = " ".join(text.split())  # a wrapped title would still be a title
    items = [i for phase in PHASES for i in uber.rubric.for_phase(phase)]
    items += [i for curveball in uber.curveballs for i in curveball.rubric]
    for item in items:
        title = plain_title(item.id)  # what a screen that shows ids in words would print
        if "-" in item.id:  # a one-word id ("hotspots") is an ordinary word in prose
            assert item.id not in flat
        assert not re.search(rf"[✓✗] {re.escape(title)}( \(|:|$)", flat), item.id
    assert "new-years-eve" not in flat


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("color", [False, True])
def test_the_scorecard_keeps_scores_and_times_whole(finished, width: int, color: bool) -> None:
    record, events = finished
    [scored] = [e for e in events if isinstance(e, ev.SessionScored)]
    text = _render([scored], width, color)
    _lines_fit(text, width)
    assert f"{scored.scorecard.score:.0f}/100" in text
    for phase in PHASES:
        saved = record.phases[phase]
        assert f"{clock_text(saved.elapsed_s)} / {clock_text(saved.budget_s)}" in text
    assert re.search(r"Curveball +\d+", text)  # the curveball's row, by name, not by id
    assert "new-years-eve" not in text
    assert re.search(r"Time management +\d+ +\d+:\d\d / 5:00", text)


@pytest.mark.parametrize("width", WIDTHS)
def test_phase_headers_keep_their_time(finished, width: int) -> None:
    _, events = finished
    started = [e for e in events if isinstance(e, ev.PhaseStarted)]
    text = _render(started, width, color=False)
    _lines_fit(text, width)
    for event in started:
        assert f"{clock_text(event.budget_s)} ─" in text
        assert f"Phase {event.number}/4" in text


@pytest.mark.parametrize("width", WIDTHS)
def test_simulation_tables_keep_tier_names_and_figures(finished, width: int) -> None:
    _, events = finished
    [shown, *_] = [e for e in events if isinstance(e, ev.SimulationShown)]
    text = _render([shown], width, color=False)
    _lines_fit(text, width)
    flat = " ".join(text.split())
    for run in shown.runs:
        assert run.label in flat
        p99 = run.report["latency_ms"]["p99"]
        assert f"{p99:,.1f}" in text
    assert "…" not in text


def test_a_simulation_table_too_wide_for_the_terminal_is_stacked() -> None:
    columns = [
        Column("run"),
        Column("p99 ms", "right", "p99 {} ms"),
        Column("busiest tier", stacked="busiest {}"),
    ]
    cells = [["one location-service node down", "1,234.5", "location-service-writer 97%"]]
    for width in (40, 60):
        out = io.StringIO()
        rows(Console(file=out, width=width, no_color=True), columns, cells, title="Simulation")
        text = out.getvalue()
        _lines_fit(text, width)
        assert "p99 1,234.5 ms" in text and "busiest location-service-writer 97%" in text
        assert "…" not in text
    out = io.StringIO()
    rows(Console(file=out, width=100, no_color=True), columns, cells)
    assert "busiest tier" in out.getvalue()  # wide enough: a table with its headers


@pytest.mark.parametrize("width", [30, 40, 60, 80])
def test_a_heading_shortens_its_words_never_its_figure(width: int) -> None:
    out = io.StringIO()
    heading(
        Console(file=out, width=width, no_color=True),
        "Review · Scaling, bottlenecks and trade-offs",
        "68/100",
    )
    text = out.getvalue()
    _lines_fit(text, width)
    assert "68/100" in text


@pytest.fixture(scope="module")
def practised(uber: Problem) -> list[ev.Event]:
    record = new_session(uber, Mode.PRACTICE, rng=random.Random(3))
    clock = FakeClock()
    view = ev.RecordingView()
    Flow(uber, record, asker=CannedAsker(clock), view=view, save=lambda r: None, clock=clock).run()
    return view.events


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("color", [False, True])
def test_practice_reviews_keep_their_score_and_show_items_in_words(
    practised, uber: Problem, width: int, color: bool
) -> None:
    reviews = [e for e in practised if isinstance(e, ev.PhaseReviewed)]
    assert len(reviews) == 4
    text = _render(reviews, width, color)
    _lines_fit(text, width)
    for review in reviews:
        assert re.search(rf"Review · .* · {review.score:.0f}/100 ─", text)
        for item in review.feedback.covered + review.feedback.missed:
            assert not re.search(rf"[✓✗] {re.escape(item.title)}( \(|:|$)", text), item.id


def test_a_reference_answer_is_text_not_markup(practised) -> None:
    [first, *_] = [e for e in practised if isinstance(e, ev.PhaseReviewed)]
    tampered = ev.PhaseReviewed(
        first.phase, first.answers, "use [bold]Redis[/bold] and [red]", first.feedback, first.score
    )
    assert "use [bold]Redis[/bold] and [red]" in _render([tampered], 80, color=False)
