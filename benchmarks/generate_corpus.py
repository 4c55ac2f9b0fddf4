#!/usr/bin/env python3
"""Write a deterministic, face-dense corpus of facial-recognition application code.

The corpus stands in for "a company's FRT code base" in frtlint's benchmark: many small
projects (a Flask face login, a FastAPI enrolment service, a Raspberry Pi door lock, an
OpenCV LBPH attendance desk, a DeepFace analytics job, a boto3 Rekognition service, a
Baidu ``aip.AipFace`` kiosk, an insightface pipeline) plus their ordinary helper modules
(config, db, utils). Every module is assembled from the templates in ``corpus/templates_*.py``
by the engine in ``corpus/engine.py``, with parameters drawn from one seeded ``random.Random``: the same seed and size always give
byte-identical output, and nothing is fetched from the network.

Each face module draws its compliance flags on its own (consent checked or not, images
blurred before they are saved or not, a keypad/password fallback or not, sensitive
attributes requested or not, ...), so the corpus mixes compliant and non-compliant shapes
the way real repositories do.

Usage::

    python benchmarks/generate_corpus.py OUT_DIR --lines 300000 --scale 2

writes about ``lines * scale`` lines (the last module is cut to fit, so the total lands
within a few lines of the target) in modules of 150-400 lines.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path
from typing import Optional, Sequence

sys.path.insert(0, str(Path(__file__).resolve().parent))  # the `corpus` package beside this file

from corpus.builder import Project  # noqa: E402
from corpus.engine import CorpusFile, draw_flags, plan_corpus, render_module, write_corpus  # noqa: E402
from corpus.vocabulary import ALL_KINDS, DEFAULT_LINES, DEFAULT_SEED, FACE_KINDS, FLAG_NAMES, HELPER_KINDS  # noqa: E402

__all__ = [
    "ALL_KINDS", "CorpusFile", "DEFAULT_LINES", "DEFAULT_SEED", "FACE_KINDS", "FLAG_NAMES", "HELPER_KINDS", "Project",
    "draw_flags", "main", "plan_corpus", "render_module", "write_corpus",
]


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--lines", type=int, default=DEFAULT_LINES, help=f"lines at scale 1 (default {DEFAULT_LINES})")
    parser.add_argument("--scale", type=int, default=1, help="multiple of --lines to write (1, 2, 4, ...)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--clean", action="store_true", help="delete OUT_DIR first if it exists")
    args = parser.parse_args(argv)
    if args.scale < 1 or args.lines < 1:
        parser.error("--lines and --scale must be positive")
    if args.out_dir.exists() and any(args.out_dir.iterdir()):
        if not args.clean:
            parser.error(f"{args.out_dir} is not empty (use --clean to replace it)")
        shutil.rmtree(args.out_dir)
    args.out_dir.mkdir(parents=True, exist_ok=True)
    files = write_corpus(args.out_dir, args.lines * args.scale, args.seed)
    total = sum(f.lines for f in files)
    face = [f for f in files if f.kind in FACE_KINDS]
    noncompliant = sum(1 for f in face if not all(f.flags.values()))
    print(
        f"wrote {len(files)} modules, {total} lines to {args.out_dir} "
        f"({len(face)} face modules, {noncompliant} with at least one non-compliant shape)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
