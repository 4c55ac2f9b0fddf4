from __future__ import annotations

from typing import Dict, Iterable, Optional, Set, Tuple

from frtlint.analysis.access import GrantAnalysis
from frtlint.analysis.facts import CallSite, FunctionFacts, ModuleFacts
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
    A decision counts even behind a second factor (a photo plus a stolen password
    still passes). The finding points at the verify/identify call before the
    decision; failing one, at the call that compares face templates (`cosine(known,
    probe)`, a project `compare_embeddings`), or at the matcher inside the project
    helper whose answer decided (`who = identify(img)`).

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
        Valid("from scipy.spatial.distance import cosine\nimport face_recognition as fr\nfrom flask import jsonify\n\ndef verify(stored, img, frames):\n    if not check_liveness(frames):\n        return jsonify({\"authenticated\": False})\n    probe = fr.face_encodings(img)[0]\n    if cosine(stored, probe) < 0.4:\n        return jsonify({\"authenticated\": True})\n    return jsonify({\"authenticated\": False})\n", "liveness checked before the template distance"),
    ]
    INVALID = [
        Invalid("import face_recognition as fr\n\ndef unlock():\n    pass\n\ndef f(known, enc):\n    if True in fr.compare_faces(known, enc):\n        unlock()\n", 7, 16),
        Invalid("from deepface import DeepFace\nfrom flask_login import login_user\n\ndef f(u, img):\n    r = DeepFace.verify(img, u.ref)\n    if r['verified']:\n        login_user(u)\n", 5, 9, "login"),
        Invalid("import cv2\n\nrec = cv2.face.LBPHFaceRecognizer_create()\n\ndef mark_attendance(n):\n    pass\n\ndef desk(face):\n    label, conf = rec.predict(face)\n    if conf < 60:\n        mark_attendance(label)\n", 9, 19, "attendance"),
        Invalid("from scipy.spatial.distance import cosine\nimport face_recognition as fr\nfrom flask import jsonify\n\ndef verify(stored, img):\n    probe = fr.face_encodings(img)[0]\n    if cosine(stored, probe) < 0.4:\n        return jsonify({\"authenticated\": True})\n    return jsonify({\"authenticated\": False})\n", 7, 8, "template distance decides a verify response"),
        Invalid("import face_recognition as fr\n\ndef compare_embeddings(a, b):\n    return 0.3\n\ndef unlock():\n    pass\n\ndef f(stored, img):\n    probe = fr.face_encodings(img)[0]\n    distance = compare_embeddings(stored, probe)\n    if distance < 0.6:\n        unlock()\n", 11, 16, "project matcher helper"),
        Invalid("import face_recognition as fr\n\ndef loop(pi, known, encodings):\n    authorized = False\n    for enc in encodings:\n        for hit in fr.compare_faces(known, enc):\n            if not hit:\n                continue\n            authorized = True\n    if authorized:\n        pi.write(17, 1)\n", 6, 20, "flag set in the match loop decides later"),
        Invalid("import threading\nimport face_recognition as fr\n\ndef unlock():\n    relay.on()\n\ndef on_frame(known, enc):\n    if True in fr.compare_faces(known, enc):\n        threading.Thread(target=unlock).start()\n", 8, 16, "grant run as a thread callback"),
        Invalid("import boto3\n\ndef unlock():\n    pass\n\ndef who_is_it(image):\n    client = boto3.client(\"rekognition\")\n    found = client.search_faces_by_image(CollectionId=\"home\", Image={\"Bytes\": image})\n    if found[\"FaceMatches\"]:\n        return found[\"FaceMatches\"][0][\"Face\"][\"ExternalImageId\"]\n    return None\n\ndef on_ring(image):\n    person = who_is_it(image)\n    if person is not None:\n        unlock()\n", 8, 13, "the matcher inside the helper whose answer decides"),
    ]

    def check(self, project: Project) -> Iterable[Finding]:
        catalog = project.catalog
        analysis = GrantAnalysis.of(project)
        reported: Set[Tuple[str, int]] = set()
        liveness: Dict[str, bool] = {}  # per module: asked once per decision otherwise

        def has_liveness(module: ModuleFacts) -> bool:
            if module.path not in liveness:
                liveness[module.path] = _has_liveness(module, catalog)
            return liveness[module.path]

        for module, function, decision in analysis.decisions(with_second_factor=True):
            if (module.path, id(function)) in reported or has_liveness(module):
                continue
            found = _matcher_before(module, function, decision, catalog) or _matcher_in_helper(
                analysis, function, decision, catalog
            )
            if found is None:
                continue
            reported.add((module.path, id(function)))
            matcher_module, matcher_function, call = found
            if matcher_module is not module and has_liveness(matcher_module):
                continue
            yield self.finding(
                matcher_module, call.span,
                f"{call.name}() decides access with no liveness (anti-spoofing) check",
                matcher_function, call.text,
            )


Matcher = Tuple[ModuleFacts, FunctionFacts, CallSite]


def _matcher_before(module: ModuleFacts, function: FunctionFacts, decision: CallSite, catalog: Catalog) -> Optional[Matcher]:
    """The first verify/identify call before the decision; failing that, the first
    call that compares face templates (`cosine(known, probe)`) or a project helper
    named like a face matcher (`compare_embeddings`)."""
    before = [c for c in function.calls if c.span.line <= decision.span.line]
    call = next((c for c in before if c.kind in ("verify", "identify")), None) or next(
        (c for c in before if _compares_faces(c, catalog)), None
    )
    return (module, function, call) if call is not None else None


def _matcher_in_helper(analysis: GrantAnalysis, function: FunctionFacts, decision: CallSite, catalog: Catalog) -> Optional[Matcher]:
    """The matcher inside the project helper whose answer decided (`who = identify(img)`)."""
    for call in function.calls:
        if call.span.line > decision.span.line or not call.assigned_to:
            continue
        for helper_module, helper in analysis.matching_helpers(call):
            found = _matcher_before(helper_module, helper, helper.calls[-1], catalog) if helper.calls else None
            if found is not None:
                return found
    return None


def _compares_faces(call: CallSite, catalog: Catalog) -> bool:
    if catalog.distance_pattern.search(call.name) and any(a.value.kind == "template" for a in call.face_args):
        return True
    return call.api is None and bool(catalog.match_helper_pattern.search(call.name))


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
