"""`coach calc`: a napkin calculator with units."""

from __future__ import annotations

from typing import Annotated

import typer

from coach.commands.common import JsonFlag

# Paragraphs are single lines: typer's rich help rewraps them to the terminal width.
HELP = "\n\n".join(
    [
        'A napkin calculator with units: coach calc "500M/day * 10KB * 30 days" prints 150 TB.',
        "Numbers take K, M, B (billion) and T straight after them: 10B is ten billion. "
        "Sizes: bytes, a B after a space (2^40 B), SI units (KB = 1000 bytes, MB, GB, TB, PB) "
        "and IEC units (KiB = 1024 bytes, MiB, GiB, TiB); bits as bit, Mbit, Mbps, Gbps. "
        "Time: s, ms, us, min, h, day, week, month, year. Rates with / or per (500M/day, "
        "5 tweets per day); percentages (20%); ^ for powers; x, *, / and parentheses. "
        'End with "in UNIT" to choose the unit shown (250B/month in /s, 2^40 B in TiB).',
        "A unit belongs to its number, and so does a compound unit: 100 MB/s, 86400 s/day "
        "and 5 KB per user are each one quantity, so 1 TB / 100 MB/s is 10,000 s. When the "
        "reading could surprise, a line on stderr shows it with parentheses "
        "(read as: 1 TB / (100 MB/s)); so does a glued B read as a billion next to a size "
        "or a count (300B read as 300 billion: for bytes write 300 B).",
        "A result that is not a size, a time, a rate, a count or a bandwidth (bytes^2, "
        "1/s^2...) is an error: a unit is missing or doubled.",
        "Calendar: 1 month = 30 days and 1 year = 365 days, as interview guides count them.",
        '--json prints {"value", "unit", "display", "read_as", "notes"} with the value in '
        "base units: bytes, seconds, 1/s or bytes/s (a plain number for counts).",
    ]
)


def calc(
    expression: Annotated[
        list[str],
        typer.Argument(
            metavar="EXPR", help="The expression; quote it or give it as several words."
        ),
    ],
    json: JsonFlag = False,
) -> None:
    """A napkin calculator with units."""
    from coach.estimate.calc import evaluate
    from coach.ui import console

    result = evaluate(" ".join(expression))
    if json:
        console.print_json(result.to_json())
    else:
        console.out().print(result.display, markup=False)
    for note in result.notes:  # on stderr, so that the answer alone is on stdout
        console.notice(note)


def register(app: typer.Typer, name: str) -> None:
    app.command(
        name,
        help=HELP,
        short_help="A napkin calculator with units: 500M/day * 10KB * 30 days = 150 TB.",
        epilog='Example: coach calc "250B/month in /s"',
    )(calc)
