from __future__ import annotations

import re
from typing import Iterable, Optional

from frtlint.analysis.facts import Atom, CallSite
from frtlint.analysis.project import Project
from frtlint.catalog import RECOGNITION_KINDS, Catalog
from frtlint.checks.base import Invalid, Rule, Valid
from frtlint.findings import Finding

_AGE = r"\bage\w*['\"\]\)]*"
_UNDER = re.compile(rf"{_AGE}\s*(<|<=)\s*(1[34])\b|\b(1[34])\s*(>|>=)\s*[\w.\[\]'\"]*age", re.IGNORECASE)
_AT_LEAST = re.compile(rf"{_AGE}\s*(>|>=)\s*(1[34])\b|\b(1[34])\s*(<|<=)\s*[\w.\[\]'\"]*age", re.IGNORECASE)


class MinorWithoutGuardianConsent(Rule):
    """A path that knows the person is under 14 still reaches face recognition without a guardian's consent.

    ## What it flags
    A recognition call (embed, verify, identify, analyze, enroll) reached on a branch
    where the code has established that the person is a child under 14 — an age
    comparison (`if age < 14:`, `if student.age >= 14: return`), an `is_minor`-style
    flag, or an estimated age (`result["age"] < 14`) — with no guardian or parent consent
    check on the way (`if not guardian_consent: return`, `require_parent_consent(...)`).

    ## Why
    Draft Article 13 requires the separate (or written) consent of a parent or guardian
    before processing the facial information of a child under 14 (2025 Measures Article
    7; PIPL Article 31). The child's own consent, or a generic consent flag, is not
    enough.

    ## Example
    ```python
    if student.age < 14:
        encoding = face_recognition.face_encodings(photo)[0]
    ```

    ## Use instead
    ```python
    if student.age < 14 and not student.guardian_consent:
        return None
    encoding = face_recognition.face_encodings(photo)[0]
    ```

    ## Options
    None; guardian consent is any condition naming a guardian or parent.

    ## References
    - Draft Provisions (CAC, 2023-08-08), Article 13: http://www.cac.gov.cn/2023-08/08/c_1693064670537413.htm
    - PIPL Article 31 (minors under 14)
    """

    id = "FRT202"
    name = "minor-without-guardian-consent"
    severity = "error"
    draft_articles = ("13",)
    measures_articles = ("7",)
    summary = "a child's face processed without a guardian's consent"
    security_severity = 8.0

    VALID = [
        Valid("import face_recognition\n\ndef f(s, img):\n    if s.age < 14 and not s.guardian_consent:\n        return None\n    return face_recognition.face_encodings(img)\n"),
        Valid("import face_recognition\n\ndef f(s, img):\n    if s.age >= 14:\n        return face_recognition.face_encodings(img)\n", "adults only"),
        Valid("import face_recognition\n\ndef f(s, img):\n    if s.is_minor:\n        require_parent_consent(s)\n        return face_recognition.face_encodings(img)\n"),
        Valid("import face_recognition\n\ndef f(s, img):\n    if s.age < 14:\n        return None\n    return face_recognition.face_encodings(img)\n", "children turned away"),
    ]
    INVALID = [
        Invalid("import face_recognition\n\ndef f(s, img):\n    if s.age < 14:\n        return face_recognition.face_encodings(img)\n", 5, 16),
        Invalid("import face_recognition\n\ndef f(s, img):\n    if s.is_minor:\n        face_recognition.face_encodings(img)\n", 5, 9, "flag"),
        Invalid("import face_recognition\n\ndef f(s, img):\n    if s.age >= 14:\n        return None\n    return face_recognition.face_encodings(img)\n", 6, 12, "only children reach the call"),
        Invalid("from deepface import DeepFace\n\ndef f(img):\n    est = DeepFace.analyze(img, actions=['age'])[0]\n    if est['age'] < 14:\n        DeepFace.find(img, db_path='kids')\n", 6, 9, "estimated age"),
    ]

    def check(self, project: Project) -> Iterable[Finding]:
        catalog = project.catalog
        for module in project.modules:
            for function in module.functions:
                for call in function.calls:
                    if call.kind not in RECOGNITION_KINDS:
                        continue
                    minor = _minor_atom(call, catalog)
                    if minor is None or _guardian_checked(call, catalog):
                        continue
                    yield self.finding(
                        module, call.span,
                        f"{call.name}() processes a child's face (under 14: `{minor.text}`) with no guardian consent check",
                        function, call.text,
                    )


def _minor_atom(call: CallSite, catalog: Catalog) -> Optional[Atom]:
    flag = re.compile(r"(is_minor|is_child|under_?14|underage|is_under_age)", re.IGNORECASE)
    for atom in call.guards:
        if atom.truth and any(flag.search(w) for w in atom.words) and not atom.comparison:
            return atom
        if atom.truth and _UNDER.search(atom.text):
            return atom
        if not atom.truth and _AT_LEAST.search(atom.text):
            return atom
    return None


def _guardian_checked(call: CallSite, catalog: Catalog) -> bool:
    return any(a.truth and any(catalog.guardian_pattern.search(w) for w in a.words) for a in call.guards)
