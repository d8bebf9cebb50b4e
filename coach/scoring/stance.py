"""Ideas put forward as someone else's, then turned down in the sentences after.

Candidates often name an idea as what is usually done ("The conventional answer is
to publish each tweet onto Kafka", "One could put a cache in front") and give their
verdict later: after a "but" in the same sentence, or in the next sentence or two,
in words of their own ("A queue does decouple posting, but it is arguably
unwarranted", "I have weighed it and decided against it"). `negation` reads the
words around an idea inside its unit; this module reads the stance a reported idea
is given in the window after it, so the verdict may come in any sentence shape.

Only ideas put forward are read this way (reported, supposed, offered, asked about or
named in a heading), and verdicts inside a sentence: the user's own design ("We cache
timelines in Redis") is never undone by a refusal two sentences later, which is
usually about something else ("... we skip inactive users").
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

from coach.scoring.replies import REPORTERS, reports
from coach.scoring.units import Unit
from coach.scoring.words import POINTERS, wordset

WINDOW = 2  # sentences after a reported idea that may hold the verdict on it
_CONTRAST = re.compile(
    r"\b(?:but|though|although|however|whereas|nonetheless|nevertheless)\b|;|: | - | -- |—"
)
_SENTENCE_END = re.compile(r"[.!?] ")  # inside a unit that joins a sentence and its reply
# A verdict against something: turning it down, putting it off or doing without it.
# Verbs that are ordinary design words ("skip", "avoid", "decline") count only with
# what points back at the idea ("skip it", "I'd rather avoid that").
_POINTER = r"(?:" + "|".join(sorted(POINTERS)) + r")\b"
_AGAINST = re.compile(
    r"\b(?:"
    r"forgo\w*|unwarranted|unjustified|unjustifiable|overkill|unnecessary|needless"
    r"|superfluous|premature|yagni|nah|nope|meh"
    r"|(?:not|isn't|isnt|aren't|arent|wasn't|wasnt) (?:\w+ )?(?:worth|justified|justifiable"
    r"|defensible|necessary|needed|warranted|convinced|sold)"
    r"|(?:leave|leaving|left) (?:\w+ ){0,3}?out|(?:do|doing|go|live|manage|managing) without"
    r"|get away without|hold off|put off|postpon\w+|punt\w*|shelve|steer clear|defer\w*"
    r"|not (?:\w+ ){0,6}?(?:earns? its keep|pays? for itself)"
    r"|(?:skip|skipping|avoid|avoiding|decline|declining|drop|dropping"
    r"|park|parking|pass on|passing on|rule out|ruling out) " + _POINTER + r"|decided against"
    r"|against (?:it|that|this|them)\b"
    r"|(?:start|begin|launch|ship|go|live|manage|do|doing|starting) without|can wait|a no\b"
    r"|(?:set|put|leave|leaving|setting|putting) (?:\w+ ){0,2}?aside|nice[- ]to[- ]have"
    r"|not worry|back pocket|in reserve|for later|revisit|accept the risk"
    r"|(?:add|bolt|come|wait|revisit|build|do) (?:\w+ ){0,3}?later"
    r"|(?:not|n't|nt) (?:\w+ )?(?:going|go|opting|opt) for|not (?:\w+ )?in favou?r"
    r"|(?:not|\w+n't|\w+nt) (?:\w+ ){0,4}?(?:needed|required|necessary|worth it|worth the)\b"
    r"|(?:\w+n't|\w+nt|not) (?:\w+ ){0,3}?need (?:it|that|this|them|the|to go there)\b"
    # "we don't do it for now" refuses; "we don't do it for them" only narrows it
    r"|(?:not|\w+n't) (?:\w+ ){0,2}?(?:do|doing) (?:it|that|this)\b"
    r"(?! for (?!(?:now|us|me|v1|today|later|sure)\b))|my concern"
    r"|(?:not|\w+n't) see (?:a |any |the |much )?(?:reason|need|point|benefit|value)"
    r"|not for (?:me|us)\b|prefer not|prefer to avoid|(?:i|we)(?:'d| would)? (?:\w+ )?prefer\b"
    r"|over-?engineer\w*|gold-?plat\w*"
    r"|not something (?:i|we)\b|does not apply|doesn't apply"
    r"|not (?:right )?now\b|not yet\b|not today\b|not for now\b"
    r"|not (?:\w+ )?(?:adding|using|building|doing|introducing|including)\b"
    r"|phase (?:two|2) item|(?:i'm|i am|we're|we are) avoiding"
    r"|rather (?:not|avoid|keep|stick|skip|go without)|no need|no point"
    r"|(?:won't|wont|wouldn't|wouldnt|will not|would not|don't|dont|do not|not going to"
    r"|not gonna) (?:\w+ ){0,2}?(?:use|build|add|adopt|bother|introduce|pursue|include"
    r"|implement|recommend|want)\b"
    r"|(?:doesn't|does not|don't|do not|cannot|can't|cant|can not) (?:really )?"
    r"(?:buy|earn|pay|justify)"
    r"|(?:i|we)(?:'d| would| will|'ll)? (?:\w+ )?declin\w+"
    r"|(?:not|n't) (?:going to|gonna)(?= *(?:[.!;]|$))|give (?:it|that|this|them) a miss"
    r"|(?:also|that's a|it's a) no\b(?! \w)"
    r"|(?:i'm|i am|we're|we are|gonna|going to|i'll|we'll|i'd|we'd) (?:\w+ )?pass on"
    r")"
)

# A choice of something else, in a sentence after an idea put forward as an option:
# "... so the apps will poll the API instead", "the bounding box is good enough for
# me", "I'm keeping it all in one table for simplicity".
_RIVAL = re.compile(
    r"\b(?:instead(?! of)|good enough|is enough|are enough|suffices?|for simplicity"
    r"|(?:i|we)(?:'ll| will| shall|'d| would)? (?:just |simply )?(?:stick (?:with|to)|stay with)"
    r"|(?:i|we)(?:'ll| will| shall) (?:just |simply )?(?:let|keep|use)"
    r"|(?:choosing|chose|choose|opting|opted|going) to (?:keep|stay|stick|use|let)"
    r"|(?:rather|more \w+) than (?:we|i) need|not (?:keen|persuaded|fond|a fan|comfortable)"
    r"|pass(?:ing)? over|one more (?:thing|moving part|system|component))\b"
)

# A verdict on the sentence's own subject, wherever it stands: "Replicating hot
# tweets across cache nodes also doesn't buy us much", "X is overkill here".
_VERDICT = re.compile(
    r"\b(?:overkill|unwarranted|unjustified|decided against|not in favou?r|forgo\w*"
    r"|(?:doesn't|does not|don't|do not) (?:really )?buy|not (?:\w+ )?worth (?:it|the)"
    r"|(?:leave|leaving) (?:\w+ ){0,3}?out|yagni|superfluous)\b"
)


MODALS = wordset("would could might")
# "a cache would absorb it", "you'd put Redis in front": anyone's supposition but the
# speaker's ("I'd", "we'd" are their own design)
SUPPOSING = wordset("would you'd they'd")


OPTION_WORDS = wordset(
    "option options alternative alternatives tempting versus vs idea trick remedy argument"
)
CONSIDERED = wordset("consider considered weighed weigh")
WEIGHERS = wordset("i we also did")
WEIGHING = wordset("thought toyed entertained explored contemplated mulled pondered looked")
CONSIDER_WORDS = 6  # how early in a sentence the speaker says they weighed it
# "some people put ...", "most would ...": others, then what they do
SOME_OTHERS = wordset("people folks everyone everybody most many some others")
THEY_DO = wordset("people folks teams would will usually")
OPTION_ADJ = wordset(
    "sophisticated elaborate fancy fancier heavier advanced elegant proper bigger known"
)
# an option called what anyone would reach for, whatever the noun ("lever", "fit")
PRAISED = wordset("obvious natural standard usual classic typical textbook conventional")
OPTION_NOUNS = wordset("""scheme schemes solution solutions setup approach approaches design designs
    architecture technique techniques route way construction machinery trick tricks
    remedy fix answer""")
FINITE = wordset(
    """is are was were be been will would can could should must may might do does did
    has have had i we you they it he she there"""
)
TITLE_WORDS = 14
OPENING = 6  # words before a verdict that opens a sentence
# others (`replies.REPORTERS`) named this early in a sentence are its subject, unless
# a preposition makes them an object ("fan out to people")
SUBJECT_WORDS = 4
PREPOSITIONS = wordset("to for of with by from than about at on in into onto")


def turned_down(text: str, units: Sequence[Unit]) -> dict[int, int]:
    """The units (by position) that put forward ideas the user turns down, each with
    the offset in `text` before which its ideas are turned down: the whole unit, or
    the part up to the end of the verdict's clause ("a CDN is tempting, but not worth
    it; hot codes are cached in Redis" keeps the cache)."""
    lowered = text.lower()
    found = {}
    for number, unit in enumerate(units):
        own = lowered[unit.start : unit.end]
        turn = _CONTRAST.search(own) or _SENTENCE_END.search(own)
        verdict = _AGAINST.search(own, turn.end()) if turn is not None else None
        if verdict is not None:
            # what follows the verdict's clause is the user's own again
            close = _CONTRAST.search(own, verdict.end()) or _SENTENCE_END.search(own, verdict.end())
            found[number] = unit.start + (close.start() if close else len(own))
            continue
        if _VERDICT.search(own):
            found[number] = unit.end
            continue
        following = [u for u in units[number + 1 :] if u.words][:WINDOW]
        put = None if unit.asks else _put_forward(unit)
        if _titled(unit):
            # a heading's verdict opens the line under it ("Honestly, not needed") or
            # follows its calling the heading practice; note lines run on with others
            # that say things of their own
            following = following[:1]
            if following and not (
                _opens_with(following[0], lowered) or _called_practice(units, number)
            ):
                continue
        elif not (unit.asks or put or _called_practice(units, number)):
            continue
        later = _up_to_own(following, lowered)
        verdicts = [_AGAINST, _RIVAL] if put == PROPOSED else [_AGAINST]
        if any(v.search(lowered, u.start, u.end) for v in verdicts for u in later):
            found[number] = unit.end
    return found


def _up_to_own(following: list[Unit], lowered: str) -> list[Unit]:
    """The sentences after an idea, up to one that asks about an idea of its own,
    whose verdict is its own: in "Reading: one Redis read. Search index? Honestly
    not worth it.", the verdict is on the search index."""
    kept = []
    for unit in following:
        if _asks(unit, lowered):
            break
        kept.append(unit)
    return kept


def _opens_with(unit: Unit, lowered: str) -> bool:
    """Whether a sentence's verdict comes in its first few words."""
    verdict = _AGAINST.search(lowered, unit.start, unit.end)
    return verdict is not None and len(lowered[unit.start : verdict.start()].split()) <= OPENING


def _asks(unit: Unit, lowered: str) -> bool:
    """Whether a sentence asks about an idea of its own before its verdict ("Search
    index? Honestly not worth it."): the verdict answers its own question."""
    return "?" in lowered[unit.start : unit.end + 1]


def _offers(words: list[str]) -> bool:
    """An option named as one: "the more sophisticated schemes lease blocks ...",
    "another option is ...", "a CDN is tempting"."""
    if OPTION_WORDS & set(words) or CONSIDERED & set(words):
        return True
    pairs = list(itertools.pairwise(words))
    if any(a in SOME_OTHERS and b in THEY_DO for a, b in pairs):
        return True  # "some people put a queue in front", "most would add a cache"
    if _said_by_others(words):
        return True
    if any(a in OPTION_ADJ and b in OPTION_NOUNS for a, b in pairs):
        return True
    if any(a in ("the", "an", "a") and b in PRAISED for a, b in pairs):
        return True  # "the obvious lever", "the natural fit", "a textbook move"
    # "the tidy answer is ...", "the clean way is ...": any word may praise the option
    return any(
        a == "the" and c in OPTION_NOUNS and d in ("is", "was", "would")
        for a, _, c, d in zip(words, words[1:], words[2:], words[3:], strict=False)
    )


def _considers(words: list[str]) -> bool:
    """The speaker's own weighing of an idea: "I gave some thought to keeping positions
    in memory", "we toyed with Kafka", "I also looked at H3"."""
    pairs = list(itertools.pairwise(words))[:CONSIDER_WORDS]
    if any(a in WEIGHERS and b in WEIGHING for a, b in pairs):
        return True
    return "gave" in words[:CONSIDER_WORDS] and "thought" in words[: 2 * CONSIDER_WORDS]


def _said_by_others(words: list[str]) -> bool:
    """Others as the sentence's subject: "People also put the stream into Kafka",
    "some designs send requests to one matcher" (not "we only fan out to people
    who have been active")."""
    for at, word in enumerate(words[:SUBJECT_WORDS]):
        if word in REPORTERS:
            return at == 0 or words[at - 1] not in PREPOSITIONS
    return False


SUBORDINATORS = wordset("because since so if which that as when where while though although")
PROPOSED = "proposed"  # put forward as a proposal, which a choice of something else declines
SUPPOSED = "supposed"  # only supposed in a clause of consequence


def _put_forward(unit: Unit) -> str | None:
    """How a unit puts an idea forward without taking it, if it does: PROPOSED for an
    option, a report of what others do, the speaker's own weighing or a supposition
    whose "would" is the sentence's own ("Streaming updates through Kafka would
    decouple ingest", "a cache would absorb most of it"); SUPPOSED when the only
    "would" is in a clause of consequence ("because one tweet would mean millions of
    writes"). Not "I would shard by user", which is the user's own design."""
    words = [t.word for t in unit.tokens]
    if _offers(words) or _considers(words) or reports(words, reporters=False):
        return PROPOSED
    supposing = [
        t
        for i, t in enumerate(unit.tokens)
        if t.word in SUPPOSING and words[i - 1 : i] not in (["i"], ["we"])
    ]
    if not supposing:
        return None
    opening: dict[int, str] = {}  # each clause's first word
    for token in unit.tokens:
        opening.setdefault(token.clause, token.word)
    return PROPOSED if any(opening[t.clause] not in SUBORDINATORS for t in supposing) else SUPPOSED


def _called_practice(units: Sequence[Unit], number: int) -> bool:
    """The next sentence calls the idea practice: "1. Precomputed timelines in a
    cache. This is the well-known approach, but ..."."""
    if number + 1 >= len(units):
        return False
    words = [t.word for t in units[number + 1].tokens]
    return words[:1] in (["this"], ["that"], ["it"], ["these"]) and reports(words, reporters=False)


def _titled(unit: Unit) -> bool:
    """A heading that names an option without saying anything of it: "3. A message
    queue such as Kafka between the tweet service and the workers"."""
    words = [t.word for t in unit.tokens]
    return 0 < len(words) <= TITLE_WORDS and not any(w in FINITE or "'" in w for w in words)
