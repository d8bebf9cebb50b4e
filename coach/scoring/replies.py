"""Which sentence answers the one before it, so that the two are read as one unit.

A reply to a question ("Sharding by city? That's overkill."), a refusal after a
report of what others do ("People add Kafka here. No need for a queue."), and a
verdict that opens a sentence ("Not necessary.", "I would defer this.") or points
back to decide against it ("I have considered it, and I would forgo it") all turn
down what came before; `negation` reads the joined unit.
"""

from __future__ import annotations

import itertools
import re

from coach.scoring.words import UNIT_END, wordset

# What others do, reported before the user turns it down: "People will tell you to
# put Kafka in the middle. No need for a queue here."
REPORTERS = wordset(
    """people everyone everybody folks textbooks textbook blogs designs companies teams
    architectures guides tutorials articles candidates engineers"""
)
SUPPOSERS = wordset("one we you i")  # "One could ...", "We could ..."
# ...or calls it common practice: "A typical design puts a cache in front",
# "Caching hot links is the standard recommendation", "X is often proposed".
PRACTICE = wordset(
    """typical typically usually commonly conventional conventionally standard classic
    classical textbook famous usual popular recommended recommendation proposed suggested
    suggestion"""
)
# "A common design keeps ...": "common" calls it practice only before one of these
PRACTICE_NOUNS = wordset(
    """design designs approach approaches pattern patterns answer setup move way version
    option choice fit thing solution route"""
)
MODALS = wordset("could might")
# "the careful approach is ...", "the obvious move", "the natural fit": an
# alternative named as such (PRACTICE_NOUNS after one of these)
ALTERNATIVES = wordset(
    """common careful fancy obvious natural strongest proper clever robust resilient
    safe standard usual textbook classic known"""
)
# "I also considered a queue ...", "I thought about Kafka ...": the speaker's own report
CONSIDERED = wordset("considered thought")
REPORT_WORDS = 6  # "I know a lot of people would reach for ...": who, near the start
INTENDED = ("was", "gonna")  # "I was gonna put Kafka in front": what the speaker meant to do

# A question the user answers at once with a verdict is one unit with it:
# "Sharding by city? That's overkill.", "A CDN for media? Not worth it.",
# "HLS manifests? We can live without them.", "The hybrid approach? YAGNI."
# (after a word that only weighs it: "honestly I'd punt on a spatial index")
_OPENER = r"(?:(?:honestly|frankly|tbh|imo|so|but|and|well|ok|okay|eh|hmm|yeah)[,]? ){0,2}"
# deferring is refusing for now: "I'd hold off on that", "we'll cross that bridge later"
_DEFERRING = (
    r"|(?:i'd|we'd|i would|we would|id|wed) (?:\w+ )?(?:hold off|punt|park|shelve)\b"
    r"|(?:we'll|we will|i'll) cross that bridge\b"
    r"|(?:let's|lets) (?:\w+ )?(?:park|skip|leave|not|punt|shelve)\b"
)
# A refusal whose object points back turns down the sentence before it, whatever it
# was: "Open Connect appliances with overnight fill... let's park that."
_POINTED = re.compile(
    _OPENER + r"(?:(?:let's|lets|i'd|we'd|id|wed|i would|we would|i'll|we'll) )?"
    r"(?:park|skip|punt on|hold off on|leave|drop|forget|shelve) (?:all )?"
    r"(?:that|it|this|those|them)\b"
)
_REPLY = re.compile(
    _OPENER
    + r"(?:(?:yagni|nope|nah|meh|no|not|never|skip|overkill|pointless|unnecessary|premature)\b"
    r"|(?:that|it|this)(?:'s| is| was| would be)? (?:\w+ )?"
    r"(?:overkill|pointless|unnecessary|premature|not|yagni|a no)\b"
    r"|(?:we|i) (?:can|could) (?:\w+ )?live without\b"
    r"|(?:i'd|we'd|i would|we would|id|wed) (?:\w+ )?(?:skip|not|rather not|pass)\b"
    + _DEFERRING
    + ")"
)
# After a report or a supposition, only a refusal turns it down (not a plain "no":
# "We could lose a cache node. No link is lost."): "No need for a queue here.",
# "I would rather not pay for all of that."
_REFUSAL = re.compile(
    _OPENER + r"(?:(?:no need|not worth|yagni|nope|nah|meh)\b"
    r"|(?:i|we)(?:'d| would| will|'ll|'m|m| am|'re| are)? (?:\w+ )?"
    r"(?:rather not|not|skip|avoid|pass)\b"
    r"|(?:i|we) (?:won't|wont|will not|don't|dont|do not) \w+"
    r"|(?:don't|dont|do not) (?:really )?(?:think|see)\b"
    r"|(?:i'm |im |i am |we're |we are )?(?:going to |gonna )?go against (?:that|it|this)\b"
    r"|(?:because|since|as) (?:[\w']+,? ){0,8}?(?:i|we) (?:don't|dont|do not) (?:think|see)\b"
    r"|(?:i'd|we'd|id|wed|i wouldn't|we wouldn't) \w+"
    r"|not (?:doing|building|adding|going)\b|passing on\b"
    r"|(?:i|we) can (?:\w+ )?(?:get away|do|live|go) without\b"
    r"|(?:but )?(?:since|as) (?:there's|theres|there is) no\b"
    # "I've thought about it and I'd rather not", "I thought about it, but nah"
    r"|(?:i've |ive |i have |i |we )?(?:thought about|considered) (?:it|that|this)[,]? "
    r"(?:and|but) (?:\w+ )?(?:nah|nope|no|not|i'd|id|i'm|im|i don't|i dont)\b"
    r"|(?:i'm|im|i am|we're|we are) (?:going to|gonna) (?:turn|pass|skip|leave|avoid)\b"
    # a pointer whose sentence turns it down: "That's a huge undertaking, and I don't
    # think it's worth the cost."
    r"|(?:that|it|this)(?:'s|s| is| feels| seems| sounds)\b[^.?!\n]{0,60}?"
    r"\b(?:don't|dont|do not|not|isn't|isnt|overkill|more than|too)\b"
    r"|(?:that|it|this)(?:'s|s| is)? (?:\w+ )?(?:\w+ )?"
    r"(?:overkill|pointless|unnecessary|premature|more than|too)\b" + _DEFERRING + ")"
)
_AGAIN = re.compile(r"(?:same (?:for|with|goes for)|likewise|ditto|similarly)\b")
# A verdict on the sentence before, in a sentence's first few words: see
# `verdict_on_previous`.
VERDICT_WORDS = 8
_VERDICT_WORD = re.compile(r"[a-z0-9][a-z0-9']*")
# Words a verdict may start with before its cue: fillers, the speaker, a pointer, an
# auxiliary ("honestly, I would ...", "this is ...", "we can ...").
VERDICT_LEAD = wordset(
    """honestly frankly tbh imo so but and well ok okay eh hmm yeah also here then i we
    i'm im i'd id we'd wed i'll ill we'll this that it these those that's thats it's
    its all of am is are was would will could can should just really simply
    consciously personally happily still as said for now me my in opinion view be
    going gonna to sadly again hard"""
)
VERDICT_CUES = wordset(
    "nah nope meh overkill unnecessary pointless yagni premature superfluous unwarranted"
)
# ...and verbs that are a verdict only on what they point back at ("I would defer this",
# "skip it", "passing on that"; not "decline -> next driver", "skip inactive users")
VERDICT_POINTED = wordset(
    "skip skipping pass passing defer deferring forgo forgoing decline declining"
)
VERDICT_POINTERS = wordset("this that it these those them all")
# what may follow a negated need, besides a pointer: "not needed at this scale",
# "I would not go there", "not necessary here"
VERDICT_TAIL = wordset("here now at for in either anyway really there on with much so")
VERDICT_JUSTIFIED = wordset("justified warranted necessary needed defensible")
BACK_WORDS = 5  # a pointer this early in a sentence points at the sentence before
BACK_POINTERS = wordset("it it's its this that that's these those")
# A decision against what the pointer names, anywhere in its sentence.
_DECIDES_AGAINST = re.compile(
    r"\b(?:forgo|forgoing|unwarranted|unjustified|overkill|unnecessary)\b"
    r"|\bnot (?:\w+ )?(?:worth|justified|justifiable|defensible|necessary|needed|warranted)\b"
    r"|\bdo not (?:\w+ ){0,3}(?:defensible|justified|justifies|worth)\b"
    r"|\b(?:rather not|leave (?:it|them|that|this) out|pass on (?:it|that|this))\b"
    r"|\b(?:do|live|go) without (?:it|them|that|this)\b"
    r"|\b(?:would|will|won't|wont|wouldn't|wouldnt) (?:not )?(?:use|build|add|adopt|do) "
    r"(?:it|that|this|them)\b"
)
VERDICT_MODALS = wordset("can could will")  # "this can come in a later phase"
VERDICT_NEGATIONS = wordset(
    "not don't dont won't wont wouldn't wouldnt isn't isnt aren't arent can't cant never"
)
VERDICT_NEEDS = wordset(
    """do doing go going need needed necessary required worth see build building add
    adding use using want point reason bother convinced sold justified introduce
    complicate needs"""
)
VERDICT_NO = wordset("need point reason thanks thx")
VERDICT_TOO = wordset("much complex complicated expensive costly heavy many")
VERDICT_VALUE = wordset("brings adds buys gains bring add buy")
VERDICT_LEAVE = wordset("leave leaving left")


def answers(words: list[str], negated: bool, gap: str, text: str, at: int) -> bool:
    """Whether the sentence starting at `at` answers the one whose `words` came before
    (`negated` when they hold a negation) at once: a question with a verdict, a report
    or a supposition with a refusal."""
    if "?" in gap:
        return _replies(text, at)
    if "." not in gap:
        return False
    if _POINTED.match(text, at):
        return True
    if _AGAIN.match(text, at) and negated:
        return True  # "... is not something I'd spend effort on. Same for Y."
    return reports(words) and _replies(text, at, strict=True)


def verdict_on_previous(text: str, at: int) -> bool:
    """Whether the sentence at `at` is a verdict on the one before it: one that opens
    with a verdict, in its first words and before naming anything of its own ("Nah.",
    "Not necessary.", "This brings nothing here.", "I am not going for this.", "Is too
    much for this size.", "I would defer this.", "This can come in a later phase."; not
    "No single node holds more than 5%", "It is not strongly consistent", "This needs
    no lock"), or one about the one before ("it", "this", "that" in its first words)
    that decides against it ("I have considered it carefully and on balance I would
    forgo it.", "It is an elegant scheme, but I do not find its complexity defensible.";
    not "It is fast, and we never touch the database")."""
    end = UNIT_END.search(text, at)
    if end is not None and end.group() == "?":
        return False
    sentence = text[at : end.start() if end else len(text)]
    said = _VERDICT_WORD.findall(sentence)
    return _opens_with_verdict(said[:VERDICT_WORDS]) or (
        bool(set(said[:BACK_WORDS]) & BACK_POINTERS) and bool(_DECIDES_AGAINST.search(sentence))
    )


def _opens_with_verdict(said: list[str]) -> bool:
    for number, word in enumerate(said):
        if _verdict_cue(said, number):
            return True
        if word not in VERDICT_LEAD:
            return False
    return False


def _verdict_cue(said: list[str], number: int) -> bool:
    word, rest = said[number], said[number + 1 : number + 4]
    if word in VERDICT_CUES:
        return True
    if word in VERDICT_POINTED:
        after = [w for w in rest if w != "on"]
        return not after or after[0] in VERDICT_POINTERS
    if word in VERDICT_NEGATIONS:
        # "not necessary", "I would not do this", "not needed at this scale" (not
        # "not strongly consistent", "doesn't need to be exact", "we won't need a cache",
        # which names its own object)
        need = next((i for i, w in enumerate(rest) if w in VERDICT_NEEDS), None)
        if need is None or rest[need + 1 : need + 2] == ["to"]:
            return False
        after = said[number + 2 + need : number + 3 + need]
        return not after or after[0] in VERDICT_POINTERS | VERDICT_TAIL
    if word == "no":  # "no need", "no point", "no reason", "no thanks"
        return rest[:1] != [] and rest[0] in VERDICT_NO
    if word == "rather":  # "I'd rather not"
        return rest[:1] == ["not"]
    if word == "too":
        return rest[:1] != [] and rest[0] in VERDICT_TOO
    if word in VERDICT_VALUE:
        return rest[:1] == ["nothing"] or rest[:1] == ["little"]
    if word in VERDICT_LEAVE:
        return any(w in ("out", "away", "aside") for w in said[number + 1 : number + 6])
    if word in VERDICT_MODALS:
        return "later" in said[number + 1 : number + 6]
    if word == "more":  # "this is more machinery than is justified"
        than = "than" in said[number + 1 : number + 3]
        return than and any(w in VERDICT_JUSTIFIED for w in said[number + 2 : number + 8])
    return False


def reports(words: list[str], *, reporters: bool = True) -> bool:
    """Whether a sentence says what others do, or what one could do: "People will tell
    you to add Kafka", "One could put tweets in a sharded store", "The careful approach
    is a lease on the driver", "I also considered a queue". `reporters=False` leaves
    out who is named near the start ("we only fan out to people who...")."""
    pairs = list(itertools.pairwise(words))
    hypothetical = any(a in SUPPOSERS and b in MODALS for a, b in pairs) or "could" in words
    reported = reporters and any(word in REPORTERS for word in words[:REPORT_WORDS])
    practice = any(word in PRACTICE for word in words)
    common = any(a in ALTERNATIVES and b in PRACTICE_NOUNS for a, b in pairs)
    considered = any(a in ("i", "also") and b in CONSIDERED for a, b in pairs[:4])
    meant = any((a, b) == INTENDED for a, b in pairs[:4])
    return hypothetical or reported or practice or common or considered or meant


def _replies(text: str, at: int, *, strict: bool = False) -> bool:
    """Whether the sentence starting at `at` answers the question (or the report of
    what others do) before it with a verdict (not a second question: "1 trip per
    driver? no dup trips?")."""
    if not (_REFUSAL if strict else _REPLY).match(text, at):
        return False
    end = UNIT_END.search(text, at)
    return end is None or end.group() != "?"
