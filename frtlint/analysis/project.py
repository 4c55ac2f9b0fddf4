"""The project pass: a call graph over every module's facts.

Calls are linked to project functions by name, the way a reader would: `self.f()` to
the method of the same class, `f()` to the module's own or an imported function,
`obj.f()` to any project function of that name. A function passed as a value
(`Thread(target=self.loop)`, `view_func=enroll`) counts as called from that site.
Callers under test folders are ignored.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Dict, List, Optional, Tuple

from frtlint.analysis.facts import CallSite, FaceValue, FunctionFacts, ModuleFacts
from frtlint.catalog import Catalog

FunctionKey = Tuple[str, str]  # (module path, qualname)


@dataclass(frozen=True)
class CallerSite:
    module: ModuleFacts
    function: FunctionFacts
    call: CallSite


class Project:
    def __init__(self, modules: List[ModuleFacts], catalog: Catalog) -> None:
        self.modules = [m for m in modules if m.error is None]
        self.catalog = catalog
        self.shared: Dict[object, object] = {}  # analyses that several rules use, built once
        self._nearest_cache: Dict[Tuple[Tuple[str, ...], str, str], List[FunctionKey]] = {}
        self._module_parts = {part for m in self.modules for part in m.module.split(".")}
        self._by_suffix: Dict[str, List[ModuleFacts]] = defaultdict(list)
        for module in self.modules:
            parts = module.module.split(".")
            for start in range(len(parts)):
                self._by_suffix[".".join(parts[start:])].append(module)
        self.functions: Dict[FunctionKey, Tuple[ModuleFacts, FunctionFacts]] = {}
        self.by_name: Dict[str, List[FunctionKey]] = defaultdict(list)
        self.by_module_name: Dict[str, ModuleFacts] = {}
        for module in self.modules:
            self.by_module_name[module.module] = module
            for function in module.functions:
                key = (module.path, function.qualname)
                self.functions[key] = (module, function)
                if function.qualname != "<module>":
                    self.by_name[function.name].append(key)
        self.callers: Dict[FunctionKey, List[CallerSite]] = defaultdict(list)
        self.targets: Dict[int, List[FunctionKey]] = {}
        for module in self.modules:
            for function in module.functions:
                for call in function.calls:
                    targets = self.resolve(module, function, call)
                    self.targets[id(call)] = targets
                    if module.is_test:
                        continue
                    for target in targets:
                        self.callers[target].append(CallerSite(module, function, call))
                    for word in call.arg_names & set(self.by_name):
                        for target in self._by_plain_name(module, word):
                            if target not in targets:
                                self.callers[target].append(CallerSite(module, function, call))

    # -- resolution -------------------------------------------------------------------
    def resolve(self, module: ModuleFacts, function: FunctionFacts, call: CallSite) -> List[FunctionKey]:
        name = call.name
        if name not in self.by_name or call.api is not None:
            return []  # a catalog API (`recognizer.train`) is not the project's `train`
        if call.receiver in ("self", "cls") and function.class_name:
            own = [k for k in self.by_name[name] if k[0] == module.path and k[1] == f"{function.class_name}.{name}"]
            if own:
                return own
            return [k for k in self.by_name[name] if "." in k[1]]
        if call.receiver == "":
            imported = module.imports.get(name)
            if imported:
                target_module, _, target_name = imported.rpartition(".")
                found = self._in_module(target_module, target_name, module.path)
                if found:
                    return found
                if call.resolved and not self._is_project_module(target_module):
                    return []
            return self._by_plain_name(module, name)
        if call.resolved and call.api is None:
            # `helpers.encode(...)` where helpers is an imported project module.
            target_module, _, target_name = call.callee.rpartition(".")
            found = self._in_module(target_module, target_name, module.path)
            if found or not self._is_project_module(target_module.split(".")[0], prefix=True):
                return found
        key = (_folders(module.path), name, "any")
        if key not in self._nearest_cache:
            self._nearest_cache[key] = _nearest(module.path, list(self.by_name[name]))
        return self._nearest_cache[key]

    def _by_plain_name(self, module: ModuleFacts, name: str) -> List[FunctionKey]:
        same = [k for k in self.by_name.get(name, []) if k[0] == module.path and "." not in k[1]]
        if same:
            return same
        key = (_folders(module.path), name, "plain")
        if key not in self._nearest_cache:
            plain = [k for k in self.by_name.get(name, []) if "." not in k[1]] or list(self.by_name.get(name, []))
            self._nearest_cache[key] = _nearest(module.path, plain)
        return self._nearest_cache[key]

    def _in_module(self, dotted_module: str, name: str, near: str = "") -> List[FunctionKey]:
        modules = list(self._by_suffix.get(dotted_module, []))
        parts = dotted_module.split(".")
        for start in range(1, len(parts)):  # `pkg.app.faces` imported where the project root is `app`
            modules += [m for m in self._by_suffix.get(".".join(parts[start:]), []) if m.module == ".".join(parts[start:])]
        candidates = [
            (module.path, f.qualname) for module in modules for f in module.functions if f.qualname == name
        ]
        return _nearest(near, candidates)

    def _is_project_module(self, dotted_module: str, prefix: bool = False) -> bool:
        return dotted_module in self._module_parts or dotted_module in self._by_suffix

    # -- queries ------------------------------------------------------------------------
    def project_callers(self, module: ModuleFacts, function: FunctionFacts) -> List[CallerSite]:
        return self.callers.get((module.path, function.qualname), [])

    def face_passed_to(
        self, module: ModuleFacts, function: FunctionFacts, parameter: str, kinds: Tuple[str, ...], depth: int = 3
    ) -> Optional[Tuple[FaceValue, CallerSite]]:
        """Face data of these kinds that some project caller passes for `parameter`."""
        if depth <= 0 or parameter not in function.params:
            return None
        position = str(function.params.index(parameter))
        for caller in self.project_callers(module, function):
            if id(caller.call) in self.targets and (module.path, function.qualname) not in self.targets[id(caller.call)]:
                continue  # linked as a callback, not called with arguments
            for arg in caller.call.face_args:
                if arg.slot in (position, parameter) and arg.value.kind in kinds:
                    return arg.value, caller
            for slot, outer in caller.call.param_args:
                if slot in (position, parameter):
                    found = self.face_passed_to(caller.module, caller.function, outer, kinds, depth - 1)
                    if found:
                        return found[0], caller
        return None

_FOLDERS: Dict[str, Tuple[str, ...]] = {}


def _folders(path: str) -> Tuple[str, ...]:
    known = _FOLDERS.get(path)
    if known is None:
        known = _FOLDERS[path] = tuple(path.split("/")[:-1])
    return known


def _nearest(path: str, candidates: List[FunctionKey]) -> List[FunctionKey]:
    """The candidates closest to `path` in the folder tree (same package first)."""
    if len(candidates) <= 1 or not path:
        return candidates
    folder = _folders(path)

    def shared(key: FunctionKey) -> int:
        other = _folders(key[0])
        count = 0
        for a, b in zip(folder, other):
            if a != b:
                break
            count += 1
        return count

    scored = [(shared(k), k) for k in candidates]
    best = max(score for score, _ in scored)
    return [k for score, k in scored if score == best]
