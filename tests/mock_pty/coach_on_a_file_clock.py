"""Run coach with an interview clock that a file moves, so a test can skip time.

    python coach_on_a_file_clock.py CLOCK_FILE COACH_ARGS...

The interview clock stands still, however slow the machine, and jumps when a
test writes a number of seconds into CLOCK_FILE (the time since the start).
Only the interview's clock is replaced: the prompt's own timers (redraws, key
timeouts) keep real time, and they read this clock on every redraw.
"""

from __future__ import annotations

import sys
from pathlib import Path

START = 1000.0


def file_clock(path: Path):  # type: ignore[no-untyped-def]
    def clock() -> float:
        try:
            return START + float(path.read_text() or 0)
        except (OSError, ValueError):  # not written yet
            return START

    return clock


def main() -> None:
    from coach.cli import main as coach
    from coach.ui import session_runner

    session_runner.CLOCK = file_clock(Path(sys.argv[1]))
    sys.argv = ["coach", *sys.argv[2:]]
    coach()


if __name__ == "__main__":
    main()
