"""From catalogue picks to a design the simulator runs, drawn as text, changed by tweaks."""

from __future__ import annotations

import re

import pytest

from coach.session.design_builder import arrival_rates, build_design
from coach.session.diagram import draw
from coach.session.tweaks import TweakError, apply_tweaks
from coach.simulate.design import Kind

FULL = ["load_balancer", "app_servers", "cache", "nosql_database"]


def _shape(design) -> dict[str, tuple[str, int, list[str]]]:
    return {c.name: (c.kind.value, c.nodes, c.calls) for c in design.components}


def test_picks_matching_the_reference_keep_its_components(chat) -> None:
    built = build_design(chat, FULL)
    assert _shape(built.design) == {
        "lb": ("load_balancer", 2, ["app"]),
        "app": ("service", 4, ["cache"]),
        "cache": ("cache", 2, ["store"]),
        "store": ("database", 3, []),
    }
    assert built.design.component("store").replicas == 1  # NoSQL keeps the reference's
    assert built.design.load == chat.reference_design.load
    assert built.design.entry == "lb"


def test_a_left_out_cache_is_rewired_around(chat) -> None:
    design = build_design(chat, ["load_balancer", "app_servers", "nosql_database"]).design
    assert design.component("app").calls == ["store"]
    assert "cache" not in {c.name for c in design.components}


def test_sql_without_sharding_or_replicas_is_one_primary(chat) -> None:
    built = build_design(chat, ["app_servers", "sql_database"])
    store = built.design.component("store")
    assert (store.nodes, store.replicas) == (1, 0)
    assert any("one primary" in note for note in built.notes)
    assert built.design.entry == "app"
    sharded = build_design(chat, ["app_servers", "sql_database", "shards", "read_replicas"])
    store = sharded.design.component("store")
    assert (store.nodes, store.replicas) == (4, 2)


def test_picks_the_reference_lacks_are_added_and_sized(chat) -> None:
    chat.reference_design.components = [
        c for c in chat.reference_design.components if c.kind is not Kind.CACHE
    ]
    chat.reference_design.component("app").calls = ["store"]
    design = build_design(chat, FULL).design
    cache = design.component("cache")
    assert cache.label == "Cache (added)" and cache.hit_ratio == 0.8
    assert design.component("app").calls == ["cache"] and cache.calls == ["store"]
    rate = arrival_rates(design)["cache"]
    assert rate == pytest.approx(2000)
    # sized so the added tier runs at no more than 60%: 2000/s x 0.5 ms / 32 slots is tiny
    assert cache.nodes == 1


def test_off_path_picks_are_drawn_not_simulated(chat) -> None:
    built = build_design(chat, [*FULL, "message_queue", "object_storage", "cdn"])
    assert {c.name for c in built.design.components} == {"lb", "app", "cache", "store"}
    assert built.side == ["Message queue", "Object storage", "CDN"]
    text = draw(built.design, built.side)
    assert text.splitlines() == [
        "  clients",
        "    ▼",
        "  [ lb · load balancer ×2 ]",
        "    ▼",
        "  [ app · service ×4 ] ─┬─▶ [ Message queue · not simulated ]",
        "                        ├─▶ [ Object storage · not simulated ]",
        "                        └─▶ [ CDN · not simulated ]",
        "    ▼",
        "  [ cache · cache ×2 · 80% hits ]",
        "    ▼",
        "  [ store · database ×3 +1 replicas ]",
    ]
    assert all(len(line) <= 80 for line in text.splitlines())


def test_nothing_to_simulate(chat) -> None:
    built = build_design(chat, ["message_queue"])
    assert built.design is None
    assert "nothing on the request path" in built.notes[0]
    assert "(nothing simulated)" in draw(None, built.side, ascii_only=True)


def test_ascii_diagram(chat) -> None:
    text = draw(build_design(chat, FULL).design, ["Workers"], ascii_only=True)
    assert text.isascii() and "[ app - service x4 ]" in text
    assert "---> [ Workers - not simulated ]" in text


def test_tweaks_set_counts_and_keep_them_across_added_components(chat) -> None:
    base = build_design(chat, ["load_balancer", "app_servers", "nosql_database"])
    picks = ["load_balancer", "app_servers", "nosql_database"]
    first = apply_tweaks(chat, base.design, picks, "app.nodes=9, store.concurrency=12")
    assert first.design.component("app").nodes == 9
    assert first.changes == ["app: 4 -> 9 nodes", "store: 8 -> 12 concurrent requests per node"]
    second = apply_tweaks(chat, first.design, first.picks, "+cache")
    assert second.design.component("app").nodes == 9  # kept
    assert second.design.component("store").concurrency == 12
    assert second.design.component("app").calls == ["cache"]
    assert second.changes == ["added cache: cache (2 nodes)"] and "cache" in second.picks
    third = apply_tweaks(chat, second.design, second.picks, "+replicas -cache")
    assert third.design.component("store").replicas == 2
    assert "cache" not in {c.name for c in third.design.components}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "no change given"),
        ("app.nodes", "cannot read 'app.nodes'"),
        ("ap.nodes=3", "no component 'ap' in the design (components: lb, app, store)"),
        ("app.nodse=3", "cannot set 'nodse' (did you mean 'nodes'?)"),
        ("app.nodes=0", "app.nodes=0: should be at least 1"),
        ("app.nodes=many", "app.nodes=many: should be a whole number"),
        ("+cahce", "no component 'cahce' to add or remove (did you mean 'cache'?)"),
        ("+app", "app servers is already in the design: try app.nodes="),
        ("+cache -cache +cache +cache", "cache is already in the design: try cache.nodes="),
        ("-cdn", "CDN is not in the design (one of: -load_balancer, -app_servers,"),
        ("-replicas -replicas", "the stores have no read replicas to remove: try +replicas"),
        ("-app -lb -nosql", "nothing is left to simulate"),
    ],
)
def test_bad_tweaks_say_why(chat, text: str, message: str) -> None:
    picks = ["load_balancer", "app_servers", "nosql_database"]
    design = build_design(chat, picks).design
    with pytest.raises(TweakError, match=re.escape(message)):
        apply_tweaks(chat, design, picks, text)
