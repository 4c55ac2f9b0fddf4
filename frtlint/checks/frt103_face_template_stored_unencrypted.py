from __future__ import annotations

from typing import Iterable, Optional, Tuple

from frtlint.analysis.facts import CallSite, FaceArg, FaceValue, FunctionFacts, ModuleFacts
from frtlint.analysis.project import CallerSite, Project
from frtlint.catalog import Catalog, SinkSpec
from frtlint.checks.base import Invalid, Rule, Valid
from frtlint.checks.persisted_faces import face_passed_into_sink, passed_in_evidence, sink_label, written_slot
from frtlint.findings import Finding

_SESSION_ADD = SinkSpec(data=(0,))  # `db.session.add(row)`


class FaceTemplateStoredUnencrypted(Rule):
    """A face template (embedding, encoding, trained face model) is stored without encryption.

    ## What it flags
    A face template reaching a persisting call — `np.save`, `pickle.dump`, `json` into
    a file, an SQL `INSERT`, an ORM field, Redis, object storage — with no encryption
    step on the way (`Fernet(key).encrypt(...)`, a KMS call, a project function whose
    name says it encrypts), and the writing of a trained OpenCV face recogniser model
    (`recognizer.write("trainer.yml")`), which holds every enrolled person's template.
    A template is what a face API returns as one, what a project helper named for it
    returns (`get_embedding(face)`), or a dict entry keyed `encodings`/`embeddings`; an
    ORM row built with one (`User(face_encoding=enc)`) or given one (`row.embedding =
    emb`) holds it, so `db.session.add(row)` and `row.save()` store it. A helper whose
    parameter reaches the sink is reported when a project caller passes a template.

    ## Why
    A face template identifies a person for life and cannot be changed like a
    password. Draft Article 17 ¶2 requires data encryption and access control for face
    recognition systems (2025 Measures Article 14). A template stored in plain text is
    one database dump away from a biometric breach.

    ## Example
    ```python
    np.save("known_faces.npy", face_recognition.face_encodings(img))
    ```

    ## Use instead
    ```python
    token = Fernet(key).encrypt(np.asarray(encodings).tobytes())
    Path("known_faces.bin").write_bytes(token)
    ```

    ## Options
    `[tool.frtlint.catalog] persist-calls` adds your own storage helpers.

    ## References
    - Draft Provisions (CAC, 2023-08-08), Article 17: http://www.cac.gov.cn/2023-08/08/c_1693064670537413.htm
    - cryptography's Fernet: https://cryptography.io/en/latest/fernet/
    """

    id = "FRT103"
    name = "face-template-stored-unencrypted"
    severity = "warning"
    draft_articles = ("17",)
    measures_articles = ("14",)
    security_severity = 6.5

    VALID = [
        Valid(
            """
            import numpy as np, face_recognition
            from cryptography.fernet import Fernet

            def f(img, key, fh):
                enc = face_recognition.face_encodings(img)[0]
                fh.write(Fernet(key).encrypt(enc.tobytes()))
            """
        ),
        Valid(
            """
            import numpy as np, face_recognition

            def f(img):
                boxes = face_recognition.face_locations(img)
                np.save('boxes.npy', boxes)
            """,
            note="boxes are not templates",
        ),
        Valid(
            """
            import pickle, face_recognition

            def f(img, fh):
                enc = face_recognition.face_encodings(img)
                pickle.dump(encrypt_blob(enc), fh)
            """,
            note="project encryption helper",
        ),
        Valid(
            """
            import numpy as np
            np.save('weights.npy', np.zeros(3))
            """
        ),
        Valid(
            """
            import json, face_recognition

            def f(img, fh, names):
                face_recognition.face_locations(img)
                json.dump({'names': names, 'encoding': 'utf-8'}, fh)
            """,
            note="a text encoding is no template",
        ),
        Valid(
            """
            import face_recognition
            from cryptography.fernet import Fernet

            def f(img, row, key):
                emb = face_recognition.face_encodings(img)[0]
                row.embedding = Fernet(key).encrypt(emb.tobytes())
                row.save()
            """,
            note="encrypted before the row is saved",
        ),
        Valid(
            """
            import face_recognition

            def f(img, db, uid):
                n = len(face_recognition.face_encodings(img))
                row = Visit(user=uid, faces=n)
                db.session.add(row)
            """,
            note="a row without a template",
        ),
    ]
    INVALID = [
        Invalid(
            """
            import numpy as np, face_recognition

            def f(img):
                enc = face_recognition.face_encodings(img)
                np.save('enc.npy', enc)
            """,
            line=5, column=5,
        ),
        Invalid(
            """
            import pickle, face_recognition

            def f(img, fh, names):
                encs = face_recognition.face_encodings(img)
                pickle.dump({'names': names, 'encodings': encs}, fh)
            """,
            line=5, column=5, note="dict of encodings",
        ),
        Invalid(
            """
            import cv2

            rec = cv2.face.LBPHFaceRecognizer_create()

            def train(faces, ids):
                rec.train(faces, ids)
                rec.write('trainer.yml')
            """,
            line=7, column=5, note="trained LBPH model",
        ),
        Invalid(
            """
            import cv2

            rec = cv2.face.createEigenFaceRecognizer()

            def train(faces, ids):
                rec.train(faces, ids)
                rec.save('eigen.yml')
            """,
            line=7, column=5, note="OpenCV 3 factory name",
        ),
        Invalid(
            """
            import pickle

            def dump(names, vectors, path):
                with open(path, 'wb') as out:
                    out.write(pickle.dumps({'names': names, 'encodings': vectors}))
            """,
            line=5, column=9, note="a dict keyed 'encodings', source unseen",
        ),
        Invalid(
            """
            import face_recognition

            def enrol(img, db, uid):
                enc = face_recognition.face_encodings(img)[0]
                member = Member(user_id=uid, face_encoding=enc.tolist())
                db.session.add(member)
                db.session.commit()
            """,
            line=6, column=5, note="ORM row built with the template",
        ),
        Invalid(
            """
            from deepface import DeepFace

            def enrol(img, row):
                emb = DeepFace.represent(img)[0]['embedding']
                row.embedding = emb
                row.save(update_fields=['embedding'])
            """,
            line=6, column=5, note="template set on a row, row saved",
        ),
        Invalid(
            """
            import sqlite3

            class Store:
                def add(self, uid, embedding):
                    with sqlite3.connect('f.db') as conn:
                        conn.execute('INSERT INTO e VALUES (?, ?)', (uid, embedding.tobytes()))

            def enrol(pipeline, store, face):
                emb = pipeline.get_embedding(face)
                store.add('u1', emb)
            """,
            line=6, column=13, note="helper parameter, caller passes a project-made embedding",
        ),
        Invalid(
            """
            import json
            from deepface import DeepFace

            def f(img, db, uid):
                emb = DeepFace.represent(img)[0]['embedding']
                db.execute('INSERT INTO faces VALUES (?, ?)', (uid, json.dumps(emb)))
            """,
            line=6, column=5, note="SQL",
        ),
    ]

    def check(self, project: Project) -> Iterable[Finding]:
        catalog: Catalog = project.catalog
        for module in project.modules:
            for function, call in module.all_calls():
                if call.callee in catalog.template_stores:
                    yield self.call_finding(module, call, f"{sink_label(call)} stores a trained face model's templates without encryption", function=function)
                    continue
                hit = _template_written(call, catalog)
                if hit is not None:
                    yield self.call_finding(module, call, f"{sink_label(call)} stores a face template without encryption", function=function, evidence=[hit.value.origin])
                    continue
                passed = _template_from_caller(project, module, function, call)
                if passed is not None:
                    yield self.call_finding(
                        module, call, f"{sink_label(call)} stores a face template without encryption", function=function, evidence=passed_in_evidence(passed)
                    )


def _sink_spec(call: CallSite, catalog: Catalog) -> Optional[SinkSpec]:
    """How `call` persists data, if it does: a catalog sink or an ORM `session.add(row)`."""
    if call.name == "add" and call.method and call.receiver.split(".")[-1].lower() in catalog.session_receivers:
        return _SESSION_ADD
    spec = catalog.persist_spec(call.callee, call.name, call.receiver_type, call.resolved, call.method)
    if spec is None or (spec.receiver_from and call.receiver_origin != "open"):
        return None
    return spec


def _template_written(call: CallSite, catalog: Catalog) -> Optional[FaceArg]:
    spec = _sink_spec(call, catalog)
    if spec is None:
        return None
    return next((a for a in call.face_args if a.value.kind == "template" and written_slot(a.slot, spec) and not _other_field(call, a, catalog)), None)


def _other_field(call: CallSite, arg: FaceArg, catalog: Catalog) -> bool:
    """`row.photo.save(...)` on a row that holds a template: the receiver is another field
    of the row (a file field), not the template; the row's own `row.save()` is reported."""
    if arg.slot != "receiver" or "." not in call.receiver:
        return False
    root, _, field = call.receiver.rpartition(".")
    return root not in ("self", "cls") and not catalog.words.template_field.search(field)


def _template_from_caller(
    project: Project, module: ModuleFacts, function: FunctionFacts, call: CallSite
) -> Optional[Tuple[FaceValue, CallerSite]]:
    """A helper's parameter reaches the sink, and some project caller passes a template
    (`store.enroll(uid, get_embedding(face))` into `def enroll(uid, embedding): db.execute(...)`)."""
    if not call.param_args:
        return None
    spec = _sink_spec(call, project.catalog)
    if spec is None:
        return None
    return face_passed_into_sink(project, module, function, call, spec, "template")
