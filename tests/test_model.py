"""The shared types (`frtlint.model`) and the findings the run-level rules build themselves."""

from __future__ import annotations

import json

from frtlint.analysis.facts import ModuleFacts, Suppression
from frtlint.checks.frt000_file_not_analysed import FileNotAnalysed
from frtlint.checks.frt001_suppression_without_reason import SuppressionWithoutReason
from frtlint.checks.frt002_unused_suppression import UnusedSuppression
from frtlint.checks.frt104_face_data_leaves_device import FaceDataLeavesDevice
from frtlint.model import Finding, articles_in
from frtlint.terminal.source_lines import split_lines


def _finding(**fields: object) -> Finding:
    return Finding(**{"rule": "FRT104", "path": "a.py", "line": 3, "column": 5, "end_line": 3, "end_column": 9,
                      "message": "m", "severity": "warning", **fields})  # type: ignore[arg-type]


def test_a_finding_carries_its_rule_name_into_json() -> None:
    finding = _finding(name="face-data-leaves-device", draft_articles=("17", "18"), measures_articles=("8",))
    document = json.loads(json.dumps(finding.to_json()))
    assert (document["rule"], document["name"], document["articles"]) == (
        "FRT104", "face-data-leaves-device", {"draft": ["17", "18"], "measures": ["8"]}
    )


def test_articles_in_picks_the_regimes_numbers_of_a_finding_or_a_rule() -> None:
    finding = _finding(draft_articles=("17", "18"), measures_articles=("8",))
    assert (articles_in(finding, "draft-2023"), articles_in(finding, "measures-2025")) == (("17", "18"), ("8",))
    assert articles_in(FaceDataLeavesDevice, "measures-2025") == ("8",)


def test_source_lines_number_as_an_editor_does() -> None:
    assert split_lines("") == [""]
    assert split_lines("a\nb") == ["a", "b"]
    assert split_lines("a\r\nb\rc\n") == ["a", "b", "c", ""]
    assert split_lines("a\x0cb\u2028c\n") == ["a\x0cb\u2028c", ""]


def test_the_run_level_rules_build_their_own_findings() -> None:
    module = ModuleFacts(path="app.py", module="app", is_test=False)
    module.lines = {4: "x = 1  # frtlint: ignore[FRT9] reason: old"}
    unknown = Suppression(line=4, comment_line=4, column=8, rules=("FRT9",), reason="old", style="frtlint")
    typo = UnusedSuppression.unknown_rules(module, unknown, ["FRT9"])
    assert (typo.rule, typo.name, typo.line, typo.column, typo.message, typo.anchor) == (
        "FRT002", "unused-suppression", 4, 8, "suppression names unknown rule FRT9 (see `frtlint rules`)",
        "|FRT9|x = 1  # frtlint: ignore[FRT9] reason: old|unknown",
    )
    bare = Suppression(line=4, comment_line=4, column=8, rules=("FRT301",), reason=None, style="frtlint")
    assert UnusedSuppression.unused(module, bare).message == "suppression for FRT301 matches no finding on line 4"
    assert SuppressionWithoutReason.without_reason(module, bare).message == "suppression comment gives no reason (add `reason: ...`)"
    broken = FileNotAnalysed.not_parsed_by_semgrep("App.java", 3, 22, "Syntax error")
    assert (broken.rule, broken.name, broken.engine, broken.message, broken.anchor) == (
        "FRT000", "file-not-analysed", "semgrep", "cannot analyse file: syntax error at line 3 (Semgrep)", "semgrep-error|Syntax error",
    )
    unreadable = FileNotAnalysed.unreadable("big.py", "file", "larger than 5 MB")
    assert (unreadable.line, unreadable.column, unreadable.message) == (1, 1, "cannot read file: larger than 5 MB")
