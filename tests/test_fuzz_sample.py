"""A small deterministic sample of benchmarks/fuzz.py (the full run is >= 10,000 inputs)."""

from __future__ import annotations

import importlib.util
import random
import sys
import time
from pathlib import Path
from types import ModuleType
from typing import List

import pytest

FUZZ_SCRIPT = Path(__file__).resolve().parent.parent / "benchmarks" / "fuzz.py"


@pytest.fixture(scope="module")
def fuzz() -> ModuleType:
    spec = importlib.util.spec_from_file_location("frtlint_fuzz", FUZZ_SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def sample(fuzz: ModuleType) -> List:
    return list(fuzz.fuzz_inputs(16, 7))


def test_a_sample_of_every_kind_crashes_nothing(fuzz: ModuleType, sample: List) -> None:
    report = fuzz.run(count=16, seed=7, timeout=20, inputs=sample)
    assert [(c.label, c.problem) for c in report.crashes] == []
    assert report.inputs == 16
    assert report.by_kind == {"deep": 4, "generated": 5, "mutated": 7}


def test_the_sample_is_the_same_for_the_same_seed(fuzz: ModuleType, sample: List) -> None:
    first = [(i.label, i.data) for i in sample]
    again = [(i.label, i.data) for i in fuzz.fuzz_inputs(16, 7)]
    assert [label for label, _ in first] == [label for label, _ in again]
    # Hypothesis also draws on constants of the modules loaded so far, so generated
    # programs repeat exactly only in a fresh process (as the command line runs).
    assert [item for item in first if not item[0].startswith("generated")] == [
        item for item in again if not item[0].startswith("generated")
    ]
    assert [label.split(":")[0] for label, _ in first] == ["deep"] * 4 + ["generated"] * 5 + ["mutated"] * 7
    data = b"import cv2\nx = 1\ny = 2\n"
    assert fuzz.mutate(data, random.Random(1)) == fuzz.mutate(data, random.Random(1))
    assert fuzz.mutate(data, random.Random(1)) != fuzz.mutate(data, random.Random(2))
    assert all(data.startswith(tuple(h.encode() for h in fuzz.FACE_HEADERS)) for label, data in first if label.startswith("generated"))


def test_deep_inputs_reach_the_deepest_level_under_the_size_cap(fuzz: ModuleType) -> None:
    deep = {item.label: item.data for item in fuzz.deep_inputs()}
    assert deep["deep:parentheses:100000"] == b"from deepface import DeepFace\ny = " + b"(" * 100_000 + b"x" + b")" * 100_000 + b"\n"
    assert "deep:plus-terms:100000" in deep
    assert "deep:blocks:1500" in deep and "deep:blocks:5000" not in deep  # 5,000 nested blocks pass 5 MB
    assert all(len(data) <= fuzz.SIZE_CAP for data in deep.values())


def test_exceptions_timeouts_and_misplaced_findings_are_crashes(fuzz: ModuleType) -> None:
    class Placed:
        rule, line = "FRT301", 9

    def check(name: str, data: bytes):
        if b"ValueError" in data:
            raise ValueError("bad input\nsecond line")
        if b"slow" in data:
            deadline = time.process_time() + 5
            while time.process_time() < deadline:  # CPU time is what the bound counts
                pass
        return [Placed()] if b"misplaced" in data else []

    inputs = [
        fuzz.FuzzInput("deep", "a", b"x = 1  # ValueError\n"),
        fuzz.FuzzInput("deep", "b", b"slow\n"),
        fuzz.FuzzInput("deep", "c", b"misplaced\n"),
        fuzz.FuzzInput("deep", "d", b"fine\n"),
    ]
    problems = [fuzz.check_input(check, item, 0.2) for item in inputs]
    assert problems == [
        "ValueError: bad input",
        "took more than 0.2 s of CPU time",
        "FRT301 placed on line 9 of a 2-line file",
        None,
    ]


def test_a_syntax_error_reported_for_code_python_compiles_is_a_crash(fuzz: ModuleType) -> None:
    class SyntaxErrorFinding:
        rule, line, message = "FRT000", 1, "syntax error: invalid syntax"

    def check(name: str, data: bytes):
        return [SyntaxErrorFinding()]

    valid = fuzz.FuzzInput("generated", "valid", b"if x:\n    y = 1\n\\\nelse:\n    pass\n")
    invalid = fuzz.FuzzInput("generated", "invalid", b"def f(:\n")
    assert [fuzz.check_input(check, item, 5) for item in (valid, invalid)] == [
        "FRT000 reports a syntax error in code Python compiles",
        None,
    ]


def test_the_command_line_prints_counts_and_fails_on_a_crash(fuzz: ModuleType, monkeypatch, capsys) -> None:
    def crashing_run(count, seed, timeout, save_to=None, progress=False, generated_percent=45):
        return fuzz.FuzzReport(inputs=count, by_kind={"mutated": count}, crashes=[fuzz.Crash("mutated:1:0:f.py:flip", "KeyError: 'x'")])

    monkeypatch.setattr(fuzz, "run", crashing_run)
    assert fuzz.main(["--count", "3", "--seed", "1"]) == 1
    assert capsys.readouterr().out == "CRASH mutated:1:0:f.py:flip: KeyError: 'x'\ninputs: 3 (mutated 3); crashes: 1\n"
    with pytest.raises(SystemExit) as exit_info:
        fuzz.main(["--count", "0"])
    assert exit_info.value.code == 2
