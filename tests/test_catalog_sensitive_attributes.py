"""User-added sensitive attributes keep their own category (or the one the user names)."""

from __future__ import annotations

from pathlib import Path
from typing import Any, List, Tuple

import pytest

from frtlint.catalog import build_catalog
from frtlint.cli import main
from frtlint.engine.runner import Engine

from conftest import settings_for

APP = (
    "from deepface import DeepFace\n"
    "\n"
    "def f(img):\n"
    "    result = DeepFace.analyze(img, actions=['caste_score'])\n"
    "    return result['race'], result['caste_score']\n"
)


def _frt301(tmp_path: Path, extension: Any) -> List[Tuple[int, int, str]]:
    (tmp_path / "app.py").write_text(APP, encoding="utf-8")
    settings = settings_for(tmp_path, ["FRT301"], catalog={"sensitive-attributes": extension})
    result = Engine(settings, use_cache=False, jobs=1).run([str(tmp_path)])
    return [(f.line, f.column, f.message) for f in result.active]


def test_a_listed_attribute_is_its_own_category() -> None:
    catalog = build_catalog({"sensitive-attributes": ["Caste_Score"]})
    assert catalog.sensitive_category("caste_score") == "caste_score"
    assert catalog.sensitive_category("race") == "race"


def test_a_table_names_the_category() -> None:
    catalog = build_catalog({"sensitive-attributes": {"caste_score": "social-class"}})
    assert catalog.sensitive_category("caste_score") == "social-class"


def test_inferring_a_listed_attribute_does_not_hide_a_read_of_race(tmp_path: Path) -> None:
    assert _frt301(tmp_path, ["caste_score"]) == [
        (4, 14, "DeepFace.analyze infers caste_score from faces (Draft Art. 11)"),
        (5, 12, "reads the sensitive face attribute 'race' (Draft Art. 11)"),
    ]


def test_an_attribute_filed_under_race_covers_the_read_of_race(tmp_path: Path) -> None:
    assert _frt301(tmp_path, {"caste_score": "race"}) == [
        (4, 14, "DeepFace.analyze infers caste_score from faces (Draft Art. 11)"),
    ]


@pytest.mark.parametrize(
    "value, expected",
    [
        ("'caste_score'", "must be a list of names (strings)"),
        ("[1]", "must be a list of names (strings)"),
        ("{ caste_score = 3 }", "must be a table of name = string"),
        ("{ caste_score = '' }", "must be a table of name = string"),
    ],
)
def test_other_shapes_are_refused_in_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys, value: str, expected: str) -> None:
    (tmp_path / "pyproject.toml").write_text(f"[tool.frtlint.catalog]\nsensitive-attributes = {value}\n", encoding="utf-8")
    (tmp_path / "app.py").write_text(APP, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["check", "--no-cache", "app.py"]) == 2
    config = tmp_path / "pyproject.toml"
    assert capsys.readouterr().err == f"frtlint: error: {config}: [tool.frtlint.catalog] 'sensitive-attributes' {expected}\n"
