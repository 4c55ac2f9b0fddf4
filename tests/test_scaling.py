"""The shortcuts that keep large runs fast and small give the answers of the slow way."""

from __future__ import annotations

import ast
import gc
import random
from pathlib import Path
from typing import List

from frtlint.analysis.compact import Sharing, compact
from frtlint.analysis.extract import extract
from frtlint.analysis.facts import NO_DETAILS
from frtlint.analysis.positions import _ast_walk
from frtlint.analysis.project import FunctionKey, Project, _NearestIndex
from frtlint.catalog import build_catalog
from frtlint.engine.collector import fewer_collections

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
_LEAVES = (ast.expr_context, ast.operator, ast.boolop, ast.unaryop, ast.cmpop)


def test_ast_walk_meets_the_nodes_of_ast_walk_in_its_order() -> None:
    for path in sorted(FIXTURES.rglob("*.py")):
        tree = ast.parse(path.read_bytes())
        expected = [n for n in ast.walk(tree) if not isinstance(n, _LEAVES)]
        found = list(_ast_walk(tree))
        assert len(found) == len(expected), path
        assert all(a is b for a, b in zip(found, expected)), path


def _nearest_by_scan(path: str, candidates: List[FunctionKey]) -> List[FunctionKey]:
    """The slow way: score every candidate by the leading folders it shares with `path`."""
    if len(candidates) <= 1 or not path:
        return candidates
    folder = path.split("/")[:-1]

    def shared(key: FunctionKey) -> int:
        count = 0
        for a, b in zip(folder, key[0].split("/")[:-1]):
            if a != b:
                break
            count += 1
        return count

    best = max(shared(k) for k in candidates)
    return [k for k in candidates if shared(k) == best]


def test_nearest_index_answers_like_a_scan() -> None:
    rng = random.Random(7)
    folders = ["", "app/", "app/doors/", "app/doors/lobby/", "svc/", "svc/enrol/", "app/enrol/"]
    candidates = [(f"{rng.choice(folders)}m{i}.py", "enrol") for i in range(60)]
    index = _NearestIndex(candidates)
    for folder in folders + ["other/", "app/doors/garage/", "svc/enrol/deep/"]:
        path = f"{folder}caller.py"
        assert index.nearest(path) == _nearest_by_scan(path, candidates), path
    assert index.nearest("") == candidates
    assert _NearestIndex(candidates[:1]).nearest("app/x.py") == candidates[:1]


def test_compact_shares_equal_pieces_and_keeps_their_values() -> None:
    catalog = build_catalog({})
    source = (
        "import face_recognition\n\n"
        "def a(img):\n    if consent(img):\n        face_recognition.face_encodings(img, model='small')\n\n"
        "def b(img):\n    if consent(img):\n        face_recognition.face_encodings(img, model='small')\n"
    ).encode()
    first = extract("one.py", source, catalog)
    second = extract("two.py", source, catalog)
    before = [(c.arg_words, c.guards, c.callee, c.literals) for f in second.functions for c in f.calls]
    sharing = Sharing()
    compact(first, sharing)
    compact(second, sharing)
    after = [(c.arg_words, c.guards, c.callee, c.literals) for f in second.functions for c in f.calls]
    assert after == before
    calls = [c for m in (first, second) for f in m.functions for c in f.calls if c.api]
    assert len(calls) == 4
    assert all(c.arg_words is calls[0].arg_words for c in calls)
    assert calls[0].name_args == (("0", "img"),) and all(c.name_args is calls[0].name_args for c in calls)
    # Same condition on the same line in both files: one atom (a guard records its line).
    assert calls[0].guards[0] is calls[2].guards[0] and calls[1].guards[0] is calls[3].guards[0]
    assert calls[0].guards[0] is not calls[1].guards[0]


def test_compact_shares_function_pieces_literals_and_call_details() -> None:
    catalog = build_catalog({})
    source = (
        "import cv2\nimport face_recognition\n\n"
        "class Kiosk:\n"
        "    def enrol(self, img, name):\n"
        "        boxes = face_recognition.face_locations(img)\n"
        "        cv2.imwrite('faces/' + name + '.jpg', img)\n"
        "        log('saved', level=2)\n"
    ).encode()
    first, second = (extract(path, source, catalog) for path in ("a/kiosk.py", "b/kiosk.py"))
    before = [(f.params, f.key_reads, [(c.literals, c.details) for c in f.calls]) for f in second.functions]
    sharing = Sharing()
    compact(first, sharing)
    compact(second, sharing)
    assert [(f.params, f.key_reads, [(c.literals, c.details) for c in f.calls]) for f in second.functions] == before
    one, two = (next(f for f in m.functions if f.name == "enrol") for m in (first, second))
    assert one.params == ("img", "name") and two.params is one.params
    assert two.qualname is one.qualname and two.key_reads is one.key_reads == []
    by_name = {c.name: (c, d) for c, d in zip(one.calls, two.calls)}
    log_one, log_two = by_name["log"]
    assert log_one.literals == {"0": "saved", "level": 2} and log_two.literals is log_one.literals
    api_one, api_two = by_name["face_locations"]
    assert api_one.api is not None and api_one.details is not NO_DETAILS and api_two.details is api_one.details
    assert log_one.details is NO_DETAILS and log_one.api is None and log_one.path_args == ()


def test_a_literal_list_argument_stays_the_calls_own() -> None:
    catalog = build_catalog({})
    source = b"def f():\n    send([1, 2])\n    send([1, 2])\n"
    module = compact(extract("m.py", source, catalog), Sharing())
    first, second = next(f for f in module.functions if f.name == "f").calls
    assert first.literals == second.literals == {"0": [1, 2]}
    assert first.literals is not second.literals


def test_call_details_are_written_through_the_call() -> None:
    call = extract("m.py", b"import os\nos.remove(p)\n", build_catalog({})).functions[0].calls[0]
    assert call.details is NO_DETAILS
    call.with_details(temp_cleaned=True)
    assert call.temp_cleaned and NO_DETAILS.temp_cleaned is False


def test_fewer_collections_restores_the_collector() -> None:
    # A command-line run in this test process may have tuned the collector for good.
    saved, was_frozen = gc.get_threshold(), gc.get_freeze_count() > 0
    gc.unfreeze()
    gc.set_threshold(700, 10, 10)
    try:
        with fewer_collections():
            assert gc.get_threshold()[0] >= 100_000
            assert gc.get_freeze_count() > 0
        assert gc.get_threshold() == (700, 10, 10)
        assert gc.get_freeze_count() == 0
    finally:
        gc.set_threshold(*saved)
        if was_frozen:
            gc.freeze()


def test_a_call_reaching_many_functions_is_one_caller_site_and_equal_target_lists_one_tuple() -> None:
    catalog = build_catalog({})
    files = {f"app/door{i}.py": "class Door:\n    def unlock(self):\n        pass\n" for i in range(3)}
    files["app/kiosk.py"] = "def admit(door, gate):\n    door.unlock()\n    gate.unlock()\n"
    project = Project([extract(path, text.encode(), catalog) for path, text in files.items()], catalog)
    admit = next(f for m in project.modules if m.path == "app/kiosk.py" for f in m.functions if f.name == "admit")
    first, second = admit.calls
    targets = project.targets[id(first)]
    assert sorted(targets) == [(f"app/door{i}.py", "Door.unlock") for i in range(3)]
    assert project.targets[id(second)] is targets
    sites = [site for key in targets for site in project.callers[key] if site.call is first]
    assert len(sites) == 3 and all(site is sites[0] for site in sites)


def test_checking_documents_one_by_one_keeps_no_pieces_of_them(tmp_path: Path) -> None:
    """The language server checks documents for hours: what compact shares lives as long as
    one check, not as long as the process."""
    from frtlint.analysis import compact as compact_module
    from frtlint.config import Settings
    from frtlint.engine.runner import Engine

    def held() -> int:
        return sum(len(table) for table in vars(compact_module._PROCESS_SHARING).values())

    engine = Engine(Settings(root=tmp_path), use_cache=False, jobs=1)
    before = held()
    for n in range(3):
        source = f"import face_recognition\n\ndef enrol_{n}(img_{n}):\n    return face_recognition.face_encodings(img_{n}, model='m{n}')\n"
        assert [f.rule for f in engine.check_source(f"doc_{n}.py", source.encode())] == ["FRT201"]
    assert held() == before


class _CountedContent(bytes):
    """A file's content that counts how many contents are alive at once."""

    alive = 0
    most = 0

    def __new__(cls, data: bytes) -> "_CountedContent":
        made = super().__new__(cls, data)
        cls.alive += 1
        cls.most = max(cls.most, cls.alive)
        return made

    def __del__(self) -> None:
        type(self).alive -= 1


def test_a_run_holds_a_few_sources_at_a_time_not_the_projects(tmp_path: Path, monkeypatch, private_cache_home) -> None:
    from frtlint.config import Settings
    from frtlint.engine import runner

    for n in range(30):
        (tmp_path / f"enrol_{n}.py").write_text(f"import face_recognition\n\ndef enrol_{n}(img):\n    return face_recognition.face_encodings(img)\n")
    (tmp_path / "plain.py").write_text("def add(a, b):\n    return a + b\n")
    real_read = runner.read_source
    monkeypatch.setattr(runner, "read_source", lambda path: _CountedContent(real_read(path)))
    monkeypatch.chdir(tmp_path)
    _CountedContent.alive = _CountedContent.most = 0
    result = runner.Engine(Settings(root=tmp_path, select=["FRT201"]), use_cache=True, jobs=1).run(["."])
    assert sorted(f.path for f in result.findings) == sorted(f"enrol_{n}.py" for n in range(30))
    assert _CountedContent.most <= 3  # plain.py, kept for the caller rounds, and the file at hand


def test_without_a_cache_a_parsed_file_is_read_twice_the_prefilter_and_the_parse(tmp_path: Path, monkeypatch) -> None:
    """No cache key to compute: no read for it (nor a hash of every source)."""
    from collections import Counter

    from frtlint.config import Settings
    from frtlint.engine import runner

    for n in range(3):
        (tmp_path / f"enrol_{n}.py").write_text(f"import face_recognition\n\ndef enrol_{n}(img):\n    return face_recognition.face_encodings(img)\n")
    reads: Counter = Counter()
    real_read = runner.read_source

    def counted(path: Path) -> bytes:
        reads[path.name] += 1
        return real_read(path)

    monkeypatch.setattr(runner, "read_source", counted)
    monkeypatch.chdir(tmp_path)
    result = runner.Engine(Settings(root=tmp_path, select=["FRT201"]), use_cache=False, jobs=1).run(["."])
    assert len(result.findings) == 3
    assert reads == {f"enrol_{n}.py": 2 for n in range(3)}


def test_shared_literal_arguments_keep_their_types() -> None:
    """`1`, `1.0` and `True` are equal in Python; a shared literal dict must not turn one into another."""
    source = b"def f(img):\n    verify(img, 1)\n    verify(img, True)\n    verify(img, 1.0)\n    verify(img, 0)\n    verify(img, False)\n    verify(img, True)\n"
    module = compact(extract("m.py", source, build_catalog({})), Sharing())
    calls = next(f for f in module.functions if f.name == "f").calls
    assert [(type(c.literals["1"]).__name__, c.literals["1"]) for c in calls] == [
        ("int", 1), ("bool", True), ("float", 1.0), ("int", 0), ("bool", False), ("bool", True)
    ]
    assert calls[5].literals is calls[1].literals
