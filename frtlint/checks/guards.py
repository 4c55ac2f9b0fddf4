"""Reading guards: is this call reached only after consent, a fallback credential, ...?"""

from __future__ import annotations

from typing import Dict, List, Optional, Set, Tuple

from frtlint.analysis.facts import Atom, CallSite, FunctionFacts, ModuleFacts
from frtlint.analysis.project import Project
from frtlint.catalog import Catalog


def consent_atom(atom: Atom, catalog: Catalog) -> bool:
    """An atom that confirms the person's recorded consent."""
    if not atom.truth:
        return False
    if atom.source == "decorator":
        return any(
            w in catalog.consent_decorators or catalog.consent_decorator_pattern.search(w) for w in atom.words
        )
    return any(catalog.is_consent_name(w) for w in atom.words)


def consent_guarded(call: CallSite, catalog: Catalog) -> bool:
    return any(consent_atom(a, catalog) for a in call.guards)


def consent_decorated(function: FunctionFacts, catalog: Catalog) -> bool:
    return any(
        d.split(".")[-1] in catalog.consent_decorators or catalog.consent_decorator_pattern.search(d.split(".")[-1])
        for d in function.decorators
    )


Path = List[Tuple[ModuleFacts, FunctionFacts, int, int]]


def unguarded_path(project: Project, module: ModuleFacts, function: FunctionFacts) -> Optional[Path]:
    """None when every project path into `function` checks consent; else one path that doesn't.

    Callers on the current path (recursion) are not a way in: a function reached only
    through its own recursion is an entry point. Results are remembered per function.
    """
    catalog = project.catalog
    on_path: Set[Tuple[str, str]] = set()
    memo: Dict[Tuple[str, str], Optional[Path]] = {}

    def walk(mod: ModuleFacts, fn: FunctionFacts) -> Optional[Path]:
        key = (mod.path, fn.qualname)
        if key in memo:
            return memo[key]
        if consent_decorated(fn, catalog):
            return None
        on_path.add(key)
        result: Optional[Path] = None
        callers = [c for c in project.project_callers(mod, fn) if (c.module.path, c.function.qualname) not in on_path]
        if not callers:
            result = []
        for caller in callers:
            if consent_guarded(caller.call, catalog):
                continue
            rest = walk(caller.module, caller.function)
            if rest is not None:
                result = [(caller.module, caller.function, caller.call.span.line, caller.call.span.column), *rest]
                break
        on_path.discard(key)
        memo[key] = result
        return result

    return walk(module, function)
