"""Access decisions: which calls grant access, which of them a face match decides,
and whether the same grant is reachable without a face (FRT401, FRT503)."""

from __future__ import annotations

import re
from typing import Dict, FrozenSet, Iterable, List, Optional, Set, Tuple

from frtlint.analysis.facts import Atom, CallSite, FunctionFacts, ModuleFacts, Origin
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


def face_match_evidence(call: CallSite) -> List[Origin]:
    """Where the face match that decides the call is tested, as a finding's evidence."""
    guard = next((g for g in call.guards if g.face), None)
    return [Origin(guard.line, 1, "face match decided here")] if guard else []


def face_denied(call: CallSite) -> bool:
    """Reached only when no face matched (`else:` of `if True in matches:`): a grant
    there re-locks or is a credential's branch, never a way around the face."""
    return any(a.face and not a.truth and not a.comparison for a in call.guards)


def _last_argument(call: CallSite) -> str:
    """The value written by `pin.write(17, v)`; of `a if c else b`, the usual `a`."""
    text = call.text.replace(" ", "")
    value = text[text.find("(") + 1 :].rstrip(")").split(",")[-1]
    return value.split("if")[0] if "if" in value and "else" in value else value


def credential_guarded(call: CallSite, catalog: Catalog, atoms: Iterable[Atom] = ()) -> bool:
    """Reached only after a non-face credential check (a second factor)."""
    return any(
        a.truth and not a.face and any(catalog.is_fallback_name(w) for w in a.words)
        for a in (*call.guards, *atoms)
    )


_NO_KEY = ""  # remembered: this call grants nothing itself


class GrantAnalysis:
    """Built once per project (`GrantAnalysis.of(project)`) and shared by the rules."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self.catalog: Catalog = project.catalog
        self._decision: Dict[int, bool] = {}
        self._outcomes: Dict[int, Dict[str, int]] = {}  # see helper_outcomes
        self._record_answers: Dict[int, bool] = {}  # see _checks_record_answer
        self._primitive: Dict[int, str] = {}
        self._keys: Dict[int, FrozenSet[str]] = {}
        self._key_sets: Dict[FrozenSet[str], FrozenSet[str]] = {}
        # Project functions passed as callbacks (`Thread(target=unlock)`), by call.
        self._callbacks: Dict[int, List[FunctionKey]] = {}
        # Only calls that can grant matter: a primitive grant or a call into the project.
        self.sites: List[Site] = []
        for m in project.modules:
            if m.is_test:
                continue
            for f in m.functions:
                for c in f.calls:
                    if self._primitive_key(c, f):
                        self.sites.append((m, f, c))
                    elif project.targets.get(id(c)) or self._find_callbacks(c):
                        self._primitive[id(c)] = _NO_KEY  # asked again for every site
                        self.sites.append((m, f, c))
        self.wrappers: Dict[FunctionKey, Set[str]] = {}
        self._find_wrappers()  # its last pass changes nothing, so the keys it memoised hold
        self._fallback_sites: Optional[Dict[str, List[Site]]] = None
        self._reach: Dict[Tuple[str, str, FrozenSet[str]], bool] = {}
        self._programs: Dict[FunctionKey, FrozenSet[str]] = {}
        self._scripts: Dict[str, bool] = {}

    @classmethod
    def of(cls, project: Project) -> "GrantAnalysis":
        return project.shared(cls, cls)

    # -- grants --------------------------------------------------------------------
    def _primitive_key(self, call: CallSite, function: Optional[FunctionFacts] = None) -> Optional[str]:
        """Memoised for grants and sites; the first ask (building `sites`) names the call's
        function. Most calls grant nothing and are never asked again: that answer is not
        kept for them (without the function it is still nothing: the function only adds keys)."""
        known = self._primitive.get(id(call))
        if known is not None:
            return known or None
        key = self._compute_primitive_key(call) or (self._record_post_key(call, function) if function is not None else None)
        if key is not None:
            self._primitive[id(call)] = key
        return key

    def _record_post_key(self, call: CallSite, function: FunctionFacts) -> Optional[str]:
        """An HTTP post to an attendance service: its URL says so, or the function checks
        the answer for "attendance marked"."""
        if not call.method or call.name not in ("post", "put", "patch"):
            return None
        if not self.catalog.is_network_sink(call.callee, call.name, call.resolved, call.method):
            return None
        named = any(self.catalog.record_file_pattern.search(w) for w in call.arg_words)
        if not named and not self._checks_record_answer(function):
            return None
        text = call.text.replace(" ", "")
        return "http:" + text[text.find("(") + 1 :].split(",")[0].rstrip(")")

    def _checks_record_answer(self, function: FunctionFacts) -> bool:
        known = self._record_answers.get(id(function))
        if known is None:
            known = self._record_answers[id(function)] = any(
                isinstance(value, str)
                and self.catalog.record_file_pattern.search(value)
                and self.catalog.success_message_pattern.search(value)
                for call in function.calls
                for value in call.literals.values()
            )
        return known

    def _compute_primitive_key(self, call: CallSite) -> Optional[str]:
        catalog = self.catalog
        if call.name in ("execute", "executemany") and call.method:
            table = _written_table(call.literals.get("0"))
            return f"sql:{table.lower()}" if table and catalog.sql_grant_pattern.search(table) else None
        if call.session_key is not None:
            return f"session:{call.session_key}" if catalog.session_key_pattern.search(call.session_key) else None
        if call.resolved and call.callee in catalog.grant_calls:
            if call.callee.endswith("GPIO.output"):
                return None if self._releases(call) else call.text.replace(" ", "")
            return call.callee
        if call.receiver_type and f"{call.receiver_type}.{call.name}" in catalog.grant_calls:
            return f"{call.receiver}.{call.name}"
        if call.name in catalog.grant_names or catalog.grant_pattern.search(call.name):
            return f"{call.receiver}.{call.name}" if call.receiver not in ("", "self", "cls") else call.name
        return self._actuation_key(call) or self._record_file_key(call) or self._response_key(call)

    def _releases(self, call: CallSite) -> bool:
        value = _last_argument(call)
        return value in self.catalog.release_values or value.split(".")[-1] in self.catalog.release_values

    def _actuation_key(self, call: CallSite) -> Optional[str]:
        """A call on a motor, relay, lock or pin object (`motor.angle(85)`): the call with
        its arguments is the grant, so `motor.angle(-85)` elsewhere is not the same one."""
        receiver = call.receiver.split(".")[-1]
        if not call.method or not receiver or not self.catalog.actuator_receiver_pattern.search(receiver):
            return None
        if self.catalog.actuator_idle_method_pattern.search(call.name) or self._releases(call):
            return None
        return "actuate:" + call.text.replace(" ", "")

    def _record_file_key(self, call: CallSite) -> Optional[str]:
        """Appending to an attendance file (`open(ATTENDANCE_CSV, "a")`) records presence."""
        mode = call.literals.get("1", call.literals.get("mode"))
        if call.name not in ("open", "to_csv") or not isinstance(mode, str) or "a" not in mode:
            return None
        named = sorted(w for w in call.arg_words if self.catalog.record_file_pattern.search(w))
        return f"file:{named[0]}" if named else None

    def _response_key(self, call: CallSite) -> Optional[str]:
        """A message or response saying access was granted (`print("Access granted")`,
        `jsonify({"authenticated": True})`). The weakest grant: see `_weak`."""
        announces = call.statement or call.callee == "return" or not call.method  # not `status.endswith("...")`
        for slot, value in call.literals.items():
            if isinstance(value, str) and announces:
                said = self.catalog.success_message_pattern.search(value)
                if said:
                    return f"response:{said.group(0).lower()}"
            elif value is True and "." in slot and self.catalog.success_key_pattern.search(slot.split(".")[-1]):
                return f"response:{slot.split('.')[-1].lower()}"
        return None

    def _find_callbacks(self, call: CallSite) -> List[FunctionKey]:
        found = self.project.callbacks.get(id(call), [])
        if found:
            self._callbacks[id(call)] = found
        return found

    def keys(self, call: CallSite) -> FrozenSet[str]:
        known = self._keys.get(id(call))
        if known is None:
            known = self._keys[id(call)] = self._compute_keys(call)
        return known

    def _compute_keys(self, call: CallSite) -> FrozenSet[str]:
        keys: Set[str] = set()
        targets = [*self.project.targets.get(id(call), []), *self._callbacks.get(id(call), [])]
        primitive = self._primitive_key(call)
        if primitive and primitive.startswith(("response:", "actuate:")) and targets:
            primitive = None  # a project function's own body says whether it grants (`gate.update()`)
        if primitive and not targets:
            keys.add(primitive)
        for target in targets:
            if primitive:
                keys.add(f"fn:{target[0]}:{target[1]}")
            if target in self.wrappers:
                keys.add(f"fn:{target[0]}:{target[1]}")
                keys.update(self.wrappers[target])
        found = frozenset(keys)
        return self._key_sets.setdefault(found, found)  # most calls share a few key sets (memory at scale)

    def _find_wrappers(self) -> None:
        """Project functions that grant without a face decision of their own."""
        changed = True
        while changed:
            changed = False
            self._keys.clear()
            for module, function, call in self.sites:
                if self.is_decision(call, function):
                    continue
                keys = self.keys(call)
                if not keys:
                    continue
                key = (module.path, function.qualname)
                if function.qualname == "<module>" or self.catalog.not_a_way_in_pattern.search(function.name):
                    continue  # module code runs once; a self-test opens nothing for a person
                known = self.wrappers.setdefault(key, set())
                if not keys <= known:
                    known.update(keys)
                    changed = True

    def is_decision(self, call: CallSite, function: FunctionFacts) -> bool:
        """Reached through a face match: in its branch, its loop, or given its result,
        also one a project helper returned (`who = identify(img)`, `if who:`)."""
        known = self._decision.get(id(call))
        if known is None:
            known = self._decision[id(call)] = (
                face_guarded(call)
                or call.in_face_loop
                or any(a.value.kind == "match" for a in call.face_args)
                or self._decided_by_helper(call, function)
            )
        return known

    def _decided_by_helper(self, call: CallSite, function: FunctionFacts) -> bool:
        outcomes = self.helper_outcomes(function)
        if not outcomes:
            return False
        earlier = {name for name, line in outcomes.items() if line <= call.span.line}
        return any((a.truth or a.comparison) and a.words & earlier for a in call.guards) or any(
            name in earlier for _, name in call.name_args
        )

    def helper_outcomes(self, function: FunctionFacts) -> Dict[str, int]:
        """Local names holding what a project helper returned about a face match, with
        the line they were bound on."""
        known = self._outcomes.get(id(function))
        if known is None:
            known = {
                name: call.span.line
                for call in function.calls
                if call.assigned_to and self.matching_helpers(call)
                for name in call.assigned_to
            }
            self._outcomes[id(function)] = known = known or _NO_OUTCOMES
        return known

    def matching_helpers(self, call: CallSite) -> List[Tuple[ModuleFacts, FunctionFacts]]:
        """The project functions `call` runs that return a face match outcome."""
        found = (self.project.functions.get(target) for target in self.project.targets.get(id(call), ()))
        return [pair for pair in found if pair is not None and pair[1].returns_match]

    def decisions(self, with_second_factor: bool = False) -> Iterable[Site]:
        """Grants a face match decides; those also behind a non-face credential (face
        after a password, a `@login_required` view) only when `with_second_factor`."""
        found = [
            (module, function, call)
            for module, function, call in self.sites
            if self.is_decision(call, function)
            and self.keys(call)
            and (with_second_factor or not credential_guarded(call, self.catalog))
        ]
        # One problem, one finding: a message saying access was granted is reported only
        # in a function with no stronger grant, once per face decision.
        granting = {id(function) for _, function, call in found if not self._weak(call)}
        decided: Set[Tuple[int, int]] = set()
        for module, function, call in found:
            if self._weak(call):
                lines = {(id(function), line) for line in _face_lines(call)}
                if id(function) in granting or lines & decided:
                    continue
                decided |= lines
            yield module, function, call

    def _weak(self, call: CallSite) -> bool:
        return all(key.startswith("response:") for key in self.keys(call))

    # -- fallbacks -------------------------------------------------------------------------
    def has_fallback(self, module: ModuleFacts, function: FunctionFacts, decision: CallSite) -> bool:
        if self._fallback_sites is None:
            index: Dict[str, List[Site]] = {}
            for site in self.sites:
                if not self.is_decision(site[2], site[1]):
                    for key in self.keys(site[2]):
                        index.setdefault(key, []).append(site)
            self._fallback_sites = index
        programs = self.programs_of(module, function)
        for key in self.keys(decision):
            for other_module, other_function, other in self._fallback_sites.get(key, ()):
                if other is decision or (face_denied(other) and not credential_guarded(other, self.catalog)):
                    continue
                if self._reached_without_face(other_module, other_function, programs):
                    return True
        return False

    def _reached_without_face(self, module: ModuleFacts, function: FunctionFacts, programs: FrozenSet[str]) -> bool:
        """Some way into `function` needs no face match: from a route, a callback or the
        script that runs the decision too; not from another script (`rfid_door.py` is
        not offered to whoever stands at `face_door.py`) nor from a hardware test."""
        key = (module.path, function.qualname, programs)
        if key not in self._reach:
            self._reach[key] = False  # a cycle adds no way in of its own
            if self.catalog.not_a_way_in_pattern.search(function.name):
                return False
            callers = self.project.project_callers(module, function)
            if not callers:  # a route, a script, a callback (of its module's script)
                self._reach[key] = not (programs and self._runs_as_script(module) and module.path not in programs)
            else:
                self._reach[key] = any(
                    not self.is_decision(c.call, c.function)
                    and not face_denied(c.call)
                    and self._reached_without_face(c.module, c.function, programs)
                    for c in callers
                )
        return self._reach[key]

    def programs_of(self, module: ModuleFacts, function: FunctionFacts) -> FrozenSet[str]:
        """The scripts (modules run as `__main__`) whose code reaches `function`."""
        start = (module.path, function.qualname)
        known = self._programs.get(start)
        if known is None:
            scripts: Set[str] = set()
            seen = {start}
            pending = [(module, function)]
            while pending:
                current_module, current = pending.pop()
                if self._is_script(current_module, current):
                    scripts.add(current_module.path)
                for caller in self.project.project_callers(current_module, current):
                    key = (caller.module.path, caller.function.qualname)
                    if key not in seen:
                        seen.add(key)
                        pending.append((caller.module, caller.function))
            known = self._programs[start] = frozenset(scripts)
        return known

    def _is_script(self, module: ModuleFacts, function: FunctionFacts) -> bool:
        return function.qualname == "<module>" and self._runs_as_script(module)

    def _runs_as_script(self, module: ModuleFacts) -> bool:
        """The module has top-level code under `if __name__ == "__main__":`."""
        known = self._scripts.get(module.path)
        if known is None:
            known = self._scripts[module.path] = any(
                "__main__" in atom.words
                for function in module.functions
                if function.qualname == "<module>"
                for call in function.calls
                for atom in call.guards
            )
        return known


_NO_OUTCOMES: Dict[str, int] = {}  # what most functions hold; never written to


def _face_lines(call: CallSite) -> Set[int]:
    return {a.line for a in call.guards if a.face}
