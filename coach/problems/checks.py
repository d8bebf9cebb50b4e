"""Checks across a spec that the schema alone cannot express, each at its line.

The schema says a `calls` entry is text; only a check that reads the whole
spec can say that no component of that name exists. `coach validate` runs
every function in `PROBLEM_CHECKS`; append one to add a check.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from coach.errors import CoachError, did_you_mean
from coach.problems.model import Clarification, Curveball, DeepDive, Problem, Rubric, RubricItem
from coach.simulate.design import Design
from coach.yamlsafe import Loc, YamlDoc

Check = Callable[[Problem, YamlDoc], list[CoachError]]


def design_errors(design: Design, doc: YamlDoc, prefix: Loc = ()) -> list[CoachError]:
    """What makes a design impossible to run (unknown or repeated names, call
    cycles, faults on nodes that do not exist), each at its place in `doc`.

    `prefix` is where the design sits in `doc` (`("reference_design",)` in a
    problem spec, empty in a design file).
    """
    from coach.simulate.checks import structure_issues

    return [doc.error(issue.message, (*prefix, *issue.loc)) for issue in structure_issues(design)]


def rubric_errors(
    rubric: Rubric, deep_dives: Sequence[DeepDive], curveballs: Sequence[Curveball], doc: YamlDoc
) -> list[CoachError]:
    """Rubric ids are unique in the spec; a `topic` names a `deep_dives` id."""
    errors: list[CoachError] = []
    topics = [d.id for d in deep_dives]
    first_seen: dict[str, Loc] = {}
    for loc, item in _rubric_items(rubric, curveballs):
        if item.id in first_seen:
            line = doc.position((*first_seen[item.id], "id"))[0]
            message = f"rubric item id '{item.id}' is used twice (first at line {line})"
            errors.append(doc.error(message, (*loc, "id")))
        first_seen.setdefault(item.id, loc)
        if item.topic is not None and item.topic not in topics:
            known = ", ".join(topics)
            message = (
                f"rubric item '{item.id}' names topic '{item.topic}', which is not a "
                f"deep_dives id{did_you_mean(item.topic, topics) or f' ({known})'}"
            )
            errors.append(doc.error(message, (*loc, "topic")))
    return errors


def _rubric_items(
    rubric: Rubric, curveballs: Sequence[Curveball]
) -> Iterable[tuple[Loc, RubricItem]]:
    for phase in ("clarify", "high_level", "deep_dive", "scaling"):
        for i, item in enumerate(getattr(rubric, phase)):
            yield ("rubric", phase, i), item
    for c, curveball in enumerate(curveballs):
        for i, item in enumerate(curveball.rubric):
            yield ("curveballs", c, "rubric", i), item


def clarification_errors(clarifications: Sequence[Clarification], doc: YamlDoc) -> list[CoachError]:
    """Each clarification has its own topic and asks no other one claims.

    The interviewer picks the clarification whose asks match the question;
    an ask listed twice would make the answer depend on order.
    """
    errors: list[CoachError] = []
    topics: dict[str, int] = {}
    asks: dict[str, int] = {}
    for i, clar in enumerate(clarifications):
        topic = _normal(clar.topic)
        if topic in topics:
            line = doc.position(("clarifications", topics[topic], "topic"))[0]
            message = f"clarification topic '{clar.topic}' is used twice (first at line {line})"
            errors.append(doc.error(message, ("clarifications", i, "topic")))
        topics.setdefault(topic, i)
        for j, ask in enumerate(clar.asks):
            owner = asks.setdefault(_normal(ask), i)
            if owner != i:
                other = clarifications[owner].topic
                message = f"ask '{ask}' is also listed under clarification '{other}'"
                errors.append(doc.error(message, ("clarifications", i, "asks", j)))
    return errors


def _normal(text: str) -> str:
    return " ".join(text.lower().split())


def check_design_names(problem: Problem, doc: YamlDoc) -> list[CoachError]:
    return design_errors(problem.reference_design, doc, ("reference_design",))


def check_rubric(problem: Problem, doc: YamlDoc) -> list[CoachError]:
    return rubric_errors(problem.rubric, problem.deep_dives, problem.curveballs, doc)


def check_clarifications(problem: Problem, doc: YamlDoc) -> list[CoachError]:
    return clarification_errors(problem.clarifications, doc)


def check_capacity(problem: Problem, doc: YamlDoc) -> list[CoachError]:
    """Each capacity assumption names an estimator input and has a unit that fits it."""
    from coach.estimate.inputs import parse_input

    errors: list[CoachError] = []
    for i, assumption in enumerate(problem.capacity):
        try:
            parse_input(assumption.name, str(assumption.value))
        except CoachError as exc:
            key = "name" if exc.message.startswith("unknown estimate input") else "value"
            errors.append(doc.error(exc.message, ("capacity", i, key)))
    return errors


def check_lexicon(problem: Problem, doc: YamlDoc) -> list[CoachError]:
    """The spec's `lexicon:` section and every concept an `ideas` entry names."""
    from coach.problems.lexicon import (
        merged,
        section_issues,
        shared,
        shared_errors,
        unknown_concepts,
    )

    if shared_errors():  # reported once, by `coach validate`, not once per spec
        return []
    base = shared()
    errors = []
    if problem.lexicon is not None:
        issues = section_issues(problem.lexicon, base)
        errors = [doc.error(message, ("lexicon", *loc)) for loc, message in issues]
    lexicon = merged(base, problem.lexicon)
    for loc, item in _rubric_items(problem.rubric, problem.curveballs):
        for i, parts in enumerate(item.idea_parts()):
            errors += [doc.error(m, (*loc, "ideas", i)) for m in unknown_concepts(parts, lexicon)]
    return errors


def check_bindings(problem: Problem, doc: YamlDoc) -> list[CoachError]:
    """`asked` names clarification topics; `figures` names figures this problem's
    capacity inputs give, so an item bound to them can be earned at all."""
    from coach.estimate.names import RESULT_NAMES

    topics = [c.topic for c in problem.clarifications]
    given = _figures_given(problem)
    errors: list[CoachError] = []
    for loc, item in _rubric_items(problem.rubric, problem.curveballs):
        for i, topic in enumerate(item.asked):
            if topic not in topics:
                hint = did_you_mean(topic, topics) or f" ({', '.join(topics)})"
                message = f"'{topic}' is not a clarification topic of this problem{hint}"
                errors.append(doc.error(message, (*loc, "asked", i)))
        for i, name in enumerate(item.figures):
            if name not in RESULT_NAMES:
                message = f"unknown figure '{name}'{did_you_mean(name, RESULT_NAMES)}"
            elif name not in given:
                message = f"this problem's capacity inputs give no {name} to check"
            else:
                continue
            errors.append(doc.error(message, (*loc, "figures", i)))
    return errors


def _figures_given(problem: Problem) -> set[str]:
    from coach.estimate.engine import estimate

    if not problem.capacity:
        return set()
    try:
        return set(estimate(problem.capacity_inputs()).results)
    except CoachError:  # check_capacity reports the inputs themselves
        return set()


PROBLEM_CHECKS: list[Check] = [
    check_design_names,
    check_rubric,
    check_clarifications,
    check_capacity,
    check_lexicon,
    check_bindings,
]


def run_checks(
    problem: Problem, doc: YamlDoc, checks: Sequence[Check] = PROBLEM_CHECKS
) -> list[CoachError]:
    """Every finding of every check, in file order."""
    found = [error for check in checks for error in check(problem, doc)]
    return sorted(found, key=lambda e: (e.line or 0, e.column or 0))
