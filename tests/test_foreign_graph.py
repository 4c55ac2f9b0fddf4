"""The cross-file pass over the Semgrep engine's fact rules (frtlint/engine/foreign_graph.py).

Most tests join small in-memory fact lists (no Semgrep); one runs the engine over the
three fixture apps written for it, in one Semgrep process.
"""

from __future__ import annotations

import re
import subprocess
from collections import Counter
from pathlib import Path
from typing import Dict, List, Sequence, Tuple

import pytest

from frtlint.engine.discover import SourceFile
from frtlint.engine.foreign_graph import (
    Fact,
    ForeignGraph,
    caller_files,
    cross_file_filter,
    defined_names,
    fact_from_result,
    fact_kind,
    is_test_path,
    project_of,
)
from frtlint.engine.runner import Engine
from frtlint.engine.semgrep import rule_files, semgrep_executable
from frtlint.findings import Finding

from conftest import REPO, settings_for

Span = Tuple[int, int, int, int]


def function(path: str, name: str, span: Span, family: str = "javascript", project: str = "") -> Fact:
    return Fact("function", path, name, span[:2], span[2:], family, project)


def call(path: str, callee: str, at: Tuple[int, int], consented: bool = False, project: str = "",
         family: str = "javascript") -> List[Fact]:
    end = (at[0], at[1] + len(callee) + 2)
    facts = [Fact("call", path, callee, at, end, family, project)]
    if consented:
        facts.append(Fact("consented-call", path, callee, at, end, family, project))
    return facts


def finding(rule: str, path: str, line: int, column: int) -> Finding:
    return Finding(rule, path, line, column, line, column + 10, "m", "error", engine="semgrep")


def no_text(_: str) -> bytes:
    return b""


HELPER = [function("lib/face.js", "verifyVisitor", (3, 1, 9, 2)), function("lib/face.js", "findVisitor", (11, 1, 16, 2))]
FACE_CALLS = [finding("FRT201", "lib/face.js", 5, 23), finding("FRT201", "lib/face.js", 13, 23)]


def kept(findings: Sequence[Finding], facts: Sequence[Fact], text_of=no_text) -> List[Tuple[str, str, int]]:
    return [(f.rule, f.path, f.line) for f in cross_file_filter(findings, facts, text_of)]


# -- reading Semgrep's results ----------------------------------------------------------------
def test_fact_ids_are_recognised_with_or_without_the_config_folder_before_them() -> None:
    assert fact_kind("frtlint-fact-js-consented-call") == ("javascript", "consented-call")
    assert fact_kind("rules.facts.java.frtlint-fact-java-function") == ("jvm", "function")
    assert fact_kind("frtlint-fact-kotlin-call") == ("jvm", "call")
    assert fact_kind("frt201-face-cloud-api-without-consent-js") is None
    assert fact_kind("frtlint-fact-js-sink") is None  # an unknown kind is ignored, not guessed


def test_a_fact_result_carries_the_name_from_the_message_and_the_span() -> None:
    result = {"check_id": "frtlint-fact-js-call", "path": "/x/pages/a.js",
              "start": {"line": 8, "col": 11}, "end": {"line": 8, "col": 28},
              "extra": {"message": "lib.\n   verifyVisitor"}}
    fact = fact_from_result(result, "pages/a.js", "/x")
    assert fact == Fact("call", "pages/a.js", "lib. verifyVisitor", (8, 11), (8, 28), "javascript", "/x")
    assert (fact.short_name, fact.receiver) == ("verifyVisitor", "lib")


def test_ordinary_results_are_not_facts() -> None:
    result = {"check_id": "frt201-x", "path": "a.js", "start": {"line": 1, "col": 1}, "end": {"line": 1, "col": 2},
              "extra": {"message": "m"}}
    assert fact_from_result(result, "a.js") is None


# -- the join ---------------------------------------------------------------------------------
def test_calls_are_linked_by_name_and_to_the_innermost_enclosing_function() -> None:
    facts = [*HELPER, function("pages/api/checkin.js", "handler", (4, 16, 14, 2)),
             function("pages/api/checkin.js", "inner", (6, 9, 9, 4)),
             *call("pages/api/checkin.js", "verifyVisitor", (7, 11)),
             *call("pages/api/checkin.js", "desk.findVisitor", (12, 3))]
    graph = ForeignGraph(facts)
    verify, find = HELPER
    assert [(c.path, c.start, caller.name) for c, caller in graph.callers[verify]] == [("pages/api/checkin.js", (7, 11), "inner")]
    assert [caller.name for _, caller in graph.callers[find]] == ["handler"]
    assert graph.enclosing("lib/face.js", (10, 1)) is None


def test_a_plain_call_goes_to_the_file_s_own_function_first() -> None:
    own = function("pages/b.js", "verifyVisitor", (20, 1, 22, 2))
    facts = [*HELPER, own, function("pages/b.js", "handler", (1, 1, 10, 2)), *call("pages/b.js", "verifyVisitor", (3, 3))]
    graph = ForeignGraph(facts)
    assert [c.start for c, _ in graph.callers[own]] == [(3, 3)]
    assert graph.callers[HELPER[0]] == []


# -- FRT201 / FRT104: consent checked in every caller -----------------------------------------
def test_frt201_is_dropped_when_its_only_caller_checks_consent_and_kept_for_the_unchecked_one() -> None:
    facts = [*HELPER,
             function("pages/api/checkin.js", "checkIn", (4, 1, 14, 2)),
             *call("pages/api/checkin.js", "verifyVisitor", (12, 9), consented=True),
             function("pages/api/lookup.js", "lookUp", (4, 1, 10, 2)),
             *call("pages/api/lookup.js", "findVisitor", (8, 9))]
    assert kept(FACE_CALLS, facts) == [("FRT201", "lib/face.js", 13)]


def test_frt104_reads_consent_in_callers_the_same_way_and_other_rules_are_untouched() -> None:
    facts = [*HELPER, function("pages/a.js", "checkIn", (1, 1, 9, 2)),
             *call("pages/a.js", "verifyVisitor", (5, 3), consented=True)]
    findings = [finding("FRT104", "lib/face.js", 5, 23), finding("FRT101", "lib/face.js", 6, 3)]
    assert kept(findings, facts) == [("FRT101", "lib/face.js", 6)]


def test_consent_in_a_caller_of_a_caller_counts_across_three_files() -> None:
    facts = [*HELPER,
             function("lib/desk.js", "signIn", (10, 1, 16, 2)), *call("lib/desk.js", "verifyVisitor", (11, 25)),
             function("pages/api/checkin.js", "checkIn", (4, 1, 17, 2)),
             *call("pages/api/checkin.js", "signIn", (15, 25), consented=True)]
    assert kept(FACE_CALLS[:1], facts) == []
    unguarded = [f for f in facts if f.kind != "consented-call"]
    assert kept(FACE_CALLS[:1], unguarded) == [("FRT201", "lib/face.js", 5)]


def test_one_unchecked_way_in_keeps_the_finding() -> None:
    facts = [*HELPER,
             function("pages/a.js", "checkIn", (1, 1, 9, 2)), *call("pages/a.js", "verifyVisitor", (5, 3), consented=True),
             function("pages/b.js", "kiosk", (1, 1, 9, 2)), *call("pages/b.js", "verifyVisitor", (4, 3))]
    assert kept(FACE_CALLS[:1], facts) == [("FRT201", "lib/face.js", 5)]


def test_a_function_without_project_callers_is_an_entry_point_and_keeps_its_finding() -> None:
    assert kept(FACE_CALLS, list(HELPER)) == [("FRT201", "lib/face.js", 5), ("FRT201", "lib/face.js", 13)]


def test_a_module_level_call_is_an_unchecked_way_in() -> None:
    facts = [*HELPER, *call("pages/a.js", "verifyVisitor", (30, 1))]
    assert kept(FACE_CALLS[:1], facts) == [("FRT201", "lib/face.js", 5)]


def test_recursion_terminates_and_is_no_way_in() -> None:
    # verifyVisitor <-> retry call each other; retry is also called once after consent
    facts = [*HELPER,
             function("lib/retry.js", "retry", (1, 1, 8, 2)),
             *call("lib/retry.js", "verifyVisitor", (3, 3)),
             *call("lib/face.js", "retry", (7, 5)),
             function("pages/a.js", "checkIn", (1, 1, 9, 2)), *call("pages/a.js", "retry", (6, 3), consented=True)]
    assert kept(FACE_CALLS[:1], facts) == []


def test_callers_under_test_folders_do_not_count_either_way() -> None:
    facts = [*HELPER,
             function("pages/a.js", "checkIn", (1, 1, 9, 2)), *call("pages/a.js", "verifyVisitor", (5, 3), consented=True),
             function("__tests__/face.test.js", "t", (1, 1, 5, 2)), *call("__tests__/face.test.js", "verifyVisitor", (2, 3))]
    assert kept(FACE_CALLS[:1], facts) == []
    assert is_test_path("app/src/androidTest/java/FaceTest.kt") and is_test_path("lib/face.spec.ts")
    assert not is_test_path("lib/latest.js") and not is_test_path("src/contest/Entry.java")


def test_a_function_used_as_a_value_is_never_taken_as_guarded() -> None:
    facts = [*HELPER,
             function("pages/a.js", "checkIn", (1, 1, 9, 2)), *call("pages/a.js", "verifyVisitor", (5, 3), consented=True)]
    texts: Dict[str, bytes] = {
        "lib/face.js": b"export async function verifyVisitor(photo) {}\n",
        "pages/a.js": b"import { verifyVisitor } from '../lib/face';\n// verifyVisitor below\nverifyVisitor(x);\n",
    }
    assert kept(FACE_CALLS[:1], facts, lambda p: texts.get(p, b"")) == []
    texts["pages/b.js"] = b"const ok = visitor.verifyVisitor;\nthis.verifyVisitor(photo);\n"  # a property, a call
    facts.append(function("pages/b.js", "unrelated", (5, 1, 6, 2)))
    assert kept(FACE_CALLS[:1], facts, lambda p: texts.get(p, b"")) == []
    texts["pages/b.js"] = b"button.onclick = this.verifyVisitor;\n"
    assert kept(FACE_CALLS[:1], facts, lambda p: texts.get(p, b"")) == [("FRT201", "lib/face.js", 5)]
    texts["pages/b.js"] = b"app.post('/verify', verifyVisitor);\n"
    assert kept(FACE_CALLS[:1], facts, lambda p: texts.get(p, b"")) == [("FRT201", "lib/face.js", 5)]
    texts["pages/b.js"] = b"binding.verify.setOnClickListener { }\nval f = ::verifyVisitor\n"
    assert kept(FACE_CALLS[:1], facts, lambda p: texts.get(p, b"")) == [("FRT201", "lib/face.js", 5)]


def test_framework_entry_points_are_not_guarded_by_a_super_call() -> None:
    on_create = function("Gate.kt", "onCreate", (3, 5, 12, 6), "jvm")
    facts = [on_create, function("Other.kt", "onCreate", (3, 5, 9, 6), "jvm"),
             *call("Other.kt", "super.onCreate", (4, 9), consented=True, family="jvm")]
    assert kept([finding("FRT201", "Gate.kt", 6, 9)], facts) == [("FRT201", "Gate.kt", 6)]


def test_each_project_is_joined_on_its_own() -> None:
    def facts_in(project: str, consented: bool) -> List[Fact]:
        return [function(f"{project}/lib/face.js", "verifyVisitor", (3, 1, 9, 2), project=project),
                function(f"{project}/pages/a.js", "checkIn", (1, 1, 9, 2), project=project),
                *call(f"{project}/pages/a.js", "verifyVisitor", (5, 3), consented, project=project)]

    facts = facts_in("good", True) + facts_in("bad", False)
    findings = [finding("FRT201", "good/lib/face.js", 5, 3), finding("FRT201", "bad/lib/face.js", 5, 3)]
    assert kept(findings, facts) == [("FRT201", "bad/lib/face.js", 5)]
    roots = [Path("/w/fixtures/app"), Path("/w/fixtures/app/compliant")]
    assert project_of(Path("/w/fixtures/app/compliant/lib/a.js"), roots) == "/w/fixtures/app/compliant"
    assert project_of(Path("/w/fixtures/app/noncompliant/a.js"), roots) == "/w/fixtures/app"
    assert project_of(Path("/elsewhere/a.js"), roots) == ""


# -- FRT401: the same grant reached another way ----------------------------------------------
GATE = [function("CheckIn.kt", "onWorkerSeen", (28, 5, 40, 6), "jvm"),
        *call("CheckIn.kt", "attendance.markPresent", (37, 13), family="jvm")]
FACE_ONLY = [finding("FRT401", "CheckIn.kt", 37, 13)]


def test_frt401_is_dropped_when_another_function_makes_the_same_grant_call() -> None:
    keypad = [function("Keypad.kt", "onPinEntered", (24, 5, 31, 6), "jvm"),
              *call("Keypad.kt", "attendance.markPresent", (26, 13), family="jvm")]
    assert kept(FACE_ONLY, GATE + keypad) == []


def test_frt401_stays_when_the_other_grant_is_another_face_decision_or_another_grant() -> None:
    second_face = [function("Kiosk.kt", "onFace", (1, 1, 9, 2), "jvm"), *call("Kiosk.kt", "log.markPresent", (5, 9), family="jvm")]
    findings = FACE_ONLY + [finding("FRT401", "Kiosk.kt", 5, 9)]
    assert kept(findings, GATE + second_face) == [("FRT401", "CheckIn.kt", 37), ("FRT401", "Kiosk.kt", 5)]
    settings = [function("Keypad.kt", "onPinEntered", (24, 5, 31, 6), "jvm"),
                *call("Keypad.kt", "startActivity", (26, 13), family="jvm")]
    assert kept(FACE_ONLY, GATE + settings) == [("FRT401", "CheckIn.kt", 37)]
    in_tests = [function("test/GateTest.kt", "t", (1, 1, 9, 2), "jvm"),
                *call("test/GateTest.kt", "attendance.markPresent", (3, 9), family="jvm")]
    assert kept(FACE_ONLY, GATE + in_tests) == [("FRT401", "CheckIn.kt", 37)]


# -- which files Semgrep must read --------------------------------------------------------------
def test_defined_names_read_from_text_leave_out_framework_entry_points() -> None:
    js = b"export async function verifyVisitor(p) {}\nconst signIn = async (v, p) => {};\nfunction render() {}\n"
    kt = b"class A {\n    private fun onWorkerSeen(id: String) {}\n    fun embed(crop: Bitmap): FloatArray {\n"
    java = b"    public static int markPresent(String id) throws IOException {\n"
    assert defined_names(js) == {b"verifyVisitor", b"signIn"}
    assert defined_names(kt) == {b"embed"}
    assert defined_names(java) == {b"markPresent"}


def test_caller_files_follow_names_transitively_within_a_language_family(tmp_path: Path) -> None:
    texts = {
        "face.js": "export function verifyVisitor(p) { return faceapi.x(p); }\n",
        "desk.js": "export async function signIn(v) { return verifyVisitor(v); }\n",
        "page.js": "export default async function handler(req) { return signIn(req); }\n",
        "other.js": "export function unrelated() {}\n",
        "Gate.kt": "fun verifyVisitor() {}\n",
    }
    sources = {}
    for name, text in texts.items():
        (tmp_path / name).write_text(text)
        language = "kotlin" if name.endswith(".kt") else "javascript"
        sources[name] = SourceFile(tmp_path / name, name, language)
    rest = [sources[n] for n in ("page.js", "other.js", "desk.js", "Gate.kt")]
    added = caller_files([sources["face.js"]], rest)
    assert [f.display for f in added] == ["desk.js", "page.js"]
    # with face words given, only the callers of functions that mention faces count
    (tmp_path / "face.js").write_text(texts["face.js"] + "export function formatDate(d) { return d; }\n")
    (tmp_path / "other.js").write_text("export function unrelated() { return formatDate(1); }\n")
    face_words = re.compile(rb"(?i)faceapi")
    assert [f.display for f in caller_files([sources["face.js"]], rest, face_words=face_words)] == ["desk.js", "page.js"]
    assert [f.display for f in caller_files([sources["face.js"]], rest)] == ["other.js", "desk.js", "page.js"]


# -- end to end: the fixture apps, one Semgrep process -----------------------------------------
NEW_APPS = ("nextjs_facepp_visitors", "express_faceapi_gym", "android_mobilefacenet_pin")
SITEGATE = "app/src/main/java/com/example/sitegate"
EXPECTED = Counter({
    ("fixtures/nextjs_facepp_visitors/noncompliant/lib/facepp.js", 27, "FRT201"): 1,
    ("fixtures/nextjs_facepp_visitors/noncompliant/lib/facepp.js", 27, "FRT104"): 1,
    ("fixtures/express_faceapi_gym/noncompliant/server/app.js", 40, "FRT103"): 1,
    (f"fixtures/android_mobilefacenet_pin/noncompliant/{SITEGATE}/MobileFaceNet.kt", 23, "FRT201"): 1,
    (f"fixtures/android_mobilefacenet_pin/noncompliant/{SITEGATE}/CheckInActivity.kt", 35, "FRT503"): 1,
    (f"fixtures/android_mobilefacenet_pin/noncompliant/{SITEGATE}/CheckInActivity.kt", 37, "FRT401"): 1,
})


def test_the_fact_rules_ride_along_with_the_pack() -> None:
    names = [p.relative_to(REPO / "rules").as_posix() for p in rule_files({"javascript", "kotlin"})]
    assert "facts/javascript/project-graph.yaml" in names and "facts/kotlin/project-graph.yaml" in names
    assert "facts/java/project-graph.yaml" not in names


@pytest.mark.skipif(semgrep_executable() is None, reason="semgrep is not installed")
def test_new_fixture_apps_in_one_semgrep_process(monkeypatch) -> None:
    monkeypatch.chdir(REPO)
    runs: List[Sequence[str]] = []
    real_run = subprocess.run

    def counting_run(command, *args, **kwargs):
        if command and command[0] == semgrep_executable():
            runs.append(command)
        return real_run(command, *args, **kwargs)

    monkeypatch.setattr("frtlint.engine.semgrep.subprocess.run", counting_run)
    folders = [f"fixtures/{app}/{variant}" for app in NEW_APPS for variant in ("noncompliant", "compliant")]
    engine = Engine(settings_for(REPO, engine="all"), use_cache=False, jobs=1)
    result = engine.run(folders)
    found = Counter((f.path, f.line, f.rule) for f in result.active)
    assert found == EXPECTED
    assert len(runs) == 1
    # the callers without face words were read too: the sign-in helper between the
    # consent check and the Face++ call, and the keypad screen with the PIN fallback
    targets = {Path(a).relative_to(REPO).as_posix() for a in runs[0] if a.startswith(str(REPO / "fixtures"))}
    assert "fixtures/nextjs_facepp_visitors/compliant/lib/desk.js" in targets
    assert f"fixtures/android_mobilefacenet_pin/compliant/{SITEGATE}/KeypadActivity.kt" in targets
