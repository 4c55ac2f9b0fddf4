"""The Semgrep rule pack: semgrep's own test runner and validator, and the pack's shape."""

from __future__ import annotations

import functools
import http.server
import json
import os
import threading
import re
import subprocess
from collections import Counter
from pathlib import Path

import pytest

from frtlint.checks import UnknownRule, get_rule
from frtlint.engine.semgrep import semgrep_executable

from conftest import REPO

RULES = REPO / "rules"
ENV = {**os.environ, "SEMGREP_ENABLE_VERSION_CHECK": "0", "SEMGREP_SEND_METRICS": "off"}
REQUIRED_METADATA = ("frtlint-id", "frtlint-name", "draft-articles", "measures-articles", "confidence",
                     "likelihood", "impact", "category", "references")

pytestmark = pytest.mark.skipif(semgrep_executable() is None, reason="semgrep is not installed")


def _rule_files():
    return sorted(p for p in RULES.glob("*/*.yaml") if not p.name.endswith(".test.yaml"))


def test_semgrep_test_passes_for_the_whole_pack() -> None:
    completed = subprocess.run(
        [semgrep_executable(), "--test", "--metrics=off", "--json", str(RULES)],
        capture_output=True, text=True, env=ENV, timeout=900,
    )
    report = json.loads(completed.stdout)
    failures = {
        path: result for path, result in report.get("results", {}).items() if not result.get("checks") or any(
            not check.get("passed", False) for check in result["checks"].values()
        )
    }
    assert completed.returncode == 0 and not failures, (json.dumps(failures, indent=1)[:4000] if failures else completed.stderr[-2000:])
    assert not report.get("config_missing_tests"), report.get("config_missing_tests")


@pytest.fixture
def offline_lint_pack(tmp_path):
    """`semgrep --validate` always fetches the registry's rule-lint pack, which this
    offline build cannot reach. Serve an empty pack on loopback instead, so the command
    still runs its own schema validation and semgrep-core's rule parser over ours."""
    pack = tmp_path / "c" / "p"
    pack.mkdir(parents=True)
    (pack / "semgrep-rule-lints").write_text("rules: []\n")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_semgrep_validate_accepts_the_pack(offline_lint_pack) -> None:
    completed = subprocess.run(
        [semgrep_executable(), "--validate", "--metrics=off", "--config", str(RULES)],
        capture_output=True, text=True, env={**ENV, "SEMGREP_URL": offline_lint_pack}, timeout=600,
    )
    assert completed.returncode == 0, completed.stderr[-2000:]
    assert "Configuration is valid - found 0 configuration error(s)" in completed.stderr + completed.stdout


def test_semgrep_validate_rejects_a_broken_rule(offline_lint_pack, tmp_path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("rules:\n  - id: broken\n    message: m\n    severity: ERROR\n    languages: [python]\n    pattern: foo(\n")
    completed = subprocess.run(
        [semgrep_executable(), "--validate", "--metrics=off", "--config", str(broken)],
        capture_output=True, text=True, env={**ENV, "SEMGREP_URL": offline_lint_pack}, timeout=600,
    )
    assert completed.returncode != 0


def test_pack_size_annotations_and_metadata() -> None:
    files = _rule_files()
    rule_count = 0
    for path in files:
        text = path.read_text(encoding="utf-8")
        ids = re.findall(r"^\s*-\s*id:\s*(\S+)", text, flags=re.MULTILINE)
        assert ids, path
        rule_count += len(ids)
        for key in REQUIRED_METADATA:
            assert re.search(rf"^\s+{key}:", text, flags=re.MULTILINE), f"{path.name}: metadata '{key}' missing"
        frtlint_ids = set(re.findall(r"frtlint-id:\s*[\"']?(FRT\d{3})", text))
        for frtlint_id in frtlint_ids:
            try:
                rule = get_rule(frtlint_id)
            except UnknownRule:
                pytest.fail(f"{path.name}: unknown frtlint id {frtlint_id}")
            assert f"frtlint-name: {rule.name}" in text, path.name
        tests = [t for t in path.parent.glob(path.stem + ".*") if t != path]
        assert tests, f"{path.name} has no test file"
        annotations = Counter()
        for test_file in tests:
            body = test_file.read_text(encoding="utf-8")
            for semgrep_id in ids:
                annotations[("ruleid", semgrep_id)] += len(re.findall(rf"ruleid:[^\n]*\b{re.escape(semgrep_id)}\b", body))
                annotations[("ok", semgrep_id)] += len(re.findall(rf"\bok:[^\n]*\b{re.escape(semgrep_id)}\b", body))
        for semgrep_id in ids:
            assert annotations[("ruleid", semgrep_id)] >= 3, f"{semgrep_id}: fewer than 3 ruleid cases"
            assert annotations[("ok", semgrep_id)] >= 2, f"{semgrep_id}: fewer than 2 ok cases"
    assert rule_count >= 40
    languages = {p.parent.name for p in files}
    assert {"javascript", "java", "kotlin", "yaml", "python"} <= languages
