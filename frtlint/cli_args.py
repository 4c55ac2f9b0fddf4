"""What the commands of the command line share: the parser, the selection options, the
settings they give, and where a report goes. `cli`, `cli_report` and `gate` import it."""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path
from typing import List, Optional, Sequence

from frtlint.cli_check import config_paths
from frtlint.config import Settings, load_settings, validate_selectors
from frtlint.errors import UsageError
from frtlint.report_file import write_report_file


class Parser(argparse.ArgumentParser):
    """argparse that reports a usage error as one line and exit 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(message)


def _csv(value: str) -> List[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


def add_selection_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--config", metavar="FILE", help="read settings from FILE instead of the nearest pyproject.toml")
    parser.add_argument("--select", type=_csv, metavar="IDS", help="comma-separated rule ids or prefixes to run")
    parser.add_argument("--ignore", type=_csv, metavar="IDS", help="rule ids or prefixes to skip")
    parser.add_argument("--extend-select", type=_csv, metavar="IDS", help="rule ids or prefixes added to the selection")
    parser.add_argument("--regime", choices=("draft-2023", "measures-2025"), help="article numbering cited first (default: draft-2023)")
    parser.add_argument("--engine", choices=("libcst", "semgrep", "all"), help="which analysis engines run (default: all)")
    parser.add_argument("--jobs", "-j", type=int, metavar="N", help="worker processes; 0 (the default): one per CPU")
    parser.add_argument("--no-cache", action="store_true", help="neither read nor write the facts cache")
    parser.add_argument("--force-exclude", action="store_true", default=None, help="apply exclude patterns to paths named on the command line too (for pre-commit)")


def _config_start(paths: Optional[Sequence[str]]) -> Optional[Path]:
    """Where to look for pyproject.toml: from the first checked path, as ruff does, so
    `frtlint check myapp` uses myapp/pyproject.toml whatever the current directory."""
    if not paths:
        return None
    first = Path(paths[0])
    folder = first if first.is_dir() else first.parent
    return folder.resolve() if folder.exists() else None


def settings_from_args(args: argparse.Namespace) -> Settings:
    """The configuration file's settings with the command line's selection options on top."""
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


def emit(report: str, output: Optional[str]) -> None:
    """The report on standard output, or written to the file `output`."""
    if output is None:
        sys.stdout.write(report)
        return
    write_report_file(output, report.encode("utf-8"))
