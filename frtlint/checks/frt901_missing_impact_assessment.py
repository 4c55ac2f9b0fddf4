from __future__ import annotations

import datetime
import os
from pathlib import Path
from typing import Any, Dict, Iterable, Optional

from frtlint.analysis.facts import ModuleFacts, Span
from frtlint.analysis.project import Project
from frtlint.analysis.suppression_grammar import physical_lines
from frtlint.checks.base import Invalid, ProjectInputs, Rule, Valid
from frtlint.checks.impact_record import DEFAULT_MAX_AGE_DAYS, DEFAULT_RECORD, find_record
from frtlint.findings import Finding

_KEY = "impact-assessment"


class MissingImpactAssessment(Rule):
    """The project processes face data but its impact assessment record is missing or old.

    ## What it flags
    A project-level finding, reported once per run: the Python engine saw face
    processing (any call of a face API: detection, recognition, analysis, a cloud face
    service) and the personal information protection impact assessment (PIPIA) record
    the configuration names is missing, or was last changed longer ago than the
    configured period. The record is `impact-assessment` in `[tool.frtlint]`: a path or
    glob relative to the folder of the configuration file (the newest match counts);
    its age is the date of the last git commit that touched it when the project is a
    git repository and the file is committed, else the file's modification time.
    The finding points at line 1 of the configuration file, at the
    `impact-assessment` line when there is one; with no configuration file, at line 1
    of the first face-processing file (by path).

    The rule is opt-in: it runs when `impact-assessment` is set, or when `FRT901` is
    selected by its full id (`--select FRT901`, `extend-select = ["FRT901"]`). Without
    a setting the record is `docs/pipia.md`. A finding on the configuration file has
    no line for a suppression comment: a team that keeps the assessment elsewhere
    points `impact-assessment` at a note saying where, or ignores FRT901.

    ## Why
    Draft Article 15 requires a personal information protection impact assessment
    before facial information is processed — purpose and necessity, accuracy, the
    risks of leaks and misuse, harm to the people concerned and the mitigations — kept
    for at least three years and redone when the purpose or method changes (2025
    Measures Article 9; PIPL Articles 55 and 56). The code cannot hold the assessment,
    but it can show that one exists and is kept current.

    ## Example
    ```toml
    [tool.frtlint]
    impact-assessment = "compliance/pipia-*.md"   # no such file, or last changed two years ago
    ```

    ## Use instead
    ```toml
    [tool.frtlint]
    impact-assessment = "compliance/pipia-*.md"   # compliance/pipia-2026.md, reviewed this year
    impact-assessment-max-age-days = 365
    ```

    ## Options
    `impact-assessment` (default `docs/pipia.md`) and `impact-assessment-max-age-days`
    (default 365) in `[tool.frtlint]`. `frtlint report --pipia` writes a skeleton to start
    the record from.

    ## References
    - Draft Provisions (CAC, 2023-08-08), Article 15: http://www.cac.gov.cn/2023-08/08/c_1693064670537413.htm
    - Personal Information Protection Law, Articles 55 and 56
    """

    id = "FRT901"
    name = "missing-impact-assessment"
    severity = "warning"
    draft_articles = ("15",)
    measures_articles = ("9",)
    security_severity = 4.0

    # The in-class examples run in an empty folder: no record exists there.
    VALID = [
        Valid("import cv2\n\nimg = cv2.imread('x.jpg')\ngray = cv2.cvtColor(img, cv2.COLOR_BGR2GRAY)\n", "image processing, no face API"),
        Valid("import requests\n\nrequests.post('https://example.org/api', json={'a': 1})\n", "no face data"),
        Valid("def unlock():\n    pass\n\ndef on_card(uid):\n    if uid in CARDS:\n        unlock()\n", "an RFID door"),
        Valid("import numpy as np\n\nvectors = np.load('items.npy')\nprint(vectors.mean())\n", "vectors that are no face templates"),
        Valid("import cv2\n\ncap = cv2.VideoCapture(0)\nok, frame = cap.read()\ncv2.imshow('cam', frame)\n", "a camera preview, no face API"),
        Valid("import PIL.Image\n\nPIL.Image.open('logo.png').resize((64, 64)).save('small.png')\n", "a thumbnail"),
        Valid("import face_recognition\n", "an import alone processes nothing"),
        Valid("def face_value(card):\n    return card.rank\n", "a word that only looks like a face"),
        Valid("import json\n\nwith open('faces.json') as fh:\n    names = json.load(fh)['names']\n", "a file named faces holds names"),
        Valid("import sqlite3\n\nsqlite3.connect('app.db').execute('SELECT name FROM users')\n", "a database query"),
    ]
    INVALID = [
        Invalid("import face_recognition\n\ndef f(img):\n    return face_recognition.face_encodings(img)\n", 1, 1, "face_recognition encodings"),
        Invalid("from deepface import DeepFace\n\nDeepFace.analyze('a.jpg', actions=['age'])\n", 1, 1, "DeepFace analysis"),
        Invalid("import cv2\n\ncascade = cv2.CascadeClassifier('haarcascade_frontalface_default.xml')\nfaces = cascade.detectMultiScale(cv2.imread('a.jpg'))\n", 1, 1, "Haar face detection"),
        Invalid("import boto3\n\nrek = boto3.client('rekognition')\nrek.detect_faces(Image={'Bytes': b''})\n", 1, 1, "Rekognition"),
        Invalid("from aip import AipFace\n\nclient = AipFace('a', 'b', 'c')\nclient.detect('img', 'BASE64')\n", 1, 1, "Baidu face detection"),
        Invalid("\n\nimport face_recognition\n\nboxes = face_recognition.face_locations(frame)\n", 1, 1, "line 1 even when the file starts blank"),
        Invalid("from deepface import DeepFace\n\ndef verify(a, b):\n    return DeepFace.verify(a, b)['verified']\n", 1, 1, "DeepFace verification"),
        Invalid("import cv2\n\nrec = cv2.face.LBPHFaceRecognizer_create()\nrec.train(faces, labels)\n", 1, 1, "LBPH training"),
        Invalid("import insightface\n\napp = insightface.app.FaceAnalysis()\napp.prepare(ctx_id=0)\nfaces = app.get(img)\n", 1, 1, "InsightFace"),
        Invalid("import face_recognition as fr\n\ndef a(x):\n    return fr.face_locations(x)\n\ndef b(y):\n    return fr.face_encodings(y)\n", 1, 1, "reported once, not per call"),
    ]

    @classmethod
    def options_from_project(cls, project: ProjectInputs) -> Dict[str, Any]:
        """What this project-level rule reads from `[tool.frtlint]`, the record's state included
        (so a run cached before the record changed, or before it aged, is not reused)."""
        configured = project.impact_assessment is not None
        selected = any(s.upper() == cls.id for s in project.selected)
        pattern = project.impact_assessment or DEFAULT_RECORD
        options: Dict[str, Any] = {
            "active": configured or selected,
            "record": pattern,
            "max-age-days": project.impact_assessment_max_age_days or DEFAULT_MAX_AGE_DAYS,
            "today": datetime.date.today().isoformat(),
        }
        if not options["active"]:
            return options
        state = find_record(project.root, pattern)
        options.update(found=state.path, dated=state.dated.isoformat() if state.dated else None, date_source=state.date_source)
        if project.config_file is not None:
            options.update(config_file=_display(project.config_file), config_line=_key_line(project.config_file))
        return options

    def check(self, project: Project) -> Iterable[Finding]:
        if not self.settings.get("active"):
            return
        face_modules = sorted(
            (m for m in project.modules if any(call.api for _, call in m.all_calls())), key=lambda m: m.path
        )
        if not face_modules:
            return
        message = self._problem()
        if message is None:
            return
        config_file: Optional[str] = self.settings.get("config_file")
        if config_file is not None:
            where = ModuleFacts(path=config_file, module="", is_test=False)
            line = int(self.settings.get("config_line", 1))
        else:
            where, line = face_modules[0], 1
        yield self.finding(where, Span(line, 1, line, 1), message, anchor_text="impact-assessment")

    def _problem(self) -> Optional[str]:
        pattern = self.settings["record"]
        found = self.settings.get("found")
        if not found:
            return (
                f"the project processes face data but has no impact assessment (PIPIA) record at '{pattern}'; "
                "write one (frtlint report --pipia starts it) or set impact-assessment to where it is"
            )
        dated = datetime.date.fromisoformat(self.settings["dated"])
        today = datetime.date.fromisoformat(self.settings["today"])
        age = (today - dated).days
        limit = int(self.settings["max-age-days"])
        if age <= limit:
            return None
        how = "last committed" if self.settings.get("date_source") == "git" else "last modified"
        return (
            f"the impact assessment record '{found}' was {how} on {dated.isoformat()}, {age} days ago "
            f"(more than {limit}): review it and record the review"
        )


def _display(path: Path) -> str:
    """The config file as findings show paths: relative to the working folder when inside it."""
    try:
        relative = os.path.relpath(path, Path.cwd())
    except ValueError:
        return str(path)
    return str(path) if relative.startswith("..") else Path(relative).as_posix()


def _key_line(path: Path) -> int:
    """The line of `impact-assessment = ...` in the config file, else 1."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return 1
    for number, line in enumerate(physical_lines(text), start=1):  # not splitlines(): a form feed ends no line
        if line.strip().startswith(_KEY) and line.strip()[len(_KEY):].lstrip().startswith("="):
            return number
    return 1

