"""The report per article of the chosen regime: what it asks, findings, suppressions, status."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple, Type

from frtlint.analysis.facts import ModuleFacts, Suppression
from frtlint.analysis.suppression_grammar import covers
from frtlint.checks import Rule
from frtlint.model import Finding, articles_in
from frtlint.report.blame import Blamer
from frtlint.report.i18n import Language
from frtlint.reporters.markdown import article_key
from frtlint.terminal.source_lines import SourceLines

STATUSES = ("findings", "suppressed-only", "no-finding", "not-checkable")
REGIMES = ("draft-2023", "measures-2025")


@dataclass(frozen=True)
class FindingRow:
    rule: str
    path: str
    line: int
    column: int
    severity: str
    message: str
    code: str

    def to_json(self) -> Dict[str, Any]:
        return dict(vars(self))


@dataclass(frozen=True)
class SuppressionRow:
    rule: str
    path: str
    line: int
    column: int
    comment_line: int
    reason: str
    author: Optional[str]
    date: Optional[str]
    message: str

    def to_json(self) -> Dict[str, Any]:
        return dict(vars(self))


@dataclass
class ArticleSection:
    number: str
    other: Tuple[str, ...]  # the other regime's articles on the same topic
    topic: str
    asks: str
    rules: Tuple[str, ...]
    findings: List[FindingRow] = field(default_factory=list)
    suppressions: List[SuppressionRow] = field(default_factory=list)

    @property
    def status(self) -> str:
        if self.findings:
            return "findings"
        if self.suppressions:
            return "suppressed-only"
        return "no-finding" if self.rules else "not-checkable"

    def to_json(self) -> Dict[str, Any]:
        return {
            "article": self.number,
            "other_regime": list(self.other),
            "topic": self.topic,
            "asks": self.asks,
            "rules": list(self.rules),
            "status": self.status,
            "findings": [row.to_json() for row in self.findings],
            "suppressions": [row.to_json() for row in self.suppressions],
        }


def other_regime(regime: str) -> str:
    return REGIMES[1] if regime == REGIMES[0] else REGIMES[0]


def article_texts(articles: Mapping[str, Any], regime: str, lang: Language) -> Dict[str, Tuple[str, str, Tuple[str, ...]]]:
    """number -> (topic, what it asks, the other regime's numbers), in the report's language."""
    draft: Mapping[str, Mapping[str, Any]] = articles.get("draft", {})
    zh = lang.code != "en"
    suffix = f"-{lang.code}"
    if regime == "draft-2023":
        return {
            number: (
                (entry.get("topic" + suffix) if zh else None) or entry["topic"],
                (entry.get("plain" + suffix) if zh else None) or entry["plain"],
                tuple(str(m) for m in entry.get("measures", [])),
            )
            for number, entry in draft.items()
        }
    measures: Mapping[str, str] = articles.get("measures", {})
    topics: Mapping[str, str] = articles.get("measures-topic" + (suffix if zh else ""), {}) or articles.get("measures-topic", {})
    asks: Mapping[str, str] = articles.get("measures" + suffix, {}) if zh else {}
    back: Dict[str, List[str]] = {}
    for number, entry in sorted(draft.items(), key=lambda item: article_key(item[0])):
        for measure in entry.get("measures", []):
            back.setdefault(str(measure), []).append(number)
    return {
        number: (topics.get(number, ""), asks.get(number) or text, tuple(back.get(number, ())))
        for number, text in measures.items()
    }


def build_sections(
    findings: Sequence[Finding],
    modules: Sequence[ModuleFacts],
    rules: Sequence[Type[Rule]],
    articles: Mapping[str, Any],
    regime: str,
    lang: Language,
    code_line: "CodeLines",
    blamer: Optional[Blamer],
) -> List[ArticleSection]:
    texts = article_texts(articles, regime, lang)
    numbers = set(texts)
    for rule in rules:
        numbers.update(articles_in(rule, regime))
    sections: Dict[str, ArticleSection] = {}
    for number in sorted(numbers, key=article_key):
        topic, asks, other = texts.get(number, ("", "", ()))
        citing = tuple(rule.id for rule in rules if number in articles_in(rule, regime))
        sections[number] = ArticleSection(number, other, topic, asks, citing)
    # Findings citing only the other regime (Draft Art. 11 has no Measures article) must
    # not vanish from the report: they get a section of their own.
    uncited = [f for f in findings if not any(n in sections for n in articles_in(f, regime))]
    uncited_ids = {id(f) for f in uncited}
    if uncited:
        others = {n for f in uncited for n in articles_in(f, other_regime(regime))}
        sections[""] = ArticleSection(
            "", tuple(sorted(others, key=article_key)), lang("no-article"), lang("no-article-asks"),
            tuple(sorted({f.rule for f in uncited})),
        )
    suppressions = _suppressions_by_line(modules)
    for finding in findings:
        for number in ("",) if id(finding) in uncited_ids else articles_in(finding, regime):
            section = sections.get(number)
            if section is None:
                continue
            message = lang.message(finding, regime)
            if finding.suppression_reason is None:
                section.findings.append(
                    FindingRow(finding.rule, finding.path, finding.line, finding.column, finding.severity, message,
                               code_line(finding.path, finding.line))
                )
                continue
            comment_line = _comment_line(suppressions, finding)
            blame = blamer.line(finding.path, comment_line) if blamer is not None else None
            section.suppressions.append(
                SuppressionRow(finding.rule, finding.path, finding.line, finding.column, comment_line,
                               finding.suppression_reason, blame.author if blame else None, blame.date if blame else None,
                               message)
            )
    return list(sections.values())


def _suppressions_by_line(modules: Sequence[ModuleFacts]) -> Dict[Tuple[str, int], List[Suppression]]:
    found: Dict[Tuple[str, int], List[Suppression]] = {}
    for module in modules:
        for suppression in module.suppressions:
            found.setdefault((module.path, suppression.line), []).append(suppression)
    return found


def _comment_line(suppressions: Mapping[Tuple[str, int], List[Suppression]], finding: Finding) -> int:
    """The line of the comment that suppressed the finding (it may sit on the line above)."""
    for suppression in suppressions.get((finding.path, finding.line), []):
        if covers(suppression.rules, finding.rule):
            return suppression.comment_line
    return finding.line


class CodeLines:
    """Source lines for excerpts, each file read once (as text: nothing is run), split and
    decoded as the engine counts lines (not `str.splitlines`, which also breaks at a form
    feed or U+2028 and would show the wrong line)."""

    MAX = 240

    def __init__(self, sources: Optional[SourceLines] = None) -> None:
        self._sources = sources if sources is not None else SourceLines({})

    def __call__(self, path: str, line: int) -> str:
        lines = self._sources.lines(path) or []
        text = lines[line - 1].strip() if 0 < line <= len(lines) else ""
        return text[: self.MAX]
