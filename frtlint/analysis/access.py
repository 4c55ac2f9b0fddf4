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
    """Built once per project (`GrantAnalysis.of(project)`) and shared by the rules."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self.catalog: Catalog = project.catalog
        self._decision: Dict[int, bool] = {}
        self._primitive: Dict[int, Optional[str]] = {}
        self._keys: Dict[int, FrozenSet[str]] = {}
        # Only calls that can grant matter: a primitive grant or a call into the project.
        self.sites: List[Site] = [
            (m, f, c)
            for m in project.modules
            if not m.is_test
            for f in m.functions
            for c in f.calls
            if self._primitive_key(c) or project.targets.get(id(c))
        ]
        self.wrappers: Dict[FunctionKey, Set[str]] = {}
        self._find_wrappers()  # its last pass changes nothing, so the keys it memoised hold
        self._fallback_sites: Optional[Dict[str, List[Site]]] = None
        self._reach: Dict[FunctionKey, bool] = {}

    @classmethod
    def of(cls, project: Project) -> "GrantAnalysis":
        cached = project.shared.get(cls)
        if cached is None:
            cached = project.shared[cls] = cls(project)
        return cached

    # -- grants --------------------------------------------------------------------
    def _primitive_key(self, call: CallSite) -> Optional[str]:
        if id(call) not in self._primitive:
            self._primitive[id(call)] = self._compute_primitive_key(call)
        return self._primitive[id(call)]

    def _compute_primitive_key(self, call: CallSite) -> Optional[str]:
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

    def keys(self, call: CallSite) -> FrozenSet[str]:
        known = self._keys.get(id(call))
        if known is None:
            known = self._keys[id(call)] = self._compute_keys(call)
        return known

    def _compute_keys(self, call: CallSite) -> FrozenSet[str]:
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
            self._keys.clear()
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
        known = self._decision.get(id(call))
        if known is None:
            known = self._decision[id(call)] = (
                face_guarded(call) or call.in_face_loop or any(a.value.kind == "match" for a in call.face_args)
            )
        return known

    def decisions(self) -> Iterable[Site]:
        for module, function, call in self.sites:
            if not self.is_decision(call) or not self.keys(call):
                continue
            if credential_guarded(call, self.catalog):
                continue
            yield module, function, call

    # -- fallbacks -------------------------------------------------------------------------
    def has_fallback(self, module: ModuleFacts, function: FunctionFacts, decision: CallSite) -> bool:
        if self._fallback_sites is None:
            index: Dict[str, List[Site]] = {}
            for site in self.sites:
                if not self.is_decision(site[2]):
                    for key in self.keys(site[2]):
                        index.setdefault(key, []).append(site)
            self._fallback_sites = index
        for key in self.keys(decision):
            for other_module, other_function, other in self._fallback_sites.get(key, ()):
                if other is not decision and self._reached_without_face(other_module, other_function):
                    return True
        return False

    def _reached_without_face(self, module: ModuleFacts, function: FunctionFacts) -> bool:
        key = (module.path, function.qualname)
        if key not in self._reach:
            self._reach[key] = False  # a cycle adds no way in of its own
            callers = self.project.project_callers(module, function)
            self._reach[key] = not callers or any(  # no callers: a route, a script, a callback
                not self.is_decision(c.call) and self._reached_without_face(c.module, c.function) for c in callers
            )
        return self._reach[key]


