"""The user-facing side of `frtlint check`: output and colour options, `check -`
(standard input), `--show-files`, `--exit-zero`, and the help text with exit codes and
examples. `frtlint.cli` adds these options and calls these helpers."""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple

from frtlint.config import Settings, rule_matches
from frtlint.engine.discover import MAX_SOURCE_BYTES, SourceFile, discover, display_path, relative_to_root
from frtlint.engine.runner import Engine, RunResult
from frtlint.errors import UsageError
from frtlint.reporters.escape import printable
from frtlint.terminal.color import COLOR_CHOICES, use_color
from frtlint.terminal.progress import InstrumentedEngine, Progress, verbose_lines, wants_progress
from frtlint.analysis.source_text import decode_source
from frtlint.terminal.source_lines import SourceLines

STDIN = "-"
DEFAULT_FORMAT = "full"

CHECK_DESCRIPTION = "Check files and folders (default: the current folder) and report findings."

CHECK_EPILOG = """\
output formats:
  full       (default) each finding with its source lines, the span marked, and its evidence
  concise    one line per finding: path:line:col: RULE message (text is the same format)
  json, sarif, github, gitlab, junit, markdown: for CI and other tools (see docs/cli.md)

exit codes:
  0  no finding at or above --fail-on (always with --exit-zero, --show-files or --show-settings)
  1  at least one finding at or above --fail-on
  2  usage or configuration error (bad option, unknown rule, broken pyproject.toml)
  3  internal error, or an analysis engine failed

examples:
  frtlint check                              check the current folder
  frtlint check src --select FRT1,FRT3       only some rules
  frtlint check --output-format concise      one line per finding
  frtlint check -f sarif -o frtlint.sarif    a SARIF report for code scanning
  frtlint check - --stdin-filename app/kiosk.py < app/kiosk.py
  frtlint check --show-files                 list the files a run would check
  frtlint check --show-settings app/views.py the configuration that applies to a file
"""


def add_output_options(check: argparse.ArgumentParser, formats: Sequence[str]) -> None:
    check.add_argument(
        "--output-format", "--format", "-f", dest="format", default=DEFAULT_FORMAT, choices=sorted(formats),
        metavar="FORMAT", help=f"report format: {', '.join(sorted(formats))} (default: {DEFAULT_FORMAT})",
    )
    check.add_argument(
        "--color", choices=COLOR_CHOICES, default="auto",
        help="colour the full and concise output: auto (a terminal, unless NO_COLOR is set or FORCE_COLOR is), always, never (default: auto)",
    )
    check.add_argument("--exit-zero", action="store_true", help="exit 0 even when findings fail the run (errors still exit 2 or 3)")
    check.add_argument(
        "--stdin-filename", metavar="NAME",
        help="with the path '-': the name of the file read from standard input (its config and per-file-ignores apply)",
    )
    check.add_argument("--show-files", action="store_true", help="list the files that would be checked, then exit 0")
    check.add_argument(
        "--show-settings", action="store_true",
        help="print the configuration that applies to the first PATH (its source, the rules run on it), then exit 0",
    )
    check.add_argument("--verbose", "-v", action="store_true", help="list each checked file with its analysis time on stderr")


# -- standard input ------------------------------------------------------------------------

def reads_stdin(args: argparse.Namespace) -> bool:
    paths: List[str] = list(getattr(args, "paths", None) or [])
    if STDIN in paths and len(paths) > 1:
        raise UsageError("'-' (standard input) cannot be combined with other paths")
    stdin = paths == [STDIN]
    if getattr(args, "stdin_filename", None) is not None and not stdin:
        raise UsageError("--stdin-filename needs the path '-': frtlint check - --stdin-filename NAME")
    return stdin


def config_paths(args: argparse.Namespace) -> Optional[Sequence[str]]:
    """The paths the configuration is looked up from: NAME for `check -`."""
    if reads_stdin(args):
        return [args.stdin_filename] if args.stdin_filename else None
    return getattr(args, "paths", None)


def read_stdin() -> bytes:
    data = sys.stdin.buffer.read(MAX_SOURCE_BYTES + 1)
    if len(data) > MAX_SOURCE_BYTES:
        raise UsageError(f"standard input is larger than {MAX_SOURCE_BYTES // (1024 * 1024)} MB")
    return data


def check_stdin(args: argparse.Namespace, settings: Settings, content: bytes) -> RunResult:
    """The findings for `content` as if it were the file NAME (a one-file check)."""
    name = args.stdin_filename or "stdin.py"
    if not name.endswith(".py"):
        raise UsageError(f"--stdin-filename {name}: only Python source can be checked from standard input")
    path = Path(name)
    display = display_path(path)
    source = SourceFile(path.resolve(), display, "python")
    if settings.force_exclude and settings.is_excluded(_relative_to_root(path, settings.root)):
        return RunResult(findings=[], files=[source])
    findings = Engine(settings, use_cache=False, jobs=1).check_source(display, content)
    return RunResult(findings=findings, files=[source])


def _relative_to_root(path: Path, root: Path) -> str:
    """A path named on the command line (not resolved: a symbolic link is matched by its
    own name) relative to the project root."""
    return relative_to_root(Path(os.path.abspath(path)), root.resolve())


def stdin_sources(result: RunResult, content: bytes) -> SourceLines:
    display = result.files[0].display
    return SourceLines({}, {display: decode_source(content, display)})


# -- other modes -----------------------------------------------------------------------------

def show_files(paths: Sequence[str], settings: Settings) -> str:
    files = discover(paths, settings)
    return "".join(f"{printable(f.display)}\n" for f in sorted(files, key=lambda f: f.display))


def show_settings(paths: Sequence[str], settings: Settings) -> str:
    """What applies to the first path (ruff's --show-settings): where the configuration
    came from, the rules that run on that file and every setting after defaults."""
    target = paths[0] if paths else "."
    relative = _relative_to_root(Path(target), settings.root)
    enabled = settings.enabled_rules()
    ignored = settings.ignored_for(relative)
    lines = [
        f"file: {printable(target)}",
        f"configuration: {printable(str(settings.source)) if settings.source else '(defaults: no [tool.frtlint] found)'}",
        f"project root: {printable(str(settings.root))}",
        f"rules run on this file: {', '.join(r for r in enabled if not rule_matches(r, ignored)) or '(none)'}",
    ]
    if ignored:
        lines.append(f"per-file-ignores for this file: {', '.join(sorted(set(ignored)))}")
    lines.append(f"excluded: {'yes' if settings.is_excluded(relative) else 'no'}")
    for name in ("select", "extend_select", "ignore", "per_file_ignores", "exclude", "extend_exclude", "fail_on",
                 "regime", "engine", "jobs", "cache_dir", "respect_gitignore", "force_exclude", "catalog",
                 "rule_options", "impact_assessment", "impact_assessment_max_age_days"):
        lines.append(f"{name.replace('_', '-')} = {json.dumps(getattr(settings, name), ensure_ascii=False, default=str)}")
    return "".join(f"{line}\n" for line in lines)


def render_options(args: argparse.Namespace) -> Dict[str, object]:
    """Keyword arguments for the report renderer: colour only for full/concise text on a
    stream (a report file never gets escape codes)."""
    stream = sys.stdout if args.output is None else None
    return {"color": args.format in ("full", "concise", "text") and use_color(args.color, stream)}


def run_engine(args: argparse.Namespace, settings: Settings) -> Tuple[RunResult, Dict[str, object]]:
    """Run the check the options ask for: the result and extra renderer arguments.

    Standard input is one file; otherwise the engine runs with a progress line on a
    terminal and, with -v, per-file timings on stderr."""
    extra = render_options(args)
    if reads_stdin(args):
        for option in ("add_suppressions", "fix", "diff"):
            if getattr(args, option, False):
                raise UsageError(f"--{option.replace('_', '-')} edits files on disk; it cannot be used with '-' (standard input)")
        content = read_stdin()
        result = check_stdin(args, settings, content)
        return result, {**extra, "sources": stdin_sources(result, content)}
    started = time.perf_counter()
    progress = Progress(sys.stderr) if wants_progress(sys.stderr) and not args.quiet else None
    engine = InstrumentedEngine(settings, use_cache=not args.no_cache, jobs=args.jobs, progress=progress, timed=args.verbose)
    if progress is None:
        result = engine.run(args.paths)
    else:
        with progress:
            result = engine.run(args.paths)
    if engine.timings is not None:
        for line in verbose_lines(result, engine.timings, time.perf_counter() - started):
            print(line, file=sys.stderr)
    return result, extra
