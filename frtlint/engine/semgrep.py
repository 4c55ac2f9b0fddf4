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


# Error types about part of a file: the rest of it was analysed (a skipped syntax error,
# a rule stopped on the file). Any other error type about a file means it was not analysed.
_PARTIAL_ERRORS = {"PartialParsing": "part", "Timeout": "rule", "OutOfMemory": "rule", "Stack overflow": "rule"}
_REASONS = {"Timeout": "timeout", "OutOfMemory": "out of memory", "Stack overflow": "stack overflow"}


def _not_analysed(errors: Sequence[Dict[str, Any]], by_path: Dict[str, SourceFile]) -> List[Finding]:
    """FRT000, once per file, for the files Semgrep reported it could not analyse, or
    analysed only in part (when every error about the file is about a part)."""
    by_file: Dict[str, List[Dict[str, Any]]] = {}
    for error in errors:
        source = _target_of(error, by_path)
        if source is not None:
            by_file.setdefault(source.display, []).append(error)
    found: List[Finding] = []
    for display, file_errors in by_file.items():
        whole = [e for e in file_errors if _error_kind(e) not in _PARTIAL_ERRORS]
        parts = [e for e in file_errors if _PARTIAL_ERRORS.get(_error_kind(e)) == "part"]
        error = (whole or parts or file_errors)[0]  # where the finding points: the first skipped part
        kind = _error_kind(error)
        line, column = _error_start(error)
        if whole:
            kind_text = "syntax error" if kind in ("Syntax error", "Other syntax error", "Lexical error") else str(kind or "error")
            found.append(FileNotAnalysed.not_parsed_by_semgrep(display, line, column, kind_text))
        else:
            found.append(FileNotAnalysed.partly_analysed_by_semgrep(display, line, column, _what_happened(file_errors), kind))
    return found


def _error_kind(error: Dict[str, Any]) -> str:
    kind = error.get("type")
    kind = kind[0] if isinstance(kind, list) and kind else kind
    return kind if isinstance(kind, str) else "error"


def _what_happened(errors: Sequence[Dict[str, Any]]) -> str:
    """What Semgrep left out of a file: "Semgrep skipped lines 5-7 (syntax error)",
    "Semgrep stopped a rule on this file (timeout)", or both."""
    ranges: Set[Tuple[int, int]] = set()
    stopped: Dict[str, int] = {}
    skipped = False
    for error in errors:
        kind = _error_kind(error)
        if _PARTIAL_ERRORS[kind] == "rule":
            stopped[_REASONS[kind]] = stopped.get(_REASONS[kind], 0) + 1
            continue
        skipped = True
        spans = error.get("spans")
        for span in spans if isinstance(spans, list) else []:
            start = span.get("start") if isinstance(span, dict) else None
            end = span.get("end") if isinstance(span, dict) else None
            if isinstance(start, dict) and isinstance(start.get("line"), int):
                last = end.get("line") if isinstance(end, dict) and isinstance(end.get("line"), int) else start["line"]
                ranges.add((start["line"], max(start["line"], last)))
    said = []
    if ranges:
        shown = [str(a) if a == b else f"{a}-{b}" for a, b in sorted(ranges)]
        lines = ("line " if len(shown) == 1 and "-" not in shown[0] else "lines ") + ", ".join(shown)
        said.append(f"Semgrep skipped {lines} (syntax error)")
    elif skipped:
        said.append("Semgrep skipped a part of the file (syntax error)")
    for reason, count in sorted(stopped.items()):
        rules = "a rule" if count == 1 else f"{count} rules"
        said.append(f"Semgrep stopped {rules} on this file ({reason})")
    return "; ".join(said)


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
