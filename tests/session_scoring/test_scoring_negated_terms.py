"""A rubric term that states a prohibition matches it said with any negation.

Requirements are often prohibitions ("a seat is never sold twice"). The
negation rule cancels "double booking" in "we can't double-book", so such an
item needs a term that contains the negation ("no double booking"); that term
must then match whichever negation word the candidate used.
"""

from __future__ import annotations

import pytest

from coach.scoring.matching import Matcher


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return Matcher.plain(known=["double booking, a single point of failure, message loss"])


@pytest.mark.parametrize(
    "text",
    [
        "there must be no double booking",
        "a seat is never double booked",
        "we can't double-book a seat",
        "we won't allow double booking",
        "sell seats without double booking",
    ],
)
def test_a_prohibition_matches_with_any_negation(matcher: Matcher, text: str) -> None:
    assert matcher.find(text, ["no double booking"]) is not None


def test_the_bare_term_is_still_cancelled_by_a_negation(matcher: Matcher) -> None:
    assert matcher.find("we can't double-book a seat", ["double booking"]) is None
    assert matcher.find("we prevent double booking", ["double booking"]) is not None


def test_a_negated_prohibition_does_not_count(matcher: Matcher) -> None:
    assert (
        matcher.find("we cannot have no single point of failure", ["no single point of failure"])
        is None
    )


def test_a_prohibition_keeps_its_word_order(matcher: Matcher) -> None:
    assert matcher.find("some message loss is not a problem", ["no loss"]) is None
    assert matcher.find("no message loss", ["no loss"]) is not None


def test_a_negation_inside_a_term_matches_any_negation(matcher: Matcher) -> None:
    assert matcher.find("insert if the code does not exist", ["insert if not exists"])


def test_skip_is_a_word_of_its_own(matcher: Matcher) -> None:
    """'skip' cancels a mention but is also a noun: a skip list is not 'no list'."""
    assert matcher.find("keep a sorted skip list", ["skip list"]) is not None
    assert matcher.find("there is no list", ["skip list"]) is None
