from frtlint.analysis.facts import ModuleFacts, Span
from frtlint.checks.base import Rule
from frtlint.findings import Finding

# A rule about the run itself: the engine reports it, through the builders below, for the
# files it could not read or parse, rather than a check finding it in facts.
LANGUAGES = ("python",)


class FileNotAnalysed(Rule):
    """A file that may process faces could not be analysed.

    ## What it flags
    A Python file that frtlint selected for analysis but could not read: a syntax error,
    bytes that do not decode in the file's declared encoding, or a parser failure. The
    rest of the run continues; this file simply has no other findings.

    For the files Semgrep reads (JavaScript, TypeScript, Java, Kotlin) it also flags a file
    Semgrep could read only in part: a syntax error it skipped over (the message names the
    lines) or a rule it stopped on the file (a timeout). The file's other findings stand,
    and the run lists it as checked in part (`partly_checked` in JSON) instead of unchecked.

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

    security_severity = 4.0

    @classmethod
    def languages(cls) -> tuple:
        return LANGUAGES

    @classmethod
    def unreadable(cls, path: str, what: str, reason: str) -> Finding:
        """A file or folder (`what`) the run could not read, with the system's reason."""
        where = ModuleFacts(path=path, module="", is_test=False)
        return cls().finding(where, Span(1, 1, 1, 1), f"cannot read {what}: {reason}", anchor_text="unreadable")

    @classmethod
    def not_parsed(cls, module: ModuleFacts) -> Finding:
        """A Python file whose facts hold a parse or decoding error."""
        assert module.error is not None
        line, column, message = module.error
        return cls().finding(module, Span(line, column, line, column), message, anchor_text="error")

    @classmethod
    def not_parsed_by_semgrep(cls, path: str, line: int, column: int, problem: str) -> Finding:
        """A file Semgrep reported it could not analyse; `problem`: "syntax error"."""
        return cls._semgrep_finding(path, line, column, f"cannot analyse file: {problem.lower()} at line {line} (Semgrep)", f"semgrep-error|{problem}")

    @classmethod
    def partly_analysed_by_semgrep(cls, path: str, line: int, column: int, what_happened: str, problem: str) -> Finding:
        """A file Semgrep analysed but for a part (`what_happened`: "Semgrep skipped lines
        5-7 (syntax error)"): its other findings stand, and the file counts as checked in
        part, not as unchecked."""
        message = f"analysed in part: {what_happened}; findings may be missing"
        return cls._semgrep_finding(path, line, column, message, f"{_PARTIAL}{problem}")

    @staticmethod
    def is_partial(finding: Finding) -> bool:
        """Whether an FRT000 finding is about part of a file (the rest was checked)."""
        return finding.rule == FileNotAnalysed.id and finding.anchor.startswith(_PARTIAL)

    @classmethod
    def _semgrep_finding(cls, path: str, line: int, column: int, message: str, anchor: str) -> Finding:
        return Finding(
            rule=cls.id,
            path=path,
            line=line,
            column=column,
            end_line=line,
            end_column=column,
            message=message,
            severity=cls.severity,
            draft_articles=cls.draft_articles,
            measures_articles=cls.measures_articles,
            anchor=anchor,
            engine="semgrep",
            name=cls.name,
        )


# The anchor of a finding about part of a file. The anchor travels with the finding (also
# through the run cache), so a cached run counts the file as checked in part as well.
_PARTIAL = "semgrep-partial|"
