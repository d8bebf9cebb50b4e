"""Every change the scaling phase offers works on every problem of the bank and does
what its words say, with before and after."""

from __future__ import annotations

import re

import pytest

from coach.problems.bank import load_bank
from coach.session.catalogue import ITEMS, is_database
from coach.session.design_builder import build_design
from coach.session.tweaks import TweakError, apply_tweaks, offered
from coach.simulate.design import Design, Kind

BANK = load_bank()
PROBLEMS = {p.id: p for p in BANK.problems}
FEW = ["load_balancer", "app_servers", "sql_database"]
MANY = [p for p in ITEMS if p not in ("read_replicas", "shards", "sql_database")]


def _cases() -> list[tuple[str, str, str]]:
    cases = []
    for problem in PROBLEMS.values():
        for label, picks in (("few", FEW), ("many", MANY)):
            design = build_design(problem, picks).design
            assert design is not None
            cases += [(problem.id, label, change) for change in offered(design, picks)]
    return cases


CASES = _cases()


def test_the_bank_is_covered() -> None:
    assert len(PROBLEMS) == 13
    assert {problem for problem, _, _ in CASES} == set(PROBLEMS)


@pytest.mark.parametrize(("problem_id", "picked", "change"), CASES)
def test_every_offered_change_applies_and_says_what_it_did(
    problem_id: str, picked: str, change: str
) -> None:
    problem = PROBLEMS[problem_id]
    picks = FEW if picked == "few" else MANY
    design = build_design(problem, picks).design
    assert design is not None
    tweaked = apply_tweaks(problem, design, picks, change)
    (said,) = tweaked.changes
    after = tweaked.design
    if set_ := re.match(r"^([\w.-]+)\.(\w+)=(\S+)$", change):
        name, field, value = set_.groups()
        before_value = getattr(design.component(name), field)
        assert str(getattr(after.component(name), field)) == value
        assert said.startswith(f"{name}: ") and f"{before_value} -> {value}" in said
    elif change in ("+replicas", "+shards"):
        field = "replicas" if change == "+replicas" else "nodes"
        for store in (c for c in design.components if is_database(c)):
            was, now = getattr(store, field), getattr(after.component(store.name), field)
            assert now > was, f"{store.name}: {was} -> {now}"
            assert f"{store.name}: {was} -> {now}" in said
        for blobs in (c for c in design.components if c.kind is Kind.DATABASE):
            if not is_database(blobs):  # an object store has no replicas or shards
                assert getattr(after.component(blobs.name), field) == getattr(blobs, field)
    elif change.startswith("+"):
        pick = _pick(change[1:])
        assert pick in tweaked.picks and said.startswith(f"added {ITEMS[pick].short.lower()}")
        shown = {c.name for c in after.components} | set(tweaked.side)
        assert _plays(after, pick) or ITEMS[pick].short in tweaked.side, shown
    else:
        pick = change[1:]
        assert pick not in tweaked.picks and said.startswith("removed ")
        gone = {c.name for c in design.components} - {c.name for c in after.components}
        if ": " in said:  # "removed cache: timeline-cache, tweet-cache"
            assert gone and sorted(gone) == said.split(": ", 1)[1].split(", ")
        else:  # "removed cdn (drawn; off the simulated request path, ...)"
            assert not gone and "off the simulated request path" in said
    _nothing_else_vanished(design, after, picks, tweaked.picks, change)


def _pick(word: str) -> str:
    from coach.session.tweaks import ALIASES

    return ALIASES.get(word, word)


def _plays(design: Design, pick: str) -> bool:
    from coach.session.catalogue import matches

    item = ITEMS[pick]
    return any(c.name == item.name or matches(item, c) for c in design.components)


def _nothing_else_vanished(
    before: Design, after: Design, picks: list[str], now: list[str], change: str
) -> None:
    """No picked component leaves the design because of an unrelated change."""
    if change.startswith("-"):
        return
    assert set(picks) <= set(now)
    assert {c.name for c in before.components} <= {c.name for c in after.components}


@pytest.mark.parametrize("problem_id", sorted(PROBLEMS))
def test_aliases_name_the_designs_own_components(problem_id: str) -> None:
    problem = PROBLEMS[problem_id]
    design = build_design(problem, FEW).design
    assert design is not None
    order = [design.entry_component]
    for comp in order:  # breadth first: the service a request meets first
        order += [design.component(n) for n in comp.calls if design.component(n) not in order]
    services = [c for c in order if c.kind is Kind.SERVICE]
    tweaked = apply_tweaks(problem, design, FEW, f"app.nodes={services[0].nodes + 5}")
    assert tweaked.changes == [
        f"{services[0].name}: {services[0].nodes} -> {services[0].nodes + 5} nodes"
    ]
    with pytest.raises(TweakError, match="already in the design: try "):
        apply_tweaks(problem, design, FEW, "+lb")


def test_twitter_as_the_readme_shows_it() -> None:
    """The user's reports on the README's problem, one by one."""
    twitter = PROBLEMS["twitter"]
    picks = [*MANY, "nosql_database"]
    design = build_design(twitter, picks).design
    assert design is not None
    assert apply_tweaks(twitter, design, picks, "app.nodes=12").changes == ["api: 10 -> 12 nodes"]
    with pytest.raises(TweakError) as caught:
        apply_tweaks(twitter, design, picks, "+cache")
    assert str(caught.value) == (
        "cache is already in the design: try timeline-cache.nodes=8 "
        "or timeline-cache.hit_ratio=0.975"  # a step up from its 6 nodes and 95% hits
    )
    more = apply_tweaks(twitter, design, picks, "+replicas")
    assert more.changes == ["tweet-db: 3 -> 4 read replicas"]
    assert "CDN" in more.side  # still drawn after an unrelated change
    with pytest.raises(TweakError, match="did you mean 'api'"):
        apply_tweaks(twitter, design, picks, "aap.nodes=3")
    with pytest.raises(TweakError, match=r"^no cdn on the simulated request path"):
        apply_tweaks(twitter, design, picks, "cdn.nodes=3")  # drawn, not simulated


@pytest.mark.parametrize("problem_id", sorted(PROBLEMS))
def test_the_prompts_examples_apply_and_raise_counts(problem_id: str) -> None:
    from coach.session.scaling_runs import examples

    problem = PROBLEMS[problem_id]
    for picks in (FEW, MANY):
        design = build_design(problem, picks).design
        assert design is not None
        for change in examples(design).removeprefix("e.g. ").split(", "):
            said = apply_tweaks(problem, design, picks, change).changes[0]
            if " -> " in said:
                before, after = said.split(": ", 1)[1].split(" -> ")
                assert int(after.split()[0]) > int(before), said
