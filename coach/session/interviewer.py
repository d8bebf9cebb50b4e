"""Play the interviewer for clarifying questions, from the problem's clarifications.

A question is compared by meaning of words with each clarification's `asks` and
topic: both go through the Matcher (typos, abbreviations, stems), then a
weighted word overlap (rare words such as "celebrity" count more than "many")
is blended with rapidfuzz's token_set_ratio on the stemmed text, which forgives
what the word overlap misses. The best clarification above a threshold answers;
otherwise the interviewer says it is not specified, as a real one would.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from coach.problems.model import Clarification, Problem
from coach.scoring.matching import matcher_for, per_problem, spec_texts, words, wordset
from coach.scoring.words import FUNCTION_WORDS, stem
from coach.session.record import QuestionAnswer

NOT_SPECIFIED = "That's not specified: assume what is reasonable and state your assumption."
OUT_OF_SCOPE = (
    "That's out of scope for this interview ({item}): assume it exists and focus on the rest."
)
SECOND_THRESHOLD = 0.7  # a second topic is answered only when its part fits it well
PART_WORDS = 3  # words a part needs to be answered as a second question
THRESHOLD = 0.46  # 0-1; below it the question matches no clarification

# Words every question has: they say nothing about what is asked.
QUESTION_WORDS = wordset(
    """what whats what's how which who whom when where why do does did doing we you i me
    my our us your there here have has had is are was were be been being can could would
    should will shall it its it's this that these those they them their a an the of to in
    on for by with as or and any some get got about tell please ok okay so also then just
    like roughly approximately expect expected use uses using used per many much"""
)

# "... or must the author see it at once?": a second question after "or", "and"...,
# when it starts like one; "between the rider and the driver" is one question.
# Words that say nothing about what is asked: question words and grammar.
SAYS_NOTHING = QUESTION_WORDS | FUNCTION_WORDS
_OPENERS = (
    "is are was were do does did can could should would will must may might how what which"
    " who when where why if whats"
)
_JOINED = re.compile(
    r"\b(?:or|and|but|also)\s+(?=(?:\w+\s+)?(?:" + "|".join(_OPENERS.split()) + r")\b)",
    re.IGNORECASE,
)
# Words of the interviewer's own world, not the system's: a question that uses one
# the spec never does asks about the office, the team or the day, not the design
# ("what's the availability of parking near the office?").
ASIDE_WORDS = wordset(
    """office offices parking lunch lunches eat eating restaurant restaurants coffee
    panel panels hire hires hired hiring referral referrals recruiter recruiters
    colleague colleagues coworker coworkers teammate teammates company commute
    weekend weekends weather vacation holiday holidays salary salaries career
    careers manager wiki hobby hobbies favourite favorite lunchtime canteen team teams
    engineer engineers employee employees laptop laptops role payroll remote slack
    offer offers monday tuesday wednesday thursday friday saturday sunday tomorrow
    afterwards personally culture email marker markers whiteboard whiteboards pen pens
    bonus bonuses promotion promotions interviewers graded grading marketing git
    trainings grad grads graduate graduates onboarding linkedin reimbursed
    reimburse reimbursement department departments ide ides editor editors vim
    relocation hr books dress badge badges shorts outfit talk talks schedule meeting
    meetings room rooms building interviews iphone"""
)
# ...and questions about the interviewer themselves: "how long have you been here?"
ASIDE_ASKED = re.compile(
    r"\b(?:have|had|were) you (?:ever|been|worked|working|always)\b"
    r"|\b(?:do|did) you (?:like|enjoy|love|use|watch|play|prefer|live|work|write|code|recommend"
    r"|stream)\b"
    r"|\bat home\b|\byour (?:broadband|wifi|internet|tv|telly|home|house|flat|family|kids)\b"
    r"|\b(?:are|were) you (?:\w+ly )?"
    r"(?:watching|reading|playing|enjoying|from|based|located|living)\b"
    r"|\byourself\b|\byour team(?:'s)?\b|\bare you on\b|\byour (?:video|audio|mic|camera)\b"
    r"|\byour (?:\w+'s )?own\b|\byour internal\b|\bpeople here\b|\bnext week\b"
    r"|\bfollow-?up (?:call|chat|meeting)\b|\byou (?:first )?joined\b"
    r"|\b(?:my|the|this) interview (?:loop|process|round|panel|feedback)\b|\bnext round\b"
    r"|\bthis round\b|\bafter the interview\b|\bare you (?:available|free|around)\b"
    r"|\b(?:available|free) are you\b|\bthis morning\b|\byour (?:trip|commute|drive)\b"
    r"|\bthis (?:video )?call\b|\bvideo call\b|\bthis building\b|\byou froze\b",
    re.IGNORECASE,
)
# Phrases that use an aside word of the system: "does the car type play a role",
# "another team takes the money" (a service owned elsewhere).
_IDIOMS = re.compile(r"\bplays? a role\b|\b(?:another|other|a separate) team\b", re.IGNORECASE)
WORD_WEIGHT = 0.7  # the weighted overlap, against token_set_ratio for the rest
UNKNOWN_WEIGHT = 2.0  # a word no clarification uses, relative to the rarest one
RARE_IN_SPEC = 4  # an out-of-scope thing's word: the spec mentions it this often at most
TOLD_SHARE = 0.5  # a word of the question that a clarification's answer uses, as shared
# Questions are short, so a typo in a short word ("usres") matters: such words
# are corrected towards the words of the asks, within one edit in 4-5 letters.
SHORT_TYPO_MIN_LENGTH = 4
SHORT_TYPO_SIMILARITY = 0.75


@dataclass(frozen=True)
class _Features:
    """What a text says: stems and @concepts, and the stems each concept covers."""

    all: frozenset[str]
    cover: dict[str, frozenset[str]]


@dataclass(frozen=True)
class _Doc:
    order: int  # of its clarification in the spec
    stems: frozenset[str]
    text: str  # the stems joined, for rapidfuzz
    scope: str | None = None  # an out-of-scope item of the spec, rather than a clarification


def answer_question(problem: Problem, question: str) -> QuestionAnswer:
    """The interviewer's answer to one clarifying question: a clarification's
    answer, that it is out of scope, or that it is not specified."""
    best = _best(problem, question)
    if best is None:
        return QuestionAnswer(question=question, answer=NOT_SPECIFIED, topic=None)
    if best.scope is not None:
        item = best.scope[:1].lower() + best.scope[1:]
        return QuestionAnswer(question=question, answer=OUT_OF_SCOPE.format(item=item), topic=None)
    found = problem.clarifications[best.order]
    second = _second(problem, question, best)
    if second is None:
        return QuestionAnswer(question=question, answer=found.answer, topic=found.topic)
    answer = f"{found.answer} {second.answer}"
    return QuestionAnswer(question=question, answer=answer, topic=found.topic, also=[second.topic])


def best_clarification(problem: Problem, question: str) -> Clarification | None:
    """The clarification a question asks about, or None when nothing fits well
    (or the question asks about something the spec puts out of scope)."""
    best = _best(problem, question)
    return None if best is None or best.scope is not None else problem.clarifications[best.order]


def _best(problem: Problem, question: str) -> _Doc | None:
    """The document a question matches best: a clarification's ask or topic, or
    an out-of-scope item of the spec ("Link previews and QR codes"), which wins
    only over every clarification.

    A question that asks two things ("is eventual consistency ok or must the
    author see it at once?") is also scored part by part: the best part wins.
    """
    index = per_problem(problem, "interviewer", _Index)
    if index.aside(question):
        return None
    best: tuple[tuple[float, float, bool], _Doc] | None = None
    for part in _parts(question):
        asked = index.features(part, correct=True)
        if not asked.all:
            continue
        asked_text = " ".join(sorted(asked.all))
        for doc in index.docs:
            if doc.scope is not None and not index.names_outside(asked, doc, part is question):
                continue
            score = index.similarity(asked, asked_text, doc)
            # a tie goes to the doc that shares more of the question's own words,
            # then to a clarification over an out-of-scope item
            rank = (score, index.shared(asked, doc), doc.scope is None)
            if score >= THRESHOLD and (best is None or rank > best[0]):
                best = (rank, doc)
    return None if best is None else best[1]


def _second(problem: Problem, question: str, best: _Doc) -> Clarification | None:
    """For a question that asks two things, the clarification one of its parts asks
    about besides the best one: "How many users, and what's the latency target?"."""
    parts = _parts(question)[1:]
    if not parts:
        return None
    index = per_problem(problem, "interviewer", _Index)
    found: tuple[float, _Doc] | None = None
    for part in parts:
        asked = index.features(part, correct=True)
        if not asked.all or len(part.split()) < PART_WORDS:
            continue  # a bare term ("QPS, storage, latency?") is no question of its own
        asked_text = " ".join(sorted(asked.all))
        scored = [(index.similarity(asked, asked_text, doc), doc) for doc in index.docs]
        score, doc = max(scored, key=lambda pair: (pair[0], -pair[1].order))
        other = doc.scope is None and doc.order != best.order and score >= SECOND_THRESHOLD
        if other and (found is None or score > found[0]):
            found = (score, doc)
    return None if found is None else problem.clarifications[found[1].order]


def _parts(question: str) -> list[str]:
    """The question, and its parts when it asks several things."""
    marked = _JOINED.sub("\x00", question)
    # a full stop inside a word is no break: "H.264", "v1.2"
    parts = [p for p in re.split(r"[?;,\x00]|\.(?!\w)", marked) if p and p.strip()]
    return [question, *parts] if len(parts) > 1 else [question]


class _Index:
    """The clarifications of one problem, analysed once.

    A text's features are the stems of its words and the lexicon concepts it
    expresses ("uptime" and "availability" are one concept), so a question is
    understood in other words than the spec's asks.
    """

    def __init__(self, problem: Problem) -> None:
        self.matcher = matcher_for(problem)
        self._keys_of: dict[str, set[str]] = {}
        self.vocabulary: dict[str, list[str]] = {}
        for clarification in problem.clarifications:
            for text in [*clarification.asks, clarification.topic]:
                for word in words(text):
                    if word.isalpha() and word not in QUESTION_WORDS:
                        self.vocabulary.setdefault(word[0], []).append(word)
        self.docs = [
            _Doc(order, stems, _joined(stems))
            for order, clarification in enumerate(problem.clarifications)
            for text in [*clarification.asks, clarification.topic]
            if (stems := self.content(text, correct=False))
        ]
        self.weights = _idf(self.docs, len(problem.clarifications))
        self.answers = [self.content(c.answer, correct=False) for c in problem.clarifications]
        self.in_spec = Counter(stem(w) for text in spec_texts(problem) for w in words(text))
        # out-of-scope items, one per thing named ("Ads, direct messages and trends")
        for number, item in enumerate(problem.scope.out_of_scope):
            for thing in _SCOPE_PARTS.split(_ASIDE.sub("", item)):
                stems = self.content(thing, correct=False)
                if stems:
                    order = len(problem.clarifications) + number
                    self.docs.append(_Doc(order, stems, _joined(stems), scope=item))
        self.unknown = UNKNOWN_WEIGHT * max(self.weights.values(), default=1.0)

    def content(self, text: str, *, correct: bool) -> frozenset[str]:
        """The features of a text: stems of its content words, and @concepts."""
        return self.features(text, correct=correct).all

    def features(self, text: str, *, correct: bool) -> _Features:
        """The features of a text, and the stems each concept's words gave."""
        units = self.matcher.units(text)
        found: set[str] = set()
        cover: dict[str, set[str]] = {}
        for unit in units:
            keys = []
            for token in unit.tokens:
                if token.word in SAYS_NOTHING or token.word[:1].isdigit():
                    keys.append(None)  # "4 sec": a number says nothing about the topic
                    continue
                word = self._correct(token.word) if correct else token.word
                keys.append(token.key if word == token.word else stem(word))
            found.update(k for k in keys if k is not None)
            for cid in sorted(self.matcher.concepts_in(unit)):
                spans = self.matcher.concept_spans(unit, cid)
                if spans:
                    # the words the concept's phrases name, not those between them
                    named = self._concept_keys(cid)
                    words_of = cover.setdefault(f"@{cid}", set())
                    for span in spans:
                        for pos in range(span.first, span.last + 1):
                            if keys[pos] and unit.tokens[pos].key in named:
                                words_of.add(keys[pos])
            found.update(cover)
        return _Features(frozenset(found), {c: frozenset(w) for c, w in cover.items()})

    def _concept_keys(self, concept_id: str) -> set[str]:
        found = self._keys_of.get(concept_id)
        if found is None:
            found = self._keys_of[concept_id] = {
                key for pattern in self.matcher.concept(concept_id) for key in pattern.all_keys()
            }
        return found

    def _correct(self, word: str) -> str:
        if len(word) < SHORT_TYPO_MIN_LENGTH or self.matcher.knows(word):
            return word
        found = process.extractOne(
            word,
            self.vocabulary.get(word[0], ()),
            scorer=OSA.normalized_similarity,
            score_cutoff=SHORT_TYPO_SIMILARITY,
        )
        return found[0] if found else word

    def similarity(self, asked: _Features, asked_text: str, doc: _Doc) -> float:
        """0-1: a weighted word overlap (F1) blended with rapidfuzz's token_set_ratio.

        A word of the question that a shared concept stands for ("worldwide" for
        geography) is counted once, as the concept, not also as a word the
        clarification lacks; a word its answer talks about ("entitlement" for
        consistency, whose answer says entitlement checks must be correct)
        counts half as shared."""
        common = asked.all & doc.stems
        shared = self._weight(common)
        if shared == 0:
            return 0.0
        said = {w for concept in common if concept in asked.cover for w in asked.cover[concept]}
        rest = asked.all - (said - doc.stems)
        told = self.answers[doc.order] & rest - doc.stems if doc.scope is None else frozenset()
        shared += TOLD_SHARE * self._weight(told)
        precision = shared / self._weight(rest)
        recall = min(1.0, shared / self._weight(doc.stems))
        overlap = 2 * precision * recall / (precision + recall)
        fuzzy = fuzz.token_set_ratio(asked_text, doc.text) / 100
        return WORD_WEIGHT * overlap + (1 - WORD_WEIGHT) * fuzzy

    def names_outside(self, asked: _Features, doc: _Doc, whole: bool) -> bool:
        """Whether a question asks about an out-of-scope thing: the whole question
        (a fragment, "by rating", is no question about a feature) shares with it a
        word no clarification uses and the spec hardly mentions ("direct messages";
        not "rate", the stem of "ratings" but a word all through a ride-hailing spec,
        in "rider map refresh rate?")."""
        return whole and any(
            f not in self.weights and self.in_spec.get(f, 0) <= RARE_IN_SPEC
            for f in asked.all & doc.stems
        )

    def aside(self, question: str) -> bool:
        """Whether the question is about the interviewer's world: it uses a word of
        it that the problem's spec never uses."""
        question = _IDIOMS.sub(" ", question)  # "does car type play a role": no job talk
        return bool(ASIDE_ASKED.search(question)) or any(
            word in ASIDE_WORDS and not self.in_spec.get(stem(word)) for word in words(question)
        )

    def shared(self, asked: _Features, doc: _Doc) -> float:
        """The weight of the features a question and a doc share."""
        return self._weight(asked.all & doc.stems)

    def _weight(self, stems: frozenset[str]) -> float:
        # fsum: a set's order changes with the process's hash seed, and a plain sum's
        # last bit with it, which can flip a question at the threshold or a tie
        return math.fsum(self.weights.get(stem, self.unknown) for stem in stems)


_ASIDE = re.compile(r"\([^)]*\)")  # "(assume a routing service)": not the thing itself
_SCOPE_PARTS = re.compile(r",|\band\b")


def _joined(stems: frozenset[str]) -> str:
    return " ".join(sorted(s for s in stems if not s.startswith("@")))


def _idf(docs: Sequence[_Doc], total: int) -> dict[str, float]:
    """Inverse document frequency of each stem over the clarifications."""
    holders: dict[str, set[int]] = {}
    for doc in docs:
        for feature in doc.stems:
            holders.setdefault(feature, set()).add(doc.order)
    return {feature: 1.0 + math.log(total / len(ids)) for feature, ids in holders.items()}
