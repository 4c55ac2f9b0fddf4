"""Baselines: the findings a project already has, recorded so only new ones fail.

A baseline entry is keyed by a fingerprint that does not contain a line number: the
rule, the file (relative to the baseline file's directory, so the gate gives the same
answer from any working directory), the enclosing function and the normalised source
of the flagged code, and which occurrence of that code it is. Inserting lines above a
finding or moving it within its file keeps its key; changing the flagged code itself
makes it new.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Dict, Iterable, List, Optional, Sequence, Set, Tuple

from frtlint import __version__
from frtlint.errors import UsageError
from frtlint.report_file import write_report_file
from frtlint.findings import Finding

FORMAT_VERSION = 1
DEFAULT_BASELINE = ".frtlint-baseline.json"


def _relative(path: str, directory: Path, cwd: Path) -> str:
    absolute = os.path.normpath(os.path.join(str(cwd), path))
    return Path(os.path.relpath(absolute, str(directory))).as_posix()


def baseline_keys(findings: Sequence[Finding], directory: Path, cwd: Optional[Path] = None) -> Dict[int, str]:
    """id(finding) -> its baseline key, for every finding (active and suppressed).

    Occurrences are counted over all findings in order, exactly as the engine's own
    fingerprints are, so a baseline made in the directory it lives in stores the same
    values as `fingerprint` in the JSON and SARIF output.
    """
    cwd = (cwd or Path.cwd()).resolve()
    directory = directory.resolve()
    seen: Dict[Tuple[str, str, str], int] = {}
    keys: Dict[int, str] = {}
    for finding in sorted(findings, key=Finding.sort_key):
        relative = _relative(finding.path, directory, cwd)
        group = (finding.rule, relative, finding.anchor)
        occurrence = seen.get(group, 0)
        seen[group] = occurrence + 1
        keys[id(finding)] = replace(finding, path=relative).with_fingerprint(occurrence).fingerprint
    return keys


@dataclass
class Baseline:
    path: Path
    entries: List[Dict[str, object]]

    @property
    def fingerprints(self) -> Set[str]:
        return {str(e["fingerprint"]) for e in self.entries}

    def paths(self) -> Set[str]:
        return {str(e.get("path", "")) for e in self.entries}


def document(findings: Sequence[Finding], directory: Path) -> Dict[str, object]:
    keys = baseline_keys(findings, directory)
    entries = [
        {
            "fingerprint": keys[id(f)],
            "rule": f.rule,
            "path": _relative(f.path, directory.resolve(), Path.cwd().resolve()),
            "line": f.line,
            "message": f.message,
        }
        for f in findings
        if f.suppression_reason is None
    ]
    entries.sort(key=lambda e: (e["path"], e["line"], e["rule"], e["fingerprint"]))
    return {
        "frtlint-baseline": FORMAT_VERSION,
        "tool": {"name": "frtlint", "version": __version__},
        "comment": "Findings accepted when frtlint was adopted; `frtlint check --baseline` fails only on others.",
        "entries": entries,
    }


def write(findings: Sequence[Finding], target: Path) -> int:
    directory = target.parent if str(target.parent) else Path(".")
    if target.is_dir():
        raise UsageError(f"{target}: is a directory")
    if not directory.is_dir():
        raise UsageError(f"{target}: directory {directory} does not exist")
    data = document(findings, directory)
    text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    write_report_file(str(target), text.encode("utf-8"))
    return len(data["entries"])  # type: ignore[arg-type]


def load(path_text: str) -> Baseline:
    path = Path(path_text)
    if not path.is_file():
        raise UsageError(f"--baseline {path_text}: file not found (create it with `frtlint baseline create -o {path_text}`)")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as error:  # ValueError: bad JSON, a 5,000-digit number
        raise UsageError(f"--baseline {path_text}: not a frtlint baseline ({error})") from None
    except RecursionError:
        raise UsageError(f"--baseline {path_text}: not a frtlint baseline (nested too deeply)") from None
    if not isinstance(data, dict) or data.get("frtlint-baseline") != FORMAT_VERSION or not isinstance(data.get("entries"), list):
        raise UsageError(f"--baseline {path_text}: not a frtlint baseline (version {FORMAT_VERSION} expected)")
    entries = [e for e in data["entries"] if isinstance(e, dict) and isinstance(e.get("fingerprint"), str)]
    return Baseline(path=path, entries=entries)


def apply(findings: List[Finding], baseline: Baseline, checked_files: Iterable[str]) -> Tuple[List[Finding], int, int]:
    """(findings not in the baseline, how many were, how many baseline entries are gone).

    Gone entries are counted only for files this run checked, so checking part of a
    tree does not call the rest "fixed".
    """
    directory = baseline.path.parent if str(baseline.path.parent) else Path(".")
    keys = baseline_keys(findings, directory)
    known = baseline.fingerprints
    kept: List[Finding] = []
    matched: Set[str] = set()
    for finding in findings:
        key = keys[id(finding)]
        if key in known:
            matched.add(key)
            continue
        kept.append(finding)
    cwd = Path.cwd().resolve()
    checked = {_relative(p, directory.resolve(), cwd) for p in checked_files}
    gone = sum(
        1
        for entry in baseline.entries
        if entry["fingerprint"] not in matched and str(entry.get("path", "")) in checked
    )
    return kept, len(findings) - len(kept), gone
