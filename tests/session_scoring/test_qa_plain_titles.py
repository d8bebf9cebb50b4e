"""Rubric titles spell acronyms as people do (found in QA: 'Api design', 'Write qps')."""

from __future__ import annotations

from coach.session.scoring import plain_title


def test_acronyms_are_upper_case() -> None:
    assert plain_title("api-design") == "API design"
    assert plain_title("write-qps") == "Write QPS"
    assert plain_title("unique-id-source") == "Unique ID source"
    assert plain_title("cdn-offload") == "CDN offload"


def test_other_words_keep_their_case() -> None:
    assert plain_title("fan-out-on-write") == "Fan out on write"
    assert plain_title("read_write_ratio") == "Read write ratio"
    assert plain_title("base62-encoding") == "Base62 encoding"
