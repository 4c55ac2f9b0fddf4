"""A rule's documentation page in another language (`frtlint explain RULE --lang zh-CN`).

The rule's title and the articles it touches come translated from the catalog (the
rule summaries in `catalog/i18n/`, the article table's `*-zh-CN` fields); the rule's
own documentation follows in English, marked as the original.
"""

from __future__ import annotations

from typing import Any, Dict, List, Type

from frtlint.catalog import load_articles
from frtlint.checks.base import Rule
from frtlint.docs import rule_page
from frtlint.report.i18n import language

_HEADINGS = {
    "zh-CN": {
        "severity": "严重程度",
        "articles": "相关条款",
        "draft": "征求意见稿（2023）",
        "measures": "办法（2025）",
        "none": "无对应条款",
        "original": "规则文档（英文原文）",
    }
}


def translated_rule_page(rule: Type[Rule], code: str) -> str:
    """The rule page in language `code`; English is the page itself."""
    if code == "en":
        return rule_page(rule)
    lang = language(code)
    words = _HEADINGS.get(code, _HEADINGS["zh-CN"])
    table = load_articles()
    title = lang.rule_summaries.get(rule.id, rule.short_description())
    lines: List[str] = [
        f"# {rule.id} {rule.name}：{title}",
        "",
        f"{words['severity']}：{rule.severity}",
        "",
        f"## {words['articles']}",
        "",
    ]
    lines += _draft_lines(rule, table, words, code) + _measures_lines(rule, table, words, code)
    lines += ["", f"## {words['original']}", ""]
    original = rule_page(rule).split("\n", 1)
    return "\n".join(lines) + "\n" + (original[1] if len(original) > 1 else "").lstrip("\n")


def _draft_lines(rule: Type[Rule], table: Dict[str, Any], words: Dict[str, str], code: str) -> List[str]:
    if not rule.draft_articles:
        return [f"- {words['draft']}：{words['none']}"]
    out = []
    for article in rule.draft_articles:
        entry = table.get("draft", {}).get(article, {})
        topic = entry.get(f"topic-{code}") or entry.get("topic", "")
        plain = entry.get(f"plain-{code}") or entry.get("plain", "")
        out.append(f"- {words['draft']}第{article}条（{topic}）：{plain}")
    return out


def _measures_lines(rule: Type[Rule], table: Dict[str, Any], words: Dict[str, str], code: str) -> List[str]:
    if not rule.measures_articles:
        return [f"- {words['measures']}：{words['none']}"]
    topics = table.get(f"measures-topic-{code}", {})
    texts = table.get(f"measures-{code}", {})
    return [
        f"- {words['measures']}第{article}条（{topics.get(article, '')}）：{texts.get(article, table.get('measures', {}).get(article, ''))}"
        for article in rule.measures_articles
    ]
