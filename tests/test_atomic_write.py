"""One atomic write (`report_file.replace_atomically`), durable for reports, cheap for the cache."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import List

import pytest

from frtlint.engine.runner import Engine
from frtlint.report_file import replace_atomically

from conftest import settings_for

FACE = "from deepface import DeepFace\n\ndef f(img):\n    return DeepFace.analyze(img, actions=['race'])\n"


@pytest.fixture
def fsyncs(monkeypatch: pytest.MonkeyPatch) -> List[int]:
    calls: List[int] = []
    real = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: (calls.append(fd), real(fd))[1])
    return calls


def test_a_durable_replacement_is_synced_and_a_cheap_one_is_not(tmp_path: Path, fsyncs: List[int]) -> None:
    target = tmp_path / "out.json"
    replace_atomically(target, b"one", 0o640)
    assert (len(fsyncs), target.read_bytes(), stat.S_IMODE(target.stat().st_mode)) == (1, b"one", 0o640)
    replace_atomically(target, b"two", 0o600, durable=False)
    assert (len(fsyncs), target.read_bytes(), stat.S_IMODE(target.stat().st_mode)) == (1, b"two", 0o600)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.json"]


def test_cache_entries_are_private_whole_files_written_without_fsync(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, private_cache_home: Path, fsyncs: List[int]
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.py").write_text(FACE)
    first = Engine(settings_for(tmp_path, ["FRT301"]), jobs=1).run(["."])
    entries = [p for p in private_cache_home.rglob("*") if p.is_file() and p.suffix == ".json"]
    assert len(entries) == 2  # the file's facts and the run
    assert {stat.S_IMODE(p.stat().st_mode) for p in entries} == {0o600}
    assert not list(private_cache_home.rglob("*.frtlint-tmp"))
    assert fsyncs == []
    again = Engine(settings_for(tmp_path, ["FRT301"]), jobs=1).run(["."])
    assert (again.cache_hits, [f.fingerprint for f in again.findings]) == (1, [f.fingerprint for f in first.findings])
