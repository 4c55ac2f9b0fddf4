"""`frtlint check --fix / --unsafe-fixes / --diff`: plan the fixes for a run's findings,
then print them as a diff or write them (atomically, keeping each file's permissions)."""

from __future__ import annotations

import argparse
import difflib
import os
import stat
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Dict, List, Optional

from frtlint.analysis.source_text import decode_source
from frtlint.config import Settings
from frtlint.engine.discover import SourceFile, read_source
from frtlint.errors import UsageError
from frtlint.report_file import replace_atomically, symlink_on_the_way

if TYPE_CHECKING:  # LibCST is imported only when fixes are asked for (a cached run never needs it)
    from frtlint.engine.runner import RunResult
    from frtlint.fixes.edits import AppliedFix


@dataclass
class FilePlan:
    source: SourceFile
    before: bytes
    after: bytes
    fixes: List["AppliedFix"]


def add_fix_options(check: argparse.ArgumentParser) -> None:
    group = check.add_argument_group("fixes")
    group.add_argument("--fix", action="store_true", help="apply the safe fixes in place (FRT301 sensitive attributes, FRT501 https), then report what is left")
    group.add_argument("--unsafe-fixes", action="store_true", help="with --fix or --diff: also fixes that change behaviour (FRT502 tolerance back to the library default)")
    group.add_argument("--diff", action="store_true", help="print the fixes as a unified diff and write nothing (exit 1 when there are any)")


def wants_fixes(args: argparse.Namespace) -> bool:
    if getattr(args, "unsafe_fixes", False) and not (args.fix or args.diff):
        raise UsageError("--unsafe-fixes needs --fix or --diff")
    return bool(getattr(args, "fix", False) or getattr(args, "diff", False))


def plan_fixes(result: "RunResult", settings: Settings, unsafe: bool) -> List[FilePlan]:
    from frtlint.catalog import build_catalog
    from frtlint.fixes.edits import FixRequest, fix_source, fixable_rules

    rules = fixable_rules(unsafe)
    catalog = build_catalog(settings.catalog)
    wanted: Dict[str, List[FixRequest]] = {}
    for finding in result.active:
        if finding.rule in rules:
            wanted.setdefault(finding.path, []).append(FixRequest(finding.rule, (finding.line, finding.column)))
    plans: List[FilePlan] = []
    for source in result.files:
        requests = wanted.get(source.display)
        if not requests or source.language != "python" or not _inside_project(source, settings.root):
            continue
        before = read_source(source.path)
        after, fixes = fix_source(before, requests, catalog, unsafe)
        if fixes:
            plans.append(FilePlan(source, before, after, fixes))
    return plans


def _inside_project(source: SourceFile, root: Path) -> bool:
    """Only files of the project are rewritten: discovery resolves symbolic links, so a
    link planted in the tree can name a file anywhere (`app.py -> ~/.bashrc`)."""
    real = Path(os.path.realpath(source.path))
    try:
        real.relative_to(Path(os.path.realpath(root)))
    except ValueError:
        return False
    return not real.is_symlink() and symlink_on_the_way(Path(source.display).parent, Path.cwd()) is None


def unified_diff(plans: List[FilePlan]) -> str:
    chunks: List[str] = []
    for plan in plans:
        name = plan.source.display
        old = decode_source(plan.before, name).splitlines(keepends=True)
        new = decode_source(plan.after, name).splitlines(keepends=True)
        chunks.extend(difflib.unified_diff(old, new, fromfile=f"a/{name}", tofile=f"b/{name}"))
    return "".join(line if line.endswith("\n") else line + "\n" for line in chunks)


def write_fixes(plans: List[FilePlan]) -> None:
    for plan in plans:
        target = plan.source.path
        try:
            info = os.lstat(target)
            if not stat.S_ISREG(info.st_mode) or read_source(target) != plan.before:
                raise UsageError(f"{plan.source.display}: changed while frtlint was fixing it; nothing written to it")
            replace_atomically(target, plan.after, stat.S_IMODE(info.st_mode))
        except OSError as error:
            raise UsageError(f"{plan.source.display}: cannot write the fix: {error.strerror or error}") from None


def apply_fixes(args: argparse.Namespace, settings: Settings, result: "RunResult") -> Optional[int]:
    """With --diff: print the diff and return the exit code. With --fix: write the files
    and return None (the caller checks again and reports what is left)."""
    plans = plan_fixes(result, settings, args.unsafe_fixes)
    count = sum(len(p.fixes) for p in plans)
    if args.diff:
        sys.stdout.write(unified_diff(plans))
        print(f"frtlint: {count} fix(es) available in {len(plans)} file(s)", file=sys.stderr)
        return 1 if count else 0
    write_fixes(plans)
    print(f"frtlint: applied {count} fix(es) in {len(plans)} file(s)", file=sys.stderr)
    return None
