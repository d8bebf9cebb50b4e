"""Design checks: broken references (input errors) and interviewer remarks.

`structure_issues` finds what makes a design impossible to run (a call to a
component that does not exist, a cycle, a fault on more nodes than there
are); each carries the place in the design so a file loader can point at
the line. `check_design` raises those as a `CoachError` and otherwise returns
the remarks an interviewer would make at the whiteboard: single points of
failure, a cache with nothing behind it, a path that cannot meet the SLO even
with empty queues, a tier below the offered load.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from coach.errors import CoachError, CoachErrors, did_you_mean
from coach.simulate.analytic import capacity_rps, load_factor, with_down
from coach.simulate.design import Design, Kind, Traffic
from coach.simulate.topology import Topology, build

Loc = tuple[str | int, ...]
Severity = Literal["critical", "warning", "info"]
HEADROOM = 0.85


@dataclass(frozen=True)
class Issue:
    """Something that makes the design impossible to run, and where it is."""

    loc: Loc
    message: str


@dataclass(frozen=True)
class Finding:
    """A remark about the design, the way an interviewer would make it."""

    severity: Severity
    code: str
    component: str | None
    message: str

    def to_json(self) -> dict[str, str | None]:
        return {
            "severity": self.severity,
            "code": self.code,
            "component": self.component,
            "message": self.message,
        }


def structure_issues(design: Design) -> list[Issue]:
    """Unknown or duplicate names, calls that loop, faults on nodes that do not exist."""
    issues: list[Issue] = []
    names: dict[str, int] = {}
    for i, comp in enumerate(design.components):
        if comp.name in names:
            issues.append(
                Issue(("components", i, "name"), f"component name '{comp.name}' is used twice")
            )
        names.setdefault(comp.name, i)

    def known(name: str, what: str, loc: Loc) -> bool:
        if name in names:
            return True
        hint = did_you_mean(name, names)
        issues.append(Issue(loc, f"{what} '{name}', which is not a component{hint}"))
        return False

    if design.entry is not None:
        known(design.entry, "entry names", ("entry",))
    for i, comp in enumerate(design.components):
        for j, callee in enumerate(comp.calls):
            loc = ("components", i, "calls", j)
            if callee == comp.name:
                issues.append(Issue(loc, f"component '{comp.name}' calls itself"))
            else:
                known(callee, f"component '{comp.name}' calls", loc)
    if not issues:
        issues += _cycles(design)
    for k, fault in enumerate(design.faults):
        if known(fault.component, "fault names", ("faults", k, "component")):
            issues += _fault_issues(design, k)
    return issues


def _cycles(design: Design) -> list[Issue]:
    index = {c.name: i for i, c in enumerate(design.components)}
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []
    found: list[Issue] = []

    def visit(name: str) -> None:
        state[name] = 1
        path.append(name)
        comp = design.components[index[name]]
        for j, callee in enumerate(comp.calls):
            if state.get(callee) == 1:
                loop = [*path[path.index(callee) :], callee]
                found.append(
                    Issue(
                        ("components", index[name], "calls", j),
                        f"calls form a cycle: {' -> '.join(loop)}",
                    )
                )
            elif callee not in state:
                visit(callee)
        path.pop()
        state[name] = 2

    for comp in design.components:
        if comp.name not in state:
            visit(comp.name)
    return found


def _fault_issues(design: Design, k: int) -> list[Issue]:
    fault = design.faults[k]
    comp = design.component(fault.component)
    issues = []
    if fault.nodes > comp.nodes:
        issues.append(
            Issue(
                ("faults", k, "nodes"),
                f"the fault takes down {fault.nodes} nodes of '{comp.name}', "
                f"which has {comp.nodes}",
            )
        )
    if fault.replicas:
        total = comp.nodes * comp.replicas
        if comp.kind is not Kind.DATABASE or total == 0:
            message = f"'{comp.name}' has no read replicas to take down"
            issues.append(Issue(("faults", k, "replicas"), message))
        elif fault.replicas > total:
            message = (
                f"the fault takes down {fault.replicas} replicas of '{comp.name}', "
                f"which has {total}"
            )
            issues.append(Issue(("faults", k, "replicas"), message))
    return issues


def require_valid(design: Design) -> None:
    """Raise the structure issues as `CoachErrors` (no file positions)."""
    issues = structure_issues(design)
    if issues:
        raise CoachErrors([CoachError(f"{_where(i.loc, design)}{i.message}") for i in issues])


def _where(loc: Loc, design: Design) -> str:
    if len(loc) >= 2 and loc[0] == "components" and isinstance(loc[1], int):
        return f"component '{design.components[loc[1]].name}': "
    if len(loc) >= 2 and loc[0] == "faults":
        return f"faults[{loc[1]}]: "
    return ""


def check_design(design: Design, topology: Topology | None = None) -> list[Finding]:
    """What an interviewer would point at before running the design."""
    require_valid(design)
    topology = topology or build(design)
    findings: list[Finding] = []
    findings += _reachability(design, topology)
    findings += _single_points(design, topology)
    findings += _caches_and_queues(design, topology)
    findings += _slow_paths(design, topology)
    findings += _capacity(design, topology)
    order = {"critical": 0, "warning": 1, "info": 2}
    return sorted(findings, key=lambda f: order[f.severity])


def _reached(topology: Topology) -> set[str]:
    return {st.component for st in topology.stations if topology.visits[st.index] > 0}


def _reachability(design: Design, topology: Topology) -> list[Finding]:
    reached = _reached(topology)
    called = {name for c in design.components for name in c.calls}
    found = []
    for comp in design.components:
        if comp.name in reached:
            continue
        if comp.name in called and comp.sees is not Traffic.ALL:
            message = (
                f"{comp.name} takes only {comp.sees.value} (traffic), and no {comp.sees.value} "
                "reach it"
            )
        elif comp.name in called:
            message = f"{comp.name} is called only from components no request reaches"
        else:
            message = f"{comp.name} is never called, so nothing reaches it"
        found.append(Finding("warning", "unreachable", comp.name, message))
    return found


def _single_points(design: Design, topology: Topology) -> list[Finding]:
    reached = _reached(topology)
    found = []
    for comp in design.components:
        if comp.name not in reached or comp.nodes > 1:
            continue
        if comp.kind is Kind.DATABASE and comp.replicas:
            message = f"{comp.name} has one primary: writes stop until a replica is promoted"
            found.append(Finding("warning", "single-primary", comp.name, message))
        elif comp.kind is Kind.DATABASE:
            message = (
                f"{comp.name} is one database node with no replica: a single point of "
                "failure (add a replica)"
            )
            found.append(Finding("critical", "spof", comp.name, message))
        else:
            what = comp.kind.value.replace("_", " ")
            message = (
                f"{comp.name} is a single {what} node: a single point of failure (add a second)"
            )
            found.append(Finding("critical", "spof", comp.name, message))
    return found


def _caches_and_queues(design: Design, topology: Topology) -> list[Finding]:
    reached = _reached(topology)
    found = []
    for comp in design.components:
        if comp.name not in reached:
            continue
        if comp.kind in (Kind.CACHE, Kind.CDN) and not comp.calls:
            hit = comp.hit_ratio if comp.hit_ratio is not None else 0.8
            message = (
                f"{comp.name} calls nothing: its misses ({1 - hit:.0%} of reads) have no "
                "store behind them (add calls: [your database])"
            )
            found.append(Finding("warning", "cache-without-backend", comp.name, message))
        if comp.kind in (Kind.CACHE, Kind.CDN) and comp.hit_ratio is None:
            message = f"{comp.name} gives no hit_ratio: assuming 0.8"
            found.append(Finding("info", "default-hit-ratio", comp.name, message))
        if comp.kind is Kind.QUEUE and not comp.calls:
            message = f"{comp.name} has no consumer: nothing ever processes its messages"
            found.append(Finding("warning", "queue-without-consumer", comp.name, message))
    return found


def _slow_paths(design: Design, topology: Topology) -> list[Finding]:
    """Paths whose service times alone, with no queueing at all, exceed the target."""
    names = [st.component for st in topology.stations]
    means = [st.mean_ms for st in topology.stations]
    found = []
    slo = design.slo.p99_ms if design.slo else None
    timeout = design.retry.timeout_ms if design.retry else None
    slow_share, slowest, slowest_ms = 0.0, None, 0.0
    for route, p in zip(topology.table.routes, topology.table.probabilities, strict=False):
        bare = sum(means[st] for st in route.stations)
        if slo is not None and bare > slo:
            slow_share += p
        if bare > slowest_ms and p >= 0.01:
            slowest, slowest_ms = route, bare
    if slowest is None:
        return found
    path = " -> ".join(names[st] for st in slowest.stations)
    if slo is not None and slow_share > 0.01:
        message = (
            f"the path {path} takes {slowest_ms:.1f} ms on average with empty queues "
            f"(the sum of its service times), over the {slo:g} ms p99 target, and "
            f"{slow_share:.0%} of requests take such a path: no amount of capacity meets the SLO"
        )
        found.append(Finding("critical", "slo-unreachable", None, message))
    if timeout is not None and slowest_ms > timeout:
        message = (
            f"the retry timeout ({timeout:g} ms) is shorter than the {slowest_ms:.1f} ms the "
            f"path {path} takes with empty queues: those requests time out and are retried"
        )
        found.append(Finding("critical", "timeout-below-path", None, message))
    return found


def _capacity(design: Design, topology: Topology) -> list[Finding]:
    found = []
    factor, why = load_factor(design)
    for st in topology.stations:
        visits = topology.visits[st.index]
        if visits <= 0:
            continue
        offered = design.load.rps * visits
        capacity = capacity_rps(st)
        rho = offered / capacity
        label = st.label
        sizing = f"{st.nodes} x {st.concurrency} slots at {st.mean_ms:.3g} ms"
        if rho >= 1.0:
            message = (
                f"{label} is offered {offered:,.0f} req/s but serves at most {capacity:,.0f} "
                f"({sizing}): it is below the offered load"
            )
            found.append(Finding("critical", "over-capacity", st.component, message))
            continue
        if factor > 1.0 and rho * factor >= 1.0:
            message = (
                f"{label} runs at {rho:.0%} but {why} takes it to {rho * factor:.0%} of capacity"
            )
            found.append(Finding("warning", "peak-over-capacity", st.component, message))
        elif st.nodes > 1 and with_down(rho, st.nodes, 1) >= 1.0:
            message = (
                f"{label} runs at {rho:.0%}: losing one of its {st.nodes} nodes puts the rest "
                f"at {with_down(rho, st.nodes, 1):.0%} (no N+1 headroom)"
            )
            found.append(Finding("warning", "no-headroom", st.component, message))
        elif rho >= HEADROOM:
            message = f"{label} runs at {rho:.0%} of capacity: queues will be long"
            found.append(Finding("warning", "hot", st.component, message))
    return found
