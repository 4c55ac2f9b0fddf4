from __future__ import annotations

import re
from typing import Iterable, Optional

from frtlint.analysis.facts import Atom, CallSite
from frtlint.analysis.project import Project
from frtlint.catalog import RECOGNITION_KINDS, Catalog
from frtlint.checks.base import Invalid, Rule, Valid
from frtlint.findings import Finding

_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_OPERAND = r"[\w.\[\]'\"()]+"
_COMPARISON = re.compile(rf"(?P<left>{_OPERAND})\s*(?P<op><=|<|>=|>)\s*(?P<right>{_OPERAND})")
_MIRRORED = {"<": ">", "<=": ">=", ">": "<", ">=": "<="}
_NEGATED = {"<": ">=", "<=": ">", ">": "<=", ">=": "<"}


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
    None in the config. The words and the age limit come from the catalog's `[minors]` table
    (`flag-pattern`, `age-pattern`, `age-limit`); guardian consent is any condition naming a
    guardian or parent.

    ## References
    - Draft Provisions (CAC, 2023-08-08), Article 13: http://www.cac.gov.cn/2023-08/08/c_1693064670537413.htm
    - PIPL Article 31 (minors under 14)
    """

    id = "FRT202"
    name = "minor-without-guardian-consent"
    severity = "error"
    draft_articles = ("13",)
    measures_articles = ("7",)
    security_severity = 8.0

    VALID = [
        Valid(
            """
            import face_recognition

            def f(s, img):
                if s.age < 14 and not s.guardian_consent:
                    return None
                return face_recognition.face_encodings(img)
            """
        ),
        Valid(
            """
            import face_recognition

            def f(s, img):
                if s.age >= 14:
                    return face_recognition.face_encodings(img)
            """,
            note="adults only",
        ),
        Valid(
            """
            import face_recognition

            def f(s, img):
                if s.is_minor:
                    require_parent_consent(s)
                    return face_recognition.face_encodings(img)
            """
        ),
        Valid(
            """
            import face_recognition

            def f(s, img):
                if s.age < 14:
                    return None
                return face_recognition.face_encodings(img)
            """,
            note="children turned away",
        ),
        Valid(
            """
            import face_recognition

            def f(s, img):
                if s.age < 18:
                    return face_recognition.face_encodings(img)
            """,
            note="under 18 is not known to be under 14",
        ),
        Valid(
            """
            import face_recognition

            def f(s, img):
                if s.page < 3:
                    return face_recognition.face_encodings(img)
            """,
            note="a word that only contains 'age'",
        ),
        Valid(
            """
            import face_recognition

            def f(s, img):
                if s.minor_version:
                    return face_recognition.face_encodings(img)
            """,
            note="not a flag about the person",
        ),
    ]
    INVALID = [
        Invalid(
            """
            import face_recognition

            def f(s, img):
                if s.age < 14:
                    return face_recognition.face_encodings(img)
            """,
            line=5, column=16,
        ),
        Invalid(
            """
            import face_recognition

            def f(s, img):
                if s.is_minor:
                    face_recognition.face_encodings(img)
            """,
            line=5, column=9, note="flag",
        ),
        Invalid(
            """
            import face_recognition

            def f(s, img):
                if s.age >= 14:
                    return None
                return face_recognition.face_encodings(img)
            """,
            line=6, column=12, note="only children reach the call",
        ),
        Invalid(
            """
            from deepface import DeepFace

            def f(img):
                est = DeepFace.analyze(img, actions=['age'])[0]
                if est['age'] < 14:
                    DeepFace.find(img, db_path='kids')
            """,
            line=6, column=9, note="estimated age",
        ),
        Invalid(
            """
            import face_recognition

            def f(s, img):
                if 14 > s.age:
                    face_recognition.face_encodings(img)
            """,
            line=5, column=9, note="number on the left",
        ),
        Invalid(
            """
            import face_recognition

            def f(s, img):
                if s.student_age <= 13:
                    face_recognition.face_encodings(img)
            """,
            line=5, column=9, note="<= 13 bounds the age below 14",
        ),
        Invalid(
            """
            import face_recognition

            def f(s, img):
                if s.age > 13:
                    return None
                face_recognition.face_encodings(img)
            """,
            line=6, column=5, note="only 13 and under reach the call",
        ),
        Invalid(
            """
            import face_recognition

            def f(s, img):
                if s.minor:
                    face_recognition.face_encodings(img)
            """,
            line=5, column=9, note="a bare 'minor' flag",
        ),
    ]

    def check(self, project: Project) -> Iterable[Finding]:
        catalog = project.catalog
        for module in project.modules:
            for function, call in module.all_calls():
                if call.kind not in RECOGNITION_KINDS:
                    continue
                minor = _minor_atom(call, catalog)
                if minor is None or _guardian_checked(call, catalog):
                    continue
                yield self.call_finding(
                    module,
                    call,
                    f"{call.name}() processes a child's face (under 14: `{minor.text}`) with no guardian consent check",
                    function=function,
                )


def _minor_atom(call: CallSite, catalog: Catalog) -> Optional[Atom]:
    for atom in call.guards:
        if atom.truth and not atom.comparison and any(catalog.minor_flag_pattern.search(w) for w in atom.words):
            return atom
        if _bounds_age_below_limit(atom, catalog):
            return atom
    return None


def _bounds_age_below_limit(atom: Atom, catalog: Catalog) -> bool:
    """`age < 14` known true, or `age >= 14` known false: the person is under the limit."""
    for match in _COMPARISON.finditer(atom.text):
        left, op, right = match.group("left"), match.group("op"), match.group("right")
        if right.isdigit() and _names_age(left, catalog):
            limit = int(right)
        elif left.isdigit() and _names_age(right, catalog):
            limit, op = int(left), _MIRRORED[op]
        else:
            continue
        if not atom.truth:
            op = _NEGATED[op]
        # The age is below `exclusive_bound` for certain: `< n` bounds it by n, `<= n` by n + 1.
        exclusive_bound = limit if op == "<" else limit + 1 if op == "<=" else None
        if exclusive_bound is not None and exclusive_bound <= catalog.minor_age_limit:
            return True
    return False


def _names_age(operand: str, catalog: Catalog) -> bool:
    return any(catalog.minor_age_pattern.fullmatch(word) for word in _WORD.findall(operand))


def _guardian_checked(call: CallSite, catalog: Catalog) -> bool:
    return any(a.truth and any(catalog.guardian_pattern.search(w) for w in a.words) for a in call.guards)
