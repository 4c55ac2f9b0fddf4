"""Where the Semgrep rule pack lives and which languages it covers, read from its files.

Data about the pack, not the Semgrep engine: rule classes ask it for their languages
(`Rule.languages()`) without depending on the engine that runs the pack.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Dict, List, Tuple

_ID_LINE = re.compile(r"frtlint-id:\s*[\"']?(FRT\d{3})")
# The pack keeps one folder per language, except that JavaScript rules also cover TypeScript.
_FOLDER_LANGUAGES = {"javascript": ("javascript", "typescript")}


def bundled_rules_dir() -> Path:
    """The rule pack: inside an installed wheel, or the checkout's top-level rules/."""
    packaged = Path(__file__).resolve().parent / "_bundled_rules"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "rules"


@lru_cache(maxsize=1)
def pack_languages() -> Dict[str, Tuple[str, ...]]:
    """Rule id -> languages the Semgrep rule pack covers (from folder names)."""
    found: Dict[str, List[str]] = {}
    root = bundled_rules_dir()
    for path in sorted(root.glob("*/*.yaml")) if root.is_dir() else []:
        if path.name.endswith(".test.yaml"):
            continue
        for rule_id in set(_ID_LINE.findall(path.read_text(encoding="utf-8", errors="replace"))):
            for language in _FOLDER_LANGUAGES.get(path.parent.name, (path.parent.name,)):
                if language not in found.setdefault(rule_id, []):
                    found[rule_id].append(language)
    return {k: tuple(v) for k, v in found.items()}
