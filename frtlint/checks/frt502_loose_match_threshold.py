from __future__ import annotations

import re
from functools import lru_cache
from typing import Dict, Iterable, Optional, Tuple

from frtlint.analysis.facts import CallSite, ModuleFacts
from frtlint.analysis.project import Project
from frtlint.catalog import ApiSpec, Catalog
from frtlint.checks.base import Invalid, Rule, Valid
from frtlint.findings import Finding


class LooseMatchThreshold(Rule):
    """A face match threshold is set looser than the library's documented default.

    ## What it flags
    A verify/identify call whose tolerance or threshold argument is a literal (or a
    constant) looser than the documented default in the catalog:
    `face_recognition.compare_faces(..., tolerance=0.7)` (default 0.6, lower is
    stricter), Rekognition `FaceMatchThreshold=60` / `SimilarityThreshold=60` (default
    80, higher is stricter). A value equal to or stricter than the default is fine.
    Also an identification that returns the nearest match whatever its distance (LBPH,
    Eigenfaces and Fisherfaces `predict`) when the module never compares the returned
    distance with a threshold and never gives the model one (`setThreshold`).

    ## Why
    Draft Article 19 asks operators to assess their recognition devices and adjust the
    confidence threshold to protect against misidentification (2025 Measures Article 14).
    A loose threshold lets one person pass as another: a false match opens the door for
    the wrong person or marks the wrong student present.

    ## Example
    ```python
    face_recognition.compare_faces(known, probe, tolerance=0.7)
    ```

    ## Use instead
    ```python
    face_recognition.compare_faces(known, probe, tolerance=settings.FACE_TOLERANCE)  # 0.5, reviewed yearly
    ```

    ## Options
    None.

    ## References
    - face_recognition `compare_faces`: https://face-recognition.readthedocs.io/en/latest/face_recognition.html
    - Amazon Rekognition `SearchFacesByImage` (FaceMatchThreshold): https://docs.aws.amazon.com/rekognition/latest/APIReference/API_SearchFacesByImage.html
    - Draft Provisions (CAC, 2023-08-08), Article 19: http://www.cac.gov.cn/2023-08/08/c_1693064670537413.htm
    """

    id = "FRT502"
    name = "loose-match-threshold"
    severity = "warning"
    draft_articles = ("19",)
    measures_articles = ()  # no Measures counterpart (Art. 14 touches it only weakly)
    security_severity = 5.0

    VALID = [
        Valid(
            """
            import face_recognition as fr
            r = fr.compare_faces(k, p, tolerance=0.5)
            """
        ),
        Valid(
            """
            import face_recognition as fr
            r = fr.compare_faces(k, p)
            """,
            note="library default",
        ),
        Valid(
            """
            import boto3
            c = boto3.client('rekognition')
            c.search_faces_by_image(CollectionId='x', Image={'Bytes': b}, FaceMatchThreshold=95)
            """
        ),
        Valid(
            """
            import face_recognition as fr
            r = fr.compare_faces(k, p, tolerance=cfg.tolerance)
            """,
            note="configurable",
        ),
        Valid(
            """
            import cv2
            rec = cv2.face.LBPHFaceRecognizer_create()
            label, distance = rec.predict(face)
            name = names[label] if distance < 60 else 'unknown'
            """,
            note="nearest match kept only under a distance threshold",
        ),
        Valid(
            """
            import cv2
            rec = cv2.face.LBPHFaceRecognizer_create()

            def who(face):
                label, conf = rec.predict(face)
                if conf < 50:
                    name = names[label]
                else:
                    name = 'unknown'
                return name
            """,
            note="threshold in a branch with no call in it",
        ),
        Valid(
            """
            import cv2
            rec = cv2.face.LBPHFaceRecognizer_create()
            rec.setThreshold(60.0)
            label, _ = rec.predict(face)
            """,
            note="the model has a threshold (-1 means no match)",
        ),
    ]
    INVALID = [
        Invalid(
            """
            import face_recognition as fr
            r = fr.compare_faces(k, p, tolerance=0.7)
            """,
            line=2, column=5,
        ),
        Invalid(
            """
            import face_recognition as fr
            r = fr.compare_faces(k, p, 0.65)
            """,
            line=2, column=5, note="positional",
        ),
        Invalid(
            """
            import boto3
            c = boto3.client('rekognition')
            c.search_faces_by_image(CollectionId='x', Image={'Bytes': b}, FaceMatchThreshold=60)
            """,
            line=3, column=1,
        ),
        Invalid(
            """
            import boto3
            T = 50
            c = boto3.client('rekognition')
            c.compare_faces(SourceImage=a, TargetImage=b, SimilarityThreshold=T)
            """,
            line=4, column=1, note="constant",
        ),
        Invalid(
            """
            import cv2
            rec = cv2.face.LBPHFaceRecognizer_create()
            label, distance = rec.predict(face)
            print(names[label], abs(distance))
            """,
            line=3, column=19, note="nearest label taken with no threshold at all",
        ),
    ]

    def check(self, project: Project) -> Iterable[Finding]:
        catalog: Catalog = project.catalog
        for module in project.modules:
            thresholds: Dict[Tuple[str, str], bool] = {}
            for function, call in module.all_calls():
                spec = catalog.api(call.api) if call.api else None
                if _nearest_taken_unchecked(module, call, spec, thresholds):
                    yield self.call_finding(
                        module,
                        call,
                        f"{call.name}() takes the nearest face with no threshold: the distance it returns is never compared",
                        function=function,
                    )
                    continue
                value = _looser(call, spec)
                if value is not None and spec is not None and spec.threshold is not None:
                    default = spec.threshold["default"]
                    yield self.call_finding(
                        module,
                        call,
                        f"{call.name}() matches faces with {_slot_name(spec)}={value}, looser than the documented default {default}",
                        function=function,
                    )


def _nearest_taken_unchecked(
    module: ModuleFacts, call: CallSite, spec: Optional[ApiSpec], known: Dict[Tuple[str, str], bool]
) -> bool:
    """An identification that returns the best match whatever its score (LBPH `predict`)
    whose result is used, in a module that never compares a match score with a threshold
    and never gives the model one (`setThreshold(...)`, `threshold=`)."""
    if spec is None or not spec.threshold or not spec.threshold.get("nearest") or call.statement:
        return False
    setter = str(spec.threshold.get("setter", ""))
    keyword = _slot_name(spec)
    return not _module_thresholds(module, setter, keyword, known)


@lru_cache(maxsize=256)
def _keyword_pattern(keyword: str) -> "re.Pattern[str]":
    return re.compile(rf"\b{re.escape(keyword)}\s*=")


def _module_thresholds(module: ModuleFacts, setter: str, keyword: str, known: Dict[Tuple[str, str], bool]) -> bool:
    """Whether the module compares a match score or sets a model threshold (`known`:
    the answers for this module so far, so each module is read once)."""
    if (setter, keyword) not in known:
        pattern = _keyword_pattern(keyword)
        known[(setter, keyword)] = any(function.match_comparisons for function in module.functions) or any(
            c.name == setter or pattern.search(c.text) for _, c in module.all_calls()
        )
    return known[(setter, keyword)]


def _slot_name(spec: ApiSpec) -> str:
    return str(spec.threshold.get("keyword", "threshold")) if spec.threshold else "threshold"


def _looser(call: CallSite, spec: Optional[ApiSpec]) -> Optional[float]:
    if spec is None or not spec.threshold or "default" not in spec.threshold:
        return None
    threshold = spec.threshold
    value = call.literals.get(str(threshold.get("keyword", "")))
    if value is None and "position" in threshold:
        value = call.literals.get(str(threshold["position"]))
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        return None
    default = threshold["default"]
    looser = value > default if threshold.get("stricter") == "lower" else value < default
    return value if looser else None
