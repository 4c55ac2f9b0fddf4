"""Write the shared vocabulary into the Semgrep rule pack.

A rule file line that matches a vocabulary family is kept as a template comment right above
it, with `{{family}}` where the family's alternation goes:

    # vocab-template: regex: (?i)^({{embedding-method-names}})$
    regex: (?i)^(embed\\w*|extract\\w*|get\\w*embeddings?|compute\\w*embeddings?)$

The line below each template is generated (same indentation as the comment). The rendered
files stay committed, since Semgrep and users read them directly.

    python -m frtlint.catalog.generate_rules           rewrite stale rule files
    python -m frtlint.catalog.generate_rules --check   exit 1 if any rule file is stale
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import Dict, List, Mapping, Optional, Sequence, Set

from frtlint.catalog.vocabulary import VocabularyError, load_semgrep_vocabulary

DEFAULT_RULES_DIR = Path(__file__).resolve().parent.parent.parent / "rules"
TEMPLATE_MARK = "# vocab-template: "
HEADER = (
    "# Lines after a '# vocab-template:' comment are generated from it and frtlint/catalog/"
    "semgrep_vocabulary.toml by `python -m frtlint.catalog.generate_rules`; edit the template "
    "or the vocabulary, not the generated line."
)
# `{{family}}`, or `{{family|slashes}}` inside a Semgrep `"=~/regex/"` literal (`/` -> `\/`).
PLACEHOLDER = re.compile(r"\{\{([A-Za-z0-9_-]+)(\|slashes)?\}\}")
_BLOCK_SCALAR_START = re.compile(r"^(\s*)(?:-\s+)?[^#\s][^#]*:\s*[|>][-+0-9]*\s*$")
REGENERATE_HINT = "run `python -m frtlint.catalog.generate_rules`"


class GenerationError(ValueError):
    """A template that cannot be rendered: unknown family, nothing below it, inside a block."""


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def block_scalar_lines(lines: Sequence[str]) -> Set[int]:
    """Indexes of lines inside a `|` or `>` block scalar (where a `#` is text, not a comment)."""
    inside: Set[int] = set()
    index = 0
    while index < len(lines):
        start = _BLOCK_SCALAR_START.match(lines[index])
        index += 1
        if not start:
            continue
        owner_indent = _indent(lines[index - 1])
        while index < len(lines) and (not lines[index].strip() or _indent(lines[index]) > owner_indent):
            inside.add(index)
            index += 1
    return inside


def render_template(template: str, vocabulary: Mapping[str, str], where: str) -> str:
    def family(match: "re.Match[str]") -> str:
        name = match.group(1)
        if name not in vocabulary:
            raise GenerationError(f"{where}: unknown vocabulary family '{name}'")
        return vocabulary[name].replace("/", "\\/") if match.group(2) else vocabulary[name]

    return PLACEHOLDER.sub(family, template)


def render_text(text: str, vocabulary: Mapping[str, str], source: str) -> str:
    """The rule file with every templated line regenerated and the header in place."""
    lines = text.split("\n")
    while lines and lines[0] == HEADER:
        lines.pop(0)
    in_block = block_scalar_lines(lines)
    rendered: List[str] = []
    templates = 0
    index = 0
    while index < len(lines):
        line = lines[index]
        rendered.append(line)
        index += 1
        if not line.lstrip().startswith(TEMPLATE_MARK):
            continue
        where = f"{source}:{index}"
        if index - 1 in in_block:
            raise GenerationError(f"{where}: a template inside a block scalar would change the pattern text")
        if index >= len(lines) or not lines[index].strip() or lines[index].lstrip().startswith(TEMPLATE_MARK):
            raise GenerationError(f"{where}: a template needs the line it generates right below it")
        template = line.lstrip()[len(TEMPLATE_MARK):]
        rendered.append(" " * _indent(line) + render_template(template, vocabulary, where))
        templates += 1
        index += 1
    if templates:
        rendered.insert(0, HEADER)
    return "\n".join(rendered)


def rule_files(rules_dir: Path) -> List[Path]:
    return sorted(p for p in rules_dir.rglob("*.yaml") if not p.name.endswith(".test.yaml"))


def stale_rule_files(rules_dir: Path, vocabulary: Optional[Mapping[str, str]] = None) -> Dict[Path, str]:
    """Rule file -> its regenerated text, for every file whose committed text differs."""
    words = load_semgrep_vocabulary() if vocabulary is None else vocabulary
    stale: Dict[Path, str] = {}
    for path in rule_files(rules_dir):
        text = path.read_text(encoding="utf-8")
        fresh = render_text(text, words, str(path))
        if fresh != text:
            stale[path] = fresh
    return stale


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m frtlint.catalog.generate_rules", description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if a rule file is stale")
    parser.add_argument("--rules", type=Path, default=DEFAULT_RULES_DIR, help="the rule pack folder (default: %(default)s)")
    options = parser.parse_args(argv)
    if not options.rules.is_dir():
        print(f"error: no rule pack folder at {options.rules}", file=sys.stderr)
        return 2
    try:
        stale = stale_rule_files(options.rules)
    except (VocabularyError, GenerationError, OSError, UnicodeDecodeError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    for path, text in sorted(stale.items()):
        if options.check:
            print(f"stale: {path} ({REGENERATE_HINT})", file=sys.stderr)
        else:
            path.write_text(text, encoding="utf-8")
            print(f"regenerated {path}")
    return 1 if options.check and stale else 0


if __name__ == "__main__":
    sys.exit(main())
