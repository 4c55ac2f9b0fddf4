"""How `Project` links a call to the project functions it may reach."""

from __future__ import annotations

from typing import Dict, List

from frtlint.analysis.extract import extract
from frtlint.analysis.project import FunctionKey, Project
from frtlint.catalog import build_catalog


def _project(files: Dict[str, str]) -> Project:
    catalog = build_catalog({})
    return Project([extract(path, text.encode(), catalog) for path, text in files.items()], catalog)


def _targets(project: Project, path: str, function: str) -> List[List[FunctionKey]]:
    module = next(m for m in project.modules if m.path == path)
    facts = next(f for f in module.functions if f.qualname == function)
    return [list(project.targets.get(id(call), ())) for call in facts.calls]


def test_an_imported_function_is_found_by_the_end_of_its_module_name() -> None:
    project = _project({
        "src/app/faces.py": "def enrol(img):\n    return img\n",
        "src/other/faces.py": "def enrol(img):\n    return None\n",
        "src/app/views.py": "from app.faces import enrol\n\ndef upload(img):\n    enrol(img)\n",
    })
    assert _targets(project, "src/app/views.py", "upload") == [[("src/app/faces.py", "enrol")]]


def test_an_import_through_an_outer_package_finds_the_inner_module() -> None:
    project = _project({
        "app/faces.py": "def enrol(img):\n    return img\n",
        "app/views.py": "from pkg.app.faces import enrol\n\ndef upload(img):\n    enrol(img)\n",
    })
    assert _targets(project, "app/views.py", "upload") == [[("app/faces.py", "enrol")]]


def test_a_method_and_a_function_defined_twice_are_each_reached_once_per_definition() -> None:
    project = _project({
        "door.py": (
            "def unlock():\n    pass\n\n\ndef unlock():  # redefined: both definitions count\n    pass\n\n"
            "class Door:\n    def open(self):\n        pass\n\n    def ring(self):\n        self.open()\n        unlock()\n"
        ),
    })
    assert _targets(project, "door.py", "Door.ring") == [[("door.py", "Door.open")], [("door.py", "unlock"), ("door.py", "unlock")]]
