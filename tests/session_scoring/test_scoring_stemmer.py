"""The compiled Snowball stemmer (PyStemmer) gives the same stems as the pure-Python one.

snowballstemmer uses PyStemmer when it is installed; both implement the same
Snowball algorithm, so the scores must not depend on which one is in use.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import Stemmer
from snowballstemmer.english_stemmer import EnglishStemmer

from coach.scoring import words

ROOT = Path(__file__).resolve().parents[2]
TEXTS = [
    *ROOT.glob("problems/**/*.yaml"),
    *ROOT.glob("tests/calibration/**/*.yaml"),
]


def _words() -> list[str]:
    found: set[str] = set()
    for path in TEXTS:
        found.update(re.findall(r"[a-z]+", path.read_text(encoding="utf-8").lower()))
    return sorted(found)


def test_the_compiled_stemmer_is_in_use() -> None:
    assert isinstance(words._STEMMER, Stemmer.Stemmer)


def test_both_stemmers_give_every_word_of_the_bank_and_the_answers_the_same_stem() -> None:
    pure, compiled = EnglishStemmer(), Stemmer.Stemmer("english")
    found = _words()
    assert len(found) > 3000
    assert [w for w in found if pure.stemWord(w) != compiled.stemWord(w)] == []


SCORE = """
import json, sys
if sys.argv[1] == "pure":
    sys.modules["Stemmer"] = None  # snowballstemmer falls back to its Python stemmer
sys.path.insert(0, sys.argv[2])
from calibration import Case, score_case
from pathlib import Path
from coach.scoring import words
path = Path(sys.argv[3])
scored = score_case(Case("s", path.parent.name, path.stem, path))
phases = {p.value: r.result.model_dump(mode="json") for p, r in scored.record.phases.items()}
print(json.dumps([type(words._STEMMER).__name__, scored.score, phases]))
"""


def test_a_session_scores_the_same_with_either_stemmer() -> None:
    path = ROOT / "tests" / "calibration" / "tuning" / "twitter" / "strong-terse.yaml"
    runs = {}
    for kind in ("pure", "compiled"):
        argv = [sys.executable, "-c", SCORE, kind, str(ROOT / "tests" / "calibration"), str(path)]
        done = subprocess.run(argv, capture_output=True, text=True, check=True, cwd=ROOT)
        runs[kind] = json.loads(done.stdout)
    assert runs["pure"][0] == "EnglishStemmer" and runs["compiled"][0] == "Stemmer"
    assert runs["pure"][1:] == runs["compiled"][1:]
