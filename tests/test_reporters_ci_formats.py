"""CI output formats: GitHub annotations, Markdown job summary, GitLab Code Quality, JUnit."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from frtlint.cli import main
from frtlint.reporters import FORMATS
from frtlint.reporters.github import escape_data, escape_property
from frtlint.reporters.markdown import cell

DEFAULT = "from deepface import DeepFace\n\nresult = DeepFace.analyze(img)\n"
RACE = 'from deepface import DeepFace\n\nresult = DeepFace.analyze(img, actions=["age", "race"])\n'
SUPPRESSED = (
    'from deepface import DeepFace\n\n'
    'result = DeepFace.analyze(img, actions=["race"])  # frtlint: ignore[FRT301] reason: court order 7 <ok>\n'
)
SAFE = 'from deepface import DeepFace\n\nresult = DeepFace.analyze(img, actions=["age"])\n'

MSG_DEFAULT = "DeepFace.analyze infers race from faces (the library default includes it) (Draft Art. 11)"
MSG_RACE = "DeepFace.analyze infers race from faces (Draft Art. 11)"


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pyproject.toml").write_text("[tool.frtlint]\nselect = ['FRT0', 'FRT3']\n")
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "default.py").write_text(DEFAULT)
    (tmp_path / "src" / "race,odd:name.py").write_text(RACE)
    (tmp_path / "src" / "suppressed.py").write_text(SUPPRESSED)
    (tmp_path / "src" / "safe.py").write_text(SAFE)
    return tmp_path


def run(capsys, *args: str):
    code = main(["check", "--no-cache", "--jobs", "1", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_all_ci_formats_are_registered() -> None:
    assert {"sarif", "github", "markdown", "gitlab", "junit"} <= set(FORMATS)


def test_github_annotations(tree: Path, capsys) -> None:
    code, out, _ = run(capsys, "--format", "github", "src")
    assert code == 1
    assert out.splitlines() == [
        "::error file=src/default.py,line=3,col=10,endLine=3,endColumn=31,"
        f"title=FRT301 sensitive-attribute-inference::FRT301 {MSG_DEFAULT}",
        "::error file=src/race%2Codd%3Aname.py,line=3,col=10,endLine=3,endColumn=56,"
        f"title=FRT301 sensitive-attribute-inference::FRT301 {MSG_RACE}",
    ]


def test_github_escaping() -> None:
    assert escape_data("50% done\r\nnext") == "50%25 done%0D%0Anext"
    assert escape_property("a,b:c%\n") == "a%2Cb%3Ac%25%0A"


def test_markdown_job_summary(tree: Path, capsys) -> None:
    code, out, _ = run(capsys, "--format", "markdown", "src")
    assert code == 1
    lines = out.splitlines()
    assert lines[0] == "## frtlint"
    assert "**2 finding(s)**: 2 error(s), 0 warning(s) in 2 file(s); 4 file(s) checked." in lines
    assert "1 finding(s) suppressed with a recorded reason." in lines
    assert (
        "| [FRT301](https://github.com/frtlint/frtlint/blob/main/docs/rules/FRT301.md) "
        "| sensitive-attribute-inference | error | 11 | 2 |"
    ) in lines
    assert "| Art. 11 | sensitive attributes | 2 |" in lines
    assert f"| error | FRT301 | `src/default.py:3:10` | {MSG_DEFAULT} |" in lines
    assert f"| error | FRT301 | `src/race,odd:name.py:3:10` | {MSG_RACE} |" in lines
    assert lines.index("### By rule") < lines.index("### By Draft article") < lines.index("### Findings")


def test_markdown_job_summary_follows_the_regime(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "enrol.py").write_text("import face_recognition\n\ndef enrol(img):\n    return face_recognition.face_encodings(img)\n")
    code, out, _ = run(capsys, "--format", "markdown", "--regime", "measures-2025", "--select", "FRT201", "enrol.py")
    assert code == 1
    lines = out.splitlines()
    assert "| Rule | Name | Severity | Measures articles | Findings |" in lines
    assert (
        "| [FRT201](https://github.com/frtlint/frtlint/blob/main/docs/rules/FRT201.md) "
        "| recogniser-without-consent | error | 6 | 1 |"
    ) in lines
    assert lines.index("### By Measures article") < lines.index("| Art. 6 | consent | 1 |")
    assert "### By Draft article" not in lines


def test_markdown_top_findings_are_capped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    monkeypatch.chdir(tmp_path)
    body = "from deepface import DeepFace\n" + "".join(f"r{i} = DeepFace.analyze(img{i})\n" for i in range(25))
    (tmp_path / "many.py").write_text(body)
    code, out, _ = run(capsys, "--select", "FRT301", "--format", "markdown", "many.py")
    assert code == 1
    rows = [line for line in out.splitlines() if line.startswith("| error | FRT301 |")]
    assert len(rows) == 20
    assert "### Top findings" in out
    assert "… and 5 more (see the full report or the annotations)." in out


def test_markdown_cell_escaping() -> None:
    assert cell("a | b <module>\n c") == "a \\| b &lt;module&gt; c"


def test_markdown_clean_run(tree: Path, capsys) -> None:
    code, out, _ = run(capsys, "--format", "markdown", "src/safe.py")
    assert code == 0
    assert out == "## frtlint\n\nNo findings in 1 file(s) checked.\n"


def test_gitlab_code_quality(tree: Path, capsys) -> None:
    code, out, _ = run(capsys, "--format", "gitlab", "src")
    assert code == 1
    issues = json.loads(out)
    _, json_out, _ = run(capsys, "--format", "json", "src")
    fingerprints = {(f["path"], f["line"]): f["fingerprint"] for f in json.loads(json_out)["findings"]}
    assert [(i["location"]["path"], i["location"]["lines"]) for i in issues] == [
        ("src/default.py", {"begin": 3, "end": 3}),
        ("src/race,odd:name.py", {"begin": 3, "end": 3}),
    ]
    first = issues[0]
    assert first["check_name"] == "FRT301"
    assert first["description"] == f"FRT301 {MSG_DEFAULT}"
    assert first["severity"] == "major"
    assert first["type"] == "issue"
    assert first["fingerprint"] == fingerprints[("src/default.py", 3)]
    assert len({i["fingerprint"] for i in issues}) == 2


def test_junit(tree: Path, capsys) -> None:
    code, out, _ = run(capsys, "--format", "junit", "src")
    assert code == 1
    assert out.startswith('<?xml version="1.0" encoding="UTF-8"?>\n')
    root = ET.fromstring(out)
    assert root.tag == "testsuites"
    assert (root.get("tests"), root.get("failures"), root.get("skipped")) == ("3", "2", "1")
    suites = {s.get("name"): s for s in root.findall("testsuite")}
    assert set(suites) == {"src/default.py", "src/race,odd:name.py", "src/suppressed.py"}
    case, = suites["src/default.py"].findall("testcase")
    assert case.get("name") == "FRT301 sensitive-attribute-inference at line 3, column 10"
    assert (case.get("file"), case.get("line")) == ("src/default.py", "3")
    failure = case.find("failure")
    assert failure.get("type") == "FRT301"
    assert failure.get("message") == f"FRT301 {MSG_DEFAULT}"
    assert failure.text == f"src/default.py:3:10: FRT301 {MSG_DEFAULT}"
    skipped = suites["src/suppressed.py"].find("testcase/skipped")
    assert skipped.get("message") == "suppressed: court order 7 <ok>"


def test_junit_clean_run_is_one_passing_case(tree: Path, capsys) -> None:
    code, out, _ = run(capsys, "--format", "junit", "src/safe.py")
    assert code == 0
    root = ET.fromstring(out)
    cases = root.findall("testsuite/testcase")
    assert len(cases) == 1 and list(cases[0]) == []
    assert root.get("failures") == "0"


def test_also_writes_more_reports_from_the_same_run(tree: Path, capsys) -> None:
    code, out, _ = run(
        capsys, "--format", "github", "--also", "sarif=out/frtlint.sarif", "--also", "markdown=summary.md", "src",
    )
    assert code == 1
    assert out.count("::error ") == 2
    sarif = json.loads((tree / "out" / "frtlint.sarif").read_text(encoding="utf-8"))
    assert len(sarif["runs"][0]["results"]) == 3  # two active, one suppressed
    assert (tree / "summary.md").read_text(encoding="utf-8").startswith("## frtlint\n")
    code, _, err = run(capsys, "--also", "nope=x", "src")
    assert code == 2
    assert "unknown format 'nope'" in err
    code, _, err = run(capsys, "--also", "sarif", "src")
    assert code == 2
    assert "expected FORMAT=FILE" in err
