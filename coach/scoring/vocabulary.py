"""What a typed word stands for in one problem: abbreviation, contraction, typo, stem.

Built once per problem from the lexicon (shared, plus the spec's own section)
and the spec's own words: an unknown word of 7+ letters one typo away from a
word the problem uses is read as that word ("databse"), but a real word never
is ("sharing" is not sharding).
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Mapping

from rapidfuzz import process
from rapidfuzz.distance import OSA

from coach.scoring.words import (
    NEGATION_KEY,
    SHARED_NEGATORS,
    plain,
    stem,
    words,
    wordset,
)

# Everyday words one typo away from a design word: never "corrected" into it
# ("photo sharing" is not sharding, "catching errors" is not caching).
COMMON_WORDS = wordset(
    """sharing shared shares catching matching watching fetching patching
    reaching teaching coaching searching pricing
    recording recorder reporting sorting starting storing scoring
    printing pointing painting counting hosting posting costing
    following flowing growing showing writer writers rewriting
    serving severing service services replies replied
    partial particle petition position portion cooking booking looking"""
)
TYPO_MIN_LENGTH = 7  # shorter words are too easily another real word
TYPO_SIMILARITY = 0.85  # OSA similarity: one edit in 7+ letters, two in 14+
PREFIX = 4


class Vocabulary:
    """Abbreviations to expand and known words to correct towards, with caches."""

    def __init__(self, abbreviations: Mapping[str, str], known: Iterable[str] = ()) -> None:
        self.abbreviations = {word: tuple(words(text)) for word, text in abbreviations.items()}
        self._known: set[str] = set(COMMON_WORDS)
        for text in known:
            self._known.update(w for w in words(text) if w.isalpha())
        self._sorted_known = sorted(self._known)
        self._by_initial: dict[str, list[str]] = {}
        for word in sorted(self._known - COMMON_WORDS):
            if len(word) >= TYPO_MIN_LENGTH - 1:
                self._by_initial.setdefault(word[0], []).append(word)
        self._keys: dict[str, tuple[tuple[str, str], ...]] = {}

    def knows(self, word: str) -> bool:
        """Whether a lower-case word is one the problem or the lexicon uses."""
        return word in self._known

    def is_abbreviation(self, token: str) -> bool:
        return token in self.abbreviations

    def correct(self, word: str) -> str:
        """The known word a likely typo stands for, else the word itself."""
        if len(word) < TYPO_MIN_LENGTH or word in self._known or not word.isalpha():
            return word
        if self._inflects_known(stem(word)):
            return word  # an inflection of a known word ("sharded"), not a typo
        found = process.extractOne(
            word,
            self._by_initial.get(word[0], ()),
            scorer=OSA.normalized_similarity,
            score_cutoff=TYPO_SIMILARITY,
        )
        return found[0] if found else word

    def _inflects_known(self, word_stem: str) -> bool:
        if len(word_stem) < PREFIX:
            return False
        known = self._sorted_known
        at = bisect.bisect_left(known, word_stem)
        while at < len(known) and known[at].startswith(word_stem):
            if stem(known[at]) == word_stem:
                return True
            at += 1
        return False

    def parts(self, token: str) -> tuple[str, ...]:
        """What a typed token stands for: abbreviation expanded ("lb" -> "load",
        "balancer"), contraction undone ("don't" -> "dont"), typo corrected."""
        word = plain(token)
        expanded = self.abbreviations.get(word)
        if expanded:
            return expanded
        if "/" in word:  # "k/s": not an abbreviation, so two words
            return tuple(p for half in word.split("/") if half for p in self.parts(half))
        return (self.correct(word),)

    def keys(self, token: str) -> tuple[tuple[str, str], ...]:
        """(key, word) pairs of a typed token: each word it stands for, and its key
        (the stem, or one shared key for every negation word)."""
        cached = self._keys.get(token)
        if cached is None:
            cached = tuple((key_of(part), part) for part in self.parts(token))
            self._keys[token] = cached
        return cached


def key_of(word: str) -> str:
    """The matching key of a plain word: its stem, or the shared negation key."""
    return NEGATION_KEY if word in SHARED_NEGATORS else stem(word)
