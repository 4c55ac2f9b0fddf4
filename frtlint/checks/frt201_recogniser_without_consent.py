from __future__ import annotations

from typing import Iterable, List, Optional

from frtlint.analysis.facts import Origin
from frtlint.analysis.project import Project
from frtlint.catalog import RECOGNITION_KINDS
from frtlint.checks.attributes import estimates_person_attributes
from frtlint.checks.base import Invalid, Rule, Valid
from frtlint.checks.face_models import model_calls
from frtlint.checks.guards import consent_decorated, consent_guarded, unguarded_path
from frtlint.findings import Finding


class RecogniserWithoutConsent(Rule):
    """Face recognition runs with no separate-consent check on the way.

    ## What it flags
    A call that computes a face template or recognises a face — an `embed`, `verify`,
    `identify`, `analyze` or `enroll` API in the catalog (`face_encodings`,
    `compare_faces`, `DeepFace.find`, Rekognition `index_faces` and
    `search_faces_by_image`, Baidu `search`/`addUser`, LBPH `predict`/`train`, ...) —
    that is not reachable only after a consent check. The project's own face code
    counts the same way: a race classifier's inference (`race_model.predict(face)`), a
    request for templates (`insightface_client.extract(..., extract_embedding=True)`),
    a vector-index search given face templates (`search_embedding(col,
    face_encodings)`), and a call into a project class named for faces, embeddings or
    recognition whose method runs a face API on what it is given
    (`pipeline.get_embedding(face)`), reported where the application calls it. A check counts when it stops
    the call when consent is missing:

    - an earlier guard in the function: `if not user.face_consent: return` (or
      `raise`, `abort(...)`, `continue`), an enclosing `if has_consent(user):`, an
      `assert consent_given`, a condition joined with `and`;
    - a statement call that raises when consent is missing: `require_consent(user)`;
    - a decorator on the function or its class: `@consent_required`;
    - across functions: every project caller checks consent first (callers in test
      folders do not count either way). A function with no project callers — a route,
      a script's `main` — is an entry point and must check for itself.

    A check that runs after the call, on another branch, or whose result is thrown
    away does not count, nor does a parameter that defaults to `consent=True`.
    Detection alone (`face_locations`, `detectMultiScale`) never fires: finding faces
    to blur them protects privacy. The finding points at the face API call.

    ## Why
    Draft Article 5 requires the person's separate consent before their facial
    information is processed (written consent where a law says so); the 2025 Measures
    (Article 6) keep this and add that consent can be withdrawn. Computing a template
    or matching a face is that processing.

    ## Example
    ```python
    @app.post("/enrol")
    def enrol():
        img = face_recognition.load_image_file(request.files["photo"])
        encoding = face_recognition.face_encodings(img)[0]
    ```

    ## Use instead
    ```python
    @app.post("/enrol")
    def enrol():
        if request.form.get("face_consent") != "yes":
            abort(403)
        img = face_recognition.load_image_file(request.files["photo"])
        encoding = face_recognition.face_encodings(img)[0]
    ```

    ## Options
    `[tool.frtlint.catalog] consent-checks = ["gdpr.allowed"]` and
    `consent-decorators = ["requires_opt_in"]` teach frtlint your own helpers; any
    identifier containing `consent` already counts. `apis = { "myapp.faces.embed" =
    "embed" }` adds your own recognition wrappers.

    ## References
    - Draft Provisions (CAC, 2023-08-08), Article 5: http://www.cac.gov.cn/2023-08/08/c_1693064670537413.htm
    - PIPL Articles 14 and 29 (separate consent for sensitive personal information)
    """

    id = "FRT201"
    name = "recogniser-without-consent"
    severity = "error"
    draft_articles = ("5",)
    measures_articles = ("6",)
    summary = "face recognition without a separate-consent check"
    security_severity = 7.5

    VALID = [
        Valid("import face_recognition\n\ndef f(img):\n    return face_recognition.face_locations(img)\n", "detection only"),
        Valid(
            "from aip import AipFace\nclient = AipFace('a', 'b', 'c')\n\ndef f(img):\n    return client.detect(img, 'BASE64', {'face_field': 'landmark,quality'})\n",
            "detection asked only for geometry",
        ),
        Valid("import face_recognition\n\ndef f(user, img):\n    if not user.face_consent:\n        return None\n    return face_recognition.face_encodings(img)\n"),
        Valid("import face_recognition as fr\n\ndef f(user, img):\n    if has_consent(user):\n        return fr.face_encodings(img)\n"),
        Valid("import face_recognition\n\ndef f(user, img):\n    require_consent(user)\n    return face_recognition.face_encodings(img)\n"),
        Valid("import face_recognition\n\n@consent_required\ndef f(img):\n    return face_recognition.face_encodings(img)\n"),
        Valid("from deepface import DeepFace\n\ndef f(req, img):\n    if req.form.get('face_consent') != 'yes':\n        raise PermissionError('no consent')\n    return DeepFace.find(img, db_path='db')\n"),
        Valid("import face_recognition\n\ndef f(user, img):\n    assert user.consent_given\n    return face_recognition.face_encodings(img)\n"),
        Valid(
            "import face_recognition\n\ndef encode(img):\n    return face_recognition.face_encodings(img)\n\n"
            "def a(user, img):\n    if not user.face_consent:\n        return\n    return encode(img)\n\n"
            "def b(user, img):\n    if user.face_consent:\n        encode(img)\n",
            "every project caller checks consent",
        ),
        Valid(
            "import face_recognition\n\nclass Kiosk:\n    def _encode(self, img):\n        return face_recognition.face_encodings(img)\n\n"
            "    def enrol(self, person, img):\n        if not person.consent:\n            return\n        self._encode(img)\n",
            "method called through self",
        ),
        Valid(
            "import face_recognition\n\ndef f(people):\n    for p in people:\n        if not p.consent:\n            continue\n"
            "        face_recognition.face_encodings(p.img)\n",
            "continue skips the unconsented",
        ),
        Valid("import face_recognition\n\ndef f(user, img):\n    return user.face_consent and face_recognition.face_encodings(img)\n", "short-circuit and"),
        Valid(
            "import boto3\nrek = boto3.client('rekognition')\n\n@app.route('/search')\n@consent_required\ndef search(data):\n"
            "    return rek.search_faces_by_image(CollectionId='c', Image={'Bytes': data})\n",
            "decorated route",
        ),
        Valid("import cv2\n\ndef f(gray):\n    c = cv2.CascadeClassifier('h.xml')\n    return c.detectMultiScale(gray)\n", "Haar detection"),
        Valid(
            "import face_recognition\n\ndef f(user, imgs):\n    if not user.consent:\n        return []\n"
            "    return [face_recognition.face_encodings(i) for i in imgs]\n",
            "comprehension after a guard",
        ),
        Valid(
            "import face_recognition\n\ndef f(user, img):\n    if user.consent_status == 'granted':\n"
            "        enc = face_recognition.face_encodings(img)\n        return enc\n",
        ),
        Valid(
            "from aip import AipFace\nclient = AipFace('a', 'b', 'c')\n\ndef f(emp, img):\n    if not consent_on_file(emp):\n"
            "        return None\n    return client.search(img, 'BASE64', 'staff')\n",
        ),
    ]
    INVALID = [
        Invalid("import face_recognition\n\ndef f(img):\n    return face_recognition.face_encodings(img)\n", 4, 12),
        Invalid(
            "from aip import AipFace\nclient = AipFace('a', 'b', 'c')\n\ndef f(img):\n    return client.detect(img, 'BASE64', {'face_field': 'age,gender'})\n",
            5, 12, "detection asked to estimate age and gender is analysis",
        ),
        Invalid("import face_recognition as fr\n\ndef f(known, probe):\n    return fr.compare_faces(known, probe)\n", 4, 12, "alias, verify"),
        Invalid("from deepface import DeepFace\nres = DeepFace.find('a.jpg', db_path='db')\n", 2, 7, "module level identify"),
        Invalid(
            "import face_recognition\n\ndef f(user, img):\n    enc = face_recognition.face_encodings(img)\n"
            "    if not user.face_consent:\n        return None\n    return enc\n",
            4, 11, "check after the call",
        ),
        Invalid(
            "import face_recognition\n\ndef f(user, img):\n    has_consent(user)\n    return face_recognition.face_encodings(img)\n",
            5, 12, "result of the check thrown away",
        ),
        Invalid(
            "import face_recognition\n\ndef f(img, consent=True):\n    if consent:\n        return face_recognition.face_encodings(img)\n",
            5, 16, "a parameter defaulting to True is not a check",
        ),
        Invalid(
            "import face_recognition\n\ndef f(user, img):\n    if user.face_consent:\n        print('ok')\n"
            "    else:\n        return face_recognition.face_encodings(img)\n",
            7, 16, "the other branch",
        ),
        Invalid(
            "import face_recognition\n\ndef encode(img):\n    return face_recognition.face_encodings(img)\n\n"
            "def a(user, img):\n    if not user.face_consent:\n        return\n    return encode(img)\n\n"
            "def b(img):\n    return encode(img)\n",
            4, 12, "one project caller does not check",
        ),
        Invalid(
            "import boto3\n\nclass Enroller:\n    def __init__(self):\n        self.rek = boto3.client('rekognition')\n\n"
            "    def add(self, data):\n        return self.rek.index_faces(CollectionId='c', Image={'Bytes': data})\n",
            8, 16, "client stored on self",
        ),
        Invalid(
            "from aip import AipFace\nclient = AipFace('a', 'b', 'c')\n\ndef f(img):\n    return client.addUser(img, 'BASE64', 'g', 'u')\n",
            5, 12, "Baidu enrol",
        ),
        Invalid(
            "import cv2\n\nrec = cv2.face.LBPHFaceRecognizer_create()\n\ndef f(face):\n    label, conf = rec.predict(face)\n    return label\n",
            6, 19, "LBPH identify",
        ),
        Invalid(
            "import face_recognition\n\ndef outer(imgs):\n    def inner(i):\n        return face_recognition.face_encodings(i)\n    return [inner(i) for i in imgs]\n",
            5, 16, "nested function",
        ),
        Invalid("import face_recognition\nencode = lambda img: face_recognition.face_encodings(img)\n", 2, 22, "lambda"),
        Invalid("from deepface import DeepFace\n\ndef f(imgs):\n    return [DeepFace.represent(i) for i in imgs]\n", 4, 13, "comprehension"),
        Invalid(
            "from insightface.app import FaceAnalysis\napp = FaceAnalysis()\n\n@login_required\ndef f(img):\n    return app.get(img)\n",
            6, 12, "login is not consent",
        ),
        Invalid(
            "import dlib\nfacerec = dlib.face_recognition_model_v1('m.dat')\n\ndef f(img, shape):\n    return facerec.compute_face_descriptor(img, shape)\n",
            5, 12, "dlib",
        ),
        Invalid(
            "from tencentcloud.iai.v20200303 import iai_client\nclient = iai_client.IaiClient(cred, 'ap-beijing')\n\ndef f(req):\n    return client.SearchFaces(req)\n",
            5, 12, "Tencent IAI",
        ),
        Invalid(
            "import requests\n\ndef make_set(tokens):\n    return requests.post('https://api-us.faceplusplus.com/facepp/v3/faceset/create', data={'outer_id': 'staff', 'face_tokens': tokens})\n",
            4, 12, "Face++ face set created with faces",
        ),
        Invalid(
            "from keras.models import load_model\nrace_model = load_model('fairface_race.h5')\n\ndef f(face):\n    return race_model.predict(face)\n",
            5, 12, "a project race classifier analyses the face",
        ),
    ]

    def check(self, project: Project) -> Iterable[Finding]:
        catalog = project.catalog
        models = model_calls(project)
        for module in project.modules:
            if module.is_test:
                continue
            for function in module.functions:
                for call in function.calls:
                    kind = call.kind
                    if kind == "detect" and estimates_person_attributes(call, catalog):
                        kind = "analyze"  # detection told to estimate age, gender, ...
                    model = models.get(id(call)) if kind not in RECOGNITION_KINDS else None
                    if model is not None:
                        kind = model.kind  # a project face model, wrapper or vector search
                    if kind not in RECOGNITION_KINDS:
                        continue
                    if consent_guarded(call, catalog) or consent_decorated(function, catalog):
                        continue
                    path = unguarded_path(project, module, function)
                    if path is None:
                        continue
                    evidence: List[Origin] = []
                    if model is not None:
                        evidence.append(Origin(call.span.line, call.span.column, model.reason))
                    if path:  # the caller that reaches it unchecked: evidence, not message,
                        # so the message reads the same in a one-file editor check
                        caller_module, caller_function, line, column = path[0]
                        evidence.append(Origin(line, column, f"called without a consent check from {caller_function.qualname}", caller_module.path))
                    yield self.finding(
                        module,
                        call.span,
                        f"{_short(call.api or call.callee)} {_verb(kind)} with no separate-consent check on the way",
                        function,
                        call.text,
                        evidence,
                    )


def _verb(kind: Optional[str]) -> str:
    return {
        "embed": "computes a face template",
        "verify": "compares faces",
        "identify": "identifies a face",
        "analyze": "analyses a face",
        "enroll": "enrols a face",
    }.get(kind or "", "recognises a face")


def _short(name: str) -> str:
    parts = name.split(".")
    return ".".join(parts[-2:]) if len(parts) > 1 else name
