"""Rule documentation pages, generated from each rule's docstring and attributes.

`docs/rules/FRTnnn.md` are these pages, written by `python -m frtlint.docs`; a test
keeps the files and the rule classes in sync.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import List, Type

from frtlint.catalog import load_articles
from frtlint.checks import Rule, all_rules

REQUIRED_HEADINGS = ("What it flags", "Why", "Example", "Use instead", "Options", "References")


def rule_page(rule: Type[Rule]) -> str:
    articles = load_articles()
    doc = rule.documentation()
    title, _, body = doc.partition("\n\n")
    draft = ", ".join(f"Art. {a}" for a in rule.draft_articles) or "—"
    measures = ", ".join(f"Art. {a}" for a in rule.measures_articles) or "—"
    lines: List[str] = [
        f"# {rule.id} {rule.name}",
        "",
        f"_{title.strip()}_",
        "",
        "| | |",
        "|---|---|",
        f"| Severity | {rule.severity} |",
        f"| Draft Provisions (2023) | {draft} |",
        f"| Measures (2025) | {measures} |",
        f"| Languages | {', '.join(rule.languages()) or '—'} |",
        "",
    ]
    plain = [
        f"- Draft Art. {a} ({articles['draft'][a]['topic']}): {articles['draft'][a]['plain']}"
        for a in rule.draft_articles
        if a in articles["draft"]
    ]
    if plain:
        lines += ["The articles in plain words:", "", *plain, ""]
    lines.append(body.strip())
    return "\n".join(lines).rstrip() + "\n"


def docs_dir() -> Path:
    return Path(__file__).resolve().parent.parent / "docs" / "rules"


def write_pages(directory: Path) -> List[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for rule in all_rules():
        path = directory / f"{rule.id}.md"
        path.write_text(rule_page(rule), encoding="utf-8")
        written.append(path)
    return written


if __name__ == "__main__":
    for page in write_pages(Path(sys.argv[1]) if len(sys.argv) > 1 else docs_dir()):
        print(page)
