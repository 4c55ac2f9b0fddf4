"""Where FRT001 and FRT002 point: at a suppression comment, identified by what it names
and the code it sits on (so the finding keeps its fingerprint when lines move)."""

from __future__ import annotations

from typing import Tuple

from frtlint.analysis.facts import ModuleFacts, Span, Suppression
from frtlint.checks.base import Rule
from frtlint.findings import Finding


def comment_span(suppression: Suppression) -> Span:
    return Span(suppression.comment_line, suppression.column, suppression.comment_line, suppression.column)


def comment_anchor(module: ModuleFacts, suppression: Suppression) -> str:
    return f"{','.join(suppression.rules)}|{module.lines.get(suppression.line, '').strip()}"


class SuppressionCommentRule(Rule):
    """Base of FRT001 and FRT002, rules about the run itself: the engine reports them while it
    applies suppressions (rather than a check finding them in facts), in every language
    frtlint reads suppression comments in, at the comment."""

    @classmethod
    def languages(cls) -> Tuple[str, ...]:
        return ("all",)

    @classmethod
    def at_comment(cls, module: ModuleFacts, suppression: Suppression, message: str, anchor_suffix: str = "") -> Finding:
        return cls().finding(module, comment_span(suppression), message, anchor_text=comment_anchor(module, suppression) + anchor_suffix)
