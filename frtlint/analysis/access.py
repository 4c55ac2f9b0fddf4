"""Access decisions: which calls grant access, which of them a face match decides,
and whether the same grant is reachable without a face (FRT401, FRT503)."""

from __future__ import annotations

import re
from typing import Dict, FrozenSet, Iterable, List, Optional, Set, Tuple

from frtlint.analysis.facts import Atom, CallSite, FunctionFacts, ModuleFacts
from frtlint.analysis.project import FunctionKey, Project
from frtlint.catalog import Catalog

Site = Tuple[ModuleFacts, FunctionFacts, CallSite]
_WRITE_SQL = re.compile(r"^\s*(?:update|insert\s+(?:or\s+\w+\s+)?into|replace\s+into)\s+[`\"\[]?(\w+)", re.IGNORECASE)


def _written_table(sql: object) -> Optional[str]:
    match = _WRITE_SQL.match(sql) if isinstance(sql, str) else None
    return match.group(1) if match else None


def face_guarded(call: CallSite) -> bool:
    """Reached only when a face matched (or on a branch decided by a match score)."""
    return any(a.face and (a.truth or a.comparison) for a in call.guards)


def credential_guarded(call: CallSite, catalog: Catalog, atoms: Iterable[Atom] = ()) -> bool:
    """Reached only after a non-face credential check (a second factor)."""
    return any(
        a.truth and not a.face and any(catalog.is_fallback_name(w) for w in a.words)
        for a in (*call.guards, *atoms)
    )


class GrantAnalysis:
    def __init__(self, project: Project) -> None:
        self.project = project
        self.catalog: Catalog = project.catalog
        self.sites: List[Site] = [
            (m, f, c) for m in project.modules if not m.is_test for f in m.functions for c in f.calls
        ]
        self.wrappers: Dict[FunctionKey, Set[str]] = {}
        self._find_wrappers()

    # -- grants --------------------------------------------------------------------
    def _primitive_key(self, call: CallSite) -> Optional[str]:
        catalog = self.catalog
        if call.name in ("execute", "executemany") and call.method:
            table = _written_table(call.literals.get("0"))
            return f"sql:{table.lower()}" if table and catalog.sql_grant_pattern.search(table) else None
        if call.session_key is not None:
            return f"session:{call.session_key}" if catalog.session_key_pattern.search(call.session_key) else None
        if call.resolved and call.callee in catalog.grant_calls:
            if call.callee.endswith("GPIO.output"):
                value = call.text.replace(" ", "").rstrip(")").split(",")[-1]
                if value in catalog.release_values or value.split(".")[-1] in catalog.release_values:
                    return None
                return call.text.replace(" ", "")
            return call.callee
        if call.receiver_type and f"{call.receiver_type}.{call.name}" in catalog.grant_calls:
            return f"{call.receiver}.{call.name}"
        if call.name in catalog.grant_names or catalog.grant_pattern.search(call.name):
            return f"{call.receiver}.{call.name}" if call.receiver not in ("", "self", "cls") else call.name
        return None

    def keys(self, call: CallSite, depth: int = 0) -> FrozenSet[str]:
        keys: Set[str] = set()
        targets = self.project.targets.get(id(call), [])
        primitive = self._primitive_key(call)
        if primitive and not targets:
            keys.add(primitive)
        for target in targets:
            if primitive:
                keys.add(f"fn:{target[0]}:{target[1]}")
            if target in self.wrappers:
                keys.add(f"fn:{target[0]}:{target[1]}")
                keys.update(self.wrappers[target])
        return frozenset(keys)

    def _find_wrappers(self) -> None:
        """Project functions that grant without a face decision of their own."""
        changed = True
        while changed:
            changed = False
            for module, function, call in self.sites:
                if self.is_decision(call):
                    continue
                keys = self.keys(call)
                if not keys:
                    continue
                key = (module.path, function.qualname)
                if function.qualname == "<module>":
                    continue
                known = self.wrappers.setdefault(key, set())
                if not keys <= known:
                    known.update(keys)
                    changed = True

    def is_decision(self, call: CallSite) -> bool:
        """Reached through a face match: in its branch, its loop, or given its result."""
        return face_guarded(call) or call.in_face_loop or any(a.value.kind == "match" for a in call.face_args)

    def decisions(self) -> Iterable[Site]:
        for module, function, call in self.sites:
            if not self.is_decision(call) or not self.keys(call):
                continue
            if credential_guarded(call, self.catalog):
                continue
            yield module, function, call

    # -- fallbacks -------------------------------------------------------------------------
    def has_fallback(self, module: ModuleFacts, function: FunctionFacts, decision: CallSite) -> bool:
        wanted = self.keys(decision)
        for other_module, other_function, other in self.sites:
            if other is decision or self.is_decision(other):
                continue
            if not (self.keys(other) & wanted):
                continue
            if self._reached_without_face(other_module, other_function, set()):
                return True
        return False

    def _reached_without_face(self, module: ModuleFacts, function: FunctionFacts, seen: Set[FunctionKey]) -> bool:
        key = (module.path, function.qualname)
        if key in seen:
            return False
        seen.add(key)
        callers = self.project.project_callers(module, function)
        if not callers:
            return True  # an entry point: a route, a script, a callback
        return any(
            not self.is_decision(c.call) and self._reached_without_face(c.module, c.function, seen) for c in callers
        )


