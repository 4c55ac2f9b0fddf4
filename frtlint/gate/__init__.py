"""The CI gate: baselines, diff-aware checking, extra reports, and the adoption helper.

Wired into the command line by `frtlint.cli` through four hooks:
`add_check_options` (options of `frtlint check`), `add_commands` (`frtlint baseline`),
`COMMANDS` (their handlers) and `after_run` (called after the engine ran and before
the report is rendered).
"""

from __future__ import annotations

import argparse
import shlex
import sys
from pathlib import Path
from typing import Callable, Dict, List, Optional, Tuple

from frtlint.cli_args import Parser, add_selection_options, settings_from_args
from frtlint.edit.suppressions import SuppressionError, add_suppressions, check_reason
from frtlint.engine.runner import Engine
from frtlint.errors import UsageError
from frtlint.gate import baseline
from frtlint.gate.diff import changed_lines, filter_findings
from frtlint.report_file import write_report_file
from frtlint.reporters import FORMATS
from frtlint.reporters.escape import printable

EXIT_OK, EXIT_FINDINGS = 0, 1


def _report_spec(value: str) -> Tuple[str, str]:
    name, sep, target = value.partition("=")
    if not sep or not name or not target:
        raise argparse.ArgumentTypeError(f"expected FORMAT=FILE, got '{value}'")
    if name not in FORMATS:
        raise argparse.ArgumentTypeError(f"unknown format '{name}' (choose from {', '.join(sorted(FORMATS))})")
    return name, target


def add_check_options(check: argparse.ArgumentParser) -> None:
    group = check.add_argument_group("CI gate")
    group.add_argument(
        "--baseline", metavar="FILE",
        help="report and fail only on findings not recorded in FILE (see `frtlint baseline create`)",
    )
    group.add_argument(
        "--diff-base", metavar="REF",
        help="report only findings on lines added or changed since the merge base with git REF",
    )
    group.add_argument(
        "--also", action="append", type=_report_spec, default=[], metavar="FORMAT=FILE",
        help="also write a report in FORMAT to FILE from the same run (repeatable), e.g. sarif=frtlint.sarif",
    )
    group.add_argument(
        "--add-suppressions", action="store_true",
        help="write a `# frtlint: ignore[...] reason: TEXT` comment for every current finding (needs --reason)",
    )
    group.add_argument("--reason", metavar="TEXT", help="the reason written by --add-suppressions")


def add_commands(commands) -> None:
    command = commands.add_parser("baseline", help="record current findings so only new ones fail the gate")
    actions = command.add_subparsers(dest="baseline_command", metavar="ACTION", parser_class=Parser)
    create = actions.add_parser("create", help="write a baseline of the current findings")
    create.add_argument("paths", nargs="*", default=["."], metavar="PATH")
    create.add_argument(
        "--output", "-o", metavar="FILE", default=None,
        help="where to write the baseline (default: .frtlint-baseline.json)",
    )
    add_selection_options(create)


def run_baseline(args: argparse.Namespace) -> int:
    if getattr(args, "baseline_command", None) != "create":
        raise UsageError("baseline: choose an action: create")
    settings = settings_from_args(args)
    result = Engine(settings, use_cache=not args.no_cache, jobs=args.jobs).run(args.paths)
    target = Path(args.output or baseline.DEFAULT_BASELINE)
    count = baseline.write(result.findings, target)
    files = len({f.path for f in result.active})
    print(f"frtlint: wrote {count} baseline entr{'y' if count == 1 else 'ies'} ({files} file(s)) to {target}", file=sys.stderr)
    for notice in result.notices:
        print(f"notice: {printable(notice)}", file=sys.stderr)
    return EXIT_OK


COMMANDS: Dict[str, Callable[[argparse.Namespace], int]] = {"baseline": run_baseline}


def after_run(args: argparse.Namespace, settings, result) -> Optional[int]:
    add = getattr(args, "add_suppressions", False)
    if getattr(args, "reason", None) is not None and not add:
        raise UsageError("--reason is only used with --add-suppressions")
    if add:
        try:
            check_reason(args.reason)
        except SuppressionError as error:
            raise UsageError(str(error)) from None
    findings = list(result.findings)
    # The baseline is matched against every finding first: with --diff-base, findings on
    # unchanged lines still match their entries, so those entries do not count as gone.
    if getattr(args, "baseline", None):
        loaded = baseline.load(args.baseline)
        findings, known, gone = baseline.apply(findings, loaded, [f.display for f in result.files])
        if gone:
            paths = " ".join(shlex.quote(p) for p in args.paths if p != ".")
            command = f"frtlint baseline create {paths + ' ' if paths else ''}-o {shlex.quote(args.baseline)}"
            print(
                f"frtlint: {gone} baseline entr{'y is' if gone == 1 else 'ies are'} gone (fixed or changed); "
                f"refresh with `{command}`",
                file=sys.stderr,
            )
    if getattr(args, "diff_base", None):
        findings = filter_findings(findings, changed_lines(args.diff_base))
    result.findings[:] = findings
    if add:
        return _add_suppressions(args, result)
    for name, target in getattr(args, "also", []) or []:
        _write_report(name, target, result, settings, args)
    return None


def _write_report(name: str, target: str, result, settings, args: argparse.Namespace) -> None:
    report = FORMATS[name](result, regime=settings.regime, statistics=args.statistics, quiet=args.quiet)
    parent = Path(target).parent
    if str(parent) and not parent.exists():
        try:
            parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise UsageError(f"--also {name}={target}: cannot create {parent}: {error.strerror or error}") from None
    write_report_file(target, report.encode("utf-8"))


def _add_suppressions(args: argparse.Namespace, result) -> int:
    report = add_suppressions(result.findings, args.reason)
    for skipped in report.skipped:
        print(f"{printable(skipped.path)}:{skipped.line}: {skipped.rule} not suppressed: {printable(skipped.why)}", file=sys.stderr)
    print(
        f"frtlint: added {report.comments} suppression comment(s) for {report.suppressed} finding(s) "
        f"in {len(report.files)} file(s)"
        + (f"; {len(report.skipped)} finding(s) left as they are" if report.skipped else ""),
    )
    return EXIT_FINDINGS if report.skipped else EXIT_OK


__all__: List[str] = ["add_check_options", "add_commands", "COMMANDS", "after_run"]
