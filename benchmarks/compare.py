"""Compare two frtlint revisions on the same corpora, in one invocation.

    python benchmarks/compare.py --base 7f3e88f --head HEAD --rounds 3
    python benchmarks/compare.py --base main --head worktree --corpora face-1x --rounds 1

Targets are ratios of a change against the code before it (issue 11: face-1x cold
`--jobs 1` at most 1.25x, Django cold unchanged, face-2x peak memory at most 300 MB).
Both revisions run alternately in every round (base first in odd rounds, head first in
even ones) so that load on a shared machine hits both alike; the table shows medians.
Corpora come from run.py's preparation (`benchmarks/.corpora/`).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import FACE_LINES, Measurement, measure, prepare_django, prepare_face, snapshot_frtlint  # noqa: E402

CORPORA = {
    "face-1x": lambda: prepare_face(1, FACE_LINES),
    "face-2x": lambda: prepare_face(2, FACE_LINES),
    "django": prepare_django,
}


def _command() -> List[str]:
    return [sys.executable, "-m", "frtlint", "check", "--no-cache", "--jobs", "1", "--format", "json", "-q", "."]


def _env(snapshot: Path) -> Dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(snapshot) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def _is_report(path: Path) -> bool:
    try:
        return "findings" in json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False


def run(base: str, head: str, corpora: Sequence[str], rounds: int, timeout: float) -> List[List[str]]:
    work = Path(tempfile.mkdtemp(prefix="frtlint-compare-"))
    snapshots: Dict[str, Tuple[Path, str]] = {}
    for label, source in (("base", base), ("head", head)):
        folder = work / label
        folder.mkdir()
        snapshots[label] = snapshot_frtlint(folder, source)
    results: Dict[Tuple[str, str], List[Measurement]] = {}
    for corpus in corpora:
        root = CORPORA[corpus]()
        for round_index in range(rounds):
            order = ("base", "head") if round_index % 2 == 0 else ("head", "base")
            for label in order:
                snapshot, _ = snapshots[label]
                out = work / f"{corpus}-{label}-{round_index}.json"
                result = measure(_command(), root, out, timeout, _env(snapshot))
                if result.status == "ok" and not _is_report(out):
                    result.status = "error"  # a crash exits 1 like a run with findings
                results.setdefault((corpus, label), []).append(result)
                print(f"{corpus:8} {label} round {round_index + 1}: {result.wall:7.2f} s  {result.cpu:7.2f} s CPU  {result.maxrss_mb:6.0f} MB  {result.status}",
                      file=sys.stderr)
    # CPU time is reported beside wall time: on a shared machine it moves far less with load.
    rows = [["corpus", "base s", "head s", "head/base time", "head/base CPU", "base MB", "head MB", "head/base memory"]]
    for corpus in corpora:
        base_runs, head_runs = results[(corpus, "base")], results[(corpus, "head")]
        failed = sorted({f"{label} {m.status}" for label, runs in (("base", base_runs), ("head", head_runs)) for m in runs if m.status != "ok"})
        if failed:
            rows.append([corpus, *(["; ".join(failed)] * 7)])
            continue
        base_wall = statistics.median(m.wall for m in base_runs)
        head_wall = statistics.median(m.wall for m in head_runs)
        base_cpu = statistics.median(m.cpu for m in base_runs)
        head_cpu = statistics.median(m.cpu for m in head_runs)
        base_mb = statistics.median(m.maxrss_mb for m in base_runs)
        head_mb = statistics.median(m.maxrss_mb for m in head_runs)
        rows.append([
            corpus, f"{base_wall:.2f}", f"{head_wall:.2f}", f"{head_wall / base_wall:.2f}x", f"{head_cpu / base_cpu:.2f}x",
            f"{base_mb:.0f}", f"{head_mb:.0f}", f"{head_mb / base_mb:.2f}x",
        ])
    print(f"base: {snapshots['base'][1]}; head: {snapshots['head'][1]}; {rounds} round(s), medians")
    return rows


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", required=True, help="the revision before the change (a commit)")
    parser.add_argument("--head", default="HEAD", help="the revision to judge (a commit, or 'worktree')")
    parser.add_argument("--corpora", default="face-1x,face-2x,django", help="comma-separated: " + ", ".join(CORPORA))
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=900)
    args = parser.parse_args(argv)
    corpora = [c for c in args.corpora.split(",") if c]
    unknown = [c for c in corpora if c not in CORPORA]
    if unknown:
        parser.error(f"unknown corpus {', '.join(unknown)} (choose from {', '.join(CORPORA)})")
    rows = run(args.base, args.head, corpora, args.rounds, args.timeout)
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        print("  ".join(cell.rjust(width) for cell, width in zip(row, widths)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
