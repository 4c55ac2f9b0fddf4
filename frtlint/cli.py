"""The `frtlint` command line."""

from __future__ import annotations

import argparse
import sys
import traceback
from dataclasses import replace
from pathlib import Path
from typing import Callable, Dict, List, Optional, Sequence

from frtlint import __version__
from frtlint.errors import EngineError, UsageError
from frtlint.report_file import write_report_file
from frtlint.reporters.escape import printable

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3


class _Parser(argparse.ArgumentParser):
    """argparse that reports a usage error as one line and exit 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(message)


def _csv(value: str) -> List[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


def _add_selection_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--config", metavar="FILE", help="read settings from FILE instead of the nearest pyproject.toml")
    parser.add_argument("--select", type=_csv, metavar="IDS", help="comma-separated rule ids or prefixes to run")
    parser.add_argument("--ignore", type=_csv, metavar="IDS", help="rule ids or prefixes to skip")
    parser.add_argument("--extend-select", type=_csv, metavar="IDS", help="rule ids or prefixes added to the selection")
    parser.add_argument("--regime", choices=("draft-2023", "measures-2025"), help="article numbering cited first (default: draft-2023)")
    parser.add_argument("--engine", choices=("libcst", "semgrep", "all"), help="which analysis engines run (default: all)")
    parser.add_argument("--jobs", "-j", type=int, metavar="N", help="worker processes; 0 (the default): one per CPU")
    parser.add_argument("--no-cache", action="store_true", help="neither read nor write the facts cache")
    parser.add_argument("--force-exclude", action="store_true", default=None, help="apply exclude patterns to paths named on the command line too (for pre-commit)")


def build_parser() -> argparse.ArgumentParser:
    from frtlint.reporters import FORMATS

    parser = _Parser(prog="frtlint", description="Lint facial recognition code against China's FRT rules.")
    parser.add_argument("--version", action="version", version=f"frtlint {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks for internal errors")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    from frtlint.cli_check import CHECK_DESCRIPTION, CHECK_EPILOG, add_output_options

    check = commands.add_parser(
        "check", help="check files and directories (default: .)", description=CHECK_DESCRIPTION,
        epilog=CHECK_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    check.add_argument("paths", nargs="*", default=["."], metavar="PATH", help="files and folders to check, or - for standard input (default: .)")
    _add_selection_options(check)
    add_output_options(check, FORMATS)
    check.add_argument("--output", "-o", metavar="FILE", help="write the report to FILE instead of standard output")
    check.add_argument("--fail-on", choices=("error", "warning", "never"), help="lowest severity that makes the exit code 1 (default: [tool.frtlint] fail-on, else warning)")
    check.add_argument("--statistics", action="store_true", help="count findings per rule")
    check.add_argument("--lang", choices=("en", "zh-CN"), default="en", help="language of the rule messages")
    check.add_argument("--quiet", "-q", action="store_true", help="print findings only, no summary")
    check.add_argument("--debug", action="store_true", help=argparse.SUPPRESS)
    from frtlint.fixes.command import add_fix_options

    add_fix_options(check)
    _add_gate_options(check)

    rules = commands.add_parser("rules", help="list the rules")
    rules.add_argument("--format", choices=("text", "json"), default="text")

    explain = commands.add_parser("explain", help="show a rule's documentation page")
    explain.add_argument("rule", metavar="RULE", help="rule id (FRT301) or name")
    explain.add_argument("--lang", default="en", metavar="CODE", help="language of the page: en (default) or zh-CN")

    commands.add_parser("lsp", help="run the language server on standard input/output (needs frtlint[lsp])")

    _add_extra_commands(commands)
    from frtlint.report import add_command as add_report_command

    add_report_command(commands)
    return parser


def _add_gate_options(check: argparse.ArgumentParser) -> None:
    """Options contributed by the CI gate (baseline, diff-aware, suppressions)."""
    try:
        from frtlint.gate import add_check_options
    except ImportError:
        return
    add_check_options(check)


def _add_extra_commands(commands) -> None:
    try:
        from frtlint.gate import add_commands
    except ImportError:
        return
    add_commands(commands)


# -- commands ----------------------------------------------------------------------------

def _config_start(paths: Optional[Sequence[str]]) -> Optional[Path]:
    """Where to look for pyproject.toml: from the first checked path, as ruff does, so
    `frtlint check myapp` uses myapp/pyproject.toml whatever the current directory."""
    if not paths:
        return None
    first = Path(paths[0])
    folder = first if first.is_dir() else first.parent
    return folder.resolve() if folder.exists() else None


def _settings(args: argparse.Namespace):
    from frtlint.config import load_settings, validate_selectors

    from frtlint.cli_check import config_paths

    settings = load_settings(args.config, start=_config_start(config_paths(args)))
    for option in ("select", "ignore", "extend_select"):
        value = getattr(args, option, None)
        if value is not None:
            validate_selectors(value, "--" + option.replace("_", "-"))
    overrides = {
        "select": args.select,
        "ignore": args.ignore,
        "extend_select": args.extend_select,
        "regime": args.regime,
        "engine": args.engine,
        "fail_on": getattr(args, "fail_on", None),
        "force_exclude": getattr(args, "force_exclude", None),
    }
    settings = replace(settings, **{k: v for k, v in overrides.items() if v is not None})
    if args.jobs is not None and args.jobs < 0:
        raise UsageError("--jobs must be 0 (one per CPU) or more")
    return settings


def run_check(args: argparse.Namespace) -> int:
    from frtlint.cli_check import run_engine, show_files, show_settings
    from frtlint.engine.collector import tune_for_batch_work
    from frtlint.findings import meets
    from frtlint.reporters import FORMATS

    tune_for_batch_work()
    settings = _settings(args)
    if args.show_files:
        sys.stdout.write(show_files(args.paths, settings))
        return EXIT_OK
    if args.show_settings:
        sys.stdout.write(show_settings(args.paths, settings))
        return EXIT_OK
    result, render_options = run_engine(args, settings)
    from frtlint.fixes.command import apply_fixes, wants_fixes

    if wants_fixes(args):
        fixed = apply_fixes(args, settings, result)
        if fixed is not None:  # --diff: the diff is the output
            return fixed
        result, render_options = run_engine(args, settings)  # report what the fixes left
    try:
        from frtlint.gate import after_run
    except ImportError:
        after_run = None
    if after_run is not None:
        handled = after_run(args, settings, result)
        if handled is not None:
            return handled
    if args.lang != "en":
        from frtlint.report.i18n import translate_findings

        result.findings = translate_findings(result.findings, settings.regime, args.lang)
    report = FORMATS[args.format](
        result, regime=settings.regime, statistics=args.statistics, quiet=args.quiet, **render_options
    )
    _emit(report, args.output)
    if not result.files:  # shown even with -q: a gate that checked nothing must not look green
        print(f"frtlint: warning: no files checked in {' '.join(args.paths)}", file=sys.stderr)
    failing = [f for f in result.active if meets(f.severity, settings.fail_on)]
    return EXIT_FINDINGS if failing and not args.exit_zero else EXIT_OK


def _emit(report: str, output: Optional[str]) -> None:
    if output is None:
        sys.stdout.write(report)
        return
    write_report_file(output, report.encode("utf-8"))


def run_rules(args: argparse.Namespace) -> int:
    import json

    from frtlint.checks import all_rules

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
    from frtlint.checks import all_rules
    from frtlint.report.rule_pages import translated_rule_page

    wanted = args.rule.strip()
    for rule in all_rules():
        if wanted.upper() == rule.id or wanted.lower() == rule.name:
            sys.stdout.write(translated_rule_page(rule, args.lang))
            return EXIT_OK
    from frtlint.cli_suggest import did_you_mean

    names = [rule.id for rule in all_rules()] + [rule.name for rule in all_rules()]
    hint = did_you_mean(wanted.upper() if wanted.upper().startswith("FRT") else wanted.lower(), names)
    raise UsageError(f"unknown rule '{wanted}'{hint} (see `frtlint rules`)")


def run_report(args: argparse.Namespace) -> int:
    from frtlint.report import run_report as run

    return run(args)


def run_lsp(args: argparse.Namespace) -> int:
    from frtlint.integrations.lsp_server import serve

    return serve()


COMMANDS: Dict[str, Callable[[argparse.Namespace], int]] = {
    "lsp": run_lsp,
    "check": run_check,
    "rules": run_rules,
    "explain": run_explain,
    "report": run_report,
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
        handler = COMMANDS.get(args.command)
        if handler is None:
            from frtlint.gate import COMMANDS as GATE_COMMANDS

            handler = GATE_COMMANDS[args.command]
        return handler(args)
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
