"""The report's words in English or Simplified Chinese, and rule messages translated.

Translations are data (`frtlint/catalog/i18n/<lang>.toml`); English is the source text
below. A rule message is matched in full against the catalog's patterns; one without a
pattern is shown as the rule's translated summary with the English text in brackets, so
a zh-CN report never shows a bare English sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Dict, List, Mapping, Pattern, Sequence, Tuple

from frtlint.catalog import CATALOG_DIR
from frtlint.errors import UsageError
from frtlint.findings import Finding, articles_label
from frtlint.tomlcompat import tomllib

LANGUAGES = ("en", "zh-CN")

ENGLISH: Dict[str, str] = {
    "title": "Facial recognition compliance report",
    "regime-draft-2023": "Draft Provisions on facial recognition (CAC, 2023)",
    "regime-measures-2025": "Measures for facial recognition (CAC/MPS Order No. 19, 2025)",
    "summary": "Summary",
    "files-checked": "Files checked",
    "findings": "Findings",
    "suppressed": "Suppressed with a reason",
    "inventory-entries": "Places handling face data",
    "articles": "Articles",
    "other-regime-draft-2023": "Draft",
    "other-regime-measures-2025": "Measures",
    "asks": "What it asks",
    "rules": "Rules",
    "status": "Status",
    "status-no-finding": "no finding",
    "status-findings": "findings",
    "status-suppressed-only": "only reasoned suppressions",
    "status-not-checkable": "not checkable by code",
    "location": "Location",
    "rule": "Rule",
    "severity": "Severity",
    "message": "Message",
    "code": "Code",
    "reason": "Reason",
    "author": "Author",
    "date": "Date",
    "no-rows": "none",
    "suppressions": "Suppressions (audit trail)",
    "inventory": "Face-data inventory",
    "inventory-empty": "No place collecting, analysing, storing, logging or sending face data was found.",
    "activity": "Activity",
    "vendor": "SDK or vendor",
    "data-kind": "Data",
    "destination": "Destination",
    "attributes": "Inferred attributes",
    "filter": "Filter",
    "no-article": "Findings citing no article of this regime",
    "no-article-asks": (
        "These rules cite only the other regime's articles (the Measures, for one, do not repeat Draft Art. 11 on "
        "sensitive attributes or Art. 19 on device security; PIPL Art. 28 and 51 still apply): review them against that text."
    ),
    "not-checkable-note": "No rule can check this article in code: assess it by hand.",
    "unknown": "unknown",
    "uncommitted": "not committed",
    "activity-collect": "collect",
    "activity-analyse": "analyse",
    "activity-store": "store",
    "activity-log": "log",
    "activity-send": "send",
    "data-image": "image",
    "data-template": "template",
    "data-response": "response",
    "data-attributes": "attributes",
    "severity-error": "error",
    "severity-warning": "warning",
    "severity-info": "info",
    "pipia-title": "Personal information protection impact assessment (draft)",
    "pipia-intro": "frtlint pre-filled this draft from the face-data inventory of the code; the team completes it.",
    "pipia-purpose": "Purpose and necessity",
    "pipia-lawfulness": "Legal and ethical compliance",
    "pipia-accuracy": "Accuracy, precision and distance",
    "pipia-inventory": "Face data processed",
    "pipia-risks": "Risks of leak, tampering, loss, damage, illegal acquisition or use",
    "pipia-rights": "Impact on individuals' rights and mitigations",
    "pipia-protection": "Protection proportionate to the risks",
    "pipia-retention": "Retention and review",
    "pipia-open": "Open findings from the code check",
    "pipia-todo": "To complete:",
    "pipia-retention-note": (
        "Keep this assessment and the processing records at least 3 years; "
        "redo it when the purpose or method changes or after a major security incident."
    ),
    "pipia-sinks": "Where face data leaves recognition (stored, logged, sent):",
    "pipia-attributes": "Attributes inferred:",
    "pipia-vendors": "SDKs and vendors used:",
    "pipia-none": "none",
}


@dataclass(frozen=True)
class Language:
    code: str
    text: Mapping[str, str]
    rule_summaries: Mapping[str, str]
    messages: Tuple[Tuple[str, Pattern[str], str], ...]  # (rule, pattern, template)

    def __call__(self, key: str) -> str:
        return self.text.get(key) or ENGLISH[key]

    def message(self, finding: Finding, regime: str) -> str:
        """The finding's message without its article label, in this language."""
        english = strip_label(finding, regime)
        if self.code == "en":
            return english
        for rule, pattern, template in self.messages:
            match = pattern.fullmatch(english) if rule == finding.rule else None
            if match:
                return _fill(template, match.groupdict())
        summary = self.rule_summaries.get(finding.rule)
        return f"{summary}（{english}）" if summary else english

    def cite(self, regime: str, numbers: Sequence[str]) -> str:
        """'Draft Art. 17, 18' or '征求意见稿第17、18条'; the regime's name and a dash for none."""
        name = self("other-regime-" + regime)
        if not numbers:
            return f"{name} —"
        if self.code == "en":
            return f"{name} Art. {', '.join(numbers)}"
        return f"{name}第{'、'.join(numbers)}条"

    def articles_label(self, finding: Finding, regime: str) -> str:
        if self.code == "en":
            return articles_label(finding, regime)
        parts = []
        for name, numbers in (("draft-2023", finding.draft_articles), ("measures-2025", finding.measures_articles)):
            if numbers:
                parts.append((name, self.cite(name, numbers)))
        parts.sort(key=lambda part: part[0] != regime)
        return f"（{'；'.join(text for _, text in parts)}）" if parts else ""


def _fill(template: str, values: Mapping[str, str]) -> str:
    """`{name}` replaced from `values`; the values (from scanned code) are never parsed."""
    return re.sub(r"\{(\w+)\}", lambda m: values.get(m.group(1)) or "", template)


def strip_label(finding: Finding, regime: str) -> str:
    """The message without the article label the engine appended (in either regime's order:
    the run may have cited the other regime first)."""
    for order in (regime, "measures-2025" if regime == "draft-2023" else "draft-2023"):
        label = articles_label(finding, order)
        if label and finding.message.endswith(" " + label):
            return finding.message[: -len(label) - 1]
    return finding.message


@lru_cache(maxsize=None)
def language(code: str) -> Language:
    if code not in LANGUAGES:
        raise UsageError(f"unknown language '{code}' (choose from {', '.join(LANGUAGES)})")
    if code == "en":
        return Language("en", ENGLISH, {}, ())
    data = _catalog(code)
    messages: List[Tuple[str, Pattern[str], str]] = [
        (entry["rule"], re.compile(entry["pattern"], re.DOTALL), entry["text"]) for entry in data.get("messages", [])
    ]
    return Language(code, dict(data.get("text", {})), dict(data.get("rules", {})), tuple(messages))


def _catalog(code: str) -> Dict:
    path: Path = CATALOG_DIR / "i18n" / f"{code}.toml"
    with open(path, "rb") as handle:
        return tomllib.load(handle)


def translate_findings(findings: List[Finding], regime: str, code: str) -> List[Finding]:
    """Findings whose messages (and article labels) are in language `code` (for `check --lang`)."""
    lang = language(code)
    if lang.code == "en":
        return findings
    out = []
    for finding in findings:
        label = lang.articles_label(finding, regime)
        out.append(replace(finding, message=f"{lang.message(finding, regime)}{label}"))  # the label brings its own （）
    return out
