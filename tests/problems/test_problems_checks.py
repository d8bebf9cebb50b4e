"""Cross checks: names in the reference design, rubric topics and ids, clarifications."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from problem_fixtures import EXAMPLE, line_of

from coach.errors import CoachError
from coach.problems import checks
from coach.problems.checks import PROBLEM_CHECKS, design_errors, run_checks
from coach.problems.loader import read_spec
from coach.problems.model import Problem
from coach.simulate.design import Design
from coach.yamlsafe import YamlDoc, load_yaml, validate_model

WriteSpec = Callable[..., Path]


def findings(path: Path) -> list[tuple[int | None, str]]:
    spec = read_spec(path)
    return [(e.line, e.message) for e in run_checks(spec.problem, spec.doc)]


def test_the_example_has_no_findings() -> None:
    assert findings(EXAMPLE) == []


def test_calls_must_name_a_component(write_spec: WriteSpec) -> None:
    path = write_spec("calls.yaml", ("calls: [scores]", "calls: [score]"))
    assert findings(path) == [
        (
            line_of(path.read_text(), "calls: [score]"),
            "component 'ranks' calls 'score', which is not a component (did you mean 'scores'?)",
        )
    ]


def test_entry_and_fault_components_must_exist(write_spec: WriteSpec) -> None:
    path = write_spec(
        "names.yaml", ("entry: lb", "entry: gateway"), ("- component: ranks", "- component: redis")
    )
    text = path.read_text()
    found = findings(path)
    assert [line for line, _ in found] == [
        line_of(text, "entry: gateway"),
        line_of(text, "component: redis"),
    ]
    assert found[0][1].startswith("entry names 'gateway', which is not a component")
    assert found[1][1].startswith("fault names 'redis', which is not a component")


def test_component_names_are_unique(write_spec: WriteSpec) -> None:
    path = write_spec(
        "dupname.yaml", ("- name: scores", "- name: api"), ("calls: [scores]", "calls: [api]")
    )
    text = path.read_text()
    first_api = line_of(text, "- name: api")
    assert findings(path) == [
        (
            line_of(text, "- name: api", after=first_api),
            "component name 'api' is used twice",
        )
    ]


def test_a_component_never_calls_itself(write_spec: WriteSpec) -> None:
    path = write_spec("self.yaml", ("calls: [ranks]", "calls: [api]"))
    text = path.read_text()
    line = line_of(text, "calls: [api]", after=line_of(text, "- name: api"))
    assert findings(path) == [(line, "component 'api' calls itself")]


def test_curveball_rubric_ids_must_not_repeat_the_main_rubric(write_spec: WriteSpec) -> None:
    path = write_spec("cb.yaml", ("- id: cb-season-keys", "- id: sorted-set"))
    text = path.read_text()
    first = line_of(text, "- id: sorted-set")
    assert findings(path) == [
        (
            line_of(text, "- id: sorted-set", after=first),
            f"rubric item id 'sorted-set' is used twice (first at line {first})",
        )
    ]


def test_curveball_rubric_topics_must_exist(write_spec: WriteSpec) -> None:
    path = write_spec(
        "cbtopic.yaml",
        ("      - id: cb-season-keys\n", "      - id: cb-season-keys\n        topic: seasons\n"),
    )
    [(line, message)] = findings(path)
    assert line == line_of(path.read_text(), "topic: seasons")
    assert message.startswith("rubric item 'cb-season-keys' names topic 'seasons'")


def test_asks_and_topics_belong_to_one_clarification(write_spec: WriteSpec) -> None:
    path = write_spec(
        "asks.yaml",
        ("- Is eventual consistency acceptable?", "- how many  players are there?"),
        ("- topic: freshness", "- topic: Players and matches"),
    )
    text = path.read_text()
    assert findings(path) == [
        (
            line_of(text, "- topic: Players and matches"),
            "clarification topic 'Players and matches' is used twice (first at line "
            f"{line_of(text, '- topic: players and matches')})",
        ),
        (
            line_of(text, "how many  players"),
            "ask 'how many  players are there?' is also listed under clarification "
            "'players and matches'",
        ),
    ]


def test_checks_are_a_list_one_can_extend(write_spec: WriteSpec) -> None:
    spec = read_spec(write_spec("x.yaml"))

    def no_easy(problem: Problem, doc: YamlDoc) -> list[CoachError]:
        if problem.difficulty.value == "easy":
            return [doc.error("easy is not allowed here", ("difficulty",))]
        return []

    extended = [*PROBLEM_CHECKS, no_easy]
    [error] = run_checks(spec.problem, spec.doc, extended)
    assert error.line == line_of(spec.path.read_text(), "difficulty: easy")
    assert checks.check_design_names in PROBLEM_CHECKS


def test_design_errors_work_on_a_design_file(tmp_path: Path) -> None:
    path = tmp_path / "design.yaml"
    path.write_text(
        "load: {rps: 10}\nslo: {p99_ms: 10}\ncomponents:\n"
        "  - name: api\n    kind: service\n    service_ms: {mean: 1}\n    calls: [db]\n"
    )
    doc = load_yaml(path)
    design = validate_model(Design, doc)
    [error] = design_errors(design, doc)
    assert (error.line, error.column) == (7, 13)
    assert error.message == "component 'api' calls 'db', which is not a component"
