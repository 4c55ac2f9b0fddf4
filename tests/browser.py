"""Headless Chromium for the HTML report tests: Debian's `chromium` package.

`chromium_or_skip()` returns the browser's path, installing the package with apt-get when
it is missing and the test runs as root; otherwise the test is skipped with the reason.
Run `python tests/browser.py` to install it ahead of a test run.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import List, Optional, Tuple

import pytest

_NAMES = ("chromium", "chromium-browser")
_INSTALL_TIMEOUT = 900


def find_chromium() -> Optional[str]:
    for name in _NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def install_chromium() -> Tuple[Optional[str], str]:
    """(path, "") once installed, or (None, why not)."""
    found = find_chromium()
    if found:
        return found, ""
    if shutil.which("apt-get") is None:
        return None, "chromium is not installed and apt-get is not available"
    if os.geteuid() != 0:
        return None, "chromium is not installed and installing it needs root (apt-get install -y chromium)"
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    try:
        completed = subprocess.run(
            ["apt-get", "install", "-y", "--no-install-recommends", "chromium"],
            capture_output=True, text=True, timeout=_INSTALL_TIMEOUT, env=env, check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        return None, f"apt-get install chromium failed: {error}"
    if completed.returncode != 0:
        last = (completed.stderr.strip().splitlines() or ["no output"])[-1]
        return None, f"apt-get install chromium failed: {last}"
    found = find_chromium()
    return (found, "") if found else (None, "apt-get installed chromium but no chromium executable is on PATH")


def chromium_or_skip() -> str:
    found, reason = install_chromium()
    if found is None:
        pytest.skip(reason)
    return found


def headless(chromium: str, profile: Path, *args: str) -> List[str]:
    """A headless command line that cannot reach the network or keep state."""
    return [
        chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions",
        "--disable-background-networking", "--disable-dev-shm-usage", "--proxy-server=127.0.0.1:9",
        f"--user-data-dir={profile}", *args,
    ]


if __name__ == "__main__":
    path, why = install_chromium()
    print(path or f"not installed: {why}")
    sys.exit(0 if path else 1)
