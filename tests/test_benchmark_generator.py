"""The benchmark corpus generator: deterministic, valid Python, the size asked for, and
its compliant / non-compliant shapes are what frtlint says they are."""

from __future__ import annotations

import ast
import importlib.util
import json
import sys
from pathlib import Path

import pytest

from frtlint.checks import all_rules
from frtlint.cli import main as frtlint_main

GENERATOR = Path(__file__).resolve().parent.parent / "benchmarks" / "generate_corpus.py"


@pytest.fixture(scope="module")
def gen():
    spec = importlib.util.spec_from_file_location("generate_corpus", GENERATOR)
    module = importlib.util.module_from_spec(spec)
    sys.modules["generate_corpus"] = module
    spec.loader.exec_module(module)
    return module


def _tree(root: Path) -> dict:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_same_seed_gives_identical_bytes(gen, tmp_path):
    first, second, other = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    gen.write_corpus(first, 2000, seed=7)
    gen.write_corpus(second, 2000, seed=7)
    gen.write_corpus(other, 2000, seed=8)
    assert _tree(first) == _tree(second)
    assert _tree(first) != _tree(other)


def test_files_parse_and_size_is_within_five_percent(gen, tmp_path):
    target = 3000
    files = gen.write_corpus(tmp_path, target)
    total = 0
    for path in tmp_path.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        ast.parse(text, filename=str(path))
        total += text.count("\n")
    assert abs(total - target) <= 0.05 * target
    assert total == sum(f.lines for f in files)
    kinds = {f.kind for f in files}
    assert kinds & set(gen.FACE_KINDS) and kinds & set(gen.HELPER_KINDS)
    texts = [p.read_text(encoding="utf-8") for p in tmp_path.rglob("*.py")]
    assert len(set(texts)) == len(texts), "modules must not be identical"


def test_cli_scale_multiplies_lines(gen, tmp_path):
    assert gen.main([str(tmp_path / "x"), "--lines", "800", "--scale", "2"]) == 0
    total = sum(p.read_text(encoding="utf-8").count("\n") for p in (tmp_path / "x").rglob("*.py"))
    assert abs(total - 1600) <= 80


def _findings(module_text: str, tmp_path: Path, name: str) -> list:
    folder = tmp_path / name
    folder.mkdir()
    source = folder / "module.py"
    source.write_text(module_text, encoding="utf-8")
    out = folder / "report.json"
    argv = ["check", str(source), "--no-cache", "-q", "--fail-on", "never", "--format", "json", "-o", str(out)]
    if any(rule.id == "FRT901" for rule in all_rules()):
        argv += ["--ignore", "FRT901"]  # project-level: no impact-assessment record in a temp dir
    assert frtlint_main(argv) == 0
    return json.loads(out.read_text(encoding="utf-8"))["findings"]


def test_noncompliant_module_has_findings_and_compliant_has_none(gen, tmp_path):
    bad = gen.render_module("deepface_job", seed=1, lines=200, compliant=False)
    good = gen.render_module("deepface_job", seed=1, lines=200, compliant=True)
    ast.parse(bad)
    ast.parse(good)
    assert _findings(bad, tmp_path, "bad"), "a non-compliant DeepFace job must produce findings"
    assert _findings(good, tmp_path, "good") == []
