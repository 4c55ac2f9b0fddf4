"""Applying `# frtlint: ignore[...] reason: ...` and `# noqa: FRTnnn` comments.

A suppressed finding is kept (reporters such as SARIF show it with its reason) but
does not count. Suppressions without a reason yield FRT001; ones that matched nothing
yield FRT002 when every rule they name was enabled.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Dict, List, Sequence, Set

from frtlint.analysis.facts import ModuleFacts, Span
from frtlint.analysis.suppression_grammar import covers, names_rule, text_suppressions
from frtlint.checks import all_rules, get_rule
from frtlint.findings import Finding

NO_REASON = "(no reason given)"

__all__ = ["NO_REASON", "apply_suppressions", "text_suppressions"]


def apply_suppressions(findings: Sequence[Finding], modules: Sequence[ModuleFacts], enabled: Set[str]) -> List[Finding]:
    by_path: Dict[str, ModuleFacts] = {m.path: m for m in modules}
    used: Set[int] = set()
    out: List[Finding] = []
    for finding in findings:
        module = by_path.get(finding.path)
        match = None
        if module is not None and finding.rule not in ("FRT001", "FRT002"):
            for suppression in module.suppressions:
                if suppression.line == finding.line and covers(suppression.rules, finding.rule):
                    match = suppression
                    break
        if match is None:
            out.append(finding)
            continue
        used.add(id(match))
        out.append(replace(finding, suppression_reason=match.reason or NO_REASON))
    frt001 = get_rule("FRT001")()
    frt002 = get_rule("FRT002")()
    known = [rule.id for rule in all_rules()]
    for module in modules:
        for suppression in module.suppressions:
            span = Span(suppression.comment_line, suppression.column, suppression.comment_line, suppression.column)
            anchor = f"{','.join(suppression.rules)}|{module.lines.get(suppression.line, '').strip()}"
            if suppression.style == "frtlint" and suppression.reason is None:
                out.append(frt001.finding(module, span, "suppression comment gives no reason (add `reason: ...`)", anchor_text=anchor))
            unknown = [r for r in suppression.rules if not any(names_rule(r, rule) for rule in known)]
            if unknown and suppression.style == "frtlint":
                names = ", ".join(unknown)
                message = f"suppression names unknown rule {names} (see `frtlint rules`)"
                out.append(frt002.finding(module, span, message, anchor_text=anchor + "|unknown"))
                continue
            if id(suppression) in used:
                continue
            if suppression.style == "noqa" and not suppression.rules:
                continue
            named_enabled = all(any(names_rule(r, rule) for rule in enabled) for r in suppression.rules)
            if named_enabled:
                names = ", ".join(suppression.rules) or "any rule"
                message = f"suppression for {names} matches no finding on line {suppression.line}"
                out.append(frt002.finding(module, span, message, anchor_text=anchor))
    return out
