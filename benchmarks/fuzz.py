#!/usr/bin/env python3
"""Fuzz frtlint's Python analysis in-process: one bad input must never crash it.

    python benchmarks/fuzz.py [--count 10000] [--seed 0] [--timeout 20] [--generated 45]
                              [--save-crashes DIR] [--progress]

Inputs, in a fixed mix that --seed makes reproducible:

  generated   hypothesmith programs (from Python's grammar) with face imports and a
              face call prepended, so the face checks have work to do
  mutated     the fixture files under fixtures/ with 1-3 random mutations each: byte
              flips, line deletions, line duplications, truncation at a random byte
  deep        deep nesting, 10 to 100,000 levels: parentheses, calls, attribute chains,
              `+` terms, subscripts, lists, unary minus, `not`, lambdas, conditional
              expressions, string concatenation and nested blocks (blocks stop at the
              depth whose file would pass the 5 MB cap, which no run reads past)

Each input goes through `Engine.check_source`, the path the editor and flake8 use
(parse, facts, every check, suppressions). A crash is an exception escaping it, an
input that takes more than --timeout seconds of CPU time, or a finding placed outside
the file; a file frtlint cannot analyse must come back as FRT000, which is not a crash,
unless that FRT000 calls code a syntax error that Python compiles.
The script prints the number of inputs and of crashes (one line per crash) and exits 1
when there was any crash.
"""

from __future__ import annotations

import argparse
import ast
import faulthandler
import random
import signal
import sys
import tempfile
import time
import warnings
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable, Iterator, List, Optional, Sequence, Tuple

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "fixtures"
MAX_DEPTH = 100_000
DEPTHS = (10, 100, 200, 500, 1_000, 1_500, 5_000, 20_000, MAX_DEPTH)
SIZE_CAP = 5 * 1024 * 1024
GENERATED_BATCH = 250
FACE_HEADERS = (
    "from deepface import DeepFace\nresult = DeepFace.analyze(img)\n",
    "import face_recognition\nencodings = face_recognition.face_encodings(image)\n",
    "import cv2\nfrom deepface import DeepFace\ncv2.imwrite('face.jpg', DeepFace.extract_faces(img))\n",
    "import logging\nimport face_recognition\nlogging.info(face_recognition.face_locations(frame))\n",
)

Check = Callable[[str, bytes], Sequence[object]]


@dataclass(frozen=True)
class FuzzInput:
    kind: str  # generated, mutated or deep
    label: str  # where it came from, to reproduce it
    data: bytes


@dataclass
class Crash:
    label: str
    problem: str


@dataclass
class FuzzReport:
    inputs: int = 0
    by_kind: dict = field(default_factory=dict)
    crashes: List[Crash] = field(default_factory=list)


class InputTimeout(BaseException):
    """Raised by the alarm; a BaseException so the analysis' own handlers let it pass."""


# -- inputs ---------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _python_programs() -> object:
    """hypothesmith's strategy; building it (compiling the grammar) takes seconds.
    from_grammar(), not from_node(): the latter is about ten times slower per program."""
    import hypothesmith

    return hypothesmith.from_grammar()


def generated_programs(count: int, seed: int) -> List[str]:
    """`count` programs from hypothesmith, the same ones for the same seed."""
    if count <= 0:
        return []
    import hypothesis
    from hypothesis import HealthCheck, Phase

    programs: List[str] = []

    @hypothesis.seed(seed)
    @hypothesis.settings(
        max_examples=count,
        database=None,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @hypothesis.given(_python_programs())
    def collect(source: str) -> None:
        if len(programs) < count:
            programs.append(source)

    collect()
    return programs


def with_face_code(program: str, rng: random.Random) -> bytes:
    return (rng.choice(FACE_HEADERS) + program).encode("utf-8", "surrogatepass")


def fixture_files() -> List[Tuple[str, bytes]]:
    return [(p.relative_to(REPO).as_posix(), p.read_bytes()) for p in sorted(FIXTURES.rglob("*.py"))]


def mutate(data: bytes, rng: random.Random) -> Tuple[bytes, str]:
    """`data` with 1-3 random mutations, and their names."""
    done: List[str] = []
    for _ in range(rng.randint(1, 3)):
        how = rng.choice(("flip", "delete-line", "duplicate-line", "truncate"))
        lines = data.splitlines(keepends=True)
        if how == "flip" and data:
            at = rng.randrange(len(data))
            data = data[:at] + bytes([rng.randrange(256)]) + data[at + 1 :]
        elif how == "delete-line" and lines:
            del lines[rng.randrange(len(lines))]
            data = b"".join(lines)
        elif how == "duplicate-line" and lines:
            at = rng.randrange(len(lines))
            lines.insert(at, lines[at])
            data = b"".join(lines)
        elif how == "truncate" and data:
            data = data[: rng.randrange(len(data))]
        done.append(how)
    return data, "+".join(done)


def _block(depth: int) -> str:
    return "".join(f"{' ' * level}if x:\n" for level in range(depth)) + " " * depth + "y = DeepFace.analyze(x)\n"


DEEP_SHAPES = {
    "parentheses": lambda n: "y = " + "(" * n + "x" + ")" * n + "\n",
    "calls": lambda n: "y = " + "f(" * n + "x" + ")" * n + "\n",
    "attribute-chain": lambda n: "y = DeepFace" + ".analyze" * n + "\n",
    "method-chain": lambda n: "y = DeepFace" + ".analyze(img)" * n + "\n",
    "plus-terms": lambda n: "y = " + " + ".join(["x"] * n) + "\n",
    "subscripts": lambda n: "y = x" + "[0]" * n + "\n",
    "lists": lambda n: "y = " + "[" * n + "]" * n + "\n",
    "unary-minus": lambda n: "y = " + "-" * n + "x\n",
    "not": lambda n: "y = " + "not " * n + "x\n",
    "lambdas": lambda n: "y = " + "lambda: " * n + "x\n",
    "conditionals": lambda n: "y = " + "x if c else " * n + "x\n",
    "string-concatenation": lambda n: "y = " + " ".join(["'a'"] * n) + "\n",
    "blocks": _block,
}


def deep_inputs() -> Iterator[FuzzInput]:
    header = "from deepface import DeepFace\n"
    for shape, build in DEEP_SHAPES.items():
        for depth in DEPTHS:
            text = header + build(depth)
            if len(text) > SIZE_CAP:
                break  # read_source refuses such a file before any parsing
            yield FuzzInput("deep", f"deep:{shape}:{depth}", text.encode())


def fuzz_inputs(count: int, seed: int, generated_percent: int = 45) -> Iterator[FuzzInput]:
    """`count` inputs: every deep shape once (when `count` allows), then
    `generated_percent` % generated programs and the rest mutated fixtures."""
    rng = random.Random(seed)
    deep = list(deep_inputs())
    if count < len(deep) * 4:  # a small sample: an even spread of the deep ones
        deep = deep[:: max(1, len(deep) // max(1, count // 4))][: count // 4]
    yield from deep
    remaining = count - len(deep)
    wanted = remaining * generated_percent // 100
    generated = 0
    # In batches, so checking starts early; each batch has its own seed.
    for batch, start in enumerate(range(0, wanted, GENERATED_BATCH)):
        for program in generated_programs(min(GENERATED_BATCH, wanted - start), seed * 100_003 + batch):
            yield FuzzInput("generated", f"generated:{seed}:{generated}", with_face_code(program, rng))
            generated += 1
    fixtures = fixture_files()
    for index in range(remaining - generated):
        name, data = fixtures[rng.randrange(len(fixtures))]
        mutated, how = mutate(data, rng)
        yield FuzzInput("mutated", f"mutated:{seed}:{index}:{name}:{how}", mutated)


# -- checking -------------------------------------------------------------------------


def engine_check() -> Check:
    """`Engine.check_source` with default settings (every rule), no cache."""
    from frtlint.config import load_settings
    from frtlint.engine.runner import Engine

    empty = Path(tempfile.mkdtemp(prefix="frtlint-fuzz-"))
    engine = Engine(load_settings(start=empty), use_cache=False, jobs=1)
    return engine.check_source


def _on_alarm(signum: int, frame: object) -> None:
    raise InputTimeout()


def check_input(check: Check, item: FuzzInput, timeout: float) -> Optional[str]:
    """None, or what went wrong with this input."""
    # CPU time, not wall time: on a shared machine the clock runs while others compute.
    previous = signal.signal(signal.SIGPROF, _on_alarm)
    signal.setitimer(signal.ITIMER_PROF, timeout)
    try:
        findings = check("fuzz_input.py", item.data)
    except InputTimeout:
        return f"took more than {timeout:g} s of CPU time"
    except RecursionError:
        return "RecursionError escaped"
    except Exception as error:  # any escaping exception is the crash being looked for
        return f"{type(error).__name__}: {str(error).strip().splitlines()[0] if str(error).strip() else ''}"
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)
    last_line = item.data.count(b"\n") + item.data.count(b"\r") + 1
    for finding in findings:
        line = getattr(finding, "line", 1)
        if not 1 <= line <= last_line:
            return f"{getattr(finding, 'rule', '?')} placed on line {line} of a {last_line}-line file"
    if any(getattr(f, "rule", "") == "FRT000" and getattr(f, "message", "").startswith("syntax error") for f in findings) \
            and _python_compiles(item.data):
        return "FRT000 reports a syntax error in code Python compiles"
    return None


def _python_compiles(data: bytes) -> bool:
    try:
        compile(data, "fuzz_input.py", "exec", flags=ast.PyCF_ONLY_AST, dont_inherit=True)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return False
    return True


def run(count: int, seed: int, timeout: float, check: Optional[Check] = None,
        save_to: Optional[Path] = None, progress: bool = False,
        inputs: Optional[Iterable[FuzzInput]] = None, generated_percent: int = 45) -> FuzzReport:
    """Check `inputs` (by default the `count` inputs of `seed`)."""
    check = check or engine_check()
    report = FuzzReport()
    started = time.monotonic()
    for item in inputs if inputs is not None else fuzz_inputs(count, seed, generated_percent):
        problem = check_input(check, item, timeout)
        report.inputs += 1
        report.by_kind[item.kind] = report.by_kind.get(item.kind, 0) + 1
        if problem is not None:
            report.crashes.append(Crash(item.label, problem))
            if save_to is not None:
                save_to.mkdir(parents=True, exist_ok=True)
                (save_to / f"crash-{len(report.crashes):04d}.py").write_bytes(item.data)
        if progress and report.inputs % 500 == 0:
            print(f"  {report.inputs} inputs, {len(report.crashes)} crashes, "
                  f"{time.monotonic() - started:.0f} s", file=sys.stderr, flush=True)
    return report


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000, help="number of inputs (default 10000)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument("--timeout", type=float, default=20.0, help="CPU seconds allowed per input (default 20)")
    parser.add_argument("--save-crashes", type=Path, default=None, help="write each crashing input into this folder")
    parser.add_argument("--generated", type=int, default=45, metavar="PERCENT",
                        help="share of hypothesmith programs after the deep inputs (default 45; "
                             "they cost about 0.2 s each to generate)")
    parser.add_argument("--progress", action="store_true", help="a progress line every 500 inputs")
    args = parser.parse_args(argv)
    if args.count < 1 or args.timeout <= 0 or not 0 <= args.generated <= 100:
        parser.error("--count must be at least 1, --timeout positive and --generated 0-100")
    faulthandler.enable(sys.__stderr__)  # a native crash still names where it happened
    warnings.simplefilter("ignore", SyntaxWarning)  # generated code is full of `1()`
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 1000))
    report = run(args.count, args.seed, args.timeout, save_to=args.save_crashes, progress=args.progress,
                 generated_percent=args.generated)
    for crash in report.crashes:
        print(f"CRASH {crash.label}: {crash.problem}")
    kinds = ", ".join(f"{kind} {number}" for kind, number in sorted(report.by_kind.items()))
    print(f"inputs: {report.inputs} ({kinds}); crashes: {len(report.crashes)}")
    return 1 if report.crashes else 0


if __name__ == "__main__":
    sys.exit(main())
