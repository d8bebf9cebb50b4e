"""The interviewer answers clarifying questions from the spec's clarifications."""

from __future__ import annotations

import pytest
from session_scoring_helpers import MINI, TWITTER, load_problem

from coach.problems.model import Problem
from coach.session.interviewer import NOT_SPECIFIED, answer_question


@pytest.fixture(scope="module")
def mini() -> Problem:
    return load_problem(MINI)


@pytest.fixture(scope="module")
def twitter() -> Problem:
    return load_problem(TWITTER)


@pytest.mark.parametrize(
    ("question", "topic"),
    [
        ("how many users do we have?", "users"),
        ("how many ppl use it", "users"),
        ("DAU?", "users"),
        ("how many usres", "users"),  # a typo in a short word
        ("whats the read/write ratio", "read-write ratio"),
        ("r/w ratio?", "read-write ratio"),
        ("is it read-heavy?", "read-write ratio"),
        ("How big is a photo?", "photo size"),
        ("whats the avrage upload size", "photo size"),
        ("how fast should the feed be", "feed latency"),
        ("what about celebrities with millions of followers", "followers"),
    ],
)
def test_questions_are_understood_by_meaning(mini: Problem, question: str, topic: str) -> None:
    qa = answer_question(mini, question)
    assert qa.topic == topic
    assert qa.answer == next(c.answer for c in mini.clarifications if c.topic == topic)
    assert qa.question == question


@pytest.mark.parametrize(
    "question",
    [
        "whats your favourite color?",
        "is the sky blue",
        "do we need to support video?",
        "lol",
        "?",
        "",
        "the the the",
    ],
)
def test_unknown_questions_get_not_specified(mini: Problem, question: str) -> None:
    qa = answer_question(mini, question)
    assert qa.topic is None
    assert qa.answer == NOT_SPECIFIED


@pytest.mark.parametrize(
    ("question", "topic"),
    [
        ("how many users do we have?", "users and scale"),
        ("how many ppl use it", "users and scale"),
        ("whats the read/write ratio", "timeline reads and the read/write ratio"),
        ("DAU?", "users and scale"),
        ("how many tweets get posted per day?", "tweet volume"),
        # two questions in one: the part that matches best wins
        (
            "are there celebs with huge audiences? whats the follower distribution",
            "followers and fan-out",
        ),
        ("is eventual consistency ok or does the author need to see it right away?", "consistency"),
        ("how long do we keep tweets", "retention and timeline length"),
        ("is search in scope", "search"),
        ("what's the p99 latency target", "latency targets"),
    ],
)
def test_twitter_questions(twitter: Problem, question: str, topic: str) -> None:
    assert answer_question(twitter, question).topic == topic
