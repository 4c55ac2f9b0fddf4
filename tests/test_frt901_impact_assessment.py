"""FRT901: the impact-assessment record, found by path or glob, dated by git or mtime."""

from __future__ import annotations

import datetime
import os
import shutil
import subprocess
import time
from pathlib import Path
from typing import List, Tuple

import pytest

from frtlint.cli import main

FACE = "import face_recognition\n\ndef encode(img):\n    return face_recognition.face_encodings(img)\n"
PLAIN = "def add(a, b):\n    return a + b\n"
DAY = 86400


def _project(root: Path, config: str, files: dict) -> None:
    (root / "pyproject.toml").write_text("[project]\nname = 'demo'\n\n[tool.frtlint]\n" + config, encoding="utf-8")
    for relative, text in files.items():
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")


def _age(path: Path, days: int) -> None:
    when = time.time() - days * DAY
    os.utime(path, (when, when))


def _frt901(capsys, *extra: str) -> Tuple[int, List[str], str]:
    code = main(["check", "--no-cache", "--engine", "libcst", "--output-format", "concise", *extra])
    out, err = capsys.readouterr()
    return code, [line for line in out.splitlines() if ": FRT901 " in line], err


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_missing_record_is_reported_once_on_the_config_key_line(root, capsys) -> None:
    _project(root, "select = ['FRT9']\nimpact-assessment = 'docs/pipia.md'\n", {"a.py": FACE, "b.py": FACE})
    code, lines, _ = _frt901(capsys)
    assert lines == [
        "pyproject.toml:6:1: FRT901 the project processes face data but has no impact assessment (PIPIA) record at "
        "'docs/pipia.md'; write one (frtlint report --pipia starts it) or set impact-assessment to where it is "
        "(Draft Art. 15; Measures Art. 9)"
    ]
    assert code == 1


def test_the_key_line_counts_lines_as_python_does(root, capsys) -> None:
    # A line separator (U+2028) inside a comment ends no line for TOML; str.splitlines() split there.
    _project(root, "# section\u2028 break\nselect = ['FRT9']\nimpact-assessment = 'docs/pipia.md'\n", {"a.py": FACE})
    _, lines, _ = _frt901(capsys)
    assert [line.split(": FRT901")[0] for line in lines] == ["pyproject.toml:7:1"]


def test_fresh_record_is_clean(root, capsys) -> None:
    _project(root, "select = ['FRT9']\nimpact-assessment = 'docs/pipia.md'\n", {"a.py": FACE, "docs/pipia.md": "# PIPIA\n"})
    code, lines, _ = _frt901(capsys)
    assert (code, lines) == (0, [])


def test_record_older_than_the_period_by_mtime(root, capsys) -> None:
    _project(root, "select = ['FRT9']\nimpact-assessment = 'docs/pipia.md'\n", {"a.py": FACE, "docs/pipia.md": "# PIPIA\n"})
    _age(root / "docs/pipia.md", 400)
    dated = datetime.date.fromtimestamp(os.stat(root / "docs/pipia.md").st_mtime)
    age = (datetime.date.today() - dated).days
    code, lines, _ = _frt901(capsys)
    assert lines == [
        f"pyproject.toml:6:1: FRT901 the impact assessment record 'docs/pipia.md' was last modified on {dated.isoformat()}, "
        f"{age} days ago (more than 365): review it and record the review (Draft Art. 15; Measures Art. 9)"
    ]
    assert code == 1


def test_max_age_days_setting(root, capsys) -> None:
    config = "select = ['FRT9']\nimpact-assessment = 'docs/pipia.md'\nimpact-assessment-max-age-days = 500\n"
    _project(root, config, {"a.py": FACE, "docs/pipia.md": "# PIPIA\n"})
    _age(root / "docs/pipia.md", 400)
    assert _frt901(capsys)[:2] == (0, [])
    (root / "pyproject.toml").write_text(
        "[tool.frtlint]\nselect = ['FRT9']\nimpact-assessment = 'docs/pipia.md'\nimpact-assessment-max-age-days = 30\n",
        encoding="utf-8",
    )
    _age(root / "docs/pipia.md", 31)
    code, lines, _ = _frt901(capsys)
    assert code == 1 and len(lines) == 1 and lines[0].startswith("pyproject.toml:3:1: FRT901 ") and "(more than 30)" in lines[0]


def test_glob_takes_the_newest_match(root, capsys) -> None:
    config = "select = ['FRT9']\nimpact-assessment = 'compliance/pipia-*.md'\n"
    files = {"a.py": FACE, "compliance/pipia-2024.md": "old\n", "compliance/pipia-2026.md": "new\n"}
    _project(root, config, files)
    _age(root / "compliance/pipia-2024.md", 800)
    assert _frt901(capsys)[:2] == (0, [])
    _age(root / "compliance/pipia-2026.md", 400)
    code, lines, _ = _frt901(capsys)
    assert code == 1 and len(lines) == 1 and "'compliance/pipia-2026.md' was last modified on" in lines[0]


def test_no_face_processing_no_finding(root, capsys) -> None:
    _project(root, "select = ['FRT9']\nimpact-assessment = 'docs/pipia.md'\n", {"a.py": PLAIN})
    assert _frt901(capsys)[:2] == (0, [])


def test_opt_in_not_configured_not_selected_by_id(root, capsys) -> None:
    _project(root, "select = ['FRT']\n", {"a.py": FACE})
    _, lines, _ = _frt901(capsys)
    assert lines == []


def test_selected_by_id_without_config_file_points_at_the_first_face_file(tmp_path, monkeypatch, capsys) -> None:
    project = tmp_path / "app"
    (project / "pkg").mkdir(parents=True)
    (project / "pkg" / "z.py").write_text(FACE, encoding="utf-8")
    (project / "pkg" / "b.py").write_text(FACE, encoding="utf-8")
    (project / "pkg" / "a.py").write_text(PLAIN, encoding="utf-8")
    monkeypatch.chdir(project)
    code, lines, _ = _frt901(capsys, "--select", "FRT901", ".")
    assert lines == [
        "pkg/b.py:1:1: FRT901 the project processes face data but has no impact assessment (PIPIA) record at "
        "'docs/pipia.md'; write one (frtlint report --pipia starts it) or set impact-assessment to where it is "
        "(Draft Art. 15; Measures Art. 9)"
    ]
    assert code == 1
    (project / "docs").mkdir()
    (project / "docs" / "pipia.md").write_text("# PIPIA\n", encoding="utf-8")
    assert _frt901(capsys, "--select", "FRT901", ".")[:2] == (0, [])


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_git_commit_date_wins_over_a_fresh_mtime(root, capsys) -> None:
    _project(root, "select = ['FRT9']\nimpact-assessment = 'docs/pipia.md'\n", {"a.py": FACE, "docs/pipia.md": "# PIPIA\n"})
    old = datetime.datetime.now() - datetime.timedelta(days=700)
    stamp = old.strftime("%Y-%m-%dT%H:%M:%S")
    env = {
        **os.environ, "GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp,
        "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.org", "GIT_CONFIG_NOSYSTEM": "1", "HOME": str(root),
    }
    for args in (["init", "-q"], ["add", "docs/pipia.md"], ["commit", "-q", "-m", "pipia"]):
        subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True)
    (root / "docs/pipia.md").touch()  # a fresh mtime does not make the record current
    code, lines, _ = _frt901(capsys)
    assert code == 1 and len(lines) == 1
    assert f"'docs/pipia.md' was last committed on {old.date().isoformat()}" in lines[0]


def test_cached_run_sees_the_record_appear(root, capsys) -> None:
    _project(root, "select = ['FRT9']\nimpact-assessment = 'docs/pipia.md'\n", {"a.py": FACE})
    run = ["check", "--engine", "libcst", "--output-format", "concise"]
    assert main(run) == 1
    capsys.readouterr()
    (root / "docs").mkdir()
    (root / "docs" / "pipia.md").write_text("# PIPIA\n", encoding="utf-8")
    assert main(run) == 0
    assert "FRT901" not in capsys.readouterr().out


@pytest.mark.parametrize(
    "config, message",
    [
        ("impact-assessment = '../pipia.md'\n", "'impact-assessment' must be a path or glob inside the project, not '../pipia.md'"),
        ("impact-assessment = '/etc/pipia.md'\n", "'impact-assessment' must be a path or glob inside the project, not '/etc/pipia.md'"),
        ("impact-assessment = ''\n", "'impact-assessment' must be a non-empty string"),
        ("impact-assessment-max-age-days = 0\n", "'impact-assessment-max-age-days' must be 1 or more, not 0"),
        ("impact-assessment-max-age-days = '365'\n", "'impact-assessment-max-age-days' must be an integer"),
    ],
)
def test_bad_settings_exit_2_with_one_line(root, capsys, config, message) -> None:
    _project(root, config, {"a.py": FACE})
    code = main(["check", "--no-cache"])
    _, err = capsys.readouterr()
    assert code == 2
    assert err.count("\n") == 1 and "Traceback" not in err
    assert "pyproject.toml: [tool.frtlint] " in err and message in err
