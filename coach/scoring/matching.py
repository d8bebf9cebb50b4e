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
from coach.scoring.vocabulary import Vocabulary
from coach.scoring.words import STOP_WORDS, stem, words, wordset

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


@dataclass(frozen=True)
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
            keys = pattern.keys()
            for first, last in located:
                if (first, last) in seen:
                    continue
                seen.add((first, last))
                # the phrase's own words negate nothing ("no double booking", "skip
                # list"), but a negation before them does ("cannot have no SPOF")
                own = {p for p in range(first, last + 1) if unit.tokens[p].key in keys}
                inside = range(first, last + 1)
                by = next(
                    (negated[p] for p in inside if negated[p] >= 0 and negated[p] not in own), -1
                )
                found.append(Span(first, last, by, pattern.prohibition))
        return found

    def concept_spans(self, unit: Unit, concept_id: str) -> list[Span]:
        key = ("concept", concept_id)
        cached = unit.cache.get(key)
        if cached is None:
            cached = unit.cache[key] = self.spans(unit, self.concept(concept_id))
        return cached  # type: ignore[return-value]

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


def _build_matcher(problem: Problem) -> Matcher:
    lexicon = merged(shared(), problem.lexicon)
    texts = _strings(problem.model_dump(mode="json", exclude={"reference_design", "lexicon"}))
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
