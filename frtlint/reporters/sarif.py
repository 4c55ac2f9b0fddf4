"""SARIF 2.1.0 for GitHub code scanning and other SARIF viewers.

One run. `tool.driver.rules` holds every rule (human name, short and full description,
help markdown with the article in plain words and a fix, `helpUri` to the rule's page,
tags such as `draft-art-17`, a numeric `security-severity`) and a relationship from
each rule to the Draft articles it touches; the articles themselves are the taxa of a
taxonomy named "Draft Provisions". Each result has a relative `artifactLocation` under
`%SRCROOT%` (the git repository's top folder, else the directory frtlint ran in), a region, a line-independent
`partialFingerprints` entry, the face-data evidence as `relatedLocations` and a
`codeFlows` entry, and, for findings silenced by a reasoned comment, `suppressions`.
"""

from __future__ import annotations

import os
import re
import uuid
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence, Tuple, Type
from urllib.parse import quote

from frtlint import __version__
from frtlint.catalog import load_articles
from frtlint.checks import Rule, all_rules
from frtlint.docs import rule_page
from frtlint.engine.discover import LANGUAGES, SourceFile
from frtlint.hardened_git import run_git
from frtlint.model import Finding, RunResult, articles_in, articles_label
from frtlint.reporters.links import docs_url
from frtlint.reporters.markdown import article_key
from frtlint.terminal.source_lines import SourceLines
from frtlint.reporters.json_text import indented_json

FORMAT_NAME = "sarif"

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
INFORMATION_URI = "https://github.com/frtlint/frtlint"
SRCROOT = "%SRCROOT%"
FINGERPRINT_KEY = "frtlintFingerprint/v1"
TAXONOMY_NAME = "Draft Provisions"
# Stable identifiers, so viewers recognise the taxonomy across runs.
TAXONOMY_GUID = str(uuid.uuid5(uuid.NAMESPACE_URL, "https://frtlint/taxonomies/draft-provisions-2023"))
MEASURES_TAXONOMY_NAME = "Measures (2025)"
MEASURES_TAXONOMY_GUID = str(uuid.uuid5(uuid.NAMESPACE_URL, "https://frtlint/taxonomies/measures-2025"))


def _taxonomy_identity(regime: str) -> Tuple[str, str]:
    if regime == "measures-2025":
        return MEASURES_TAXONOMY_NAME, MEASURES_TAXONOMY_GUID
    return TAXONOMY_NAME, TAXONOMY_GUID


DRIVER_GUID = str(uuid.uuid5(uuid.NAMESPACE_URL, "https://frtlint/driver"))
LEVELS = {"error": "error", "warning": "warning", "info": "note"}


def _pascal(name: str) -> str:
    return "".join(part[:1].upper() + part[1:] for part in re.split(r"[-_\s]+", name) if part)


def _sections(documentation: str) -> Dict[str, str]:
    """The rule page's `## Heading` sections, keyed by heading."""
    found: Dict[str, str] = {}
    current = ""
    for line in documentation.splitlines():
        if line.startswith("## "):
            current = line[3:].strip()
            found[current] = ""
        elif current:
            found[current] += line + "\n"
    return {k: v.strip() for k, v in found.items()}


def _plain(markdown: str) -> str:
    """Markdown prose as one plain paragraph (for `text` fields); a code block's lines
    are kept, joined with "; " (dropping them left sentences such as "Use instead: or ...")."""
    text = re.sub(r"```[^\n]*\n(.*?)```", lambda m: "; ".join(line.strip() for line in m.group(1).splitlines() if line.strip()) + " ", markdown, flags=re.S)
    text = re.sub(r"`([^`]*)`", r"\1", text)
    return " ".join(text.split())


def _sentence(text: str) -> str:
    text = text.strip()
    return text if not text or text.endswith((".", "!", "?")) else text + "."


def _article_ids(rules: Sequence[Type[Rule]], articles: Dict[str, Any], regime: str = "draft-2023") -> List[str]:
    ids = set(articles.get("measures" if regime == "measures-2025" else "draft", {}))
    for rule in rules:
        ids.update(articles_in(rule, regime))
    return sorted(ids, key=article_key)


def _measures_taxonomy(article_ids: Sequence[str], articles: Dict[str, Any]) -> Dict[str, Any]:
    """The 2025 Measures' articles as taxa (`--regime measures-2025`), each with the Draft
    articles that became it."""
    plain = articles.get("measures", {})
    topics = articles.get("measures-topic", {})
    draft_of: Dict[str, List[str]] = {}
    for draft_id, entry in articles.get("draft", {}).items():
        for measures_id in entry.get("measures") or []:
            draft_of.setdefault(str(measures_id), []).append(draft_id)
    taxa = []
    for article in article_ids:
        topic = topics.get(article, f"article {article}")
        taxon: Dict[str, Any] = {
            "id": article,
            "name": _pascal(topic),
            "shortDescription": {"text": _sentence(f"Article {article}: {topic}")},
            "fullDescription": {"text": _sentence(plain.get(article) or f"Measures (2025), Article {article}.")},
        }
        if article in draft_of:
            taxon["properties"] = {"draft-2023": sorted(draft_of[article], key=lambda a: (len(a), a))}
        taxa.append(taxon)
    taxonomy: Dict[str, Any] = {
        "name": MEASURES_TAXONOMY_NAME,
        "guid": MEASURES_TAXONOMY_GUID,
        "version": "2025-03-13",
        "organization": "Cyberspace Administration of China; Ministry of Public Security",
        "shortDescription": {
            "text": "Measures for the Security Management of the Application of Facial Recognition Technology, "
            "CAC and MPS, 2025-03-13, in force 2025-06-01; articles paraphrased by frtlint."
        },
        "isComprehensive": False,
        "taxa": taxa,
    }
    if articles.get("measures-url"):
        taxonomy["informationUri"] = articles["measures-url"]
    return taxonomy


def _taxonomy(article_ids: Sequence[str], articles: Dict[str, Any]) -> Dict[str, Any]:
    taxa = []
    draft = articles.get("draft", {})
    for article in article_ids:
        entry = draft.get(article, {})
        topic = entry.get("topic", f"article {article}")
        plain = entry.get("plain") or f"Draft Provisions, Article {article}."
        taxon: Dict[str, Any] = {
            "id": article,
            "name": _pascal(topic),
            "shortDescription": {"text": _sentence(f"Article {article}: {topic}")},
            "fullDescription": {"text": _sentence(plain)},
        }
        measures = entry.get("measures") or []
        if measures:
            taxon["properties"] = {"measures-2025": [str(m) for m in measures]}
        taxa.append(taxon)
    return {
        "name": TAXONOMY_NAME,
        "guid": TAXONOMY_GUID,
        "version": "2023-08-08",
        "organization": "Cyberspace Administration of China",
        "informationUri": articles.get("draft-url", "http://www.cac.gov.cn/2023-08/08/c_1693064670537413.htm"),
        "shortDescription": {
            "text": "Provisions on the Security Management of Facial Recognition Technology Application "
            "(Trial) (Draft for Comment), CAC, 2023-08-08; articles paraphrased by frtlint."
        },
        "isComprehensive": False,
        "taxa": taxa,
    }


def _rule_descriptor(rule: Type[Rule], taxon_index: Dict[str, int], regime: str = "draft-2023") -> Dict[str, Any]:
    documentation = rule.documentation()
    sections = _sections(documentation)
    short = _sentence(_plain(rule.short_description()))
    full = _sentence(_plain(sections.get("What it flags", "")) or short)
    why = _plain(sections.get("Why", ""))
    fix = _plain(sections.get("Use instead", ""))
    help_text = " ".join(p for p in (full, why, f"Use instead: {fix}" if fix else "", f"See {docs_url(rule.id)}") if p)
    tags = ["security", "privacy", "facial-recognition"]
    tags += [f"draft-art-{a}" for a in rule.draft_articles]
    tags += [f"measures-art-{a}" for a in rule.measures_articles]
    descriptor: Dict[str, Any] = {
        "id": rule.id,
        "name": _pascal(rule.name),
        "shortDescription": {"text": short},
        "fullDescription": {"text": full},
        "help": {"text": help_text, "markdown": rule_page(rule)},
        "helpUri": docs_url(rule.id),
        "defaultConfiguration": {"level": LEVELS.get(rule.severity, "warning")},
        "properties": {
            "tags": tags,
            "security-severity": f"{float(rule.security_severity):.1f}",
            "precision": "high" if rule.id in ("FRT101", "FRT201", "FRT301", "FRT401") else "medium",
            "problem.severity": rule.severity,
            "draft-articles": list(rule.draft_articles),
            "measures-articles": list(rule.measures_articles),
            "kebab-name": rule.name,
        },
    }
    taxonomy_name, taxonomy_guid = _taxonomy_identity(regime)
    relationships = [
        {
            "target": {
                "id": article,
                "index": taxon_index[article],
                "toolComponent": {"name": taxonomy_name, "guid": taxonomy_guid, "index": 0},
            },
            "kinds": ["relevant"],
        }
        for article in articles_in(rule, regime)
        if article in taxon_index
    ]
    if relationships:
        descriptor["relationships"] = relationships
    return descriptor


def _language(path: str) -> str:
    return LANGUAGES.get(Path(path).suffix.lower(), "plaintext")


def _uri(path: str) -> str:
    # ":" is encoded: a first segment such as "javascript:x.py" would otherwise read as a
    # URI scheme and turn the relative reference into an absolute one.
    return quote(Path(path).as_posix(), safe="/-._~!$&'()*+,;=@")


def source_root(paths: Sequence[str]) -> Path:
    """%SRCROOT%: the git repository's top folder when every path lies inside it (code
    scanning maps alerts to files by repository-relative paths, also when frtlint ran in
    a subfolder), else the folder frtlint ran in."""
    cwd = Path.cwd().resolve()
    try:
        top_run = run_git(["rev-parse", "--show-toplevel"], cwd, timeout=30)
    except Exception:  # git missing or stuck: fall back to the working directory
        return cwd
    if top_run.returncode != 0:
        return cwd
    top = Path(top_run.stdout.decode("utf-8", "surrogateescape").strip()).resolve()
    inside = all(not os.path.relpath((cwd / p).resolve(), top).startswith("..") for p in paths)
    return top if inside else cwd


class _Sources:
    """Decoded lines of the files findings point into (for snippets), read once."""

    def __init__(self, files: Sequence[SourceFile]) -> None:
        # The safe reader of the other reports: regular files only, size-capped, cached.
        self._source_lines = SourceLines({f.display: f.path for f in files})

    def text(self, path: str, line: int, column: int, end_line: int, end_column: int) -> Optional[str]:
        lines = self._source_lines.lines(path)
        if lines is None or not 1 <= line <= end_line <= len(lines):
            return None
        chunk = lines[line - 1 : end_line]
        chunk[-1] = chunk[-1][: max(end_column - 1, 0)]
        chunk[0] = chunk[0][max(column - 1, 0) :] if line != end_line else lines[line - 1][max(column - 1, 0) : max(end_column - 1, 0)]
        return "\n".join(chunk)

    def context(self, path: str, line: int, end_line: int) -> Optional[Dict[str, Any]]:
        lines = self._source_lines.lines(path)
        if lines is None or not 1 <= line <= len(lines):
            return None
        first = max(1, line - 2)
        last = min(len(lines), max(end_line, line) + 2)
        while last > first and not lines[last - 1].strip():
            last -= 1
        return {"startLine": first, "endLine": last, "snippet": {"text": "\n".join(lines[first - 1 : last]) + "\n"}}


class _Artifacts:
    """`run.artifacts`: the files results point into, each listed once."""

    def __init__(self, result: RunResult, root: Path) -> None:
        self.root = root
        self.cwd = Path.cwd().resolve()
        self.languages = {f.display: f.language for f in result.files}
        self.entries: List[Dict[str, Any]] = []
        self.index: Dict[str, int] = {}

    def __call__(self, path: str) -> int:
        if path not in self.index:
            self.index[path] = len(self.entries)
            self.entries.append(
                {
                    "location": {"uri": self.uri(path), "uriBaseId": SRCROOT},
                    "sourceLanguage": self.languages.get(path) or _language(path),
                }
            )
        return self.index[path]

    def uri(self, path: str) -> str:
        """`path` (relative to the working directory) as a URI relative to %SRCROOT%."""
        if self.root == self.cwd:
            return _uri(path)
        return _uri(os.path.relpath(os.path.normpath(self.cwd / path), self.root))


def _physical(
    sources: _Sources, artifacts: _Artifacts, path: str, line: int, column: int, end_line: int = 0, end_column: int = 0
) -> Dict[str, Any]:
    line, column = max(line, 1), max(column, 1)
    region: Dict[str, Any] = {"startLine": line, "startColumn": column}
    if end_line and (end_line, end_column) > (line, column):
        region["endLine"] = end_line
        region["endColumn"] = max(end_column, 1)
        snippet = sources.text(path, line, column, end_line, max(end_column, 1))
        if snippet:
            region["snippet"] = {"text": snippet}
    physical: Dict[str, Any] = {
        "artifactLocation": {"uri": artifacts.uri(path), "uriBaseId": SRCROOT, "index": artifacts(path)},
        "region": region,
    }
    context = sources.context(path, line, end_line or line)
    if context is not None:
        physical["contextRegion"] = context
    return physical


def _result(
    finding: Finding, rule_index: Dict[str, int], regime: str, sources: _Sources, artifacts: _Artifacts
) -> Dict[str, Any]:
    location = {
        "physicalLocation": _physical(
            sources, artifacts, finding.path, finding.line, finding.column, finding.end_line, finding.end_column
        )
    }
    result: Dict[str, Any] = {
        "ruleId": finding.rule,
        "level": LEVELS.get(finding.severity, "warning"),
        "message": {"text": _sentence(finding.message)},
        "locations": [location],
        "partialFingerprints": {FINGERPRINT_KEY: finding.fingerprint},
    }
    if finding.rule in rule_index:
        result["ruleIndex"] = rule_index[finding.rule]
    if finding.evidence:
        related = [
            {
                "id": number,
                "physicalLocation": _physical(sources, artifacts, e.path or finding.path, e.line, e.column),
                "message": {"text": _sentence(e.note)},
            }
            for number, e in enumerate(finding.evidence, start=1)
        ]
        result["relatedLocations"] = related
        steps = [
            {"location": {"physicalLocation": r["physicalLocation"], "message": r["message"]}, "nestingLevel": 0}
            for r in related
        ]
        steps.append({"location": {**location, "message": {"text": "The finding."}}, "nestingLevel": 0})
        result["codeFlows"] = [
            {
                "message": {"text": "How face data reaches the finding."},
                "threadFlows": [{"locations": steps}],
            }
        ]
    if finding.suppression_reason is not None:
        result["suppressions"] = [
            {"kind": "inSource", "status": "accepted", "justification": finding.suppression_reason}
        ]
    result["properties"] = {
        "articles": articles_label(finding, regime),
        "engine": finding.engine,
    }
    return result


def document(result: RunResult, regime: str = "draft-2023") -> Dict[str, Any]:
    articles = load_articles()
    rules = all_rules()
    article_ids = _article_ids(rules, articles, regime)
    taxon_index = {a: i for i, a in enumerate(article_ids)}
    rule_index = {rule.id: i for i, rule in enumerate(rules)}
    taxonomy_name, taxonomy_guid = _taxonomy_identity(regime)
    sources = _Sources(result.files)
    root = source_root([f.path for f in result.findings] + [f.display for f in result.files])
    artifacts = _Artifacts(result, root)
    results = [_result(finding, rule_index, regime, sources, artifacts) for finding in result.findings]
    notifications = [
        {"level": "warning", "message": {"text": _sentence(notice)}} for notice in result.notices
    ]
    invocation: Dict[str, Any] = {"executionSuccessful": True}
    if notifications:
        invocation["toolExecutionNotifications"] = notifications
    run: Dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "frtlint",
                "guid": DRIVER_GUID,
                "version": __version__,
                "semanticVersion": __version__,
                "informationUri": INFORMATION_URI,
                "rules": [_rule_descriptor(rule, taxon_index, regime) for rule in rules],
                "supportedTaxonomies": [{"name": taxonomy_name, "guid": taxonomy_guid, "index": 0}],
            }
        },
        "taxonomies": [
            _measures_taxonomy(article_ids, articles) if regime == "measures-2025" else _taxonomy(article_ids, articles)
        ],
        "invocations": [invocation],
        "originalUriBaseIds": {
            SRCROOT: {
                "uri": root.as_uri().rstrip("/") + "/",
                "description": {"text": "The repository's top folder (or where frtlint ran); result paths are relative to it."},
            }
        },
        "artifacts": artifacts.entries,
        "results": results,
        "columnKind": "unicodeCodePoints",
        "properties": {"regime": regime},
    }
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def render(result: RunResult, regime: str = "draft-2023", **_: object) -> str:
    return indented_json(document(result, regime))
