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
    security_severity = 6.0

    VALID = [
        Valid(
            """
            import face_recognition as fr

            def unlock():
                pass

            def f(known, enc, frames):
                if not check_liveness(frames):
                    return
                if True in fr.compare_faces(known, enc):
                    unlock()
            """
        ),
        Valid(
            """
            import face_recognition as fr

            def f(known, enc):
                return fr.compare_faces(known, enc)
            """,
            note="no access decision",
        ),
        Valid(
            """
            from aip import AipFace
            client = AipFace('a', 'b', 'c')

            def mark_present(u):
                pass

            def f(img):
                if client.faceverify([{'image': img}])['result']['face_liveness'] < 0.9:
                    return
                best = client.search(img, 'BASE64', 'g')['result']['user_list'][0]
                if best['score'] > 80:
                    mark_present(best['user_id'])
            """
        ),
        Valid(
            """
            from scipy.spatial.distance import cosine
            import face_recognition as fr
            from flask import jsonify

            def verify(stored, img, frames):
                if not check_liveness(frames):
                    return jsonify({"authenticated": False})
                probe = fr.face_encodings(img)[0]
                if cosine(stored, probe) < 0.4:
                    return jsonify({"authenticated": True})
                return jsonify({"authenticated": False})
            """,
            note="liveness checked before the template distance",
        ),
    ]
    INVALID = [
        Invalid(
            """
            import face_recognition as fr

            def unlock():
                pass

            def f(known, enc):
                if True in fr.compare_faces(known, enc):
                    unlock()
            """,
            line=7, column=16,
        ),
        Invalid(
            """
            from deepface import DeepFace
            from flask_login import login_user

            def f(u, img):
                r = DeepFace.verify(img, u.ref)
                if r['verified']:
                    login_user(u)
            """,
            line=5, column=9, note="login",
        ),
        Invalid(
            """
            import cv2

            rec = cv2.face.LBPHFaceRecognizer_create()

            def mark_attendance(n):
                pass

            def desk(face):
                label, conf = rec.predict(face)
                if conf < 60:
                    mark_attendance(label)
            """,
            line=9, column=19, note="attendance",
        ),
        Invalid(
            """
            from scipy.spatial.distance import cosine
            import face_recognition as fr
            from flask import jsonify

            def verify(stored, img):
                probe = fr.face_encodings(img)[0]
                if cosine(stored, probe) < 0.4:
                    return jsonify({"authenticated": True})
                return jsonify({"authenticated": False})
            """,
            line=7, column=8, note="template distance decides a verify response",
        ),
        Invalid(
            """
            import face_recognition as fr

            def compare_embeddings(a, b):
                return 0.3

            def unlock():
                pass

            def f(stored, img):
                probe = fr.face_encodings(img)[0]
                distance = compare_embeddings(stored, probe)
                if distance < 0.6:
                    unlock()
            """,
            line=11, column=16, note="project matcher helper",
        ),
        Invalid(
            """
            import face_recognition as fr

            def loop(pi, known, encodings):
                authorized = False
                for enc in encodings:
                    for hit in fr.compare_faces(known, enc):
                        if not hit:
                            continue
                        authorized = True
                if authorized:
                    pi.write(17, 1)
            """,
            line=6, column=20, note="flag set in the match loop decides later",
        ),
        Invalid(
            """
            import threading
            import face_recognition as fr

            def unlock():
                relay.on()

            def on_frame(known, enc):
                if True in fr.compare_faces(known, enc):
                    threading.Thread(target=unlock).start()
            """,
            line=8, column=16, note="grant run as a thread callback",
        ),
        Invalid(
            """
            import boto3

            def unlock():
                pass

            def who_is_it(image):
                client = boto3.client("rekognition")
                found = client.search_faces_by_image(CollectionId="home", Image={"Bytes": image})
                if found["FaceMatches"]:
                    return found["FaceMatches"][0]["Face"]["ExternalImageId"]
                return None

            def on_ring(image):
                person = who_is_it(image)
                if person is not None:
                    unlock()
            """,
            line=8, column=13, note="the matcher inside the helper whose answer decides",
        ),
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
            yield self.call_finding(
                matcher_module,
                call,
                f"{call.name}() decides access with no liveness (anti-spoofing) check",
                function=matcher_function,
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
