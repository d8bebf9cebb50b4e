"""The domain lexicon: system-design concepts, the everyday words for them, abbreviations.

`problems/lexicon/lexicon.yaml` is shared by every problem; a spec's own
`lexicon:` section adds phrases to a shared concept or defines its own. Rubric
items name concepts in their `ideas` ("celebrity + read-merge"), so an answer
is judged by what it says, in whatever words, not by one literal phrase.

```yaml
schema: 1
abbreviations:            # a typed word -> what it stands for
  lb: load balancer
concepts:                 # a concept id -> the phrases that express it
  timeline: [timeline, feed, news feed]
  timeline-cache: ["{timeline} cache", precomputed {timeline}]
```

A phrase may name another concept in braces (`{timeline} cache` is also
"feed cache"); a phrase that begins with a negation ("no double booking",
"never fan out") is a prohibition, and matches with any negation word.
Only the format, loading and checks live here; `coach.scoring` matches.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from coach import paths
from coach.errors import CoachError, did_you_mean

ConceptId = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_-]*$", max_length=64)]
# A typed word an abbreviation stands in for: "lb", "k/v", "w/", "p99".
Word = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9/'&.+-]*$", max_length=16)]
Phrase = Annotated[str, Field(min_length=1, max_length=120)]

REFERENCE = re.compile(r"\{([^{}]*)\}")
MAX_EXPANSIONS = 400  # phrases one concept may expand to once its references are filled in


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class LexiconSection(_Strict):
    """Concepts and abbreviations: a problem's own `lexicon:` section."""

    abbreviations: dict[Word, Phrase] = Field(default_factory=dict)
    concepts: dict[ConceptId, Annotated[list[Phrase], Field(min_length=1)]] = Field(
        default_factory=dict
    )


class LexiconFile(LexiconSection):
    """The shared lexicon file."""

    schema_: Literal[1] = Field(alias="schema")
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


@dataclass(frozen=True)
class Lexicon:
    """Abbreviations and concepts in force for one problem (shared, then its own)."""

    abbreviations: Mapping[str, str]
    concepts: Mapping[str, tuple[str, ...]]

    def knows(self, concept: str) -> bool:
        return concept in self.concepts

    def expand(self, concept: str) -> list[str]:
        """Every phrase of a concept, with references to other concepts filled in."""
        return _expand(self, concept)


def merged(shared: LexiconSection, own: LexiconSection | None) -> Lexicon:
    """The shared lexicon extended by a problem's section: its phrases add to a
    shared concept of the same id, its abbreviations override shared ones."""
    concepts = {cid: tuple(phrases) for cid, phrases in shared.concepts.items()}
    abbreviations = dict(shared.abbreviations)
    if own is not None:
        for cid, phrases in own.concepts.items():
            concepts[cid] = tuple(dict.fromkeys([*concepts.get(cid, ()), *phrases]))
        abbreviations.update(own.abbreviations)
    return Lexicon(abbreviations, concepts)


def _expand(lexicon: Lexicon, concept: str, seen: tuple[str, ...] = ()) -> list[str]:
    out: list[str] = []
    for phrase in lexicon.concepts.get(concept, ()):
        out.extend(_fill(lexicon, phrase, (*seen, concept)))
        if len(out) > MAX_EXPANSIONS:
            break
    return list(dict.fromkeys(out))[:MAX_EXPANSIONS]


def _fill(lexicon: Lexicon, phrase: str, seen: tuple[str, ...]) -> list[str]:
    match = REFERENCE.search(phrase)
    if match is None:
        return [phrase]
    name = match.group(1)
    if name in seen:  # a cycle: `coach validate` reports it; matching just stops there
        return []
    head, tail = phrase[: match.start()], phrase[match.end() :]
    return [
        filled
        for inner in _expand(lexicon, name, seen)
        for filled in _fill(lexicon, f"{head}{inner}{tail}", seen)
    ]


# -- loading -------------------------------------------------------------------


def shared_path() -> Path:
    """The shared lexicon bundled with coach."""
    return paths.problems_dir() / "lexicon" / "lexicon.yaml"


def load_lexicon_file(path: Path) -> LexiconFile:
    """Read and check a lexicon file; every error is a positioned `CoachError`."""
    from coach.errors import CoachErrors
    from coach.yamlsafe import load_yaml, validate_model

    doc = load_yaml(path)
    lexicon = validate_model(LexiconFile, doc)
    errors = [doc.error(message, loc) for loc, message in section_issues(lexicon, lexicon)]
    if errors:
        raise CoachErrors(errors)
    return lexicon


@functools.cache
def shared() -> LexiconFile:
    """The shared lexicon (read once). A broken one is a `CoachError`."""
    return load_lexicon_file(shared_path())


# -- checks --------------------------------------------------------------------

Issue = tuple[tuple[str | int, ...], str]  # where in the document, and what is wrong


def section_issues(section: LexiconSection, base: LexiconSection) -> Iterator[Issue]:
    """References in `section`'s phrases that name no concept of `base` or
    `section`, and reference cycles; `loc` is relative to the section."""
    known = {*base.concepts, *section.concepts}
    for cid, phrases in section.concepts.items():
        for i, phrase in enumerate(phrases):
            for name in REFERENCE.findall(phrase):
                if name not in known:
                    yield (
                        ("concepts", cid, i),
                        f"phrase '{phrase}' names concept '{name}', which the lexicon "
                        f"does not define{did_you_mean(name, known)}",
                    )
    yield from _cycles(section, base)


def _cycles(section: LexiconSection, base: LexiconSection) -> Iterator[Issue]:
    lexicon = merged(base, section)
    for cid in section.concepts:
        path = _cycle_from(lexicon, cid, ())
        if path:
            yield (
                ("concepts", cid),
                f"concept '{cid}' refers back to itself: {' -> '.join(path)}",
            )


def _cycle_from(lexicon: Lexicon, cid: str, seen: tuple[str, ...]) -> tuple[str, ...]:
    if cid in seen:
        return (*seen, cid) if cid == seen[0] else ()
    for phrase in lexicon.concepts.get(cid, ()):
        for name in REFERENCE.findall(phrase):
            found = _cycle_from(lexicon, name, (*seen, cid))
            if found:
                return found
    return ()


def unknown_concepts(parts: Iterable[str], lexicon: Lexicon) -> list[str]:
    """The messages for parts of an idea that name no concept."""
    return [
        f"idea names concept '{part}', which the lexicon does not define"
        f"{did_you_mean(part, lexicon.concepts)}"
        for part in parts
        if not lexicon.knows(part)
    ]


def shared_errors() -> list[CoachError]:
    """Every error of the shared lexicon file (none when it is sound)."""
    from coach.errors import CoachErrors

    try:
        shared()
    except CoachErrors as exc:
        return list(exc.errors)
    except CoachError as exc:
        return [exc]
    return []
