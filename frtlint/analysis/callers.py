"""Which files a run must parse besides those that mention faces: the rule knowledge of
the engine's caller rounds.

Cross-function checks need every project caller of a function that handles faces or
grants access, so the engine keeps parsing files that mention such functions' names.
Which names those are is decided here; the engine only searches files for them.
"""

from __future__ import annotations

from typing import Dict, Pattern, Sequence, Set

from frtlint.analysis.facts import ModuleFacts
from frtlint.analysis.paths import plain_file_name
from frtlint.catalog import Catalog

# Languages whose files are configuration, searched with the configuration face words.
CONFIG_LANGUAGES = frozenset({"yaml", "json"})


class CallerNames:
    """The function names whose callers matter, for one catalog."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self._grant_names: Dict[str, bool] = {}

    def is_grant_name(self, name: str) -> bool:
        """Whether a call of this name may grant access (opens a door, logs someone in)."""
        known = self._grant_names.get(name)
        if known is None:
            catalog = self.catalog
            known = self._grant_names[name] = bool(catalog.grant_pattern.search(name)) or name in catalog.grant_names
        return known

    def interesting(self, modules: Sequence[ModuleFacts]) -> Set[str]:
        """Functions whose callers matter: those with face calls or grants, the grants
        they call, and (transitively) the functions that call any of them."""
        # Files a face API reads, named plainly (`"temp.jpg"`): the modules that write
        # them keep face images (FRT101). They do not change from round to round.
        names: Set[str] = {
            name
            for module in modules
            for function in module.functions
            for name in (plain_file_name(shape) for shape, _ in function.face_paths)
            if name
        }
        changed = True
        while changed:
            changed = False
            for module in modules:
                for function in module.functions:
                    for call in function.calls:
                        if self.is_grant_name(call.name):
                            if call.name not in names:
                                names.add(call.name)
                                changed = True
                    if function.qualname == "<module>" or function.name in names:
                        continue
                    if any(c.kind or c.face_args or c.name in names for c in function.calls):
                        names.add(function.name)
                        changed = True
        return names


def mentions_faces(content: bytes, language: str, code_words: Pattern[bytes], config_words: Pattern[bytes]) -> bool:
    """Whether a file the Semgrep engine would read may process faces: configuration
    files are searched for the configuration face words, code for the code ones."""
    words = config_words if language in CONFIG_LANGUAGES else code_words
    return bool(words.search(content))
