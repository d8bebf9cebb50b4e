"""The latency-versus-load curve as plain text lines (the terminal layer prints them)."""

from __future__ import annotations

from collections.abc import Sequence

from coach.simulate.sweep import SweepPoint

MET, MISSED, OFF_CHART, SLO_LINE = "*", "x", "^", "-"


def latency_curve(
    points: Sequence[SweepPoint], slo_ms: float, *, width: int = 56, height: int = 12
) -> list[str]:
    """p99 latency (rows) against load (columns), with the SLO as a dashed line.

    The y axis stops at three times the SLO; points above it are drawn as ^.
    """
    if not points:
        return []
    width, height = max(width, 10), max(height, 4)
    low = min(p.rps for p in points)
    high = max(p.rps for p in points)
    seen = [p.p99_ms for p in points if p.p99_ms is not None]
    top = min(max([*seen, slo_ms * 1.25]), slo_ms * 3.0)
    grid = [[" "] * width for _ in range(height)]

    def row_of(value: float) -> int:
        return height - 1 - min(int(value / top * (height - 1) + 0.5), height - 1)

    slo_row = row_of(slo_ms)
    for col in range(0, width, 2):
        grid[slo_row][col] = SLO_LINE
    for point in points:
        col = 0 if high == low else round((point.rps - low) / (high - low) * (width - 1))
        if point.p99_ms is None or point.p99_ms > top:
            grid[0][col] = OFF_CHART
        else:
            grid[row_of(point.p99_ms)][col] = MET if point.met else MISSED
    lines = ["p99 ms"]
    for r, cells in enumerate(grid):
        if r == 0:
            label = _number(top)
        elif r == slo_row:
            label = _number(slo_ms)
        else:
            label = ""
        suffix = f"  SLO {_number(slo_ms)} ms" if r == slo_row else ""
        lines.append(f"{label:>7} |{''.join(cells).rstrip()}{suffix}")
    lines.append(f"{'0':>7} +{'-' * width}")
    left, right = _number(low), f"{_number(high)} req/s"
    lines.append(" " * 9 + left + " " * max(width - len(left) - len(right), 1) + right)
    return lines


def _number(value: float) -> str:
    if value >= 100:
        return f"{value:,.0f}"
    if value >= 10:
        return f"{value:.1f}".rstrip("0").rstrip(".")
    return f"{value:.2f}".rstrip("0").rstrip(".")
