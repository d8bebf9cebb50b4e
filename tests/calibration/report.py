"""Print how the scorer does on every calibration set: `python tests/calibration/report.py`.

For each set: the overall score of every problem and kind (a `!` marks a score
outside its band), the share of clarifying questions answered from the right
topic, and how long scoring takes per phase. Then the cross matrix: each
problem's reference answers scored against every problem's rubric.
Not a test: timings are measured here, never asserted.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from calibration import (
    BANDS,
    KINDS,
    cases,
    cross_scores,
    in_band,
    problem,
    question_cases,
    score_case,
    sets,
)

from coach.phases import PHASES

SHORT = {
    "strong-prose": "prose",
    "strong-terse": "terse",
    "mediocre": "mediocre",
    "weak": "weak",
    "buzzwords": "buzz",
    "rejected": "rejected",
    "other-problem": "other",
    "off-topic": "off",
}


def main() -> int:
    outside = 0
    for set_dir in sets():
        outside += score_table(set_dir)
        question_table(set_dir)
    cross_matrix()
    print(f"\n{outside} score(s) outside their band")
    return 0


def score_table(set_dir: Path) -> int:
    scored = [score_case(case) for case in cases(set_dir)]
    problems = sorted({s.case.problem_id for s in scored})
    by = {(s.case.problem_id, s.case.kind): s for s in scored}
    print(f"\n## {set_dir.name}: overall scores (! = outside the band)\n")
    print(f"{'problem':<14}" + "".join(f"{SHORT[k]:>10}" for k in KINDS))
    print(f"{'band':<14}" + "".join(f"{_band(k):>10}" for k in KINDS))
    outside = 0
    for problem_id in problems:
        cells = []
        for kind in KINDS:
            hit = by.get((problem_id, kind))
            if hit is None:
                cells.append(f"{'-':>10}")
                continue
            ok = in_band(kind, hit.score)
            outside += not ok
            cells.append(f"{hit.score:>9.1f}{' ' if ok else '!'}")
        print(f"{problem_id:<14}" + "".join(cells))
    print("\nscoring time per phase, ms (median / max over the files):")
    for phase in PHASES:
        times = [s.phase_ms[phase] for s in scored]
        print(f"  {phase.value:<11} {statistics.median(times):7.1f} / {max(times):7.1f}")
    return outside


def _band(kind: str) -> str:
    low, high = BANDS[kind]
    return f"{low:g}+" if high == 100 else (f"<={high:g}" if low == 0 else f"{low:g}-{high:g}")


def question_table(set_dir: Path) -> None:
    from coach.session.interviewer import answer_question

    found = question_cases(set_dir)
    if not found:
        return
    print(f"\n## {set_dir.name}: clarifying questions\n")
    rows: dict[str, list[int]] = {}
    wrong = []
    start = time.perf_counter()
    for case in found:
        got = answer_question(problem(case.problem_id), case.question).topic
        ok = got == case.topic
        row = rows.setdefault(case.problem_id, [0, 0, 0, 0])
        on = case.topic is not None
        row[0 if on else 2] += ok
        row[1 if on else 3] += 1
        if not ok:
            wrong.append(f"  {case.problem_id}: {case.question!r} -> {got!r}, not {case.topic!r}")
    per_question = 1000 * (time.perf_counter() - start) / len(found)
    print(f"{'problem':<14}{'on topic':>12}{'off topic':>12}")
    totals = [0, 0, 0, 0]
    for problem_id, row in sorted(rows.items()):
        totals = [a + b for a, b in zip(totals, row, strict=True)]
        print(f"{problem_id:<14}{_rate(row[0], row[1]):>12}{_rate(row[2], row[3]):>12}")
    print(f"{'all':<14}{_rate(totals[0], totals[1]):>12}{_rate(totals[2], totals[3]):>12}")
    print(f"({per_question:.2f} ms per question)")
    if wrong:
        print("wrong:")
        print("\n".join(wrong))


def _rate(ok: int, total: int) -> str:
    return f"{ok}/{total} {100 * ok / total:.0f}%" if total else "-"


def cross_matrix() -> None:
    matrix = cross_scores()
    ids = list(matrix)
    print("\n## cross matrix: reference answers (rows) on rubrics (columns)\n")
    print(f"{'':<20}" + "".join(f"{i[:6]:>7}" for i in ids))
    for own in ids:
        print(f"{own:<20}" + "".join(f"{matrix[own][other]:>7.0f}" for other in ids))
    off = [matrix[a][b] for a in ids for b in ids if a != b]
    diagonal = [matrix[a][a] for a in ids]
    print(f"\nown rubric: min {min(diagonal):.0f}; other rubrics: max {max(off):.0f}")


if __name__ == "__main__":
    raise SystemExit(main())
