"""Study next: each item links the problem's further reading that names it, or says
there is none (never a silent gap, never an unrelated link)."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from coach.cli import app
from coach.problems.bank import load_bank
from coach.session.scoring import _all_items, study_link

VAGUE = Path(__file__).parents[1] / "fixtures" / "answers" / "twitter-vague.yaml"


def test_a_link_comes_from_the_items_own_or_the_problems_reading() -> None:
    for problem in load_bank().problems:
        urls = {link.url for link in problem.further_reading}
        linked = 0
        for item in _all_items(problem):
            url = study_link(problem, item)
            assert url is None or url == item.study or url in urls, (problem.id, item.id)
            linked += url is not None
        assert linked < len(_all_items(problem))  # matching, not a link for everything


def test_the_scorecard_says_when_an_item_has_no_reading() -> None:
    result = CliRunner().invoke(
        app, ["practice", "twitter", "--answers", str(VAGUE)], env={"COLUMNS": "200"}
    )
    assert result.exit_code == 0, result.output
    section = result.output.split("Study next", 1)[1].split("Pitfalls", 1)[0]
    items = [line for line in section.splitlines() if line.strip()[:2] in ("1.", "2.", "3.")]
    links = [
        line.strip()
        for line in section.splitlines()
        if "read: http" in line or "no further reading on this one" in line
    ]
    assert len(items) == 3 and len(links) == 3
