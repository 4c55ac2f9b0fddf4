"""`frtlint check` on a terminal: the full report, colour, aliases, standard input,
--show-files, --exit-zero, "did you mean", help, progress and -v."""

from __future__ import annotations

import io
import json
import re
import sys
import time
from pathlib import Path

import pytest

from frtlint.cli import main
from frtlint.terminal.color import use_color
from frtlint.terminal.progress import Progress, wants_progress

CONFIG = '[tool.frtlint]\nselect = ["FRT1", "FRT3"]\nper-file-ignores = { "tests/*" = ["FRT301"] }\n'
KEEP = 'import cv2\nimport face_recognition\n\n\ndef keep(img):\n    face_recognition.face_locations(img)\n    cv2.imwrite("x.jpg", img)\n'
MULTI = 'from deepface import DeepFace\n\nresult = DeepFace.analyze(\n    img,\n    actions=[\n        "age",\n        "race",\n    ],\n)\n'
WIDE = 'from deepface import DeepFace\nname = "人脸"; r = DeepFace.analyze(img, actions=["race"])\n'
DEFAULT_ANALYZE = "from deepface import DeepFace\nr = DeepFace.analyze(img)\n"
ANSI = re.compile("\x1b\\[[0-9;]*m")


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    (tmp_path / "pyproject.toml").write_text(CONFIG)
    (tmp_path / "keep.py").write_text(KEEP)
    (tmp_path / "multi.py").write_text(MULTI)
    (tmp_path / "wide.py").write_text(WIDE, encoding="utf-8")
    return tmp_path


def run(capsys, *args: str):
    code = main(["check", "--no-cache", "--jobs", "1", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_full_output_is_the_default_with_source_span_and_evidence(tree, capsys) -> None:
    code, out, err = run(capsys)
    assert (code, err) == (1, "")
    assert out == (
        "keep.py:7:5: FRT101 [error] cv2.imwrite() keeps a raw face image without anonymisation (Draft Art. 17, 18; Measures Art. 8, 4)\n"
        "  |\n"
        '7 |     cv2.imwrite("x.jpg", img)\n'
        "  |     ^^^^^^^^^^^^^^^^^^^^^^^^^ FRT101\n"
        "  |\n"
        "  = evidence: keep.py:6:5: passed to face_recognition.face_locations\n"
        "\n"
        "multi.py:3:10: FRT301 [error] DeepFace.analyze infers race from faces (Draft Art. 11)\n"
        "  |\n"
        "3 | result = DeepFace.analyze(\n"
        "  |          ^^^^^^^^^^^^^^^^^\n"
        "4 |     img,\n"
        "  |     ^^^^\n"
        "5 |     actions=[\n"
        "  |     ^^^^^^^^^\n"
        "...\n"
        "9 | )\n"
        "  | ^ FRT301\n"
        "  |\n"
        "\n"
        "wide.py:2:18: FRT301 [error] DeepFace.analyze infers race from faces (Draft Art. 11)\n"
        "  |\n"
        '2 | name = "人脸"; r = DeepFace.analyze(img, actions=["race"])\n'
        # the two wide characters take two cells each: the marks start under `DeepFace`
        "  |                    ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ FRT301\n"
        "  |\n"
        "\n"
        "Found 3 finding(s) (3 error(s), 0 warning(s)) in 3 file(s); 3 file(s) checked.\n"
    )


def test_concise_and_text_keep_the_one_line_format(tree, capsys) -> None:
    expected = [
        "keep.py:7:5: FRT101 cv2.imwrite() keeps a raw face image without anonymisation (Draft Art. 17, 18; Measures Art. 8, 4)",
        "multi.py:3:10: FRT301 DeepFace.analyze infers race from faces (Draft Art. 11)",
        "wide.py:2:18: FRT301 DeepFace.analyze infers race from faces (Draft Art. 11)",
        "Found 3 finding(s) (3 error(s), 0 warning(s)) in 3 file(s); 3 file(s) checked.",
    ]
    for option in (["--output-format", "concise"], ["--format", "text"], ["-f", "concise"]):
        code, out, _ = run(capsys, *option)
        assert (code, out.splitlines()) == (1, expected), option


def test_output_format_alias_reaches_ci_formats_unchanged(tree, capsys) -> None:
    _, by_alias, _ = run(capsys, "--output-format", "json")
    _, by_format, _ = run(capsys, "--format", "json")
    assert json.loads(by_alias)["findings"] == json.loads(by_format)["findings"]
    assert [f["rule"] for f in json.loads(by_alias)["findings"]] == ["FRT101", "FRT301", "FRT301"]
    code, _, err = run(capsys, "--output-format", "fancy")
    assert code == 2 and err.startswith("frtlint: error: argument --output-format/--format/-f: invalid choice: 'fancy'")


def test_colour_only_when_asked_or_on_a_terminal(tree, capsys, monkeypatch) -> None:
    _, plain, _ = run(capsys)
    assert "\x1b[" not in plain
    _, coloured, _ = run(capsys, "--color", "always")
    assert coloured.startswith("\x1b[1mkeep.py:7:5:\x1b[0m \x1b[1mFRT101\x1b[0m \x1b[1;31m[error]\x1b[0m cv2.imwrite()")
    assert ANSI.sub("", coloured) == plain
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert "\x1b[" in run(capsys)[1]
    assert "\x1b[" not in run(capsys, "--color", "never")[1]
    assert "\x1b[" not in run(capsys, "-f", "json")[1]
    run(capsys, "-o", "report.txt")
    assert "\x1b[" not in (tree / "report.txt").read_text(encoding="utf-8")  # a file is not a terminal


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_colour_decision_follows_no_color_force_color_and_the_stream() -> None:
    terminal, pipe = _Terminal(), io.StringIO()
    assert use_color("auto", terminal, {}) is True
    assert use_color("auto", pipe, {}) is False
    assert use_color("auto", terminal, {"NO_COLOR": "1"}) is False
    assert use_color("auto", pipe, {"FORCE_COLOR": "1"}) is True
    assert use_color("auto", pipe, {"FORCE_COLOR": "1", "NO_COLOR": "1"}) is False
    assert use_color("auto", terminal, {"TERM": "dumb"}) is False
    assert use_color("always", pipe, {"NO_COLOR": "1"}) is True
    assert use_color("never", terminal, {"FORCE_COLOR": "1"}) is False


def test_exit_zero_keeps_the_report_but_not_the_failure(tree, capsys) -> None:
    code, out, _ = run(capsys, "--exit-zero", "-f", "concise", "-q")
    assert code == 0 and len(out.splitlines()) == 3
    assert run(capsys, "--exit-zero", "--select", "FRT11")[0] == 2


def _stdin(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode("utf-8")), encoding="utf-8"))


def test_stdin_is_checked_as_the_named_file_with_its_config(tree, capsys, monkeypatch) -> None:
    _stdin(monkeypatch, DEFAULT_ANALYZE)
    code, out, _ = run(capsys, "-", "--stdin-filename", "app/kiosk.py")
    assert code == 1
    assert out.splitlines()[:4] == [
        "app/kiosk.py:2:5: FRT301 [error] DeepFace.analyze infers race from faces (the library default includes it) (Draft Art. 11)",
        "  |",
        "2 | r = DeepFace.analyze(img)",
        "  |     ^^^^^^^^^^^^^^^^^^^^^ FRT301",
    ]
    assert not (tree / "app").exists()
    _stdin(monkeypatch, DEFAULT_ANALYZE)  # per-file-ignores: tests/* ignores FRT301
    assert run(capsys, "-", "--stdin-filename", "tests/test_kiosk.py") == (0, "No findings in 1 file(s) checked.\n", "")


def test_stdin_finds_the_config_from_the_named_file(tree, capsys, monkeypatch) -> None:
    (tree / "sub").mkdir()
    (tree / "sub" / "pyproject.toml").write_text('[tool.frtlint]\nselect = ["FRT3"]\nignore = ["FRT301"]\n')
    _stdin(monkeypatch, DEFAULT_ANALYZE)
    assert run(capsys, "-", "--stdin-filename", "sub/a.py", "-q") == (0, "", "")
    _stdin(monkeypatch, DEFAULT_ANALYZE)
    assert run(capsys, "-", "--stdin-filename", "a.py", "-q", "-f", "concise")[1].startswith("a.py:2:5: FRT301 ")


def test_stdin_option_mistakes_are_usage_errors(tree, capsys, monkeypatch) -> None:
    _stdin(monkeypatch, DEFAULT_ANALYZE)
    assert run(capsys, "-", "keep.py") == (2, "", "frtlint: error: '-' (standard input) cannot be combined with other paths\n")
    code, _, err = run(capsys, "--stdin-filename", "a.py")
    assert (code, err) == (2, "frtlint: error: --stdin-filename needs the path '-': frtlint check - --stdin-filename NAME\n")
    code, _, err = run(capsys, "-", "--stdin-filename", "app.js")
    assert (code, err) == (2, "frtlint: error: --stdin-filename app.js: only Python source can be checked from standard input\n")


def test_show_files_lists_what_would_be_checked(tree, capsys) -> None:
    (tree / "node_modules").mkdir()
    (tree / "node_modules" / "x.py").write_text(DEFAULT_ANALYZE)
    (tree / "notes.txt").write_text("face")
    (tree / "web").mkdir()
    (tree / "web" / "app.js").write_text("// js\n")
    assert run(capsys, "--show-files") == (0, "keep.py\nmulti.py\nweb/app.js\nwide.py\n", "")
    assert run(capsys, "--show-files", "web") == (0, "web/app.js\n", "")


def test_unknown_rule_ids_and_config_keys_get_a_suggestion(tree, capsys) -> None:
    assert run(capsys, "--select", "FRT11") == (2, "", "frtlint: error: --select: unknown rule 'FRT11' (did you mean FRT101?)\n")
    assert run(capsys, "--ignore", "XYZ") == (2, "", "frtlint: error: --ignore: unknown rule 'XYZ'\n")
    (tree / "pyproject.toml").write_text('[tool.frtlint]\nselct = ["FRT1"]\n')
    code, _, err = run(capsys)
    assert (code, err) == (2, f"frtlint: error: {tree / 'pyproject.toml'}: [tool.frtlint] unknown key 'selct' (did you mean select?)\n")
    (tree / "pyproject.toml").write_text('[tool.frtlint]\nignore = ["FRT3011"]\n')
    code, _, err = run(capsys)
    assert err.endswith("[tool.frtlint] 'ignore' names unknown rule 'FRT3011' (did you mean FRT301?)\n") and code == 2


def test_check_help_has_defaults_exit_codes_and_examples(capsys) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["check", "--help"])
    assert exited.value.code == 0
    out = capsys.readouterr().out
    assert "--output-format FORMAT, --format FORMAT, -f FORMAT" in out
    assert "(default: full)" in out and "(default: auto)" in out
    assert "exit codes:\n  0  no finding at or above --fail-on" in out
    assert "  2  usage or configuration error" in out
    assert "  frtlint check - --stdin-filename app/kiosk.py < app/kiosk.py" in out


def test_verbose_lists_each_file_with_its_time(tree, capsys) -> None:
    (tree / "plain.py").write_text("x = 1\n")
    code, out, err = run(capsys, "-v", "-q")
    assert code == 1 and "frtlint:" not in out
    lines = err.splitlines()
    assert [line.split(": ")[1] for line in lines[:4]] == ["keep.py", "multi.py", "plain.py", "wide.py"]
    for line in (lines[0], lines[1], lines[3]):
        assert re.fullmatch(r"frtlint: \w+\.py: \d+\.\d ms", line), line
    assert lines[2] == "frtlint: plain.py: skipped: names no face API (prefilter)"
    assert re.fullmatch(r"frtlint: 4 file\(s\) in \d+\.\d\ds; 3 parsed, 0 from the cache", lines[4])
    assert len(lines) == 5


def test_verbose_says_why_a_file_was_not_checked(tree, capsys) -> None:
    (tree / "broken.py").write_text("import face_recognition\ndef f(:\n")
    code, out, err = run(capsys, "-v", "-q", "--select", "FRT0,FRT1")
    broken = [line for line in err.splitlines() if line.startswith("frtlint: broken.py:")]
    assert broken == ["frtlint: broken.py: not checked (syntax error: invalid syntax (Draft Art. 15; Measures Art. 9))"]


def test_verbose_says_a_file_was_not_analysed_or_checked_in_part_when_frt000_is_ignored() -> None:
    from frtlint.model import RunResult, SourceFile
    from frtlint.terminal.progress import verbose_lines

    result = RunResult(
        findings=[], files=[SourceFile(Path("a.js"), "a.js", "javascript")], partly_checked=["a.js"],
        unchecked=[SourceFile(Path("bad.py"), "bad.py", "python")], not_analysed={"bad.py"},
    )
    assert verbose_lines(result, {"a.js": (0.1, False)}, 0.1)[:2] == [
        "frtlint: a.js: 100.0 ms; checked in part",
        "frtlint: bad.py: not checked (could not be analysed (FRT000 is ignored))",
    ]


def test_progress_appears_only_after_the_delay_and_is_erased() -> None:
    quick = _Terminal()
    with Progress(quick, delay=0.5) as progress:
        progress.advance(3)
    assert quick.getvalue() == ""
    slow = _Terminal()
    with Progress(slow, delay=0.05) as progress:
        progress.advance(7)
        time.sleep(0.3)
    shown = slow.getvalue()
    assert "\r\x1b[2Kfrtlint: checking... 7 file(s) analysed, 0s" in shown
    assert shown.endswith("\r\x1b[2K")


def test_progress_only_on_a_terminal_outside_ci() -> None:
    assert wants_progress(_Terminal(), {}) is True
    assert wants_progress(_Terminal(), {"CI": "true"}) is False
    assert wants_progress(io.StringIO(), {}) is False


def test_explain_suggests_the_closest_rule(capsys) -> None:
    assert main(["explain", "FRT11"]) == 2
    assert capsys.readouterr().err == "frtlint: error: unknown rule 'FRT11' (did you mean FRT101?) (see `frtlint rules`)\n"
    assert main(["explain", "sensitive-atribute-inference"]) == 2
    assert "(did you mean sensitive-attribute-inference?)" in capsys.readouterr().err


def test_stdin_refuses_options_that_edit_files(tree, capsys, monkeypatch) -> None:
    _stdin(monkeypatch, DEFAULT_ANALYZE)
    code, _, err = run(capsys, "-", "--stdin-filename", "keep.py", "--add-suppressions", "--reason", "x")
    assert (code, err) == (2, "frtlint: error: --add-suppressions edits files on disk; it cannot be used with '-' (standard input)\n")
    assert (tree / "keep.py").read_text() == KEEP


def test_show_settings_prints_what_applies_to_a_file(tmp_path, monkeypatch, capsys) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pyproject.toml").write_text(
        '[tool.frtlint]\nignore = ["FRT5"]\n[tool.frtlint.per-file-ignores]\n"app/legacy*.py" = ["FRT101"]\n'
    )
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "legacy_cam.py").write_text("x = 1\n")
    assert main(["check", "--show-settings", "app/legacy_cam.py"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[:6] == [
        "file: app/legacy_cam.py",
        f"configuration: {tmp_path / 'pyproject.toml'}",
        f"project root: {tmp_path}",
        "rules run on this file: FRT000, FRT001, FRT002, FRT102, FRT103, FRT104, FRT201, FRT202, FRT301, FRT401, "
        "FRT402, FRT601, FRT602, FRT901",
        "per-file-ignores for this file: FRT101",
        "excluded: no",
    ]
    assert 'ignore = ["FRT5"]' in lines
    assert "cache-dir = null" in lines


def test_show_settings_reads_per_file_ignores_in_any_case_as_the_engine_does(tmp_path, monkeypatch, capsys) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pyproject.toml").write_text('[tool.frtlint.per-file-ignores]\n"legacy.py" = ["frt1"]\n')
    (tmp_path / "legacy.py").write_text("import face_recognition\nface_recognition.face_encodings(img)\n")
    assert main(["check", "--show-settings", "legacy.py"]) == 0
    run_line = next(line for line in capsys.readouterr().out.splitlines() if line.startswith("rules run on this file:"))
    assert "FRT0" in run_line and "FRT2" in run_line and "FRT1" not in run_line
