from frtlint.checks.base import Rule

# A rule about the run itself, reported by the engine rather than by a check.
LANGUAGES = ("python",)


class FileNotAnalysed(Rule):
    """A file that may process faces could not be analysed.

    ## What it flags
    A Python file that frtlint selected for analysis but could not read: a syntax error,
    bytes that do not decode in the file's declared encoding, or a parser failure. The
    rest of the run continues; this file simply has no other findings.

    ## Why
    A file frtlint cannot read is a file nobody has checked against the rules. Draft
    Article 15 asks for an impact assessment that covers the whole processing; an
    unchecked file is a hole in that record.

    ## Example
    ```python
    import face_recognition
    def enroll(img)
        return face_recognition.face_encodings(img)
    ```

    ## Use instead
    Fix the syntax error, or declare the file's encoding with a PEP 263 line
    (`# -*- coding: gbk -*-`).

    ## Options
    None. Exclude generated or vendored files with `extend-exclude`.

    ## References
    - PEP 263, Defining Python Source Code Encodings: https://peps.python.org/pep-0263/
    """

    id = "FRT000"
    name = "file-not-analysed"
    severity = "error"
    draft_articles = ("15",)
    measures_articles = ("9",)

    @classmethod
    def languages(cls) -> tuple:
        return LANGUAGES

    security_severity = 4.0
