"""Ideas put forward as others' and turned down in the sentences after (`stance`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from coach.problems.loader import load_spec_file
from coach.scoring.matching import matcher_for
from coach.scoring.stance import turned_down
from coach.scoring.verdict import Verdict
from coach.session.scoring import judge_text

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def twitter():
    return load_spec_file(ROOT / "problems" / "twitter.yaml")


def down(problem, text: str) -> list[str]:
    """The sentences of `text` whose ideas are turned down."""
    units = matcher_for(problem).units(text)
    return [text[units[n].start : units[n].end] for n in sorted(turned_down(text, units))]


@pytest.mark.parametrize(
    ("text", "first_words"),
    [
        # what is usually done, then a verdict two sentences on
        (
            "The conventional answer is to publish each tweet onto Kafka. A queue does "
            "decouple posting from delivery. Since I am not fanning out, it is unwarranted.",
            "The conventional answer",
        ),
        # an option called the obvious one, whatever the noun
        (
            "Caching is the obvious lever: Redis in front of the store with an LRU and a "
            "TTL. Honestly, I'd start without it.",
            "Caching is the obvious lever",
        ),
        # a supposition, with the verdict in the next sentence
        (
            "Sending click events to Kafka would keep the redirect path light. I'd start "
            "without it.",
            "Sending click events",
        ),
        # a concession: the idea's merit, then "but" and the verdict
        (
            "Putting location updates on a stream is sensible, but it is not worth another "
            "system to babysit.",
            "Putting location updates",
        ),
        # a heading that only names an option, and the verdict under it
        (
            "3. A message queue such as Kafka between the tweet service and the workers.\n"
            "Honestly I do not feel it is required at this point.",
            "A message queue",
        ),
        # the next sentence calls it practice
        (
            "Precomputed home timelines in a cache per user. This is the well-known approach, "
            "but I am not going for it.",
            "Precomputed home timelines",
        ),
        # a verdict on the sentence's own subject
        (
            "Replicating hot tweets across cache nodes also doesn't buy us much.",
            "Replicating hot tweets",
        ),
    ],
)
def test_an_idea_put_forward_and_turned_down_is_read_as_turned_down(
    twitter, text: str, first_words: str
) -> None:
    assert any(s.startswith(first_words) for s in down(twitter, text))


@pytest.mark.parametrize(
    "text",
    [
        # the user's own design, then a refusal about something else
        "I would push tweet ids into every follower's timeline. Inactive followers: skip them.",
        "We cache timelines in Redis with the last 800 ids. We won't add search for now.",
        # others named as an object, not as who says it, and a refusal of other things
        "We only fan out to people who have been active lately. Lists are capped at 800. "
        "Deleted tweets -> skip it.",
        # a verbless note line, then a sentence with an idea and a verdict of its own
        "Skip fan-out for users inactive 30+ days, rebuild on login. Some would replicate "
        "hot tweets to every cache node; not worth it.",
        # a note line, then a question whose verdict answers itself
        "Reading = one Redis read + hydrate from the tweet cache. Search index? Honestly "
        "not worth it for now.",
        # a supposition the next sentences take up
        "A cache would absorb most reads. So we put Redis in front of the store.",
        # a heading whose next line says what is done
        "Timeline cache\nRedis list per user, last 800 ids, rebuilt on login.",
    ],
)
def test_the_users_own_design_is_not_turned_down(twitter, text: str) -> None:
    assert not any(s.startswith(text[:20]) for s in down(twitter, text))


def test_a_rejected_idea_is_a_rejected_item_with_the_users_words(twitter) -> None:
    item = next(i for i in twitter.rubric.high_level if i.id == "async-fanout")
    text = (
        "The usual approach is to publish each new tweet onto a message queue such as "
        "Kafka and let workers do the fan-out. I have weighed it and decided against it."
    )
    (result,) = judge_text(twitter, [item], text)
    assert result.verdict is Verdict.REJECTED
    assert result.evidence[0].quote in text
    kept = "We publish each new tweet onto Kafka and workers do the fan-out asynchronously."
    (result,) = judge_text(twitter, [item], kept)
    assert result.verdict is Verdict.COVERED


def test_a_verdict_turns_down_only_what_comes_before_its_clause_ends() -> None:
    shortener = load_spec_file(ROOT / "problems" / "url-shortener.yaml")
    items = [i for i in shortener.rubric.deep_dive if i.id in ("edge-caching", "cache-policy")]
    text = (
        "Putting a CDN in front of the redirects is tempting, but I don't think it is worth "
        "it; hot codes are cached in Redis with an LRU policy and a one-hour TTL."
    )
    verdicts = {r.id: r.verdict for r in judge_text(shortener, items, text)}
    assert verdicts == {"edge-caching": Verdict.REJECTED, "cache-policy": Verdict.COVERED}


@pytest.mark.parametrize(
    ("item_id", "text"),
    [
        # "skip" is the idea itself here, not a refusal of the inactive users
        ("skip-inactive-users", "Skip fan-out for inactive users."),
        # "for them" says whom it is not done for; the merge at read time is the design
        (
            "hybrid-celebrity",
            "Celebrities are not fanned out; we don't do it for them, their tweets are "
            "merged at read time.",
        ),
    ],
)
def test_a_ban_that_is_the_idea_is_no_refusal(twitter, item_id: str, text: str) -> None:
    item = next(i for i in twitter.rubric.deep_dive if i.id == item_id)
    (result,) = judge_text(twitter, [item], text)
    assert result.verdict is Verdict.COVERED
