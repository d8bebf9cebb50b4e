"""Which words of a unit are negated, NegEx style, and by which trigger.

A trigger before an idea negates forward to the end of its clause ("we won't
use a cache", "no need for a queue or workers", "no X, no Y and no Z"); a
dismissal after it negates back to the clause's start ("fan-out isn't a
bottleneck", "sharding is pointless", "hot keys are never a problem",
"latency doesn't matter"). Pseudo-negations negate nothing ("not only",
"no doubt", "no matter how"). Words that end a clause end a scope ("but",
"because", "so"...), and so does a comma that starts a new clause.
"""

from __future__ import annotations

from collections.abc import Iterable

from coach.scoring.replies import ALTERNATIVES, PRACTICE_NOUNS, REPORTERS
from coach.scoring.units import Unit
from coach.scoring.words import NEGATION_KEY, wordset
from coach.scoring.words import POINTERS as POINTING_BACK

FORWARD = 12  # tokens a trigger reaches ahead of it
BACKWARD = 12  # tokens a dismissal reaches behind it
DISMISSAL_REACH = 4  # a negation this close before a dismissal word makes a dismissal
REPLY_REACH = 4  # a reply to a question says "no" within this many words of its start

SKIP_WORDS = wordset("skip skipping skipped forget")
# "is a waste", "is wasted work" (not "to avoid wasted work"): after a copula or "a"
WASTE_WORDS = wordset("waste wasted luxury")  # "... is a luxury we can't afford"
WASTE_BEFORE = wordset("is are was were be a it's that's")
OUT_OF_SCOPE = ("out", "of", "scope")  # "media is out of scope": ruled out
# "I'd avoid it": refuses what it points back at (but "avoid hot spots" asks for a fix)
REFUSE_VERBS = wordset("avoid")
# "instead of a cache", "rather than sharding", "we ruled out a queue"
PRE_PHRASES = (
    ("instead", "of"),
    ("rather", "than"),
    ("ruled", "out"),
    ("rule", "out"),
    ("push", "back"),  # "I'd push back on sharding"
)
# Words that negate what they follow, on their own: "sharding is pointless".
DISMISSIVE = wordset(
    """pointless overkill unnecessary needless useless irrelevant wasteful unneeded
    superfluous yagni premature overengineering overengineered meh nah nope unwarranted
    unjustified"""
)
ENGINEERED = wordset("engineering engineered")  # "over-engineering", as two words
# After a negation, these make a dismissal: "isn't needed", "doesn't matter",
# "never a problem", "not a bottleneck", "isn't worth it", "not our concern".
DISMISSAL_WORDS = wordset(
    """needed necessary required matter matters mattering problem problems issue issues
    concern concerns worry worth bottleneck bottlenecks important relevant special useful
    helpful help helps option need bother care change changes affect affects factor
    factors critical essential something benefit benefits value advantage thing apply
    applies"""
)
NON_WORDS = wordset("issue issues problem problems factor concern starter")
# "I don't think X is a concern": a negation before one of these verbs denies the
# clause that follows ("neg-raising"), so a dismissal word in it dismisses X.
RAISING = wordset("think believe expect suppose see feel imagine reckon")
# "adds nothing", "doesn't really add anything": saying it brings no value.
VALUE_VERBS = wordset("add adds buy buys bring brings gain gains")
VALUE_OBJECTS = wordset("anything much")
VALUE_WHOM = wordset("us you them me")  # "buys us nothing"
# "Do I need X? I'd guess not.": a reply that is only a hedged "no".
REPLY_WORDS = wordset(
    """i i'd id i'm im we we'd wed guess think suppose assume would say probably likely
    not no nope really doubt it so don't dont that at all"""
)
REPLY_NO = wordset("not no nope doubt")
NEED_WORDS = wordset("need needs point reason use sense")
# "I don't need to know the user count": not needing to heed a thing dismisses it.
HEEDING = wordset("know ask worry care consider bother plan think estimate account")
ENDINGS = wordset("here really for at all")  # "adds nothing here", "... for us"
# A dismissal whose subject is one of these points back at what came before.
ANAPHORS = wordset(
    """that this it these those they them which either both neither distinction difference
    choice it's that's its thats they're theyre"""
)
# "I wouldn't do that", "we won't use it": a negated verb whose object points back at
# what the sentence said before dismisses it.
POINTERS = POINTING_BACK | wordset("one ones")  # "skip that one"
PLURAL_POINTERS = wordset("those these")
AS_PHRASES = wordset("long soon well far much many")  # "as long as": no judgement
WEIGHING = wordset(
    """too much either at all really completely entirely altogether for now yet today
    initially right as well"""
)
COPULA_POINTERS = wordset("it's that's thats they're theyre")  # "it's a debate I'd skip"
COPULAS = wordset("is was seems sounds feels looks")  # "that is overkill"
BE = wordset("are were")
GAINS = wordset("benefit benefits gain gains value")  # "for marginal benefit"
SMALL = wordset("marginal little minimal negligible dubious questionable")
# A condition that puts an idea off: "X only once load demands it" (not "only once
# that write is durable do we ack": a sequence, not a condition)
DEMANDS = wordset("demand demands need needs require requires justify justifies warrant warrants")
# A preference turns down what it is preferred over: "prefer X over Y", "rather X than Y"
PREFER = wordset("prefer prefers preferred preferring")
RATHER = wordset("rather")
COSTS = wordset("trouble pain hassle work effort overhead cost risk")  # "more pain than gain"
# Deferring an idea turns it down for now: "I'd hold off on caching for v1", "let's
# park that", "a queue can wait", "I'd punt on it", "we'll cross that bridge later".
WAITERS = wordset("can could will 'll")
# ("defer" and "postpone" are not among them: "we defer fan-out to read time")
DEFER_VERBS = wordset("park shelve punt")  # after "I'd", "let's"...
DEFERRERS = wordset("let's lets i'd id we'd wed i'll we'll")
DEFER_PREPOSITIONS = wordset("on with")
LATER = wordset("for until till before later after")  # "for v1", "until we see load"
JOINED = ("/", "+")  # "a hybrid push/pull scheme would be needless": one thing
ADD_VERBS = wordset("add adds added adding")  # "X adds (needless) complexity"
COMPLEXITY_SIZES = wordset("extra more real needless unnecessary pointless much")
# "more than this problem needs", "more than I want to take on": beyond what is needed
BEYOND_WHOM = wordset("we i it us this the problem our you")
BEYOND_VERBS = wordset("need needs want wants require requires")
FOR_WHOM = wordset("us me now v1 v2 today later sure good once")  # "won't do it for now"
JUSTIFIED = wordset("justified warranted necessary needed justifiable defensible")
TOO_COSTLY = wordset("expensive costly complex complicated heavy")  # "too expensive for v1"
LEAVES = wordset("leave leaving")
SUPPOSING = wordset("would could might")  # "X would help, but it's not worth it"
PLACED_IN = wordset("in to within")
PLACES = wordset("region regions datacenter datacentre dc az zone site")
AGAIN = wordset("likewise ditto similarly")  # "Likewise X": the refusal before, again
PASSES = wordset("pass passing")  # "I'll pass on that", "passing on that"
TURNS = wordset("turn turning")  # "I'm going to turn it down"
# A decision record's verdict on its label: "X: not adopted", "Rejected: X".
RECORD_VERDICTS = wordset(
    """rejected discarded dropped declined excluded not no none skipped skip ruled
    omitted avoided"""
)
RECORD_WORDS = RECORD_VERDICTS | wordset("considered and adopted chosen out deliberately also")
# "Fan-out on write: I would not precompute timelines.": a label whose first clause is
# the speaker refusing, to the end of the unit, turns the label down.
LABEL_WORDS = 5
SPEAKERS = wordset("i we i'd id we'd wed i'll we'll i'm im we're were")
REASONS = wordset("because since as so")  # "..., since pull is enough": still the refusal
# "not until the numbers say so would I build a cache", "only if reads lag would we add
# replicas": an inverted verb after a condition that opens the clause puts off what follows.
# ("will" and "do" are not among them: "not until the row is durable will we ack it",
# "only once it is durable do we return the code" tell a sequence, not a refusal)
CONDITION_OPENERS = (("not", "until"), ("only", "if"), ("only", "when"))
INVERTED = wordset("would could")
INVERTED_SUBJECTS = wordset("i we")
# "a queue is something we can do without", "refinements we can live without"
DO_WITHOUT = wordset("do live go manage")
# "complexity I would rather not pay for": a negated verb whose preposition ends the
# clause refuses the thing named before it, as a relative clause.
STRANDED = wordset("for with on about into in")
STRANDED_REACH = 6  # "not something I would spend money on"
NOUN_NEGATIONS = wordset("no none nothing without nor neither")
# "People talk about fan-out on write, but I wouldn't": what others do, then turned down.
# (REPORTERS, from units: "people", "everyone", "the textbook"...)
# "X is the famous approach, but I don't think it's worth it": what is usually done,
# turned down only by a dismissal after the "but" (not by "but we don't fan out
# celebrities", which keeps X and narrows it).
USUAL = wordset("famous usual standard classic common popular typical textbook")
# Words a short verdict after a dash may hold besides its dismissal: "- nah, not needed".
FILLERS = wordset("nah no nope meh honestly really just also either too so well a an")
# "not only a cache but a CDN": the word after "not"/"no" that makes it no negation.
PSEUDO_NEXT = wordset("only just merely doubt matter least mention")
# A negated harm protects its object: "a bad deploy can't hurt redirects", "we never
# lose a tweet", "abuse can't exhaust capacity" rule nothing out.
HARMS = wordset(
    """hurt hurts harm harms break breaks affect affects slow slows block blocks impact
    impacts lose loses delay delays starve starves overload overloads exhaust exhausts
    hammer hammers degrade degrades fail fails drop drops corrupt corrupts lost"""
)
ADVERBS = wordset("ever really even")  # "won't ever lose", "can't really hurt"
# Words that end a clause, and so a scope.
TERMINATORS = wordset(
    """but however although though yet except whereas which who because since so while
    unless until otherwise instead then"""
)
# After one of these, a dismissal reaches back past it only through a pronoun
# ("X is wasteful, so I'm not doing it"), not through a determiner ("the cache
# takes the reads, so we don't need those replicas").
CONSEQUENCES = wordset("so because since then")
RECORD_AFTER = TERMINATORS | wordset("as for here entirely")  # "X: rejected as too risky"
# A comma followed by one of these, or by words with a verb among them, starts a
# new clause: "no cache, we read the DB", "no queue, the DB is fast enough".
SUBJECTS = wordset("we i you they it this that there he she our their")
VERBS = wordset(
    """is are was were be will would can could should has have had does do did gets
    makes needs keeps handles serves stores holds reads writes takes get rebuild
    rebuilds build builds merge merges fetch fetches send sends publish publishes
    consume consumes return returns serve replicate replicates hydrate hydrates
    compute computes recompute fall falls"""
)


def negations(unit: Unit) -> list[int]:
    """For each token, the position of the trigger that negates it, or -1."""
    cached = unit.cache.get("negations")
    if cached is None:
        cached = _compute(unit)
        unit.cache["negations"] = cached
    return cached  # type: ignore[return-value]


def _compute(unit: Unit) -> list[int]:
    negated = [-1] * len(unit.tokens)
    triggers = _triggers(unit)
    for at in triggers:
        for pos in _forward(unit, at, triggers):
            negated[pos] = at
    dismissed = dismissals(unit)
    _mark(negated, ((pos, at) for at in dismissed for pos in _backward(unit, at, triggers)))
    # "X is the classic design. This brings nothing here.": a verdict on all before it
    verdicts = (p for p, token in enumerate(unit.tokens) if token.verdict)
    _mark(negated, ((pos, at) for at in verdicts for pos in range(at)))
    _mark(negated, [*_recorded(unit), *_refused_label(unit, triggers)])
    raised = _raised(unit, triggers)
    for start, at in raised:
        # the dismissal word, not the "don't" a prohibition may take for its own,
        # negates the clause: "I don't think double booking is a real concern"
        for pos in range(start, at):
            negated[pos] = at
        if any(unit.tokens[p].word in ANAPHORS for p in range(start, at)):
            # "base62, hashing, ranges - I don't think any of that is needed"
            _mark(negated, ((pos, at) for pos in range(start) if pos not in triggers))
    replied = _replies(unit, triggers, dismissed)
    _mark(negated, ((pos, at) for start, at in replied for pos in range(start)))
    _mark(negated, _supposed_then_preferred(unit))
    turned = {p for p, by in enumerate(negated) if by >= 0} | {at for _, at in raised}
    _mark(negated, _reported(unit, turned, {*dismissed, *(at for _, at in raised)}))
    return negated


def _mark(negated: list[int], found: Iterable[tuple[int, int]]) -> None:
    """Record each (position, what negates it) for a position nothing negates yet."""
    for pos, by in found:
        if negated[pos] < 0:
            negated[pos] = by


def _recorded(unit: Unit) -> list[tuple[int, int]]:
    """(position, verdict) for each word a decision record turns down: the label
    before a verdict ("Kafka for playback events: not adopted.", "Steering: rejected;
    a single endpoint") or what follows a verdict as the label ("Rejected: our own
    edge network, because ...", "Considered and discarded: any CDN at all")."""
    tokens = unit.tokens
    found: list[tuple[int, int]] = []
    for colon, token in enumerate(tokens):
        if not token.colon or not colon:
            continue
        if _verdict_run(unit, colon) is not None:  # "LABEL: rejected"
            found += [(pos, colon) for pos in range(colon)]
        end = _verdict_run(unit, 0)
        if end == colon:  # "Rejected: X, because ..."
            for pos in range(colon, len(tokens)):
                if tokens[pos].word in TERMINATORS:
                    break
                found.append((pos, 0))
    return found


def _refused_label(unit: Unit, triggers: set[int]) -> list[tuple[int, int]]:
    """(position, negation) for the words of a short label the speaker refuses right
    after its colon, to the end of the unit: "Fan-out on write: I would not precompute
    timelines." (not "Celebrities: we don't fan out; followers merge at read time",
    which goes on to say what is done instead)."""
    tokens = unit.tokens
    colon = next((p for p, t in enumerate(tokens) if t.colon), 0)
    if not 0 < colon <= LABEL_WORDS or _word(unit, colon) not in SPEAKERS:
        return []
    negation = next((p for p in (colon + 1, colon + 2) if p in triggers), None)
    if negation is None:
        return []
    later = [t for t in tokens[negation + 1 :] if t.boundary == "|"]
    if any(t.word not in REASONS for t in later):
        return []
    return [(pos, negation) for pos in range(colon)]


def _verdict_run(unit: Unit, first: int) -> int | None:
    """Where a verdict that starts at `first` ends ("rejected", "not adopted",
    "considered and discarded as too risky"), or None when no verdict starts there."""
    pos, strong = first, False
    while _word(unit, pos) in RECORD_WORDS:
        strong |= _word(unit, pos) in RECORD_VERDICTS
        pos += 1
    if not strong:
        return None
    ends = pos >= len(unit.tokens) or unit.tokens[pos].boundary or unit.tokens[pos].colon
    return pos if ends or _word(unit, pos) in RECORD_AFTER else None


def _raised(unit: Unit, triggers: set[int]) -> list[tuple[int, int]]:
    """(first word, dismissal word) of each denied clause: "I don't think
    [double assignment is a real] concern", "we don't believe [sharding] matters"."""
    tokens = unit.tokens
    found = []
    for at in triggers:
        verb = next(
            (p for p in (at + 1, at + 2) if p < len(tokens) and tokens[p].word in RAISING), None
        )
        if verb is None:
            continue
        for pos in range(verb + 1, min(len(tokens), verb + 1 + FORWARD)):
            token = tokens[pos]
            if token.boundary == "|" or token.word in TERMINATORS:
                break
            if token.word in DISMISSAL_WORDS and not _need_to(unit, pos):
                found.append((verb + 1, pos))
                break
    return found


def _replies(unit: Unit, triggers: set[int], dismissed: list[int]) -> list[tuple[int, int]]:
    """(start, negation) of each "no" given at once to the unit's own question or
    report: "A queue for history? No, just write each ping.", "Sharding by city?
    That's overkill.", "People will tell you to add Kafka. No need for a queue.":
    the words before the reply are what it turns down."""
    tokens = unit.tokens
    found = []
    for start, token in enumerate(tokens):
        if not start or token.boundary != "|":
            continue
        gap = unit.text[tokens[start - 1].end : token.start]
        if "?" not in gap and "." not in gap:  # joined to a question or a report
            continue
        reply = range(start, min(len(tokens), start + REPLY_REACH))
        negation = next((p for p in reply if p in triggers or p in dismissed), None)
        if negation is not None:
            found.append((start, negation))
    return found


def negative_reply(unit: Unit) -> bool:
    """A unit that only says "no", hedged or not: "I'd guess not.", "Probably not."."""
    said = {token.word for token in unit.tokens}
    return bool(said & REPLY_NO) and said <= REPLY_WORDS | REPLY_NO | {"<negation>"}


def _triggers(unit: Unit) -> set[int]:
    tokens = unit.tokens
    found = set()
    for pos, token in enumerate(tokens):
        after, before = _word(unit, pos + 1), _word(unit, pos - 1)
        if token.key == NEGATION_KEY or token.word in SKIP_WORDS:
            pseudo = after in PSEUDO_NEXT and not tokens[pos + 1].boundary  # not "no, just X"
            if pseudo or (token.word == "not" and before == "or"):
                continue  # "not only", "no doubt", "whether or not"
            if after in SKIP_WORDS or (
                token.word in SKIP_WORDS and pos and tokens[pos - 1].key == NEGATION_KEY
            ):
                continue  # "don't forget X", "never skip X": X is asked for
            if _does_without(unit, pos):
                continue  # "we can't do without a cache": a cache is asked for
            if unit.text[token.end : token.end + 1] == "-":
                continue  # "no-sql", "non-blocking": a prefix, not a negation
            found.add(pos)
        elif (token.word, after) in PRE_PHRASES:
            found.add(pos + 1)
        elif _defers(unit, pos):
            found.add(pos)  # "I'd hold off on caching", "let's park sharding"
        elif _preferred_over(unit, pos):
            found.add(pos)  # "I'd prefer Postgres over Cassandra", "rather X than Y"
        elif _inverted_after_condition(unit, pos):
            found.add(pos)  # "not until ... would I build a timeline cache"
        elif _one_place(unit, pos):
            found.add(pos)  # "I'd run it in one region": no multi-region
        elif token.word in LEAVES and _left_out(unit, pos):
            found.add(pos)  # "I'd leave the CDN out altogether"
        elif _same_again(unit, pos, found):
            found.add(pos)  # "X is not something I'd spend effort on. Same for Y"
    return found


def _one_place(unit: Unit, pos: int) -> bool:
    """'in one region', 'to a single data centre': one place, so no other regions (not
    "survive a single region outage", "one region's share")."""
    if _word(unit, pos) not in ("one", "single") or _word(unit, pos - 1) not in PLACED_IN | {"a"}:
        return False
    if _word(unit, pos - 1) == "a" and _word(unit, pos - 2) not in PLACED_IN:
        return False
    if _word(unit, pos + 1) not in PLACES:
        return False
    return _ends_after_fillers(unit, pos + 1) or _word(unit, pos + 2) in ("with", "only", "and")


def _left_out_here(unit: Unit, pos: int) -> bool:
    """Whether the "out" at `pos` ends its clause, after fillers ("leave it out for
    now"), or before an "and" ("leave that out and keep it simple")."""
    while _word(unit, pos + 1) in WEIGHING:
        pos += 1
    return _ends_clause(unit, pos) or _word(unit, pos + 1) == "and"


def _left_out(unit: Unit, pos: int) -> bool:
    """'leave the CDN out', 'leave caching out of v1': a thing named between "leave"
    and "out" is left out ("leave it out" is a dismissal of what came before)."""
    if _word(unit, pos + 1) in POINTERS:
        return False
    for at in range(pos + 2, pos + 6):
        if at >= len(unit.tokens) or unit.tokens[at].boundary:
            return False
        if _word(unit, at) == "out":
            return True
    return False


def _same_again(unit: Unit, pos: int, found: set[int]) -> bool:
    """'Same for Y', 'likewise Y' opening a sentence joined to a refusal: the
    refusal again, for Y."""
    token = unit.tokens[pos]
    after = (_word(unit, pos + 1), _word(unit, pos + 2))
    if token.word == "same":
        again = after[0] in ("for", "with") or after == ("goes", "for")
    else:
        again = token.word in AGAIN
    # (the dismissals are read last: at most units' clause marks this is no "same")
    return again and token.boundary == "|" and pos > 0 and bool(found or dismissals(unit))


def _inverted_after_condition(unit: Unit, pos: int) -> bool:
    """Whether `pos` is the subject of an inverted verb ("would I", "could we") whose
    clause a deferring condition opened: "not until the numbers say so would I build
    X", "only if reads lag would we add replicas" (not "would we need X?", a question)."""
    if _word(unit, pos) not in INVERTED_SUBJECTS or _word(unit, pos - 1) not in INVERTED:
        return False
    for start in range(pos - 2, max(-1, pos - 2 - FORWARD), -1):
        if (_word(unit, start), _word(unit, start + 1)) in CONDITION_OPENERS:
            return True
        if unit.tokens[start].boundary == "|":
            return False
    return False


def dismissals(unit: Unit) -> list[int]:
    """Positions of dismissals: a dismissive word, or a negation shortly before a
    dismissal word ("doesn't matter", "is never a problem", "not worth it")."""
    tokens = unit.tokens
    found = []
    for pos, token in enumerate(tokens):
        following, before = _word(unit, pos + 1), _word(unit, pos - 1)
        if (
            token.word in DISMISSIVE
            or (token.word in ENGINEERED and before == "over")
            or _adds_nothing(unit, pos, negated=False)
        ):
            found.append(pos)
        elif (token.word, _word(unit, pos + 1), _word(unit, pos + 2)) == OUT_OF_SCOPE and not (
            unit.asks
        ):
            found.append(pos)  # "media is out of scope" (not "is live streaming out of scope?")
        elif token.word in WASTE_WORDS and before in WASTE_BEFORE:
            found.append(pos)  # "ranking by ETA is a waste", "precomputing is wasted work"
        elif token.word == "non" and following in NON_WORDS:
            found.append(pos)  # "fan-out is a non-issue" (not "non-critical work")
        elif (
            token.word in LEAVES
            and _word(unit, pos + 1) in POINTERS
            and _word(unit, pos + 2) == "out"
            and _left_out_here(unit, pos + 2)
        ):
            found.append(pos)  # "I'd leave it out (too, and keep it simple)"
        elif (
            token.word in TURNS
            and _word(unit, pos + 1) in POINTERS
            and (_word(unit, pos + 2) == "down")
        ):
            found.append(pos)  # "I'm going to turn it down"
        elif (
            token.word in PASSES
            and _word(unit, pos + 1) == "on"
            and (_word(unit, pos + 2) in POINTERS or _ends_clause(unit, pos + 1))
        ):
            found.append(pos)  # "I'll pass on that", "something I'd pass on"
        elif (
            token.word == "none"
            and _word(unit, pos + 1) == "of"
            and (_word(unit, pos + 2) in POINTERS)
        ):
            found.append(pos)  # "..., steering players - none of those are in my design"
        elif _beyond_need(unit, pos):
            found.append(pos)  # "that feels like more than this problem needs"
        elif token.word in TOO_COSTLY and before == "too":
            found.append(pos)  # "synchronous replication ... too expensive for v1"
        elif token.word in REFUSE_VERBS and (
            _refuses_it(unit, pos + 1) or _ends_after_fillers(unit, pos)
        ):
            # "fan-out on write is the famous approach, but I'd avoid it";
            # "fan-out on write is something I'd avoid completely"
            found.append(pos)
        elif token.word in SKIP_WORDS and (_refuses_it(unit, pos + 1) or _ends_clause(unit, pos)):
            found.append(pos)  # "batching requests - forget it", "read replicas I'd skip"
        elif token.word in GAINS and before in SMALL:
            found.append(pos)  # "multiplies storage for marginal benefit"
        elif _defers(unit, pos) and _deferred_it(unit, pos + 1):
            found.append(pos)  # "I'd hold off on that for v1", "let's park all that"
        elif token.word == "wait" and before in WAITERS and _deferred_it(unit, pos + 1):
            found.append(pos)  # "a queue can wait (too, for v2, until we see load)"
        elif token.word == "bridge" and before == "that" and _word(unit, pos - 2) == "cross":
            found.append(pos)  # "we'll cross that bridge later"
        elif token.word == "leave" and _word(unit, pos + 1) in POINTERS and _later(unit, pos + 2):
            found.append(pos)  # "let's leave that for later"
        elif token.word in LEAVES and _word(unit, pos + 1) in LATER and _later(unit, pos + 1):
            found.append(pos)  # "load shedding I'd leave for later"
        elif token.word == "against" and before in ("go", "going") and following in POINTERS:
            found.append(pos)  # "I'm going to go against that"
        elif _conditional(unit, pos):
            found.append(pos)  # "X, if and when we need it", "X only once load demands it"
        elif _more_cost_than_worth(unit, pos):
            found.append(pos)  # "more trouble than they're worth", "more pain than gain"
        elif token.word == "complexity" and _adds_complexity(unit, pos):
            found.append(pos)  # "a cache only adds complexity", "adds complexity I'd not take on"
        elif token.word == "without" and before in DO_WITHOUT and _refused(unit, pos):
            found.append(pos)  # "a queue is something we can do without (it)"
        elif token.key == NEGATION_KEY:
            ahead = tokens[pos + 1 : pos + 1 + _reach(unit, pos)]
            for offset, next_token in enumerate(ahead, 1):
                at = pos + offset
                if (
                    (next_token.word in DISMISSAL_WORDS and not _need_to(unit, at))
                    or _adds_nothing(unit, at, negated=True)
                    or _refuses_it(unit, at)
                ):
                    found.append(pos)
                    break
            else:
                reach = range(pos + 2, min(len(tokens), pos + 1 + STRANDED_REACH))
                if any(_stranded(unit, pos, at) for at in reach) or _no_reason_for(unit, pos):
                    found.append(pos)  # "not things I would invest in yet"
    return found


def _points_back(unit: Unit, at: int) -> bool:
    """A refusal whose object is a pointer: "so I'd leave them out", "but I'll pass on
    that", "I'm going to turn it down"."""
    if _word(unit, at) not in LEAVES | TURNS | PASSES:
        return False
    return _word(unit, at + 1) in POINTERS or _word(unit, at + 2) in POINTERS


def _beyond_need(unit: Unit, pos: int) -> bool:
    """'more than this problem needs', 'more than I want to take on', 'more machinery
    than is justified': more than is needed (not "more than 200 followers")."""
    if _word(unit, pos) != "more":
        return False
    than = next((p for p in (pos + 1, pos + 2) if _word(unit, p) == "than"), None)
    if than is None:
        return False
    if any(_word(unit, p) in JUSTIFIED for p in range(than + 1, than + 5)):
        return True  # "more machinery than I think is justified"
    for at in range(than + 1, than + 1 + 3):
        word = _word(unit, at)
        if word in BEYOND_VERBS:
            return True
        if word not in BEYOND_WHOM and word != "problem":
            return False
    return False


def _judged(unit: Unit, pos: int) -> bool:
    """A pointer that is the subject of a judgement: "it's a debate I'd skip", "that
    is overkill" (not "it makes replicas unnecessary", which judges the replicas)."""
    word = _word(unit, pos)
    return word in COPULA_POINTERS or (word in ANAPHORS and _word(unit, pos + 1) in COPULAS)


def _pronoun(unit: Unit, pos: int) -> bool:
    """Whether the word at `pos` points back on its own ("so it isn't needed"), not as
    the determiner of a thing named after it ("so we don't need those replicas")."""
    return _word(unit, pos) in ANAPHORS and (
        _ends_clause(unit, pos) or _word(unit, pos + 1) in VERBS
    )


def _reach(unit: Unit, at: int) -> int:
    """How far a negation at `at` reaches for its dismissal: "not going to" is
    "won't", two words longer ("I'm not going to lean on those numbers")."""
    going = (_word(unit, at + 1), _word(unit, at + 2)) == ("going", "to")
    return DISMISSAL_REACH + 2 * going


def _adds_nothing(unit: Unit, pos: int, *, negated: bool) -> bool:
    """'adds nothing' or, after a negation, 'add anything' or 'add much', ending a
    clause ("doesn't really add anything"; not "adds nothing to latency")."""
    tokens = unit.tokens
    if tokens[pos].word not in VALUE_VERBS or pos + 1 >= len(tokens):
        return False
    if tokens[pos + 1].word in VALUE_WHOM and pos + 2 < len(tokens):
        pos += 1  # "buys us nothing"
    thing = tokens[pos + 1].word
    if thing not in (VALUE_OBJECTS if negated else {"nothing"}):
        return False
    return _ends_clause(unit, pos + 1)


def _refuses_it(unit: Unit, pos: int) -> bool:
    """'... but I wouldn't do that.': a pointer ending the clause right after a
    negated verb ("won't use it", "wouldn't add one"), not "doesn't lose it on
    failover"; or a pointer the verb judges ("I wouldn't treat those as hard
    requirements", not "as long as"), or "those" and one word ending the clause
    ("I'm not going to lean on those numbers too much")."""
    word = _word(unit, pos)
    if word not in POINTERS:
        return False
    if _word(unit, pos + 1) == "for" and _word(unit, pos + 2) not in FOR_WHOM:
        return False  # "we don't do it for celebrities": narrows it, keeps it for the rest
    if _word(unit, pos - 1) == "for" and _word(unit, pos - 2) in POINTERS:
        return False  # "we don't do it for them": "them" is whom it is not done for
    if _ends_clause(unit, pos):
        return True
    if _word(unit, pos + 1) == "as" and _word(unit, pos + 2) not in AS_PHRASES:
        return True
    return word in PLURAL_POINTERS and _ends_after_fillers(unit, pos + 1)


def _conditional(unit: Unit, pos: int) -> bool:
    """A condition that puts an idea off: "X, if and when we need it", "X, not until
    the numbers say so", "X only if we ever outgrow Y", "X only makes sense once ...",
    "X only once load demands it", "X, we'll see" (not "counted only once", "users will
    see it")."""
    word, after = _word(unit, pos), _word(unit, pos + 1)
    if (word, after, _word(unit, pos + 2)) == ("if", "and", "when"):
        return True
    if word == "not" and after in ("until", "before"):
        return True  # "X, not before it passes 50 TB"
    if word == "only" and after in ("if", "when"):
        # "X only if an outage ever costs us trips": a hypothetical (not "surge only
        # when demand exceeds supply", which says when X happens)
        return "ever" in {_word(unit, p) for p in range(pos + 2, pos + 2 + FORWARD // 2)}
    if word == "only" and after in ("make", "makes") and _word(unit, pos + 2) == "sense":
        return True
    if word == "only" and after in ("matters", "matter", "helps", "applies"):
        return _word(unit, pos + 2) in ("if", "when", "once")  # "X only matters if we ..."
    if word == "only" and after == "once":  # "... only once load demands it"
        return any(_word(unit, p) in DEMANDS for p in range(pos + 2, pos + 2 + DISMISSAL_REACH))
    if word in ("we'll", "well") and after == "see":  # at "we'll": it starts the verdict
        return _later(unit, pos + 2) or _word(unit, pos + 2) in ("whether", "if", "how")
    return False


def _no_reason_for(unit: Unit, pos: int) -> bool:
    """'no reason for' or 'no need for' ending its clause: "a queue for events I see
    no reason for today"."""
    if _word(unit, pos) != "no" or _word(unit, pos + 1) not in NEED_WORDS:
        return False
    return _word(unit, pos + 2) in STRANDED and _later(unit, pos + 3)


def _preferred_over(unit: Unit, pos: int) -> bool:
    """'over' after 'prefer', or 'than' after 'rather', in one clause: what follows
    is turned down ("I'd prefer a bigger box over splitting the data")."""
    word = _word(unit, pos)
    wanted = {"over": PREFER, "than": RATHER}.get(word)
    if not wanted:
        return False
    for back in range(pos - 1, max(-1, pos - 1 - FORWARD), -1):
        token = unit.tokens[back]
        if token.word in wanted:
            return True
        if token.boundary == "|" or token.word in TERMINATORS:
            return False
    return False


def _more_cost_than_worth(unit: Unit, pos: int) -> bool:
    """'worth' or 'gain' after 'more trouble/pain ... than': the thing costs more than
    it brings."""
    if _word(unit, pos) not in ("worth", "gain", "gains", "benefit"):
        return False
    than = next((p for p in range(pos - 1, max(-1, pos - 4), -1) if _word(unit, p) == "than"), None)
    return than is not None and _word(unit, than - 1) in COSTS and _word(unit, than - 2) == "more"


def _defers(unit: Unit, pos: int) -> bool:
    """A verb of deferring: "hold off", or "park", "punt", "shelve" said by the user
    ("I'd park that", not "drivers park"), pointing at the word after it."""
    word = _word(unit, pos)
    if word == "hold":
        return _word(unit, pos + 1) == "off"
    return word in DEFER_VERBS and _word(unit, pos - 1) in DEFERRERS


def _deferred_it(unit: Unit, pos: int) -> bool:
    """Whether what follows a deferring verb ends its clause, maybe after "off", a
    preposition, a pointer ("all that") and words of time: "hold off on that for v1",
    "punt on it entirely", "can wait too", "park that until we see load"."""
    if _word(unit, pos) == "off":
        pos += 1
    if _word(unit, pos) in DEFER_PREPOSITIONS:
        pos += 1
    if _word(unit, pos) == "all":
        pos += 1
    if _word(unit, pos) in POINTERS:
        pos += 1
    return _later(unit, pos)


def _later(unit: Unit, pos: int) -> bool:
    """Whether the clause ends at `pos` (after fillers), or goes on only to say when:
    "for v1", "until we see load", "later"."""
    while _word(unit, pos) in WEIGHING - LATER:
        pos += 1
    if pos >= len(unit.tokens) or unit.tokens[pos].boundary:
        return True
    return _word(unit, pos) in LATER | TERMINATORS | ENDINGS


def _adds_complexity(unit: Unit, pos: int) -> bool:
    """'X adds (needless) complexity': a cost named as the verdict on X, unless a
    "but" weighs it ("adds complexity but pays for itself")."""
    verb = pos - 1 - (_word(unit, pos - 1) in COMPLEXITY_SIZES)
    return _word(unit, verb) in ADD_VERBS and _word(unit, pos + 1) != "but"


def _does_without(unit: Unit, pos: int) -> bool:
    """A double negation, "can't do without X": the negation, or its "without"."""
    if unit.tokens[pos].word == "without":
        negated = pos >= 2 and unit.tokens[pos - 2].key == NEGATION_KEY
        return negated and _word(unit, pos - 1) in DO_WITHOUT
    return _word(unit, pos + 1) in DO_WITHOUT and _word(unit, pos + 2) == "without"


def _stranded(unit: Unit, negation: int, pos: int) -> bool:
    """A preposition ending the clause after a negated verb: "complexity I would rather
    not pay for", "a cost we won't sign up for" (not "no monitoring for now")."""
    verb_negation = unit.tokens[negation].word not in NOUN_NEGATIONS
    return verb_negation and _word(unit, pos) in STRANDED and _ends_clause(unit, pos)


def _refused(unit: Unit, pos: int) -> bool:
    """Whether the clause ends at `pos`, maybe after a pointer and fillers: "we can
    do without", "we can do without it for now"."""
    if _word(unit, pos + 1) in POINTERS:
        pos += 1
    return _ends_after_fillers(unit, pos)


def _ends_after_fillers(unit: Unit, pos: int) -> bool:
    """Whether the clause ends at `pos`, or after a few words that only weigh it
    ("too much", "either", "at all")."""
    while _word(unit, pos + 1) in WEIGHING:
        pos += 1
    return _ends_clause(unit, pos)


def _only_fillers(unit: Unit, first: int, at: int) -> bool:
    """Whether the words from `first` up to the dismissal at `at` are fillers only."""
    return all(t.word in FILLERS for t in unit.tokens[first:at])


def _word(unit: Unit, pos: int) -> str:
    return unit.tokens[pos].word if 0 <= pos < len(unit.tokens) else ""


def _ends_clause(unit: Unit, pos: int) -> bool:
    """Whether the word at `pos` is the last of its clause ("... I'd also skip.")."""
    tokens = unit.tokens
    after = tokens[pos + 1] if pos + 1 < len(tokens) else None
    return after is None or bool(after.boundary) or after.word in TERMINATORS | ENDINGS


def _reported(unit: Unit, turned: set[int], dismissed: set[int]) -> list[tuple[int, int]]:
    """(position, its "but") for each word of a clause that says what others do
    ("people precompute timelines into Redis"), what is usual, or what would help
    ("ids would be nice") when the clause after its "but" turns something down."""
    tokens = unit.tokens
    found: list[tuple[int, int]] = []
    start = 0
    for pos, token in enumerate(tokens):
        if token.word != "but":
            if token.word in TERMINATORS:
                start = pos + 1
            continue
        end = next(
            (p for p in range(pos + 1, len(tokens)) if tokens[p].word in TERMINATORS),
            len(tokens),
        )
        before, after = range(start, pos), set(range(pos, end))
        others = any(tokens[p].word in REPORTERS for p in before) and turned & after
        usual = any(tokens[p].word in USUAL for p in before) and dismissed & after
        # "X is the resilient option, but I'd prefer one region"
        option = _named_option(unit, before) and _prefers(unit, pos + 1)
        # "snowflake ids would be nice, but meh, not worth an id service"
        # (a judgement, not a plain negation: "X would flood timelines, but we don't do
        # it for celebrities" keeps X and narrows it)
        judged = {p for p in dismissed & after if tokens[p].key != NEGATION_KEY}
        supposed = any(tokens[p].word in SUPPOSING for p in before) and bool(
            judged or _prefers(unit, pos + 1)
        )
        if others or usual or option or supposed:
            found += [(p, pos) for p in before]
        start = pos + 1
    return found


def _supposed_then_preferred(unit: Unit) -> list[tuple[int, int]]:
    """(position, preference) for each word of what one could do, or what others do,
    before a clause that opens with the speaker's own preference: "you could emit
    click events to Kafka, I'd rather keep it simple" (not "we shard by code, I'd
    rather ...": no supposition)."""
    tokens = unit.tokens
    for pos in range(1, len(tokens)):
        if not tokens[pos].boundary or not _prefers(unit, pos):
            continue
        before = range(pos)
        if any(tokens[p].word in SUPPOSING | REPORTERS | USUAL for p in before):
            return [(p, pos) for p in before]
    return []


def _named_option(unit: Unit, before: range) -> bool:
    """Whether a clause names an alternative as such: "the resilient option", "the
    careful approach" (an ALTERNATIVES word before a PRACTICE_NOUNS word)."""
    return any(
        _word(unit, p) in ALTERNATIVES and _word(unit, p + 1) in PRACTICE_NOUNS for p in before
    )


def _prefers(unit: Unit, pos: int) -> bool:
    """Whether the clause at `pos` opens with the speaker's preference: "I'd prefer",
    "we'd rather"."""
    words = [_word(unit, p) for p in range(pos, pos + 3)]
    return words[0] in SPEAKERS and any(w in PREFER | RATHER for w in words[1:])


def _need_to(unit: Unit, pos: int) -> bool:
    """'doesn't need to be exact' qualifies the thing; it does not dismiss it
    ("I don't need to know X", "we don't need to worry about X" do)."""
    following, then = _word(unit, pos + 1), _word(unit, pos + 2)
    return _word(unit, pos) in ("need", "needed") and following == "to" and then not in HEEDING


def dismisses(unit: Unit) -> bool:
    """Whether the unit dismisses something: "X doesn't matter", "I don't think X
    changes anything", "we don't need to know X"."""
    triggers = _triggers(unit)
    dismissed = dismissals(unit)
    return (
        bool(dismissed)
        or bool(_raised(unit, triggers))
        or bool(_replies(unit, triggers, dismissed))
    )


def _forward(unit: Unit, at: int, triggers: set[int]) -> list[int]:
    tokens = unit.tokens
    reached = []
    # "Same for X": the whole clause again, however long its X
    reach = 2 * FORWARD if _word(unit, at) in AGAIN | {"same"} else FORWARD
    if _word(unit, at + 1) in HARMS or (
        _word(unit, at + 1) in ADVERBS and _word(unit, at + 2) in HARMS
    ):
        return [at + 1]  # "can't hurt redirects", "never loses a tweet": protected, not ruled out
    for pos in range(at + 1, min(len(tokens), at + 1 + reach)):
        token = tokens[pos]
        if token.boundary == "|" or token.word in TERMINATORS:
            break
        if pos > at + 1 and token.word in SUBJECTS and _word(unit, pos + 1) in VERBS:
            break  # "if found and not expired it returns a 302": a new clause
        if token.word in ("and", "or") and _starts_clause(unit, pos + 1):
            break  # "skip fan-out and their tweets get merged at read time"
        if token.boundary == "," and (
            _starts_clause(unit, pos) or _determiner(unit, at) or _states_figure(unit, pos)
        ):
            break
        if pos in triggers:
            # a trigger starts its own scope ("no X, no Y"); only a negation right
            # before it negates it ("cannot have no single point of failure")
            between = tokens[at + 1 : pos + 1]
            if pos - at <= 2 and all(
                t.word not in ("and", "or") and not t.boundary for t in between
            ):
                reached.append(pos)
            break
        reached.append(pos)
    return reached


def _determiner(unit: Unit, at: int) -> bool:
    """'no' before a noun negates that noun only: in "no loss, exactly-once
    display" the list goes on positively. "No need for a queue, a cache or a
    CDN" is a verb's negation, and goes on."""
    after = unit.tokens[at + 1].word if at + 1 < len(unit.tokens) else ""
    return unit.tokens[at].word == "no" and after not in NEED_WORDS


def _states_figure(unit: Unit, pos: int) -> bool:
    """Whether the segment starting at `pos` holds a figure: a requirement of its own
    ("never lose a trip, first offer within 2 s"), not one more negated thing."""
    tokens = unit.tokens
    for token in tokens[pos : pos + FORWARD]:
        if token is not tokens[pos] and token.boundary:
            return False
        if token.word[:1].isdigit():
            return True
    return False


def _listed_before(unit: Unit, pos: int) -> bool:
    """Whether the words before the comma at `pos` are an item of the same list
    ("a geospatial index like geohash, quadtree or H3"), not a clause ("we shard
    by city, caching is overkill")."""
    tokens = unit.tokens
    start = pos - 1
    while start > 0 and not tokens[start].boundary:
        start -= 1
    words = tokens[max(start, 0) : pos]
    return all(t.word not in SUBJECTS and t.word not in VERBS for t in words)


def _starts_clause(unit: Unit, pos: int) -> bool:
    """Whether the words after a comma make a clause of their own ("no cache, the
    DB is fast") rather than go on with a list ("no cache, CDN or queue")."""
    tokens = unit.tokens
    if pos >= len(tokens):
        return False
    if tokens[pos].word in SUBJECTS:
        return True
    for token in tokens[pos : pos + FORWARD]:
        if token is not tokens[pos] and token.boundary:
            return False
        if token.word in VERBS:
            return True
    return False


def _backward(unit: Unit, at: int, triggers: set[int]) -> list[int]:
    tokens = unit.tokens
    reached = []
    coordinated = False  # an "and", "or" or "nor" seen: maybe a list ("X, Y or Z is overkill")
    stopped = ""  # the word that ended the walk back
    verdict = False  # a verdict of its own after a dash
    for pos in range(at - 1, max(-1, at - 1 - BACKWARD), -1):
        token = tokens[pos]
        if token.word in TERMINATORS or pos in triggers:
            stopped = token.word
            break
        coordinated |= token.word in ("and", "or", "nor")
        reached.append(pos)
        if token.boundary == "|":
            if not _only_fillers(unit, pos, at):
                break  # the clause starts here ("X - nah, not needed" goes on to X)
            verdict = True  # ...and over all of it ("A, B for C - honestly not needed")
        if verdict:
            continue
        joined = unit.text[tokens[pos - 1].end : token.start] in JOINED if pos else False
        # "Replicating trips, or using Spanner, is more than I want": the comma closes
        # the subject the copula judges
        closed = pos == at - 1 and token.word in COPULAS | BE
        if (
            token.boundary == ","
            and not (coordinated and _listed_before(unit, pos))
            and not joined
            and not closed
        ):
            break  # ...unless the comma only separates items of a list, or "/" joins two
    if verdict:  # past the window too: the whole list before the dash
        reached += [pos for pos in range(min(reached)) if pos not in triggers]
    near = range(max(0, at - 3), min(len(tokens), at + 1 + DISMISSAL_REACH))
    ahead = range(at + 1, min(len(tokens), at + 1 + _reach(unit, at)))
    refuses = any(_refuses_it(unit, pos) for pos in ahead) or _points_back(unit, at)
    if stopped in CONSEQUENCES and not refuses and not any(_pronoun(unit, p) for p in near):
        return reached  # "the cache takes the reads, so we don't need those replicas"
    opening = range(min(reached, default=at), at)[:3]  # "..., and honestly it's a debate I'd skip"
    subject = any(_judged(unit, pos) for pos in opening)
    if any(tokens[pos].word in ANAPHORS for pos in near) or refuses or subject:
        # "X and Y, but I don't think that distinction matters": "that" is what
        # came before, so the dismissal reaches back over the whole unit
        start = min(reached, default=at)
        reached += [pos for pos in range(start) if pos not in triggers]
    return reached
