"""The Semgrep engine behind `frtlint check`: one combined report, missing and failing Semgrep."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from frtlint.cli import main

JS_LOGIN = """const faceapi = require('face-api.js');

async function login(img, labeled) {
  const result = await faceapi.detectSingleFace(img).withFaceLandmarks().withFaceDescriptor();
  const matcher = new faceapi.FaceMatcher(labeled);
  const best = matcher.findBestMatch(result.descriptor);
  if (best.label !== 'unknown') {
    await fetch('http://auth.example.com/session', { method: 'POST', body: canvas.toDataURL() });
  }
}
"""
PY_JOB = "from deepface import DeepFace\n\nresult = DeepFace.analyze(img)\n"
CAMERAS = "cameras:\n  - id: cam-1\n    location: hotel room 1203\n    recognition: true\n"


# Semgrep drops a finding whose line says `nosemgrep`; frtlint's own findings need a
# reasoned `frtlint: ignore`, so the comment must not hide them.
NOSEMGREP_JS = """const faceapi = require('face-api.js');
async function enrol(img) {
  return faceapi.detectSingleFace(img).withFaceLandmarks().withFaceDescriptor(); // nosemgrep
}
"""

SUPPRESSED = "cameras:\n  - id: cam-2\n    location: guest room 7  # frtlint: ignore[FRT601] reason: device removed, ticket 88\n"


def _write_tree(root: Path) -> None:
    (root / "web").mkdir()
    (root / "web" / "login.js").write_text(JS_LOGIN)
    (root / "web" / "enrol.js").write_text(NOSEMGREP_JS)
    (root / "job.py").write_text(PY_JOB)
    (root / "deploy").mkdir()
    (root / "deploy" / "cameras.yaml").write_text(CAMERAS)
    (root / "deploy" / "old-cameras.yaml").write_text(SUPPRESSED)


@pytest.fixture
def mixed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    _write_tree(tmp_path)
    return tmp_path


@pytest.fixture(scope="module")
def real_run(tmp_path_factory):
    """One real Semgrep run over the mixed tree, reported as JSON and as text."""
    root = tmp_path_factory.mktemp("mixed")
    _write_tree(root)
    previous = os.getcwd()
    os.chdir(root)
    try:
        code = main(["check", "--no-cache", "-q", "--format", "json", "-o", "report.json", "--also", "text=report.txt"])
    finally:
        os.chdir(previous)
    return code, json.loads((root / "report.json").read_text()), (root / "report.txt").read_text()


def _json(capsys, *args: str):
    code = main(["check", "--no-cache", "--format", "json", *args])
    captured = capsys.readouterr()
    return code, json.loads(captured.out) if captured.out else None, captured.err


def test_mixed_tree_one_sorted_report_with_articles_from_both_engines(real_run) -> None:
    code, document, _ = real_run
    assert code == 1
    findings = document["findings"]
    keys = [(f["path"], f["line"], f["column"]) for f in findings]
    assert keys == sorted(keys)
    assert {f["engine"] for f in findings} == {"libcst", "semgrep"}
    by_path = {}
    for f in findings:
        by_path.setdefault(f["path"], set()).add(f["rule"])
    assert "FRT301" in by_path["job.py"]
    assert "FRT601" in by_path["deploy/cameras.yaml"]
    assert by_path["web/login.js"] & {"FRT201", "FRT401", "FRT501"}
    for f in findings:
        assert f["articles"]["draft"], f
        assert f["message"].rstrip().endswith(")") and "Art." in f["message"]
        assert len(f["fingerprint"]) == 32
    frt601 = next(f for f in findings if f["rule"] == "FRT601")
    assert frt601["articles"] == {"draft": ["6"], "measures": ["13"]}
    assert (frt601["path"], frt601["line"]) == ("deploy/cameras.yaml", 3)


def test_nosemgrep_does_not_hide_a_frtlint_finding(real_run) -> None:
    _, document, _ = real_run
    assert [(f["rule"], f["line"]) for f in document["findings"] if f["path"] == "web/enrol.js"] == [("FRT201", 3)]


def test_text_output_has_the_same_ids(real_run) -> None:
    _, document, text = real_run
    rows = [line for line in text.splitlines() if ": FRT" in line]
    assert sorted((f["path"], f["line"], f["rule"]) for f in document["findings"]) == sorted(
        (line.split(":")[0], int(line.split(":")[1]), line.split(" ")[1]) for line in rows
    )


def test_suppression_comment_in_yaml(real_run) -> None:
    _, document, _ = real_run
    assert not [f for f in document["findings"] if f["path"] == "deploy/old-cameras.yaml"]
    assert [(f["rule"], f["suppression_reason"]) for f in document["suppressed"]] == [("FRT601", "device removed, ticket 88")]


def test_engine_libcst_skips_other_languages(mixed, capsys) -> None:
    _, document, _ = _json(capsys, "--engine", "libcst")
    assert {f["engine"] for f in document["findings"]} == {"libcst"}


def test_semgrep_missing_gives_one_notice_and_python_still_checked(mixed, capsys, monkeypatch) -> None:
    monkeypatch.setenv("FRTLINT_SEMGREP", "")
    code, document, _ = _json(capsys)
    assert {f["engine"] for f in document["findings"]} == {"libcst"}
    unchecked = document["unchecked"]
    assert len(unchecked) == 4 and not any(path.endswith(".py") for path in unchecked)
    assert document["notices"] == [
        "4 file(s) not checked: Semgrep is not installed (install it with: pip install 'frtlint[semgrep]'): "
        + ", ".join(unchecked)
    ]
    assert document["summary"]["files_checked"] == 1  # job.py; the other four are listed as not checked
    assert code == 1
    main(["check", "--no-cache"])
    out = capsys.readouterr().out
    assert "notice: 4 file(s) not checked: Semgrep is not installed" in out
    assert "FRT002" not in out  # a suppression in a file nothing read is not "unused"


def test_semgrep_engine_requested_by_name_but_missing_is_exit_2(mixed, capsys, monkeypatch) -> None:
    monkeypatch.setenv("FRTLINT_SEMGREP", "")
    code = main(["check", "--no-cache", "--engine", "semgrep"])
    assert code == 2
    assert capsys.readouterr().err == (
        "frtlint: error: engine 'semgrep' requested but Semgrep is not installed (pip install 'frtlint[semgrep]')\n"
    )


def test_zero_files_checked_warns_even_when_quiet(tmp_path, capsys, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "notes.txt").write_text("face recognition notes\n")
    assert main(["check", "--no-cache", "-q", "notes.txt"]) == 0
    assert capsys.readouterr().err == "frtlint: warning: no files checked in notes.txt\n"


def _fake_semgrep(directory: Path, body: str) -> str:
    script = directory / "fake-semgrep"
    script.write_text("#!/bin/sh\n" + body)
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return str(script)


def test_semgrep_crash_is_exit_3_not_no_findings(mixed, capsys, monkeypatch, tmp_path_factory) -> None:
    fake = _fake_semgrep(tmp_path_factory.mktemp("bin"), "echo 'fatal: rule parse error' >&2\nexit 2\n")
    monkeypatch.setenv("FRTLINT_SEMGREP", fake)
    code = main(["check", "--no-cache"])
    err = capsys.readouterr().err
    assert code == 3
    assert err.strip() == "frtlint: error: Semgrep failed (exit 2): fatal: rule parse error"


def test_semgrep_timeout_is_exit_3(mixed, capsys, monkeypatch, tmp_path_factory) -> None:
    import frtlint.engine.semgrep as semgrep_engine

    fake = _fake_semgrep(tmp_path_factory.mktemp("bin"), "sleep 30\n")
    monkeypatch.setenv("FRTLINT_SEMGREP", fake)
    monkeypatch.setattr(semgrep_engine, "SEMGREP_TIMEOUT_SECONDS", 1)
    code = main(["check", "--no-cache"])
    assert code == 3
    assert capsys.readouterr().err.strip() == "frtlint: error: Semgrep timed out after 1 s"


def test_semgrep_garbage_output_is_exit_3(mixed, capsys, monkeypatch, tmp_path_factory) -> None:
    fake = _fake_semgrep(tmp_path_factory.mktemp("bin"), "echo not-json\nexit 0\n")
    monkeypatch.setenv("FRTLINT_SEMGREP", fake)
    assert main(["check", "--no-cache"]) == 3
    assert "Semgrep failed (exit 0)" in capsys.readouterr().err


def test_semgrep_is_run_offline() -> None:
    import inspect

    import frtlint.engine.semgrep as semgrep_engine

    source = inspect.getsource(semgrep_engine.run_semgrep)
    for flag in ("--metrics=off", "--disable-version-check"):
        assert flag in source
    assert "--config auto" not in source
