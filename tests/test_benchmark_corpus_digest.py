"""The corpus generator's output, pinned: a refactoring of the generator must not change a byte.

The digest was taken from the single-file generator before its templates moved to
`benchmarks/corpus/`; change it only together with a deliberate change of the corpus
(and say so in the benchmark notes, since results are compared across runs).
"""

from __future__ import annotations

import hashlib
import importlib.util
import sys
from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"
PINNED = {
    (20230808, 12_000): "9a7ddd6c212cf2f27c2078985a11b7043bd78ec738136ff5aba9628a6b688a13",
    (7, 5_000): "c094cef91ab8250f618ba224d1f4fb5e9d9a2390545991ccef598c4de34925f1",
}


def _generator():
    spec = importlib.util.spec_from_file_location("generate_corpus_pinned", BENCHMARKS / "generate_corpus.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _digest(root: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def test_generated_corpus_bytes_are_pinned(tmp_path: Path) -> None:
    generator = _generator()
    found = {}
    for seed, lines in PINNED:
        target = tmp_path / f"{seed}-{lines}"
        generator.write_corpus(target, lines, seed=seed)
        found[(seed, lines)] = _digest(target)
    assert found == PINNED
