"""The fixture applications: every `expect:` comment found, nothing unexpected.

Each `fixtures/<app>/<variant>/` folder is its own small project and is checked on
its own, the way its authors would run frtlint. Expectations name rules; those a
language's engine does not implement yet are skipped for that language.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import List, Set, Tuple

import pytest

from frtlint.checks import all_rules
from frtlint.engine.discover import LANGUAGES
from frtlint.engine.runner import Engine
from frtlint.engine.semgrep import semgrep_executable
from frtlint.rule_pack import pack_languages

from conftest import REPO, settings_for

FIXTURES = REPO / "fixtures"
_EXPECT = re.compile(r"(?:#|//)\s*expect:\s*(?P<ids>FRT\d{3}(?:\s*,\s*FRT\d{3})*)")

Triple = Tuple[str, int, str]


def _variants() -> List[Path]:
    return sorted(p for p in FIXTURES.glob("*/*") if p.is_dir() and p.name in ("compliant", "noncompliant"))


def _python_rules() -> Set[str]:
    return {r.id for r in all_rules() if r.implemented_in_python()}


def _covers(rule: str, language: str) -> bool:
    if language == "python":
        return rule in _python_rules()
    return language in pack_languages().get(rule, ())


def expectations(folder: Path, languages: Set[str] = frozenset({"python"})) -> Counter:
    expected: Counter = Counter()
    for path in sorted(folder.rglob("*")):
        language = LANGUAGES.get(path.suffix.lower())
        if language not in languages or not path.is_file():
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            match = _EXPECT.search(line)
            if not match:
                continue
            for rule in re.split(r"\s*,\s*", match.group("ids")):
                if _covers(rule, language):
                    expected[(path.relative_to(REPO).as_posix(), number, rule)] += 1
    return expected


@pytest.mark.parametrize("folder", _variants(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_fixture_findings_match_expectations(folder: Path, monkeypatch) -> None:
    monkeypatch.chdir(REPO)
    engine = Engine(settings_for(REPO, engine="libcst"), use_cache=False, jobs=1)
    result = engine.run([str(folder.relative_to(REPO))])
    found = Counter((f.path, f.line, f.rule) for f in result.active)
    expected = expectations(folder)
    missing = sorted((expected - found).elements())
    unexpected = sorted((found - expected).elements())
    assert not missing and not unexpected, f"missing: {missing}\nunexpected: {unexpected}"
    if folder.name == "compliant":
        assert not result.active


def test_every_noncompliant_app_expects_findings() -> None:
    apps = sorted(p for p in FIXTURES.iterdir() if p.is_dir())
    assert len(apps) >= 7
    for app in apps:
        if (app / "noncompliant").is_dir():
            marks = [
                line
                for path in (app / "noncompliant").rglob("*")
                if path.is_file() and path.suffix.lower() in LANGUAGES
                for line in path.read_text(encoding="utf-8").splitlines()
                if _EXPECT.search(line)
            ]
            assert marks, app.name


def _non_python_variants() -> List[Path]:
    return [
        folder for folder in _variants()
        if any(LANGUAGES.get(p.suffix.lower()) not in (None, "python") for p in folder.rglob("*") if p.is_file())
    ]


@pytest.mark.skipif(semgrep_executable() is None, reason="semgrep is not installed")
def test_non_python_fixtures_match_expectations(monkeypatch) -> None:
    """One Semgrep run over every JavaScript/Java/Kotlin/YAML fixture app."""
    folders = _non_python_variants()
    assert len(folders) >= 7
    monkeypatch.chdir(REPO)
    engine = Engine(settings_for(REPO, engine="all"), use_cache=False, jobs=1)
    result = engine.run([str(f.relative_to(REPO)) for f in folders])
    others = set(LANGUAGES.values()) - {"python"}
    found = Counter((f.path, f.line, f.rule) for f in result.active if f.engine == "semgrep")
    expected: Counter = Counter()
    for folder in folders:
        expected += expectations(folder, others)
    missing = sorted((expected - found).elements())
    unexpected = sorted((found - expected).elements())
    assert not missing and not unexpected, f"missing: {missing}\nunexpected: {unexpected}"
    compliant = [f for f in result.active if "/compliant/" in f.path]
    assert compliant == []
