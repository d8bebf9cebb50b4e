"""The suite's ground rules: which copy of coach it tests, and a clean, plain
environment for every test.

Which copy of coach is under test: the checkout's
---------------------------------------------------
The tests live beside the code (`tests/` next to `coach/`), so they test that
code: the copy the developer just edited, whether they run `pytest` or
`python -m pytest`, and whether coach is installed editable or not. Without
this rule the answer depended on how pytest was started: `python -m pytest`
puts the working directory on `sys.path` (the checkout wins), plain `pytest`
does not (an installed, possibly stale, wheel wins), and processes started by
the tests (`python -m coach`, `python -c`, pexpect) chose by their working
directory. So:

- this file puts the checkout's root first on `sys.path` before any test
  imports coach, and stops the run with one line if `coach` still comes from
  somewhere else;
- every test runs with the checkout first on `PYTHONPATH`, so every process a
  test starts with this environment (`sys.executable -m coach`, `-c`, pexpect,
  the doc examples) imports the same copy, wherever its working directory is.
  `tests/test_cli.py` checks that from a directory outside the checkout.

The installed copy still matters: a wheel carries `problems/` and
`templates/` as `coach/_bundled/`, which the checkout has not.
`tests/test_installed.py` runs the installed console script from a temporary
directory with the checkout off the path, whenever the installed copy is a
wheel (as `.ci/run` installs it).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from hypothesis import settings

ROOT = Path(__file__).resolve().parent.parent
CHECKOUT_PACKAGE = ROOT / "coach"

if sys.path[:1] != [str(ROOT)]:
    sys.path.insert(0, str(ROOT))
# What every process a test starts gets as PYTHONPATH: the checkout, then what
# the suite itself was started with.
SUBPROCESS_PYTHONPATH = os.pathsep.join(
    [str(ROOT), *(p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p)]
)


def _coach_under_test() -> str | None:
    """None when `import coach` gives the checkout's package, else why not (one line)."""
    try:
        import coach
    except ImportError as error:
        return f"cannot import coach from the checkout at {ROOT}: {error}"
    found = Path(coach.__file__).resolve().parent
    if found != CHECKOUT_PACKAGE:
        return (
            f"the tests in {ROOT / 'tests'} test the coach beside them ({CHECKOUT_PACKAGE}), "
            f"but `import coach` gives {found}: was coach imported before the suite started?"
        )
    return None


def pytest_configure(config: pytest.Config) -> None:
    problem = _coach_under_test()
    if problem is not None:
        raise pytest.UsageError(problem)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="rewrite tests/export/golden/ from the current output (the test then fails: "
        "review the diff and run again without the flag)",
    )


# Hypothesis' default 200 ms deadline fails an example that merely ran slowly on
# a busy machine: no test here times anything, so no deadline anywhere.
settings.register_profile("coach", deadline=None)
settings.load_profile("coach")


@pytest.fixture(autouse=True)
def _isolated(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path_factory.mktemp("coach-home")
    monkeypatch.setenv("COACH_HOME", str(home))
    monkeypatch.setenv("PYTHONPATH", SUBPROCESS_PYTHONPATH)
    for name in ("COACH_PROBLEMS_PATH", "COACH_DEBUG", "COACH_UPDATE_GOLDEN", "EDITOR", "VISUAL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setenv("LINES", "24")
    monkeypatch.setenv("TERM", "dumb")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("PROMPT_TOOLKIT_NO_CPR", "1")
