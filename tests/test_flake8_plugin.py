"""The flake8 plugin through the real `flake8` command, compared with `frtlint check`."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Dict, Set, Tuple

import pytest

from frtlint.checks import all_rules
from frtlint.cli import main
from frtlint.integrations.flake8_plugin import Flake8Plugin

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "fixtures"
FORMAT = "%(path)s|%(row)d|%(col)d|%(code)s|%(text)s"

Row = Tuple[int, int, str, str]


def _flake8(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "flake8", "--isolated", f"--format={FORMAT}", *args],
        cwd=cwd, capture_output=True, text=True, timeout=300,
    )


def _parse_flake8(stdout: str) -> Dict[str, Set[Row]]:
    rows: Dict[str, Set[Row]] = {}
    for line in stdout.splitlines():
        path, row, col, code, text = line.split("|", 4)
        rows.setdefault(Path(path).as_posix().removeprefix("./"), set()).add((int(row), int(col), code, text))
    return rows


def _frtlint_rows(capsys, path: str) -> Set[Row]:
    code = main(["check", "--no-cache", "--jobs", "1", "--engine", "libcst", "--format", "json", path])
    out, _ = capsys.readouterr()
    assert code in (0, 1)
    return {(f["line"], f["column"], f["rule"], f["message"]) for f in json.loads(out)["findings"]}


@pytest.fixture
def apps(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every non-compliant fixture app, copied out of the repository (whose own
    [tool.frtlint] excludes fixtures/)."""
    for app in sorted(FIXTURES.glob("*/noncompliant")):
        shutil.copytree(app, tmp_path / app.parent.name, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_flake8_reports_what_frtlint_check_reports_per_file(apps: Path, capsys) -> None:
    files = sorted(p.relative_to(apps).as_posix() for p in apps.rglob("*.py"))
    assert len(files) >= 15
    completed = _flake8(apps, "--select", "FRT", *files)
    assert completed.returncode == 1, completed.stderr
    by_file = _parse_flake8(completed.stdout)
    for name in files:
        assert by_file.get(name, set()) == _frtlint_rows(capsys, name), name
    # The known FRT301 findings of the DeepFace fixture, exactly as flake8 prints them.
    frt301 = sorted((r, c) for r, c, code, _ in by_file["deepface_analytics/job.py"] if code == "FRT301")
    assert frt301 == [(24, 13), (30, 13)]
    texts = {t for r, c, code, t in by_file["deepface_analytics/job.py"] if code == "FRT301"}
    assert texts == {
        "DeepFace.analyze infers race from faces (Draft Art. 11)",
        "DeepFace.analyze infers race from faces (the library default includes it) (Draft Art. 11)",
    }
    assert sum(len(rows) for rows in by_file.values()) >= 20


SOURCE = '''from deepface import DeepFace


def profile(img):
    a = DeepFace.analyze(img)  # noqa: FRT301
    b = DeepFace.analyze(img, actions=["race"])  # noqa: FRT201
    c = DeepFace.analyze(img, actions=["race"])  # frtlint: ignore[FRT301] reason: statutory basis, case 12
    d = DeepFace.analyze(img, actions=["race"])
    return a, b, c, d
'''


def _codes(stdout: str) -> Set[Tuple[int, str]]:
    return {(row, code) for rows in _parse_flake8(stdout).values() for row, _, code, _ in rows}


def test_noqa_and_select_behave_as_in_flake8(tmp_path: Path) -> None:
    (tmp_path / "profile.py").write_text(SOURCE, encoding="utf-8")
    has_frt201 = any(r.id == "FRT201" for r in all_rules())

    plain = _codes(_flake8(tmp_path, "--select", "FRT", "profile.py").stdout)
    frt301 = {(row, code) for row, code in plain if code == "FRT301"}
    assert frt301 == {(6, "FRT301"), (8, "FRT301")}  # line 5: noqa; line 7: frtlint ignore
    if has_frt201:
        frt201 = {(row, code) for row, code in plain if code == "FRT201"}
        assert frt201 == {(5, "FRT201"), (7, "FRT201"), (8, "FRT201")}  # line 6: noqa: FRT201

    # `# noqa` is flake8's: --disable-noqa brings those findings back, but not the
    # one silenced by a reasoned `# frtlint: ignore`.
    unfiltered = _codes(_flake8(tmp_path, "--select", "FRT", "--disable-noqa", "profile.py").stdout)
    assert {(row, code) for row, code in unfiltered if code == "FRT301"} == {(5, "FRT301"), (6, "FRT301"), (8, "FRT301")}
    if has_frt201:
        assert (6, "FRT201") in unfiltered

    # --select FRT301 narrows to that code; --select E shows no FRT codes at all.
    only = _codes(_flake8(tmp_path, "--select", "FRT301", "profile.py").stdout)
    assert only == {(6, "FRT301"), (8, "FRT301")}
    other = _flake8(tmp_path, "--select", "E", "profile.py")
    assert "FRT" not in other.stdout


def test_plugin_reads_tool_frtlint_from_pyproject(tmp_path: Path) -> None:
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "profile.py").write_text(SOURCE, encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text('[tool.frtlint]\nselect = ["FRT0", "FRT3"]\nignore = ["FRT301"]\n')
    completed = _flake8(tmp_path, "--select", "FRT", "pkg/profile.py")
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert completed.stdout == ""
    (tmp_path / "pyproject.toml").write_text('[tool.frtlint]\nselect = ["FRT3"]\n')
    completed = _flake8(tmp_path, "--select", "FRT", "pkg/profile.py")
    assert _codes(completed.stdout) == {(6, "FRT301"), (8, "FRT301")}


def test_plugin_uses_the_lines_flake8_hands_it(tmp_path: Path) -> None:
    """The source comes from `lines` (flake8 may pass stdin or edited buffers), also
    for a PEP 263 file in another encoding."""
    path = tmp_path / "gbk.py"
    text = '# -*- coding: gbk -*-\n# 人脸分析\nfrom deepface import DeepFace\nr = DeepFace.analyze(img)  # 默认\n'
    path.write_bytes(text.encode("gbk"))
    lines = text.splitlines(keepends=True)
    plugin = Flake8Plugin(None, str(path), lines)
    results = [(row, col, message.split()[0]) for row, col, message, _ in plugin.run()]
    assert (4, 4, "FRT301") in results
    assert Flake8Plugin.name == "frtlint"
    # Edited buffer: the line moved down by one; the plugin follows `lines`, not the disk.
    plugin = Flake8Plugin(None, str(path), lines[:2] + ["\n"] + lines[2:])
    assert (5, 4, "FRT301") in [(row, col, message.split()[0]) for row, col, message, _ in plugin.run()]


def test_plugin_reports_a_bad_config_as_one_finding(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.frtlint]\nselectt = ["FRT3"]\n')
    (tmp_path / "a.py").write_text("x = 1\n")
    completed = _flake8(tmp_path, "--select", "FRT", "a.py")
    assert completed.returncode == 1
    assert "Traceback" not in completed.stderr
    rows = _parse_flake8(completed.stdout)["a.py"]
    assert len(rows) == 1
    (row, col, code, text), = rows
    assert (row, col, code) == (1, 1, "FRT000")
    assert "unknown key 'selectt'" in text
