from frtlint.checks.base import Rule

# A rule about the run itself, reported by the engine rather than by a check.
LANGUAGES = ("all",)


class UnusedSuppression(Rule):
    """A suppression comment that suppresses nothing.

    ## What it flags
    A `# frtlint: ignore[...]` (or `# noqa: FRTnnn`) comment on a line where none of the
    rules it names reported anything. Reported only when all of the named rules ran.

    ## Why
    Stale suppressions hide future problems: when the code on that line changes, a new
    finding would be silenced without anyone deciding it should be. Keeping the
    suppression list exact keeps the Draft Article 15 audit trail honest.

    ## Example
    ```python
    encoding = face_recognition.face_encodings(img)  # frtlint: ignore[FRT301] reason: legacy
    ```

    ## Use instead
    Remove the comment, or name the rule that actually fires on that line.

    ## Options
    None.

    ## References
    - ruff's RUF100 (unused noqa) follows the same idea: https://docs.astral.sh/ruff/rules/unused-noqa/
    """

    id = "FRT002"
    name = "unused-suppression"
    severity = "warning"
    draft_articles = ("15",)
    measures_articles = ("9",)

    @classmethod
    def languages(cls) -> tuple:
        return LANGUAGES

    security_severity = 1.0
