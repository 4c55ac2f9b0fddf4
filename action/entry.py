"""The GitHub Action's steps, in Python so that inputs are split with shlex (quotes
survive: `extra-args: --config "my config.toml"`) instead of bash word-splitting.

Standard library only: the install step runs before frtlint exists.

    python3 entry.py install   create the venv and install frtlint (with `extras`)
    python3 entry.py check     run `frtlint check`, record exit-code and sarif-file
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path
from typing import List, Mapping, Tuple

_EXTRAS = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*(?:\s*,\s*[A-Za-z0-9][A-Za-z0-9._-]*)*")
EXIT_USAGE = 2


class InputError(ValueError):
    """An action input that cannot be used; the step reports it and records exit code 2."""


def _split(name: str, value: str) -> List[str]:
    try:
        return shlex.split(value)
    except ValueError as error:
        raise InputError(f"{name}: {error} in {value!r}") from None


def venv_dir(env: Mapping[str, str]) -> Path:
    return Path(env["RUNNER_TEMP"]) / "frtlint-venv"


def install_specs(env: Mapping[str, str]) -> List[str]:
    """What pip installs: the `install` input, else this action's checkout with `extras`."""
    extras = env.get("FRTLINT_EXTRAS", "").strip()
    if extras and not _EXTRAS.fullmatch(extras):
        raise InputError(f"extras: expected names separated by commas (e.g. semgrep,lsp), got {extras!r}")
    specs = _split("install", env.get("FRTLINT_INSTALL", ""))
    if specs:
        if extras:
            raise InputError("extras: with `install`, name the extras in the spec itself (e.g. frtlint[semgrep]==0.1.0)")
        return specs
    source = env["FRTLINT_ACTION_PATH"]
    names = "".join(extras.split())
    return [f"{source}[{names}]" if names else source]


def check_command(env: Mapping[str, str]) -> Tuple[List[str], Path, str]:
    """The frtlint command line, the folder it runs in, and the SARIF path as seen from
    the workspace (for the upload step)."""
    frtlint = str(venv_dir(env) / "bin" / "frtlint")
    sarif = env.get("FRTLINT_SARIF") or "frtlint.sarif"
    args = [frtlint, "check", "--format", "github", "--also", f"sarif={sarif}"]
    if env.get("FRTLINT_SUMMARY", "true") == "true":
        args += ["--also", f"markdown={Path(env['RUNNER_TEMP']) / 'frtlint-summary.md'}"]
    for option, name in (("--fail-on", "FRTLINT_FAIL_ON"), ("--baseline", "FRTLINT_BASELINE"), ("--diff-base", "FRTLINT_DIFF_BASE")):
        if env.get(name):
            args += [option, env[name]]
    args += _split("extra-args", env.get("FRTLINT_EXTRA_ARGS", ""))
    args += ["--", *(_split("paths", env.get("FRTLINT_PATHS", "")) or ["."])]
    folder = Path(env.get("FRTLINT_WORKING_DIRECTORY") or ".")
    if not folder.is_dir():
        raise InputError(f"working-directory: {folder} is not a folder")
    return args, folder, os.path.normpath(folder / sarif)


def _append(path: str, text: str) -> None:
    with open(path, "a", encoding="utf-8") as handle:
        handle.write(text)


def run_install(env: Mapping[str, str]) -> int:
    specs = install_specs(env)
    python = str(venv_dir(env) / "bin" / "python")
    subprocess.run([sys.executable, "-m", "venv", str(venv_dir(env))], check=True)
    subprocess.run([python, "-m", "pip", "install", "--quiet", "--upgrade", "pip"], check=True)
    subprocess.run([python, "-m", "pip", "install", "--quiet", *specs], check=True)
    subprocess.run([str(venv_dir(env) / "bin" / "frtlint"), "--version"], check=True)
    return 0


def run_check(env: Mapping[str, str]) -> int:
    """Always 0: the exit code is recorded for the Gate step, so the SARIF upload still runs."""
    try:
        args, folder, sarif = check_command(env)
    except InputError as error:
        print(f"::error title=frtlint action::{error}")
        _append(env["GITHUB_OUTPUT"], f"exit-code={EXIT_USAGE}\n")
        return 0
    code = subprocess.run(args, cwd=folder).returncode
    _append(env["GITHUB_OUTPUT"], f"exit-code={code}\nsarif-file={sarif}\n")
    summary = Path(env["RUNNER_TEMP"]) / "frtlint-summary.md"
    if env.get("FRTLINT_SUMMARY", "true") == "true" and summary.is_file():
        _append(env["GITHUB_STEP_SUMMARY"], summary.read_text(encoding="utf-8"))
    return 0


def main(argv: List[str]) -> int:
    steps = {"install": run_install, "check": run_check}
    if len(argv) != 1 or argv[0] not in steps:
        print("usage: entry.py install|check", file=sys.stderr)
        return EXIT_USAGE
    try:
        return steps[argv[0]](os.environ)
    except InputError as error:
        print(f"::error title=frtlint action::{error}")
        return EXIT_USAGE


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
