"""The corpus engine: which modules a corpus holds, in what order, built from the templates.

Everything is drawn from one `random.Random(seed)` in a fixed order: the same seed and size
give byte-identical files.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Dict, List, Optional, Tuple

from corpus.builder import Gen, Project
from corpus.templates_analytics import kind_deepface_job, kind_insightface_pipeline
from corpus.templates_cloud import kind_baidu_client, kind_rekognition_service
from corpus.templates_devices import kind_lbph_desk, kind_pi_door
from corpus.templates_filler import add_filler
from corpus.templates_helpers import kind_config, kind_db, kind_utils
from corpus.templates_web import kind_fastapi_enrol, kind_flask_login
from corpus.vocabulary import (
    CONSENT_ATTRS, CONSENT_FUNCS, DEFAULT_SEED, ENTITIES, FLAG_NAMES, MAX_MODULE_LINES, MIN_MODULE_LINES, ORGS, PLACES,
    THEMES, UNLOCK_FUNCS,
)


KIND_BUILDERS: Dict[str, Callable[[Gen], None]] = {
    "flask_login": kind_flask_login,
    "fastapi_enrol": kind_fastapi_enrol,
    "pi_door": kind_pi_door,
    "lbph_desk": kind_lbph_desk,
    "deepface_job": kind_deepface_job,
    "rekognition_service": kind_rekognition_service,
    "baidu_client": kind_baidu_client,
    "insightface_pipeline": kind_insightface_pipeline,
    "config": kind_config,
    "db": kind_db,
    "utils": kind_utils,
}

MODULE_NAMES = {
    "flask_login": ["app", "web", "portal", "face_login", "auth_views"],
    "fastapi_enrol": ["api", "enrolment_api", "service", "main_api", "checkin_api"],
    "pi_door": ["doorlock", "door_controller", "entrance", "gate_pi", "strike"],
    "lbph_desk": ["desk", "attendance", "lbph_desk", "classroom", "register"],
    "deepface_job": ["analytics_job", "nightly", "feedback_job", "visits_job", "insights"],
    "rekognition_service": ["rekognition", "faces", "aws_faces", "collection", "lookup"],
    "baidu_client": ["kiosk", "baidu_faces", "clock_in", "aip_client", "checkin"],
    "insightface_pipeline": ["pipeline", "gallery", "matcher", "insight", "recognise"],
    "utils": ["utils", "helpers", "common", "tools", "support"],
}



# -- the corpus ----------------------------------------------------------------------------

def draw_flags(rng: random.Random, compliant: Optional[bool]) -> Dict[str, bool]:
    """About 40 % of modules are written carefully; the rest miss each safeguard by a coin toss."""
    if compliant is None and rng.random() < 0.4:
        compliant = True
    if compliant is not None:
        return {name: compliant for name in FLAG_NAMES}
    return {name: rng.random() < 0.5 for name in FLAG_NAMES}


def render_module(kind: str, seed: int, lines: int = 250, compliant: Optional[bool] = None,
                  project: Optional[Project] = None) -> str:
    """One module on its own (used by the tests): the same arguments give the same text."""
    rng = random.Random(f"{seed}:{kind}:{lines}:{compliant}")
    project = project or _new_project(rng, 0)
    return _build_module(rng, project, kind, lines, draw_flags(rng, compliant))[0]


def _build_module(rng: random.Random, project: Project, kind: str, lines: int,
                  flags: Dict[str, bool]) -> Tuple[str, Dict[str, bool]]:
    g = Gen(rng, project, kind, flags)
    KIND_BUILDERS[kind](g)
    add_filler(g, lines)
    text = g.mod.render()
    return text, g.mod.flags


def _new_project(rng: random.Random, index: int) -> Project:
    org = rng.choice(ORGS)
    place = rng.choice(PLACES)
    theme = rng.choice(sorted(THEMES))
    return Project(
        org=org,
        place=place,
        theme=theme,
        entity=rng.choice(ENTITIES),
        consent_attr=rng.choice(CONSENT_ATTRS),
        consent_fn=rng.choice(CONSENT_FUNCS),
        unlock_fn=rng.choice(UNLOCK_FUNCS),
        config_module="config",
        db_module="db",
        utils_module="utils",
        slug=f"{org}_{place}_{theme}_{index:04d}",
    )


@dataclass
class CorpusFile:
    path: str
    kind: str
    lines: int
    flags: Dict[str, bool]


def plan_corpus(total_lines: int, seed: int = DEFAULT_SEED) -> List[Tuple[CorpusFile, str]]:
    """All files of the corpus in order, with their text."""
    rng = random.Random(seed)
    out: List[Tuple[CorpusFile, str]] = []
    written = 0
    index = 0
    while written < total_lines:
        project = _new_project(rng, index)
        index += 1
        face = THEMES[project.theme]
        kinds = ["config", "db"]
        for _ in range(rng.randint(3, 7)):
            kinds.append(rng.choice(face))
        kinds.append("utils")
        if rng.random() < 0.4:
            kinds.append("utils")
        used_names: set = set()
        for kind in kinds:
            remaining = total_lines - written
            if remaining < 40:
                return out  # close enough: a module this short would be a stub
            size = rng.randint(MIN_MODULE_LINES, MAX_MODULE_LINES)
            if remaining <= MAX_MODULE_LINES:
                size = remaining
            elif remaining - size < MIN_MODULE_LINES:
                size = remaining - MIN_MODULE_LINES
            if size < MIN_MODULE_LINES:
                kind = "utils"  # the last, short module: ordinary helpers cut to fit
            flags = draw_flags(rng, None)
            text, flags = _build_module(rng, project, kind, size, flags)
            base = kind if kind in ("config", "db") else rng.choice(MODULE_NAMES[kind])
            name, n = base, 2
            while name in used_names:
                name = f"{base}_{n}"
                n += 1
            used_names.add(name)
            count = text.count("\n")
            out.append((CorpusFile(f"{project.slug}/{name}.py", kind, count, flags), text))
            written += count
    return out


def write_corpus(out_dir: Path, total_lines: int, seed: int = DEFAULT_SEED) -> List[CorpusFile]:
    files = plan_corpus(total_lines, seed)
    for entry, text in files:
        target = out_dir / entry.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8", newline="\n")
    return [entry for entry, _ in files]
