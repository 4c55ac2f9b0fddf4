"""Run git on an untrusted work tree without running anything the tree configures.

A scanned folder's `.git/config` (or a file it includes) can name programs git runs
for read-only commands: `core.fsmonitor` on every index read, external diff and
textconv drivers, clean filters for changed files, a pager, hooks. frtlint asks git
only to list and diff files, so every such key is overridden on the command line
(which beats every config file), the system config is skipped, and git is told not to
prompt, page, take locks or touch the network.
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path
from functools import lru_cache
from typing import Dict, List, Sequence, Tuple

# Keys that name a program (or a folder of programs) git may run; set to harmless values.
_FIXED_OVERRIDES: Dict[str, str] = {
    "core.fsmonitor": "false",
    "core.hooksPath": os.devnull,
    "core.pager": "cat",
    "core.editor": "true",
    "core.askPass": "",
    "core.sshCommand": "false",
    "core.gitProxy": "",
    "core.untrackedCache": "false",
    "diff.external": "",
    "credential.helper": "",
    "protocol.allow": "never",
    "uploadpack.packObjectsHook": "",
    "gpg.program": "false",
    "sequence.editor": "true",
}
# Per-driver keys, found by listing the repository's configuration first.
_DRIVER_KEY = re.compile(
    r"^(filter\.[^\n]+\.(clean|smudge|process)|diff\.[^\n]+\.(command|textconv)"
    r"|merge\.[^\n]+\.driver|remote\.[^\n]+\.(uploadpack|receivepack|vcs))$",
    re.IGNORECASE,
)


def git_environment() -> Dict[str, str]:
    """The caller's environment (trusted, unlike the tree) with git's prompts and pagers off."""
    env = {k: v for k, v in os.environ.items() if k not in ("GIT_EXTERNAL_DIFF", "GIT_CONFIG_PARAMETERS")}
    env.update(
        GIT_CONFIG_NOSYSTEM="1",
        GIT_TERMINAL_PROMPT="0",
        GIT_OPTIONAL_LOCKS="0",
        GIT_PAGER="cat",
        GIT_ATTR_NOSYSTEM="1",
        GIT_PROTOCOL_FROM_USER="0",
    )
    return env


def _override_args(overrides: Dict[str, str]) -> List[str]:
    args: List[str] = []
    for key, value in overrides.items():
        args += ["-c", f"{key}={value}"]
    return args


@lru_cache(maxsize=16)
def _configured_driver_keys(cwd: Path, timeout: float) -> Tuple[str, ...]:
    """Names of driver keys set anywhere git would read them for this folder."""
    try:
        listed = subprocess.run(
            ["git", *_override_args(_FIXED_OVERRIDES), "config", "--list", "--name-only", "-z"],
            cwd=cwd, capture_output=True, timeout=timeout, check=False, env=git_environment(),
            stdin=subprocess.DEVNULL,
        )
    except (OSError, subprocess.SubprocessError):
        return ()
    names = listed.stdout.decode("utf-8", "replace").split("\0")
    return tuple(sorted({n.strip() for n in names if _DRIVER_KEY.match(n.strip())}))


def run_git(args: Sequence[str], cwd: Path, timeout: float) -> "subprocess.CompletedProcess[bytes]":
    """`git ARGS` in `cwd` with the repository's program-running settings disabled.

    Raises OSError when git is missing and subprocess.TimeoutExpired on timeout.
    """
    overrides = dict(_FIXED_OVERRIDES)
    for key in _configured_driver_keys(cwd, timeout):
        # A driver program set to "" is disabled; `false` makes a required filter fail
        # loudly instead of silently running the tree's own program.
        overrides[key] = "false" if key.lower().endswith(("clean", "smudge", "process")) else ""
    command = ["git", *_override_args(overrides), "-c", "core.quotePath=false", *args]
    return subprocess.run(
        command, cwd=cwd, capture_output=True, timeout=timeout, check=False, env=git_environment(),
        stdin=subprocess.DEVNULL,
    )
