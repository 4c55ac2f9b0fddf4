"""The `frtlint` command line."""

from __future__ import annotations

import argparse
import json
import sys
import traceback
from typing import Callable, Dict, Optional, Sequence

from frtlint import __version__
from frtlint.cli_args import Parser, add_selection_options, emit, settings_from_args
from frtlint.checks import all_rules
from frtlint.cli_check import CHECK_DESCRIPTION, CHECK_EPILOG, add_output_options, run_engine, show_files, show_settings
from frtlint.cli_report import add_command as add_report_command
from frtlint.cli_report import run_report
from frtlint.cli_suggest import did_you_mean
from frtlint.engine.collector import tune_for_batch_work
from frtlint.errors import EngineError, UsageError
from frtlint.fixes.command import add_fix_options, apply_fixes, wants_fixes
from frtlint.gate import COMMANDS as GATE_COMMANDS
from frtlint.gate import add_check_options, after_run
from frtlint.gate import add_commands as add_gate_commands
from frtlint.model import meets
from frtlint.reporters import FORMATS
from frtlint.reporters.escape import printable

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(prog="frtlint", description="Lint facial recognition code against China's FRT rules.")
    parser.add_argument("--version", action="version", version=f"frtlint {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks for internal errors")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    check = commands.add_parser(
        "check", help="check files and directories (default: .)", description=CHECK_DESCRIPTION,
        epilog=CHECK_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    check.add_argument("paths", nargs="*", default=["."], metavar="PATH", help="files and folders to check, or - for standard input (default: .)")
    add_selection_options(check)
    add_output_options(check, FORMATS)
    check.add_argument("--output", "-o", metavar="FILE", help="write the report to FILE instead of standard output")
    check.add_argument("--fail-on", choices=("error", "warning", "never"), help="lowest severity that makes the exit code 1 (default: [tool.frtlint] fail-on, else warning)")
    check.add_argument("--statistics", action="store_true", help="count findings per rule")
    check.add_argument("--lang", choices=("en", "zh-CN"), default="en", help="language of the rule messages")
    check.add_argument("--quiet", "-q", action="store_true", help="print findings only, no summary")
    check.add_argument("--debug", action="store_true", help=argparse.SUPPRESS)
    add_fix_options(check)
    add_check_options(check)

    rules = commands.add_parser("rules", help="list the rules")
    rules.add_argument("--format", choices=("text", "json"), default="text")

    explain = commands.add_parser("explain", help="show a rule's documentation page")
    explain.add_argument("rule", metavar="RULE", help="rule id (FRT301) or name")
    explain.add_argument("--lang", default="en", metavar="CODE", help="language of the page: en (default) or zh-CN")

    commands.add_parser("lsp", help="run the language server on standard input/output (needs frtlint[lsp])")

    add_gate_commands(commands)
    add_report_command(commands)
    return parser


# -- commands ----------------------------------------------------------------------------

def run_check(args: argparse.Namespace) -> int:
    tune_for_batch_work()
    settings = settings_from_args(args)
    if args.show_files:
        sys.stdout.write(show_files(args.paths, settings))
        return EXIT_OK
    if args.show_settings:
        sys.stdout.write(show_settings(args.paths, settings))
        return EXIT_OK
    result, render_options = run_engine(args, settings)
    if wants_fixes(args):
        fixed = apply_fixes(args, settings, result)
        if fixed is not None:  # --diff: the diff is the output
            return fixed
        result, render_options = run_engine(args, settings)  # report what the fixes left
    handled = after_run(args, settings, result)
    if handled is not None:
        return handled
    if args.lang != "en":
        from frtlint.report.i18n import translate_findings  # only for another language than English

        result.findings = translate_findings(result.findings, settings.regime, args.lang)
    report = FORMATS[args.format](
        result, regime=settings.regime, statistics=args.statistics, quiet=args.quiet, **render_options
    )
    emit(report, args.output)
    if not result.files:  # shown even with -q: a gate that checked nothing must not look green
        print(f"frtlint: warning: no files checked in {' '.join(args.paths)}", file=sys.stderr)
    failing = [f for f in result.active if meets(f.severity, settings.fail_on)]
    return EXIT_FINDINGS if failing and not args.exit_zero else EXIT_OK


def run_rules(args: argparse.Namespace) -> int:
    rows = [
        {
            "id": r.id,
            "name": r.name,
            "severity": r.severity,
            "draft_articles": list(r.draft_articles),
            "measures_articles": list(r.measures_articles),
            "languages": list(r.languages()),
        }
        for r in all_rules()
    ]
    if args.format == "json":
        sys.stdout.write(json.dumps(rows, indent=2) + "\n")
        return EXIT_OK
    header = f"{'id':<7} {'name':<36} {'severity':<8} {'draft':<8} {'2025':<8} languages"
    print(header)
    print("-" * len(header))
    for row in rows:
        draft = ",".join(row["draft_articles"]) or "-"
        measures = ",".join(row["measures_articles"]) or "-"
        print(f"{row['id']:<7} {row['name']:<36} {row['severity']:<8} {draft:<8} {measures:<8} {', '.join(row['languages'])}")
    return EXIT_OK


def run_explain(args: argparse.Namespace) -> int:
    wanted = args.rule.strip()
    for rule in all_rules():
        if wanted.upper() == rule.id or wanted.lower() == rule.name:
            from frtlint.report.rule_pages import translated_rule_page

            sys.stdout.write(translated_rule_page(rule, args.lang))
            return EXIT_OK
    names = [rule.id for rule in all_rules()] + [rule.name for rule in all_rules()]
    hint = did_you_mean(wanted.upper() if wanted.upper().startswith("FRT") else wanted.lower(), names)
    raise UsageError(f"unknown rule '{wanted}'{hint} (see `frtlint rules`)")


def run_lsp(args: argparse.Namespace) -> int:
    from frtlint.integrations.lsp_server import serve  # needs the optional pygls: only when asked for

    return serve()


COMMANDS: Dict[str, Callable[[argparse.Namespace], int]] = {
    "lsp": run_lsp,
    "check": run_check,
    "rules": run_rules,
    "explain": run_explain,
    "report": run_report,
    **GATE_COMMANDS,
}


def main(argv: Optional[Sequence[str]] = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in argv
    try:
        parser = build_parser()
        args = parser.parse_args(argv)
        if args.command is None:
            parser.print_help()
            return EXIT_USAGE
        return COMMANDS[args.command](args)
    except UsageError as error:
        print(f"frtlint: error: {printable(str(error))}", file=sys.stderr)
        return EXIT_USAGE
    except EngineError as error:
        print(f"frtlint: error: {printable(str(error))}", file=sys.stderr)
        return EXIT_INTERNAL
    except KeyboardInterrupt:
        print("frtlint: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as error:  # the last line of defence: no traceback for users
        if debug:
            traceback.print_exc()
        print(
            f"frtlint: internal error: {type(error).__name__}: {error} "
            "(run again with --debug for a traceback and report it at the project's issue tracker)",
            file=sys.stderr,
        )
        return EXIT_INTERNAL
