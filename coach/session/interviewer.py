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
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from coach.problems.model import Clarification, Problem
from coach.scoring.matching import matcher_for, per_problem, words, wordset
from coach.scoring.words import stem
from coach.session.record import QuestionAnswer

NOT_SPECIFIED = "That's not specified: assume what is reasonable and state your assumption."
THRESHOLD = 0.42  # 0-1; below it the question matches no clarification

# Words every question has: they say nothing about what is asked.
QUESTION_WORDS = wordset(
    """what whats what's how which who whom when where why do does did doing we you i me
    my our us your there here have has had is are was were be been being can could would
    should will shall it its it's this that these those they them their a an the of to in
    on for by with as or and any some get got about tell please ok okay so also then just
    like roughly approximately expect expected use uses using used per many much"""
)

_SPLIT = re.compile(r"[?;,.]|\b(?:or|and|but|also)\b", re.IGNORECASE)
WORD_WEIGHT = 0.7  # the weighted overlap, against token_set_ratio for the rest
UNKNOWN_WEIGHT = 2.0  # a word no clarification uses, relative to the rarest one
# Questions are short, so a typo in a short word ("usres") matters: such words
# are corrected towards the words of the asks, within one edit in 4-5 letters.
SHORT_TYPO_MIN_LENGTH = 4
SHORT_TYPO_SIMILARITY = 0.75


@dataclass(frozen=True)
class _Doc:
    order: int  # of its clarification in the spec
    stems: frozenset[str]
    text: str  # the stems joined, for rapidfuzz


def answer_question(problem: Problem, question: str) -> QuestionAnswer:
    """The interviewer's answer to one clarifying question."""
    best = best_clarification(problem, question)
    if best is None:
        return QuestionAnswer(question=question, answer=NOT_SPECIFIED, topic=None)
    return QuestionAnswer(question=question, answer=best.answer, topic=best.topic)


def best_clarification(problem: Problem, question: str) -> Clarification | None:
    """The clarification a question asks about, or None when nothing fits well.

    A question that asks two things ("is eventual consistency ok or must the
    author see it at once?") is also scored part by part: the best part wins.
    """
    index = per_problem(problem, "interviewer", _Index)
    best: tuple[float, int] | None = None
    for part in _parts(question):
        asked = index.content(part, correct=True)
        if not asked:
            continue
        asked_text = " ".join(sorted(asked))
        for doc in index.docs:
            score = index.similarity(asked, asked_text, doc)
            if score >= THRESHOLD and (best is None or score > best[0]):
                best = (score, doc.order)
    return None if best is None else problem.clarifications[best[1]]


def _parts(question: str) -> list[str]:
    parts = [p for p in _SPLIT.split(question) if p and p.strip()]
    return [question, *parts] if len(parts) > 1 else [question]


class _Index:
    """The clarifications of one problem, analysed once.

    A text's features are the stems of its words and the lexicon concepts it
    expresses ("uptime" and "availability" are one concept), so a question is
    understood in other words than the spec's asks.
    """

    def __init__(self, problem: Problem) -> None:
        self.matcher = matcher_for(problem)
        self.concepts = sorted(self.matcher.lexicon.concepts)
        self.vocabulary: dict[str, list[str]] = {}
        for clarification in problem.clarifications:
            for text in [*clarification.asks, clarification.topic]:
                for word in words(text):
                    if word.isalpha() and word not in QUESTION_WORDS:
                        self.vocabulary.setdefault(word[0], []).append(word)
        self.docs = [
            _Doc(order, stems, " ".join(sorted(s for s in stems if not s.startswith("@"))))
            for order, clarification in enumerate(problem.clarifications)
            for text in [*clarification.asks, clarification.topic]
            if (stems := self.content(text, correct=False))
        ]
        self.weights = _idf(self.docs, len(problem.clarifications))
        self.unknown = UNKNOWN_WEIGHT * max(self.weights.values(), default=1.0)

    def content(self, text: str, *, correct: bool) -> frozenset[str]:
        """The features of a text: stems of its content words, and @concepts."""
        units = self.matcher.units(text)
        found: set[str] = set()
        for unit in units:
            for token in unit.tokens:
                if token.word in QUESTION_WORDS:
                    continue
                word = self._correct(token.word) if correct else token.word
                found.add(token.key if word == token.word else stem(word))
            found.update(
                f"@{cid}" for cid in self.concepts if self.matcher.concept_spans(unit, cid)
            )
        return frozenset(found)

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

    def similarity(self, asked: frozenset[str], asked_text: str, doc: _Doc) -> float:
        """0-1: a weighted word overlap (F1) blended with rapidfuzz's token_set_ratio."""
        shared = self._weight(asked & doc.stems)
        if shared == 0:
            return 0.0
        precision = shared / self._weight(asked)
        recall = shared / self._weight(doc.stems)
        overlap = 2 * precision * recall / (precision + recall)
        fuzzy = fuzz.token_set_ratio(asked_text, doc.text) / 100
        return WORD_WEIGHT * overlap + (1 - WORD_WEIGHT) * fuzzy

    def _weight(self, stems: frozenset[str]) -> float:
        return sum(self.weights.get(stem, self.unknown) for stem in stems)


def _idf(docs: Sequence[_Doc], total: int) -> dict[str, float]:
    """Inverse document frequency of each stem over the clarifications."""
    holders: dict[str, set[int]] = {}
    for doc in docs:
        for feature in doc.stems:
            holders.setdefault(feature, set()).add(doc.order)
    return {feature: 1.0 + math.log(total / len(ids)) for feature, ids in holders.items()}
