"""`frtlint report`: per-article JSON and inventory on fixture apps, zh-CN, audit trail, PIPIA."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any, Dict, List, Tuple

import pytest

from frtlint.catalog import load_articles
from frtlint.checks import all_rules
from frtlint.engine.semgrep import semgrep_executable
from frtlint.findings import Finding
from frtlint.cli import main
from frtlint.report.i18n import language

from conftest import REPO


@pytest.fixture(autouse=True)
def in_repo(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)


def report_json(capsys: pytest.CaptureFixture[str], *args: str) -> Dict[str, Any]:
    assert main(["report", *args, "--engine", "libcst", "-f", "json"]) == 0
    return json.loads(capsys.readouterr().out)


def inventory_rows(report: Dict[str, Any]) -> List[Tuple[Any, ...]]:
    return [
        (Path(e["path"]).name, e["line"], e["column"], e["activity"], e["vendor"], e["data"], e["destination"],
         tuple(e["attributes"]), e["call"])
        for e in report["inventory"]
    ]


def article_rows(report: Dict[str, Any]) -> List[Tuple[Any, ...]]:
    return [
        (a["article"], tuple(a["other_regime"]), a["status"], tuple(a["rules"]),
         tuple((f["rule"], f["line"], f["column"]) for f in a["findings"]))
        for a in report["articles"]
    ]


def draft_rules(number: str) -> Tuple[str, ...]:
    """Rules citing a Draft article, from their own metadata (rules are added over time)."""
    return tuple(rule.id for rule in all_rules() if number in rule.draft_articles)


DRAFT_OTHER = {
    "4": ("4", "10", "11"), "5": ("6",), "6": ("13",), "7": ("13",), "9": ("12",), "10": ("13",), "11": (), "12": (),
    "13": ("7",), "14": ("10",), "15": ("9",), "16": ("15",), "17": ("8", "14"), "18": ("4", "8"), "19": (),
}


def expected_articles(findings: Dict[str, Tuple[Tuple[str, int, int], ...]]) -> List[Tuple[Any, ...]]:
    rows = []
    for number in DRAFT_OTHER:
        rules = draft_rules(number)
        found = findings.get(number, ())
        status = "findings" if found else ("no-finding" if rules else "not-checkable")
        rows.append((number, DRAFT_OTHER[number], status, rules, found))
    return rows


def test_door_lock_inventory_and_articles(capsys: pytest.CaptureFixture[str]) -> None:
    report = report_json(capsys, "fixtures/door_lock_pi/noncompliant")
    assert inventory_rows(report) == [
        ("doorlock.py", 31, 17, "collect", "face_recognition (dlib)", "image", "", (), "face_recognition.load_image_file"),
        ("doorlock.py", 32, 17, "analyse", "face_recognition (dlib)", "template", "", (), "face_recognition.face_encodings"),
        ("doorlock.py", 38, 9, "store", "", "template", "pickle.dump()", (), "pickle.dump"),
        ("doorlock.py", 62, 21, "analyse", "face_recognition (dlib)", "response", "", (), "face_recognition.face_locations"),
        ("doorlock.py", 65, 25, "analyse", "face_recognition (dlib)", "template", "", (), "face_recognition.face_encodings"),
        ("doorlock.py", 67, 27, "analyse", "face_recognition (dlib)", "response", "", (), "face_recognition.compare_faces"),
        ("doorlock.py", 74, 17, "store", "", "image", "snapshots/*-*.jpg", (), "cv2.imwrite"),
        ("doorlock.py", 76, 17, "store", "", "image", "snapshots/*-*-face.jpg", (), "cv2.imwrite"),
        ("doorlock.py", 78, 17, "send", "", "image", "192.168.1.50:8123", (), "requests.post"),
    ]
    frt401 = (("FRT401", 72, 21),)
    storing = (("FRT101", 74, 17), ("FRT101", 76, 17), ("FRT104", 78, 17))
    assert article_rows(report) == expected_articles({
        "4": frt401, "9": frt401, "14": frt401,
        "5": (("FRT201", 32, 17), ("FRT201", 65, 25), ("FRT201", 67, 27)),
        "17": (("FRT103", 38, 9), ("FRT101", 74, 17), ("FRT101", 76, 17), ("FRT104", 78, 17), ("FRT501", 78, 17)),
        "18": storing,
        "19": (("FRT502", 67, 27), ("FRT503", 67, 27)),
    })
    assert report["summary"] == {
        "files": 2, "findings": 11, "suppressed": 0, "inventory": 9,
        "articles": {"findings": 7, "suppressed-only": 0, "no-finding": 7, "not-checkable": 1},
    }
    art4 = report["articles"][0]
    assert (art4["topic"], art4["asks"]) == (load_articles()["draft"]["4"]["topic"], load_articles()["draft"]["4"]["plain"])
    assert art4["findings"] == [{
        "rule": "FRT401", "path": "fixtures/door_lock_pi/noncompliant/doorlock.py", "line": 72, "column": 21,
        "severity": "error",
        "message": "relay.unlock() grants access on a face match alone; "
                   "offer a non-face way (PIN, card, password, staff) to the same grant",
        "code": "relay.unlock()  # expect: FRT401",
    }]


def test_rekognition_inventory_and_articles(capsys: pytest.CaptureFixture[str]) -> None:
    report = report_json(capsys, "fixtures/rekognition_service/noncompliant")
    assert inventory_rows(report) == [
        ("faces.py", 33, 16, "collect", "AWS Rekognition", "image", "", (), "rekognition.index_faces"),
        ("faces.py", 33, 16, "send", "AWS Rekognition", "image", "AWS Rekognition cloud service", (), "rekognition.index_faces"),
        ("faces.py", 39, 5, "store", "", "image", "S3 bucket ARCHIVE_BUCKET", (), "s3.put_object"),
        ("faces.py", 44, 16, "analyse", "AWS Rekognition", "response", "", (), "rekognition.search_faces_by_image"),
        ("faces.py", 44, 16, "send", "AWS Rekognition", "image", "AWS Rekognition cloud service", (), "rekognition.search_faces_by_image"),
    ]
    leaving = (("FRT104", 33, 16), ("FRT101", 39, 5), ("FRT104", 44, 16))
    assert article_rows(report) == expected_articles({
        "5": (("FRT201", 33, 16), ("FRT201", 44, 16)),
        "17": leaving,
        "18": leaving,
        "19": (("FRT502", 44, 16),),
    })


def test_inventory_is_produced_for_clean_code(capsys: pytest.CaptureFixture[str]) -> None:
    report = report_json(capsys, "fixtures/door_lock_pi/compliant")
    assert report["summary"]["findings"] == 0
    assert [(r[1], r[3], r[5], r[8]) for r in inventory_rows(report)] == [
        (34, "collect", "image", "face_recognition.load_image_file"),
        (35, "analyse", "template", "face_recognition.face_encodings"),
        (64, "analyse", "response", "face_recognition.face_landmarks"),
        (87, "analyse", "response", "face_recognition.face_locations"),
        (88, "analyse", "template", "face_recognition.face_encodings"),
        (89, "analyse", "response", "face_recognition.compare_faces"),
    ]
    assert {a["status"] for a in report["articles"]} == {"no-finding", "not-checkable"}


def test_inventory_lists_inferred_attributes(capsys: pytest.CaptureFixture[str]) -> None:
    report = report_json(capsys, "fixtures/deepface_analytics/noncompliant")
    assert [(r[1], r[5], r[7]) for r in inventory_rows(report) if r[3] == "analyse"] == [
        (24, "attributes", ("age", "gender", "race")),
        (30, "attributes", ("emotion", "age", "gender", "race")),  # the library default
        (35, "response", ()),
        (42, "image", ()),
    ]


def test_measures_regime_lists_measures_articles_with_draft_numbers(capsys: pytest.CaptureFixture[str]) -> None:
    report = report_json(capsys, "fixtures/rekognition_service/noncompliant", "--regime", "measures-2025")
    rows = {a["article"]: (tuple(a["other_regime"]), a["topic"], a["status"]) for a in report["articles"]}
    assert list(rows) == ["4", "5", "6", "7", "8", "9", "10", "11", "12", "13", "14", "15", ""]
    assert rows["8"] == (("17", "18"), "local storage and retention", "findings")
    assert rows["6"] == (("5",), "consent", "findings")
    assert rows["5"] == ((), "notice", "not-checkable")
    assert rows["15"] == (("16",), "filing", "not-checkable")
    # FRT502 cites only Draft Art. 19: its finding is listed apart, not dropped.
    uncited = report["articles"][-1]
    assert (uncited["other_regime"], uncited["rules"], uncited["status"]) == (["19"], ["FRT502"], "findings")
    assert [(f["rule"], f["line"], f["column"]) for f in uncited["findings"]] == [("FRT502", 44, 16)]
    assert sum(report["summary"]["articles"].values()) == 12
    eight = next(a for a in report["articles"] if a["article"] == "8")
    assert [(f["rule"], f["line"]) for f in eight["findings"]] == [("FRT104", 33), ("FRT101", 39), ("FRT104", 44)]
    assert eight["findings"][0]["message"] == (
        "index_faces() sends the face to a cloud service with no separate-consent check for the transfer"
    )


def test_zh_cn_report(capsys: pytest.CaptureFixture[str]) -> None:
    report = report_json(capsys, "fixtures/rekognition_service/noncompliant", "--lang", "zh-CN")
    assert report["lang"] == "zh-CN"
    five = report["articles"][1]
    assert (five["article"], five["topic"]) == ("5", "单独同意")
    assert five["asks"] == "处理人脸信息前须取得个人的单独同意（法律要求时取得书面同意）。"
    assert [f["message"] for f in five["findings"]] == [
        "rekognition.index_faces 在未检查单独同意的情况下录入人脸",
        "rekognition.search_faces_by_image 在未检查单独同意的情况下识别人脸身份",
    ]
    seventeen = next(a for a in report["articles"] if a["article"] == "17")
    assert [f["message"] for f in seventeen["findings"]] == [
        "index_faces() 将人脸发送至云服务，传输前未检查单独同意",
        "s3.put_object() 未经匿名化保存原始人脸图像",
        "search_faces_by_image() 将人脸发送至云服务，传输前未检查单独同意",
    ]
    nineteen = next(a for a in report["articles"] if a["article"] == "19")
    assert [f["message"] for f in nineteen["findings"]] == [
        "search_faces_by_image() 以 FaceMatchThreshold=60 比对人脸，比文档默认值 80 更宽松"
    ]
    assert main(["report", "fixtures/rekognition_service/noncompliant", "--engine", "libcst", "-f", "markdown", "--lang", "zh-CN"]) == 0
    markdown = capsys.readouterr().out.splitlines()
    assert markdown[:3] == ["# 人脸识别合规报告", "", "《人脸识别技术应用安全管理规定（试行）（征求意见稿）》（2023）"]
    assert "### 征求意见稿第5条 — 单独同意 (办法第6条)" in markdown
    assert "状态: **存在问题** · 相关规则: FRT201" in markdown
    row = "| `fixtures/rekognition_service/noncompliant/faces.py:39` | 存储 | s3.put_object | 图像 | S3 bucket ARCHIVE_BUCKET | — |"
    assert row in markdown
    assert "### 征求意见稿第16条 — 备案 (办法第15条)" in markdown
    assert "本条无法通过代码检查，请人工评估。" in markdown


def test_every_shipped_message_has_a_zh_cn_pattern(capsys: pytest.CaptureFixture[str]) -> None:
    """No fixture finding falls back to the English text in a zh-CN report."""
    apps = sorted(str(p.relative_to(REPO)) for p in (REPO / "fixtures").glob("*/noncompliant"))
    report = report_json(capsys, *apps, "--lang", "zh-CN")
    messages = {f["message"] for a in report["articles"] for f in a["findings"]}
    assert len(messages) >= 30
    summaries = language("zh-CN").rule_summaries.values()
    assert [m for m in messages if any(m.startswith(summary + "（") for summary in summaries)] == []


def test_check_accepts_lang(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["check", "fixtures/door_lock_pi/noncompliant/relay.py", "fixtures/door_lock_pi/noncompliant/doorlock.py",
                 "--engine", "libcst", "--select", "FRT103", "--lang", "zh-CN", "-f", "json"])
    assert code == 1
    findings = json.loads(capsys.readouterr().out)
    findings = findings if isinstance(findings, list) else findings.get("findings", findings)
    assert [(f["rule"], f["line"], f["message"]) for f in findings] == [
        ("FRT103", 38, "pickle.dump() 未加密存储人脸特征模板（征求意见稿第17条；办法第14条）")
    ]


def test_pipia_skeleton(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", "fixtures/rekognition_service/noncompliant", "--engine", "libcst", "--pipia"]) == 0
    text = capsys.readouterr().out
    headings = [line for line in text.splitlines() if line.startswith("#")]
    assert headings == [
        "# Personal information protection impact assessment (draft)",
        "## 1. Purpose and necessity",
        "## 2. Legal and ethical compliance",
        "## 3. Accuracy, precision and distance",
        "## 4. Face data processed",
        "## 5. Risks of leak, tampering, loss, damage, illegal acquisition or use",
        "## 6. Impact on individuals' rights and mitigations",
        "## 7. Protection proportionate to the risks",
        "## 8. Retention and review",
        "## 9. Open findings from the code check",
    ]
    assert "- SDKs and vendors used: AWS Rekognition" in text
    assert "- `fixtures/rekognition_service/noncompliant/faces.py:39` store image → `S3 bucket ARCHIVE_BUCKET`" in text
    assert "- `fixtures/rekognition_service/noncompliant/faces.py:33` send image → `AWS Rekognition cloud service`" in text
    assert text.rstrip().endswith("- FRT101: 1\n- FRT104: 2\n- FRT201: 2\n- FRT502: 1")


APP = "fixtures/door_lock_pi/noncompliant"


@pytest.mark.parametrize("argv, message", [
    ([APP, "--pipia", "-f", "json"], "frtlint: error: --pipia writes Markdown: leave out --format or use --format markdown"),
    ([APP, "--lang", "fr"], "frtlint: error: argument --lang: invalid choice: 'fr' (choose from 'en', 'zh-CN')"),
    (["-"], "frtlint: error: report reads files and folders, not standard input ('-')"),
    ([APP, "-o", "fixtures"], "frtlint: error: fixtures: is a directory"),
])
def test_bad_options_are_one_line_errors(capsys: pytest.CaptureFixture[str], argv: List[str], message: str) -> None:
    assert main(["report", *argv, "--engine", "libcst"]) == 2
    assert capsys.readouterr().err == message + "\n"


def _git(cwd: Path, *args: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "Wu Reviewer", "GIT_AUTHOR_EMAIL": "wu@example.org",
           "GIT_COMMITTER_NAME": "Wu Reviewer", "GIT_COMMITTER_EMAIL": "wu@example.org",
           "GIT_AUTHOR_DATE": "2026-03-04T10:00:00+00:00", "GIT_COMMITTER_DATE": "2026-03-04T10:00:00+00:00",
           "GIT_CONFIG_NOSYSTEM": "1", "HOME": str(cwd)}
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, env=env)


SUPPRESSED_APP = '''import face_recognition


def encode(path):
    image = face_recognition.load_image_file(path)
    # frtlint: ignore[FRT201] reason: consent is recorded at the kiosk before this job runs
    return face_recognition.face_encodings(image)
'''


@pytest.mark.parametrize("state", ["committed", "uncommitted", "no-git"])
def test_suppressions_are_listed_with_reason_and_blame(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], state: str
) -> None:
    source = tmp_path / "enrol.py"
    source.write_text(SUPPRESSED_APP.replace("    # frtlint", "    # no suppression yet" if state == "uncommitted" else "    # frtlint"))
    if state != "no-git":
        _git(tmp_path, "init", "-q")
        _git(tmp_path, "add", "enrol.py")
        _git(tmp_path, "commit", "-q", "-m", "enrol")
    source.write_text(SUPPRESSED_APP, encoding="utf-8")
    committed = state == "committed"
    monkeypatch.chdir(tmp_path)
    report = report_json(capsys, ".")
    five = next(a for a in report["articles"] if a["article"] == "5")
    assert five["status"] == "suppressed-only"
    assert five["findings"] == []
    assert five["suppressions"] == [{
        "rule": "FRT201", "path": "enrol.py", "line": 7, "column": 12, "comment_line": 6,
        "reason": "consent is recorded at the kiosk before this job runs",
        "author": "Wu Reviewer" if committed else None, "date": "2026-03-04" if committed else None,
        "message": "face_recognition.face_encodings computes a face template with no separate-consent check on the way",
    }]
    assert report["summary"]["articles"]["suppressed-only"] == 1


@pytest.mark.skipif(semgrep_executable() is None, reason="semgrep is not installed")
def test_inventory_of_other_languages_comes_from_semgrep_findings(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", "fixtures/faceapi_login_web/noncompliant", "--engine", "all", "-f", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert [(Path(e["path"]).name, e["line"], e["activity"], e["vendor"], e["data"], e["engine"]) for e in report["inventory"]] == [
        ("login.js", 43, "analyse", "face-api.js", "image", "semgrep"),
        ("login.js", 49, "log", "", "response", "semgrep"),
        ("login.js", 50, "store", "", "template", "semgrep"),
        ("login.js", 51, "store", "", "image", "semgrep"),
        ("login.js", 55, "send", "", "image", "semgrep"),
        ("app.js", 21, "analyse", "AWS Rekognition", "image", "semgrep"),
        ("app.js", 21, "analyse", "AWS Rekognition", "template", "semgrep"),
        ("app.js", 25, "store", "", "image", "semgrep"),
        ("app.js", 32, "analyse", "", "response", "semgrep"),
        ("app.js", 41, "store", "", "image", "semgrep"),
        ("app.js", 42, "analyse", "AWS Rekognition", "image", "semgrep"),
    ]
    assert report["inventory"][0]["call"] == (
        "const result = await faceapi.detectSingleFace(canvas, options).withFaceLandmarks().withFaceDescriptor(); // expect: FRT2"
    )


@pytest.mark.parametrize("english, chinese", [
    ("the project processes face data but has no impact assessment (PIPIA) record at 'docs/pipia*.md'; "
     "write one (frtlint report --pipia starts it) or set impact-assessment to where it is",
     "项目处理人脸数据，但在“docs/pipia*.md”处没有个人信息保护影响评估记录；请编写一份（可用 frtlint report --pipia 起草），"
     "或将 impact-assessment 设置为其所在位置"),
    ("the impact assessment record 'docs/pipia.md' was last committed on 2022-01-01, 900 days ago (more than 365): "
     "review it and record the review",
     "影响评估记录“docs/pipia.md”最后一次更新于 2022-01-01，已过去 900 天（超过 365 天）：请复核并记录复核结果"),
    ("a message no pattern knows {call}", "处理人脸数据但缺少或过期的影响评估记录（a message no pattern knows {call}）"),
])
def test_zh_cn_message_catalog(english: str, chinese: str) -> None:
    finding = Finding("FRT901", "p.py", 1, 1, 1, 1, f"{english} (Draft Art. 15; Measures Art. 9)", "warning",
                      draft_articles=("15",), measures_articles=("9",))
    assert language("zh-CN").message(finding, "measures-2025") == chinese
    assert language("en").message(finding, "draft-2023") == english


def test_explain_in_chinese_translates_the_title_and_the_articles(capsys) -> None:
    from frtlint.cli import main

    assert main(["explain", "FRT201", "--lang", "zh-CN"]) == 0
    page = capsys.readouterr().out.splitlines()
    assert page[:3] == ["# FRT201 recogniser-without-consent：人脸识别前未检查单独同意", "", "严重程度：error"]
    assert page[4] == "## 相关条款"
    assert page[6] == "- 征求意见稿（2023）第5条（单独同意）：处理人脸信息前须取得个人的单独同意（法律要求时取得书面同意）。"
    assert page[7] == "- 办法（2025）第6条（同意）：处理人脸信息前取得个人知情、可撤回的单独同意。"
    assert "## 规则文档（英文原文）" in page
    assert main(["explain", "FRT201", "--lang", "fr"]) == 2
    assert capsys.readouterr().err == "frtlint: error: unknown language 'fr' (choose from en, zh-CN)\n"


def test_code_excerpts_count_lines_as_the_engine_does(tmp_path: Path) -> None:
    """A form feed or U+2028 does not end a line for Python, and a coding line picks the
    encoding: the excerpt shows the line the finding points at."""
    from frtlint.report.articles import CodeLines

    source = tmp_path / "app.py"
    source.write_bytes(b"\xef\xbb\xbfx = 1  # \x0c page\ny = '\xe2\x80\xa8'\nz = 3\n")
    latin = tmp_path / "latin.py"
    latin.write_bytes(b"# -*- coding: latin-1 -*-\nname = '\xe9'\n")
    code = CodeLines()
    assert [code(str(source), n) for n in (1, 2, 3, 4)] == ["x = 1  # \x0c page", "y = '\u2028'", "z = 3", ""]
    assert code(str(latin), 2) == "name = '\u00e9'"
    assert code(str(tmp_path / "missing.py"), 1) == ""
