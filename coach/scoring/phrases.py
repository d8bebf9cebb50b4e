"""Phrases (rubric terms, lexicon phrases) compiled once and found in a unit.

A phrase matches when its content words appear in order, at most EXTRA_GAP
other words apart, in one unit: "fan out the tweets on write" is "fan-out on
write". Two neighbouring words may be written as one ("fanout", "loadbalancer").
A two-word phrase also matches swapped within a clause ("invalidate the cache"
is "cache invalidation"); longer ones keep their order, or "cheap writes, fan
out on read" would be fan-out on write.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from coach.scoring.units import Unit
from coach.scoring.vocabulary import PREFIX, Vocabulary, key_of
from coach.scoring.words import NEGATION_KEY, STOP_WORDS, stem, words, wordset

SKIP_KEY = stem("skip")  # "skip" keeps its own key (it is also a noun) but states a ban too

EXTRA_GAP = 3  # other words allowed between the words of a phrase
# "your" or "my" in the gap speaks to the reader: "read your writes" is no "reads per
# write" (but "merge their tweets" is "merge tweets")
POSSESSIVES = wordset("your my")


@dataclass(frozen=True)
class Pattern:
    text: str
    # Content-word keys in order, then the same with two neighbours written as
    # one ("fan out on write" -> "fanout on write"), then all as one word.
    alternatives: tuple[tuple[str, ...], ...]
    swapped: tuple[str, str] | None = None

    @property
    def prohibition(self) -> bool:
        """Begins with a negation ("no double booking", "skip fan out"): the negation
        is the idea, so it negates nothing the idea goes with ("skip fan-out for
        inactive users" is no refusal of inactive users)."""
        return self.alternatives[0][0] in (NEGATION_KEY, SKIP_KEY)

    def all_keys(self) -> set[str]:
        return {key for alternative in self.alternatives for key in alternative}

    @cached_property
    def firsts(self) -> tuple[str, ...]:
        """The keys an occurrence can start with."""
        found = [alternative[0] for alternative in self.alternatives]
        if self.swapped is not None:
            found.append(self.swapped[0])
        return tuple(found)

    def may_occur(self, unit: Unit) -> bool:
        """False when no alternative's first word is in the unit (most patterns,
        most units: the cheap test that keeps matching fast)."""
        return any(key in unit.index or key[:PREFIX] in unit.pair_starts for key in self.firsts)


def compile_phrase(text: str, vocabulary: Vocabulary) -> Pattern:
    raw = words(text)
    content = [w for w in raw if w not in STOP_WORDS] or raw
    if len(content) == 1 and len(raw) > 1:
        content = raw  # "on write", "per user": the small word is what makes the phrase
    parts = [part for w in content for part in vocabulary.parts(w)]
    if not parts:
        return Pattern(text, ((f"<empty:{text}>",),))
    keys = tuple(key_of(part) for part in parts)
    alternatives = [keys]
    if len(parts) > 1 and all(part.isalpha() for part in parts):
        for i in range(len(parts) - 1):
            merged = stem(parts[i] + parts[i + 1])
            alternatives.append((*keys[:i], merged, *keys[i + 2 :]))
        alternatives.append((stem("".join(parts)),))
    # a prohibition keeps its order: "loss is not a problem" is not "no loss"; so does
    # a figure: "500M x 300 B" is no "300 million"
    two = len(keys) == 2 and keys[0] != NEGATION_KEY and not any(p[:1].isdigit() for p in parts)
    return Pattern(text, tuple(dict.fromkeys(alternatives)), (keys[1], keys[0]) if two else None)


def locate(unit: Unit, pattern: Pattern) -> list[tuple[int, int]]:
    """Every (first, last) token span where the pattern occurs in the unit."""
    spans: set[tuple[int, int]] = set()
    if not pattern.may_occur(unit):
        return []
    for keys in pattern.alternatives:
        for start in unit.index.get(keys[0], []) + unit.joined(keys[0]):
            end = _follow(unit, keys, start)
            if end is not None:
                spans.add((start, end))
    if pattern.swapped is not None:
        for start in unit.index.get(pattern.swapped[0], []):
            end = _follow(unit, pattern.swapped, start)
            if end is not None and unit.tokens[end].clause == unit.tokens[start].clause:
                spans.add((start, end))
    return sorted(spans)


def _follow(unit: Unit, keys: tuple[str, ...], start: int) -> int | None:
    """Last token position when `keys` appear in order from `start`, at most
    EXTRA_GAP other tokens between them; a key may also be two tokens written
    apart ("fan out" for "fanout")."""
    tokens = unit.tokens
    limit = start + len(keys) + EXTRA_GAP
    pos, last = start, start
    for number, key in enumerate(keys):
        while pos < min(limit, len(tokens)):
            if pos > start and tokens[pos].boundary:
                return None  # a phrase does not run across a comma or a clause mark
            if tokens[pos].key == key:
                pos, last = pos + 1, pos
                break
            if unit.pair_is(pos, key):
                pos, last, limit = pos + 2, pos + 1, limit + 1
                break
            if number == 0:
                return None  # the first key must sit at `start`
            if tokens[pos].word in POSSESSIVES:
                return None  # "read your writes" is no "reads per write"
            if number == 1 and keys[0] == tokens[pos].key == NEGATION_KEY:
                return None  # "cannot have no X": the nearer negation starts the phrase
            pos += 1
        else:
            return None
    return last
