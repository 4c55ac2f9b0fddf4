"""The report as Markdown: summary, inventory, then one section per article."""

from __future__ import annotations

from typing import Iterable, List, Sequence

from frtlint.report.articles import ArticleSection, other_regime
from frtlint.report.build import Report
from frtlint.report.i18n import Language
from frtlint.reporters.markdown import cell


def code_span(text: str) -> str:
    """Inline code that a backtick, pipe or line break in `text` cannot end early."""
    text = cell(text).replace("`", "'")
    return f"`{text}`" if text else ""


def article_heading(section: ArticleSection, regime: str, lang: Language) -> str:
    other = lang.cite(other_regime(regime), section.other)
    if not section.number:
        return f"{section.topic} ({other})"
    return f"{lang.cite(regime, (section.number,))} — {section.topic} ({other})"


def header(lang: Language, *keys: str) -> List[str]:
    """A table's heading row and separator, the column names in the report's language."""
    return ["| " + " | ".join(lang(key) for key in keys) + " |", "|" + "---|" * len(keys)]


def table(lang: Language, keys: Sequence[str], rows: Iterable[Sequence[str]]) -> List[str]:
    """A table with the column names in the report's language, rows of cells already
    escaped, and the blank line that ends it."""
    return header(lang, *keys) + ["| " + " | ".join(row) + " |" for row in rows] + [""]


def inventory_table(report: Report, lang: Language) -> List[str]:
    if not report.inventory:
        return [lang("inventory-empty"), ""]
    return table(
        lang,
        ("location", "activity", "vendor", "data-kind", "destination", "attributes"),
        [
            (code_span(f"{entry.path}:{entry.line}"), lang("activity-" + entry.activity),
             cell(entry.vendor or entry.call), lang("data-" + entry.data), cell(entry.destination) or "—",
             cell(", ".join(entry.attributes)) or "—")
            for entry in report.inventory
        ],
    )


def render(report: Report) -> str:
    lang, regime = report.lang, report.regime
    counts = report.status_counts()
    out: List[str] = [f"# {lang('title')}", "", lang("regime-" + regime), "", f"## {lang('summary')}", ""]
    out += [
        f"- {lang('files-checked')}: {report.files}",
        f"- {lang('findings')}: {report.findings}",
        f"- {lang('suppressed')}: {report.suppressed}",
        f"- {lang('inventory-entries')}: {len(report.inventory)}",
    ]
    out += [f"- {lang('articles')}: {lang('status-' + status)}: {count}" for status, count in counts.items()]
    out += ["", f"## {lang('inventory')}", ""] + inventory_table(report, lang)
    out += [f"## {lang('articles')}", ""]
    for section in report.sections:
        out += [f"### {cell(article_heading(section, regime, lang))}", ""]
        out += [f"{lang('asks')}: {cell(section.asks)}", ""]
        out += [f"{lang('status')}: **{lang('status-' + section.status)}** · {lang('rules')}: {', '.join(section.rules) or '—'}", ""]
        if section.status == "not-checkable":
            out += [lang("not-checkable-note"), ""]
        if section.findings:
            out += table(
                lang,
                ("location", "rule", "severity", "message", "code"),
                [
                    (code_span(f"{row.path}:{row.line}:{row.column}"), row.rule,
                     lang("severity-" + row.severity), cell(row.message), code_span(row.code))
                    for row in section.findings
                ],
            )
        if section.suppressions:
            out += [f"{lang('suppressions')}:", ""]
            out += table(
                lang,
                ("location", "rule", "reason", "author", "date"),
                [
                    (code_span(f"{row.path}:{row.comment_line}"), row.rule, cell(row.reason),
                     cell(row.author or lang("unknown")), row.date or "—")
                    for row in section.suppressions
                ],
            )
    for notice in report.notices:
        out.append(f"> {cell(notice)}")
    return "\n".join(out).rstrip() + "\n"
