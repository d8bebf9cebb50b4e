"""`coach simulate`: run a design under load; show latency, bottlenecks and the model."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from coach.commands.common import JsonFlag

if TYPE_CHECKING:
    from collections.abc import Callable

    from rich.console import Console

    from coach.simulate.availability import Availability
    from coach.simulate.checks import Finding
    from coach.simulate.design import Design
    from coach.simulate.report import SimReport
    from coach.simulate.sweep import SweepResult

SUMMARY = "Simulate a design under load: latency, bottlenecks, failures, retries."


def _help() -> str:
    return "\n\n".join(
        [
            SUMMARY,
            "FILE|PROBLEM is a design file (YAML; see --example) or a problem id, whose reference "
            "design is run. The run shows latency percentiles against the SLO, each tier's "
            "utilisation and queueing next to the queueing-theory estimate, the bottleneck "
            "with a fix, design checks and availability.",
            "--set PATH=VALUE edits the design before the run (repeatable): app.nodes=12, "
            "app.service_ms.mean=20, load.rps=2000, retry.attempts=2, faults.0.for_s=30.",
            "--sweep rps=LOW..HIGH runs the design at loads from LOW to HIGH, finds the "
            "highest that still meets the SLO and draws latency against load.",
            '--json prints {"requests", "throughput_rps", "latency_ms": {"mean", "p50", '
            '"p95", "p99", "max"}, "components": {NAME: {"utilization", "mean_wait_ms", '
            '"dropped", "timeouts", ...}}, "slo": {"p99_ms", "met"}, "bottleneck", '
            '"analytic": {NAME: {"utilization", "mean_response_ms", ...}}, "checks", '
            '"availability", ...}.',
        ]
    )


def simulate(
    target: Annotated[
        str | None,
        typer.Argument(metavar="FILE|PROBLEM", help="A design file or a problem id."),
    ] = None,
    rps: Annotated[
        float | None, typer.Option("--rps", help="Run at this many requests per second.")
    ] = None,
    requests: Annotated[
        int | None,
        typer.Option(
            "--requests",
            help="Requests to simulate (default: as many as the p99 needs to be known to a "
            "few per cent, from 25,000 up to 200,000; 50,000 when a tier is unstable; more "
            "for faults).",
        ),
    ] = None,
    seed: Annotated[
        int,
        typer.Option("--seed", min=0, metavar="S", help="Random seed: same seed, same numbers."),
    ] = 1,
    set_: Annotated[
        list[str] | None,
        typer.Option("--set", metavar="PATH=VALUE", help="Edit the design (repeatable)."),
    ] = None,
    sweep: Annotated[
        str | None,
        typer.Option(
            "--sweep", metavar="rps=LOW..HIGH", help="Find the highest load within the SLO."
        ),
    ] = None,
    example: Annotated[
        bool, typer.Option("--example", help="Print an annotated starter design and exit.")
    ] = False,
    json: JsonFlag = False,
) -> None:
    """Simulate a design under load: latency, bottlenecks, failures, retries."""
    from coach.errors import CoachError
    from coach.simulate.collector import paused

    if example:
        typer.echo(_example_text(), nl=False)
        return
    if target is None:
        raise CoachError("name a design file or a problem id (or print a starter with --example)")
    # one batch of work, from loading the libraries to the report: no cycles to collect
    with paused():
        design = _prepare(_load(target), set_ or [], rps)
        if sweep is not None:
            _run_sweep(design, sweep, requests, seed, json)
        else:
            _run_once(design, requests, seed, json)


def _example_text() -> str:
    return (Path(__file__).parent.parent / "simulate" / "example.yaml").read_text(encoding="utf-8")


def _load(target: str) -> Design:
    """An existing path is a design file; anything else is a problem id."""
    from coach.commands import common
    from coach.errors import CoachError
    from coach.simulate.loader import load_design_file

    path = Path(target)
    if path.exists():
        return load_design_file(path)
    if path.suffix in (".yaml", ".yml") or "/" in target:
        raise CoachError("no such file", path=path)
    return common.problem(target).reference_design


def _prepare(design: Design, assignments: list[str], rps: float | None) -> Design:
    from coach.simulate.checks import require_valid
    from coach.simulate.overrides import apply_overrides, with_rps

    require_valid(design)
    if assignments:
        design = apply_overrides(design, assignments)
    if rps is not None:
        design = with_rps(design, rps)
    return design


def _run_once(design: Design, requests: int | None, seed: int, json: bool) -> None:
    from coach.simulate.availability import availability
    from coach.simulate.checks import check_design
    from coach.simulate.engine import check_requests, simulate
    from coach.ui import console

    if requests is not None:
        check_requests(requests)
    findings = check_design(design)
    up = availability(design)
    with _progress() as progress:
        report = simulate(design, requests=requests, seed=seed, progress=progress)
    if json:
        data = report.to_json()
        data["checks"] = [f.to_json() for f in findings]
        data["availability"] = up.to_json()
        console.print_json(data)
        return
    _render(console.out(), design, report, findings, up)


def _run_sweep(design: Design, text: str, requests: int | None, seed: int, json: bool) -> None:
    from coach.simulate.checks import check_design
    from coach.simulate.engine import check_requests
    from coach.simulate.sweep import parse_range, sweep
    from coach.ui import console

    low, high = parse_range(text)
    if requests is not None:
        check_requests(requests)
    findings = check_design(design)
    with _progress() as progress:
        result = sweep(design, low, high, requests=requests, seed=seed, progress=progress)
    if json:
        data = result.to_json()
        data["checks"] = [f.to_json() for f in findings]
        console.print_json(data)
        return
    _render_sweep(console.out(), design, result, requests, seed)


class _progress:
    """A progress bar on stderr that appears only once a run has taken a second."""

    def __init__(self, clock: Callable[[], float] | None = None) -> None:
        import time

        self.clock = clock or time.monotonic
        self.started = self.clock()
        self.bar: Any = None
        self.task: Any = None

    def __enter__(self) -> Callable[[float], None]:
        return self.update

    def update(self, share: float) -> None:
        from coach.ui import console

        if self.bar is None:
            # the clock first: a run shorter than a second never builds a console (rich)
            if self.clock() - self.started < 1.0:
                return
            err = console.err()
            if not err.is_terminal:
                return
            from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn

            self.bar = Progress(
                TextColumn("simulating"),
                BarColumn(),
                TaskProgressColumn(),
                console=err,
                transient=True,
                auto_refresh=False,  # refreshed at each update: no thread (the sweep forks)
                redirect_stdout=False,
                redirect_stderr=False,
            )
            self.bar.start()
            self.task = self.bar.add_task("simulate", total=1.0)
        self.bar.update(self.task, completed=share)
        self.bar.refresh()

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()


# -- rendering ------------------------------------------------------------------------

_MARKS = {"critical": ("!!", "bold red"), "warning": ("!", "yellow"), "info": ("-", "cyan")}


def _render(
    out: Console, design: Design, report: SimReport, findings: list[Finding], up: Availability
) -> None:
    from rich.markup import escape

    title = design.name or "design"
    out.print(
        f"[bold]{escape(title)}[/]: {report.requests:,} requests at "
        f"{design.load.rps:,.0f} req/s, seed {report.seed}"
    )
    if findings:
        out.print("\n[bold]Design checks[/]")
        out.print(_grid([(_MARKS[f.severity], f.message) for f in findings]))
    out.print()
    out.print(_grid(_summary_rows(report)))
    out.print()
    out.print(_table(report))
    out.print("[dim]model: queueing theory per tier at the steady load; ~ approximate[/]")
    out.print()
    rows: list[tuple[tuple[str, str], str]] = []
    if report.bottleneck is not None:
        rows.append((("Bottleneck", "bold"), report.bottleneck.advice))
    weakest = up.weakest
    weak = f"; weakest: {weakest.name}" if weakest else ""
    rows.append(
        (
            ("Availability", "bold"),
            f"{percent(up.availability)} ({up.nines:.1f} nines), "
            f"{_minutes(up.downtime_minutes_per_month)} down a month{weak}",
        )
    )
    rows += [(("warning", "yellow"), w) for w in report.warnings]
    out.print(_grid(rows))
    interval = "; +- 95% confidence" if _has_interval(report) else ""
    out.print(
        f"[dim]{report.attempts:,} attempts simulated in {report.elapsed_s:.2f} s "
        f"({report.engine} engine){interval}[/]"
    )


def _grid(rows: list[tuple[tuple[str, str], str]]) -> Any:
    """Label and text in two columns, so long text wraps under itself."""
    from rich.table import Table
    from rich.text import Text

    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column(overflow="fold")
    for (label, style), text in rows:
        grid.add_row(Text(label, style=style), Text(text))
    return grid


def _summary_rows(report: SimReport) -> list[tuple[tuple[str, str], str]]:
    rows: list[tuple[tuple[str, str], str]] = []
    lat = report.latency
    if lat is None:
        rows.append((("Latency", "bold red"), "no request succeeded"))
    else:
        rows.append(
            (
                ("Latency", "bold"),
                f"p50 {lat.p50:.1f}, p95 {lat.p95:.1f}, p99 {lat.p99:.1f}"
                f"{_plus_minus(report, 'p99')}, max {lat.max:.1f} ms",
            )
        )
        model = report.model_latency_ms
        tail = f" (queueing model: {model:.1f} ms)" if model is not None else " (model: unstable)"
        rows.append((("Mean", "bold"), f"{lat.mean:.1f} ms{_plus_minus(report, 'mean')}{tail}"))
    slo = report.slo
    if slo is not None:
        verdict = "met" if slo.met else "MISSED"
        why = f" ({', '.join(slo.overloaded)} offered more than capacity)" if slo.overloaded else ""
        rows.append(
            (
                ("SLO", "bold" if slo.met else "bold red"),
                f"p99 <= {slo.p99_ms:g} ms {verdict}: {slo.within_target:.2%} of requests "
                f"within target{why}",
            )
        )
    bandwidth = report.bandwidth_mb_s
    size = f" ({bandwidth:,.2f} MB/s)" if bandwidth is not None else ""
    rows.append(
        (
            ("Throughput", "bold"),
            f"{report.throughput_rps:,.0f} req/s answered{size}, {report.failed:,} failed",
        )
    )
    rows.append(
        (
            ("Retries", "bold"),
            f"{report.retry_amplification:.2f} attempts per request "
            f"({_count(report.attempts - report.requests, 'retry', 'retries')})",
        )
    )
    if report.async_latency is not None:
        a = report.async_latency
        rows.append(
            (("Async", "bold"), f"work done {a.mean:.1f} ms after the enqueue, p99 {a.p99:.1f} ms")
        )
    return rows


def _count(n: int, one: str, many: str) -> str:
    return f"{n:,} {one if n == 1 else many}"


def _has_interval(report: SimReport) -> bool:
    return report.precision is not None and not any(t.overloaded for t in report.analytic.values())


def _plus_minus(report: SimReport, figure: str) -> str:
    """The half-width of the figure's 95% confidence interval (" +-0.4"), if it has one.

    Not for a backlog: a pool past its capacity has no steady figure to be precise about.
    """
    if not _has_interval(report):
        return ""
    half = getattr(report.precision, figure).half_width
    return f" +-{half:.1f}" if half >= 0.05 else f" +-{half:.2f}"


def percent(value: float) -> str:
    """99.95%, 99.9995%: enough digits to show the nines."""
    import math

    if value >= 1.0:
        return "100%"
    nines = -math.log10(1.0 - value)
    digits = max(2, min(int(nines + 1e-9), 9) - 1)
    return f"{value:.{digits}%}"


def _table(report: SimReport) -> Any:
    from rich.table import Table

    table = Table(box=None, padding=(0, 1), pad_edge=False, show_edge=False)
    for header, justify in (
        ("component", "left"),
        ("nodes", "right"),
        ("util", "right"),
        ("model", "right"),
        ("wait ms", "right"),
        ("resp ms", "right"),
        ("model", "right"),
        ("drops", "right"),
        ("t/o", "right"),
    ):
        table.add_column(header, justify=justify, no_wrap=True)  # type: ignore[arg-type]
    for name, comp in report.components.items():
        tier = report.analytic.get(name)
        models = {m.pool: m for m in tier.pools} if tier else {}
        for pool in comp.pools:
            model = models.get(pool.pool)
            mark = "" if model is None or model.exact else "~"
            # a queue limit refuses what is past capacity: the model's pool runs at what it
            # keeps, the figure to compare with the simulation's
            util = "-" if model is None else f"{mark}{_share(model.carried)}"
            resp = (
                "-"
                if model is None
                else (
                    "unstable"
                    if model.mean_response_ms is None
                    else f"{mark}{model.mean_response_ms:.2f}"
                )
            )
            table.add_row(
                pool.label[:22],
                f"{pool.nodes}x{pool.concurrency}",
                _share(pool.utilization),
                util,
                f"{pool.mean_wait_ms:.2f}",
                f"{pool.mean_response_ms:.2f}",
                resp,
                f"{pool.dropped:,}",
                f"{pool.timeouts:,}",
            )
    return table


def _share(value: float) -> str:
    if 0.995 <= value < 1.0:  # stable, though it would round to 100%
        return f"{min(value, 0.999):.1%}"
    return f"{value:.1%}" if value < 0.1 else f"{value:.0%}"


def _minutes(minutes: float) -> str:
    if minutes >= 120:
        return f"{minutes / 60:.1f} h"
    if minutes >= 1:
        return f"{minutes:.1f} min"
    return f"{minutes * 60:.1f} s"


def _render_sweep(
    out: Console, design: Design, result: SweepResult, requests: int | None, seed: int
) -> None:
    from rich.markup import escape

    from coach.simulate.chart import latency_curve

    title = design.name or "design"
    out.print(
        f"[bold]{escape(title)}[/]: sweep from {result.low:,.0f} to {result.high:,.0f} req/s, "
        f"seed {seed}"
    )
    runs = sum(1 for p in result.points if not p.by_model)
    sizing = (
        f"{requests:,} requests a point"
        if requests is not None
        else "each run as long as its verdict needs"
    )
    out.print(
        f"{result.requests:,} requests simulated at {runs} loads ({sizing}); "
        f"{len(result.points) - runs} loads past capacity settled by the model"
    )
    out.print()
    # the plot's columns: what the terminal leaves beside the labels and the SLO note
    width = max(min(out.width - 24, 56), 20)
    for line in latency_curve(result.points, result.slo_p99_ms, width=width):
        out.print(escape(line), soft_wrap=True, highlight=False)
    out.print()
    out.print(_sweep_table(result))
    out.print()
    cap = result.capacity_rps
    model = f"; the model puts capacity at {cap:,.0f} req/s" if cap is not None else ""
    if result.best_rps is None:
        out.print(
            f"[bold red]Even {result.low:,.0f} req/s misses the SLO[/] "
            f"(p99 <= {result.slo_p99_ms:g} ms): sweep lower or fix the design{model}."
        )
    else:
        top = " (the top of the sweep: try higher)" if result.best_rps >= result.high else ""
        out.print(
            f"[bold]Highest load within the SLO[/] (p99 <= {result.slo_p99_ms:g} ms): "
            f"{result.best_rps:,.0f} req/s{top}{model}"
        )
        best = result.best
        if best is not None and best.unsettled:
            out.print(
                f"[yellow]warning[/] at {best.rps:,.0f} req/s {escape(best.unsettled)} takes "
                "longer to fill its queue than the run lasts: a longer run would show a "
                "higher p99, so the lasting limit is lower"
            )


def _sweep_table(result: SweepResult) -> Any:
    from rich.table import Table

    table = Table(box=None, padding=(0, 1), pad_edge=False, show_edge=False)
    for header in ("req/s", "p99 ms", "mean ms", "busiest", "failed", "run", "SLO"):
        table.add_column(header, justify="right", no_wrap=True)
    for p in result.points:
        p99 = "unbounded" if p.observed_p99_ms is None else f"{p.observed_p99_ms:,.1f}"
        table.add_row(
            f"{p.rps:,.0f}",
            p99,
            "-" if p.mean_ms is None else f"{p.mean_ms:,.1f}",
            _share(p.utilization),
            "-" if p.by_model else f"{p.failed_ratio:.1%}",
            "model" if p.by_model else f"{p.requests:,}",
            "met" if p.met else "missed",
        )
    return table


def register(app: typer.Typer, name: str) -> None:
    app.command(
        name,
        help=_help(),
        short_help=SUMMARY,
        epilog="Example: coach simulate twitter --rps 2000",
    )(simulate)
