"""`--fix`: each fix parses, removes its finding, and changes nothing the second time."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import List, Sequence

import libcst as cst
import pytest

from frtlint.catalog import build_catalog
from frtlint.cli import main
from frtlint.fixes.edits import FixRequest, fix_source

from conftest import lint_code

DF = "from deepface import DeepFace\n\n"
FR = "import face_recognition\n\n"
RQ = "import requests\n\n"
AIP = "from aip import AipFace\nclient = AipFace('a', 'b', 'c')\n\n"


def _fix(code: str, rule: str, tmp_path: Path, unsafe: bool = False) -> str:
    findings = [f for f in lint_code(code, [rule], tmp_path) if f.rule == rule]
    assert findings, f"no {rule} finding to fix in:\n{code}"
    requests = [FixRequest(f.rule, (f.line, f.column)) for f in findings]
    fixed, _ = fix_source(code.encode("utf-8"), requests, build_catalog(), unsafe)
    return fixed.decode("utf-8")


CASES = [
    ("FRT301", DF + "r = DeepFace.analyze(img, actions=['age', 'race', 'emotion'])\n",
     DF + "r = DeepFace.analyze(img, actions=['age', 'emotion'])\n"),
    ("FRT301", DF + "r = DeepFace.analyze(img)\n",
     DF + 'r = DeepFace.analyze(img, actions=["emotion", "age", "gender"])\n'),
    ("FRT301", DF + "r = DeepFace.analyze(img, ('race', 'age'))\n",
     DF + "r = DeepFace.analyze(img, ('age',))\n"),
    ("FRT301", DF + "r = DeepFace.analyze(\n    img,\n    actions=[\n        'age',\n        'race',\n    ],\n)\n",
     DF + "r = DeepFace.analyze(\n    img,\n    actions=[\n        'age'\n    ],\n)\n"),
    ("FRT301", RQ + "def f(img, key):\n    return requests.post('https://api-cn.faceplusplus.com/facepp/v3/detect', "
     "data={'api_key': key, 'return_attributes': 'gender,age,ethnicity,skinstatus'}, files={'image_file': img})\n",
     RQ + "def f(img, key):\n    return requests.post('https://api-cn.faceplusplus.com/facepp/v3/detect', "
     "data={'api_key': key, 'return_attributes': 'gender,age'}, files={'image_file': img})\n"),
    ("FRT301", AIP + "r = client.detect(img, 'BASE64', {'face_field': 'age,race,beauty'})\n",
     AIP + "r = client.detect(img, 'BASE64', {'face_field': 'age,beauty'})\n"),
    ("FRT501", RQ + "def f(img):\n    return requests.post('http://api-cn.faceplusplus.com/facepp/v3/detect', files={'image_file': img}, data={'return_attributes': 'age'})\n",
     RQ + "def f(img):\n    return requests.post('https://api-cn.faceplusplus.com/facepp/v3/detect', files={'image_file': img}, data={'return_attributes': 'age'})\n"),
    ("FRT501", RQ + "def f(img):\n    return requests.post('HTTP://api-cn.faceplusplus.com' '/facepp/v3/detect', files={'image_file': img})\n",
     RQ + "def f(img):\n    return requests.post('https://api-cn.faceplusplus.com' '/facepp/v3/detect', files={'image_file': img})\n"),
]


@pytest.mark.parametrize("rule, code, expected", CASES, ids=lambda v: v if isinstance(v, str) and v.startswith("FRT") else "")
def test_fix_output_parses_removes_the_finding_and_is_idempotent(rule: str, code: str, expected: str, tmp_path: Path) -> None:
    fixed = _fix(code, rule, tmp_path)
    assert fixed == expected
    cst.parse_module(fixed)
    assert [f for f in lint_code(fixed, [rule], tmp_path) if f.rule == rule] == []
    again, applied = fix_source(fixed.encode("utf-8"), [FixRequest(rule, (1, 1))], build_catalog())
    assert (again.decode("utf-8"), applied) == (fixed, [])


def test_https_fix_of_an_f_string_at_the_requested_call() -> None:
    code = RQ + "r = requests.post(f'http://{host}/facepp/v3/detect', files={'image_file': img})\n"
    fixed, applied = fix_source(code.encode("utf-8"), [FixRequest("FRT501", (3, 5))], build_catalog())
    assert fixed.decode("utf-8") == code.replace("f'http://", "f'https://")
    assert [(a.rule, a.line, a.column, a.description, a.safe) for a in applied] == [
        ("FRT501", 3, 5, "http:// replaced with https://", True)
    ]
    untouched, none = fix_source(code.encode("utf-8"), [FixRequest("FRT501", (3, 1))], build_catalog())
    assert (untouched, none) == (code.encode("utf-8"), [])  # no call starts at 3:1


def test_tolerance_fix_needs_unsafe(tmp_path: Path) -> None:
    code = FR + "m = face_recognition.compare_faces(known, enc, tolerance=0.75)\n"
    assert _fix(code, "FRT502", tmp_path) == code
    fixed = _fix(code, "FRT502", tmp_path, unsafe=True)
    assert fixed == FR + "m = face_recognition.compare_faces(known, enc, tolerance=0.6)\n"
    assert [f for f in lint_code(fixed, ["FRT502"], tmp_path) if f.rule == "FRT502"] == []


def test_positional_tolerance_fix(tmp_path: Path) -> None:
    code = FR + "m = face_recognition.compare_faces(known, enc, 0.8)\n"
    assert _fix(code, "FRT502", tmp_path, unsafe=True) == FR + "m = face_recognition.compare_faces(known, enc, 0.6)\n"


@pytest.mark.parametrize(
    "rule, code",
    [
        ("FRT301", DF + "r = DeepFace.analyze(img, actions=['race'])\n"),  # nothing would be left to ask for
        ("FRT301", DF + "ACTIONS = ['age', 'race']\nr = DeepFace.analyze(img, actions=ACTIONS)\n"),  # not at the call
        ("FRT501", RQ + "URL = 'http://api-cn.faceplusplus.com/facepp/v3/detect'\n\ndef f(img):\n    return requests.post(URL, files={'image_file': img})\n"),
    ],
)
def test_no_fix_where_it_cannot_be_exact(rule: str, code: str, tmp_path: Path) -> None:
    assert _fix(code, rule, tmp_path) == code


APP = DF + "def f(img):\n    return DeepFace.analyze(img, actions=['age', 'race'])\n"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pyproject.toml").write_text("[tool.frtlint]\nselect = ['FRT3', 'FRT5']\n", encoding="utf-8")
    (tmp_path / "app.py").write_text(APP, encoding="utf-8")
    return tmp_path


def _run(capsys, *args: str) -> List[str]:
    code = main(["check", "--no-cache", "--engine", "libcst", "--output-format", "concise", *args])
    out, err = capsys.readouterr()
    return [str(code), out, err]


def test_diff_prints_and_writes_nothing(project: Path, capsys) -> None:
    before = (project / "app.py").read_bytes()
    code, out, err = _run(capsys, "--diff")
    assert (project / "app.py").read_bytes() == before
    assert out == (
        "--- a/app.py\n+++ b/app.py\n@@ -1,4 +1,4 @@\n from deepface import DeepFace\n \n def f(img):\n"
        "-    return DeepFace.analyze(img, actions=['age', 'race'])\n+    return DeepFace.analyze(img, actions=['age'])\n"
    )
    assert (code, err) == ("1", "frtlint: 1 fix(es) available in 1 file(s)\n")


def test_fix_writes_keeps_permissions_and_reports_what_is_left(project: Path, capsys) -> None:
    os.chmod(project / "app.py", 0o640)
    code, out, err = _run(capsys)
    assert code == "1" and "FRT301" in out
    code, out, err = _run(capsys, "--fix")
    assert (project / "app.py").read_text(encoding="utf-8") == APP.replace("['age', 'race']", "['age']")
    assert stat.S_IMODE(os.stat(project / "app.py").st_mode) == 0o640
    assert err == "frtlint: applied 1 fix(es) in 1 file(s)\n"
    assert code == "0" and out.strip() == "No findings in 1 file(s) checked."
    assert _run(capsys, "--diff")[:3] == ["0", "", "frtlint: 0 fix(es) available in 0 file(s)\n"]


def test_fix_keeps_a_pep263_encoding(project: Path, capsys) -> None:
    text = "# -*- coding: latin-1 -*-\n" + DF + "# caf\u00e9\nr = DeepFace.analyze(img, actions=['race', 'age'])\n"
    (project / "app.py").write_bytes(text.encode("latin-1"))
    _run(capsys, "--fix")
    assert (project / "app.py").read_bytes() == text.replace("['race', 'age']", "['age']").encode("latin-1")


@pytest.mark.parametrize(
    "args, message",
    [
        (("--unsafe-fixes",), "frtlint: error: --unsafe-fixes needs --fix or --diff\n"),
        (("--fix", "-"), "frtlint: error: --fix edits files on disk; it cannot be used with '-' (standard input)\n"),
        (("--diff", "-"), "frtlint: error: --diff edits files on disk; it cannot be used with '-' (standard input)\n"),
    ],
)
def test_fix_usage_errors(project: Path, capsys, monkeypatch, args: Sequence[str], message: str) -> None:
    monkeypatch.setattr("sys.stdin", open(project / "app.py", encoding="utf-8"))
    code, _, err = _run(capsys, *args)
    assert (code, err) == ("2", message)


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links")
def test_symlinked_file_is_not_rewritten(project: Path, tmp_path_factory, capsys) -> None:
    outside = tmp_path_factory.mktemp("outside") / "real.py"
    outside.write_text(APP, encoding="utf-8")
    (project / "app.py").unlink()
    os.symlink(outside, project / "app.py")
    _run(capsys, "--fix")
    assert outside.read_text(encoding="utf-8") == APP
