from __future__ import annotations

from typing import Iterable

from frtlint.analysis.project import Project
from frtlint.checks.base import Invalid, Rule, Valid
from frtlint.findings import Finding

_LOGGED_KINDS = ("image", "template")


class FaceDataLogged(Rule):
    """Face data (an image, its base64, an embedding) is written to a log or printed.

    ## What it flags
    A call to `print`, the `logging` module, a logger method (`log.debug`,
    `self.logger.info`, ...), `warnings.warn` or an error-tracking SDK whose arguments
    carry a face image (also encoded or sliced, `image_b64[:120]`) or a face template.
    Names, ids, counts and match scores are not face data and are not flagged.

    ## Why
    Logs are copied, shipped and kept far longer than anyone plans, usually without
    access control. Draft Article 17 forbids keeping original face images and requires
    protecting facial information (2025 Measures Article 14); a face in a log line is a
    retained face. Draft Article 15's impact assessment must list every place facial
    information goes, and logs are rarely on that list.

    ## Example
    ```python
    log.debug("enrolled %s with %s", user_id, image_b64)
    ```

    ## Use instead
    ```python
    log.debug("enrolled %s (%d bytes)", user_id, len(image_b64))
    ```

    ## Options
    None.

    ## References
    - Draft Provisions (CAC, 2023-08-08), Articles 15 and 17: http://www.cac.gov.cn/2023-08/08/c_1693064670537413.htm
    """

    id = "FRT102"
    name = "face-data-logged"
    severity = "warning"
    draft_articles = ("17", "15")
    measures_articles = ("14",)
    summary = "face data written to a log"
    security_severity = 5.5

    VALID = [
        Valid("import logging, face_recognition\nlog = logging.getLogger(__name__)\n\ndef f(img, uid):\n    boxes = face_recognition.face_locations(img)\n    log.info('user %s: %d faces', uid, len(boxes))\n"),
        Valid("import face_recognition\n\ndef f(known, enc, names):\n    m = face_recognition.compare_faces(known, enc)\n    print('matched', names[m.index(True)])\n", "a name is not face data"),
        Valid("import logging\nlogging.info('starting camera')\n"),
        Valid("import face_recognition\n\ndef f(img):\n    enc = face_recognition.face_encodings(img)\n    print(len(enc))\n"),
    ]
    INVALID = [
        Invalid("import logging, base64, face_recognition\nlog = logging.getLogger(__name__)\n\ndef f(img):\n    face_recognition.face_encodings(img)\n    log.debug('img %s', base64.b64encode(img.tobytes()))\n", 6, 5),
        Invalid("import face_recognition\n\ndef f(img):\n    enc = face_recognition.face_encodings(img)[0]\n    print(enc)\n", 5, 5, "embedding printed"),
        Invalid("import logging\nfrom deepface import DeepFace\n\ndef f(img):\n    emb = DeepFace.represent(img)[0]['embedding']\n    logging.info('embedding=%s', emb)\n", 6, 5),
        Invalid("import face_recognition\n\nclass S:\n    def f(self, img):\n        face_recognition.face_locations(img)\n        self.logger.warning('frame %r', img[:10])\n", 6, 9, "logger on self"),
    ]

    def check(self, project: Project) -> Iterable[Finding]:
        catalog = project.catalog
        for module in project.modules:
            for function in module.functions:
                for call in function.calls:
                    if not catalog.is_log_sink(call.callee, call.name, call.resolved, call.method):
                        continue
                    logged = next((a for a in call.face_args if a.slot != "receiver" and a.value.kind in _LOGGED_KINDS), None)
                    if logged is None:
                        continue
                    what = "a face template" if logged.value.kind == "template" else "a face image"
                    yield self.finding(module, call.span, f"{call.name}() writes {what} to a log", function, call.text, [logged.value.origin])
