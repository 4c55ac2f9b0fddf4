from __future__ import annotations

from typing import Iterable

from frtlint.analysis.facts import CallSite
from frtlint.analysis.project import Project
from frtlint.catalog import Catalog
from frtlint.checks.base import Invalid, Rule, Valid
from frtlint.checks.frt101_raw_face_image_persisted import _in_slots, _label
from frtlint.findings import Finding


class FaceTemplateStoredUnencrypted(Rule):
    """A face template (embedding, encoding, trained face model) is stored without encryption.

    ## What it flags
    A face template reaching a persisting call — `np.save`, `pickle.dump`, `json` into
    a file, an SQL `INSERT`, an ORM field, Redis, object storage — with no encryption
    step on the way (`Fernet(key).encrypt(...)`, a KMS call, a project function whose
    name says it encrypts), and the writing of a trained OpenCV face recogniser model
    (`recognizer.write("trainer.yml")`), which holds every enrolled person's template.

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
    summary = "face template stored without encryption"
    security_severity = 6.5

    VALID = [
        Valid("import numpy as np, face_recognition\nfrom cryptography.fernet import Fernet\n\ndef f(img, key, fh):\n    enc = face_recognition.face_encodings(img)[0]\n    fh.write(Fernet(key).encrypt(enc.tobytes()))\n"),
        Valid("import numpy as np, face_recognition\n\ndef f(img):\n    boxes = face_recognition.face_locations(img)\n    np.save('boxes.npy', boxes)\n", "boxes are not templates"),
        Valid("import pickle, face_recognition\n\ndef f(img, fh):\n    enc = face_recognition.face_encodings(img)\n    pickle.dump(encrypt_blob(enc), fh)\n", "project encryption helper"),
        Valid("import numpy as np\nnp.save('weights.npy', np.zeros(3))\n"),
    ]
    INVALID = [
        Invalid("import numpy as np, face_recognition\n\ndef f(img):\n    enc = face_recognition.face_encodings(img)\n    np.save('enc.npy', enc)\n", 5, 5),
        Invalid("import pickle, face_recognition\n\ndef f(img, fh, names):\n    encs = face_recognition.face_encodings(img)\n    pickle.dump({'names': names, 'encodings': encs}, fh)\n", 5, 5, "dict of encodings"),
        Invalid("import cv2\n\nrec = cv2.face.LBPHFaceRecognizer_create()\n\ndef train(faces, ids):\n    rec.train(faces, ids)\n    rec.write('trainer.yml')\n", 7, 5, "trained LBPH model"),
        Invalid("import json\nfrom deepface import DeepFace\n\ndef f(img, db, uid):\n    emb = DeepFace.represent(img)[0]['embedding']\n    db.execute('INSERT INTO faces VALUES (?, ?)', (uid, json.dumps(emb)))\n", 6, 5, "SQL"),
    ]

    def check(self, project: Project) -> Iterable[Finding]:
        catalog: Catalog = project.catalog
        for module in project.modules:
            for function in module.functions:
                for call in function.calls:
                    if call.callee in catalog.template_stores:
                        yield self.finding(module, call.span, f"{_label(call)} stores a trained face model's templates without encryption", function, call.text)
                        continue
                    hit = _template_written(call, catalog)
                    if hit is not None:
                        yield self.finding(module, call.span, f"{_label(call)} stores a face template without encryption", function, call.text, [hit.value.origin])


def _template_written(call: CallSite, catalog: Catalog):
    spec = catalog.persist_spec(call.callee, call.name, call.receiver_type, call.resolved, call.method)
    if spec is None or (spec.receiver_from and call.receiver_origin != "open"):
        return None
    return next((a for a in call.face_args if a.value.kind == "template" and _in_slots(a.slot, spec)), None)
