"""The report as data: per-article sections, the inventory and a summary, from one run."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any, Dict, List, Optional

from frtlint import __version__
from frtlint.catalog import Catalog, load_articles
from frtlint.checks import all_rules
from frtlint.model import RunResult
from frtlint.report.articles import STATUSES, ArticleSection, CodeLines, build_sections
from frtlint.report.blame import Blamer
from frtlint.report.i18n import Language
from frtlint.report.inventory import InventoryEntry, build_inventory
from frtlint.terminal.source_lines import SourceLines


@dataclass
class Report:
    regime: str
    lang: Language
    files: int
    findings: int
    suppressed: int
    sections: List[ArticleSection]
    inventory: List[InventoryEntry]
    notices: List[str]

    def status_counts(self) -> Dict[str, int]:
        counts = Counter(section.status for section in self.sections if section.number)  # articles only
        return {status: counts.get(status, 0) for status in STATUSES}

    def to_json(self) -> Dict[str, Any]:
        return {
            "tool": "frtlint",
            "version": __version__,
            "regime": self.regime,
            "lang": self.lang.code,
            "summary": {
                "files": self.files,
                "findings": self.findings,
                "suppressed": self.suppressed,
                "inventory": len(self.inventory),
                "articles": self.status_counts(),
            },
            "articles": [section.to_json() for section in self.sections],
            "inventory": [entry.to_json() for entry in self.inventory],
            "notices": list(self.notices),
        }


def build_report(result: RunResult, catalog: Catalog, regime: str, lang: Language, blamer: Optional[Blamer] = None) -> Report:
    code_lines = CodeLines(SourceLines({f.display: f.path for f in result.files}))
    sections = build_sections(result.findings, result.modules, all_rules(), load_articles(), regime, lang, code_lines, blamer)
    return Report(
        regime=regime,
        lang=lang,
        files=len(result.files),
        findings=len(result.active),
        suppressed=len(result.suppressed),
        sections=sections,
        inventory=build_inventory(result.modules, result.findings, catalog, code_lines),
        notices=list(result.notices),
    )
