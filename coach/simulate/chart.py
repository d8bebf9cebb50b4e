"""The latency-versus-load curve as plain text lines (the terminal layer prints them).

The y value is the p99 over every request, the SLO's own figure (a failed
request is later than any target), so a point is drawn above the SLO line
exactly when it missed the SLO: a point whose p99 rounds onto the line's row
but missed goes one row up, and an unbounded p99 (a pool offered past its
capacity, or over 1% of requests failed) is drawn at the top as ^.
"""

from __future__ import annotations

from collections.abc import Sequence

from coach.simulate.sweep import SweepPoint

MET, MISSED, OFF_CHART, SLO_LINE = "*", "x", "^", "-"
LABEL = 7  # characters of the y axis labels
WIDTH = 56  # columns of plot: with the labels and the SLO note, under 80 in all
LEGEND = f"{MET} met   {MISSED} missed   {OFF_CHART} missed, off the chart"


def latency_curve(
    points: Sequence[SweepPoint], slo_ms: float, *, width: int = WIDTH, height: int = 12
) -> list[str]:
    """p99 latency (rows) against load (columns), with the SLO as a dashed line.

    The y axis stops at three times the SLO; points above it are drawn as ^.
    """
    if not points:
        return []
    width, height = max(width, 10), max(height, 4)
    low = min(p.rps for p in points)
    high = max(p.rps for p in points)
    seen = [p.observed_p99_ms for p in points if p.observed_p99_ms is not None]
    top = min(max([*seen, slo_ms * 1.25]), slo_ms * 3.0)
    grid = [[" "] * width for _ in range(height)]

    def row_of(value: float) -> int:
        return height - 1 - min(int(value / top * (height - 1) + 0.5), height - 1)

    slo_row = row_of(slo_ms)
    for col in range(0, width, 2):
        grid[slo_row][col] = SLO_LINE
    # misses last, so a miss is not hidden under a met point in the same cell
    for point in sorted(points, key=lambda p: p.met, reverse=True):
        col = 0 if high == low else round((point.rps - low) / (high - low) * (width - 1))
        value = point.observed_p99_ms
        if value is None or value > top:
            grid[0][col] = OFF_CHART
            continue
        row = row_of(value)
        if not point.met:
            row = min(row, slo_row - 1)  # above the line, even when the p99 rounds onto it
        grid[row][col] = MET if point.met else MISSED
    lines = ["p99 ms (every request)"]
    for r, cells in enumerate(grid):
        label = _number(top) if r == 0 else _number(slo_ms) if r == slo_row else ""
        suffix = f"  SLO {_number(slo_ms)} ms" if r == slo_row else ""
        lines.append(f"{label:>{LABEL}} |{''.join(cells).rstrip()}{suffix}")
    lines.append(f"{'0':>{LABEL}} +{'-' * width}")
    left, right = _number(low), f"{_number(high)} req/s"
    lines.append(" " * (LABEL + 2) + left + " " * max(width - len(left) - len(right), 1) + right)
    lines.append(" " * (LABEL + 2) + LEGEND)
    return lines


def _number(value: float) -> str:
    if value >= 100:
        return f"{value:,.0f}"
    if value >= 10:
        return f"{value:.1f}".rstrip("0").rstrip(".")
    return f"{value:.2f}".rstrip("0").rstrip(".")
