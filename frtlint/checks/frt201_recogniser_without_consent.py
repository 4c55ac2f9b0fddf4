from __future__ import annotations

from typing import Iterable, List, Optional

from frtlint.analysis.facts import Origin
from frtlint.analysis.project import Project
from frtlint.catalog import RECOGNITION_KINDS
from frtlint.checks.attributes import estimates_person_attributes
from frtlint.checks.base import Invalid, Rule, Valid
from frtlint.checks.face_models import model_calls, short_name
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
    security_severity = 7.5
    skip_tests = True

    VALID = [
        Valid(
            """
            import face_recognition

            def f(img):
                return face_recognition.face_locations(img)
            """,
            note="detection only",
        ),
        Valid(
            """
            from aip import AipFace
            client = AipFace('a', 'b', 'c')

            def f(img):
                return client.detect(img, 'BASE64', {'face_field': 'landmark,quality'})
            """,
            note="detection asked only for geometry",
        ),
        Valid(
            """
            import face_recognition

            def f(user, img):
                if not user.face_consent:
                    return None
                return face_recognition.face_encodings(img)
            """
        ),
        Valid(
            """
            import face_recognition as fr

            def f(user, img):
                if has_consent(user):
                    return fr.face_encodings(img)
            """
        ),
        Valid(
            """
            import face_recognition

            def f(user, img):
                require_consent(user)
                return face_recognition.face_encodings(img)
            """
        ),
        Valid(
            """
            import face_recognition

            @consent_required
            def f(img):
                return face_recognition.face_encodings(img)
            """
        ),
        Valid(
            """
            from deepface import DeepFace

            def f(req, img):
                if req.form.get('face_consent') != 'yes':
                    raise PermissionError('no consent')
                return DeepFace.find(img, db_path='db')
            """
        ),
        Valid(
            """
            import face_recognition

            def f(user, img):
                assert user.consent_given
                return face_recognition.face_encodings(img)
            """
        ),
        Valid(
            """
            import face_recognition

            def encode(img):
                return face_recognition.face_encodings(img)

            def a(user, img):
                if not user.face_consent:
                    return
                return encode(img)

            def b(user, img):
                if user.face_consent:
                    encode(img)
            """,
            note="every project caller checks consent",
        ),
        Valid(
            """
            import face_recognition

            class Kiosk:
                def _encode(self, img):
                    return face_recognition.face_encodings(img)

                def enrol(self, person, img):
                    if not person.consent:
                        return
                    self._encode(img)
            """,
            note="method called through self",
        ),
        Valid(
            """
            import face_recognition

            def f(people):
                for p in people:
                    if not p.consent:
                        continue
                    face_recognition.face_encodings(p.img)
            """,
            note="continue skips the unconsented",
        ),
        Valid(
            """
            import face_recognition

            def f(user, img):
                return user.face_consent and face_recognition.face_encodings(img)
            """,
            note="short-circuit and",
        ),
        Valid(
            """
            import boto3
            rek = boto3.client('rekognition')

            @app.route('/search')
            @consent_required
            def search(data):
                return rek.search_faces_by_image(CollectionId='c', Image={'Bytes': data})
            """,
            note="decorated route",
        ),
        Valid(
            """
            import cv2

            def f(gray):
                c = cv2.CascadeClassifier('h.xml')
                return c.detectMultiScale(gray)
            """,
            note="Haar detection",
        ),
        Valid(
            """
            import face_recognition

            def f(user, imgs):
                if not user.consent:
                    return []
                return [face_recognition.face_encodings(i) for i in imgs]
            """,
            note="comprehension after a guard",
        ),
        Valid(
            """
            import face_recognition

            def f(user, img):
                if user.consent_status == 'granted':
                    enc = face_recognition.face_encodings(img)
                    return enc
            """
        ),
        Valid(
            """
            from aip import AipFace
            client = AipFace('a', 'b', 'c')

            def f(emp, img):
                if not consent_on_file(emp):
                    return None
                return client.search(img, 'BASE64', 'staff')
            """
        ),
    ]
    INVALID = [
        Invalid(
            """
            import face_recognition

            def f(img):
                return face_recognition.face_encodings(img)
            """,
            line=4, column=12,
        ),
        Invalid(
            """
            from aip import AipFace
            client = AipFace('a', 'b', 'c')

            def f(img):
                return client.detect(img, 'BASE64', {'face_field': 'age,gender'})
            """,
            line=5, column=12, note="detection asked to estimate age and gender is analysis",
        ),
        Invalid(
            """
            import face_recognition as fr

            def f(known, probe):
                return fr.compare_faces(known, probe)
            """,
            line=4, column=12, note="alias, verify",
        ),
        Invalid(
            """
            from deepface import DeepFace
            res = DeepFace.find('a.jpg', db_path='db')
            """,
            line=2, column=7, note="module level identify",
        ),
        Invalid(
            """
            import face_recognition

            def f(user, img):
                enc = face_recognition.face_encodings(img)
                if not user.face_consent:
                    return None
                return enc
            """,
            line=4, column=11, note="check after the call",
        ),
        Invalid(
            """
            import face_recognition

            def f(user, img):
                has_consent(user)
                return face_recognition.face_encodings(img)
            """,
            line=5, column=12, note="result of the check thrown away",
        ),
        Invalid(
            """
            import face_recognition

            def f(img, consent=True):
                if consent:
                    return face_recognition.face_encodings(img)
            """,
            line=5, column=16, note="a parameter defaulting to True is not a check",
        ),
        Invalid(
            """
            import face_recognition

            def f(user, img):
                if user.face_consent:
                    print('ok')
                else:
                    return face_recognition.face_encodings(img)
            """,
            line=7, column=16, note="the other branch",
        ),
        Invalid(
            """
            import face_recognition

            def encode(img):
                return face_recognition.face_encodings(img)

            def a(user, img):
                if not user.face_consent:
                    return
                return encode(img)

            def b(img):
                return encode(img)
            """,
            line=4, column=12, note="one project caller does not check",
        ),
        Invalid(
            """
            import boto3

            class Enroller:
                def __init__(self):
                    self.rek = boto3.client('rekognition')

                def add(self, data):
                    return self.rek.index_faces(CollectionId='c', Image={'Bytes': data})
            """,
            line=8, column=16, note="client stored on self",
        ),
        Invalid(
            """
            from aip import AipFace
            client = AipFace('a', 'b', 'c')

            def f(img):
                return client.addUser(img, 'BASE64', 'g', 'u')
            """,
            line=5, column=12, note="Baidu enrol",
        ),
        Invalid(
            """
            import cv2

            rec = cv2.face.LBPHFaceRecognizer_create()

            def f(face):
                label, conf = rec.predict(face)
                return label
            """,
            line=6, column=19, note="LBPH identify",
        ),
        Invalid(
            """
            import face_recognition

            def outer(imgs):
                def inner(i):
                    return face_recognition.face_encodings(i)
                return [inner(i) for i in imgs]
            """,
            line=5, column=16, note="nested function",
        ),
        Invalid(
            """
            import face_recognition
            encode = lambda img: face_recognition.face_encodings(img)
            """,
            line=2, column=22, note="lambda",
        ),
        Invalid(
            """
            from deepface import DeepFace

            def f(imgs):
                return [DeepFace.represent(i) for i in imgs]
            """,
            line=4, column=13, note="comprehension",
        ),
        Invalid(
            """
            from insightface.app import FaceAnalysis
            app = FaceAnalysis()

            @login_required
            def f(img):
                return app.get(img)
            """,
            line=6, column=12, note="login is not consent",
        ),
        Invalid(
            """
            import dlib
            facerec = dlib.face_recognition_model_v1('m.dat')

            def f(img, shape):
                return facerec.compute_face_descriptor(img, shape)
            """,
            line=5, column=12, note="dlib",
        ),
        Invalid(
            """
            from tencentcloud.iai.v20200303 import iai_client
            client = iai_client.IaiClient(cred, 'ap-beijing')

            def f(req):
                return client.SearchFaces(req)
            """,
            line=5, column=12, note="Tencent IAI",
        ),
        Invalid(
            """
            import requests

            def make_set(tokens):
                return requests.post('https://api-us.faceplusplus.com/facepp/v3/faceset/create', data={'outer_id': 'staff', 'face_tokens': tokens})
            """,
            line=4, column=12, note="Face++ face set created with faces",
        ),
        Invalid(
            """
            from keras.models import load_model
            race_model = load_model('fairface_race.h5')

            def f(face):
                return race_model.predict(face)
            """,
            line=5, column=12, note="a project race classifier analyses the face",
        ),
    ]

    def check(self, project: Project) -> Iterable[Finding]:
        catalog = project.catalog
        models = model_calls(project)
        for module in project.modules:
            for function, call in module.all_calls():
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
                yield self.call_finding(
                    module,
                    call,
                    f"{short_name(call.api or call.callee)} {_verb(kind)} with no separate-consent check on the way",
                    function=function,
                    evidence=evidence,
                )


def _verb(kind: Optional[str]) -> str:
    return {
        "embed": "computes a face template",
        "verify": "compares faces",
        "identify": "identifies a face",
        "analyze": "analyses a face",
        "enroll": "enrols a face",
    }.get(kind or "", "recognises a face")
