"""Decide whether a free-text answer covers a list of rubric terms, and show where.

Real answers are messy: "caching", "cached" and "cache" are one idea, "db" is a
database, "fan-out" is "fanout" is "fan out", and people type "databse". So both
the text and the terms go through the same pipeline: tokenise, correct typos
against the problem's own vocabulary (rapidfuzz), expand a few standard
abbreviations, stem (snowball). A multi-word term matches when its words appear
in order close together in one sentence. A mention right after a negation in
the same clause ("we won't use a cache") does not count; a term that itself
begins with a negation ("no double booking") matches with any negation word.

The Matcher caches every word it has seen, so build one per problem and reuse it.
"""

from __future__ import annotations

import bisect
import itertools
import re
import weakref
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, TypeVar

import snowballstemmer
from rapidfuzz import process
from rapidfuzz.distance import OSA

if TYPE_CHECKING:
    from coach.problems.model import Problem, RubricItem


def wordset(block: str) -> frozenset[str]:
    """A word list written as a block of text, so data reads as data."""
    return frozenset(block.split())


# Abbreviations interviewers and candidates use for the same thing. Data, not
# logic: each key is one typed word, each value what it stands for.
SYNONYMS: Mapping[str, str] = {
    "db": "database",
    "dbs": "databases",
    "rdbms": "relational database",
    "lb": "load balancer",
    "lbs": "load balancers",
    "k8s": "kubernetes",
    "mq": "message queue",
    "msg": "message",
    "msgs": "messages",
    "req": "request",
    "reqs": "requests",
    "rps": "qps",
    "async": "asynchronous",
    "sync": "synchronous",
    "dau": "daily active users",
    "daus": "daily active users",
    "mau": "monthly active users",
    "maus": "monthly active users",
    "kv": "key value",
    "pubsub": "pub sub",
    "realtime": "real time",
    "newsfeed": "news feed",
    "config": "configuration",
    "infra": "infrastructure",
    "perf": "performance",
    "repl": "replication",
    "sec": "second",
    "secs": "seconds",
    "ppl": "users",
    "people": "users",
    "s": "second",  # "5.8K/s"
    "m": "million",  # "200M users"
    "mil": "million",
    "bn": "billion",
    "w/o": "without",
    "r/w": "read write",
    "w/r": "read write",
}

# Everyday words one typo away from a design word: never "corrected" into it
# ("photo sharing" is not sharding, "catching errors" is not caching).
COMMON_WORDS: frozenset[str] = wordset(
    """sharing shared shares catching matching watching fetching patching
    reaching teaching coaching searching pricing
    recording recorder reporting sorting starting storing scoring
    printing pointing painting counting hosting posting costing
    following flowing growing showing writer writers rewriting
    serving severing service services replies replied
    partial particle petition position portion"""
)

# Negation words that cancel a mention that follows them in the same clause.
# "avoid" and "prevent" are not here on purpose: "avoid a single point of
# failure" and "prevent hot spots" show the candidate knows the problem.
NEGATORS: frozenset[str] = wordset(
    """no not never without nor neither none nothing cannot dont wont cant
    isnt arent doesnt didnt shouldnt wouldnt couldnt neednt skip skipping
    skipped"""
)
# A term that begins with a negation states a prohibition ("no double booking");
# people say it with any negation word ("we can't double-book", "never double
# booked"), so these words share one key on both sides. "skip" stays itself: it
# is also a noun ("skip list").
NEGATION_KEY = "<negation>"
SHARED_NEGATORS: frozenset[str] = NEGATORS - wordset("skip skipping skipped")
# "not only a cache but a CDN" names the cache: these pairs are not negations.
NOT_NEGATING_NEXT: frozenset[str] = frozenset({"only", "just", "sure", "matter", "doubt"})
CLAUSE_WORDS: frozenset[str] = frozenset(
    {"but", "so", "because", "since", "then", "while", "although", "though", "however", "and"}
)
# Function words a term need not repeat to match ("single point of failure").
STOP_WORDS: frozenset[str] = wordset(
    "a an the of to in on at for by with is are be it its as or per"
)

NEGATION_SCOPE = 5  # tokens before a term that a negation reaches
EXTRA_GAP = 3  # extra tokens allowed between the words of a multi-word term
TYPO_MIN_LENGTH = 7  # shorter words are too easily another real word
TYPO_SIMILARITY = 0.85  # OSA similarity: one edit in 7+ letters, two in 14+

# A number ("1,200", "5.8") is its own token, so "200ms" is "200" "ms" and
# "1.2M" is "1.2" "m"; a word may hold digits after a letter ("p99", "k8s").
_TOKEN = re.compile(r"\b[rw]/[ow]\b|\d+(?:[.,]\d+)*|[a-z][a-z0-9]*(?:'[a-z]+)?")
_SENTENCE_END = re.compile(r"[.!?;\n]")
_CLAUSE_END = re.compile(r"[,:()\[\]\"\u2013\u2014]|--| - ")


_STEMMER = snowballstemmer.stemmer("english")
PREFIX = 4  # leading letters of term keys: which text words are worth stemming


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The snowball English stem of a lower-case word (cached: the pure-Python
    stemmer costs ~40 us a word, and the same words come back all the time)."""
    return _STEMMER.stemWord(word)


def _clean(text: str) -> str:
    # one character for one: token offsets must stay offsets into the user's text
    lowered = text.lower()
    if len(lowered) != len(text):  # a few letters ("İ") lower-case to two characters
        lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    return lowered.replace("\u2019", "'").replace("\u2018", "'")


def words(text: str) -> list[str]:
    """The lower-case word tokens of a text ('fan-out' -> 'fan', 'out')."""
    return _TOKEN.findall(_clean(text))


@dataclass(frozen=True)
class Token:
    """One unit of analysed text: a stemmed key and where it came from."""

    key: str
    word: str
    start: int
    end: int
    clause: int
    sentence: int


@dataclass(frozen=True)
class Evidence:
    """Where a term matched: the author's term, and the span of the text."""

    term: str
    start: int
    end: int
    quote: str  # the matched words as the user typed them


@dataclass
class AnalysedText:
    text: str
    tokens: list[Token]
    index: dict[str, list[int]] = field(default_factory=dict)  # key -> token positions
    pairs: list[str | None] = field(default_factory=list)  # key of token i and i+1 as one
    joined: dict[str, list[int]] = field(default_factory=dict)  # pair key -> positions


@dataclass(frozen=True)
class _Term:
    text: str
    # Stemmed content words in order, then the same with two neighbours written
    # as one word ("fan out on write" -> "fanout on write"), then all as one.
    alternatives: tuple[tuple[str, ...], ...]
    # Two-word terms also match swapped within one clause: "invalidate the
    # cache" covers "cache invalidation". Longer terms keep their order, or
    # "cheap writes but fan out on read" would cover "fan-out on write".
    swapped: tuple[str, ...] | None = None


class Matcher:
    """Term matching with a cache of every word and term it has seen.

    `lexicon` is the problem's own vocabulary: unknown words of 7+ letters
    within one typo of a lexicon word are read as that word.
    """

    def __init__(self, lexicon: Iterable[str] = (), terms: Iterable[str] = ()) -> None:
        self._known: set[str] = set(COMMON_WORDS)
        for text in lexicon:
            self._known.update(w for w in words(text) if w.isalpha())
        self._sorted_known = sorted(self._known)
        self._prefixes: set[str] = set()  # of term keys: which words are worth stemming
        self._by_initial: dict[str, list[str]] = {}
        for word in sorted(self._known - COMMON_WORDS):
            if len(word) >= TYPO_MIN_LENGTH - 1:
                self._by_initial.setdefault(word[0], []).append(word)
        self._parts: dict[str, tuple[str, ...]] = {}
        self._keys: dict[str, tuple[tuple[str, str], ...]] = {}
        self._terms: dict[str, _Term] = {}
        self._texts: dict[str, AnalysedText] = {}
        self.prepare(terms)

    # -- words ---------------------------------------------------------------

    def knows(self, word: str) -> bool:
        """Whether a lower-case word is in the lexicon (the problem's own words)."""
        return word in self._known

    def correct(self, word: str) -> str:
        """The lexicon word a likely typo stands for, else the word itself."""
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
        """Whether a known word has this stem ("shard": "sharding")."""
        if len(word_stem) < PREFIX:
            return False
        known = self._sorted_known
        at = bisect.bisect_left(known, word_stem)
        while at < len(known) and known[at].startswith(word_stem):
            if stem(known[at]) == word_stem:
                return True
            at += 1
        return False

    def parts(self, word: str) -> tuple[str, ...]:
        """What a typed word stands for: contraction undone, abbreviation
        expanded ("lb" -> "load", "balancer"), typo corrected."""
        cached = self._parts.get(word)
        if cached is None:
            plain = word.replace("'", "") if word.endswith("n't") else word
            expanded = SYNONYMS.get(plain)
            cached = tuple(expanded.split()) if expanded else (self.correct(plain),)
            self._parts[word] = cached
        return cached

    def keys(self, word: str) -> tuple[tuple[str, str], ...]:
        """(key, part) pairs of a word of the user's text. Only a word that
        could stem to a term word is stemmed (the stemmer is the slow part);
        any other word is its own key, which no term key can equal."""
        cached = self._keys.get(word)
        if cached is None:
            cached = tuple((self._key(part), part) for part in self.parts(word))
            self._keys[word] = cached
        return cached

    def _key(self, part: str) -> str:
        if part in SHARED_NEGATORS:
            return NEGATION_KEY
        return stem(part) if self._may_match(part) else part

    def _may_match(self, word: str) -> bool:
        # a stem keeps the word's first letters: a key of 4+ letters shares the
        # word's first 4, a shorter key is a prefix of the word
        return any(word[:n] in self._prefixes for n in range(1, PREFIX + 1))

    def stem(self, text: str) -> list[str]:
        """The stemmed words of a text, stop words dropped (for fuzzy comparison)."""
        return [stem(part) for w in words(text) if w not in STOP_WORDS for part in self.parts(w)]

    # -- terms and texts -----------------------------------------------------

    def term(self, term: str) -> _Term:
        return self.prepare([term])[0]

    def prepare(self, terms: Iterable[str]) -> list[_Term]:
        """Compile terms (cached). Do it for all terms before matching: a new
        term word makes the analysed texts stale, as its words were not stemmed."""
        compiled = [self._terms.get(term) or self._compile(term) for term in terms]
        prefixes = {key[:PREFIX] for term in compiled for alt in term.alternatives for key in alt}
        if not prefixes <= self._prefixes:
            self._prefixes |= prefixes
            self._keys.clear()
            self._texts.clear()
        return compiled

    def _compile(self, term: str) -> _Term:
        raw = words(term)
        content = [w for w in raw if w not in STOP_WORDS] or raw
        parts = [part for w in content for part in self.parts(w)]
        keys = tuple(NEGATION_KEY if part in SHARED_NEGATORS else stem(part) for part in parts)
        alternatives = [keys]
        if len(parts) > 1 and all(part.isalpha() for part in parts):
            for i in range(len(parts) - 1):
                merged = stem(parts[i] + parts[i + 1])
                alternatives.append((*keys[:i], merged, *keys[i + 2 :]))
            alternatives.append((stem("".join(parts)),))
        # a prohibition keeps its order: "loss is not a problem" is not "no loss"
        two = len(keys) == 2 and keys[0] != NEGATION_KEY
        swapped = (keys[1], keys[0]) if two else None
        compiled = _Term(term, tuple(dict.fromkeys(alternatives)), swapped)
        self._terms[term] = compiled
        return compiled

    def analyse(self, text: str) -> AnalysedText:
        analysed = self._texts.get(text)
        if analysed is None:
            analysed = AnalysedText(text, self._tokenise(text))
            for pos, token in enumerate(analysed.tokens):
                analysed.index.setdefault(token.key, []).append(pos)
            self._join_pairs(analysed)
            if len(self._texts) > 256:  # answers change as the user types: keep it small
                self._texts.clear()
            self._texts[text] = analysed
        return analysed

    def _tokenise(self, text: str) -> list[Token]:
        clean = _clean(text)  # same length as text: offsets stay valid
        tokens: list[Token] = []
        clause = sentence = 0
        previous_end = 0
        for match in _TOKEN.finditer(clean):
            gap = clean[previous_end : match.start()]
            word = match.group()
            if _SENTENCE_END.search(gap):
                sentence += 1
                clause += 1
            elif _CLAUSE_END.search(gap) or word in CLAUSE_WORDS:
                clause += 1
            for key, part in self.keys(word):
                tokens.append(Token(key, part, match.start(), match.end(), clause, sentence))
            previous_end = match.end()
        return tokens

    def _join_pairs(self, text: AnalysedText) -> None:
        """Key each two neighbouring words as one ("fan out" -> "fanout"), for
        the pairs that could be a term word: stemming every pair costs too much."""
        text.pairs = [None] * len(text.tokens)
        for pos, (token, after) in enumerate(itertools.pairwise(text.tokens)):
            both = token.word + after.word
            if (
                both[:PREFIX] in self._prefixes
                and after.sentence == token.sentence
                and both.isalpha()
            ):
                joined = text.pairs[pos] = stem(both)
                text.joined.setdefault(joined, []).append(pos)

    # -- matching ------------------------------------------------------------

    def find(self, text: str, terms: Iterable[str]) -> Evidence | None:
        """The first of `terms` the text covers, with where; None if none."""
        compiled = self.prepare(terms)  # first: they decide which words are stemmed
        analysed = self.analyse(text)
        if not analysed.tokens:
            return None
        for term in compiled:
            span = self._locate(analysed, term)
            if span is not None:
                start, end = span
                first, last = analysed.tokens[start], analysed.tokens[end]
                quote = text[first.start : last.end]
                return Evidence(term.text, first.start, last.end, quote)
        return None

    def covers(self, text: str, terms: Iterable[str]) -> bool:
        return self.find(text, terms) is not None

    def _locate(self, text: AnalysedText, term: _Term) -> tuple[int, int] | None:
        """Token span of the first non-negated occurrence of a term."""
        spans: set[tuple[int, int]] = set()
        for keys in term.alternatives:
            starts = text.index.get(keys[0], []) + text.joined.get(keys[0], [])
            for start in starts:
                end = _follow(text, keys, start)
                if end is not None:
                    spans.add((start, end))
        if term.swapped is not None:
            for start in text.index.get(term.swapped[0], []):
                end = _follow(text, term.swapped, start)
                if end is not None and text.tokens[end].clause == text.tokens[start].clause:
                    spans.add((start, end))
        for start, end in sorted(spans):
            if not _negated(text.tokens, start):
                return start, end
        return None


def _follow(text: AnalysedText, keys: tuple[str, ...], start: int) -> int | None:
    """Last token position when `keys` appear in order from `start`, at most
    EXTRA_GAP other tokens between them, in one sentence; a key may also be
    two tokens written apart ("fan out" for "fanout")."""
    tokens = text.tokens
    limit = start + len(keys) + EXTRA_GAP
    sentence = tokens[start].sentence
    pos, last = start, start
    for number, key in enumerate(keys):
        while pos < min(limit, len(tokens)) and tokens[pos].sentence == sentence:
            if tokens[pos].key == key:
                pos, last = pos + 1, pos
                break
            if text.pairs[pos] == key:
                pos, last, limit = pos + 2, pos + 1, limit + 1
                break
            if number == 0:
                return None  # the first key must sit at `start`
            if number == 1 and keys[0] == tokens[pos].key == NEGATION_KEY:
                return None  # "cannot have no X": the nearer negation starts the term
            pos += 1
        else:
            return None
    return last


def _negated(tokens: list[Token], start: int) -> bool:
    clause = tokens[start].clause
    for pos in range(start - 1, max(-1, start - 1 - NEGATION_SCOPE), -1):
        token = tokens[pos]
        if token.clause != clause:
            return False
        if token.word in NEGATORS:
            after = tokens[pos + 1].word
            return after not in NOT_NEGATING_NEXT
    return False


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
    """The Matcher for a problem: its vocabulary as lexicon, its terms precompiled.

    Cached per problem object, so scoring every phase stems the terms once.
    """
    return per_problem(problem, "matcher", _build_matcher)


def _build_matcher(problem: Problem) -> Matcher:
    lexicon = _strings(problem.model_dump(mode="json", exclude={"reference_design"}))
    terms = [term for item in _rubric_items(problem) for term in item.terms]
    return Matcher(lexicon=lexicon, terms=terms)


def _rubric_items(problem: Problem) -> list[RubricItem]:
    items = problem.rubric.all_items()
    for curveball in problem.curveballs:
        items += curveball.rubric
    return items


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []
