"""`frtlint check --add-suppressions --reason TEXT`: comments written without
touching anything else (encoding, line endings, indentation), atomically."""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import tokenize
from pathlib import Path
from typing import Dict

import pytest

from frtlint.cli import main
from frtlint.edit import suppressions as writer
from frtlint.edit.suppressions import add_suppressions
from frtlint.findings import Finding

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "fixtures"
REASON = "采用时已评估 ticket FRT-1"  # written into UTF-8 and GBK files alike

GBK_SOURCE = (
    "# -*- coding: gbk -*-\n"
    '"""考勤机: 人脸分析 (GBK 编码的文件)."""\n'
    "from deepface import DeepFace\n"
    "\n"
    "\n"
    "def 分析(图像):\n"
    "\t# 制表符缩进\n"
    "\t结果 = DeepFace.analyze(图像)  # 默认包含种族\n"
    '\treturn 结果, "完成"\n'
)
TRICKY_SOURCE = (
    "from deepface import DeepFace\n"
    "\n"
    "\n"
    "class Report:\n"
    "    def run(self, img):\n"
    '        a = DeepFace.analyze(img, actions=["race"], detector_backend="""opencv\n'
    '""")\n'
    '        b = DeepFace.analyze(img, actions=["race"])  # noqa: E501\n'
    "        return a, b\n"
)


def _findings_json(capsys, *args: str) -> Dict:
    code = main(["check", "--no-cache", "--jobs", "1", "--engine", "libcst", "--format", "json", *args])
    out, _ = capsys.readouterr()
    document = json.loads(out)
    document["exit"] = code
    return document


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "work"
    for app in sorted(FIXTURES.glob("*/noncompliant")):
        shutil.copytree(app, root / app.parent.name, ignore=shutil.ignore_patterns("__pycache__"))
    # A CRLF file: the DeepFace job with Windows line endings.
    job = root / "deepface_analytics" / "job.py"
    job.write_bytes(job.read_bytes().replace(b"\r\n", b"\n").replace(b"\n", b"\r\n"))
    # A PEP 263 file in GBK with tab indentation.
    (root / "gbk_kiosk").mkdir()
    (root / "gbk_kiosk" / "kiosk.py").write_bytes(GBK_SOURCE.encode("gbk"))
    # A UTF-8 file with a BOM, and one whose finding line ends inside a string.
    (root / "bom_app").mkdir()
    (root / "bom_app" / "bom.py").write_bytes(b"\xef\xbb\xbf" + b"from deepface import DeepFace\nr = DeepFace.analyze(img)\n")
    (root / "tricky").mkdir()
    (root / "tricky" / "report.py").write_text(TRICKY_SOURCE, encoding="utf-8")
    monkeypatch.chdir(root)
    return root


def _strip_added(data: bytes, encoding: str) -> bytes:
    reason = re.escape(REASON.encode(encoding))
    own_line = re.compile(rb"^[ \t]*# frtlint: ignore\[[A-Z0-9, ]+\] reason: " + reason + rb"(?:\r\n|\r|\n)", re.M)
    trailing = re.compile(rb"  # frtlint: ignore\[[A-Z0-9, ]+\] reason: " + reason)
    return trailing.sub(b"", own_line.sub(b"", data))


def _encoding(data: bytes) -> str:
    encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    return "utf-8" if encoding == "utf-8-sig" else encoding


def test_add_suppressions_then_check_passes_and_files_are_otherwise_identical(tree: Path, capsys) -> None:
    # Long lines allowed, so every comment can go at the end of its line (placement above
    # the line is tested in test_add_suppressions_placement.py).
    (tree / "ruff.toml").write_text("line-length = 400\n")
    originals = {p: p.read_bytes() for p in sorted(tree.rglob("*.py"))}
    before = _findings_json(capsys, ".")
    assert before["exit"] == 1
    active = before["findings"]
    assert len(active) >= 25
    files_with_findings = {f["path"] for f in active}
    assert {"deepface_analytics/job.py", "gbk_kiosk/kiosk.py", "bom_app/bom.py", "tricky/report.py"} <= files_with_findings
    comment_lines = {(f["path"], f["line"]) for f in active}

    code = main(["check", "--no-cache", "--jobs", "1", "--engine", "libcst", "--add-suppressions", "--reason", REASON, "."])
    out, err = capsys.readouterr()
    assert (code, err) == (0, "")
    assert out == (
        f"frtlint: added {len(comment_lines)} suppression comment(s) for {len(active)} finding(s) "
        f"in {len(files_with_findings)} file(s)\n"
    )

    after = _findings_json(capsys, ".")
    assert after["exit"] == 0
    assert after["findings"] == []
    assert after["summary"]["suppressed"] == len(active) + before["summary"]["suppressed"]
    assert {f["suppression_reason"] for f in after["suppressed"]} == {REASON}
    code = main(["check", "--no-cache", "--jobs", "1", "--engine", "libcst", "."])
    capsys.readouterr()
    assert code == 0

    for path, original in originals.items():
        edited = path.read_bytes()
        relative = path.relative_to(tree).as_posix()
        if relative in files_with_findings:
            assert edited != original, relative
        assert _strip_added(edited, _encoding(original)) == original, relative

    crlf = (tree / "deepface_analytics" / "job.py").read_bytes()
    assert crlf.count(b"\r\n") == crlf.count(b"\n") == originals[tree / "deepface_analytics" / "job.py"].count(b"\n")
    gbk = (tree / "gbk_kiosk" / "kiosk.py").read_bytes()
    text = gbk.decode("gbk")
    assert f"\t结果 = DeepFace.analyze(图像)  # 默认包含种族  # frtlint: ignore[" in text
    assert text.splitlines()[7].endswith(f"] reason: {REASON}")
    assert (tree / "bom_app" / "bom.py").read_bytes().startswith(b"\xef\xbb\xbffrom deepface")
    tricky = (tree / "tricky" / "report.py").read_text(encoding="utf-8").splitlines()
    assert re.fullmatch(r"        # frtlint: ignore\[[A-Z0-9, ]*FRT301[A-Z0-9, ]*\] reason: " + re.escape(REASON), tricky[5])
    assert tricky[6].startswith('        a = DeepFace.analyze(img, actions=["race"], detector_backend="""opencv')
    assert re.search(r"  # noqa: E501  # frtlint: ignore\[[A-Z0-9, ]*FRT301[A-Z0-9, ]*\] reason: ", tricky[8])
    assert not list(tree.rglob("*.frtlint-tmp"))


def _finding(rule: str, line: int, path: str = "m.py") -> Finding:
    return Finding(rule=rule, path=path, line=line, column=1, end_line=line, end_column=2, message="m", severity="error")


@pytest.mark.parametrize(
    "source, findings, expected",
    [
        pytest.param(
            "x = f(img)\n", [("FRT301", 1)],
            "x = f(img)  # frtlint: ignore[FRT301] reason: R\n", id="trailing",
        ),
        pytest.param(
            "x = f(img)   \r\ny = 2\r\n", [("FRT301", 1), ("FRT201", 1)],
            "x = f(img)  # frtlint: ignore[FRT201, FRT301] reason: R   \r\ny = 2\r\n", id="two-rules-crlf-trailing-space",
        ),
        pytest.param(
            "x = f(img)  # noqa: E501\n", [("FRT301", 1)],
            "x = f(img)  # noqa: E501  # frtlint: ignore[FRT301] reason: R\n", id="after-existing-comment",
        ),
        pytest.param(
            "x = f(img)  # frtlint: ignore[FRT201] reason: consent in gateway\n", [("FRT301", 1)],
            "x = f(img)  # frtlint: ignore[FRT201, FRT301] reason: consent in gateway; R\n", id="merge-with-reason",
        ),
        pytest.param(
            "x = f(img)  # frtlint: ignore[FRT201]\n", [("FRT301", 1)],
            "x = f(img)  # frtlint: ignore[FRT201, FRT301] reason: R\n", id="merge-without-reason",
        ),
        pytest.param(
            'def g():\n    x = f(img, note="""a\n    b""")\n', [("FRT301", 2)],
            'def g():\n    # frtlint: ignore[FRT301] reason: R\n    x = f(img, note="""a\n    b""")\n',
            id="line-ends-inside-string",
        ),
        pytest.param(
            "if True:\n\tx = f(img) + \\\n\t\t1\n", [("FRT301", 2)],
            "if True:\n\t# frtlint: ignore[FRT301] reason: R\n\tx = f(img) + \\\n\t\t1\n", id="backslash-continuation",
        ),
        pytest.param(
            "x = 1 + \\\n    f(img)\n", [("FRT301", 2)],
            "x = 1 + \\\n    f(img)  # frtlint: ignore[FRT301] reason: R\n", id="after-continuation",
        ),
        pytest.param(
            "x = f(img)\n\nx = f(img)", [("FRT301", 1), ("FRT301", 3)],
            "x = f(img)  # frtlint: ignore[FRT301] reason: R\n\nx = f(img)  # frtlint: ignore[FRT301] reason: R",
            id="no-final-newline",
        ),
    ],
)
def test_comment_placement(tmp_path: Path, source: str, findings, expected: str) -> None:
    path = tmp_path / "m.py"
    path.write_bytes(source.encode("utf-8"))
    report = add_suppressions([_finding(rule, line) for rule, line in findings], "R", base=tmp_path)
    assert report.skipped == []
    assert path.read_bytes() == expected.encode("utf-8")
    assert report.files == ["m.py"]
    assert report.suppressed == len(findings)


def test_no_place_for_a_comment_is_reported_not_forced(tmp_path: Path) -> None:
    source = 's = """a\n""" + f(img) + """b\n"""\n'
    path = tmp_path / "m.py"
    path.write_text(source, encoding="utf-8")
    report = add_suppressions([_finding("FRT301", 2)], "R", base=tmp_path)
    assert path.read_text(encoding="utf-8") == source
    assert [(s.path, s.line, s.rule) for s in report.skipped] == [("m.py", 2, "FRT301")]
    assert "no place for a comment" in report.skipped[0].why


def test_unsuppressible_findings_are_listed(tmp_path: Path) -> None:
    (tmp_path / "m.py").write_text("x = 1\n")
    (tmp_path / "cams.json").write_text('{"room": "hotel room"}\n')
    report = add_suppressions(
        [_finding("FRT000", 1), _finding("FRT002", 1), _finding("FRT601", 1, "cams.json")], "R", base=tmp_path
    )
    assert [(s.rule, s.path, s.why) for s in report.skipped] == [
        ("FRT000", "m.py", "the file could not be analysed; fix the syntax or encoding error instead"),
        ("FRT002", "m.py", "remove the unused suppression instead"),
        ("FRT601", "cams.json", ".json files have no comments to hold a suppression"),
    ]
    assert (tmp_path / "m.py").read_text() == "x = 1\n"
    assert (tmp_path / "cams.json").read_text() == '{"room": "hotel room"}\n'


def test_reason_cannot_be_encoded(tmp_path: Path) -> None:
    path = tmp_path / "m.py"
    original = "# -*- coding: latin-1 -*-\nx = f('café')\n".encode("latin-1")
    path.write_bytes(original)
    report = add_suppressions([_finding("FRT301", 2)], "原因", base=tmp_path)
    assert path.read_bytes() == original
    assert "cannot be written in the file's encoding (iso-8859-1)" in report.skipped[0].why
    report = add_suppressions([_finding("FRT301", 2)], "raison donnée", base=tmp_path)
    assert report.skipped == []
    assert path.read_bytes() == original.replace(b"')\n", "')  # frtlint: ignore[FRT301] reason: raison donnée\n".encode("latin-1"))


def test_write_is_atomic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "m.py"
    path.write_text("x = f(img)\n")
    path.chmod(0o640)

    def interrupted(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(writer.os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        add_suppressions([_finding("FRT301", 1)], "R", base=tmp_path)
    assert path.read_text() == "x = f(img)\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m.py"]

    def failing_replace(src, dst) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.undo()
    monkeypatch.setattr(writer.os, "replace", failing_replace)
    report = add_suppressions([_finding("FRT301", 1)], "R", base=tmp_path)
    assert path.read_text() == "x = f(img)\n"
    assert [s.why for s in report.skipped] == ["cannot write the file: Permission denied"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m.py"]

    monkeypatch.undo()
    report = add_suppressions([_finding("FRT301", 1)], "R", base=tmp_path)
    assert report.skipped == []
    assert path.read_text() == "x = f(img)  # frtlint: ignore[FRT301] reason: R\n"
    assert (path.stat().st_mode & 0o777) == 0o640


def test_usage_errors(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.py").write_text("x = 1\n")
    for args, message in [
        (["--add-suppressions"], "--add-suppressions needs --reason TEXT (the reason is the audit trail)"),
        (["--add-suppressions", "--reason", "  "], "--add-suppressions needs --reason TEXT (the reason is the audit trail)"),
        (["--add-suppressions", "--reason", "see #12"], "--reason must not contain '#' (it would end the suppression comment)"),
        (["--add-suppressions", "--reason", "a\nb"], "--reason must be one line of text"),
        (["--reason", "why"], "--reason is only used with --add-suppressions"),
    ]:
        code = main(["check", "--no-cache", *args, "a.py"])
        _, err = capsys.readouterr()
        assert (code, err) == (2, f"frtlint: error: {message}\n")
    assert (tmp_path / "a.py").read_text() == "x = 1\n"


def test_suppression_naming_an_unknown_rule_is_reported(tmp_path, monkeypatch, capsys) -> None:
    from frtlint.cli import main

    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.py").write_text(
        "import face_recognition\n"
        "y = face_recognition.face_encodings(img)  # frtlint: ignore[FRT999] reason: legacy\n"
    )
    assert main(["check", "--no-cache", "--output-format", "concise", "--select", "FRT0,FRT2"]) == 1
    lines = [line for line in capsys.readouterr().out.splitlines() if ": FRT" in line]
    assert lines == [
        "a.py:2:5: FRT201 face_recognition.face_encodings computes a face template with no separate-consent check "
        "on the way (Draft Art. 5; Measures Art. 6)",
        "a.py:2:43: FRT002 suppression names unknown rule FRT999 (see `frtlint rules`) (Draft Art. 15; Measures Art. 9)",
    ]
