"""Help screens in typer's layout (usage, text, panels of options and commands), without rich.

Typer draws its help with rich, and importing rich and typer's help module
takes longer than the rest of `coach --help` together. The same content is
drawn here with plain text: every row of an options panel comes from the
same parameter attributes typer reads, so a help string, a metavar, a range
or a default shows as typer would show it. Below `MIN_HELP_COLUMN` columns
for the description, a panel stacks each row (names, then the text under
them) instead of squeezing it.
"""

from __future__ import annotations

import inspect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from coach.ui.plain import Paint, wrap

MIN_HELP_COLUMN = 24
ARGUMENTS = "Arguments"
OPTIONS = "Options"
COMMANDS = "Commands"


@dataclass(frozen=True)
class Cell:
    text: str
    style: str = ""


def render_help(
    command: Any,
    ctx: Any,
    *,
    paint: Paint,
    width: int,
    commands: Sequence[tuple[str, str]] = (),
) -> str:
    """The help screen of a click command (typer's), with `commands` listed for a group."""
    lines = ["", *_indented(_usage(command, ctx), width, paint, "bold"), ""]
    text = _help_paragraphs(command.help or "")
    if text:
        first, *rest = text
        lines += _indented([first], width, paint, "")
        if rest:
            lines += ["", *_indented(rest, width, paint, "dim")]
        lines.append("")
    for title, params in _panels(command, ctx):
        lines += _panel(title, [_param_row(p, ctx) for p in params], width, paint)
    if commands:
        rows = [[Cell(name, "bold cyan"), Cell(summary)] for name, summary in commands]
        lines += _panel(COMMANDS, rows, width, paint)
    if command.epilog:
        lines += ["", *_indented(command.epilog.splitlines(), width, paint, ""), ""]
    return "\n".join(lines) + "\n"


def first_paragraph(help_text: str) -> str:
    """A command's one-line summary, as typer takes it from the help text."""
    paragraphs = _help_paragraphs(help_text)
    return paragraphs[0] if paragraphs else ""


def _help_paragraphs(help_text: str) -> list[str]:
    """Typer's reading of a help string: the first paragraph joined, the rest kept line by line."""
    text = inspect.cleandoc(help_text).partition("\f")[0].strip()
    if not text:
        return []
    first, *rest = text.split("\n\n")
    return [first.replace("\n", " "), *"\n\n".join(rest).splitlines()] if rest else [first]


def _usage(command: Any, ctx: Any) -> list[str]:
    pieces = " ".join(command.collect_usage_pieces(ctx))
    return [f"Usage: {ctx.command_path} {pieces}".rstrip()]


def _indented(lines: Iterable[str], width: int, paint: Paint, style: str) -> list[str]:
    out: list[str] = []
    for line in lines:
        out += [f" {paint(part, style)}" if part else "" for part in wrap(line, width - 2)]
    return out


def _panels(command: Any, ctx: Any) -> list[tuple[str, list[Any]]]:
    """Parameters by panel, as typer groups them: arguments, options, then named panels."""
    from typer.core import TyperArgument

    panels: dict[str, list[Any]] = {ARGUMENTS: [], OPTIONS: []}
    for param in command.get_params(ctx):
        if getattr(param, "hidden", False):
            continue
        default = ARGUMENTS if isinstance(param, TyperArgument) else OPTIONS
        panels.setdefault(getattr(param, "rich_help_panel", None) or default, []).append(param)
    return [(title, params) for title, params in panels.items() if params]


def _param_row(param: Any, ctx: Any) -> list[Cell]:
    """Typer's columns for one parameter: required mark, names, type, help."""
    from typer.core import TyperArgument

    argument = isinstance(param, TyperArgument)
    name = param.display_name_raw + ("..." if param.metavar is None and param.nargs != 1 else "")
    long = [o for o in param.opts if o.startswith("--")]
    short = [name if argument else o for o in param.opts if not o.startswith("--")]
    negative = [o for o in param.secondary_opts if o.startswith("--")]
    negative_short = [o for o in param.secondary_opts if not o.startswith("--")]
    # typer's own column helpers; a typer without them shows the metavar alone
    show_type = getattr(param, "display_type_rich", None)
    kind = (show_type(ctx) if show_type else param.metavar) or ""
    number_range = getattr(param, "_get_number_range_help_str", lambda: None)()
    if number_range:
        kind = f"{kind} [{number_range}]".strip()
    return [
        Cell("*" if param.required else "", "red"),
        Cell(",".join(long), "bold cyan"),
        Cell(",".join(short), "bold green"),
        Cell(",".join(negative), "bold magenta"),
        Cell(",".join(negative_short), "bold red"),
        Cell(kind, "bold yellow"),
        Cell(_param_help(param, ctx)),
    ]


def _param_help(param: Any, ctx: Any) -> str:
    paragraphs = (param.help or "").split("\n\n")
    parts = [" ".join(p.replace("\n", " ").split()) for p in paragraphs if p.strip()]
    envvar = getattr(param, "envvar", None)
    if envvar and getattr(param, "show_envvar", False):
        parts.append(f"[env var: {envvar if isinstance(envvar, str) else ', '.join(envvar)}]")
    default = param._extract_default_help_str(ctx=ctx)
    shown_as = isinstance(param.show_default, str)
    if shown_as or (default is not None and (param.show_default or ctx.show_default)):
        text = param._get_default_string(
            ctx=ctx, show_default_is_str=shown_as, default_value=default
        )
        if text:
            parts.append(f"[default: {text}]")
    if param.required:
        parts.append("[required]")
    return " ".join(parts)


def _panel(title: str, rows: list[list[Cell]], width: int, paint: Paint) -> list[str]:
    """A titled box of rows; the last cell of each row wraps, the others keep their width."""
    inner = width - 4
    columns = [i for i in range(len(rows[0]) - 1) if any(row[i].text for row in rows)]
    widths = [max(len(row[i].text) for row in rows) for i in columns]
    indent = sum(widths) + 2 * len(widths)
    border = "─" * max(width - len(title) - 5, 1)
    lines = [paint(f"╭─ {title} {border}╮", "dim")]
    for row in rows:
        if inner - indent >= MIN_HELP_COLUMN:
            body = _aligned(row, columns, widths, inner - indent, paint)
        else:
            body = _stacked(row, columns, inner, paint)
        lines += [f"{paint('│', 'dim')} {text}{' ' * (inner - size)} {paint('│', 'dim')}"
                  for text, size in body]  # fmt: skip
    lines.append(paint(f"╰{'─' * (width - 2)}╯", "dim"))
    return lines


def _aligned(
    row: list[Cell], columns: list[int], widths: list[int], room: int, paint: Paint
) -> list[tuple[str, int]]:
    """One row as columns: (painted text, visible length) per line."""
    lead = "".join(
        paint(row[i].text, row[i].style) + " " * (w - len(row[i].text) + 2)
        for i, w in zip(columns, widths, strict=True)
    )
    indent = sum(widths) + 2 * len(widths)
    text = wrap(row[-1].text, room)
    out = [(lead + paint(text[0], row[-1].style), indent + len(text[0]))]
    out += [(" " * indent + paint(part, row[-1].style), indent + len(part)) for part in text[1:]]
    return out


def _stacked(
    row: list[Cell], columns: list[int], inner: int, paint: Paint
) -> list[tuple[str, int]]:
    """One row on a narrow screen: the names on a line, the help under them."""
    cells = [row[i] for i in columns if row[i].text]
    if row[1].text and row[3].text:  # an on/off pair reads as one name: --color/--no-color
        cells.remove(row[3])
        cells[cells.index(row[1])] = Cell(f"{row[1].text}/{row[3].text}", row[1].style)
    names = " ".join(cell.text for cell in cells)
    out: list[tuple[str, int]] = []
    if len(names) <= inner:
        out.append((" ".join(paint(c.text, c.style) for c in cells), len(names)))
    else:
        out += [(part, len(part)) for part in wrap(names, inner)]
    out += [("    " + part, 4 + len(part)) for part in wrap(row[-1].text, inner - 4)]
    return out
