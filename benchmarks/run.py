#!/usr/bin/env python3
"""frtlint's benchmark: prepare the corpora, run frtlint and its peers, report ratios.

    python benchmarks/run.py [--install] [--rounds 3] [--quick] [--baseline COMMIT]

Corpora (under benchmarks/.corpora/, gitignored, built on first use and reused):

  django      the django/ package of the Django 5.1 sdist from PyPI (little face code)
  facelibs    the deepface/ and face_recognition/ packages of their PyPI sdists
  face-1x     the generated face-dense application corpus (generate_corpus.py),
  face-2x     at 1x (>= 300,000 lines), 2x and 4x
  face-4x
  precommit   3 modules of face-1x given as file arguments (a pre-commit run)

Every tool runs on every corpus in the same invocation. Each round runs the tools in a
different order (odd rounds reversed) and the table shows medians. Each run is measured
with os.wait4: wall time, CPU time (user + sys of the process and its reaped children)
and ru_maxrss (the largest single process, as /usr/bin/time -v reports it); a sampler
also records the peak summed RSS of the whole process tree (the pool workers together).

Every corpus is copied into a fresh temporary directory outside any git work tree and
the tools run with that directory as their working directory, so no pyproject.toml,
.gitignore or cache of this repository influences them, and frtlint's cache
(<cwd>/.frtlint_cache) is private to the corpus.

--baseline COMMIT also runs that commit's frtlint (cold, --jobs 1) on every corpus in the
same rounds, and the targets compare the measured frtlint with it (at most 10% slower).

--install pip-installs the peer tools that are missing (bandit, ruff, flake8, semgrep)
into this interpreter's environment. Without it a missing tool is reported as "n/a".
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import json
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tarfile
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
CORPORA = HERE / ".corpora"
sys.path.insert(0, str(HERE))

import generate_corpus  # noqa: E402

DJANGO_SPEC = "django==5.1.*"
FACELIB_SPECS = ("deepface==0.0.93", "face_recognition==1.3.0")
FACE_LINES = 300_000
QUICK_FACE_LINES = 3_000
TIMEOUT_SECONDS = 15 * 60
PEER_PACKAGES = {"bandit": "bandit", "ruff": "ruff", "flake8": "flake8", "semgrep": "semgrep"}


# -- running one command -------------------------------------------------------------------

@dataclass
class Measurement:
    wall: float = 0.0
    cpu: float = 0.0
    maxrss_mb: float = 0.0
    tree_mb: float = 0.0
    returncode: int = 0
    status: str = "ok"  # ok | timeout | error
    detail: str = ""


def _children_map() -> Dict[int, List[int]]:
    children: Dict[int, List[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as handle:
                data = handle.read()
        except OSError:
            continue
        fields = data[data.rfind(b")") + 2:].split()
        children.setdefault(int(fields[1]), []).append(int(entry))
    return children


def _tree_rss_kb(root: int) -> int:
    children = _children_map()
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        stack.extend(children.get(pid, ()))
        try:
            with open(f"/proc/{pid}/statm", "rb") as handle:
                total += int(handle.read().split()[1]) * (os.sysconf("SC_PAGE_SIZE") // 1024)
        except (OSError, IndexError, ValueError):
            pass
    return total


GNU_TIME = "/usr/bin/time" if os.access("/usr/bin/time", os.X_OK) else None


def measure(command: Sequence[str], cwd: Path, stdout: Path, timeout: float, env: Dict[str, str]) -> Measurement:
    """Run `command` once: wall time around it, CPU from wait4, peak RSS, tree RSS from /proc samples.

    Linux keeps a process's ru_maxrss across exec, so a child forked (or vforked) from
    this runner would report at least the runner's own size. The command therefore runs
    under GNU time, a process of ~2 MB, and its %M (ru_maxrss of the command alone) is
    the peak RSS; wait4 on GNU time still gives the CPU time of the whole tree.
    """
    stderr_path = stdout.with_suffix(".stderr")
    rss_path = stdout.with_suffix(".maxrss")
    argv = [GNU_TIME, "-f", "%M", "-o", str(rss_path), *command] if GNU_TIME else list(command)
    with open(stdout, "wb") as out, open(stderr_path, "wb") as err:
        start = time.perf_counter()
        try:
            process = subprocess.Popen(argv, cwd=cwd, stdout=out, stderr=err, env=env, start_new_session=True)
        except OSError as error:
            return Measurement(status="error", detail=str(error))
        peak = [0]
        done = threading.Event()
        timed_out = [False]

        def sample() -> None:
            while not done.wait(0.25):
                try:
                    peak[0] = max(peak[0], _tree_rss_kb(process.pid))
                except Exception:  # a process vanishing mid-scan is fine
                    pass

        def kill() -> None:
            timed_out[0] = True
            try:
                os.killpg(process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        timer = threading.Timer(timeout, kill)
        timer.start()
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        timer.cancel()
        done.set()
        sampler.join()
        process.returncode = os.waitstatus_to_exitcode(status)
    maxrss_kb = usage.ru_maxrss
    if GNU_TIME:
        try:
            maxrss_kb = int(rss_path.read_text().split()[-1])
        except (OSError, ValueError, IndexError):
            pass
    result = Measurement(
        wall=wall,
        cpu=usage.ru_utime + usage.ru_stime,
        maxrss_mb=maxrss_kb / 1024.0,
        tree_mb=max(peak[0], maxrss_kb) / 1024.0,
        returncode=process.returncode,
    )
    if timed_out[0]:
        result.status = "timeout"
    return result


# -- tools ---------------------------------------------------------------------------------

def executable(name: str) -> Optional[str]:
    """The real script beside this interpreter first (pyenv shims add ~100 ms a call)."""
    sibling = Path(sys.executable).parent / name
    if sibling.exists():
        return str(sibling)
    return shutil.which(name)


def install_peers(missing: Sequence[str]) -> None:
    packages = [PEER_PACKAGES[name] for name in missing]
    if not packages:
        return
    print(f"installing {', '.join(packages)} with pip ...", flush=True)
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", *packages], check=True)


def python_rules(root: Path) -> List[Path]:
    directory = root / "rules" / "python"
    if not directory.is_dir():
        return []
    return sorted(p for p in directory.glob("*.y*ml") if not p.name.endswith((".test.yaml", ".test.yml")))


def flake8_plugin_state(flake8: Optional[str], env: Dict[str, str]) -> Tuple[bool, str]:
    if flake8 is None:
        return False, "flake8 is not installed"
    completed = subprocess.run([flake8, "--version"], capture_output=True, text=True, env=env)
    if completed.returncode != 0:
        last = (completed.stderr.strip().splitlines() or ["no output"])[-1]
        return False, f"`flake8 --version` fails: {last[:200]}"
    if re.search(r"\bFRT\b|frtlint", completed.stdout):
        return True, completed.stdout.strip().splitlines()[0]
    return False, "flake8 does not list the frtlint plugin (FRT)"


@dataclass
class Tool:
    name: str
    label: str
    command: Optional[callable]  # (corpus) -> argv, or None when not available
    note: str = ""
    ok_codes: Tuple[int, ...] = (0,)
    corpora: Optional[Tuple[str, ...]] = None  # None: every full corpus
    pair: bool = False  # frtlint-cache: a fill run then the measured warm run
    pythonpath: Optional[Path] = None  # put first on PYTHONPATH for this tool (the baseline's frtlint)


@dataclass
class Corpus:
    name: str
    path: Path  # the copy in the work directory
    lines: int
    files: int
    description: str
    targets: List[str] = field(default_factory=list)  # explicit file arguments (precommit)

    def args(self) -> List[str]:
        return list(self.targets) if self.targets else [self.path.name]

    @property
    def cwd(self) -> Path:
        return self.path.parent


def snapshot_frtlint(work: Path, source: str, folder: str = "frtlint-under-test") -> Tuple[Path, str]:
    """The frtlint under test: `git archive` of a commit (default HEAD) or the work tree.

    Other engineers edit frtlint/ while a long benchmark runs; measuring a commit keeps
    every run of one invocation on the same, consistent code. The snapshot is put first
    on PYTHONPATH for every tool (frtlint, its flake8 plugin), ahead of the editable
    install, and its rules/ are the Semgrep rules.
    """
    if source == "worktree":
        commit = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
        return REPO, f"work tree of {commit.stdout.strip()} (with uncommitted changes, if any)"
    target = work / folder
    target.mkdir()
    commit = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", source], capture_output=True, text=True,
                            check=True).stdout.strip()
    archive = subprocess.run(["git", "-C", str(REPO), "archive", commit, "frtlint", "rules"], capture_output=True, check=True)
    subprocess.run(["tar", "-x", "-C", str(target)], input=archive.stdout, check=True)
    # Byte-compiled as `pip install` does: without it every run (with
    # PYTHONDONTWRITEBYTECODE set, as on CI machines) compiles frtlint from source first.
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(target / "frtlint")], check=True)
    return target, f"commit {commit}"


def build_tools(env: Dict[str, str], semgrep_timeout: int, frtlint_root: Path,
                baseline: Optional[Tuple[Path, str]] = None) -> List[Tool]:
    base = [sys.executable, "-m", "frtlint", "check"]

    def frt(*extra: str):
        def command(corpus: Corpus) -> List[str]:
            output = str(corpus.cwd / "frtlint-report.json")
            return [*base, *corpus.args(), *extra, "-q", "--fail-on", "never", "--format", "json", "-o", output]
        return command

    tools = [
        Tool("frtlint-j1", "frtlint cold --jobs 1", frt("--no-cache", "--jobs", "1"), ok_codes=(0,)),
        Tool("frtlint", "frtlint cold (default jobs)", frt("--no-cache"), ok_codes=(0,)),
        Tool("frtlint-warm", "frtlint warm (2nd run, cache)", frt(), ok_codes=(0,), pair=True),
    ]
    if baseline is not None:  # the same cold --jobs 1 run of an earlier commit, for "no slower than before"
        tools.append(Tool("baseline-j1", f"baseline ({baseline[1]}) cold --jobs 1", frt("--no-cache", "--jobs", "1"),
                          ok_codes=(0,), pythonpath=baseline[0]))
    bandit = executable("bandit")
    tools.append(Tool(
        "bandit", "bandit -r", (lambda c: [bandit, "-r", *c.args(), "-q", "-f", "json"]) if bandit else None,
        note="" if bandit else "not installed (run with --install)", ok_codes=(0, 1),
    ))
    semgrep = executable("semgrep")
    rules = python_rules(frtlint_root)
    if semgrep is None:
        tools.append(Tool("semgrep", "semgrep (frtlint rules)", None, note="not installed (run with --install)"))
    elif not rules:
        tools.append(Tool("semgrep", "semgrep (frtlint rules)", None, note="rules/python/ has no rules yet"))
    else:
        tools.append(Tool(
            "semgrep", "semgrep (frtlint rules)",
            lambda c: [semgrep, "scan", "--config", str(frtlint_root / "rules" / "python"), "--metrics=off",
                       "--disable-version-check", "-q", "--json", "--timeout", str(semgrep_timeout), *c.args()],
            note=f"{len(rules)} rule file(s) in rules/python/", ok_codes=(0, 1),
        ))
    flake8 = executable("flake8")
    has_plugin, why = flake8_plugin_state(flake8, env)
    tools.append(Tool(
        "flake8-frt", "flake8 --select FRT", (lambda c: [flake8, "--select", "FRT", *c.args()]) if has_plugin else None,
        note=why, ok_codes=(0, 1),
    ))
    ruff = executable("ruff")
    tools.append(Tool(
        "ruff", "ruff --select ALL",
        (lambda c: [ruff, "check", "--select", "ALL", "--no-cache", *c.args(), "--exit-zero", "-q"]) if ruff else None,
        note="" if ruff else "not installed (run with --install)",
    ))
    tools.append(Tool(
        "import-libcst", 'python -c "import libcst"', lambda c: [sys.executable, "-c", "import libcst"],
        corpora=("precommit",),
    ))
    tools.append(Tool(
        "frtlint-3files", "frtlint on 3 files (no cache)", frt("--no-cache"), corpora=("precommit",),
    ))
    tools.append(Tool(
        "frtlint-3files-warm", "frtlint on 3 edited files, rest cached", frt(), corpora=("precommit",),
    ))
    return tools


# -- corpora -------------------------------------------------------------------------------

def _pip_download(spec: str, dest: Path) -> Path:
    dest.mkdir(parents=True, exist_ok=True)
    name = re.split(r"[=<>!~ ]", spec, 1)[0].lower().replace("-", "_")
    found = [p for p in dest.glob("*.tar.gz") if p.name.lower().replace("-", "_").startswith(name + "_")]
    if found:
        return sorted(found)[-1]
    print(f"downloading {spec} (sdist) from PyPI ...", flush=True)
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--no-binary", ":all:", spec, "-d", str(dest)],
        check=True,
    )
    found = [p for p in dest.glob("*.tar.gz") if p.name.lower().replace("-", "_").startswith(name + "_")]
    if not found:
        raise SystemExit(f"pip download {spec} produced no sdist in {dest}")
    return sorted(found)[-1]


def _unpack_package(sdist: Path, package: str, dest: Path) -> None:
    """Extract only <sdist-root>/<package>/ into dest/<package>/."""
    with tarfile.open(sdist) as archive:
        members = []
        for member in archive.getmembers():
            parts = Path(member.name).parts
            if len(parts) >= 2 and parts[1] == package and (member.isfile() or member.isdir()):
                member.name = str(Path(*parts[1:]))
                members.append(member)
        if not members:
            raise SystemExit(f"{sdist.name} has no {package}/ directory")
        if hasattr(tarfile, "data_filter"):
            archive.extractall(dest, members=members, filter="data")
        else:
            archive.extractall(dest, members=members)


def prepare_django() -> Path:
    target = CORPORA / "django"
    if (target / "django" / "__init__.py").exists():
        return target
    sdist = _pip_download(DJANGO_SPEC, CORPORA / "downloads")
    shutil.rmtree(target, ignore_errors=True)
    _unpack_package(sdist, "django", target)
    (target / "VERSION").write_text(sdist.name + "\n")
    return target


def prepare_facelibs() -> Path:
    target = CORPORA / "facelibs"
    if (target / "deepface").is_dir() and (target / "face_recognition").is_dir():
        return target
    shutil.rmtree(target, ignore_errors=True)
    names = []
    for spec in FACELIB_SPECS:
        sdist = _pip_download(spec, CORPORA / "downloads")
        package = re.split(r"[=<>!~ ]", spec, 1)[0]
        _unpack_package(sdist, package, target)
        names.append(sdist.name)
    (target / "VERSION").write_text("\n".join(names) + "\n")
    return target


def _generator_digest() -> str:
    """The generator's command line, its engine and its templates: any edit regenerates the corpus."""
    digest = hashlib.sha256()
    for source in [HERE / "generate_corpus.py", *sorted((HERE / "corpus").glob("*.py"))]:
        digest.update(source.name.encode() + b"\0" + source.read_bytes())
    return digest.hexdigest()[:16]


def prepare_face(scale: int, lines: int) -> Path:
    target = CORPORA / f"face-{lines // 1000}k-{scale}x"
    stamp = CORPORA / f"face-{lines // 1000}k-{scale}x.stamp"
    wanted = f"{_generator_digest()} seed={generate_corpus.DEFAULT_SEED} lines={lines} scale={scale}\n"
    if target.is_dir() and stamp.exists() and stamp.read_text() == wanted:
        return target
    shutil.rmtree(target, ignore_errors=True)
    print(f"generating the face corpus at {scale}x ({lines * scale:,} lines) ...", flush=True)
    generate_corpus.write_corpus(target, lines * scale)
    stamp.write_text(wanted)
    return target


def count_python(root: Path) -> Tuple[int, int]:
    files = lines = 0
    for path in root.rglob("*.py"):
        files += 1
        with open(path, "rb") as handle:
            lines += handle.read().count(b"\n")
    return files, lines


def stage(source: Path, work: Path, name: str, subdir: Optional[str] = None) -> Path:
    """Copy a corpus into work/<name>/src (or only one sub-folder of it)."""
    home = work / name
    home.mkdir(parents=True)
    src = home / "src"
    shutil.copytree(source / subdir if subdir else source, src, ignore=shutil.ignore_patterns("VERSION"))
    return src


def prepare_corpora(work: Path, quick: bool, only: Optional[Sequence[str]]) -> List[Corpus]:
    CORPORA.mkdir(parents=True, exist_ok=True)
    wanted = set(only) if only else None
    face_lines = QUICK_FACE_LINES if quick else FACE_LINES
    corpora: List[Corpus] = []

    def add(name: str, path: Path, description: str, targets: Sequence[str] = ()) -> None:
        files, lines = count_python(path) if not targets else (len(targets), sum(
            (path.parent / t).read_bytes().count(b"\n") for t in targets))
        corpora.append(Corpus(name, path, lines, files, description, list(targets)))

    if wanted is None or "django" in wanted:
        django = prepare_django()
        version = (django / "VERSION").read_text().strip()
        if quick:
            add("django", stage(django, work, "django", "django/utils"), f"{version}: django/utils only (quick)")
        else:
            add("django", stage(django, work, "django", "django"), f"{version}: the django/ package")
    if wanted is None or "facelibs" in wanted:
        libs = prepare_facelibs()
        version = ", ".join((libs / "VERSION").read_text().split())
        add("facelibs", stage(libs, work, "facelibs"), f"{version}: the deepface/ and face_recognition/ packages")
    for scale in (1, 2, 4):
        name = f"face-{scale}x"
        if wanted is None or name in wanted or (scale == 1 and "precommit" in wanted):
            path = prepare_face(scale, face_lines)
            if wanted is None or name in wanted:
                add(name, stage(path, work, name), f"generated, seed {generate_corpus.DEFAULT_SEED}, {scale} x {face_lines:,} lines")
            if scale == 1 and (wanted is None or "precommit" in wanted):
                src = stage(path, work, "precommit")
                picks = _precommit_files(src)
                add("precommit", src, "3 face modules of face-1x as file arguments", targets=picks)
    return corpora


def _precommit_files(src: Path) -> List[str]:
    """Three face modules of different kinds (a typical commit touches a few files)."""
    chosen: List[str] = []
    kinds = set()
    for path in sorted(src.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        kind = next((k for k, marker in _KIND_MARKERS if marker in text), None)
        if kind and kind not in kinds:
            kinds.add(kind)
            chosen.append(str(path.relative_to(src.parent)))
        if len(chosen) == 3:
            break
    return chosen


_KIND_MARKERS = (
    ("flask", "from flask import"), ("door", "RPi.GPIO"), ("deepface", "from deepface import"),
    ("rekognition", "boto3.client(\"rekognition\""), ("baidu", "from aip import"), ("lbph", "LBPHFaceRecognizer"),
    ("insightface", "from insightface"), ("fastapi", "from fastapi import"),
)


# -- the rounds ----------------------------------------------------------------------------

def run_all(tools: List[Tool], corpora: List[Corpus], rounds: int, timeout: float, env: Dict[str, str],
            large_rounds: int) -> Dict[Tuple[str, str], List[Measurement]]:
    results: Dict[Tuple[str, str], List[Measurement]] = {}
    given_up: set = set()
    for round_index in range(rounds):
        order = list(tools) if round_index % 2 == 0 else list(reversed(tools))
        for corpus in corpora:
            if round_index >= large_rounds and corpus.name in ("face-2x", "face-4x"):
                continue
            for tool in order:
                if tool.command is None:
                    continue
                if tool.corpora is not None and corpus.name not in tool.corpora:
                    continue
                if tool.corpora is None and corpus.name == "precommit":
                    continue
                key = (tool.name, corpus.name)
                if key in given_up:
                    continue
                argv = tool.command(corpus)
                stdout = corpus.cwd / f"{tool.name}.out"
                # frtlint caches in a per-user folder by default; each corpus gets its own,
                # removed around every frtlint run so that a cold run is cold.
                cache = corpus.cwd.parent / f".frtlint-cache-{corpus.name}"
                run_env = {**env, "FRTLINT_CACHE_DIR": str(cache)}
                if tool.pythonpath is not None:
                    run_env["PYTHONPATH"] = str(tool.pythonpath)
                if tool.name.startswith(("frtlint", "baseline")):
                    shutil.rmtree(cache, ignore_errors=True)
                edited: Dict[Path, bytes] = {}
                if tool.name == "frtlint-3files-warm":
                    # the usual pre-commit: the cache knows the tree, the 3 staged files changed
                    whole = Corpus(corpus.name, corpus.path, corpus.lines, corpus.files, corpus.description)
                    fill = measure(tool.command(whole), corpus.cwd, stdout, timeout, run_env)
                    _check(fill, tool, corpus, stdout)
                    if fill.status != "ok":
                        results.setdefault(key, []).append(fill)
                        given_up.add(key)
                        continue
                    for target in corpus.targets:
                        path = corpus.cwd / target
                        edited[path] = path.read_bytes()
                        path.write_bytes(edited[path] + b"\n# edited: a staged change\n")
                if tool.pair:
                    fill = measure(argv, corpus.cwd, stdout, timeout, run_env)
                    _check(fill, tool, corpus, stdout)
                    results.setdefault(("frtlint-fill", corpus.name), []).append(fill)
                    _progress(round_index, corpus, "frtlint-fill", fill)
                    if fill.status != "ok":
                        given_up.add(key)
                        continue
                result = measure(argv, corpus.cwd, stdout, timeout, run_env)
                for path, original in edited.items():
                    path.write_bytes(original)
                _check(result, tool, corpus, stdout)
                results.setdefault(key, []).append(result)
                _progress(round_index, corpus, tool.name, result)
                if tool.name.startswith(("frtlint", "baseline")):
                    shutil.rmtree(cache, ignore_errors=True)
                if result.status == "timeout":
                    given_up.add(key)
    return results


def _check(result: Measurement, tool: Tool, corpus: Corpus, stdout: Path) -> None:
    if result.status != "ok":
        return
    if result.returncode not in tool.ok_codes:
        result.status = "error"
        stderr = stdout.with_suffix(".stderr").read_text(errors="replace").strip().splitlines()
        result.detail = f"exit {result.returncode}: {(stderr or ['no output'])[-1][:300]}"


def _progress(round_index: int, corpus: Corpus, name: str, m: Measurement) -> None:
    extra = f" [{m.status}: {m.detail}]" if m.status != "ok" else ""
    print(
        f"  round {round_index + 1} {corpus.name:<10} {name:<15} wall {m.wall:8.2f} s  cpu {m.cpu:8.2f} s  "
        f"rss {m.maxrss_mb:7.1f} MB  tree {m.tree_mb:7.1f} MB{extra}",
        flush=True,
    )


# -- the report ----------------------------------------------------------------------------

@dataclass
class Summary:
    wall: Optional[float]
    cpu: Optional[float]
    maxrss: Optional[float]
    tree: Optional[float]
    runs: int
    status: str


def summarise(results: Dict[Tuple[str, str], List[Measurement]]) -> Dict[Tuple[str, str], Summary]:
    out: Dict[Tuple[str, str], Summary] = {}
    for key, runs in results.items():
        good = [r for r in runs if r.status == "ok"]
        if not good:
            status = runs[0].status if runs else "n/a"
            out[key] = Summary(None, None, None, None, len(runs), status)
            continue
        out[key] = Summary(
            statistics.median(r.wall for r in good),
            statistics.median(r.cpu for r in good),
            max(r.maxrss_mb for r in good),
            max(r.tree_mb for r in good),
            len(good),
            "ok" if len(good) == len(runs) else f"{len(runs) - len(good)} failed",
        )
    return out


ROW_ORDER = ["frtlint-j1", "baseline-j1", "frtlint", "frtlint-fill", "frtlint-warm", "bandit", "semgrep", "flake8-frt", "ruff",
             "frtlint-3files", "frtlint-3files-warm", "import-libcst"]
ROW_LABEL = {
    "frtlint-j1": "frtlint cold, --jobs 1",
    "baseline-j1": "baseline commit cold, --jobs 1",
    "frtlint": "frtlint cold, default jobs",
    "frtlint-fill": "frtlint 1st run (writes cache)",
    "frtlint-warm": "frtlint warm (2nd run)",
    "bandit": "bandit -r",
    "semgrep": "semgrep, rules/python",
    "flake8-frt": "flake8 --select FRT",
    "ruff": "ruff --select ALL",
    "frtlint-3files": "frtlint, 3 files, no cache",
    "frtlint-3files-warm": "frtlint, 3 edited files, cache warm",
    "import-libcst": 'python -c "import libcst"',
}


def table(summary: Dict[Tuple[str, str], Summary], corpora: List[Corpus], tools: List[Tool],
          results: Dict[Tuple[str, str], List[Measurement]]) -> List[List[str]]:
    rows = [["corpus", "tool", "wall s (median)", "CPU s", "peak RSS MB", "tree RSS MB", "lines/s", "runs"]]
    unavailable = {t.name: t.note for t in tools if t.command is None}
    for corpus in corpora:
        for name in ROW_ORDER:
            key = (name, corpus.name)
            if key in summary:
                s = summary[key]
                if s.wall is None:
                    detail = next((r.detail for r in results[key] if r.detail), "")
                    rows.append([corpus.name, ROW_LABEL[name], s.status + (f" ({detail[:60]})" if detail else ""),
                                 "", "", "", "", str(s.runs)])
                    continue
                rows.append([
                    corpus.name, ROW_LABEL[name], f"{s.wall:.2f}", f"{s.cpu:.2f}", f"{s.maxrss:.0f}", f"{s.tree:.0f}",
                    f"{corpus.lines / s.wall:,.0f}" if name != "import-libcst" else "-", str(s.runs) + ("" if s.status == "ok" else f" ({s.status})"),
                ])
            elif name in unavailable and corpus.name != "precommit":
                rows.append([corpus.name, ROW_LABEL[name], "n/a", "", "", "", "", "0"])
    return rows


def _wall(summary, tool: str, corpus: str) -> Optional[float]:
    s = summary.get((tool, corpus))
    return s.wall if s else None


def targets(summary: Dict[Tuple[str, str], Summary], corpora: List[Corpus]) -> List[List[str]]:
    """One row per target check: what, measured ratio, limit, PASS/MISS/n/a."""
    names = {c.name for c in corpora}
    rows = [["target", "corpus", "ratio", "limit", "result"]]

    def ratio(what: str, corpus: str, num: Optional[float], den: Optional[float], limit: float, why_na: str = "") -> None:
        if corpus not in names and corpus != "face 4x/1x":
            return
        if num is None or den is None or den == 0:
            rows.append([what, corpus, "n/a", f"<= {limit:g}", "n/a" + (f" ({why_na})" if why_na else "")])
            return
        value = num / den
        rows.append([what, corpus, f"{value:.2f}", f"<= {limit:g}", "PASS" if value <= limit else "MISS"])

    ratio("frtlint cold / semgrep", "django", _wall(summary, "frtlint", "django"), _wall(summary, "semgrep", "django"), 0.5,
          "semgrep not run")
    ratio("frtlint cold / bandit", "django", _wall(summary, "frtlint", "django"), _wall(summary, "bandit", "django"), 0.2,
          "bandit not run")
    for corpus in ("face-1x", "face-2x", "face-4x"):
        ratio("frtlint --jobs 1 / bandit", corpus, _wall(summary, "frtlint-j1", corpus), _wall(summary, "bandit", corpus), 1.0,
              "bandit not run")
    for corpus in ("face-1x", "face-2x", "face-4x"):
        ratio("frtlint default jobs / frtlint --jobs 1", corpus, _wall(summary, "frtlint", corpus),
              _wall(summary, "frtlint-j1", corpus), 0.6)
    for corpus in ("django", "facelibs", "face-1x", "face-2x", "face-4x"):
        ratio("frtlint warm / frtlint cold", corpus, _wall(summary, "frtlint-warm", corpus), _wall(summary, "frtlint", corpus), 0.1)
    ratio("frtlint on 3 files (no cache) / import libcst", "precommit", _wall(summary, "frtlint-3files", "precommit"),
          _wall(summary, "import-libcst", "precommit"), 1.5)
    ratio("frtlint on 3 edited files (cache warm) / import libcst", "precommit",
          _wall(summary, "frtlint-3files-warm", "precommit"), _wall(summary, "import-libcst", "precommit"), 1.5)
    if "face-1x" in names and "face-4x" in names:
        ratio("4x corpus / 1x corpus, frtlint --jobs 1", "face 4x/1x", _wall(summary, "frtlint-j1", "face-4x"),
              _wall(summary, "frtlint-j1", "face-1x"), 4.4)
        ratio("4x corpus / 1x corpus, frtlint default jobs", "face 4x/1x", _wall(summary, "frtlint", "face-4x"),
              _wall(summary, "frtlint", "face-1x"), 4.4)
    for corpus in ("django", "facelibs", "face-1x", "face-2x", "face-4x"):
        if _wall(summary, "baseline-j1", corpus) is not None:
            ratio("frtlint --jobs 1 / baseline --jobs 1", corpus, _wall(summary, "frtlint-j1", corpus),
                  _wall(summary, "baseline-j1", corpus), 1.1)
    for corpus in sorted(names, key=[c.name for c in corpora].index):
        peaks = [(s.maxrss, s.tree) for (tool, c), s in summary.items()
                 if c == corpus and tool.startswith("frtlint") and s.maxrss is not None]
        if not peaks:
            continue
        worst = max(p[0] for p in peaks)
        tree = max(p[1] for p in peaks)
        rows.append(["frtlint peak RSS (largest process) MB", corpus, f"{worst:.0f} (tree {tree:.0f})", "<= 300",
                     "PASS" if worst <= 300 else "MISS"])
    return rows


def _fmt(rows: List[List[str]]) -> str:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = []
    for n, row in enumerate(rows):
        lines.append("  ".join(cell.ljust(widths[i]) if i < 2 else cell.rjust(widths[i]) for i, cell in enumerate(row)))
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _md(rows: List[List[str]], right: Sequence[int] = ()) -> str:
    right = right or range(2, len(rows[0]))
    out = ["| " + " | ".join(rows[0]) + " |",
           "|" + "|".join("---:" if i in right else "---" for i in range(len(rows[0]))) + "|"]
    for row in rows[1:]:
        out.append("| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |")
    return "\n".join(out)


def machine() -> Dict[str, str]:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        kb = int(next(l for l in Path("/proc/meminfo").read_text().splitlines() if l.startswith("MemTotal")).split()[1])
        memory = f"{kb / 1024 / 1024:.1f} GiB"
    except (OSError, StopIteration, ValueError):
        pass
    nproc = subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip() or str(os.cpu_count())
    return {"cpus": nproc, "model": model, "memory": memory, "python": platform.python_version(),
            "kernel": platform.release()}


def versions(tools: List[Tool], env: Dict[str, str]) -> Dict[str, str]:
    found: Dict[str, str] = {}
    for name, argv in (("frtlint", ["frtlint", "--version"]), ("bandit", ["bandit", "--version"]),
                       ("semgrep", ["semgrep", "--version"]), ("ruff", ["ruff", "--version"]),
                       ("flake8", ["flake8", "--version"])):
        path = executable(argv[0])
        if path is None:
            found[name] = "not installed"
            continue
        completed = subprocess.run([path, *argv[1:]], capture_output=True, text=True, env=env)
        text = (completed.stdout or completed.stderr).strip().splitlines()
        found[name] = (text[0] if completed.returncode == 0 and text else "broken (see notes)")[:80]
    try:
        import libcst  # noqa: F401
        from importlib.metadata import version

        found["libcst"] = version("libcst")
    except Exception:
        found["libcst"] = "?"
    return found


def write_markdown(path: Path, rows, target_rows, corpora, tools, info, vers, args, started, elapsed, load) -> None:
    notes = [f"- `{t.name}`: n/a: {t.note}" for t in tools if t.command is None]
    notes += [f"- `{t.name}`: {t.note}" for t in tools if t.command is not None and t.note]
    text = [
        "# frtlint benchmark results",
        "",
        f"Run {started:%Y-%m-%d %H:%M} UTC, {elapsed / 60:.1f} min, `python benchmarks/run.py {' '.join(args)}`.",
        "",
        f"Machine: {info['cpus']} CPUs ({info['model']}), {info['memory']} RAM, Python {info['python']}, Linux {info['kernel']}.",
        "",
        f"Load average (1 min) at the start {load[0]:.2f}, at the end {load[1]:.2f}: the machine is shared, so absolute",
        "times are noisy; the ratios between tools measured in the same run are the figures that count.",
        "",
        "Versions: " + ", ".join(f"{k} {v}" for k, v in vers.items()) + ".",
        "",
        "## Corpora",
        "",
        _md([["corpus", "files", "lines", "what"]] + [[c.name, str(c.files), f"{c.lines:,}", c.description] for c in corpora], (1, 2)),
        "",
        "## Results (medians over the rounds)",
        "",
        _md(rows),
        "",
        "Peak RSS is ru_maxrss of the largest single process (what `/usr/bin/time -v` reports); tree RSS is the",
        "largest sum of RSS over the whole process tree sampled every 0.25 s (pool workers share pages, so it",
        "over-counts). CPU is user + system time of the tool and all its reaped children.",
        "",
        "## Targets (issues 6 and 15)",
        "",
        _md(target_rows, (2,)),
        "",
    ]
    if notes:
        text += ["## Notes", "", *notes, ""]
    path.write_text("\n".join(text))


# -- main ----------------------------------------------------------------------------------

def main(argv: Optional[Sequence[str]] = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = argparse.ArgumentParser(description="frtlint benchmark against bandit, semgrep, flake8 and ruff")
    parser.add_argument("--rounds", type=int, default=3, help="rounds over every tool and corpus (default 3)")
    parser.add_argument("--large-rounds", type=int, help="rounds for face-2x and face-4x (default: --rounds)")
    parser.add_argument("--quick", action="store_true", help="smoke run: small corpora, 1 round")
    parser.add_argument("--install", action="store_true", help="pip-install missing peer tools (bandit, ruff, flake8, semgrep)")
    parser.add_argument("--corpora", help="comma-separated subset: django,facelibs,face-1x,face-2x,face-4x,precommit")
    parser.add_argument("--tools", help="comma-separated subset of tool names")
    parser.add_argument("--timeout", type=float, default=TIMEOUT_SECONDS, help="seconds per tool run (default 900)")
    parser.add_argument("--output", type=Path, help="Markdown report (default benchmarks/results.md; quick: results-quick.md)")
    parser.add_argument("--keep-workdir", action="store_true", help="keep the temporary copies of the corpora")
    parser.add_argument("--frtlint", default="HEAD", metavar="COMMIT|worktree",
                        help="frtlint code to measure: a commit (default HEAD) or 'worktree'")
    parser.add_argument("--baseline", metavar="COMMIT",
                        help="also run this commit's frtlint (cold, --jobs 1) and compare its times with the measured one")
    args = parser.parse_args(argv)
    rounds = 1 if args.quick else args.rounds
    large_rounds = args.large_rounds if args.large_rounds is not None else rounds
    output = args.output or (HERE / ("results-quick.md" if args.quick else "results.md"))
    env = {**os.environ, "SEMGREP_ENABLE_VERSION_CHECK": "0", "SEMGREP_SEND_METRICS": "off", "PYTHONWARNINGS": "ignore"}

    if args.install:
        install_peers([name for name in PEER_PACKAGES if executable(name) is None])
    started = datetime.datetime.now(datetime.timezone.utc)
    load_start = os.getloadavg()[0]
    clock = time.perf_counter()
    work = Path(tempfile.mkdtemp(prefix="frtlint-bench-"))
    try:
        corpora = prepare_corpora(work, args.quick, args.corpora.split(",") if args.corpora else None)
        frtlint_root, frtlint_what = snapshot_frtlint(work, args.frtlint)
        env["PYTHONPATH"] = os.pathsep.join([str(frtlint_root), *filter(None, [os.environ.get("PYTHONPATH")])])
        print(f"measuring frtlint from {frtlint_what}", flush=True)
        baseline = snapshot_frtlint(work, args.baseline, "frtlint-baseline") if args.baseline else None
        if baseline is not None:
            print(f"baseline: frtlint from {baseline[1]}", flush=True)
        tools = build_tools(env, semgrep_timeout=30, frtlint_root=frtlint_root, baseline=baseline)
        if args.tools:
            keep = set(args.tools.split(","))
            tools = [t for t in tools if t.name in keep]
        print("corpora: " + ", ".join(f"{c.name} ({c.files} files, {c.lines:,} lines)" for c in corpora), flush=True)
        for tool in tools:
            if tool.command is None:
                print(f"  {tool.name}: n/a ({tool.note})", flush=True)
        results = run_all(tools, corpora, rounds, args.timeout, env, large_rounds)
        vers = versions(tools, env)
        vers["frtlint measured"] = frtlint_what
        if baseline is not None:
            vers["frtlint baseline"] = baseline[1]
    finally:
        if args.keep_workdir:
            print(f"work directory kept: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    elapsed = time.perf_counter() - clock
    summary = summarise(results)
    rows = table(summary, corpora, tools, results)
    target_rows = targets(summary, corpora)
    print()
    print(_fmt(rows))
    print()
    print(_fmt(target_rows))
    info = machine()
    load = (load_start, os.getloadavg()[0])
    write_markdown(output, rows, target_rows, corpora, tools, info, vers, argv, started, elapsed, load)
    raw = {
        "started": started.isoformat(), "elapsed_s": elapsed, "loadavg_1min": load, "args": argv, "machine": info, "versions": vers,
        "corpora": [{"name": c.name, "files": c.files, "lines": c.lines, "description": c.description, "targets": c.targets}
                    for c in corpora],
        "runs": [{"tool": t, "corpus": c, **m.__dict__} for (t, c), ms in sorted(results.items()) for m in ms],
    }
    output.with_suffix(".json").write_text(json.dumps(raw, indent=2) + "\n")
    print(f"\nwrote {output} and {output.with_suffix('.json')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
