"""Applying `# frtlint: ignore[...] reason: ...` and `# noqa: FRTnnn` comments.

A suppressed finding is kept (reporters such as SARIF show it with its reason) but
does not count. Suppressions without a reason yield FRT001; ones that matched nothing
yield FRT002 when every rule they name was enabled.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Dict, List, Sequence, Set

from frtlint.analysis.facts import ModuleFacts
from frtlint.analysis.suppression_grammar import covers, names_rule, text_suppressions
from frtlint.checks import all_rules
from frtlint.checks.frt001_suppression_without_reason import SuppressionWithoutReason
from frtlint.checks.frt002_unused_suppression import UnusedSuppression
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
    known = [rule.id for rule in all_rules()]
    for module in modules:
        for suppression in module.suppressions:
            if suppression.style == "frtlint" and suppression.reason is None:
                out.append(SuppressionWithoutReason.without_reason(module, suppression))
            unknown = [r for r in suppression.rules if not any(names_rule(r, rule) for rule in known)]
            if unknown and suppression.style == "frtlint":
                out.append(UnusedSuppression.unknown_rules(module, suppression, unknown))
                continue
            if id(suppression) in used:
                continue
            if suppression.style == "noqa" and not suppression.rules:
                continue
            named_enabled = all(any(names_rule(r, rule) for rule in enabled) for r in suppression.rules)
            if named_enabled:
                out.append(UnusedSuppression.unused(module, suppression))
    return out
