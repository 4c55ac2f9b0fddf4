#!/usr/bin/env python3
"""Write a deterministic, face-dense corpus of facial-recognition application code.

The corpus stands in for "a company's FRT code base" in frtlint's benchmark: many small
projects (a Flask face login, a FastAPI enrolment service, a Raspberry Pi door lock, an
OpenCV LBPH attendance desk, a DeepFace analytics job, a boto3 Rekognition service, a
Baidu ``aip.AipFace`` kiosk, an insightface pipeline) plus their ordinary helper modules
(config, db, utils). Every module is assembled from the templates in this file with
parameters drawn from one seeded ``random.Random``: the same seed and size always give
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
import random
import shutil
import string
import sys
import textwrap
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Dict, List, Optional, Sequence, Tuple

DEFAULT_SEED = 20230808  # the day the CAC draft was published
DEFAULT_LINES = 300_000
MIN_MODULE_LINES = 150
MAX_MODULE_LINES = 400

FACE_KINDS = (
    "flask_login",
    "fastapi_enrol",
    "pi_door",
    "lbph_desk",
    "deepface_job",
    "rekognition_service",
    "baidu_client",
    "insightface_pipeline",
)
HELPER_KINDS = ("config", "db", "utils")
ALL_KINDS = FACE_KINDS + HELPER_KINDS

FLAG_NAMES = ("consent", "retention", "fallback", "attributes", "liveness", "threshold", "encrypt", "transport")

# -- vocabulary --------------------------------------------------------------------------

ENTITIES = [
    ("employee", "employees"), ("member", "members"), ("student", "students"),
    ("resident", "residents"), ("visitor", "visitors"), ("patient", "patients"),
    ("guest", "guests"), ("customer", "customers"), ("tenant", "tenants"),
    ("worker", "workers"), ("athlete", "athletes"), ("volunteer", "volunteers"),
    ("driver", "drivers"), ("courier", "couriers"), ("trainee", "trainees"),
]
PLACES = [
    "lobby", "warehouse", "lab", "gym", "clinic", "campus", "office", "factory", "library",
    "hostel", "depot", "studio", "garage", "canteen", "reception", "site", "annex", "plant",
    "pharmacy", "terminal",
]
ORGS = [
    "acme", "northgate", "lotus", "harbor", "bluepeak", "riverside", "sunrise", "kestrel",
    "meridian", "orchid", "granite", "summit", "pinewood", "silverline", "jade", "maple",
    "cobalt", "evergreen", "horizon", "quartz", "redwood", "falcon", "tideway", "aurora",
    "linden", "copperhill", "westbrook", "stonebridge", "bayview", "ironwood",
]
THEMES = {
    "access": ("pi_door", "flask_login", "rekognition_service", "insightface_pipeline", "baidu_client"),
    "attendance": ("lbph_desk", "baidu_client", "fastapi_enrol", "pi_door", "insightface_pipeline"),
    "portal": ("flask_login", "fastapi_enrol", "rekognition_service", "deepface_job"),
    "analytics": ("deepface_job", "insightface_pipeline", "rekognition_service", "baidu_client"),
    "kiosk": ("baidu_client", "lbph_desk", "fastapi_enrol", "deepface_job", "pi_door"),
}
IMG_NAMES = ["frame", "img", "image", "snapshot", "photo", "picture", "capture", "still"]
ENC_NAMES = ["encoding", "embedding", "template", "face_vec", "descriptor", "signature", "probe"]
LOG_NAMES = ["log", "logger", "LOG", "_log"]
CONSENT_ATTRS = ["face_consent", "biometric_consent", "consented_to_face", "face_opt_in_consent"]
CONSENT_FUNCS = ["has_face_consent", "face_consent_on_file", "has_biometric_consent", "consent_recorded"]
BLUR_FUNCS = ["blur_faces", "pixelate_faces", "anonymise_frame", "mask_faces", "redact_faces"]
UNLOCK_FUNCS = ["unlock_door", "open_door", "release_strike", "open_gate", "trigger_lock"]
NOUNS = ["booking", "shift", "invoice", "visit", "badge", "device", "report", "ticket", "session", "roster", "audit", "order"]
ADJ = ["pending", "active", "archived", "daily", "weekly", "nightly", "recent", "stale", "primary", "local"]
REGIONS = ["cn-north-1", "ap-east-1", "ap-southeast-1", "eu-west-1", "us-east-1", "ap-northeast-1"]


def _camel(name: str) -> str:
    return "".join(part.capitalize() for part in name.split("_"))


# -- module builder ------------------------------------------------------------------------

@dataclass
class Module:
    """One generated file: header, imports, blocks, main."""

    kind: str
    docstring: str
    flags: Dict[str, bool]
    imports: List[str] = field(default_factory=list)
    preamble: List[str] = field(default_factory=list)  # constants, clients, app objects
    blocks: List[str] = field(default_factory=list)
    main: str = ""
    used: set = field(default_factory=set)

    def need(self, *lines: str) -> None:
        for line in lines:
            if line not in self.imports:
                self.imports.append(line)

    def unique(self, name: str) -> str:
        candidate, n = name, 2
        while candidate in self.used:
            candidate = f"{name}_{n}"
            n += 1
        self.used.add(candidate)
        return candidate

    def render(self) -> str:
        stdlib: List[str] = []
        third: List[str] = []
        local: List[str] = []
        for line in self.imports:
            root = line.split()[1].split(".")[0]
            if root in _STDLIB:
                stdlib.append(line)
            elif root in _LOCAL:
                local.append(line)
            else:
                third.append(line)
        doc = self.docstring.strip()
        parts = ['"""' + doc + ('\n"""\n' if "\n" in doc else '"""\n')]
        groups = [sorted(stdlib, key=_import_key), sorted(third, key=_import_key), sorted(local, key=_import_key)]
        groups = [g for g in groups if g]
        if groups:
            parts.append("\n\n".join("\n".join(g) for g in groups) + "\n")
        if self.preamble:
            parts.append("\n".join(p.rstrip("\n") for p in self.preamble) + "\n")
        for block in self.blocks:
            parts.append("\n" + block.rstrip("\n") + "\n")
        if self.main:
            parts.append("\n" + self.main.rstrip("\n") + "\n")
        return "\n".join(parts)


_STDLIB = {
    "argparse", "base64", "collections", "contextlib", "csv", "dataclasses", "datetime", "enum",
    "functools", "hashlib", "hmac", "io", "itertools", "json", "logging", "math", "os", "pathlib",
    "pickle", "random", "re", "secrets", "shutil", "smtplib", "sqlite3", "statistics", "sys",
    "tempfile", "threading", "time", "typing", "uuid", "__future__", "email", "queue", "glob",
}
_LOCAL = {"config", "db", "utils", "settings", "storage", "helpers", "models", "registry", "notify"}


def _import_key(line: str) -> Tuple[int, str]:
    return (0 if line.startswith("import ") else 1, line.split()[1])


class Gen:
    """Random choices and template filling for one module."""

    def __init__(self, rng: random.Random, project: "Project", kind: str, flags: Dict[str, bool]) -> None:
        self.rng = rng
        self.project = project
        self.kind = kind
        self.flags = flags
        ent, ents = project.entity
        self.ctx: Dict[str, str] = {
            "org": project.org,
            "Org": project.org.capitalize(),
            "ORG": project.org.upper(),
            "place": project.place,
            "ent": ent,
            "ents": ents,
            "Ent": _camel(ent),
            "img": rng.choice(IMG_NAMES),
            "enc": rng.choice(ENC_NAMES),
            "log": rng.choice(LOG_NAMES),
            "consent_attr": project.consent_attr,
            "consent_fn": project.consent_fn,
            "blur_fn": rng.choice(BLUR_FUNCS),
            "unlock_fn": project.unlock_fn,
            "id": f"{ent}_id",
            "cfg": project.config_module,
            "dbm": project.db_module,
            "util": project.utils_module,
            "region": rng.choice(REGIONS),
            "port": str(rng.randrange(5000, 9000)),
            "pin": str(rng.choice([4, 17, 18, 22, 23, 24, 25, 27])),
            "pin2": str(rng.choice([5, 6, 12, 13, 16, 19, 20, 21, 26])),
            "secs": str(rng.choice([2, 3, 4, 5])),
            "collection": f"{project.org}-{ents}-{rng.randrange(1, 99)}",
            "group": f"{project.org}_{project.place}",
        }
        self.mod = Module(kind=kind, docstring="", flags=dict(flags))

    def f(self, text: str, **extra: str) -> str:
        """Fill a template. A multi-line template is dedented by the indentation of its
        closing quotes, so a snippet keeps the indentation it has relative to them."""
        ctx = dict(self.ctx)
        ctx.update(extra)
        lines = text.split("\n")
        if len(lines) > 1 and lines[-1] and not lines[-1].strip():
            base = len(lines[-1])
            lines = [line[base:] if line[:base].isspace() else line.lstrip() for line in lines[:-1]]
            text = "\n".join(lines).strip("\n")
        return string.Template(text.rstrip("\n") + "\n").substitute(ctx)

    def name(self, *choices: str, **extra: str) -> str:
        ctx = dict(self.ctx)
        ctx.update(extra)
        return self.mod.unique(string.Template(self.rng.choice(choices)).substitute(ctx))

    def pick(self, seq: Sequence[str]) -> str:
        return self.rng.choice(list(seq))

    def flag(self, name: str) -> bool:
        return self.flags[name]


@dataclass
class Project:
    org: str
    place: str
    theme: str
    entity: Tuple[str, str]
    consent_attr: str
    consent_fn: str
    unlock_fn: str
    config_module: str
    db_module: str
    utils_module: str
    slug: str


# -- face module templates -----------------------------------------------------------------

def _consent_flask(g: Gen, subject: str, indent: str = "    ") -> str:
    if not g.flag("consent"):
        return ""
    return textwrap.indent(
        g.f(
            """
            if not $subject.$consent_attr:
                abort(403, "face sign-in needs the ${ent}'s separate consent")
            """,
            subject=subject,
        ),
        indent,
    )


def kind_flask_login(g: Gen) -> None:
    m = g.mod
    m.docstring = g.f(
        """
        Face sign-in for the $Org $place portal.

        ${ents} enrol a selfie once and then sign in by looking at the camera. The
        password form stays available for anyone who does not want to use face sign-in.
        """
    )
    m.need(
        "import os",
        "import face_recognition",
        "import numpy as np",
        "from flask import Flask, abort, jsonify, redirect, request, url_for",
        "from flask_login import LoginManager, UserMixin, current_user, login_required, login_user, logout_user",
        f"import {g.ctx['dbm']}",
    )
    user_cls = g.name("${Ent}User", "${Ent}Account", "Portal${Ent}")
    login_view = g.name("login_page", "sign_in_page", "show_login")
    m.preamble.append(g.f(
        """
        app = Flask(__name__)
        app.secret_key = os.environ["${ORG}_SECRET_KEY"]
        app.config["MAX_CONTENT_LENGTH"] = 8 * 1024 * 1024
        login_manager = LoginManager(app)
        login_manager.login_view = "$login_view"
        """,
        login_view=login_view,
    ))
    if g.flag("threshold"):
        m.preamble.append(g.f('TOLERANCE = float(os.environ.get("FACE_TOLERANCE", "0.5"))'))
        tol = "TOLERANCE"
    else:
        tol = g.pick(["0.7", "0.75", "0.8"])
    if g.flag("encrypt"):
        m.need("from cryptography.fernet import Fernet")
        m.preamble.append('fernet = Fernet(os.environ["FACE_TEMPLATE_KEY"])')
    else:
        m.need("import pickle")
    if not g.flag("retention"):
        m.preamble.append('UPLOAD_DIR = os.path.join(os.path.dirname(__file__), "uploads")')
    m.blocks.append(g.f(
        """
        class $cls(UserMixin):
            def __init__(self, row):
                self.id = row["id"]
                self.username = row["username"]
                self.display_name = row.get("display_name") or row["username"]
                self.$consent_attr = bool(row.get("$consent_attr"))

            def __repr__(self):
                return f"<$cls {self.username}>"


        @login_manager.user_loader
        def load_user(user_id):
            row = $dbm.get_$ent(int(user_id))
            return $cls(row) if row else None
        """,
        cls=user_cls,
    ))
    # enrolment
    enrol_fn = g.name("enrol_face", "register_face", "enrol_${ent}_face", "upload_selfie")
    body = [g.f(
        """
        @app.route("/${ents}/face/enrol", methods=["POST"])
        @login_required
        def $fn():
        """,
        fn=enrol_fn,
    )]
    body.append(_consent_flask(g, "current_user"))
    body.append(g.f(
        """
            upload = request.files.get("selfie")
            if upload is None:
                return jsonify(error="no selfie uploaded"), 400
            $img = face_recognition.load_image_file(upload)
            boxes = face_recognition.face_locations($img)
            if len(boxes) != 1:
                return jsonify(error="please make sure exactly one face is visible"), 422
            $enc = face_recognition.face_encodings($img, boxes)[0]
        """
    ))
    if not g.flag("retention"):
        body.append(g.f(
            """
                upload.stream.seek(0)
                upload.save(os.path.join(UPLOAD_DIR, f"{current_user.id}.jpg"))
            """
        ))
    if g.flag("encrypt"):
        body.append(g.f("    $dbm.save_face_template(current_user.id, fernet.encrypt($enc.tobytes()))"))
    else:
        body.append(g.f("    $dbm.save_face_template(current_user.id, pickle.dumps($enc))"))
        if g.rng.random() < 0.5:
            body.append(g.f('    app.logger.debug("template for %s: %s", current_user.id, $enc)'))
    body.append(g.f('    return jsonify(status="enrolled", user=current_user.username)'))
    m.blocks.append("".join(body))
    # face login
    face_login = g.name("face_login", "login_with_face", "sign_in_face", "face_sign_in")
    pw_login = g.name("password_login", "login_with_password", "sign_in_password")
    body = [g.f(
        """
        @app.route("/login/face", methods=["POST"])
        def $fn():
            username = request.form.get("username", "").strip()
            row = $dbm.find_${ent}_by_username(username)
            if row is None:
                return redirect(url_for("$login_view"))
            user = $cls(row)
        """,
        fn=face_login, cls=user_cls, login_view=login_view,
    )]
    if g.flag("consent"):
        body.append(g.f(
            """
                if not user.$consent_attr:
                    return redirect(url_for("$login_view", reason="face-sign-in-off"))
            """,
            login_view=login_view,
        ))
    body.append(g.f(
        """
            upload = request.files.get("selfie")
            if upload is None:
                return jsonify(error="no selfie uploaded"), 400
            $img = face_recognition.load_image_file(upload)
        """
    ))
    if g.flag("liveness"):
        body.append(g.f(
            """
                if not check_liveness(request.files.getlist("frames")):
                    return jsonify(error="liveness check failed, use your password"), 401
            """
        ))
    if g.flag("encrypt"):
        body.append(g.f('    known = np.frombuffer(fernet.decrypt(row["face_template"]), dtype=np.float64)'))
    else:
        body.append(g.f('    known = pickle.loads(row["face_template"])'))
    body.append(g.f(
        """
            candidates = face_recognition.face_encodings($img)
            if not candidates:
                return jsonify(error="no face found"), 422
            match = face_recognition.compare_faces([known], candidates[0], tolerance=$tol)[0]
            if match:
                login_user(user)
                return redirect(url_for("dashboard"))
            return jsonify(error="face did not match"), 401
        """,
        tol=tol,
    ))
    m.blocks.append("".join(body))
    if g.flag("liveness"):
        m.blocks.append(g.f(
            """
            def check_liveness(frames):
                \"\"\"Blink test over a short burst of frames: the eye aspect ratio must dip once.\"\"\"
                ratios = []
                for item in frames[:12]:
                    picture = face_recognition.load_image_file(item)
                    marks = face_recognition.face_landmarks(picture)
                    if not marks:
                        continue
                    ratios.append(eye_ratio(marks[0]["left_eye"]) + eye_ratio(marks[0]["right_eye"]))
                return len(ratios) >= 4 and min(ratios) < 0.4 < max(ratios)


            def eye_ratio(points):
                (x1, y1), (x2, y2), (x3, y3), (x4, y4), (x5, y5), (x6, y6) = points
                vertical = abs(y2 - y6) + abs(y3 - y5)
                horizontal = max(abs(x1 - x4), 1)
                return vertical / (2.0 * horizontal)
            """
        ))
    if g.flag("fallback"):
        m.need("from werkzeug.security import check_password_hash")
        m.blocks.append(g.f(
            """
            @app.route("/login/password", methods=["POST"])
            def $fn():
                row = $dbm.find_${ent}_by_username(request.form.get("username", "").strip())
                if row is None or not check_password_hash(row["password_hash"], request.form.get("password", "")):
                    return jsonify(error="wrong username or password"), 401
                login_user($cls(row))
                return redirect(url_for("dashboard"))
            """,
            fn=pw_login, cls=user_cls,
        ))
    m.blocks.append(g.f(
        """
        @app.route("/login")
        def $login_view():
            return jsonify(methods=$methods, reason=request.args.get("reason"))


        @app.route("/dashboard")
        @login_required
        def dashboard():
            return jsonify(user=current_user.display_name, ${ents}=$dbm.count_${ents}())


        @app.route("/logout", methods=["POST"])
        @login_required
        def logout():
            logout_user()
            return redirect(url_for("$login_view"))
        """,
        login_view=login_view,
        methods='["face", "password"]' if g.flag("fallback") else '["face"]',
    ))
    m.main = g.f(
        """
        if __name__ == "__main__":
            app.run(host="127.0.0.1", port=$port, debug=os.environ.get("FLASK_DEBUG") == "1")
        """
    )


def kind_fastapi_enrol(g: Gen) -> None:
    m = g.mod
    m.docstring = g.f(
        """
        Enrolment and check-in API for the $Org $place.

        ${ents} upload a photo once (from the app or the front desk tablet); the kiosk
        then posts a camera frame to /checkin and gets back who it is.
        """
    )
    m.need(
        "import io",
        "import os",
        "import face_recognition",
        "import numpy as np",
        "from fastapi import FastAPI, File, Form, HTTPException, UploadFile",
        "from fastapi.concurrency import run_in_threadpool",
        "from pydantic import BaseModel",
        f"import {g.ctx['dbm']}",
    )
    if g.flag("threshold"):
        m.preamble.append(g.f('MATCH_TOLERANCE = float(os.environ.get("MATCH_TOLERANCE", "0.45"))'))
        tol = "MATCH_TOLERANCE"
    else:
        tol = g.pick(["0.7", "0.72", "0.8"])
    m.preamble.append(g.f('app = FastAPI(title="$Org $place enrolment")'))
    if g.flag("encrypt"):
        m.need("from cryptography.fernet import Fernet")
        m.preamble.append('cipher = Fernet(os.environ["TEMPLATE_KEY"])')
    if not g.flag("retention"):
        m.preamble.append(g.f('MEDIA_ROOT = os.environ.get("MEDIA_ROOT", "/var/lib/${org}/faces")'))
    resp = g.name("EnrolResult", "EnrolResponse", "FaceEnrolled")
    check = g.name("CheckinResult", "CheckinResponse", "MatchResult")
    m.blocks.append(g.f(
        """
        class $resp(BaseModel):
            ${id}: int
            faces_found: int
            status: str = "enrolled"


        class $check(BaseModel):
            ${id}: int | None = None
            distance: float | None = None
            matched: bool = False
        """,
        resp=resp, check=check,
    ))
    enrol = g.name("enrol_${ent}", "upload_${ent}_face", "register_face", "create_template")
    body = [g.f(
        """
        @app.post("/${ents}/{${id}}/face", response_model=$resp)
        async def $fn(${id}: int, file: UploadFile = File(...)):
            record = await run_in_threadpool($dbm.get_$ent, ${id})
            if record is None:
                raise HTTPException(status_code=404, detail="unknown $ent")
        """,
        fn=enrol, resp=resp,
    )]
    if g.flag("consent"):
        body.append(g.f(
            """
                if not record["$consent_attr"]:
                    raise HTTPException(status_code=403, detail="no face consent on file")
            """
        ))
    body.append(g.f(
        """
            data = await file.read()
            $img = face_recognition.load_image_file(io.BytesIO(data))
            encodings = face_recognition.face_encodings($img)
            if len(encodings) != 1:
                raise HTTPException(status_code=422, detail=f"expected one face, found {len(encodings)}")
        """
    ))
    if not g.flag("retention"):
        body.append(g.f(
            """
                with open(os.path.join(MEDIA_ROOT, f"{${id}}.jpg"), "wb") as fh:
                    fh.write(data)
            """
        ))
    if g.flag("encrypt"):
        body.append(g.f("    await run_in_threadpool($dbm.save_face_template, ${id}, cipher.encrypt(encodings[0].tobytes()))"))
    else:
        body.append(g.f("    await run_in_threadpool($dbm.save_face_template, ${id}, encodings[0].tobytes())"))
    body.append(g.f("    return $resp(${id}=${id}, faces_found=len(encodings))", resp=resp))
    m.blocks.append("".join(body))
    checkin = g.name("checkin", "identify_${ent}", "kiosk_checkin", "who_is_this")
    body = [g.f(
        """
        @app.post("/checkin", response_model=$check)
        async def $fn(file: UploadFile = File(...), face_consent: bool = Form(False), kiosk: str = Form("front")):
        """,
        fn=checkin, check=check,
    )]
    if g.flag("consent"):
        body.append(g.f(
            """
                if not face_consent:
                    raise HTTPException(status_code=403, detail="tap 'use my face' on the kiosk first")
            """
        ))
    body.append(g.f(
        """
            data = await file.read()
            $img = face_recognition.load_image_file(io.BytesIO(data))
            probes = face_recognition.face_encodings($img)
            if not probes:
                return $check()
            ids, templates = await run_in_threadpool(load_gallery)
            if not ids:
                return $check()
            distances = face_recognition.face_distance(templates, probes[0])
            best = int(np.argmin(distances))
            if distances[best] <= $tol:
                await run_in_threadpool($dbm.record_checkin, ids[best], kiosk)
                return $check(${id}=ids[best], distance=float(distances[best]), matched=True)
        """,
        check=check, tol=tol,
    ))
    if not g.flag("transport"):
        m.need("import requests")
        body.append(g.f(
            """
                requests.post("http://review.${org}.example/unmatched", files={"frame": data}, timeout=5)
            """
        ))
    body.append(g.f("    return $check(distance=float(distances[best]))", check=check))
    m.blocks.append("".join(body))
    if g.flag("encrypt"):
        decode = "np.frombuffer(cipher.decrypt(row[\"face_template\"]), dtype=np.float64)"
    else:
        decode = "np.frombuffer(row[\"face_template\"], dtype=np.float64)"
    m.blocks.append(g.f(
        """
        def load_gallery():
            \"\"\"Templates of every ${ent} who enrolled, as parallel lists.\"\"\"
            ids, templates = [], []
            for row in $dbm.enrolled_${ents}():
                ids.append(row["id"])
                templates.append($decode)
            return ids, templates


        @app.delete("/${ents}/{${id}}/face", status_code=204)
        async def forget_face(${id}: int):
            await run_in_threadpool($dbm.delete_face_template, ${id})


        @app.get("/healthz")
        async def healthz():
            return {"status": "ok", "${ents}": await run_in_threadpool($dbm.count_${ents})}
        """,
        decode=decode,
    ))
    m.main = g.f(
        """
        if __name__ == "__main__":
            import uvicorn

            uvicorn.run(app, host="127.0.0.1", port=$port)
        """
    )


def kind_pi_door(g: Gen) -> None:
    m = g.mod
    m.docstring = g.f(
        """
        Door controller for the $place entrance (Raspberry Pi 4, USB camera, relay on GPIO $pin).

        Known ${ents} are recognised at the door; everyone else rings the bell. The relay
        drives a 12 V electric strike.
        """
    )
    m.need("import os", "import time", "import logging", "import cv2", "import face_recognition", "import RPi.GPIO as GPIO")
    m.preamble.append(g.f(
        """
        RELAY_PIN = $pin
        CONSENT_BUTTON_PIN = $pin2
        UNLOCK_SECONDS = $secs
        KNOWN_FACES = os.environ.get("KNOWN_FACES", "/home/pi/${org}/known_faces.pickle")
        SNAPSHOT_DIR = os.environ.get("SNAPSHOT_DIR", "/home/pi/${org}/visitors")
        $log = logging.getLogger("door")

        GPIO.setmode(GPIO.BCM)
        GPIO.setup(RELAY_PIN, GPIO.OUT, initial=GPIO.LOW)
        GPIO.setup(CONSENT_BUTTON_PIN, GPIO.IN, pull_up_down=GPIO.PUD_DOWN)
        """
    ))
    if g.flag("threshold"):
        m.preamble.append('TOLERANCE = float(os.environ.get("DOOR_TOLERANCE", "0.5"))')
        tol = "TOLERANCE"
    else:
        tol = g.pick(["0.65", "0.7", "0.75"])
    m.need("import pickle")
    if g.flag("encrypt"):
        m.need("from cryptography.fernet import Fernet")
        m.preamble.append('fernet = Fernet(os.environ["DOOR_KEY"])')
    if g.flag("fallback"):
        m.need("import hmac", "from keypad import Keypad")
        m.preamble.append('keypad = Keypad(rows=(5, 6, 13, 19), cols=(12, 16, 20))\nDOOR_PIN = os.environ["DOOR_PIN"]')
    unlock = g.ctx["unlock_fn"]
    m.used.add(unlock)
    m.blocks.append(g.f(
        """
        def $unlock(seconds=UNLOCK_SECONDS):
            \"\"\"Energise the strike for a few seconds.\"\"\"
            GPIO.output(RELAY_PIN, GPIO.HIGH)
            try:
                time.sleep(seconds)
            finally:
                GPIO.output(RELAY_PIN, GPIO.LOW)
        """,
        unlock=unlock,
    ))
    load = g.name("load_known_faces", "read_known_faces", "load_${ents}")
    if g.flag("encrypt"):
        m.blocks.append(g.f(
            """
            def $fn(path=KNOWN_FACES):
                if not os.path.exists(path):
                    return [], []
                with open(path, "rb") as fh:
                    data = pickle.loads(fernet.decrypt(fh.read()))
                return data["names"], data["encodings"]


            def save_known_faces(names, encodings, path=KNOWN_FACES):
                blob = fernet.encrypt(pickle.dumps({"names": names, "encodings": encodings}))
                with open(path, "wb") as fh:
                    fh.write(blob)
            """,
            fn=load,
        ))
    else:
        m.blocks.append(g.f(
            """
            def $fn(path=KNOWN_FACES):
                if not os.path.exists(path):
                    return [], []
                with open(path, "rb") as fh:
                    data = pickle.load(fh)
                return data["names"], data["encodings"]


            def save_known_faces(names, encodings, path=KNOWN_FACES):
                with open(path, "wb") as fh:
                    pickle.dump({"names": names, "encodings": encodings}, fh)
            """,
            fn=load,
        ))
    m.used.add("save_known_faces")
    enrol = g.name("enrol_${ent}", "add_${ent}", "register_${ent}")
    body = [g.f(
        """
        def $fn(name, photo_path):
            \"\"\"Add one ${ent} from a photo taken at the office.\"\"\"
        """,
        fn=enrol,
    )]
    if g.flag("consent"):
        m.need(f"from {g.ctx['dbm']} import {g.ctx['consent_fn']}")
        body.append(g.f(
            """
                if not $consent_fn(name):
                    print(f"{name} has not signed the face-entry consent form; use the keypad instead")
                    return False
            """
        ))
    body.append(g.f(
        """
            picture = face_recognition.load_image_file(photo_path)
            found = face_recognition.face_encodings(picture)
            if len(found) != 1:
                print(f"{photo_path}: expected one face, found {len(found)}")
                return False
            names, encodings = $load()
            names.append(name)
            encodings.append(found[0])
            save_known_faces(names, encodings)
            return True
        """,
        load=load,
    ))
    m.blocks.append("".join(body))
    snap = g.name("save_visitor_snapshot", "store_visitor", "keep_snapshot")
    if g.flag("retention"):
        blur = g.ctx["blur_fn"]
        m.used.add(blur)
        m.blocks.append(g.f(
            """
            def $blur($img, boxes):
                \"\"\"Blur every face box so the snapshot shows that someone rang, not who.\"\"\"
                out = $img.copy()
                for top, right, bottom, left in boxes:
                    out[top:bottom, left:right] = cv2.GaussianBlur(out[top:bottom, left:right], (51, 51), 0)
                return out


            def $snap($img, boxes):
                path = os.path.join(SNAPSHOT_DIR, time.strftime("%Y%m%d-%H%M%S") + ".jpg")
                cv2.imwrite(path, $blur($img, boxes))
                return path
            """,
            blur=blur, snap=snap,
        ))
    else:
        m.blocks.append(g.f(
            """
            def $snap($img, boxes):
                path = os.path.join(SNAPSHOT_DIR, time.strftime("%Y%m%d-%H%M%S") + ".jpg")
                cv2.imwrite(path, $img)
                $log.info("visitor snapshot %s (%d faces)", path, len(boxes))
                return path
            """,
            snap=snap,
        ))
    if g.flag("liveness"):
        m.blocks.append(g.f(
            """
            def blink_liveness_check(camera, frames=15):
                \"\"\"A printed photo does not blink: watch the eye aspect ratio for a moment.\"\"\"
                closed = opened = 0
                for _ in range(frames):
                    ok, $img = camera.read()
                    if not ok:
                        continue
                    rgb = cv2.cvtColor($img, cv2.COLOR_BGR2RGB)
                    marks = face_recognition.face_landmarks(rgb)
                    if not marks:
                        continue
                    left, right = marks[0]["left_eye"], marks[0]["right_eye"]
                    ratio = (eye_height(left) + eye_height(right)) / 2.0
                    if ratio < 0.2:
                        closed += 1
                    else:
                        opened += 1
                return closed >= 1 and opened >= 3


            def eye_height(points):
                top = (points[1][1] + points[2][1]) / 2.0
                bottom = (points[4][1] + points[5][1]) / 2.0
                width = max(points[3][0] - points[0][0], 1)
                return (bottom - top) / width
            """
        ))
    if g.flag("fallback"):
        m.blocks.append(g.f(
            """
            def keypad_unlock(timeout=10):
                \"\"\"The PIN path: opens the same door without a face.\"\"\"
                pin = keypad.read_pin(timeout=timeout)
                if pin and hmac.compare_digest(pin, DOOR_PIN):
                    $log.info("door opened with the keypad")
                    $unlock()
                    return True
                return False
            """,
            unlock=unlock,
        ))
    loop = g.name("door_loop", "run_door", "watch_entrance", "main_loop")
    body = [g.f(
        """
        def $fn(camera):
            names, known = $load()
            $log.info("loaded %d known ${ents}", len(names))
            while True:
        """,
        fn=loop, load=load,
    )]
    if g.flag("fallback"):
        body.append(g.f(
            """
                    if keypad.key_pressed():
                        keypad_unlock()
                        continue
            """
        ))
    body.append(g.f(
        """
                ok, $img = camera.read()
                if not ok:
                    time.sleep(0.1)
                    continue
                small = cv2.resize($img, (0, 0), fx=0.25, fy=0.25)
                rgb = cv2.cvtColor(small, cv2.COLOR_BGR2RGB)
                boxes = face_recognition.face_locations(rgb)
                if not boxes:
                    continue
        """
    ))
    if g.flag("consent"):
        body.append(g.f(
            """
                    if not GPIO.input(CONSENT_BUTTON_PIN):
                        continue  # face entry only for people who press the "use my face" button
            """
        ))
    if g.flag("liveness"):
        body.append(g.f(
            """
                    if not blink_liveness_check(camera):
                        $snap($img, [(t * 4, r * 4, b * 4, l * 4) for t, r, b, l in boxes])
                        continue
            """,
            snap=snap,
        ))
    body.append(g.f(
        """
                for $enc in face_recognition.face_encodings(rgb, boxes):
                    matches = face_recognition.compare_faces(known, $enc, tolerance=$tol)
                    if True in matches:
                        who = names[matches.index(True)]
                        $log.info("door opened for %s", who)
                        $unlock()
                        break
                else:
                    $snap($img, [(t * 4, r * 4, b * 4, l * 4) for t, r, b, l in boxes])
                time.sleep(0.2)
        """,
        tol=tol, unlock=unlock, snap=snap,
    ))
    m.blocks.append("".join(body))
    m.main = g.f(
        """
        if __name__ == "__main__":
            logging.basicConfig(level=logging.INFO)
            cam = cv2.VideoCapture(0)
            try:
                $loop(cam)
            except KeyboardInterrupt:
                pass
            finally:
                cam.release()
                GPIO.cleanup()
        """,
        loop=loop,
    )


def kind_lbph_desk(g: Gen) -> None:
    m = g.mod
    m.docstring = g.f(
        """
        Attendance desk for the $place (OpenCV Haar cascade + LBPH recogniser).

        capture: collect samples of a ${ent}; train: build the model; run: mark
        attendance in attendance.csv. Staff can always mark someone present by hand.
        """
    )
    m.need("import csv", "import datetime", "import os", "import sys", "import cv2", "import numpy as np")
    m.preamble.append(g.f(
        """
        CASCADE = cv2.CascadeClassifier(cv2.data.haarcascades + "haarcascade_frontalface_default.xml")
        ATTENDANCE_CSV = os.environ.get("ATTENDANCE_CSV", "attendance.csv")
        DATASET_DIR = os.environ.get("DATASET_DIR", "dataset")
        MODEL_PATH = os.environ.get("MODEL_PATH", "trainer.yml")
        recognizer = cv2.face.LBPHFaceRecognizer_create()
        """
    ))
    if g.flag("threshold"):
        m.preamble.append('MAX_DISTANCE = float(os.environ.get("LBPH_MAX_DISTANCE", "45"))')
        limit = "MAX_DISTANCE"
    else:
        limit = g.pick(["100", "90", "120"])
    if g.flag("consent"):
        m.need(f"from {g.ctx['dbm']} import {g.ctx['consent_fn']}")
    capture = g.name("capture_samples", "collect_faces", "take_samples")
    body = [g.f(
        """
        def $fn(${id}, camera, count=30):
            \"\"\"Grab `count` grey face crops of one ${ent} for training.\"\"\"
        """,
        fn=capture,
    )]
    if g.flag("consent"):
        body.append(g.f(
            """
                if not $consent_fn(${id}):
                    print("no face consent on file for this ${ent}; use the staff roll call")
                    return []
            """
        ))
    body.append(g.f(
        """
            samples = []
            while len(samples) < count:
                ok, $img = camera.read()
                if not ok:
                    break
                gray = cv2.cvtColor($img, cv2.COLOR_BGR2GRAY)
                for (x, y, w, h) in CASCADE.detectMultiScale(gray, scaleFactor=1.3, minNeighbors=5):
                    face = gray[y:y + h, x:x + w]
        """
    ))
    if not g.flag("retention"):
        body.append(g.f(
            """
                        cv2.imwrite(os.path.join(DATASET_DIR, f"User.{${id}}.{len(samples)}.jpg"), face)
            """
        ))
    body.append(g.f(
        """
                    samples.append(face)
            return samples
        """
    ))
    m.blocks.append("".join(body))
    train = g.name("train_model", "train_recognizer", "fit_lbph")
    body = [g.f(
        """
        def $fn(${id}, samples):
            \"\"\"Add one ${ent}'s samples to the model (train the first time, update after).\"\"\"
        """,
        fn=train,
    )]
    if g.flag("consent"):
        body.append(g.f(
            """
                if not $consent_fn(${id}):
                    return False
            """
        ))
    body.append(g.f(
        """
            if len(samples) < 10:
                return False
            labels = np.full(len(samples), int(${id}), dtype=np.int32)
            if recognizer.empty():
                recognizer.train(samples, labels)
            else:
                recognizer.update(samples, labels)
        """
    ))
    if not g.flag("encrypt"):
        body.append("    recognizer.save(MODEL_PATH)\n")
    body.append("    return True\n")
    m.blocks.append("".join(body))
    mark = g.name("mark_attendance", "mark_present", "record_attendance")
    m.blocks.append(g.f(
        """
        def $fn(${id}, method):
            now = datetime.datetime.now()
            new_file = not os.path.exists(ATTENDANCE_CSV)
            with open(ATTENDANCE_CSV, "a", newline="", encoding="utf-8") as fh:
                writer = csv.writer(fh)
                if new_file:
                    writer.writerow(["${id}", "date", "time", "method"])
                writer.writerow([${id}, now.date().isoformat(), now.strftime("%H:%M:%S"), method])
        """,
        fn=mark,
    ))
    if g.flag("liveness"):
        m.blocks.append(g.f(
            """
            EYES = cv2.CascadeClassifier(cv2.data.haarcascades + "haarcascade_eye.xml")


            def liveness_blink(camera, frames=20):
                \"\"\"Eyes must disappear for at least one frame (a blink) and be seen in others.\"\"\"
                seen = missed = 0
                for _ in range(frames):
                    ok, $img = camera.read()
                    if not ok:
                        continue
                    gray = cv2.cvtColor($img, cv2.COLOR_BGR2GRAY)
                    if len(EYES.detectMultiScale(gray, 1.1, 6)):
                        seen += 1
                    else:
                        missed += 1
                return seen >= 5 and missed >= 1
            """
        ))
    if g.flag("consent"):
        m.blocks.append(g.f(
            """
            def face_consent_given(key):
                \"\"\"The ${ent} pressed F after reading the on-screen notice about face check-in.\"\"\"
                return key in (ord("f"), ord("F"))
            """
        ))
        m.used.add("face_consent_given")
    run = g.name("run_desk", "recognise_loop", "attendance_loop")
    body = [g.f(
        """
        def $fn(camera, roster):
            marked = set()
            while True:
                ok, $img = camera.read()
                if not ok:
                    break
                key = cv2.waitKey(30) & 0xFF
                if key == 27:
                    break
                gray = cv2.cvtColor($img, cv2.COLOR_BGR2GRAY)
                for (x, y, w, h) in CASCADE.detectMultiScale(gray, 1.2, 5):
        """,
        fn=run,
    )]
    if g.flag("consent"):
        body.append(g.f(
            """
                        if not face_consent_given(key):
                            continue
            """
        ))
    if g.flag("liveness"):
        body.append(g.f(
            """
                        if not liveness_blink(camera):
                            continue
            """
        ))
    body.append(g.f(
        """
                    label, distance = recognizer.predict(gray[y:y + h, x:x + w])
                    if distance < $limit and label in roster and label not in marked:
                        $mark(label, "face")
                        marked.add(label)
                cv2.imshow("attendance", $img)
            return marked
        """,
        limit=limit, mark=mark,
    ))
    m.blocks.append("".join(body))
    if g.flag("fallback"):
        m.blocks.append(g.f(
            """
            def staff_roll_call(roster, present_ids):
                \"\"\"The teacher ticks names on the tablet: same attendance record, no face.\"\"\"
                for ${id} in present_ids:
                    if ${id} in roster:
                        $mark(${id}, "staff")
            """,
            mark=mark,
        ))
    m.main = g.f(
        """
        if __name__ == "__main__":
            command = sys.argv[1] if len(sys.argv) > 1 else "run"
            cam = cv2.VideoCapture(0)
            try:
                if command == "capture":
                    $capture(int(sys.argv[2]), cam)
                elif command == "run":
                    $run(cam, roster=set(range(1, 200)))
            finally:
                cam.release()
                cv2.destroyAllWindows()
        """,
        capture=capture, run=run,
    )


def kind_deepface_job(g: Gen) -> None:
    m = g.mod
    m.docstring = g.f(
        """
        Nightly DeepFace job over the $place feedback kiosk's photo submissions.

        Each submission folder holds photo.jpg and meta.json; the job writes one summary
        row per visit for the dashboard.
        """
    )
    m.need("import json", "import os", "import csv", "import logging", "from deepface import DeepFace")
    m.preamble.append(g.f(
        """
        SUBMISSIONS_DIR = os.environ.get("SUBMISSIONS_DIR", "submissions")
        VIP_DB = os.environ.get("VIP_DB", "vip_db")
        MODEL_NAME = "$model"
        $log = logging.getLogger("analytics")
        """,
        model=g.pick(["ArcFace", "Facenet512", "VGG-Face", "SFace"]),
    ))
    if not g.flag("retention"):
        m.need("import shutil")
        m.preamble.append('ARCHIVE_DIR = os.environ.get("ARCHIVE_DIR", "archive")')
    analyse = g.name("analyse_visit", "demographics", "age_and_mood", "analyse_photo")
    body = [g.f(
        """
        def $fn(photo_path, meta):
        """,
        fn=analyse,
    )]
    if g.flag("consent"):
        body.append(g.f(
            """
                if not meta.get("$consent_attr"):
                    return None
            """
        ))
    if g.flag("attributes"):
        actions = g.pick(['["age", "emotion"]', '["age", "gender", "emotion"]', '("emotion",)', '["gender", "age"]'])
        body.append(g.f(
            """
                faces = DeepFace.analyze(img_path=photo_path, actions=$actions, enforce_detection=False)
                face = faces[0]
                return {"age": face.get("age"), "emotion": face.get("dominant_emotion")}
            """,
            actions=actions,
        ))
    else:
        if g.rng.random() < 0.5:
            call = "DeepFace.analyze(img_path=photo_path, enforce_detection=False)"
        else:
            call = 'DeepFace.analyze(photo_path, actions=["age", "gender", "race", "emotion"])'
        body.append(g.f(
            """
                faces = $call
                face = faces[0]
                return {
                    "age": face["age"],
                    "emotion": face["dominant_emotion"],
                    "race": face["dominant_race"],
                }
            """,
            call=call,
        ))
    m.blocks.append("".join(body))
    vip = g.name("find_vip", "vip_match", "lookup_regular")
    body = [g.f(
        """
        def $fn(photo_path, meta):
        """,
        fn=vip,
    )]
    if g.flag("consent"):
        body.append(g.f(
            """
                if not meta.get("vip_$consent_attr"):
                    return None
            """
        ))
    body.append(g.f(
        """
            frames = DeepFace.find(img_path=photo_path, db_path=VIP_DB, model_name=MODEL_NAME, enforce_detection=False)
            if not frames or frames[0].empty:
                return None
            return os.path.basename(os.path.dirname(frames[0].iloc[0]["identity"]))
        """
    ))
    m.blocks.append("".join(body))
    process = g.name("process_submission", "process_visit", "handle_submission")
    body = [g.f(
        """
        def $fn(submission_id):
            folder = os.path.join(SUBMISSIONS_DIR, submission_id)
            with open(os.path.join(folder, "meta.json"), encoding="utf-8") as fh:
                meta = json.load(fh)
            photo_path = os.path.join(folder, "photo.jpg")
            try:
                row = {"visit": submission_id, "store": meta.get("store"), "rating": meta.get("rating")}
                row["vip"] = $vip(photo_path, meta) is not None
                row.update($analyse(photo_path, meta) or {})
        """,
        fn=process, vip=vip, analyse=analyse,
    )]
    if not g.flag("retention"):
        body.append(g.f(
            """
                    shutil.copy(photo_path, os.path.join(ARCHIVE_DIR, submission_id + ".jpg"))
                    return row
                except ValueError as error:
                    $log.warning("submission %s skipped: %s", submission_id, error)
                    return None
            """
        ))
    else:
        body.append(g.f(
            """
                    return row
                except ValueError as error:
                    $log.warning("submission %s skipped: %s", submission_id, error)
                    return None
                finally:
                    if os.path.exists(photo_path):
                        os.remove(photo_path)
            """
        ))
    m.blocks.append("".join(body))
    m.blocks.append(g.f(
        """
        def write_rows(rows, path):
            fields = sorted({key for row in rows for key in row})
            with open(path, "w", newline="", encoding="utf-8") as fh:
                writer = csv.DictWriter(fh, fieldnames=fields)
                writer.writeheader()
                for row in rows:
                    writer.writerow(row)
            return len(rows)
        """
    ))
    m.used.add("write_rows")
    m.main = g.f(
        """
        if __name__ == "__main__":
            logging.basicConfig(level=logging.INFO)
            ids = sorted(os.listdir(SUBMISSIONS_DIR))
            rows = [row for row in ($process(i) for i in ids) if row]
            $log.info("wrote %d rows", write_rows(rows, "visits.csv"))
        """,
        process=process,
    )


def kind_rekognition_service(g: Gen) -> None:
    m = g.mod
    m.docstring = g.f(
        """
        Amazon Rekognition wrapper for $org's $place ${ent} enrolment and front-desk look-up.

        Collection: $collection ($region).
        """
    )
    m.need("import os", "import logging", "import boto3", "from botocore.exceptions import ClientError", f"import {g.ctx['dbm']}")
    m.preamble.append(g.f(
        """
        COLLECTION_ID = os.environ.get("REKOGNITION_COLLECTION", "$collection")
        rekognition = boto3.client("rekognition", region_name="$region")
        $log = logging.getLogger(__name__)
        """
    ))
    if not g.flag("retention"):
        m.preamble.append(g.f(
            """
            s3 = boto3.client("s3", region_name="$region")
            ARCHIVE_BUCKET = os.environ.get("ARCHIVE_BUCKET", "${org}-face-archive")
            """
        ))
    if g.flag("threshold"):
        m.preamble.append('MATCH_THRESHOLD = float(os.environ.get("MATCH_THRESHOLD", "95"))')
        thr = "MATCH_THRESHOLD"
    else:
        thr = g.pick(["70", "60", "75"])
    m.blocks.append(g.f(
        """
        class ConsentMissing(Exception):
            \"\"\"The ${ent} has not agreed to face enrolment.\"\"\"


        def ensure_collection():
            try:
                rekognition.create_collection(CollectionId=COLLECTION_ID)
            except ClientError as error:
                if error.response["Error"]["Code"] != "ResourceAlreadyExistsException":
                    raise
        """
    ))
    m.used.update({"ConsentMissing", "ensure_collection"})
    enrol = g.name("enrol_${ent}", "index_${ent}_face", "add_to_collection")
    body = [g.f(
        """
        def $fn(${id}, image_bytes):
            record = $dbm.get_$ent(${id})
            if record is None:
                raise KeyError(${id})
        """,
        fn=enrol,
    )]
    if g.flag("consent"):
        body.append(g.f(
            """
                if not record["$consent_attr"]:
                    raise ConsentMissing(${id})
            """
        ))
    body.append(g.f(
        """
            response = rekognition.index_faces(
                CollectionId=COLLECTION_ID,
                Image={"Bytes": image_bytes},
                ExternalImageId=str(${id}),
                MaxFaces=1,
                QualityFilter="AUTO",
            )
            records = response.get("FaceRecords", [])
            if not records:
                return None
            face_id = records[0]["Face"]["FaceId"]
            $dbm.save_face_id(${id}, face_id)
        """
    ))
    if not g.flag("retention"):
        body.append(g.f('    s3.put_object(Bucket=ARCHIVE_BUCKET, Key=f"enrolment/{${id}}.jpg", Body=image_bytes)'))
    body.append("    return face_id\n")
    m.blocks.append("".join(body))
    lookup = g.name("identify_${ent}", "front_desk_lookup", "search_${ent}")
    body = [g.f(
        """
        def $fn(image_bytes, desk_consent):
        """,
        fn=lookup,
    )]
    if g.flag("consent"):
        body.append(g.f(
            """
                if not desk_consent:
                    return None
            """
        ))
    body.append(g.f(
        """
            try:
                response = rekognition.search_faces_by_image(
                    CollectionId=COLLECTION_ID,
                    Image={"Bytes": image_bytes},
                    FaceMatchThreshold=$thr,
                    MaxFaces=1,
                )
            except ClientError as error:
                $log.warning("search failed: %s", error.response["Error"]["Code"])
                return None
            matches = response.get("FaceMatches", [])
            if not matches:
                return None
            return int(matches[0]["Face"]["ExternalImageId"])
        """,
        thr=thr,
    ))
    m.blocks.append("".join(body))
    m.blocks.append(g.f(
        """
        def withdraw_consent(${id}):
            \"\"\"Delete the ${ent}'s face from the collection when they withdraw consent.\"\"\"
            face_id = $dbm.face_id_for(${id})
            if face_id:
                rekognition.delete_faces(CollectionId=COLLECTION_ID, FaceIds=[face_id])
            $dbm.save_face_id(${id}, None)


        def collection_size():
            paginator = rekognition.get_paginator("list_faces")
            return sum(len(page["Faces"]) for page in paginator.paginate(CollectionId=COLLECTION_ID))
        """
    ))
    m.used.update({"withdraw_consent", "collection_size"})
    if not g.flag("attributes"):
        m.blocks.append(g.f(
            """
            def crowd_profile(image_bytes):
                faces = rekognition.detect_faces(Image={"Bytes": image_bytes}, Attributes=["ALL"])["FaceDetails"]
                return [{"age": f["AgeRange"], "gender": f["Gender"]["Value"]} for f in faces]
            """
        ))


def kind_baidu_client(g: Gen) -> None:
    m = g.mod
    m.docstring = g.f(
        """
        Baidu AI Cloud face client for the $Org $place clock-in kiosk.

        Group "$group" holds the ${ents} who enrolled. The kiosk shows a notice before the
        camera is used.
        """
    )
    m.need("import base64", "import os", "import logging", "import cv2", "from aip import AipFace")
    m.preamble.append(g.f(
        """
        GROUP_ID = "$group"
        client = AipFace(os.environ["BAIDU_APP_ID"], os.environ["BAIDU_API_KEY"], os.environ["BAIDU_SECRET_KEY"])
        $log = logging.getLogger("kiosk")
        """
    ))
    if g.flag("threshold"):
        m.preamble.append('MIN_SCORE = float(os.environ.get("CHECKIN_MIN_SCORE", "80"))')
        score = "MIN_SCORE"
    else:
        score = g.pick(["60", "65", "50"])
    if g.flag("consent"):
        m.need(f"from {g.ctx['dbm']} import {g.ctx['consent_fn']}")
    m.need(f"from {g.ctx['dbm']} import mark_present")
    m.blocks.append(g.f(
        """
        def to_base64($img):
            ok, jpeg = cv2.imencode(".jpg", $img)
            if not ok:
                raise ValueError("could not encode frame")
            return base64.b64encode(jpeg.tobytes()).decode("ascii")
        """
    ))
    m.used.add("to_base64")
    enrol = g.name("enrol", "register_${ent}", "add_${ent}_face")
    body = [g.f(
        """
        def $fn(${id}, $img):
        """,
        fn=enrol,
    )]
    if g.flag("consent"):
        body.append(g.f(
            """
                if not $consent_fn(${id}):
                    return False
            """
        ))
    body.append(g.f(
        """
            image = to_base64($img)
            result = client.addUser(image, "BASE64", GROUP_ID, str(${id}), {"quality_control": "NORMAL"})
            return result.get("error_code") == 0
        """
    ))
    if not g.flag("retention"):
        m.need("import redis")
        m.preamble.append('cache = redis.Redis(host="10.0.0.5", port=6379, db=2)')
        body.insert(-1, g.f('    cache.set(f"enrol:{${id}}", to_base64($img))\n'))
    m.blocks.append("".join(body))
    fields = '"age,beauty,expression"' if g.flag("attributes") else g.pick(['"age,gender,race"', '"age,race,beauty,expression"'])
    m.blocks.append(g.f(
        """
        def describe_face($img):
            result = client.detect(to_base64($img), "BASE64", {"face_field": $fields})
            if result.get("error_code") != 0:
                return None
            return result["result"]["face_list"][0]
        """,
        fields=fields,
    ))
    m.used.add("describe_face")
    if g.flag("liveness"):
        m.blocks.append(g.f(
            """
            def check_liveness(image):
                result = client.faceverify([{"image": image, "image_type": "BASE64"}])
                return result.get("error_code") == 0 and result["result"]["face_liveness"] >= 0.9
            """
        ))
        m.used.add("check_liveness")
    if g.flag("consent"):
        m.blocks.append(g.f(
            """
            def face_consent_given(key):
                \"\"\"The ${ent} pressed F after reading the on-screen notice about face check-in.\"\"\"
                return key in (ord("f"), ord("F"))
            """
        ))
        m.used.add("face_consent_given")
    checkin = g.name("face_check_in", "clock_in_with_face", "search_and_mark")
    body = [g.f(
        """
        def $fn($img, key):
        """,
        fn=checkin,
    )]
    if g.flag("consent"):
        body.append(g.f(
            """
                if not face_consent_given(key):
                    return None
            """
        ))
    body.append(g.f("    image = to_base64($img)\n"))
    if g.flag("liveness"):
        body.append(g.f(
            """
                if not check_liveness(image):
                    return None
            """
        ))
    body.append(g.f(
        """
            result = client.search(image, "BASE64", GROUP_ID, {"max_user_num": 1})
            if result.get("error_code") != 0:
                return None
            best = result["result"]["user_list"][0]
            if best["score"] >= $score:
                mark_present(best["user_id"], method="face")
                return best["user_id"]
            return None
        """,
        score=score,
    ))
    m.blocks.append("".join(body))
    if g.flag("fallback"):
        m.need("from mfrc522 import SimpleMFRC522", f"from {g.ctx['dbm']} import {g.ctx['ent']}_for_card")
        m.preamble.append("card_reader = SimpleMFRC522()")
        m.blocks.append(g.f(
            """
            def card_check_in():
                card_uid = card_reader.read_id_no_block()
                ${id} = ${ent}_for_card(card_uid) if card_uid else None
                if ${id} is None:
                    return None
                mark_present(${id}, method="card")
                return ${id}
            """
        ))
        m.used.add("card_check_in")


def kind_insightface_pipeline(g: Gen) -> None:
    m = g.mod
    m.docstring = g.f(
        """
        insightface pipeline for the $place: build a gallery of ${ents}, then match frames.

        Model pack buffalo_l on CPU; similarities are cosine on normed embeddings.
        """
    )
    m.need("import os", "import logging", "import cv2", "import numpy as np", "from insightface.app import FaceAnalysis")
    source = '0' if g.flag("transport") else g.f('"rtsp://admin:admin@10.1.${n}.20:554/stream1"', n=str(g.rng.randrange(1, 250)))
    m.preamble.append(g.f(
        """
        GALLERY_PATH = os.environ.get("GALLERY_PATH", "gallery.npz")
        CAMERA_SOURCE = $source
        face_app = FaceAnalysis(name="buffalo_l", providers=["CPUExecutionProvider"])
        face_app.prepare(ctx_id=-1, det_size=(640, 640))
        $log = logging.getLogger("pipeline")
        """,
        source=source,
    ))
    if g.flag("threshold"):
        m.preamble.append('MIN_SIMILARITY = float(os.environ.get("MIN_SIMILARITY", "0.5"))')
        sim = "MIN_SIMILARITY"
    else:
        sim = g.pick(["0.25", "0.3", "0.2"])
    if g.flag("encrypt"):
        m.need("import io", "from cryptography.fernet import Fernet")
        m.preamble.append('fernet = Fernet(os.environ["GALLERY_KEY"])')
    if g.flag("consent"):
        m.need(f"from {g.ctx['dbm']} import {g.ctx['consent_fn']}")
    build = g.name("build_gallery", "index_${ents}", "enrol_folder")
    body = [g.f(
        """
        def $fn(folder):
            \"\"\"One sub-folder per ${ent} (named by id) with a few photos each.\"\"\"
            labels, vectors = [], []
            for ${id} in sorted(os.listdir(folder)):
        """,
        fn=build,
    )]
    if g.flag("consent"):
        body.append(g.f(
            """
                    if not $consent_fn(${id}):
                        continue
            """
        ))
    body.append(g.f(
        """
                for name in sorted(os.listdir(os.path.join(folder, ${id}))):
                    $img = cv2.imread(os.path.join(folder, ${id}, name))
                    if $img is None:
                        continue
                    faces = face_app.get($img)
                    if len(faces) == 1:
                        labels.append(${id})
                        vectors.append(faces[0].normed_embedding)
            matrix = np.stack(vectors) if vectors else np.zeros((0, 512), dtype=np.float32)
        """
    ))
    if g.flag("encrypt"):
        body.append(g.f(
            """
                buffer = io.BytesIO()
                np.savez(buffer, labels=np.array(labels), matrix=matrix)
                with open(GALLERY_PATH, "wb") as fh:
                    fh.write(fernet.encrypt(buffer.getvalue()))
                return labels, matrix
            """
        ))
    else:
        body.append(g.f(
            """
                np.savez(GALLERY_PATH, labels=np.array(labels), matrix=matrix)
                return labels, matrix
            """
        ))
    m.blocks.append("".join(body))
    ident = g.name("identify", "best_match", "match_frame")
    body = [g.f(
        """
        def $fn($img, labels, matrix$param):
        """,
        fn=ident, param=", face_consent" if g.flag("consent") else "",
    )]
    if g.flag("consent"):
        body.append(g.f(
            """
                if not face_consent:
                    return []
            """
        ))
    body.append(g.f(
        """
            results = []
            for face in face_app.get($img):
        """
    ))
    body.append(g.f(
        """
                if not len(labels):
                    break
                scores = matrix @ face.normed_embedding
                best = int(np.argmax(scores))
                if scores[best] >= $sim:
                    results.append((labels[best], float(scores[best]), face.bbox.astype(int).tolist()))
            return results
        """,
        sim=sim,
    ))
    m.blocks.append("".join(body))
    export = g.name("export_crops", "save_crops", "dump_faces")
    if g.flag("retention"):
        blur = g.ctx["blur_fn"]
        m.used.add(blur)
        m.blocks.append(g.f(
            """
            def $blur($img, boxes):
                out = $img.copy()
                for x1, y1, x2, y2 in boxes:
                    region = out[max(y1, 0):y2, max(x1, 0):x2]
                    out[max(y1, 0):y2, max(x1, 0):x2] = cv2.GaussianBlur(region, (61, 61), 0)
                return out


            def $export($img, results, folder):
                boxes = [box for _, _, box in results]
                cv2.imwrite(os.path.join(folder, "scene.jpg"), $blur($img, boxes))
            """,
            blur=blur, export=export,
        ))
    else:
        m.blocks.append(g.f(
            """
            def $export($img, results, folder):
                for label, score, (x1, y1, x2, y2) in results:
                    crop = $img[max(y1, 0):y2, max(x1, 0):x2]
                    cv2.imwrite(os.path.join(folder, f"{label}-{score:.2f}.jpg"), crop)
            """,
            export=export,
        ))
    loop = g.name("watch", "stream_loop", "run_camera")
    body = [g.f(
        """
        def $fn(labels, matrix, out_dir="out"):
            camera = cv2.VideoCapture(CAMERA_SOURCE)
            count = 0
            while camera.isOpened():
                ok, $img = camera.read()
                if not ok:
                    break
                count += 1
                if count % 5:
                    continue
                results = $ident($img, labels, matrix$arg)
                for label, score, _ in results:
                    $log.info("frame %d: %s (%.2f)", count, label, score)
                if results:
                    $export($img, results, out_dir)
            camera.release()
            return count
        """,
        fn=loop, ident=ident, export=export, arg=", face_consent=consent_switch_on()" if g.flag("consent") else "",
    )]
    if g.flag("consent"):
        m.preamble.append('CONSENT_SWITCH = os.environ.get("CONSENT_SWITCH", "/run/kiosk/face-consent")')
        m.blocks.append(g.f(
            """
            def consent_switch_on():
                \"\"\"Kiosk mode: the visitor holds the "match my face" button while standing in front.\"\"\"
                return os.path.exists(CONSENT_SWITCH)
            """
        ))
        m.used.add("consent_switch_on")
    m.blocks.append("".join(body))
    m.main = g.f(
        """
        if __name__ == "__main__":
            logging.basicConfig(level=logging.INFO)
            $loop(*$build(os.environ.get("GALLERY_DIR", "people")))
        """,
        loop=loop, build=build,
    )


# -- helper modules ------------------------------------------------------------------------

def kind_config(g: Gen) -> None:
    m = g.mod
    m.docstring = g.f("Settings for the $Org $place services, read from the environment.")
    m.need("import os", "from dataclasses import dataclass, field")
    m.blocks.append(g.f(
        """
        def env_bool(name, default=False):
            value = os.environ.get(name)
            if value is None:
                return default
            return value.strip().lower() in ("1", "true", "yes", "on")


        def env_float(name, default):
            try:
                return float(os.environ.get(name, default))
            except ValueError:
                return float(default)


        @dataclass(frozen=True)
        class Settings:
            database_url: str = os.environ.get("DATABASE_URL", "sqlite:///${org}.db")
            media_root: str = os.environ.get("MEDIA_ROOT", "/var/lib/${org}")
            match_tolerance: float = env_float("MATCH_TOLERANCE", 0.5)
            retention_days: int = int(os.environ.get("RETENTION_DAYS", "30"))
            timezone: str = os.environ.get("TZ", "Asia/Shanghai")
            debug: bool = env_bool("DEBUG")
            allowed_hosts: tuple = field(default_factory=lambda: tuple(os.environ.get("ALLOWED_HOSTS", "localhost").split(",")))


        settings = Settings()
        """
    ))
    m.used.update({"env_bool", "env_float", "Settings", "settings"})


def kind_db(g: Gen) -> None:
    m = g.mod
    m.docstring = g.f("sqlite storage for ${ents}, templates and check-ins.")
    m.need("import sqlite3", "import os", "import datetime", "from contextlib import contextmanager")
    m.preamble.append(g.f('DB_PATH = os.environ.get("DB_PATH", "${org}_${place}.db")'))
    m.blocks.append(g.f(
        """
        SCHEMA = \"\"\"
        CREATE TABLE IF NOT EXISTS ${ents} (
            id INTEGER PRIMARY KEY,
            username TEXT UNIQUE NOT NULL,
            display_name TEXT,
            password_hash TEXT,
            card_uid TEXT,
            $consent_attr INTEGER NOT NULL DEFAULT 0,
            face_template BLOB,
            face_id TEXT
        );
        CREATE TABLE IF NOT EXISTS checkins (
            ${id} INTEGER NOT NULL,
            at TEXT NOT NULL,
            method TEXT NOT NULL
        );
        \"\"\"


        @contextmanager
        def connect():
            conn = sqlite3.connect(DB_PATH)
            conn.row_factory = sqlite3.Row
            try:
                yield conn
                conn.commit()
            finally:
                conn.close()


        def init_db():
            with connect() as conn:
                conn.executescript(SCHEMA)


        def get_$ent(${id}):
            with connect() as conn:
                row = conn.execute("SELECT * FROM ${ents} WHERE id = ?", (${id},)).fetchone()
            return dict(row) if row else None


        def find_${ent}_by_username(username):
            with connect() as conn:
                row = conn.execute("SELECT * FROM ${ents} WHERE username = ?", (username,)).fetchone()
            return dict(row) if row else None


        def ${ent}_for_card(card_uid):
            with connect() as conn:
                row = conn.execute("SELECT id FROM ${ents} WHERE card_uid = ?", (str(card_uid),)).fetchone()
            return row["id"] if row else None


        def $consent_fn(${id}):
            with connect() as conn:
                row = conn.execute("SELECT $consent_attr FROM ${ents} WHERE id = ?", (${id},)).fetchone()
            return bool(row and row[0])


        def set_consent(${id}, given):
            with connect() as conn:
                conn.execute("UPDATE ${ents} SET $consent_attr = ? WHERE id = ?", (1 if given else 0, ${id}))
                if not given:
                    conn.execute("UPDATE ${ents} SET face_template = NULL, face_id = NULL WHERE id = ?", (${id},))


        def save_face_template(${id}, token):
            with connect() as conn:
                conn.execute("UPDATE ${ents} SET face_template = ? WHERE id = ?", (token, ${id}))


        def delete_face_template(${id}):
            save_face_template(${id}, None)


        def enrolled_${ents}():
            with connect() as conn:
                return [dict(r) for r in conn.execute("SELECT id, face_template FROM ${ents} WHERE face_template IS NOT NULL AND $consent_attr = 1")]


        def save_face_id(${id}, face_id):
            with connect() as conn:
                conn.execute("UPDATE ${ents} SET face_id = ? WHERE id = ?", (face_id, ${id}))


        def face_id_for(${id}):
            row = get_$ent(${id})
            return row["face_id"] if row else None


        def mark_present(${id}, method):
            with connect() as conn:
                conn.execute(
                    "INSERT INTO checkins (${id}, at, method) VALUES (?, ?, ?)",
                    (${id}, datetime.datetime.now().isoformat(timespec="seconds"), method),
                )


        def record_checkin(${id}, kiosk):
            mark_present(${id}, method=f"face:{kiosk}")


        def count_${ents}():
            with connect() as conn:
                return conn.execute("SELECT COUNT(*) FROM ${ents}").fetchone()[0]
        """
    ))
    m.used.update({
        "SCHEMA", "connect", "init_db", f"get_{g.ctx['ent']}", "set_consent", "save_face_template", "mark_present",
        "record_checkin", "save_face_id", "face_id_for", "delete_face_template", g.ctx["consent_fn"],
    })


def kind_utils(g: Gen) -> None:
    m = g.mod
    m.docstring = g.f("Small helpers shared by the $Org $place services.")
    m.need("import logging")
    m.preamble.append(g.f('$log = logging.getLogger("${org}.utils")'))


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


# -- filler: ordinary code that every application also has ---------------------------------

def _filler_templates(g: Gen) -> List[Tuple[Tuple[str, ...], str]]:
    """(imports, source) pairs; names are drawn fresh for every call."""
    noun = g.pick(NOUNS)
    adj = g.pick(ADJ)
    Noun = _camel(noun)
    g.ctx.update(noun=noun, adj=adj, Noun=Noun)
    n = lambda *choices: g.name(*choices, noun=noun, adj=adj, Noun=Noun)  # noqa: E731
    items: List[Tuple[Tuple[str, ...], str]] = []
    cls = n("${Noun}Record", "${Noun}Row", "${Noun}Entry")
    items.append((("from dataclasses import dataclass, field", "import datetime", "from typing import Optional"), g.f(
        """
        @dataclass
        class $cls:
            \"\"\"A $noun as the $place back office sees it.\"\"\"

            id: int
            owner_id: int
            status: str = "$adj"
            created_at: datetime.datetime = field(default_factory=datetime.datetime.now)
            note: Optional[str] = None
            tags: list = field(default_factory=list)

            def to_dict(self):
                return {
                    "id": self.id,
                    "owner_id": self.owner_id,
                    "status": self.status,
                    "created_at": self.created_at.isoformat(timespec="seconds"),
                    "note": self.note,
                    "tags": list(self.tags),
                }

            @classmethod
            def from_dict(cls, data):
                created = data.get("created_at")
                return cls(
                    id=int(data["id"]),
                    owner_id=int(data["owner_id"]),
                    status=data.get("status", "$adj"),
                    created_at=datetime.datetime.fromisoformat(created) if created else datetime.datetime.now(),
                    note=data.get("note"),
                    tags=list(data.get("tags", [])),
                )
        """,
        cls=cls, noun=noun, adj=adj,
    )))
    fn = n("paginate", "page_of_${noun}s", "slice_page")
    items.append(((), g.f(
        """
        def $fn(items, page=1, per_page=$per):
            \"\"\"Return one page of `items` and the paging metadata the UI needs.\"\"\"
            page = max(int(page), 1)
            per_page = min(max(int(per_page), 1), 200)
            start = (page - 1) * per_page
            chunk = items[start:start + per_page]
            pages = (len(items) + per_page - 1) // per_page
            return {
                "items": chunk,
                "page": page,
                "pages": pages,
                "total": len(items),
                "has_next": page < pages,
                "has_prev": page > 1,
            }
        """,
        fn=fn, per=str(g.rng.choice([10, 20, 25, 50])),
    )))
    fn = n("retry", "with_retries", "retrying")
    items.append((("import functools", "import time"), g.f(
        """
        def $fn(times=$times, delay=$delay, exceptions=(OSError,)):
            \"\"\"Retry a flaky call (network share, serial device) with exponential back-off.\"\"\"

            def decorate(func):
                @functools.wraps(func)
                def wrapper(*args, **kwargs):
                    wait = delay
                    for attempt in range(1, times + 1):
                        try:
                            return func(*args, **kwargs)
                        except exceptions:
                            if attempt == times:
                                raise
                            time.sleep(wait)
                            wait *= 2
                    return None

                return wrapper

            return decorate
        """,
        fn=fn, times=str(g.rng.choice([3, 4, 5])), delay=g.pick(["0.2", "0.5", "1.0"]),
    )))
    fn = n("within_opening_hours", "is_business_hours", "${place}_open")
    items.append((("import datetime",), g.f(
        """
        OPENING_HOURS_$suffix = {0: (8, 20), 1: (8, 20), 2: (8, 20), 3: (8, 20), 4: (8, 22), 5: (9, 18)}


        def $fn(moment=None):
            moment = moment or datetime.datetime.now()
            hours = OPENING_HOURS_$suffix.get(moment.weekday())
            if hours is None:
                return False
            start, end = hours
            return start <= moment.hour < end
        """,
        fn=fn, suffix=fn.upper(),
    )))
    fn = n("load_json_settings", "read_${noun}_config", "merge_defaults")
    items.append((("import json", "import os"), g.f(
        """
        def $fn(path, defaults=None):
            \"\"\"Read a JSON settings file and lay it over the defaults (missing file: defaults).\"\"\"
            merged = dict(defaults or {})
            if not os.path.exists(path):
                return merged
            with open(path, encoding="utf-8") as fh:
                data = json.load(fh)
            for key, value in data.items():
                if isinstance(value, dict) and isinstance(merged.get(key), dict):
                    merged[key] = {**merged[key], **value}
                else:
                    merged[key] = value
            return merged
        """,
        fn=fn,
    )))
    fn = n("chunked", "batches", "in_groups")
    items.append((("import itertools",), g.f(
        """
        def $fn(iterable, size=$size):
            iterator = iter(iterable)
            while True:
                batch = list(itertools.islice(iterator, size))
                if not batch:
                    return
                yield batch
        """,
        fn=fn, size=str(g.rng.choice([50, 100, 250, 500])),
    )))
    fn = n("export_${noun}_summary", "write_${adj}_report", "summary_csv")
    items.append((("import csv", "from collections import Counter"), g.f(
        """
        def $fn(rows, path):
            \"\"\"Counts per day and status: no personal data leaves this function.\"\"\"
            counts = Counter((row["date"], row["status"]) for row in rows)
            with open(path, "w", newline="", encoding="utf-8") as fh:
                writer = csv.writer(fh)
                writer.writerow(["date", "status", "count"])
                for (day, status), count in sorted(counts.items()):
                    writer.writerow([day, status, count])
            return len(counts)
        """,
        fn=fn,
    )))
    cls = n("TokenBucket", "RateLimiter", "${Noun}Throttle")
    items.append((("import threading", "import time"), g.f(
        """
        class $cls:
            \"\"\"Allow `rate` events per second with bursts up to `capacity`.\"\"\"

            def __init__(self, rate=$rate, capacity=$cap):
                self.rate = float(rate)
                self.capacity = float(capacity)
                self.tokens = float(capacity)
                self.updated = time.monotonic()
                self.lock = threading.Lock()

            def allow(self, cost=1.0):
                with self.lock:
                    now = time.monotonic()
                    self.tokens = min(self.capacity, self.tokens + (now - self.updated) * self.rate)
                    self.updated = now
                    if self.tokens >= cost:
                        self.tokens -= cost
                        return True
                    return False
        """,
        cls=cls, rate=str(g.rng.choice([1, 2, 5, 10])), cap=str(g.rng.choice([5, 10, 20])),
    )))
    cls = n("LruCache", "SmallCache", "${Noun}Cache")
    items.append((("from collections import OrderedDict",), g.f(
        """
        class $cls:
            def __init__(self, maxsize=$size):
                self.maxsize = maxsize
                self._data = OrderedDict()
                self.hits = 0
                self.misses = 0

            def get(self, key, default=None):
                if key in self._data:
                    self._data.move_to_end(key)
                    self.hits += 1
                    return self._data[key]
                self.misses += 1
                return default

            def put(self, key, value):
                self._data[key] = value
                self._data.move_to_end(key)
                while len(self._data) > self.maxsize:
                    self._data.popitem(last=False)

            def __len__(self):
                return len(self._data)
        """,
        cls=cls, size=str(g.rng.choice([64, 128, 256, 1024])),
    )))
    fn = n("validate_payload", "check_${noun}_fields", "require_fields")
    items.append(((), g.f(
        """
        $schema = {"name": str, "${noun}_id": int, "comment": str, "priority": int}


        def $fn(payload, schema=None):
            \"\"\"Return a list of problems with a submitted form (empty: fine).\"\"\"
            schema = schema or $schema
            problems = []
            for key, kind in schema.items():
                if key not in payload:
                    problems.append(f"missing field '{key}'")
                elif not isinstance(payload[key], kind):
                    problems.append(f"'{key}' must be {kind.__name__}")
            for key in payload:
                if key not in schema:
                    problems.append(f"unexpected field '{key}'")
            return problems
        """,
        fn=fn, schema=fn.upper() + "_SCHEMA",
    )))
    fn = n("format_duration", "human_duration", "pretty_seconds")
    items.append(((), g.f(
        """
        def $fn(seconds):
            seconds = int(round(seconds))
            if seconds < 60:
                return f"{seconds}s"
            minutes, seconds = divmod(seconds, 60)
            if minutes < 60:
                return f"{minutes}m {seconds:02d}s"
            hours, minutes = divmod(minutes, 60)
            if hours < 24:
                return f"{hours}h {minutes:02d}m"
            days, hours = divmod(hours, 24)
            return f"{days}d {hours:02d}h"
        """,
        fn=fn,
    )))
    fn = n("notify_${adj}_admins", "send_${noun}_mail", "email_summary")
    items.append((("import os", "import smtplib", "from email.message import EmailMessage"), g.f(
        """
        def $fn(subject, body, recipients=None):
            \"\"\"Plain-text mail to the $place administrators (counts and ids only).\"\"\"
            recipients = recipients or os.environ.get("ADMIN_EMAILS", "ops@${org}.example").split(",")
            message = EmailMessage()
            message["Subject"] = f"[$org/$place] {subject}"
            message["From"] = os.environ.get("MAIL_FROM", "noreply@${org}.example")
            message["To"] = ", ".join(recipients)
            message.set_content(body)
            with smtplib.SMTP(os.environ.get("SMTP_HOST", "localhost"), 587, timeout=10) as smtp:
                smtp.starttls()
                smtp.send_message(message)
            return len(recipients)
        """,
        fn=fn,
    )))
    cls = n("Metrics", "Counters", "${Noun}Stats")
    items.append((("import threading", "from collections import defaultdict"), g.f(
        """
        class $cls:
            \"\"\"Thread-safe counters exported on /metrics in the Prometheus text format.\"\"\"

            def __init__(self, prefix="${org}_${place}"):
                self.prefix = prefix
                self._lock = threading.Lock()
                self._counts = defaultdict(int)

            def inc(self, name, amount=1):
                with self._lock:
                    self._counts[name] += amount

            def render(self):
                with self._lock:
                    items = sorted(self._counts.items())
                return "\\n".join(f"{self.prefix}_{name} {value}" for name, value in items) + "\\n"
        """,
        cls=cls,
    )))
    fn = n("slugify", "normalise_name", "clean_label")
    items.append((("import re", "import unicodedata"), g.f(
        """
        def $fn(text, max_length=$len):
            text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode("ascii")
            text = re.sub(r"[^a-zA-Z0-9]+", "-", text).strip("-").lower()
            return text[:max_length] or "unnamed"
        """,
        fn=fn, len=str(g.rng.choice([32, 48, 64])),
    )))
    fn = n("audit_event", "audit", "record_${noun}_event")
    items.append((("import json", "import logging", "import datetime"), g.f(
        """
        _audit_log = logging.getLogger("${org}.audit")


        def $fn(action, actor_id, **details):
            \"\"\"One JSON line per administrative action (who did what, never biometric data).\"\"\"
            entry = {
                "at": datetime.datetime.utcnow().isoformat(timespec="seconds") + "Z",
                "action": action,
                "actor": actor_id,
                "details": {k: v for k, v in details.items() if isinstance(v, (str, int, float, bool))},
            }
            _audit_log.info(json.dumps(entry, sort_keys=True))
            return entry
        """,
        fn=fn,
    )))
    fn = n("working_days", "business_days_between", "count_${noun}_days")
    items.append((("import datetime",), g.f(
        """
        def $fn(start, end, holidays=()):
            if end < start:
                start, end = end, start
            day = start
            count = 0
            while day <= end:
                if day.weekday() < 5 and day not in holidays:
                    count += 1
                day += datetime.timedelta(days=1)
            return count
        """,
        fn=fn,
    )))
    cls = n("${Noun}Status", "${Noun}State", "${Noun}Phase")
    items.append((("import enum",), g.f(
        """
        class $cls(enum.Enum):
            DRAFT = "draft"
            PENDING = "pending"
            ACTIVE = "active"
            CLOSED = "closed"


        _${low}_TRANSITIONS = {
            $cls.DRAFT: {$cls.PENDING, $cls.CLOSED},
            $cls.PENDING: {$cls.ACTIVE, $cls.CLOSED},
            $cls.ACTIVE: {$cls.CLOSED},
            $cls.CLOSED: set(),
        }


        def advance_$low(current, target):
            if target not in _${low}_TRANSITIONS[current]:
                raise ValueError(f"cannot move a $noun from {current.value} to {target.value}")
            return target
        """,
        cls=cls, low=cls.lower(), noun=noun,
    )))
    fn = n("purge_old_files", "cleanup_${adj}_exports", "expire_files")
    items.append((("import os", "import time"), g.f(
        """
        def $fn(folder, max_age_days=$days, suffixes=(".csv", ".json", ".log")):
            \"\"\"Delete exports older than the retention period; returns how many went.\"\"\"
            if not os.path.isdir(folder):
                return 0
            cutoff = time.time() - max_age_days * 86400
            removed = 0
            for name in sorted(os.listdir(folder)):
                path = os.path.join(folder, name)
                if name.endswith(suffixes) and os.path.getmtime(path) < cutoff:
                    os.remove(path)
                    removed += 1
            return removed
        """,
        fn=fn, days=str(g.rng.choice([7, 14, 30, 90])),
    )))
    fn = n("describe_numbers", "summarise", "${noun}_stats")
    items.append((("import statistics",), g.f(
        """
        def $fn(values):
            values = [float(v) for v in values if v is not None]
            if not values:
                return {"count": 0}
            return {
                "count": len(values),
                "mean": statistics.fmean(values),
                "median": statistics.median(values),
                "stdev": statistics.pstdev(values),
                "min": min(values),
                "max": max(values),
            }
        """,
        fn=fn,
    )))
    fn = n("build_parser", "make_cli", "cli_parser")
    items.append((("import argparse",), g.f(
        """
        def $fn():
            parser = argparse.ArgumentParser(description="$Org $place ${noun} tools")
            parser.add_argument("--config", default="settings.json", help="settings file")
            parser.add_argument("--verbose", "-v", action="count", default=0)
            sub = parser.add_subparsers(dest="command", required=True)
            export = sub.add_parser("export", help="export the $adj ${noun}s as CSV")
            export.add_argument("--since", help="ISO date")
            export.add_argument("--out", default="${noun}s.csv")
            sub.add_parser("check", help="check the database and the devices")
            return parser
        """,
        fn=fn, noun=noun, adj=adj,
    )))
    cls = n("Timer", "Stopwatch", "timed_block")
    items.append((("import time", "import logging"), g.f(
        """
        class $cls:
            \"\"\"`with $cls("sync"):` logs how long the block took.\"\"\"

            def __init__(self, label, logger=None):
                self.label = label
                self.logger = logger or logging.getLogger("${org}.timing")
                self.elapsed = 0.0

            def __enter__(self):
                self._start = time.perf_counter()
                return self

            def __exit__(self, *exc):
                self.elapsed = time.perf_counter() - self._start
                self.logger.debug("%s took %.3f s", self.label, self.elapsed)
                return False
        """,
        cls=cls,
    )))
    fn = n("parse_date", "to_date", "coerce_${noun}_date")
    items.append((("import datetime",), g.f(
        """
        _DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%Y%m%d", "%d.%m.%Y")


        def $fn(value):
            if isinstance(value, datetime.datetime):
                return value.date()
            if isinstance(value, datetime.date):
                return value
            text = str(value).strip()
            for fmt in _DATE_FORMATS:
                try:
                    return datetime.datetime.strptime(text, fmt).date()
                except ValueError:
                    continue
            raise ValueError(f"unrecognised date: {value!r}")
        """,
        fn=fn,
    )))
    fn = n("hash_identifier", "pseudonymise_id", "stable_token")
    items.append((("import hashlib", "import hmac", "import os"), g.f(
        """
        def $fn(value, salt=None):
            \"\"\"Keyed hash of an id for analytics exports.\"\"\"
            key = (salt or os.environ.get("EXPORT_SALT", "${org}-salt")).encode()
            return hmac.new(key, str(value).encode(), hashlib.sha256).hexdigest()[:16]
        """,
        fn=fn,
    )))
    return items


def _add_filler(g: Gen, target: int) -> None:
    """Add ordinary code until the module reaches about `target` lines."""
    m = g.mod
    current = m.render().count("\n")
    taken: set = set()
    while current < target:
        templates = _filler_templates(g)
        fresh = [i for i in range(len(templates)) if i not in taken] or list(range(len(templates)))
        choice = g.rng.choice(fresh)
        taken.add(choice)
        imports, source = templates[choice]
        if current + source.count("\n") > target + 15 and current > target - 15:
            break
        m.need(*imports)
        m.blocks.insert(g.rng.randrange(len(m.blocks) + 1), source)
        # forget the names the other, unused templates reserved
        text = "\n".join(m.blocks) + m.main
        m.used = {name for name in m.used if name in text}
        current = m.render().count("\n")


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
    _add_filler(g, lines)
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
