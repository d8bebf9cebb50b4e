"""Pydantic errors become one friendly line each, at the right place in the file."""

from __future__ import annotations

from pathlib import Path

import pytest

from coach.errors import CoachErrors
from coach.simulate.design import Design
from coach.yamlsafe import load_yaml, validate_model

DESIGN = """\
load:
  rps: 100
  pattern: {kind: spike, factor: 2, start_s: 1, length_s: 2}
slo: {p99_ms: 50}
components:
  - name: api
    kind: service
    service_ms: {mean: 5}
"""


def errors_for(tmp_path: Path, text: str, model: type = Design) -> list[str]:
    path = tmp_path / "d.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CoachErrors) as info:
        validate_model(model, load_yaml(path))
    return [f"{e.line}:{e.column}: {e.message}" for e in info.value.errors]


def test_a_valid_design_validates(tmp_path: Path) -> None:
    path = tmp_path / "d.yaml"
    path.write_text(DESIGN)
    design = validate_model(Design, load_yaml(path))
    assert design.components[0].name == "api"


def test_unknown_key_points_at_the_key_with_a_suggestion(tmp_path: Path) -> None:
    text = DESIGN.replace("    kind: service", "    kind: service\n    concurency: 4")
    assert errors_for(tmp_path, text) == [
        "8:5: unknown key 'concurency' (did you mean 'concurrency'?)"
    ]


def test_unknown_key_inside_a_tagged_union_uses_that_members_keys(tmp_path: Path) -> None:
    text = DESIGN.replace("length_s: 2}", "lenght_s: 2}")
    found = errors_for(tmp_path, text)
    assert "3:49: unknown key 'lenght_s' (did you mean 'length_s'?)" in found
    # the unknown key explains the missing field: one mistake, one line
    assert not any("missing" in line for line in found)


def test_unknown_key_without_a_close_match_lists_short_key_sets(tmp_path: Path) -> None:
    text = DESIGN.replace("slo: {p99_ms: 50}", "slo: {p99_ms: 50, zzz: 1}")
    assert errors_for(tmp_path, text) == ["4:19: unknown key 'zzz' (known keys: p99_ms)"]


def test_missing_field_points_at_the_parent_mapping(tmp_path: Path) -> None:
    text = DESIGN.replace("    service_ms: {mean: 5}\n", "")
    assert errors_for(tmp_path, text) == ["6:5: missing required field 'service_ms'"]


def test_type_error_quotes_the_value(tmp_path: Path) -> None:
    text = DESIGN.replace("rps: 100", "rps: heavy")
    assert errors_for(tmp_path, text) == ["2:8: 'rps' should be a number, got 'heavy'"]


def test_enum_error_lists_choices_and_suggests(tmp_path: Path) -> None:
    text = DESIGN.replace("kind: service", "kind: servce")
    [line] = errors_for(tmp_path, text)
    assert line.startswith("7:11: 'kind' should be one of 'load_balancer', 'service'")
    assert line.endswith("got 'servce' (did you mean 'service'?)")


def test_bad_union_tag(tmp_path: Path) -> None:
    text = DESIGN.replace("kind: spike", "kind: spiky")
    [line] = errors_for(tmp_path, text)
    assert line.startswith("3:19: 'kind' should be one of 'constant', 'spike' or 'ramp'")
    assert "(did you mean 'spike'?)" in line


def test_bounds_and_list_items(tmp_path: Path) -> None:
    text = DESIGN.replace("rps: 100", "rps: 0").replace(
        "kind: service", "kind: service\n    calls: [1]"
    )
    assert errors_for(tmp_path, text) == [
        "2:8: 'rps' should be greater than 0, got 0",
        "8:13: 'calls[0]' should be text, got 1 (put it in quotes to keep it as text)",
    ]


def test_model_validator_message_points_at_the_key_it_names(tmp_path: Path) -> None:
    text = DESIGN.replace("    kind: service\n", "    kind: service\n    hit_ratio: 0.5\n")
    assert errors_for(tmp_path, text) == ["8:5: hit_ratio applies only to kind cache or cdn"]


def test_yes_is_not_text(tmp_path: Path) -> None:
    text = DESIGN + "name: yes\n"
    assert errors_for(tmp_path, text) == [
        "9:7: 'name' should be text, got yes (a yes/no value) (put it in quotes to keep it as text)"
    ]


def test_every_error_is_reported_in_file_order(tmp_path: Path) -> None:
    text = (
        DESIGN.replace("rps: 100", "rps: x")
        .replace("p99_ms: 50", "p99_ms: fast")
        .replace("kind: service", "kind: service\n    nodez: 2")
    )
    found = errors_for(tmp_path, text)
    assert [line.split(":")[0] for line in found] == ["2", "4", "8"]


def test_a_union_type_error_is_said_once(tmp_path: Path) -> None:
    from coach.problems.model import CapacityAssumption

    path = tmp_path / "c.yaml"
    path.write_text("name: users\nvalue: [300M]\n")
    with pytest.raises(CoachErrors) as info:
        validate_model(CapacityAssumption, load_yaml(path))
    assert [str(e) for e in info.value.errors] == [
        f"{path}:2:8: 'value' should be text, a whole number or a number, got a list"
    ]


def test_a_tagged_union_without_its_tag(tmp_path: Path) -> None:
    text = DESIGN.replace("{kind: spike, factor: 2, start_s: 1, length_s: 2}", "{factor: 2}")
    assert errors_for(tmp_path, text) == ["3:12: missing required field 'kind'"]


def test_without_a_model_there_are_no_suggestions(tmp_path: Path) -> None:
    from pydantic import ValidationError

    from coach.yamlsafe import model_errors

    path = tmp_path / "d.yaml"
    path.write_text(DESIGN + "nmae: x\n")
    doc = load_yaml(path)
    with pytest.raises(ValidationError) as info:
        Design.model_validate(doc.data)
    [error] = model_errors(info.value, doc)
    assert (error.line, error.column, error.message) == (9, 1, "unknown key 'nmae'")
    [error] = model_errors(info.value, doc, model=Design)
    assert error.message == "unknown key 'nmae' (did you mean 'name'?)"
