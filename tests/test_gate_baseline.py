"""Baselines: `frtlint baseline create` and `frtlint check --baseline`."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from frtlint.cli import main

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "fixtures"
NEW_VIOLATION = '\n\ndef vip_profile(img):\n    return DeepFace.analyze(img, actions=["race"])\n'


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Two non-compliant apps under src/, every rule on."""
    for app in ("deepface_analytics", "door_lock_pi"):
        shutil.copytree(FIXTURES / app / "noncompliant", tmp_path / "src" / app, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(capsys, *args: str):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def check(capsys, *args: str):
    return run(capsys, "check", "--no-cache", "--jobs", "1", "--engine", "libcst", *args)


def create(capsys, *args: str):
    return run(capsys, "baseline", "create", "--no-cache", "--jobs", "1", "--engine", "libcst", *args)


def test_baseline_tolerates_shifted_lines_and_fails_only_on_the_new_violation(tree: Path, capsys) -> None:
    code, out, _ = check(capsys, "--format", "json", "src")
    assert code == 1
    before = json.loads(out)["findings"]
    assert len(before) >= 10

    code, out, err = create(capsys, "src", "-o", ".frtlint-baseline.json")
    assert code == 0
    assert out == ""
    assert err == f"frtlint: wrote {len(before)} baseline entries (2 file(s)) to .frtlint-baseline.json\n"
    document = json.loads((tree / ".frtlint-baseline.json").read_text(encoding="utf-8"))
    assert document["frtlint-baseline"] == 1
    assert sorted(e["fingerprint"] for e in document["entries"]) == sorted(f["fingerprint"] for f in before)
    assert {e["path"] for e in document["entries"]} == {"src/deepface_analytics/job.py", "src/door_lock_pi/doorlock.py"}

    code, out, err = check(capsys, "--baseline", ".frtlint-baseline.json", "src")
    assert (code, err) == (0, "")
    assert out == "No findings in 4 file(s) checked.\n"

    # 10 lines inserted at the top of a file: nothing is new.
    job = tree / "src" / "deepface_analytics" / "job.py"
    job.write_text("# moved down\n" * 10 + job.read_text(encoding="utf-8"), encoding="utf-8")
    code, out, err = check(capsys, "--baseline", ".frtlint-baseline.json", "src")
    assert (code, err) == (0, "")
    assert out == "No findings in 4 file(s) checked.\n"

    # One new violation: exit 1, and only it is named.
    with job.open("a", encoding="utf-8") as handle:
        handle.write(NEW_VIOLATION)
    new_line = len(job.read_text(encoding="utf-8").splitlines())
    code, out, err = check(capsys, "--baseline", ".frtlint-baseline.json", "--format", "json", "src")
    assert code == 1
    assert err == ""
    reported = json.loads(out)["findings"]
    assert {(f["path"], f["line"]) for f in reported} == {("src/deepface_analytics/job.py", new_line)}
    assert "FRT301" in {f["rule"] for f in reported}
    code, out, _ = check(capsys, "--output-format", "concise", "--baseline", ".frtlint-baseline.json", "--select", "FRT301", "src")
    assert code == 1
    assert out.splitlines() == [
        f"src/deepface_analytics/job.py:{new_line}:12: FRT301 DeepFace.analyze infers race from faces (Draft Art. 11)",
        "Found 1 finding(s) (1 error(s), 0 warning(s)) in 1 file(s); 4 file(s) checked.",
    ]


def test_gone_entries_are_counted(tree: Path, capsys) -> None:
    assert create(capsys, "src", "-o", "base.json")[0] == 0
    entries = json.loads((tree / "base.json").read_text(encoding="utf-8"))["entries"]
    job = tree / "src" / "deepface_analytics" / "job.py"
    lines = job.read_text(encoding="utf-8").splitlines(keepends=True)
    # Fix the DeepFace.analyze call on line 30 (default actions include race) by removing it.
    assert "DeepFace.analyze(img_path=img" in lines[29]
    gone_here = [e for e in entries if e["path"] == "src/deepface_analytics/job.py" and e["line"] == 30]
    assert {e["rule"] for e in gone_here} >= {"FRT301"}
    indent = lines[29][: len(lines[29]) - len(lines[29].lstrip())]
    lines[29] = f"{indent}faces = []\n"
    job.write_text("".join(lines), encoding="utf-8")

    code, out, err = check(capsys, "--baseline", "base.json", "src")
    assert code == 0
    assert out == "No findings in 4 file(s) checked.\n"
    count = len(gone_here)
    noun = "entry is" if count == 1 else "entries are"
    assert err == (
        f"frtlint: {count} baseline {noun} gone (fixed or changed); "
        "refresh with `frtlint baseline create src -o base.json`\n"
    )
    # Checking only the other app does not call the first app's entries gone.
    code, _, err = check(capsys, "--baseline", "base.json", "src/door_lock_pi")
    assert (code, err) == (0, "")


def test_exactly_one_gone_with_one_rule(tree: Path, capsys) -> None:
    assert create(capsys, "--select", "FRT301", "src", "-o", "b.json")[0] == 0
    entries = json.loads((tree / "b.json").read_text(encoding="utf-8"))["entries"]
    assert [(e["rule"], e["path"], e["line"]) for e in entries] == [
        ("FRT301", "src/deepface_analytics/job.py", 24),
        ("FRT301", "src/deepface_analytics/job.py", 30),
    ]
    job = tree / "src" / "deepface_analytics" / "job.py"
    job.write_text(job.read_text(encoding="utf-8").replace("DeepFace.analyze(img_path=img,", "DeepFace.analyze(img_path=img, actions=['age'],"), encoding="utf-8")
    code, out, err = check(capsys, "--select", "FRT301", "--baseline", "b.json", "src")
    assert code == 0
    assert err == "frtlint: 1 baseline entry is gone (fixed or changed); refresh with `frtlint baseline create src -o b.json`\n"


def test_baseline_matches_from_another_working_directory(tree: Path, capsys, monkeypatch: pytest.MonkeyPatch) -> None:
    assert create(capsys, "src", "-o", ".frtlint-baseline.json")[0] == 0
    monkeypatch.chdir(tree / "src")
    code, out, err = check(capsys, "--baseline", "../.frtlint-baseline.json", ".")
    assert (code, err) == (0, "")
    assert out == "No findings in 4 file(s) checked.\n"


def test_default_output_and_errors(tree: Path, capsys) -> None:
    code, _, err = create(capsys, "src")
    assert code == 0
    assert (tree / ".frtlint-baseline.json").is_file()
    assert err.endswith("to .frtlint-baseline.json\n")

    code, _, err = check(capsys, "--baseline", "missing.json", "src")
    assert code == 2
    assert err == (
        "frtlint: error: --baseline missing.json: file not found "
        "(create it with `frtlint baseline create -o missing.json`)\n"
    )
    (tree / "bad.json").write_text("{not json", encoding="utf-8")
    code, _, err = check(capsys, "--baseline", "bad.json", "src")
    assert code == 2
    assert err.startswith("frtlint: error: --baseline bad.json: not a frtlint baseline")
    code, _, err = run(capsys, "baseline")
    assert (code, err) == (2, "frtlint: error: baseline: choose an action: create\n")
