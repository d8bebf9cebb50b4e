"""The interviewer answers clarifying questions from the spec's clarifications."""

from __future__ import annotations

import pytest
from session_scoring_helpers import MINI, TWITTER, load_problem

from coach.problems.bank import load_bank
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


@pytest.mark.parametrize(
    ("question", "topic"),
    [
        # about the interviewer's own life or room, though each shares a word with a topic
        ("Where are you located these days, which region?", None),
        ("Have you ever tried the app yourself?", None),
        ("How many users does your company's own feed have?", None),
        ("Is there a spare marker for the whiteboard?", None),
        ("How long after you joined did the onboarding take?", None),
        ("When will I hear back about the next round?", None),
        ("Do new grads get much mentoring on your team?", None),
        ("How free are you after this, for a quick chat?", None),
        ("Did you find parking easily this morning?", None),
        ("Is your broadband fast enough for video calls at home?", None),
        ("Do you stream the football on your phone?", None),
        # the same words asked of the system
        ("Which regions are our users located in?", "users and scale"),
        ("Do users see their own tweets in their timeline right away?", "consistency"),
        # a tone word is no small talk: the question still asks about the system
        ("lol ok, how many users are there?", "users and scale"),
        # an aside word in an idiom of the system's own
        ("Does the follower count play a role in fan-out?", "followers and fan-out"),
    ],
)
def test_small_talk_is_told_apart_from_the_system(
    twitter: Problem, question: str, topic: str | None
) -> None:
    assert answer_question(twitter, question).topic == topic


@pytest.mark.parametrize(
    ("question", "item"),
    [
        ("Do we need to support direct messages between users?", "direct messages"),
        ("Should we build ads into the timeline?", "ads, direct messages"),
        ("Is content moderation part of this?", "abuse detection and content moderation"),
    ],
)
def test_a_question_about_something_out_of_scope_is_told_so(
    twitter: Problem, question: str, item: str
) -> None:
    qa = answer_question(twitter, question)
    assert qa.topic is None
    assert qa.answer.startswith("That's out of scope for this interview (")
    assert item in qa.answer


def test_a_clarification_wins_over_an_out_of_scope_item_it_explains() -> None:
    uber = load_bank().get("uber")
    # "Payments processing" is out of scope, but a clarification says what to do instead
    assert answer_question(uber, "Do we handle payments for the trip?").topic == "payments"


def test_a_question_is_cut_into_parts_only_where_another_question_starts(
    twitter: Problem,
) -> None:
    from coach.session.interviewer import _parts

    one = "Do we need chat between the rider and the driver?"
    assert _parts(one) == [one]
    two = "How many people use it each month, and how many on a given day?"
    assert _parts(two)[1:] == ["How many people use it each month", "how many on a given day"]
    assert answer_question(twitter, two).topic == "users and scale"


def test_a_word_the_whole_spec_uses_names_nothing_out_of_scope() -> None:
    uber = load_bank().get("uber")
    # "ratings" is out of scope, and its stem is "rate": a word all through the spec
    assert "out of scope" not in answer_question(uber, "rider map refresh rate?").answer
    assert "out of scope" in answer_question(uber, "Do we need food delivery too?").answer


def test_a_question_that_asks_two_things_is_answered_from_both_topics() -> None:
    problem = load_problem(TWITTER.parent / "uber.yaml")
    answer = answer_question(problem, "How often do drivers ping, and do we keep the history?")
    assert set(answer.topics) == {"location update frequency", "location history"}
    assert answer.topic == answer.topics[0]
    for topic in answer.topics:
        clarification = next(c for c in problem.clarifications if c.topic == topic)
        assert clarification.answer in answer.answer


def test_a_question_that_asks_one_thing_has_one_topic() -> None:
    problem = load_problem(TWITTER.parent / "uber.yaml")
    assert answer_question(problem, "How often do drivers ping?").topics == [
        "location update frequency"
    ]
    assert answer_question(problem, "Do you like working here?").topics == []
