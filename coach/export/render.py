"""Rendering a write-up through Jinja2's sandbox, with errors as `TEMPLATE:LINE:`.

Every template, bundled or the user's, runs in the sandboxed environment:
a template file is code from wherever the user found it. Undefined names
are errors, so a typo in a custom template is reported, not rendered blank.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from coach.errors import CoachError
from coach.export.context import Writeup
from coach.export.text import markdown_text, prose, table_cell

DEFAULT_TEMPLATE = "writeup.md.j2"


def _percent(value: float | None) -> str:
    return "n/a" if value is None else f"{value * 100:.0f}%"


def _number(value: float | None, digits: int = 0) -> str:
    if value is None:
        return "n/a"
    return f"{value:,.{digits}f}"


def _environment(search: list[Path]) -> Any:
    from jinja2 import ChoiceLoader, FileSystemLoader, StrictUndefined
    from jinja2.sandbox import SandboxedEnvironment

    env = SandboxedEnvironment(
        loader=ChoiceLoader([FileSystemLoader(str(p)) for p in search]),
        undefined=StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        text=markdown_text, prose=prose, cell=table_cell, percent=_percent, number=_number
    )
    return env


def render_markdown(writeup: Writeup, *, template: Path | None = None) -> str:
    """The write-up as Markdown, from the bundled template or the user's."""
    from coach.paths import templates_dir

    bundled = templates_dir()
    if template is None:
        search, name, shown = [bundled], DEFAULT_TEMPLATE, bundled / DEFAULT_TEMPLATE
    else:
        if template.is_dir():
            raise CoachError("is a directory, not a template file", path=template)
        if not template.is_file():
            raise CoachError("template not found", path=template)
        search, name, shown = [template.parent, bundled], template.name, template
    env = _environment(search)
    try:
        compiled = env.get_template(name)
        return str(compiled.render(**_variables(writeup)))
    except Exception as exc:  # jinja raises many types; each becomes one located line
        raise _template_error(exc, shown) from exc


def _variables(writeup: Writeup) -> dict[str, Any]:
    return {name: getattr(writeup, name) for name in type(writeup).model_fields}


def _template_error(exc: Exception, shown: Path) -> CoachError:
    from jinja2 import TemplateNotFound, TemplateSyntaxError
    from jinja2.exceptions import SecurityError

    if isinstance(exc, TemplateSyntaxError):
        where = exc.filename or str(shown)
        return CoachError(exc.message or str(exc), path=where, line=exc.lineno)
    if isinstance(exc, UnicodeDecodeError):
        return CoachError("the template is not UTF-8 text", path=shown)
    if isinstance(exc, TemplateNotFound):
        return CoachError(f"template '{exc.name}' not found", path=shown)
    line, where = _template_line(exc, shown)
    kind = "not allowed in a template" if isinstance(exc, SecurityError) else ""
    message = f"{exc} ({kind})" if kind else str(exc) or type(exc).__name__
    return CoachError(message, path=where, line=line)


def _template_line(exc: Exception, shown: Path) -> tuple[int | None, str]:
    """The innermost template frame in the traceback: Jinja maps it to the source line."""
    line, where = None, str(shown)
    tb = exc.__traceback__
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if not filename.endswith(".py") and not filename.startswith("<"):
            line, where = tb.tb_lineno, filename
        tb = tb.tb_next
    return line, where
