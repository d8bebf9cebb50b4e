"""Where an answer expresses (or rules out) a rubric item: candidates, one per unit.

An item's `terms` are literal phrases; its `ideas` are lexicon concepts that one
unit must say together. A candidate is explained when its unit says something
about it, mentioned when it is only named (in a list, or alone), ruled out when
a negation covers it ("we wouldn't cache anything").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from coach.problems.model import RubricItem
from coach.scoring.matching import Matcher, Span
from coach.scoring.units import Unit
from coach.scoring.verdict import How

SAID_FOR_EXPLAINED = 1  # words that say something, for a match to be explained
OTHER_WORDS = 2  # ...and words besides the match
LIST_LIKE_SEGMENTS = 3  # in a unit of this many segments, a bare segment only names
ITEM_WORDS = 4  # in a list with no separators, an item's words are this close
SPACED_ITEM = 4  # words per segment past which a run of terms is taken as unseparated


@dataclass(frozen=True)
class Place:
    """A unit of one answer."""

    number: int  # among all units judged together
    source: str  # the answer it comes from
    unit: Unit
    # ideas that start before this offset were put forward and turned down (`stance`)
    turned_down: int = -1


@dataclass(frozen=True)
class Candidate:
    """One unit's evidence for one item."""

    place: Place
    how: How  # EXPLAINED, MENTIONED or RULED_OUT
    start: int
    end: int
    quote: str
    matched: str  # the term or idea


def candidates(item: RubricItem, places: Sequence[Place], matcher: Matcher) -> list[Candidate]:
    """Every unit's best evidence for the item, in the answer's order."""
    found = []
    for place in places:
        best = _best(item, place, matcher)
        if best is not None:
            found.append(best)
    return found


def _best(item: RubricItem, place: Place, matcher: Matcher) -> Candidate | None:
    found = _found(item, place, matcher)
    if found is not None and found.start < place.turned_down:
        return replace(found, how=How.RULED_OUT)
    return found


def _found(item: RubricItem, place: Place, matcher: Matcher) -> Candidate | None:
    ruled_out: Candidate | None = None
    for term in item.terms:
        spans = matcher.spans(place.unit, [matcher.pattern(term)])
        found = _from_spans(place, term, [[s] for s in spans])
        if found is not None and found.how is not How.RULED_OUT:
            return found
        ruled_out = ruled_out or found
    for idea, parts in zip(item.ideas, item.idea_parts(), strict=True):
        per_concept = [matcher.concept_spans(place.unit, part) for part in parts]
        found = _from_concepts(place, idea, per_concept)
        if found is not None and found.how is not How.RULED_OUT:
            return found
        ruled_out = ruled_out or found
    return ruled_out


def _from_spans(place: Place, label: str, options: list[list[Span]]) -> Candidate | None:
    """The first positive option, else the first negated one."""
    positive = next((o for o in options if all(s.negated_by < 0 for s in o)), None)
    if positive is not None:
        return _candidate(place, label, positive, _strength(place.unit, positive))
    if options:
        return _candidate(place, label, options[0], How.RULED_OUT)
    return None


def _from_concepts(place: Place, idea: str, per_concept: list[list[Span]]) -> Candidate | None:
    """All concepts of the idea in the unit: positive when each has an occurrence
    no negation covers (a prohibition's own negation, "don't fan out
    celebrities", does not negate the idea's other concepts)."""
    if not all(per_concept):
        return None
    own = {s.first for spans in per_concept for s in spans if s.prohibition and s.negated_by < 0}
    chosen: list[Span] = []
    negated = False
    for spans in per_concept:
        # each concept in words of its own: "millions of followers" is a
        # celebrity, not also the follower that goes with it
        free = [s for s in spans if not any(_overlap(s, c) for c in chosen)]
        if chosen and place.unit.is_list:  # in a list, an idea lives in one item...
            free = [s for s in free if _same_item(place.unit, s, chosen)]
        if not free:
            return None
        clear = [s for s in free if s.negated_by < 0 or s.negated_by in own]
        chosen.append(_nearest(clear or free, chosen))
        negated |= not clear
    if _prohibition_before_a_new_clause(place.unit, chosen):
        return None
    how = How.RULED_OUT if negated else _strength(place.unit, chosen)
    return _candidate(place, idea, chosen, how)


def _prohibition_before_a_new_clause(unit: Unit, chosen: list[Span]) -> bool:
    """A prohibition ("never push") whose partner comes in a later clause says
    nothing of it: "since we never push tweets to followers, a user with 50M
    followers costs the same" is no rule for celebrities."""
    for ban in (s for s in chosen if s.prohibition):
        clause = unit.tokens[ban.first].clause
        if any(s.first > ban.last and unit.tokens[s.first].clause != clause for s in chosen):
            return True
    return False


def _same_item(unit: Unit, span: Span, chosen: list[Span]) -> bool:
    """Whether a span is in the list item of the spans chosen so far: in their
    segment (or the label that heads them all); in a list with no separators,
    within a few words of them."""
    if unit.segments == 1 or (unit.run_on and unit.words > SPACED_ITEM * unit.segments):
        # separators are rare ("kafka redis, cassandra cdn ..."): nearness, not segments
        return all(abs(span.first - c.first) <= ITEM_WORDS for c in chosen)
    segments = {unit.tokens[c.first].segment for c in chosen}
    if unit.headed:
        segments |= {0} if 0 not in segments else set(range(unit.segments))
    return unit.tokens[span.first].segment in segments


def _overlap(one: Span, other: Span) -> bool:
    return one.first <= other.last and other.first <= one.last


def _nearest(spans: list[Span], chosen: list[Span]) -> Span:
    if not chosen:
        return spans[0]
    anchor = chosen[0].first
    return min(spans, key=lambda s: abs(s.first - anchor))


def _strength(unit: Unit, spans: Sequence[Span]) -> How:
    """Explained when the unit says something about the match; mentioned when it
    only names it: in a list, alone, or in a bare segment of a list-like unit."""
    if unit.is_list or unit.said < SAID_FOR_EXPLAINED:
        return How.MENTIONED
    inside = {p for s in spans for p in range(s.first, s.last + 1)}
    others = len({t.start for p, t in enumerate(unit.tokens) if p not in inside})
    if len(spans) == 1 and others < OTHER_WORDS and not _targeted(unit, inside):
        return How.MENTIONED  # "Redis." names it; "Feeds come from Redis." says something
    if unit.segments >= LIST_LIKE_SEGMENTS:
        tokens = unit.tokens
        segments = {tokens[p].segment for s in spans for p in range(s.first, s.last + 1)}
        if all(unit.segment_is_bare(seg) for seg in segments) and not _described(unit, segments):
            return How.MENTIONED
    return How.EXPLAINED


def _described(unit: Unit, segments: set[int]) -> bool:
    """Whether the match is a note line's label that the rest of the line says
    something about: "Hot links (viral): in-process LRU on redirect nodes, TTL 60 s"
    (not "Monitor: lag, p99, errors", a list under its label)."""
    if not unit.headed or segments != {0}:
        return False
    return any(not unit.segment_is_bare(seg) for seg in range(1, unit.segments))


def _targeted(unit: Unit, inside: set[int]) -> bool:
    """Whether a figure is set against the match: "rebuffer <1%", "p99 = 200ms"."""
    return any(
        t.states and t.word[:1].isdigit() for p, t in enumerate(unit.tokens) if p not in inside
    )


def _candidate(place: Place, label: str, spans: Sequence[Span], how: How) -> Candidate:
    first = min(s.first for s in spans)
    last = max(s.last for s in spans)
    start, end, quote = place.unit.quote(first, last)
    return Candidate(place, how, start, end, quote, label)
