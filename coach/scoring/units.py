"""An answer cut into units (sentences, bullets, note lines), each analysed once.

A rubric idea is judged inside one unit: its concepts must be said together.
Each unit also knows how much it says: the function words, numbers, verb forms
and relations ("->", "=", "x", "+", "20:1") that show something is said about
its terms. A unit that is a run of bare terms is a list: it names things
without saying anything about them, whatever separates the terms (commas,
slashes, pipes, bullets, or spaces alone, as in a pasted glossary). A
statement has function words or relations every few words; a list has long
runs of terms without them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from coach.scoring.replies import answers, verdict_on_previous
from coach.scoring.vocabulary import PREFIX, Vocabulary
from coach.scoring.words import (
    FUNCTION_WORDS,
    NEGATION_KEY,
    TOKEN,
    UNIT_END,
    clean,
    stem,
    wordset,
)

# a line that ends without punctuation, a single line break, and a next line that
# is no list item: maybe a sentence wrapped in two (see `unwrap`)
# (maybe indented, as a numbered item's second line is)
_WRAPPED = re.compile(r"(?m)^([^\n]*[^\s.!?:;\n])\n([ \t]*)(?!(?:[-*+>\u2022]|\d+[.)])\s)(?=(\S))")
_LABEL = re.compile(r"[\w/+ -]{1,30}:\s")  # a note line's label: a new note, not a wrapped line
WRAP_LINE = 40  # characters: a shorter line is a note of its own, not a wrapped one
# A markdown heading ("## Fan-out") names what follows; it says nothing of it.
_HEADING = re.compile(r"(?m)^[ \t]*#{1,6}[ \t][^\n]*")
_BULLET = re.compile(r"\n[ \t]*[*+\u2022][ \t]")  # "\n* Redis": a bullet, not a product
_CLAUSE_END = re.compile(r"[,;:()\[\]\"\u2013\u2014|\u2022\u00b7]|--| - ")
_SEGMENT_END = re.compile(r"[,;:|\u2022\u00b7]")
_STRONG_END = re.compile(r"[;:()\[\]\"\u2013\u2014|\u2022\u00b7]|--| - ")
_RELATION = re.compile(r"->|=>|\u2192|[=<>~\u2248%*\u00d7(]|\d\s*:\s*\d")
# "/" and "+" relate figures ("5.8K/s", "2.6 TB + 0.5 TB") but join terms ("H3/S2",
# "Kafka + Redis"): next to a number they say something, elsewhere they separate.
# A "/" after a space and before a word starts a path ("GET /{code}"): no joiner.
_JOINER = re.compile(r"(?<![-=])\+|(?<![-=\s])/|(?<=\s)/(?=\s)")
# Relations that state something on their own: an arrow, an equation, a ratio.
# ("+", "(", "/" and "*" join terms as often as they relate them.)
_STATING = re.compile(r"->|=>|\u2192|[=<>\u2248%\u00d7]|\d\s*:\s*\d")
# Words after which a full stop does not end a sentence.
_ABBREVIATED = frozenset({"e", "g", "i", "eg", "ie", "vs", "etc", "approx", "incl", "cf", "ca"})
CLAUSE_WORDS = frozenset(
    {"but", "so", "because", "since", "then", "while", "although", "though", "however", "and"}
)
# Units a number is given in: "200ms", "1.6 TB", "5.8K/s", "every 4 s", "x3".
UNIT_WORDS = wordset(
    """k m b t bn mn kb mb gb tb pb eb kib mib gib tib byte bytes bit bits bps kbps
    mbps gbps tbps ms us s sec secs second seconds min mins minute minutes h hr hrs
    hour hours d day days wk week weeks mo month months y yr yrs year years x qps rps
    percent"""
)

LIST_SEGMENTS = 5  # a unit of this many comma-separated segments may be a list...
LIST_BARE_SHARE = 0.6  # ...when this share of them are bare terms...
LIST_SEGMENTS_SAID_SHARE = 0.2  # ...and the words around them say little,
LONG_LIST_SEGMENTS = 12  # ...or there are this many segments
LIST_WORDS = 10  # a unit of this many words with almost no function words...
LIST_SAID_SHARE = 0.08  # ...(under this share) is a space-separated list
LIST_LINE_WORDS = 6  # a unit this short may be one item of a list, one per line
TERM_WORDS = 3  # a unit this short with one word that says something is still a term
BARE_WORDS = 4  # a segment of at most this many words, none of them saying anything
# A statement has a function word, a relation or a number every few words; the
# longest such stretch in the calibration answers is 9 words, while a glossary
# pasted without commas runs to dozens.
RUN_WORDS = 12  # a stretch of this many terms with nothing between them is a list...
RUN_ON_WORDS = 20  # ...and a unit of this many words...
RUN_ON_SHARE = 0.12  # ...whose words state this little is a list as a whole
NUMBER_NEAR = 3  # words after a number where "/" is "per" ("5.8K/s", "2 trips/driver")


@dataclass(frozen=True, slots=True)
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
    states: bool = False  # a function word, a stating relation, or a number's unit
    bare: bool = False  # a term after a space or a hyphen: no function word, number or relation
    colon: bool = False  # a colon comes before it
    verdict: bool = False  # it opens a sentence whose verdict turns down the one before


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
    run_on: bool = False  # a long run of terms with almost nothing stated: a list
    listed_with: int = -1  # in a list of short units ("Redis; Kafka; CDN"): its first unit
    index: dict[str, list[int]] = field(default_factory=dict)  # key -> positions
    # pairs of neighbouring words by the first letters they make together
    pair_starts: dict[str, list[int]] = field(default_factory=dict)
    cache: dict[object, object] = field(default_factory=dict)  # per unit, for the matcher

    @property
    def is_list(self) -> bool:
        """A run of terms with nothing said about them."""
        if self.run_on or self.listed_with >= 0:
            return True
        bare = len(self.bare_segments)
        segmented = self.segments >= LIST_SEGMENTS and bare >= LIST_BARE_SHARE * self.segments
        quiet = self.said < LIST_SEGMENTS_SAID_SHARE * self.words
        if segmented and (quiet or self.segments >= LONG_LIST_SEGMENTS):
            return True  # "a, b, c, d, e": not "we store (id, user, text, time) in a table"
        return self.words >= LIST_WORDS and self.said < LIST_SAID_SHARE * self.words

    @property
    def asks(self) -> bool:
        """Whether the unit is a question: a "?" closes it."""
        return self.text[self.end :].lstrip().startswith("?")

    @property
    def is_bare(self) -> bool:
        """A few words with nothing said about them ("Redis", "- sharding")."""
        return self.words <= BARE_WORDS and self.said == 0

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


def unwrap(text: str) -> str:
    """The text with soft line breaks made spaces, one character for one.

    A line wrapped in the middle of a sentence ("... but I" / "wouldn't do
    that.") goes on; a line of notes or a list item ends its unit. A break is
    soft when the line before is long and ends without punctuation, and the
    next line is no list item and starts in lower case or follows a word that
    cannot end a sentence ("I", "the", "and").
    """
    return _WRAPPED.sub(_soft_break, text) if "\n" in text else text


def _soft_break(match: re.Match[str]) -> str:
    line, indent, after = match.group(1), match.group(2), match.group(3)
    last = line.split()[-1].lower() if line.split() else ""
    soft = len(line.strip()) >= WRAP_LINE and (after[:1].islower() or last in FUNCTION_WORDS)
    labelled = _LABEL.match(match.string, match.end())  # "data plane: OCAs in ISPs"
    return f"{line} {indent}" if soft and not labelled else match.group()


def analyse(text: str, vocabulary: Vocabulary) -> list[Unit]:
    """The units of a text, in order; empty text has none."""
    lowered = _HEADING.sub(lambda m: " " * len(m.group()), clean(unwrap(text)))
    pieces: list[list[Token]] = []
    tokens: list[Token] = []
    previous_end, previous_word, clause, segment = 0, "", 0, 0
    since_number = NUMBER_NEAR + 1  # typed words since the last number
    for match in TOKEN.finditer(lowered):
        gap, word = lowered[previous_end : match.start()], match.group()
        joiner = bool(_JOINER.search(gap))
        per = joiner and (since_number <= NUMBER_NEAR or word[0].isdigit())  # "5.8K/s"
        ends = bool(tokens) and _ends_unit(gap, previous_word)
        verdict = ends and "?" not in gap and verdict_on_previous(lowered, match.start())
        replied = ends and (verdict or _answered(tokens, gap, lowered, match.start()))
        if ends and not replied:
            pieces.append(tokens)
            tokens, clause, segment = [], 0, 0
        elif tokens:
            clause += bool(_CLAUSE_END.search(gap) or word in CLAUSE_WORDS)
            if _SEGMENT_END.search(gap) or (joiner and not per):
                segment += 1
        marks = _BULLET.sub("\n", gap)  # a "* " bullet relates nothing
        said = _says(word, marks, previous_word, per)
        states = _states(word, marks, previous_word)
        plain = gap.strip() in ("", "-") and " - " not in gap
        term = not states and not word[0].isdigit()
        bare = plain and term and bool(tokens)
        boundary = "|" if replied else _boundary(gap, joiner and not per) if tokens else ""
        colon = ":" in gap
        for key, part in vocabulary.keys(word):
            tokens.append(
                Token(
                    key, part, match.start(), match.end(), clause, segment, said, boundary,
                    states, bare, colon, verdict,
                )
            )  # fmt: skip
            boundary, verdict = "", False
        since_number = 0 if word[0].isdigit() else since_number + 1
        previous_end, previous_word = match.end(), word
    if tokens:
        pieces.append(tokens)
    units = [unit for piece in pieces for unit in _units(text, piece)]
    _group_lists(units)
    for unit in units:
        _index(unit)
    return units


def _group_lists(units: list[Unit]) -> None:
    """Short units in a row, most of them bare terms, are one list, as if commas
    separated them: "Redis; Kafka; CDN; sharding; replicas", or one per line."""
    run: list[int] = []
    for at in range(len(units) + 1):
        if at < len(units) and units[at].words <= LIST_LINE_WORDS:
            run.append(at)
            continue
        bare = sum(_term(units[i]) for i in run)
        if len(run) >= LIST_SEGMENTS and bare >= LIST_BARE_SHARE * len(run):
            for i in run:
                units[i].listed_with = run[0]
        run = []


def _term(unit: Unit) -> bool:
    """A unit that is a term: nothing said ("Kafka"), or a few words with one verb form
    or small word and no figure ("batch matching", "ETA ranking", "in-memory index")."""
    if unit.said == 0:
        return True
    words = unit.text[unit.start : unit.end]
    return unit.words <= TERM_WORDS and unit.said <= 1 and not any(c.isdigit() for c in words)


def _answered(tokens: list[Token], gap: str, text: str, at: int) -> bool:
    """Whether the sentence at `at` answers the one in `tokens` (see `replies`)."""
    negated = any(t.key == NEGATION_KEY for t in tokens)
    return answers([t.word for t in tokens], negated, gap, text, at)


def _ends_unit(gap: str, previous_word: str) -> bool:
    found = UNIT_END.search(gap)
    if found is None:
        return False
    return not (found.group() == "." and previous_word in _ABBREVIATED and "\n" not in gap)


def _boundary(gap: str, joins: bool) -> str:
    if _STRONG_END.search(gap):
        return "|"
    return "," if "," in gap or joins else ""


def _says(word: str, gap: str, previous_word: str, per: bool) -> bool:
    """Whether a typed word says something about the terms around it."""
    if word in FUNCTION_WORDS or word[0].isdigit() or _RELATION.search(gap) or per:
        return True
    if word == "x" and previous_word[:1].isdigit():  # "5.8K x 200"
        return True
    return len(word) >= 5 and word.isalpha() and word.endswith(("ed", "ing"))


def _states(word: str, gap: str, previous_word: str) -> bool:
    """Whether a typed word is a sign of a statement, as lists of terms have
    none: a function word, an arrow or an equation, a number's unit ("200ms")."""
    if word in FUNCTION_WORDS or _STATING.search(gap):
        return True
    return previous_word[:1].isdigit() and word in UNIT_WORDS


def _units(text: str, tokens: list[Token]) -> list[Unit]:
    """One piece of text between unit ends, as units: one, a list when it is a
    long run of terms that states almost nothing, or, when a statement holds a
    long run of terms ("we use kafka redis cassandra ..."), the run cut out as
    a list of its own so it does not borrow the statement's words."""
    starts = [i for i, t in enumerate(tokens) if i == 0 or tokens[i - 1].start != t.start]
    if len(starts) >= RUN_ON_WORDS and _stating([tokens[i] for i in starts]) < RUN_ON_SHARE * len(
        starts
    ):
        return [_unit(text, tokens, run_on=True)]
    runs = _runs([tokens[i] for i in starts])
    if not runs:
        return [_unit(text, tokens)]
    units, at = [], 0
    for first, last in runs:
        begin = starts[first]
        end = starts[last + 1] if last + 1 < len(starts) else len(tokens)
        if begin > at:
            units.append(_unit(text, tokens[at:begin]))
        units.append(_unit(text, tokens[begin:end], run_on=True))
        at = end
    if at < len(tokens):
        units.append(_unit(text, tokens[at:]))
    return units


def _stating(words: list[Token]) -> int:
    """Words that make a statement: function words and relations. A figure's unit
    ("116K/s", "18TB/year") does not: a glossary pasted with figures in it
    ("QPS 1160/s 116K/s peak DAU MAU 500M ...") states nothing more for them."""
    return sum(
        word.states and not (word.word in UNIT_WORDS and at and words[at - 1].word[:1].isdigit())
        for at, word in enumerate(words)
    )


def _runs(words: list[Token]) -> list[tuple[int, int]]:
    """(first, last) typed words of each run of RUN_WORDS or more terms with
    only spaces between them (a term begins a run; bare terms go on with it)."""
    runs = []
    start: int | None = None
    for i, word in enumerate([*words, None]):
        if word is not None and word.bare and start is not None:
            continue
        if start is not None and i - start >= RUN_WORDS:
            runs.append((start, i - 1))
        term = word is not None and not word.states and not word.word[:1].isdigit()
        start = i if term else None
    return runs


def _unit(text: str, tokens: list[Token], *, run_on: bool = False) -> Unit:
    words = [t for i, t in enumerate(tokens) if i == 0 or tokens[i - 1].start != t.start]
    base = words[0].segment
    segment_words: dict[int, int] = {}
    segment_said: dict[int, int] = {}
    for word in words:
        seg = word.segment - base
        segment_words[seg] = segment_words.get(seg, 0) + 1
        # a short segment's gerund names a technique ("tiered caching"); only a
        # function word, a relation or a number makes it say something
        segment_said[seg] = segment_said.get(seg, 0) + word.states
    if base:
        tokens = [_rebased(t, base) for t in tokens]
    bare = frozenset(
        seg for seg, n in segment_words.items() if n <= BARE_WORDS and not segment_said[seg]
    )
    second = next((w for w in words if w.segment - base == 1), None)
    return Unit(
        text=text,
        start=tokens[0].start,
        end=tokens[-1].end,
        tokens=tokens,
        said=sum(w.said for w in words),
        words=len(words),
        segments=len(segment_words),
        bare_segments=bare,
        headed=second is not None and second.colon,
        run_on=run_on,
    )


def _rebased(token: Token, base: int) -> Token:
    return replace(token, segment=token.segment - base)


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
