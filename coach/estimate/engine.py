"""`estimate()`: from capacity assumptions to every figure that follows, with the working."""

from __future__ import annotations

from collections.abc import Mapping

from coach.errors import CoachError, CoachErrors
from coach.estimate.capacity import derive_capacity
from coach.estimate.inputs import INPUTS, parse_input
from coach.estimate.model import Estimate, InputValue
from coach.estimate.presets import preset as find_preset
from coach.estimate.storage import derive_bandwidth, derive_cache, derive_storage
from coach.estimate.traffic import derive_servers, derive_traffic
from coach.estimate.units import CALENDAR_NOTE
from coach.estimate.verdicts import derive_verdicts
from coach.estimate.workbook import Workbook

# What an input that fed nothing was waiting for, to say so in a note.
_NEEDS = {
    "users": "daily_active_users as a share, with writes_per_user",
    "daily_active_users": "writes_per_user",
    "writes_per_user": "daily_active_users",
    "read_write_ratio": "writes or writes_per_user",
    "write_size": "writes or writes_per_user",
    "read_size": "reads or read_write_ratio",
    "fanout": "writes or writes_per_user",
    "retention": "writes and write_size",
    "replication": "writes and write_size",
    "peak_factor": "writes or reads",
    "online_time": "daily_active_users",
    "timeline_length": "daily_active_users and timeline_entry_size",
    "timeline_entry_size": "daily_active_users and timeline_length",
    "catalogue_size": "catalogue_item_size",
    "catalogue_item_size": "catalogue_size",
    "node_rps": "rps, writes or reads",
}


def estimate(
    inputs: Mapping[str, str],
    preset: str | None = None,
    *,
    sources: Mapping[str, str] | None = None,
) -> Estimate:
    """Derive every figure the inputs allow.

    `inputs` maps input names (see `INPUTS`) to text in interview units ("500M/day").
    A preset supplies its inputs first; `inputs` override them. `sources` labels where
    each input came from ("problem twitter", "--set"). Raises CoachErrors listing every
    bad input, one line each.
    """
    texts: dict[str, tuple[str, str]] = {}
    for spec in INPUTS.values():
        if spec.default is not None:
            texts[spec.name] = (spec.default, "default")
    if preset is not None:
        for name, text in find_preset(preset).inputs.items():
            texts[name] = (text, f"preset {preset}")
    for name, text in inputs.items():
        texts[name] = (str(text), (sources or {}).get(name, "given"))
    book = Workbook(_parse_all(texts))
    derive_traffic(book)
    derive_storage(book)
    derive_bandwidth(book)
    derive_cache(book)
    derive_servers(book)
    derive_capacity(book)
    return Estimate(
        inputs=book.inputs,
        results=book.results,
        verdicts=derive_verdicts(book),
        notes=_notes(book),
        preset=preset,
    )


def _parse_all(texts: dict[str, tuple[str, str]]) -> dict[str, InputValue]:
    errors: list[CoachError] = []
    parsed: dict[str, InputValue] = {}
    ordered = [n for n in INPUTS if n in texts] + [n for n in texts if n not in INPUTS]
    for name in ordered:
        text, source = texts[name]
        try:
            parsed[name] = InputValue(name, text, parse_input(name, text), source)
        except CoachError as exc:
            errors.append(exc)
    if len(errors) == 1:
        raise errors[0]
    if errors:
        raise CoachErrors(errors)
    return parsed


def _notes(book: Workbook) -> list[str]:
    notes = []
    derivations = " ".join(r.derivation for r in book.results.values())
    if "month" in derivations or "year" in derivations:
        notes.append(CALENDAR_NOTE)
    given = {n for n, v in book.inputs.items() if v.source != "default"}
    if {"writes", "writes_per_user"} <= given:
        notes.append("writes and writes_per_user are both set: write_qps uses writes")
        given.discard("writes_per_user")  # said above; not "unused" for want of an input
    # A problem or preset may state context (total users) that no figure needs: only
    # point out inputs the user set directly.
    given = {n for n in given if not book.inputs[n].source.startswith(("problem", "preset"))}
    used = set()
    for result in book.results.values():
        for step in result.steps:
            used.update(step.source.split("+"))
    for name in sorted(given - used, key=list(INPUTS).index):
        needs = _NEEDS.get(name)
        why = f": it also needs {needs}" if needs else ""
        notes.append(f"{name} was not used{why}")
    return notes
