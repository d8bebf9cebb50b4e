"""What-if edits of a design: `--set app.nodes=12`, more load, a spike, a fault.

Every edit returns a new, validated `Design`; the original is left alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from coach.errors import CoachError, did_you_mean
from coach.simulate.checks import structure_issues
from coach.simulate.design import Design, Fault, RampPattern, SpikePattern


def apply_overrides(design: Design, assignments: Sequence[str]) -> Design:
    """Apply `PATH=VALUE` edits; PATH starts with a component name or a top-level key.

    `app.nodes=12`, `app.service_ms.mean=20`, `load.rps=2000`, `retry.attempts=2`,
    `faults.0.for_s=30`. VALUE is read as YAML (`12`, `0.5`, `[db, cache]`, `null`).
    """
    data = design.model_dump(mode="json", exclude_none=True)
    for assignment in assignments:
        path, value = _parse(assignment)
        _assign(data, path, value, assignment, design)
        try:
            design = _validate(data, assignment)
        except CoachError:
            raise
        data = design.model_dump(mode="json", exclude_none=True)
    return design


def _parse(assignment: str) -> tuple[list[str], Any]:
    import yaml

    path, sep, raw = assignment.partition("=")
    if not sep or not path.strip():
        raise CoachError(f"--set {assignment!r}: expected PATH=VALUE, like app.nodes=12")
    try:
        value = yaml.safe_load(raw) if raw.strip() else None
    except yaml.YAMLError:
        value = raw
    return path.strip().split("."), value


def _assign(
    data: dict[str, Any], path: list[str], value: Any, assignment: str, design: Design
) -> None:
    names = [c.name for c in design.components]
    target: Any
    rest: list[str]
    # Component names may contain dots: take the longest one the path starts with.
    for size in range(len(path), 0, -1):
        name = ".".join(path[:size])
        if name in names:
            target = data["components"][names.index(name)]
            rest = path[size:]
            break
    else:
        target, rest = data, path
        top = path[0]
        if top not in Design.model_fields:
            hint = did_you_mean(top, [*names, *Design.model_fields])
            raise CoachError(
                f"--set {assignment}: '{top}' is neither a component nor a design key{hint}"
            )
    if not rest:
        raise CoachError(f"--set {assignment}: name a field, like {path[0]}.nodes=12")
    for step in rest[:-1]:
        target = _child(target, step, assignment)
    last = rest[-1]
    if isinstance(target, list):
        target[_index(last, target, assignment)] = value
    else:
        target[last] = value


def _child(target: Any, step: str, assignment: str) -> Any:
    if isinstance(target, list):
        return target[_index(step, target, assignment)]
    if not isinstance(target, dict):
        raise CoachError(f"--set {assignment}: '{step}' is inside a plain value")
    if target.get(step) is None:
        target[step] = {}
    return target[step]


def _index(step: str, items: list[Any], assignment: str) -> int:
    if not step.isdigit() or int(step) >= len(items):
        raise CoachError(
            f"--set {assignment}: '{step}' should be an index below {len(items)} of the list"
        )
    return int(step)


def _validate(data: dict[str, Any], assignment: str) -> Design:
    from pydantic import ValidationError

    try:
        design = Design.model_validate(data)
    except ValidationError as exc:
        error = exc.errors()[0]
        where = _where(error["loc"], data)
        raise CoachError(f"--set {assignment}: {where}: {_message(error)}") from None
    issues = structure_issues(design)
    if issues:
        raise CoachError(f"--set {assignment}: {issues[0].message}")
    return design


_BOUNDS = {
    "greater_than": "should be greater than {gt}",
    "greater_than_equal": "should be at least {ge}",
    "less_than": "should be less than {lt}",
    "less_than_equal": "should be at most {le}",
}


def _message(error: Any) -> str:
    from coach.simulate.design import Component

    kind, ctx = error["type"], error.get("ctx") or {}
    if kind == "extra_forbidden":
        field = str(error["loc"][-1])
        fields = list(Component.model_fields) if "components" in error["loc"] else []
        return f"unknown field{did_you_mean(field, fields) if fields else ''}"
    if kind in _BOUNDS:
        bounds = {k: f"{v:g}" if isinstance(v, float) else v for k, v in ctx.items()}
        return f"{_BOUNDS[kind].format(**bounds)}, got {error['input']!r}"
    return str(error["msg"]).removeprefix("Value error, ")


def _where(loc: tuple[Any, ...], data: dict[str, Any]) -> str:
    """`api.nodes` rather than `components.1.nodes`."""
    steps = [str(p) for p in loc if not _is_tag(p)]
    if len(loc) >= 2 and loc[0] == "components" and isinstance(loc[1], int):
        name = data["components"][loc[1]].get("name", loc[1])
        steps = [str(name), *steps[2:]]
    return ".".join(steps)


def _is_tag(step: object) -> bool:
    return step in ("constant", "spike", "ramp")


def with_rps(design: Design, rps: float) -> Design:
    """The same design at `rps` requests per second (a ramp's end scales with it)."""
    if rps <= 0:
        raise CoachError(f"--rps should be greater than 0, got {rps:g}")
    load = design.load
    pattern = load.pattern
    if isinstance(pattern, RampPattern):
        pattern = pattern.model_copy(update={"to_rps": pattern.to_rps * rps / load.rps})
    new_load = load.model_copy(update={"rps": float(rps), "pattern": pattern})
    return design.model_copy(update={"load": new_load})


def with_spike(
    design: Design, factor: float, *, start_s: float = 10.0, length_s: float = 10.0
) -> Design:
    """The design with its load multiplied by `factor` for a while."""
    spike = SpikePattern(kind="spike", factor=factor, start_s=start_s, length_s=length_s)
    return design.model_copy(update={"load": design.load.model_copy(update={"pattern": spike})})


def with_fault(
    design: Design, component: str, *, nodes: int = 1, at_s: float = 10.0, for_s: float = 10.0
) -> Design:
    """The design with `nodes` nodes of `component` down from `at_s` for `for_s` seconds."""
    fault = Fault(component=component, nodes=nodes, at_s=at_s, for_s=for_s)
    updated = design.model_copy(update={"faults": [*design.faults, fault]})
    issues = structure_issues(updated)
    if issues:
        raise CoachError(issues[0].message)
    return updated
