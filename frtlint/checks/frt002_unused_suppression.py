from typing import Sequence

from frtlint.analysis.facts import ModuleFacts, Suppression
from frtlint.checks.suppression_comments import SuppressionCommentRule
from frtlint.findings import Finding


class UnusedSuppression(SuppressionCommentRule):
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

    security_severity = 1.0

    @classmethod
    def unused(cls, module: ModuleFacts, suppression: Suppression) -> Finding:
        """A suppression whose rules, all of them enabled, reported nothing on its line."""
        names = ", ".join(suppression.rules) or "any rule"
        message = f"suppression for {names} matches no finding on line {suppression.line}"
        return cls.at_comment(module, suppression, message)

    @classmethod
    def unknown_rules(cls, module: ModuleFacts, suppression: Suppression, unknown: Sequence[str]) -> Finding:
        """A suppression naming rules that do not exist (a typo suppresses nothing)."""
        message = f"suppression names unknown rule {', '.join(unknown)} (see `frtlint rules`)"
        return cls.at_comment(module, suppression, message, anchor_suffix="|unknown")
