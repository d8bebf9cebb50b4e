"""Words: tokens with their place in the user's text, stems, and the small word lists.

Everything here is the same for every problem; what a word means for one
problem (its abbreviations, its vocabulary for typos) is `vocabulary.py`.
"""

from __future__ import annotations

import re
from functools import lru_cache

import snowballstemmer


def wordset(block: str) -> frozenset[str]:
    """A word list written as a block of text, so data reads as data."""
    return frozenset(block.split())


# A number ("1,200", "5.8") is its own token, so "200ms" is "200" "ms" and "1.2M"
# is "1.2" "m"; a word may hold digits after a letter ("p99", "k8s"). A letter,
# a slash and maybe a letter ("k/v", "w/o", "w/") is one token when it is a
# lexicon abbreviation, else two ("k/s" in "5.8K/s" is thousand per second).
TOKEN = re.compile(
    r"(?<![a-z0-9])[a-z]/[a-z]?(?![a-z0-9/])|\d+(?:[.,]\d+)*|[a-z][a-z0-9]*(?:'[a-z]+)?"
)

# Function words a phrase need not repeat to match ("single point of failure").
# Where a unit (a sentence, a bullet, a note line) ends: "!", "?", a line break, or a
# full stop that is no decimal point.
UNIT_END = re.compile(r"[!?\n]|\.(?!\d)")
# Words that point back at what was said before: "skip it", "I'd rather avoid that".
POINTERS = wordset("it that this them those these")
STOP_WORDS = wordset("a an the of to in on at for by with is are be it its as or per")

# Words that carry the grammar of a sentence: a unit that has them says
# something about the terms in it; a list of terms has almost none.
FUNCTION_WORDS = wordset(
    """a an the of to in on at for by with from into onto over under per via than then
    is are was were be been being am do does did done has have had will would can could
    should shall may might must it its this that these those we i you they he she our
    their there which who whom whose what when where how why if so because since as and
    or but not no nor never each every all any some more most less fewer many much
    only just also very still even once after before until while both either neither
    keep keeps use uses need needs get gets make makes go goes put puts let lets
    instead rather it's that's there's here's what's we're they're you're i'm i'd we'd
    they'd you'd i'll we'll they'll you'll i've we've they've you've"""
)

# Negation words. "avoid" and "prevent" are not here on purpose: "avoid a single
# point of failure" shows the candidate knows the problem.
NEGATORS = wordset(
    """no not never without nor neither none nothing cannot dont wont cant isnt arent
    wasnt werent doesnt didnt shouldnt wouldnt couldnt neednt hasnt havent skip skipping
    skipped"""
)
# A phrase that begins with a negation states a prohibition ("no double booking");
# people say it with any negation word ("we can't double-book", "never double
# booked"), so these words share one key. "skip" stays itself: it is also a noun.
NEGATION_KEY = "<negation>"
SHARED_NEGATORS = NEGATORS - wordset("skip skipping skipped")

_STEMMER = snowballstemmer.stemmer("english")


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The snowball English stem of a lower-case word (cached: the pure-Python
    stemmer costs ~40 us a word, and the same words come back all the time)."""
    return _STEMMER.stemWord(word)


def clean(text: str) -> str:
    """Lower case, one character for one: offsets stay offsets into the user's text."""
    lowered = text.lower()
    if len(lowered) != len(text):  # a few letters ("İ") lower-case to two characters
        lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    return lowered.replace("\u2019", "'").replace("\u2018", "'")


def words(text: str) -> list[str]:
    """The lower-case word tokens of a text ('fan-out' -> 'fan', 'out')."""
    return [part for match in TOKEN.finditer(clean(text)) for part in _split(match.group())]


def _split(token: str) -> tuple[str, ...]:
    if "/" in token:
        return tuple(part for part in token.split("/") if part)
    return (token,)


def plain(word: str) -> str:
    """A contraction written without its apostrophe ("don't" -> "dont")."""
    return word.replace("'", "") if word.endswith("n't") else word
