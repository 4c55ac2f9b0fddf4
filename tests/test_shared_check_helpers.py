"""The pieces several rules share (issue 16): each is read by two or more checks, so these
tests pin what every caller relies on."""

from __future__ import annotations

from pathlib import Path
from typing import List, Tuple

from frtlint.catalog import SinkSpec
from frtlint.checks import all_rules
from frtlint.checks.frt001_suppression_without_reason import SuppressionWithoutReason
from frtlint.checks.frt002_unused_suppression import UnusedSuppression
from frtlint.checks.persisted_faces import written_slot
from frtlint.checks.suppression_comments import SuppressionCommentRule
from frtlint.edit.suppressions import plan_edit
from frtlint.model import Finding
from frtlint.report.markdown import table

from conftest import lint_code

TEMPLATE_PASSED_IN = (
    "import pickle, face_recognition\n"
    "\n"
    "def keep(fh, encoding):\n"
    "    pickle.dump(encoding, fh)\n"
    "\n"
    "def enrol(img, fh):\n"
    "    encs = face_recognition.face_encodings(img)\n"
    "    keep(fh, encs)\n"
)

IMAGE_PASSED_IN = (
    "import cv2, face_recognition\n"
    "\n"
    "def keep(picture):\n"
    "    cv2.imwrite('kept.jpg', picture)\n"
    "\n"
    "def enrol(img):\n"
    "    face_recognition.face_locations(img)\n"
    "    keep(img)\n"
)

UNLOCK_ON_MATCH = (
    "import face_recognition as fr\n"
    "\n"
    "def door(known, enc):\n"
    "    if True in fr.compare_faces(known, enc):\n"
    "        unlock()\n"
)


def _where(finding: Finding) -> Tuple[str, int, int, str]:
    return finding.rule, finding.line, finding.column, finding.message


def _evidence(finding: Finding) -> List[Tuple[int, str]]:
    return [(e.line, e.note) for e in finding.evidence]


def test_frt103_names_the_sink_and_the_caller_that_passes_a_template_in(tmp_path: Path) -> None:
    [finding] = lint_code(TEMPLATE_PASSED_IN, ["FRT103"], tmp_path)
    assert _where(finding) == (
        "FRT103", 4, 5, "pickle.dump() stores a face template without encryption (Draft Art. 17; Measures Art. 14)"
    )
    assert _evidence(finding) == [(7, "returned by face_recognition.face_encodings"), (8, "passed in by enrol")]
    assert finding.anchor == "keep|pickle.dump(encoding, fh)"


def test_frt101_names_the_sink_and_the_caller_that_passes_an_image_in(tmp_path: Path) -> None:
    [finding] = lint_code(IMAGE_PASSED_IN, ["FRT101"], tmp_path)
    assert _where(finding) == (
        "FRT101", 4, 5, "cv2.imwrite() keeps a raw face image without anonymisation (Draft Art. 17, 18; Measures Art. 8, 4)"
    )
    assert _evidence(finding) == [(7, "passed to face_recognition.face_locations"), (8, "passed in by enrol")]


def test_frt401_points_at_the_face_match_that_decides_the_grant(tmp_path: Path) -> None:
    [finding] = lint_code(UNLOCK_ON_MATCH, ["FRT401"], tmp_path)
    assert _where(finding)[:3] == ("FRT401", 5, 9)
    assert _evidence(finding) == [(4, "face match decided here")]
    assert finding.anchor == "door|unlock()"


def test_a_sink_writes_the_slots_its_spec_names() -> None:
    spec = SinkSpec(data=(1,), keywords=("obj",), receiver=False)
    assert [written_slot(slot, spec) for slot in ("0", "1", "obj", "file", "receiver")] == [False, True, True, False, False]
    assert written_slot("anything", SinkSpec(keywords=("*",))) is True
    assert written_slot("receiver", SinkSpec(receiver=True)) is True


def test_suppression_comment_rules_apply_everywhere_and_are_not_rules_themselves() -> None:
    assert SuppressionWithoutReason.languages() == UnusedSuppression.languages() == ("all",)
    assert SuppressionCommentRule not in all_rules()
    assert [rule.id for rule in all_rules() if issubclass(rule, SuppressionCommentRule)] == ["FRT001", "FRT002"]


def test_a_report_table_has_translated_headings_cells_and_a_closing_blank_line() -> None:
    headings = {"location": "Location", "rule": "Rule"}
    assert table(headings.__getitem__, ("location", "rule"), [("`a.py:3`", "FRT101"), ("`b.py:9`", "FRT201")]) == [
        "| Location | Rule |",
        "|---|---|",
        "| `a.py:3` | FRT101 |",
        "| `b.py:9` | FRT201 |",
        "",
    ]
    assert table(headings.__getitem__, ("rule",), []) == ["| Rule |", "|---|", ""]


def test_suppressions_skip_lines_past_the_end_in_python_and_text_files(tmp_path: Path) -> None:
    cases = (
        ("a.py", "x = 1\n", "x = 1  # frtlint: ignore[FRT601] reason: reviewed\n"),
        ("a.yaml", "x: 1\n", "# frtlint: ignore[FRT601] reason: reviewed\nx: 1\n"),
    )
    for name, text, expected in cases:
        data, skipped = plan_edit(tmp_path / name, text.encode(), {1: {"FRT601"}, 7: {"FRT601"}}, "reviewed", 88)
        assert (data, skipped) == (expected.encode(), {7: "the line is past the end of the file"})
