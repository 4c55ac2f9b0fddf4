"""The command line: findings, formats, options, exit codes, errors without tracebacks."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from frtlint.cli import main

ANALYZE_DEFAULT = "from deepface import DeepFace\n\nresult = DeepFace.analyze(img)\n"
ANALYZE_RACE = 'from deepface import DeepFace\n\nresult = DeepFace.analyze(img, actions=["age", "race"])\n'
READ_RACE = 'def show(result):\n    print(result["dominant_race"])\n'
ANALYZE_SAFE = 'from deepface import DeepFace\n\nresult = DeepFace.analyze(img, actions=["age", "emotion"])\n'


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'demo'\n\n[tool.frtlint]\nselect = ['FRT0', 'FRT3']\n")
    (tmp_path / "default.py").write_text(ANALYZE_DEFAULT)
    (tmp_path / "race.py").write_text(ANALYZE_RACE)
    (tmp_path / "read.py").write_text(READ_RACE)
    (tmp_path / "safe.py").write_text(ANALYZE_SAFE)
    return tmp_path


def run(capsys, *args: str):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_frt301_text_output_positions_and_article(tree, capsys) -> None:
    code, out, _ = run(capsys, "check", "--no-cache", "--output-format", "concise")
    lines = [line for line in out.splitlines() if ": FRT" in line]
    assert lines == [
        "default.py:3:10: FRT301 DeepFace.analyze infers race from faces (the library default includes it) (Draft Art. 11)",
        "race.py:3:10: FRT301 DeepFace.analyze infers race from faces (Draft Art. 11)",
        "read.py:2:11: FRT301 reads the sensitive face attribute 'dominant_race' (Draft Art. 11)",
    ]
    assert code == 1
    assert out.splitlines()[-1] == "Found 3 finding(s) (3 error(s), 0 warning(s)) in 3 file(s); 4 file(s) checked."


def test_json_schema_fields(tree, capsys) -> None:
    code, out, _ = run(capsys, "check", "--no-cache", "--format", "json", "safe.py", "race.py")
    document = json.loads(out)
    assert code == 1
    assert document["schema_version"] == 1
    [finding] = document["findings"]
    assert {k: finding[k] for k in ("rule", "path", "line", "column", "end_line", "end_column", "severity")} == {
        "rule": "FRT301", "path": "race.py", "line": 3, "column": 10, "end_line": 3, "end_column": 56, "severity": "error",
    }
    assert finding["articles"] == {"draft": ["11"], "measures": []}
    assert finding["message"].endswith("(Draft Art. 11)")
    assert len(finding["fingerprint"]) == 32
    assert document["summary"]["files_checked"] == 2


def test_clean_file_exits_zero(tree, capsys) -> None:
    code, out, _ = run(capsys, "check", "--no-cache", "safe.py")
    assert code == 0
    assert out.strip() == "No findings in 1 file(s) checked."


def test_fail_on_never_and_error(tree, capsys) -> None:
    assert run(capsys, "check", "--no-cache", "--fail-on", "never")[0] == 0
    assert run(capsys, "check", "--no-cache", "--fail-on", "error")[0] == 1


def test_select_and_ignore(tree, capsys) -> None:
    code, out, _ = run(capsys, "check", "--no-cache", "--ignore", "FRT301")
    assert code == 0 and "FRT301" not in out
    code, out, _ = run(capsys, "check", "--no-cache", "--output-format", "concise", "--select", "FRT3", "-q")
    assert code == 1 and out.count("FRT301") == 3


def test_regime_measures_cites_measures_first(tmp_path, monkeypatch, capsys) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.py").write_text("import cv2\nimport face_recognition\n\ndef f(img):\n    face_recognition.face_locations(img)\n    cv2.imwrite('x.jpg', img)\n")
    _, out, _ = run(capsys, "check", "--no-cache", "--output-format", "concise", "-q", "--regime", "measures-2025", "--select", "FRT101")
    assert out.strip().endswith("(Measures Art. 8, 4; Draft Art. 17, 18)")


def test_output_file_and_statistics(tree, capsys) -> None:
    code, out, _ = run(capsys, "check", "--no-cache", "--statistics", "--output", "report.txt")
    assert code == 1 and out == ""
    report = (tree / "report.txt").read_text()
    assert "    3  FRT301  sensitive-attribute-inference" in report


def test_syntax_error_is_frt000_and_others_still_checked(tree, capsys) -> None:
    (tree / "broken.py").write_text("import face_recognition\ndef f(:\n    pass\n")
    code, out, _ = run(capsys, "check", "--no-cache", "--output-format", "concise", "-q")
    assert "broken.py:2:7: FRT000 syntax error: invalid syntax (Draft Art. 15; Measures Art. 9)" in out.splitlines()
    assert sum(1 for line in out.splitlines() if "FRT301" in line) == 3
    assert code == 1


def test_pep263_encoded_file_is_read(tmp_path, monkeypatch, capsys) -> None:
    monkeypatch.chdir(tmp_path)
    source = "# -*- coding: gbk -*-\n# 人脸分析\nfrom deepface import DeepFace\nr = DeepFace.analyze(img)  # 分析\n"
    (tmp_path / "gbk.py").write_bytes(source.encode("gbk"))
    code, out, _ = run(capsys, "check", "--no-cache", "--output-format", "concise", "-q", "--select", "FRT301")
    assert out.splitlines() == ["gbk.py:4:5: FRT301 DeepFace.analyze infers race from faces (the library default includes it) (Draft Art. 11)"]


def test_undecodable_file_is_frt000(tmp_path, monkeypatch, capsys) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "bad.py").write_bytes(b"import face_recognition\nname = '\xff\xfe'\n")
    code, out, _ = run(capsys, "check", "--no-cache", "--output-format", "concise", "-q")
    assert out.startswith("bad.py:1:1: FRT000 cannot decode file")
    assert code == 1


@pytest.mark.parametrize(
    "args, message",
    [
        (["check", "missing_dir"], "frtlint: error: missing_dir: no such file or directory"),
        (["check", "--fail-on", "sometimes"], "frtlint: error: argument --fail-on: invalid choice: 'sometimes' (choose from 'error', 'warning', 'never')"),
        (["check", "--select", "FRT999"], "frtlint: error: --select: unknown rule 'FRT999'"),
        (["check", "--jobs", "-1"], "frtlint: error: --jobs must be 0 (one per CPU) or more"),
        (["explain", "FRT777"], "frtlint: error: unknown rule 'FRT777' (see `frtlint rules`)"),
        (["frobnicate"], "frtlint: error: argument COMMAND: invalid choice: 'frobnicate'"),
    ],
)
def test_usage_errors_exit_2_with_one_line(tree, capsys, args, message) -> None:
    code, out, err = run(capsys, *args)
    assert code == 2
    assert err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith(message)


@pytest.mark.parametrize(
    "config, message",
    [
        ("[tool.frtlint]\nselct = ['FRT']\n", "[tool.frtlint] unknown key 'selct'"),
        ("[tool.frtlint]\nselect = 'FRT'\n", "[tool.frtlint] 'select' must be a list"),
        ("[tool.frtlint]\nignore = ['FRT998']\n", "[tool.frtlint] 'ignore' names unknown rule 'FRT998'"),
        ("[tool.frtlint]\nfail-on = 'maybe'\n", "[tool.frtlint] 'fail-on' must be one of error, warning, never, not 'maybe'"),
        ("[tool.frtlint]\njobs = true\n", "[tool.frtlint] 'jobs' must be an integer"),
        ("[tool.frtlint.catalog]\nwrappers = []\n", "[tool.frtlint.catalog] unknown key 'wrappers'"),
        ("[tool.frtlint.rules.FRT301]\nstrict = true\n", "[tool.frtlint.rules.FRT301] unknown option 'strict'"),
        ("[tool.frtlint\n", "invalid TOML"),
    ],
)
def test_config_errors_exit_2_naming_file_and_key(tree, capsys, config, message) -> None:
    (tree / "pyproject.toml").write_text(config)
    code, _, err = run(capsys, "check", "--no-cache")
    assert code == 2
    assert err.count("\n") == 1 and "Traceback" not in err
    assert "pyproject.toml: " in err and message in err


def test_config_file_select_per_file_ignores_and_exclude(tree, capsys) -> None:
    (tree / "pyproject.toml").write_text(
        "[tool.frtlint]\nselect = ['FRT3']\nper-file-ignores = { 'race.py' = ['FRT301'] }\nextend-exclude = ['read.py']\n"
    )
    code, out, _ = run(capsys, "check", "--no-cache", "--output-format", "concise", "-q")
    assert out.splitlines() == [
        "default.py:3:10: FRT301 DeepFace.analyze infers race from faces (the library default includes it) (Draft Art. 11)"
    ]


def test_per_file_ignores_all_silences_every_rule_there(tree, capsys) -> None:
    (tree / "pyproject.toml").write_text("[tool.frtlint]\nselect = ['FRT3']\nper-file-ignores = { 'race.py' = ['ALL'] }\n")
    code, out, _ = run(capsys, "check", "--no-cache", "--output-format", "concise", "-q")
    assert [line.split(":")[0] for line in out.splitlines()] == ["default.py", "read.py"]
    code, out, _ = run(capsys, "check", "--show-settings", "race.py")
    assert "rules run on this file: (none)" in out


def test_explicit_config_option(tree, capsys) -> None:
    (tree / "other.toml").write_text("[tool.frtlint]\nselect = ['FRT3']\nignore = ['FRT301']\n")
    code, out, _ = run(capsys, "check", "--no-cache", "--config", "other.toml")
    assert code == 0
    assert run(capsys, "check", "--config", "nope.toml")[0] == 2


def test_rules_and_explain(capsys) -> None:
    code, out, _ = run(capsys, "rules")
    assert code == 0
    row = next(line for line in out.splitlines() if line.startswith("FRT301"))
    assert row.split()[:4] == ["FRT301", "sensitive-attribute-inference", "error", "11"]
    code, out, _ = run(capsys, "explain", "FRT301")
    assert code == 0
    assert out.startswith("# FRT301 sensitive-attribute-inference\n")
    for heading in ("## What it flags", "## Why", "## Example", "## Use instead", "## Options", "## References"):
        assert heading in out
    headings = [line for line in out.splitlines() if line.startswith("## ")]
    assert headings == ["## What it flags", "## Why", "## Example", "## Use instead", "## Options", "## References"]
    assert run(capsys, "explain", "sensitive-attribute-inference")[1] == out


def test_version_and_module_entry_point(tree) -> None:
    completed = subprocess.run([sys.executable, "-m", "frtlint", "--version"], capture_output=True, text=True)
    assert completed.returncode == 0
    assert completed.stdout.startswith("frtlint ")


def test_internal_error_exit_3_without_traceback(tree, capsys, monkeypatch) -> None:
    import frtlint.engine.runner as runner

    def explode(self, paths):
        raise RuntimeError("boom")

    monkeypatch.setattr(runner.Engine, "run", explode)
    code, _, err = run(capsys, "check")
    assert code == 3
    assert "frtlint: internal error: RuntimeError: boom" in err and "Traceback" not in err
    code, _, err = run(capsys, "--debug", "check")
    assert code == 3 and "Traceback" in err


def test_explicit_file_is_checked_even_if_excluded_unless_force_exclude(tree, capsys) -> None:
    (tree / "pyproject.toml").write_text("[tool.frtlint]\nselect = ['FRT3']\nextend-exclude = ['race.py']\n")
    code, out, _ = run(capsys, "check", "--no-cache", "-q", "race.py")
    assert code == 1 and out.startswith("race.py:3:10: FRT301")
    code, out, _ = run(capsys, "check", "--no-cache", "-q", "--force-exclude", "race.py")
    assert code == 0 and out == ""


def test_output_creates_missing_folders(tree, capsys) -> None:
    code, _, _ = run(capsys, "check", "--no-cache", "-o", "reports/deep/frtlint.txt")
    assert code == 1
    assert "FRT301" in (tree / "reports" / "deep" / "frtlint.txt").read_text()


def test_tab_and_space_indentation_python_accepts_is_analysed(tmp_path, monkeypatch, capsys) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "tabs.py").write_text(
        "import face_recognition\n\nif True:\n\tenc = face_recognition.face_encodings(img)\n\tfor i in range(2):\n    \t\tprint(i)\n"
    )
    code, out, _ = run(capsys, "check", "--no-cache", "-q", "--select", "FRT0,FRT2")
    assert out.splitlines()[0].startswith("tabs.py:4:") and "FRT201" in out
    assert "FRT000" not in out


def test_configuration_is_found_from_the_checked_path(tmp_path, monkeypatch, capsys) -> None:
    app = tmp_path / "myapp"
    app.mkdir()
    (app / "pyproject.toml").write_text("[tool.frtlint]\nselect = ['FRT3']\n")
    (app / "race.py").write_text(ANALYZE_RACE)
    (app / "face.py").write_text("import face_recognition\n\nenc = face_recognition.face_encodings(img)\n")
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(capsys, "check", "--no-cache", "myapp")
    assert code == 1
    assert [line.split(" ")[1] for line in out.splitlines() if ": FRT" in line] == ["FRT301"]


def test_statistics_are_in_the_json_report(tree, capsys) -> None:
    code, out, _ = run(capsys, "check", "--no-cache", "--format", "json", "--statistics")
    assert code == 1
    assert json.loads(out)["statistics"] == [{"rule": "FRT301", "name": "sensitive-attribute-inference", "count": 3}]
    _, plain, _ = run(capsys, "check", "--no-cache", "--format", "json")
    assert "statistics" not in json.loads(plain)


def test_jobs_zero_means_one_per_cpu_on_the_command_line_too(tree, capsys, monkeypatch) -> None:
    from frtlint.config import load_settings
    from frtlint.engine.runner import Engine

    monkeypatch.setattr("os.cpu_count", lambda: 3)
    settings = replace(load_settings(), jobs=2)  # as if the config said jobs = 2
    assert Engine(settings, use_cache=False, jobs=0).jobs == 3  # --jobs 0 overrides the config
    assert Engine(settings, use_cache=False, jobs=None).jobs == 2  # no --jobs: the config
    assert Engine(replace(settings, jobs=0), use_cache=False, jobs=None).jobs == 3
    zero = run(capsys, "check", "--no-cache", "--jobs", "0")
    one = run(capsys, "check", "--no-cache", "--jobs", "1")
    assert zero[0] == one[0] == 1
    assert zero[1] == one[1]
