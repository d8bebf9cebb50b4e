"""Find phrases and lexicon concepts in answers, with negation, for one problem.

Real answers are messy: "caching", "cached" and "cache" are one idea, "db" is a
database, "fan-out" is "fanout" is "fan out", and people type "databse". Both
the text and the phrases go through one pipeline: tokenise, expand the
lexicon's abbreviations, correct typos against the problem's own words, stem.
An occurrence inside a negation's scope (`negation.py`) is kept, marked
negated: a rejected idea is shown as rejected, not just left out.

The Matcher caches what it compiles and analyses, so build one per problem
(`matcher_for`) and reuse it.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from coach.problems.lexicon import Lexicon, merged, shared
from coach.scoring.negation import negations
from coach.scoring.phrases import Pattern, compile_phrase, locate
from coach.scoring.units import Unit, analyse
from coach.scoring.vocabulary import PREFIX, Vocabulary
from coach.scoring.words import NEGATION_KEY, POINTERS, STOP_WORDS, stem, words, wordset

if TYPE_CHECKING:
    from coach.problems.model import Problem

__all__ = ["STOP_WORDS", "Evidence", "Matcher", "Span", "matcher_for", "words", "wordset"]

TEXT_CACHE = 256  # analysed texts kept (answers change as the user types)


@dataclass(frozen=True)
class Evidence:
    """Where a phrase matched: the author's phrase, and the span of the text."""

    term: str
    start: int
    end: int
    quote: str  # the matched words as the user typed them


@dataclass(frozen=True, slots=True)
class Span:
    """One occurrence of a phrase in a unit."""

    first: int  # token positions
    last: int
    negated_by: int  # the negating trigger's position, -1 when not negated
    prohibition: bool  # the phrase itself begins with a negation ("no double booking")


class Matcher:
    """Phrase and concept matching for one problem, with caches."""

    def __init__(self, vocabulary: Vocabulary, lexicon: Lexicon | None = None) -> None:
        self.vocabulary = vocabulary
        self.lexicon = lexicon or Lexicon({}, {})
        self._patterns: dict[str, Pattern] = {}
        self._concepts: dict[str, list[Pattern]] = {}
        self._texts: dict[str, list[Unit]] = {}
        # concept ids by the keys (and their first letters) their phrases start with
        self._starting: tuple[dict[str, set[str]], dict[str, set[str]]] | None = None
        self._concept_firsts: dict[str, tuple[dict[str, list[int]], dict[str, list[int]]]] = {}

    @classmethod
    def plain(cls, known: Iterable[str] = (), lexicon: Lexicon | None = None) -> Matcher:
        """A matcher with the shared lexicon's abbreviations (tests, ad hoc texts)."""
        lexicon = lexicon or merged(shared(), None)
        texts = [*known, *(p for ps in lexicon.concepts.values() for p in ps)]
        return cls(Vocabulary(lexicon.abbreviations, texts), lexicon)

    # -- words ---------------------------------------------------------------

    def knows(self, word: str) -> bool:
        return self.vocabulary.knows(word)

    def stem(self, text: str) -> list[str]:
        """The stemmed words of a text, stop words dropped (for fuzzy comparison)."""
        return [stem(part) for w in words(text) if w not in STOP_WORDS for part in self.parts(w)]

    def parts(self, word: str) -> tuple[str, ...]:
        return self.vocabulary.parts(word)

    # -- phrases, concepts, texts -------------------------------------------

    def pattern(self, phrase: str) -> Pattern:
        found = self._patterns.get(phrase)
        if found is None:
            found = self._patterns[phrase] = compile_phrase(phrase, self.vocabulary)
        return found

    def concept(self, concept_id: str) -> list[Pattern]:
        """The compiled phrases of a lexicon concept (none for an unknown id)."""
        found = self._concepts.get(concept_id)
        if found is None:
            found = [self.pattern(p) for p in self.lexicon.expand(concept_id)]
            self._concepts[concept_id] = found
        return found

    def units(self, text: str) -> list[Unit]:
        found = self._texts.get(text)
        if found is None:
            if len(self._texts) > TEXT_CACHE:
                self._texts.clear()
            found = self._texts[text] = analyse(text, self.vocabulary)
        return found

    def spans(self, unit: Unit, patterns: Iterable[Pattern]) -> list[Span]:
        """Every occurrence of any of the patterns in a unit, negated or not."""
        found: list[Span] = []
        negated: list[int] | None = None
        seen: set[tuple[int, int]] = set()
        for pattern in patterns:
            located = locate(unit, pattern)
            if not located:
                continue
            negated = negated or negations(unit)
            keys = pattern.all_keys()
            for first, last in located:
                if (first, last) in seen or _objectless(unit, pattern, last):
                    continue
                seen.add((first, last))
                # the phrase's own words negate nothing ("no double booking", "skip
                # list"), but a negation before them does ("cannot have no SPOF")
                own = {p for p in range(first, last + 1) if unit.tokens[p].key in keys}
                inside = range(first, last + 1)
                by = next(
                    (negated[p] for p in inside if negated[p] >= 0 and negated[p] not in own), -1
                )
                if by < 0 and pattern.prohibition and _denied(unit, first):
                    by = first - 1  # "we won't skip inactive users": the ban is refused
                found.append(Span(first, last, by, pattern.prohibition))
        return found

    def concept_spans(self, unit: Unit, concept_id: str) -> list[Span]:
        if concept_id not in self.concepts_in(unit):
            return []
        key = ("concept", concept_id)
        cached = unit.cache.get(key)
        if cached is None:
            cached = unit.cache[key] = self.spans(unit, self._may_occur(unit, concept_id))
        return cached  # type: ignore[return-value]

    def _may_occur(self, unit: Unit, concept_id: str) -> list[Pattern]:
        """The concept's phrases that start with a word of the unit, in order."""
        by_key, by_prefix = self._firsts(concept_id)
        found: set[int] = set()
        for key, numbers in by_key.items():
            if key in unit.index:
                found.update(numbers)
        for prefix, numbers in by_prefix.items():
            if prefix in unit.pair_starts:
                found.update(numbers)
        patterns = self.concept(concept_id)
        return [patterns[number] for number in sorted(found)]

    def _firsts(self, concept_id: str) -> tuple[dict[str, list[int]], dict[str, list[int]]]:
        found = self._concept_firsts.get(concept_id)
        if found is None:
            by_key: dict[str, list[int]] = {}
            by_prefix: dict[str, list[int]] = {}
            for number, pattern in enumerate(self.concept(concept_id)):
                for first in pattern.firsts:
                    by_key.setdefault(first, []).append(number)
                    by_prefix.setdefault(first[:PREFIX], []).append(number)
            found = self._concept_firsts[concept_id] = (by_key, by_prefix)
        return found

    def concepts_in(self, unit: Unit) -> set[str]:
        """The lexicon concepts a unit may express: those with a phrase that
        starts with one of its words (the rest cannot occur, and are not tried)."""
        cached = unit.cache.get("concepts")
        if cached is None:
            by_key, by_prefix = self._starts()
            cached = set()
            for key in unit.index:
                cached |= by_key.get(key, set())
            for prefix in unit.pair_starts:
                cached |= by_prefix.get(prefix, set())
            unit.cache["concepts"] = cached
        return cached  # type: ignore[return-value]

    def _starts(self) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
        if self._starting is None:
            by_key: dict[str, set[str]] = {}
            by_prefix: dict[str, set[str]] = {}
            for concept_id in self.lexicon.concepts:
                for pattern in self.concept(concept_id):
                    for first in pattern.firsts:
                        by_key.setdefault(first, set()).add(concept_id)
                        by_prefix.setdefault(first[:PREFIX], set()).add(concept_id)
            self._starting = (by_key, by_prefix)
        return self._starting

    # -- plain finding (pitfalls, links, the interviewer) --------------------

    def find(self, text: str, terms: Iterable[str]) -> Evidence | None:
        """The first of `terms` the text says and does not negate, with where."""
        units = self.units(text)
        for term in terms:
            pattern = self.pattern(term)
            for unit in units:
                span = next((s for s in self.spans(unit, [pattern]) if s.negated_by < 0), None)
                if span is not None:
                    start, end, quote = unit.quote(span.first, span.last)
                    return Evidence(term, start, end, quote)
        return None

    def covers(self, text: str, terms: Iterable[str]) -> bool:
        return self.find(text, terms) is not None


_CACHE: dict[tuple[int, str], tuple[weakref.ref[Problem], object]] = {}
T = TypeVar("T")


def per_problem(problem: Problem, name: str, build: Callable[[Problem], T]) -> T:
    """`build(problem)`, computed once per problem object and kept while it lives."""
    key = (id(problem), name)
    entry = _CACHE.get(key)
    if entry is not None and entry[0]() is problem:
        return entry[1]  # type: ignore[return-value]
    value = build(problem)
    _CACHE[key] = (weakref.ref(problem, lambda _ref: _CACHE.pop(key, None)), value)
    return value


def matcher_for(problem: Problem) -> Matcher:
    """The Matcher for a problem: the shared lexicon with the spec's own section,
    and the spec's words to correct typos towards. Cached per problem object."""
    return per_problem(problem, "matcher", _build_matcher)


def spec_texts(problem: Problem) -> list[str]:
    """Every text of a spec but its design and lexicon: the problem's own words."""
    return _strings(problem.model_dump(mode="json", exclude={"reference_design", "lexicon"}))


def _build_matcher(problem: Problem) -> Matcher:
    lexicon = merged(shared(), problem.lexicon)
    texts = spec_texts(problem)
    texts += [phrase for phrases in lexicon.concepts.values() for phrase in phrases]
    return Matcher(Vocabulary(lexicon.abbreviations, texts), lexicon)


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def _denied(unit: Unit, first: int) -> bool:
    """Whether a negation stands right before a ban ("won't skip", "don't skip")."""
    return first > 0 and unit.tokens[first - 1].key == NEGATION_KEY


def _objectless(unit: Unit, pattern: Pattern, last: int) -> bool:
    """A one-word ban with nothing after it to ban: "I skip it", "I also skip." refuse
    what came before; "skip inactive users" bans them."""
    if not pattern.prohibition or len(pattern.alternatives[0]) > 1:
        return False
    after = last + 1
    tokens = unit.tokens
    return after >= len(tokens) or tokens[after].boundary or tokens[after].word in POINTERS
