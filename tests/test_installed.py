"""The installed wheel, tested as a user runs it: the console script, from a
directory outside the checkout, with the checkout off the path.

The rest of the suite tests the checkout (see conftest.py); this file tests
what only a built wheel has: `problems/` and `templates/` bundled as
`coach/_bundled/`. It runs when the installed coach is a wheel, as `.ci/run`
installs it (`pip install '.[test]'`); an editable install has no wheel to test.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest

from coach import __version__

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = sorted(p.name for p in (ROOT / "problems").glob("*.yaml"))
TEMPLATES = sorted(p.name for p in (ROOT / "templates").iterdir() if p.is_file())
ANSWERS = "clarify: a short link service, 100M new links a month\nhigh_level: lb, app, cache\n"


def _installed_wheel() -> Path:
    """The installed coach package directory; skips (saying why) when it is editable."""
    try:
        dist = metadata.distribution("coach")
    except metadata.PackageNotFoundError:
        pytest.fail("coach is not installed here: install it as the README says (pip install .)")
    direct = json.loads(dist.read_text("direct_url.json") or "{}")
    if direct.get("dir_info", {}).get("editable"):
        pytest.skip(
            "coach is installed editable: its wheel is tested when installed as .ci/run does"
        )
    package = Path(str(dist.locate_file("coach"))).resolve()
    assert package != ROOT / "coach", f"the installed coach is the checkout itself: {package}"
    return package


def _run(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The installed console script, in `home`, with nothing pointing at the checkout."""
    script = Path(sys.executable).parent / "coach"
    assert script.is_file(), f"no console script beside {sys.executable}"
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["COACH_HOME"] = str(home)
    return subprocess.run(
        [str(script), *args], cwd=home, env=env, capture_output=True, text=True, check=False
    )


def test_the_wheel_bundles_every_problem_and_template() -> None:
    package = _installed_wheel()
    bundled = package / "_bundled"
    assert sorted(p.name for p in (bundled / "problems").glob("*.yaml")) == SHIPPED
    assert sorted(p.name for p in (bundled / "templates").iterdir() if p.is_file()) == TEMPLATES
    for name in SHIPPED:
        shipped = (bundled / "problems" / name).read_bytes()
        assert shipped == (ROOT / "problems" / name).read_bytes(), (
            f"the installed wheel's {name} differs from the checkout's: reinstall (pip install .)"
        )


def test_the_installed_console_script_runs_from_anywhere(tmp_path: Path) -> None:
    package = _installed_wheel()
    version = _run(tmp_path, "--version")
    assert version.stdout.strip() == f"coach {__version__}", version.stderr
    listed = _run(tmp_path, "list", "--json")
    assert listed.returncode == 0, listed.stderr
    assert len(json.loads(listed.stdout)) == len(SHIPPED)
    valid = _run(tmp_path, "validate")
    assert valid.stdout.endswith(f"{len(SHIPPED)} problem specs valid.\n"), valid.stderr
    (tmp_path / "answers.yaml").write_text(ANSWERS)
    practice = _run(tmp_path, "practice", "url-shortener", "--answers", "answers.yaml", "--json")
    assert practice.returncode == 0, practice.stderr
    exported = _run(tmp_path, "export", "-o", "writeup.md")  # the bundled template
    assert exported.returncode == 0, exported.stderr
    assert (tmp_path / "writeup.md").read_text().startswith("# Design a URL shortener")
    where = subprocess.run(
        [sys.executable, "-I", "-c", "import coach.paths as p; print(p.problems_dir())"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    )
    assert Path(where.stdout.strip()) == package / "_bundled" / "problems"
