"""Engine behaviour: cache, prefilter, discovery, suppressions, cross-file call graph."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import List

from frtlint.cli import main
from frtlint.engine.runner import Engine

from conftest import lint_tree, settings_for

FACE = "from deepface import DeepFace\n\ndef f(img):\n    return DeepFace.analyze(img)\n"
PLAIN = "def add(a, b):\n    return a + b\n"


def _engine(root: Path, **kw) -> Engine:
    return Engine(settings_for(root, ["FRT3"]), **kw)


def test_second_run_reuses_cache_and_one_change_reparses_one_file(tmp_path, monkeypatch, private_cache_home) -> None:
    monkeypatch.chdir(tmp_path)
    for name in ("a.py", "b.py", "c.py"):
        (tmp_path / name).write_text(FACE)
    first = _engine(tmp_path, jobs=1).run(["."])
    assert (first.parsed, first.cache_hits) == (3, 0)
    assert not (tmp_path / ".frtlint_cache").exists()  # the cache lives outside the project
    cache_files = [p for p in private_cache_home.rglob("*.json") if p.parent.name != "runs"]
    assert len(cache_files) == 3
    assert len(list(private_cache_home.rglob("runs/*.json"))) == 1  # the whole run, too
    second = _engine(tmp_path, jobs=1).run(["."])
    assert (second.parsed, second.cache_hits) == (0, 3)
    assert [f.fingerprint for f in second.active] == [f.fingerprint for f in first.active]
    (tmp_path / "b.py").write_text(FACE.replace("analyze(img)", "analyze(img, actions=['age'])"))
    third = _engine(tmp_path, jobs=1).run(["."])
    assert (third.parsed, third.cache_hits) == (1, 2)
    assert sorted(f.path for f in third.active) == ["a.py", "c.py"]


def test_no_cache_writes_nothing(tmp_path, monkeypatch, private_cache_home) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.py").write_text(FACE)
    _engine(tmp_path, use_cache=False, jobs=1).run(["."])
    assert not (tmp_path / ".frtlint_cache").exists()
    assert list(private_cache_home.iterdir()) == []


def test_cache_is_keyed_by_catalog(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.py").write_text("def f(x):\n    return my_embed(x)\n")
    assert _engine(tmp_path, jobs=1).run(["."]).parsed == 0  # prefilter: no face vocabulary
    settings = settings_for(tmp_path, ["FRT2"], catalog={"apis": {"my_embed": "embed"}})
    result = Engine(settings, jobs=1).run(["."])
    assert result.parsed == 1
    assert [(f.rule, f.line) for f in result.active] == [("FRT201", 2)]


def test_a_check_frees_the_facts_and_the_report_keeps_them(tmp_path, monkeypatch) -> None:
    """The facts are a large run's largest data: a check drops them before the report is
    written; `frtlint report` asks for them (its inventory reads them)."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "face.py").write_text(FACE)
    checked = _engine(tmp_path, use_cache=False, jobs=1).run(["."])
    assert [f.rule for f in checked.findings] == ["FRT301"] and checked.modules == []
    kept = _engine(tmp_path, use_cache=False, jobs=1, keep_facts=True).run(["."])
    assert [m.path for m in kept.modules] == ["face.py"]
    assert [f.fingerprint for f in kept.findings] == [f.fingerprint for f in checked.findings]


def test_prefilter_skips_files_without_face_code(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "face.py").write_text(FACE)
    (tmp_path / "plain.py").write_text(PLAIN)
    result = _engine(tmp_path, use_cache=False, jobs=1).run(["."])
    assert result.parsed == 1
    assert len(result.files) == 2


def test_parallel_run_matches_serial(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    for index in range(12):
        (tmp_path / f"m{index}.py").write_text(FACE)
    serial = _engine(tmp_path, use_cache=False, jobs=1).run(["."])
    parallel = _engine(tmp_path, use_cache=False, jobs=2).run(["."])
    assert [(f.path, f.line, f.fingerprint) for f in serial.active] == [(f.path, f.line, f.fingerprint) for f in parallel.active]
    assert len(serial.active) == 12


def test_discovery_skips_venvs_node_modules_and_gitignored(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    subprocess.run(["git", "init", "-q"], check=True)
    (tmp_path / ".gitignore").write_text("generated/\n")
    for folder in (".venv/lib", "node_modules/x", "build", "generated", "src"):
        (tmp_path / folder).mkdir(parents=True)
        (tmp_path / folder / "m.py").write_text(FACE)
    result = _engine(tmp_path, use_cache=False, jobs=1).run(["."])
    assert [f.display for f in result.files] == ["src/m.py"]


def test_discovery_skips_folders_tagged_as_caches_below_the_named_one(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    for folder in ("src", "src/.cache/frtlint", "outputs"):
        (tmp_path / folder).mkdir(parents=True, exist_ok=True)
    (tmp_path / "src" / "m.py").write_text(FACE)
    (tmp_path / "src" / ".cache" / "frtlint" / "CACHEDIR.TAG").write_text("Signature: 8a477f597d28d172789f06886806bc55\n")
    (tmp_path / "src" / ".cache" / "frtlint" / "entry.json").write_text("{not json")
    (tmp_path / "src" / ".cache" / "frtlint" / "stale.py").write_text(FACE)
    assert [f.display for f in _engine(tmp_path, use_cache=False, jobs=1).run(["."]).files] == ["src/m.py"]
    # Named on the command line, a tagged folder is checked like any other.
    named = _engine(tmp_path, use_cache=False, jobs=1).run(["src/.cache/frtlint"]).files
    assert sorted(f.display for f in named) == ["src/.cache/frtlint/entry.json", "src/.cache/frtlint/stale.py"]


def test_suppressions_reason_unused_and_noqa(tmp_path, monkeypatch, capsys) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pyproject.toml").write_text("[tool.frtlint]\nselect = ['FRT0', 'FRT3']\n")
    (tmp_path / "s.py").write_text(
        "from deepface import DeepFace\n"
        "a = DeepFace.analyze(x)  # frtlint: ignore[FRT301] reason: statutory basis, ticket 12\n"
        "# frtlint: ignore[FRT301] reason: approved by DPO\n"
        "b = DeepFace.analyze(y)\n"
        "c = DeepFace.analyze(z)  # frtlint: ignore[FRT301]\n"
        "d = DeepFace.analyze(w)  # noqa: FRT301\n"
        "e = 1  # frtlint: ignore[FRT301] reason: stale\n"
        "f = DeepFace.analyze(v)  # noqa: E501\n"
    )
    code = main(["check", "--no-cache", "-q", "--format", "json"])
    import json

    document = json.loads(capsys.readouterr().out)
    active = [(f["rule"], f["line"], f["column"]) for f in document["findings"]]
    assert active == [("FRT001", 5, 26), ("FRT002", 7, 8), ("FRT301", 8, 5)]
    suppressed = {f["line"]: f["suppression_reason"] for f in document["suppressed"]}
    assert suppressed == {2: "statutory basis, ticket 12", 4: "approved by DPO", 5: "(no reason given)", 6: "noqa"}
    assert code == 1


def test_unused_suppression_for_a_rule_that_did_not_run_is_not_reported(tmp_path) -> None:
    result = lint_tree({"s.py": "x = 1  # frtlint: ignore[FRT101] reason: old\n"}, tmp_path, ["FRT3", "FRT0"])
    assert result.active == []


CONSENT_HELPER = "import face_recognition\n\ndef encode(img):\n    return face_recognition.face_encodings(img)\n"


def test_cross_module_helper_clean_when_every_caller_checks_consent(tmp_path, monkeypatch) -> None:
    files = {
        "app/faces.py": CONSENT_HELPER,
        "app/routes.py": (
            "from app.faces import encode\n\n"
            "def enrol(user, img):\n    if not user.face_consent:\n        return None\n    return encode(img)\n\n"
            "def verify(user, img):\n    require_consent(user)\n    return encode(img)\n"
        ),
        "tests/test_faces.py": "from app.faces import encode\n\ndef test_it():\n    encode(None)\n",
    }
    result = lint_tree(files, tmp_path, ["FRT2"], monkeypatch)
    assert result.active == []


def test_cross_module_helper_flagged_when_one_caller_does_not(tmp_path, monkeypatch) -> None:
    files = {
        "app/faces.py": CONSENT_HELPER,
        "app/routes.py": (
            "from app.faces import encode\n\n"
            "def enrol(user, img):\n    if not user.face_consent:\n        return None\n    return encode(img)\n\n"
            "def kiosk(img):\n    return encode(img)\n"
        ),
    }
    result = lint_tree(files, tmp_path, ["FRT2"], monkeypatch)
    [finding] = result.active
    assert (finding.rule, finding.path, finding.line, finding.column) == ("FRT201", "app/faces.py", 4, 12)
    assert finding.evidence[0].line == 9
    assert "kiosk" in finding.evidence[0].note


def test_flask_route_with_consent_decorator_guards_its_callees(tmp_path, monkeypatch) -> None:
    files = {
        "svc/faces.py": CONSENT_HELPER,
        "svc/web.py": (
            "from flask import Flask, request\nfrom svc import faces\n\napp = Flask(__name__)\n\n"
            "@app.route('/enrol', methods=['POST'])\n@consent_required\ndef enrol():\n"
            "    return str(faces.encode(request.files['photo']))\n"
        ),
    }
    assert lint_tree(files, tmp_path, ["FRT2"], monkeypatch).active == []
    files["svc/web.py"] = files["svc/web.py"].replace("@consent_required\n", "@login_required\n")
    result = lint_tree(files, tmp_path, ["FRT2"], monkeypatch)
    assert [(f.rule, f.path, f.line) for f in result.active] == [("FRT201", "svc/faces.py", 4)]


def test_callers_in_files_without_face_imports_are_found(tmp_path, monkeypatch) -> None:
    """The prefilter must not hide the callers that guard a face helper."""
    files = {
        "pkg/vision.py": CONSENT_HELPER,
        "pkg/api.py": "from pkg.vision import encode\n\ndef handler(user, img):\n    if user.consent_given:\n        return encode(img)\n",
    }
    result = lint_tree(files, tmp_path, ["FRT2"], monkeypatch)
    assert result.active == []
    assert result.parsed == 2


def test_fingerprint_survives_inserted_lines(tmp_path, monkeypatch) -> None:
    first = lint_tree({"a.py": FACE}, tmp_path, ["FRT3"], monkeypatch)
    second = lint_tree({"a.py": "import os\n\n\n" + FACE}, tmp_path, ["FRT3"], monkeypatch)
    assert first.active[0].line + 3 == second.active[0].line
    assert first.active[0].fingerprint == second.active[0].fingerprint


def test_comment_mentioning_a_directive_is_not_one(tmp_path) -> None:
    code = (
        "from deepface import DeepFace\n"
        "# see the docs for `# frtlint: ignore` and `# noqa` usage\n"
        "a = DeepFace.analyze(x)  # type: ignore  # frtlint: ignore[FRT301] reason: approved\n"
        "b = DeepFace.analyze(y)  # keep `# frtlint: ignore[FRT301]` out of prose\n"
    )
    result = lint_tree({"c.py": code}, tmp_path, ["FRT0", "FRT3"])
    assert [(f.rule, f.line) for f in result.active] == [("FRT301", 4)]
    assert [f.line for f in result.suppressed] == [3]


def test_named_file_sees_its_callers_in_the_rest_of_the_project(tmp_path, monkeypatch) -> None:
    """pre-commit passes only staged files; consent checked by an unstaged caller still counts."""
    files = {
        "pyproject.toml": "[tool.frtlint]\nselect = ['FRT2']\n",
        "app/faces.py": CONSENT_HELPER,
        "app/routes.py": "from app.faces import encode\n\ndef enrol(user, img):\n    if not user.face_consent:\n        return None\n    return encode(img)\n",
    }
    for relative, code in files.items():
        (tmp_path / relative).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / relative).write_text(code)
    monkeypatch.chdir(tmp_path)
    from frtlint.config import load_settings

    result = Engine(load_settings(), use_cache=False, jobs=1).run(["app/faces.py"])
    assert result.active == []
    assert [f.display for f in result.files] == ["app/faces.py"]
    (tmp_path / "app/routes.py").write_text(files["app/routes.py"] + "\ndef kiosk(img):\n    return encode(img)\n")
    result = Engine(load_settings(), use_cache=False, jobs=1).run(["app/faces.py"])
    assert [(f.rule, f.path, f.line) for f in result.active] == [("FRT201", "app/faces.py", 4)]


def _after_a_check(extra: List[str], expression: str) -> str:
    """`expression` evaluated in a fresh interpreter after `frtlint check .` (with `extra`
    options) ran in the current folder: what that run loaded."""
    import sys

    options = repr(["check", ".", "-q", *extra, "--fail-on", "never"])
    script = f"import sys\nfrom frtlint.cli import main\nmain({options})\nprint({expression})\n"
    completed = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    return completed.stdout.splitlines()[-1]


def test_warm_run_does_not_import_libcst(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.py").write_text(FACE)
    assert _after_a_check([], "'libcst' in sys.modules") == "True"  # cold
    assert _after_a_check([], "'libcst' in sys.modules") == "False"  # warm


def test_a_check_does_not_load_the_report_command(tmp_path, monkeypatch) -> None:
    """The compliance report's builders and renderers cost every start-up they are loaded in."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.py").write_text(FACE)
    loaded = _after_a_check(["--no-cache"], "sorted(m for m in sys.modules if m.startswith(('frtlint.report.', 'frtlint.cli_report')))")
    assert loaded == "['frtlint.cli_report', 'frtlint.report.i18n']"


def test_long_method_chains_cost_at_most_the_square_of_their_length(tmp_path, monkeypatch) -> None:
    """A 40-link builder chain once took exponential time in name resolution, and then
    cubic. Each call in a chain resolves its receiver chain once, so the work, counted
    as resolver calls, may grow with the square of the chain, no faster."""
    from frtlint.analysis.resolver import Resolver

    calls = {"n": 0}
    for method in ("qualify", "type_of"):
        original = getattr(Resolver, method)

        def counted(self, *args, _original=original, **kwargs):
            calls["n"] += 1
            return _original(self, *args, **kwargs)

        monkeypatch.setattr(Resolver, method, counted)

    def resolver_calls(links: int) -> int:
        calls["n"] = 0
        chain = "(self.feed('data')" + "".join(f".conv({i}, name='c{i}')" for i in range(links)) + ")"
        lint_tree({"net.py": f"import cv2\n\nclass Net:\n    def setup(self):\n        {chain}\n"}, tmp_path, ["FRT"])
        return calls["n"]

    short, long = resolver_calls(20), resolver_calls(80)
    assert long <= 16 * short  # 4x the links: 16x the work at most (cubic would be 64x)


def test_consent_two_calls_up_in_a_file_without_face_imports(tmp_path, monkeypatch) -> None:
    files = {
        "face.py": "import face_recognition\n\ndef embed(img):\n    return face_recognition.face_encodings(img)\n\ndef process_image(img):\n    return embed(img)\n",
        "routes.py": "from face import process_image\n\ndef register_face(user, img):\n    if not user.face_consent:\n        return None\n    return process_image(img)\n",
    }
    assert lint_tree(files, tmp_path, ["FRT2"], monkeypatch).active == []


def test_recursion_is_not_a_consent_check(tmp_path, monkeypatch) -> None:
    files = {
        "kiosk.py": (
            "import face_recognition\n\ndef encode(img):\n    return face_recognition.face_encodings(img)\n\n"
            "def kiosk_loop(camera):\n    ok, frame = camera.read()\n    encode(frame)\n    kiosk_loop(camera)\n"
        ),
        "train.py": (
            "import cv2\nimport numpy as np\n\ndef train(faces, ids):\n    recognizer = cv2.face.LBPHFaceRecognizer_create()\n"
            "    recognizer.train(faces, np.array(ids))\n"
        ),
    }
    result = lint_tree(files, tmp_path, ["FRT201"], monkeypatch)
    assert sorted((f.path, f.line, f.column) for f in result.active) == [("kiosk.py", 4, 12), ("train.py", 6, 5)]


def test_semgrep_prefilter_is_per_kind_of_file() -> None:
    from frtlint.catalog import build_catalog
    from frtlint.engine.prefilter import build_other_language_prefilter

    catalog = build_catalog()
    code = build_other_language_prefilter(catalog)
    config = build_other_language_prefilter(catalog, config=True)
    assert not code.search(b"const ua = navigator.userAgent; // detect the device, keep the interface")
    assert code.search(b"const det = await faceapi.detectSingleFace(video)")
    assert code.search(b"FaceDetection.getClient(options)")
    assert config.search(b"devices:\n  - location: 2F restroom\n")
    assert not code.search(b"devices:\n  - location: 2F restroom\n")


def test_parallel_caller_rounds_reuse_one_pool_and_match_serial(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    for index in range(10):
        (tmp_path / f"face{index}.py").write_text(
            "import cv2\nfrom deepface import DeepFace\n\n"
            f"def keep_{index}(frame):\n    DeepFace.verify(frame, 'staff.jpg')\n    cv2.imwrite('f.jpg', frame)\n"
        )
        # No face words: found only in the second round, as a caller of keep_N.
        (tmp_path / f"door{index}.py").write_text(f"from face{index} import keep_{index}\n\ndef open_door(x):\n    keep_{index}(x)\n")
    serial_engine = Engine(settings_for(tmp_path, ["FRT"]), use_cache=False, jobs=1)
    serial = serial_engine.run(["."])
    engine = Engine(settings_for(tmp_path, ["FRT"]), use_cache=False, jobs=2)
    parallel = engine.run(["."])
    assert serial.parsed == parallel.parsed == 20
    assert engine._workers is None  # shut down after collecting
    expected = [(f.rule, f.path, f.line, f.column, f.fingerprint) for f in serial.findings]
    assert expected and [(f.rule, f.path, f.line, f.column, f.fingerprint) for f in parallel.findings] == expected


def test_discovery_paths_from_another_folder_excludes_and_symlinked_files(tmp_path, monkeypatch) -> None:
    project = tmp_path / "proj"
    for folder in ("app/doors", "app/legacy", "vendor"):
        (project / folder).mkdir(parents=True)
    (project / "app/doors/lock.py").write_text(FACE)
    (project / "app/legacy/old.py").write_text(FACE)
    (project / "vendor/lib.py").write_text(FACE)
    (project / "app/shared.py").symlink_to(project / "vendor/lib.py")
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    settings = settings_for(project, ["FRT3"], extend_exclude=["app/legacy", "vendor"])
    result = Engine(settings, use_cache=False, jobs=1).run(["../proj"])
    # Outside the current folder: paths relative with `..`; a symlinked file is judged
    # as its target (excluded here, with the vendor folder).
    assert [f.display for f in result.files] == ["../proj/app/doors/lock.py"]
    assert [(f.path, f.line) for f in result.active] == [("../proj/app/doors/lock.py", 4)]
    settings = settings_for(project, ["FRT3"], extend_exclude=["app/legacy"])
    result = Engine(settings, use_cache=False, jobs=1).run(["../proj"])
    assert [f.display for f in result.files] == ["../proj/app/doors/lock.py", "../proj/vendor/lib.py"]


def test_folder_patterns_with_a_trailing_slash_match_at_any_depth(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    for folder in ("src/build", "src/app/tests", "src/app"):
        (tmp_path / folder).mkdir(parents=True, exist_ok=True)
        (tmp_path / folder / "m.py").write_text(FACE)
    settings = settings_for(tmp_path, ["FRT3"], extend_exclude=["build/"], per_file_ignores={"tests/": ["FRT301"]})
    assert settings.is_excluded("src/build/m.py") and not settings.is_excluded("src/app/m.py")
    assert settings.ignored_for("src/app/tests/m.py") == ["FRT301"] and settings.ignored_for("src/app/m.py") == []
    result = Engine(settings, use_cache=False, jobs=1).run(["."])
    assert [f.display for f in result.files] == ["src/app/m.py", "src/app/tests/m.py"]
    assert [f.path for f in result.active] == ["src/app/m.py"]
