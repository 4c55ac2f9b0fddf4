from frtlint.analysis.facts import ModuleFacts, Suppression
from frtlint.checks.suppression_comments import SuppressionCommentRule
from frtlint.findings import Finding


class SuppressionWithoutReason(SuppressionCommentRule):
    """A `# frtlint: ignore[...]` comment gives no reason.

    ## What it flags
    A suppression comment written without `reason: ...`. The suppression still applies,
    so the underlying finding is not reported twice, but the missing reason is.

    ## Why
    A suppression is a decision that the code is acceptable, for example because a law
    requires the analysis or the person gave separate consent (Draft Articles 5 and 11).
    The impact assessment of Draft Article 15 must be able to show why; the reason is
    that audit trail, and `frtlint report` lists it.

    ## Example
    ```python
    result = DeepFace.analyze(img)  # frtlint: ignore[FRT301]
    ```

    ## Use instead
    ```python
    result = DeepFace.analyze(img)  # frtlint: ignore[FRT301] reason: research study, written consent form 7
    ```

    ## Options
    None.

    ## References
    - frtlint configuration guide: docs/configuration.md
    """

    id = "FRT001"
    name = "suppression-without-reason"
    severity = "warning"
    draft_articles = ("15",)
    measures_articles = ("9",)

    security_severity = 2.0

    @classmethod
    def without_reason(cls, module: ModuleFacts, suppression: Suppression) -> Finding:
        message = "suppression comment gives no reason (add `reason: ...`)"
        return cls.at_comment(module, suppression, message)
