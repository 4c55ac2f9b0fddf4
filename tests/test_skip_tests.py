"""`Rule.skip_tests`: which rules ignore test files, and that the engine honours it."""

from __future__ import annotations

from pathlib import Path

from frtlint.analysis.extract import extract
from frtlint.analysis.project import Project
from frtlint.analysis.project_views import WithoutTests
from frtlint.catalog import build_catalog
from frtlint.checks import all_rules
from frtlint.engine.runner import Engine

from conftest import settings_for

UPLOAD = "import boto3\n\nrek = boto3.client('rekognition')\n\ndef find(img):\n    return rek.search_faces_by_image(Image={'Bytes': img})\n"
ANALYSE = "from deepface import DeepFace\n\ndef f(img):\n    return DeepFace.analyze(img, actions=['race'])\n"


def test_the_rules_about_production_code_declare_that_they_skip_tests() -> None:
    assert [r.id for r in all_rules() if r.skip_tests] == ["FRT104", "FRT201", "FRT402", "FRT601", "FRT602"]


def test_the_engine_leaves_test_files_out_only_for_rules_that_skip_them(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    for folder in ("app", "tests"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "upload.py").write_text(UPLOAD)
        (tmp_path / folder / "analyse.py").write_text(ANALYSE)
    result = Engine(settings_for(tmp_path, ["FRT104", "FRT301"]), use_cache=False, jobs=1).run(["."])
    assert [(f.rule, f.path, f.line, f.column) for f in result.active] == [
        ("FRT301", "app/analyse.py", 4, 12),
        ("FRT104", "app/upload.py", 6, 12),
        ("FRT301", "tests/analyse.py", 4, 12),
    ]


def test_the_view_without_tests_keeps_the_whole_projects_indexes() -> None:
    catalog = build_catalog({})
    app = extract("app/faces.py", b"def enrol(img):\n    return img\n", catalog)
    test = extract("tests/test_faces.py", b"from app.faces import enrol\n\ndef test_enrol():\n    enrol(1)\n", catalog)
    project = Project([app, test], catalog)
    view = WithoutTests(project)
    assert [m.path for m in view.modules] == ["app/faces.py"]
    assert (view.functions, view.targets) == (project.functions, project.targets)
    assert [m.path for m in project.modules] == ["app/faces.py", "tests/test_faces.py"]


def test_an_analysis_first_asked_through_the_view_still_covers_test_modules() -> None:
    catalog = build_catalog({})
    app = extract("app/faces.py", b"def enrol(img):\n    return img\n", catalog)
    test = extract("tests/test_faces.py", b"from app.faces import enrol\n\ndef test_enrol():\n    enrol(1)\n", catalog)
    project = Project([app, test], catalog)
    seen = WithoutTests(project).shared("paths", lambda whole: [m.path for m in whole.modules])
    assert seen == ["app/faces.py", "tests/test_faces.py"]
    assert project.shared("paths", lambda whole: []) is seen  # built once, whoever asks next
