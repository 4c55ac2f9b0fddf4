"""A Markdown job summary: totals, counts per rule and per article of the chosen regime, the top findings.

Written for `$GITHUB_STEP_SUMMARY` (GitHub Actions) or a merge request comment.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Dict, List, Tuple

from frtlint.catalog import load_articles
from frtlint.model import SEVERITY_ORDER, RunResult, articles_in
from frtlint.reporters.escape import printable
from frtlint.reporters.links import docs_url

FORMAT_NAME = "markdown"

TOP_FINDINGS = 20


def cell(text: str) -> str:
    """Text safe inside a Markdown table cell."""
    text = " ".join(str(text).split())
    text = text.replace("\\", "\\\\").replace("|", "\\|")
    return re.sub(r"([<>])", lambda m: {"<": "&lt;", ">": "&gt;"}[m.group(1)], text)


def article_key(article: str) -> Tuple[int, str]:
    """Sort key for article numbers: numeric first (`9` before `10`), then as text."""
    match = re.match(r"\d+", article)
    return (int(match.group()) if match else 999, article)


def render(result: RunResult, regime: str = "draft-2023", top: int = TOP_FINDINGS, **_: object) -> str:
    active = result.active
    errors = sum(1 for f in active if f.severity == "error")
    warnings = len(active) - errors
    out: List[str] = ["## frtlint", ""]
    if not active:
        out.append(f"No findings in {len(result.files)} file(s) checked.")
    else:
        out.append(
            f"**{len(active)} finding(s)**: {errors} error(s), {warnings} warning(s) "
            f"in {len({f.path for f in active})} file(s); {len(result.files)} file(s) checked."
        )
    if result.suppressed:
        out.append(f"{len(result.suppressed)} finding(s) suppressed with a recorded reason.")
    out.append("")
    if active:
        per_rule = Counter(f.rule for f in active)
        names: Dict[str, str] = {f.rule: f.name for f in active}
        severities: Dict[str, str] = {f.rule: f.severity for f in active}
        measures = regime == "measures-2025"
        label = "Measures" if measures else "Draft"
        rule_articles: Dict[str, Tuple[str, ...]] = {f.rule: articles_in(f, regime) for f in active}
        out += ["### By rule", "", f"| Rule | Name | Severity | {label} articles | Findings |", "|---|---|---|---|---:|"]
        for rule, count in sorted(per_rule.items(), key=lambda item: (-item[1], item[0])):
            articles = ", ".join(rule_articles[rule]) or "—"
            out.append(f"| [{rule}]({docs_url(rule)}) | {cell(names[rule])} | {severities[rule]} | {cell(articles)} | {count} |")
        out.append("")
        table = load_articles()
        topics = table.get("measures-topic", {}) if measures else {k: v.get("topic", "") for k, v in table.get("draft", {}).items()}
        per_article = Counter(a for f in active for a in articles_in(f, regime))
        out += [f"### By {label} article", "", "| Article | Topic | Findings |", "|---|---|---:|"]
        for article, count in sorted(per_article.items(), key=lambda item: article_key(item[0])):
            out.append(f"| Art. {cell(article)} | {cell(topics.get(article, ''))} | {count} |")
        out.append("")
        ranked = sorted(active, key=lambda f: (-SEVERITY_ORDER.get(f.severity, 0), f.path, f.line, f.column, f.rule))
        shown = ranked[:top]
        heading = "### Top findings" if len(ranked) > top else "### Findings"
        out += [heading, "", "| Severity | Rule | Location | Message |", "|---|---|---|---|"]
        for finding in shown:
            path = printable(" ".join(finding.path.split())).replace("`", "'").replace("|", "\\|")
            location = f"`{path}:{finding.line}:{finding.column}`"
            out.append(f"| {finding.severity} | {finding.rule} | {location} | {cell(finding.message)} |")
        if len(ranked) > top:
            out += ["", f"… and {len(ranked) - top} more (see the full report or the annotations)."]
        out.append("")
    for notice in result.notices:
        out.append(f"> **Note:** {cell(notice)}")
    if result.notices:
        out.append("")
    return "\n".join(out).rstrip() + "\n"
