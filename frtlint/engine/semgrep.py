"""The Semgrep engine: frtlint's rule pack over the non-Python files of a run.

One Semgrep process per run, offline: local rules only, metrics off, no version check.
Results become ordinary findings (same ids, articles, severities and fingerprints).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence, Set, Tuple

from frtlint.checks import UnknownRule, get_rule
from frtlint.checks.frt000_file_not_analysed import FileNotAnalysed
from frtlint.config import Settings
from frtlint.engine.discover import MAX_SOURCE_BYTES, SourceFile
from frtlint.engine.foreign_graph import apply_cross_file
from frtlint.errors import EngineError
from frtlint.findings import Finding
from frtlint.rule_pack import bundled_rules_dir

SEMGREP_TIMEOUT_SECONDS = int(os.environ.get("FRTLINT_SEMGREP_TIMEOUT", "600"))
_ARTICLE_SUFFIX = re.compile(r"\s*\((Draft|Measures) Art\.[^)]*\)\s*$")


def semgrep_executable() -> Optional[str]:
    override = os.environ.get("FRTLINT_SEMGREP")
    if override is not None:
        return override or None
    found = shutil.which("semgrep")
    if found:
        return found
    candidate = Path(sys.executable).parent / "semgrep"
    return str(candidate) if candidate.exists() else None


def rule_files(languages: Set[str]) -> List[Path]:
    """Rule YAML for these languages (test files beside them are left out)."""
    root = bundled_rules_dir()
    folders = {"javascript", "typescript"} if languages & {"javascript", "typescript"} else set()
    folders |= languages
    found: List[Path] = []
    for folder in sorted(folders):
        directory = root / folder
        if not directory.is_dir():
            continue
        for path in sorted(directory.glob("*.yaml")):
            if not path.name.endswith(".test.yaml"):
                found.append(path)
        # the cross-file pass's fact rules (foreign_graph.py), in the same Semgrep process
        found.extend(sorted((root / "facts" / folder).glob("*.yaml")))
    return found


def run_semgrep(
    files: Sequence[SourceFile], settings: Settings, enabled: Set[str], projects: Sequence[Path] = ()
) -> Tuple[List[Finding], List[str]]:
    """`projects`: the run's folders, each its own project for the cross-file pass."""
    if not files:
        return [], []
    executable = semgrep_executable()
    if executable is None:  # the runner lists such files as not checked before calling
        raise EngineError("Semgrep is not installed")
    configs = rule_files({f.language for f in files})
    if not configs:
        return [], []
    # --disable-nosem: a `nosemgrep` comment must not drop a frtlint finding unrecorded;
    # frtlint's own `frtlint: ignore[...] reason:` is the way to suppress one.
    command = [executable, "scan", "--json", "--metrics=off", "--disable-version-check", "--no-git-ignore", "--disable-nosem",
               "--quiet", "--timeout", "30", "--max-target-bytes", str(MAX_SOURCE_BYTES)]
    for config in configs:
        command += ["--config", str(config)]
    command += [str(f.path) for f in files]
    env = {**os.environ, "SEMGREP_ENABLE_VERSION_CHECK": "0", "SEMGREP_SEND_METRICS": "off"}
    try:
        completed = subprocess.run(command, capture_output=True, timeout=SEMGREP_TIMEOUT_SECONDS, env=env, check=False)
    except subprocess.TimeoutExpired:
        raise EngineError(f"Semgrep timed out after {SEMGREP_TIMEOUT_SECONDS} s") from None
    except OSError as error:
        raise EngineError(f"Semgrep could not start: {error.strerror or error}") from None
    try:
        document = json.loads(completed.stdout.decode("utf-8", "replace") or "null")
    except json.JSONDecodeError:
        document = None
    if completed.returncode not in (0, 1) or not isinstance(document, dict):
        detail = (completed.stderr.decode("utf-8", "replace").strip().splitlines() or ["no output"])[-1]
        raise EngineError(f"Semgrep failed (exit {completed.returncode}): {detail}")
    by_path = {str(f.path): f for f in files}
    errors = [e for e in document.get("errors", []) if isinstance(e, dict)]
    # An error about one target file (a syntax error, a per-file timeout) leaves that
    # file unchecked: FRT000 for it, not a failed run and not a silent pass.
    per_file = [e for e in errors if _target_of(e, by_path) is not None]
    fatal = [e for e in errors if e.get("level") == "error" and _target_of(e, by_path) is None]
    if fatal:
        raise EngineError(f"Semgrep reported an error: {fatal[0].get('message', fatal[0].get('type', 'unknown'))}".splitlines()[0])
    findings = [f for f in (_finding(r, by_path) for r in document.get("results", [])) if f is not None]
    findings = apply_cross_file(findings, document.get("results", []), by_path, projects)
    findings += _not_analysed(per_file, by_path)
    return findings, []


def _target_of(error: Dict[str, Any], by_path: Dict[str, SourceFile]) -> Optional[SourceFile]:
    path = error.get("path")
    if not isinstance(path, str) or not path:
        return None
    return by_path.get(path) or by_path.get(str(Path(path).resolve()))


def _not_analysed(errors: Sequence[Dict[str, Any]], by_path: Dict[str, SourceFile]) -> List[Finding]:
    """FRT000, once per file, for the files Semgrep reported it could not (fully) analyse."""
    found: Dict[str, Finding] = {}
    for error in errors:
        source = _target_of(error, by_path)
        if source is None or source.display in found:
            continue
        kind = error.get("type")
        kind = kind[0] if isinstance(kind, list) and kind else kind
        kind_text = "syntax error" if kind in ("PartialParsing", "Syntax error", "Other syntax error") else str(kind or "error")
        line, column = _error_start(error)
        found[source.display] = FileNotAnalysed.not_parsed_by_semgrep(source.display, line, column, kind_text)
    return list(found.values())


def _error_start(error: Dict[str, Any]) -> Tuple[int, int]:
    spans = error.get("spans")
    start = spans[0].get("start") if isinstance(spans, list) and spans and isinstance(spans[0], dict) else None
    if isinstance(start, dict) and isinstance(start.get("line"), int) and isinstance(start.get("col"), int):
        return max(start["line"], 1), max(start["col"], 1)
    return 1, 1


def _finding(result: Dict[str, Any], by_path: Dict[str, SourceFile]) -> Optional[Finding]:
    extra = result.get("extra", {})
    metadata = extra.get("metadata", {})
    rule_id = str(metadata.get("frtlint-id", "")).upper()
    if not rule_id:
        return None
    source = by_path.get(str(Path(result["path"]).resolve())) or by_path.get(result["path"])
    display = source.display if source else result["path"]
    try:
        rule = get_rule(rule_id)
        name, severity, draft, measures = rule.name, rule.severity, rule.draft_articles, rule.measures_articles
    except UnknownRule:  # not ours to report: the run keeps only the enabled rules' findings
        name = ""
        severity = "error" if extra.get("severity") == "ERROR" else "warning"
        draft = tuple(metadata.get("draft-articles", ()))
        measures = tuple(metadata.get("measures-articles", ()))
    start, end = result["start"], result["end"]
    message = _ARTICLE_SUFFIX.sub("", str(extra.get("message", "")).strip().splitlines()[0] if extra.get("message") else rule_id)
    lines = str(extra.get("lines", "")).strip()
    return Finding(
        rule=rule_id,
        path=display,
        line=int(start["line"]),
        column=int(start["col"]),
        end_line=int(end["line"]),
        end_column=int(end["col"]),
        message=message,
        severity=severity,
        draft_articles=tuple(draft),
        measures_articles=tuple(measures),
        anchor=f"{result.get('check_id', '')}|{' '.join(lines.split())}",
        engine="semgrep",
        name=name,
    )
