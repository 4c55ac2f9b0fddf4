"""Where FRT001 and FRT002 point: at a suppression comment, identified by what it names
and the code it sits on (so the finding keeps its fingerprint when lines move)."""

from __future__ import annotations

from frtlint.analysis.facts import ModuleFacts, Span, Suppression


def comment_span(suppression: Suppression) -> Span:
    return Span(suppression.comment_line, suppression.column, suppression.comment_line, suppression.column)


def comment_anchor(module: ModuleFacts, suppression: Suppression) -> str:
    return f"{','.join(suppression.rules)}|{module.lines.get(suppression.line, '').strip()}"
