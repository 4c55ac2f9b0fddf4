"""FRT402, FRT601 and FRT602 beyond one snippet: options, other modules, evidence, messages."""

from __future__ import annotations

from pathlib import Path

import pytest

from frtlint.cli import main

from conftest import lint_code, lint_tree

PAY = (
    "from deepface import DeepFace\n\n"
    "def pay(claim, img, ref):\n"
    "    if DeepFace.verify(img, ref)['verified']:\n"
    "        grant_housing(claim.user)\n"
)


def test_frt402_message_and_evidence(tmp_path: Path) -> None:
    code = "from deepface import DeepFace\n\ndef pay(claim, img, ref):\n    if DeepFace.verify(img, ref)['verified']:\n        disburse_pension(claim.user)\n"
    [finding] = lint_code(code, ["FRT402"], tmp_path)
    assert (finding.rule, finding.line, finding.column) == ("FRT402", 5, 9)
    assert finding.message == (
        "disburse_pension() is a matter of significant personal interest decided by face verification alone; "
        "let the face only assist a manual review (staff check, review queue) (Draft Art. 12)"
    )
    assert [(e.line, e.note) for e in finding.evidence] == [(4, "face match decided here")]


def _cli(capsys, root: Path, config: str) -> tuple:
    (root / "pyproject.toml").write_text("[tool.frtlint]\nselect = ['FRT402']\n\n" + config, encoding="utf-8")
    (root / "pay.py").write_text(PAY, encoding="utf-8")
    code = main(["check", "--no-cache", "--engine", "libcst", "--output-format", "concise"])
    out, err = capsys.readouterr()
    return code, [line.split(" ", 2)[:2] for line in out.splitlines() if ": FRT402 " in line], err


def test_frt402_operations_and_reviews_options(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    monkeypatch.chdir(tmp_path)
    assert _cli(capsys, tmp_path, "")[:2] == (0, [])  # `grant_housing` is not in the shipped vocabulary
    code, found, _ = _cli(capsys, tmp_path, "[tool.frtlint.rules.FRT402]\noperations = ['grant_housing']\n")
    assert (code, found) == (1, [["pay.py:5:9:", "FRT402"]])
    (tmp_path / "pay.py").write_text(PAY.replace("    if DeepFace", "    officer_sign_off(claim)\n    if DeepFace"), encoding="utf-8")
    config = "[tool.frtlint.rules.FRT402]\noperations = ['grant_housing']\nreviews = ['officer_sign_off']\n"
    (tmp_path / "pyproject.toml").write_text("[tool.frtlint]\nselect = ['FRT402']\n\n" + config, encoding="utf-8")
    assert main(["check", "--no-cache", "--engine", "libcst"]) == 0


def test_frt402_bad_option_is_one_line_exit_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    monkeypatch.chdir(tmp_path)
    code, _, err = _cli(capsys, tmp_path, "[tool.frtlint.rules.FRT402]\noperations = 'grant_housing'\n")
    assert code == 2
    assert err.count("\n") == 1 and "Traceback" not in err
    assert "[tool.frtlint.rules.FRT402] 'operations' must be a list of function names" in err


def test_frt602_identification_in_another_module_points_back_at_the_stream(tmp_path: Path) -> None:
    files = {
        "app/faces.py": "from deepface import DeepFace\n\ndef identify(frame):\n    return DeepFace.find(frame, db_path='watchlist')\n",
        "app/stream.py": (
            "import cv2\nfrom app.faces import identify\n\ndef loop():\n"
            "    cap = cv2.VideoCapture('rtsp://10.0.0.5/hall')\n    ok, frame = cap.read()\n    identify(frame)\n"
        ),
    }
    result = lint_tree(files, tmp_path, select=("FRT602",))
    [finding] = result.active
    assert (finding.rule, Path(finding.path).name, finding.line, finding.column) == ("FRT602", "faces.py", 4, 12)
    assert [(Path(e.path or "").name, e.line, e.column, e.note) for e in finding.evidence] == [
        ("stream.py", 5, 11, "network video source")
    ]
    assert finding.message.startswith("find() runs 1:N face identification on network video (CCTV/RTSP/NVR)")


def test_frt602_stream_module_without_a_link_to_the_identification_is_clean(tmp_path: Path) -> None:
    files = {
        "faces.py": "from deepface import DeepFace\n\ndef identify(upload):\n    return DeepFace.find(upload, db_path='members')\n",
        "preview.py": "import cv2\n\ndef show():\n    cap = cv2.VideoCapture('rtsp://10.0.0.5/hall')\n    cv2.imshow('hall', cap.read()[1])\n",
    }
    assert lint_tree(files, tmp_path, select=("FRT602",)).active == []


def test_frt601_message_names_device_and_place(tmp_path: Path) -> None:
    [finding] = lint_code("import cv2\n\nCamera(id='cam-07', location='3F Changing Room')\n", ["FRT601"], tmp_path)
    assert (finding.line, finding.column) == (3, 1)
    assert finding.message == (
        "'Camera' bound to a private place ('changing room'): no camera or recognition device may be installed there "
        "(Draft Art. 6; Measures Art. 13)"
    )


def test_frt601_one_finding_per_line_for_nested_bindings(tmp_path: Path) -> None:
    code = "import cv2\n\nregistry.register(dict(camera_id='c1', room='restroom'))\n"
    found = [(f.rule, f.line, f.column) for f in lint_code(code, ["FRT601"], tmp_path)]
    assert found == [("FRT601", 3, 1)]
