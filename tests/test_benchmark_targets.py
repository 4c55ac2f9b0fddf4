"""The benchmark's targets table: memory per corpus, and the measured frtlint against a baseline commit."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"


def _run_module():
    spec = importlib.util.spec_from_file_location("benchmark_run", BENCHMARKS / "run.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


def test_targets_compare_with_the_baseline_and_keep_it_out_of_the_memory_rows(tmp_path: Path) -> None:
    run = _run_module()
    corpora = [run.Corpus("face-1x", tmp_path / "face-1x", 300_000, 1000, "generated"),
               run.Corpus("face-4x", tmp_path / "face-4x", 1_200_000, 4000, "generated")]
    summary = {
        ("frtlint-j1", "face-1x"): run.Summary(22.0, 22.0, 120.0, 120.0, 3, "ok"),
        ("baseline-j1", "face-1x"): run.Summary(20.0, 20.0, 160.0, 160.0, 3, "ok"),
        ("frtlint-j1", "face-4x"): run.Summary(95.0, 95.0, 290.0, 290.0, 1, "ok"),
        ("baseline-j1", "face-4x"): run.Summary(80.0, 80.0, 526.0, 526.0, 1, "ok"),
    }
    rows = run.targets(summary, corpora)
    baseline_rows = [r for r in rows if r[0] == "frtlint --jobs 1 / baseline --jobs 1"]
    assert baseline_rows == [
        ["frtlint --jobs 1 / baseline --jobs 1", "face-1x", "1.10", "<= 1.1", "PASS"],
        ["frtlint --jobs 1 / baseline --jobs 1", "face-4x", "1.19", "<= 1.1", "MISS"],
    ]
    memory = [r for r in rows if r[0].startswith("frtlint peak RSS")]
    assert memory == [
        ["frtlint peak RSS (largest process) MB", "face-1x", "120 (tree 120)", "<= 300", "PASS"],
        ["frtlint peak RSS (largest process) MB", "face-4x", "290 (tree 290)", "<= 300", "PASS"],
    ]


def test_without_a_baseline_there_is_no_baseline_row(tmp_path: Path) -> None:
    run = _run_module()
    corpora = [run.Corpus("face-1x", tmp_path / "face-1x", 300_000, 1000, "generated")]
    rows = run.targets({("frtlint-j1", "face-1x"): run.Summary(22.0, 22.0, 120.0, 120.0, 3, "ok")}, corpora)
    assert not [r for r in rows if "baseline" in r[0]]
