from __future__ import annotations

from typing import Iterable, Set, Tuple

from frtlint.analysis.access import GrantAnalysis
from frtlint.analysis.facts import ModuleFacts
from frtlint.analysis.project import Project
from frtlint.catalog import Catalog
from frtlint.checks.base import Invalid, Rule, Valid
from frtlint.findings import Finding


class VerificationWithoutLiveness(Rule):
    """Face verification decides access or login with no liveness (anti-spoofing) step.

    ## What it flags
    A verify/identify call whose result decides an access grant (the decisions FRT401
    finds: unlock, login, clock-in, mark present) in a module that has no liveness or
    anti-spoofing step: no catalog API of kind `liveness` (Rekognition face liveness,
    Baidu `faceverify`, Tencent `DetectLiveFace`, ...) and no call or condition named
    like one (`check_liveness`, `is_live`, `anti_spoof`, blink or challenge checks).
    The finding points at the verify/identify call.

    ## Why
    Draft Article 19 asks that recognition devices be protected from attack and
    interference (2025 Measures Article 14). Without liveness detection a printed photo
    or a phone screen passes as the person, and the access decision is only as strong as
    the photo anyone can take from a social profile.

    ## Example
    ```python
    if True in face_recognition.compare_faces(known, probe):
        unlock()
    ```

    ## Use instead
    ```python
    if check_liveness(frames) and True in face_recognition.compare_faces(known, probe):
        unlock()
    ```

    ## Options
    None.

    ## References
    - Draft Provisions (CAC, 2023-08-08), Article 19: http://www.cac.gov.cn/2023-08/08/c_1693064670537413.htm
    - ISO/IEC 30107 (biometric presentation attack detection)
    """

    id = "FRT503"
    name = "verification-without-liveness"
    severity = "warning"
    draft_articles = ("19",)
    measures_articles = ()  # no Measures counterpart (Art. 14 touches it only weakly)
    summary = "face verification used for access without a liveness check"
    security_severity = 6.0

    VALID = [
        Valid("import face_recognition as fr\n\ndef unlock():\n    pass\n\ndef f(known, enc, frames):\n    if not check_liveness(frames):\n        return\n    if True in fr.compare_faces(known, enc):\n        unlock()\n"),
        Valid("import face_recognition as fr\n\ndef f(known, enc):\n    return fr.compare_faces(known, enc)\n", "no access decision"),
        Valid("from aip import AipFace\nclient = AipFace('a', 'b', 'c')\n\ndef mark_present(u):\n    pass\n\ndef f(img):\n    if client.faceverify([{'image': img}])['result']['face_liveness'] < 0.9:\n        return\n    best = client.search(img, 'BASE64', 'g')['result']['user_list'][0]\n    if best['score'] > 80:\n        mark_present(best['user_id'])\n"),
    ]
    INVALID = [
        Invalid("import face_recognition as fr\n\ndef unlock():\n    pass\n\ndef f(known, enc):\n    if True in fr.compare_faces(known, enc):\n        unlock()\n", 7, 16),
        Invalid("from deepface import DeepFace\nfrom flask_login import login_user\n\ndef f(u, img):\n    r = DeepFace.verify(img, u.ref)\n    if r['verified']:\n        login_user(u)\n", 5, 9, "login"),
        Invalid("import cv2\n\nrec = cv2.face.LBPHFaceRecognizer_create()\n\ndef mark_attendance(n):\n    pass\n\ndef desk(face):\n    label, conf = rec.predict(face)\n    if conf < 60:\n        mark_attendance(label)\n", 9, 19, "attendance"),
    ]

    def check(self, project: Project) -> Iterable[Finding]:
        catalog = project.catalog
        analysis = GrantAnalysis.of(project)
        reported: Set[Tuple[str, int, int]] = set()
        for module, function, decision in analysis.decisions():
            if _has_liveness(module, catalog):
                continue
            for call in function.calls:
                if call.kind not in ("verify", "identify") or call.span.line > decision.span.line:
                    continue
                key = (module.path, call.span.line, call.span.column)
                if key in reported:
                    continue
                reported.add(key)
                yield self.finding(
                    module, call.span,
                    f"{call.name}() decides access with no liveness (anti-spoofing) check",
                    function, call.text,
                )


def _has_liveness(module: ModuleFacts, catalog: Catalog) -> bool:
    for function in module.functions:
        if catalog.liveness_pattern.search(function.name):
            return True
        for call in function.calls:
            if call.kind == "liveness" or catalog.liveness_pattern.search(call.name):
                return True
            if any(catalog.liveness_pattern.search(w) for g in call.guards for w in g.words):
                return True
    return False
