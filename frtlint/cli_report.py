"""`frtlint report`: its options, and one engine run turned into the report of `frtlint.report`."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Callable, Dict

from frtlint.cli_args import add_selection_options, emit, settings_from_args
from frtlint.errors import UsageError
from frtlint.report.i18n import LANGUAGES, language

if TYPE_CHECKING:
    from frtlint.report.build import Report

# The report's builders and renderers are imported when a report is made: every other
# command (a pre-commit `check` above all) would otherwise load them at start-up.

FORMATS = ("html", "markdown", "json")


def add_command(commands: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    report = commands.add_parser("report", help="compliance report per article, face-data inventory, PIPIA skeleton")
    report.add_argument("paths", nargs="*", default=["."], metavar="PATH")
    add_selection_options(report)
    report.add_argument("--format", "-f", choices=FORMATS, default=None, help="output format (default: html)")
    report.add_argument("--output", "-o", metavar="FILE", help="write the report to FILE (default: standard output)")
    report.add_argument("--lang", choices=LANGUAGES, default="en", help="language of the report")
    report.add_argument("--pipia", action="store_true", help="write an impact-assessment skeleton (Markdown) instead")


def _renderers() -> Dict[str, Callable[["Report"], str]]:
    from frtlint.report import html, markdown, pipia
    from frtlint.reporters.json_text import indented_json

    return {
        "html": html.render,
        "markdown": markdown.render,
        "json": lambda report: indented_json(report.to_json()),
        "pipia": pipia.render,
    }


def run_report(args: argparse.Namespace) -> int:
    if "-" in args.paths:
        raise UsageError("report reads files and folders, not standard input ('-')")
    if args.pipia and args.format not in (None, "markdown"):
        raise UsageError("--pipia writes Markdown: leave out --format or use --format markdown")
    from frtlint.engine.collector import tune_for_batch_work
    from frtlint.engine.runner import Engine
    from frtlint.report.blame import Blamer
    from frtlint.report.build import build_report

    kind = "pipia" if args.pipia else (args.format or "html")
    tune_for_batch_work()
    settings = settings_from_args(args)
    # The run cache keeps findings only; the inventory needs the facts of this run.
    engine = Engine(settings, use_cache=False, jobs=args.jobs, keep_facts=True)
    result = engine.run(args.paths)
    report = build_report(result, engine.catalog, settings.regime, language(args.lang), Blamer())
    emit(_renderers()[kind](report), args.output)
    if not result.files:
        print(f"frtlint: warning: no files checked in {' '.join(args.paths)}", file=sys.stderr)
    return 0
