"""An answer cut into units (sentences, bullets, note lines), each analysed once.

A rubric idea is judged inside one unit: its concepts must be said together.
Each unit also knows how much it says: the function words, numbers, verb forms
and relations ("->", "=", "x", "+", "20:1") that show something is said about
its terms. A unit that is a long run of bare terms, comma- or space-separated,
is a list: it names things without saying anything about them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from coach.scoring.vocabulary import PREFIX, Vocabulary
from coach.scoring.words import FUNCTION_WORDS, TOKEN, clean, stem

_UNIT_END = re.compile(r"[!?;\n]|\.(?!\d)")
_CLAUSE_END = re.compile(r"[,:()\[\]\"\u2013\u2014]|--| - ")
_SEGMENT_END = re.compile(r"[,:]")
_STRONG_END = re.compile(r"[:()\[\]\"\u2013\u2014]|--| - ")
_RELATION = re.compile(r"->|=>|\u2192|[=+<>~\u2248%*\u00d7/(]|\d\s*:\s*\d")
# Words after which a full stop does not end a sentence.
_ABBREVIATED = frozenset({"e", "g", "i", "eg", "ie", "vs", "etc", "approx", "incl", "cf", "ca"})
CLAUSE_WORDS = frozenset(
    {"but", "so", "because", "since", "then", "while", "although", "though", "however", "and"}
)

LIST_SEGMENTS = 5  # a unit of this many comma-separated segments may be a list...
LIST_BARE_SHARE = 0.6  # ...when this share of them are bare terms...
LIST_SEGMENTS_SAID_SHARE = 0.2  # ...and the words around them say little,
LONG_LIST_SEGMENTS = 12  # ...or there are this many segments
LIST_WORDS = 10  # a unit of this many words with almost no function words...
LIST_SAID_SHARE = 0.08  # ...(under this share) is a space-separated list
BARE_WORDS = 4  # a segment of at most this many words, none of them saying anything


@dataclass(frozen=True)
class Token:
    """One word of the analysed text: its matching key, the word it stands for,
    and where it was typed (several tokens share a span when an abbreviation
    expands: "LB" is "load" and "balancer")."""

    key: str
    word: str
    start: int
    end: int
    clause: int
    segment: int
    said: bool  # a function word, number, verb form or relation
    boundary: str = ""  # what comes before it: "," a comma, "|" a clause mark, "" a space


@dataclass
class Unit:
    """One sentence, bullet or note line of an answer."""

    text: str  # the whole answer the unit is part of
    start: int
    end: int
    tokens: list[Token]
    said: int  # tokens that say something (see `Token.said`)
    words: int  # typed words
    segments: int
    bare_segments: frozenset[int]  # segments that are bare terms
    headed: bool  # starts with a label ("Monitor: lag, p99, errors") that heads every segment
    index: dict[str, list[int]] = field(default_factory=dict)  # key -> positions
    # pairs of neighbouring words by the first letters they make together
    pair_starts: dict[str, list[int]] = field(default_factory=dict)
    cache: dict[object, object] = field(default_factory=dict)  # per unit, for the matcher

    @property
    def is_list(self) -> bool:
        """A run of terms with nothing said about them."""
        bare = len(self.bare_segments)
        segmented = self.segments >= LIST_SEGMENTS and bare >= LIST_BARE_SHARE * self.segments
        quiet = self.said < LIST_SEGMENTS_SAID_SHARE * self.words
        if segmented and (quiet or self.segments >= LONG_LIST_SEGMENTS):
            return True  # "a, b, c, d, e": not "we store (id, user, text, time) in a table"
        return self.words >= LIST_WORDS and self.said < LIST_SAID_SHARE * self.words

    def segment_is_bare(self, segment: int) -> bool:
        return segment in self.bare_segments

    def joined(self, key: str) -> list[int]:
        """Positions i where tokens i and i+1, written as one word, have this key
        ("fan out" for "fanout")."""
        starts = self.pair_starts.get(key[:PREFIX])
        if not starts:
            return []
        found = self.cache.get(("joined", key))
        if found is None:
            found = [
                pos
                for pos in starts
                if stem(self.tokens[pos].word + self.tokens[pos + 1].word) == key
            ]
            self.cache[("joined", key)] = found
        return found  # type: ignore[return-value]

    def pair_is(self, pos: int, key: str) -> bool:
        return pos in self.joined(key) if pos + 1 < len(self.tokens) else False

    def quote(self, first: int, last: int) -> tuple[int, int, str]:
        """The typed text from token `first` to token `last`: (start, end, words)."""
        start, end = self.tokens[first].start, self.tokens[last].end
        return start, end, self.text[start:end]


def analyse(text: str, vocabulary: Vocabulary) -> list[Unit]:
    """The units of a text, in order; empty text has none."""
    lowered = clean(text)
    units: list[Unit] = []
    tokens: list[Token] = []
    counts = _Counts()
    previous_end, previous_word, clause, segment = 0, "", 0, 0
    for match in TOKEN.finditer(lowered):
        gap, word = lowered[previous_end : match.start()], match.group()
        if tokens and _ends_unit(gap, previous_word):
            units.append(_unit(text, tokens, counts))
            tokens, counts, clause, segment = [], _Counts(), 0, 0
        elif tokens:
            clause += bool(_CLAUSE_END.search(gap) or word in CLAUSE_WORDS)
            if _SEGMENT_END.search(gap):
                counts.headed = counts.headed or (segment == 0 and ":" in gap)
                segment += 1
        said = _says(word, gap, previous_word)
        counts.add(segment, said)
        boundary = _boundary(gap) if tokens else ""
        for key, part in vocabulary.keys(word):
            token = Token(key, part, match.start(), match.end(), clause, segment, said, boundary)
            tokens.append(token)
            boundary = ""
        previous_end, previous_word = match.end(), word
    if tokens:
        units.append(_unit(text, tokens, counts))
    for unit in units:
        _index(unit)
    return units


def _ends_unit(gap: str, previous_word: str) -> bool:
    found = _UNIT_END.search(gap)
    if found is None:
        return False
    return not (found.group() == "." and previous_word in _ABBREVIATED and "\n" not in gap)


def _boundary(gap: str) -> str:
    if _STRONG_END.search(gap):
        return "|"
    return "," if "," in gap else ""


def _says(word: str, gap: str, previous_word: str) -> bool:
    """Whether a typed word says something about the terms around it."""
    if word in FUNCTION_WORDS or word[0].isdigit() or _RELATION.search(gap):
        return True
    if word == "x" and previous_word[:1].isdigit():  # "5.8K x 200"
        return True
    return len(word) >= 5 and word.isalpha() and word.endswith(("ed", "ing"))


@dataclass
class _Counts:
    said: int = 0
    words: int = 0
    headed: bool = False  # the first segment ends with a colon: a label
    segment_words: dict[int, int] = field(default_factory=dict)
    segment_said: dict[int, int] = field(default_factory=dict)

    def add(self, segment: int, said: bool) -> None:
        self.words += 1
        self.said += said
        self.segment_words[segment] = self.segment_words.get(segment, 0) + 1
        self.segment_said[segment] = self.segment_said.get(segment, 0) + said


def _unit(text: str, tokens: list[Token], counts: _Counts) -> Unit:
    bare = frozenset(
        seg
        for seg, n in counts.segment_words.items()
        if n <= BARE_WORDS and not counts.segment_said.get(seg)
    )
    return Unit(
        text=text,
        start=tokens[0].start,
        end=tokens[-1].end,
        tokens=tokens,
        said=counts.said,
        words=counts.words,
        segments=len(counts.segment_words),
        bare_segments=bare,
        headed=counts.headed,
    )


def _index(unit: Unit) -> None:
    """Positions of each key, and of each two neighbouring words by the first
    letters they make together (stemmed only when a phrase asks for them)."""
    for pos, token in enumerate(unit.tokens):
        unit.index.setdefault(token.key, []).append(pos)
    for pos in range(len(unit.tokens) - 1):
        first, second = unit.tokens[pos], unit.tokens[pos + 1]
        both = first.word + second.word
        if both.isalpha() and first.start != second.start:
            unit.pair_starts.setdefault(both[:PREFIX], []).append(pos)
