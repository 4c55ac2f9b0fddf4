"""Extraction leaves no reference cycles behind.

A cycle anywhere in what a file's analysis builds keeps that file's whole LibCST tree
alive until the cyclic collector runs. The collector runs rarely during a batch run (see
`engine/collector.py`), so dead trees piled up and parsing every later file got slower
(a walker holding a bound method of itself cost face-1x about a tenth of its time).
"""

from __future__ import annotations

import gc
from pathlib import Path
from typing import Iterator

from frtlint.analysis.extract import extract
from frtlint.catalog import build_catalog

from conftest import REPO


def _fixture_programs() -> Iterator[Path]:
    yield from sorted((REPO / "fixtures").rglob("*.py"))


def test_extracting_every_fixture_leaves_no_cyclic_garbage() -> None:
    catalog = build_catalog({})
    programs = list(_fixture_programs())
    assert len(programs) > 20
    gc.collect()
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        for program in programs:
            extract(str(program.relative_to(REPO)), program.read_bytes(), catalog)
        gc.set_debug(gc.DEBUG_SAVEALL)
        gc.collect()
        kinds = sorted({type(obj).__qualname__ for obj in gc.garbage})
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        if was_enabled:
            gc.enable()
    assert kinds == []
