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
from typing import Callable, Dict, List, Optional, Set, Tuple, TypeVar

from frtlint.analysis.facts import SLOTS, CallSite, FaceValue, FunctionFacts, ModuleFacts
from frtlint.catalog import Catalog

FunctionKey = Tuple[str, str]  # (module path, qualname)
T = TypeVar("T")


@dataclass(frozen=True, **SLOTS)
class CallerSite:
    module: ModuleFacts
    function: FunctionFacts
    call: CallSite


class Project:
    def __init__(self, modules: List[ModuleFacts], catalog: Catalog) -> None:
        self.modules = [m for m in modules if m.error is None]
        self.catalog = catalog
        self._shared: Dict[object, object] = {}  # analyses that several rules use, built once
        self._module_parts = {part for m in self.modules for part in m.module.split(".")}
        self.functions: Dict[FunctionKey, Tuple[ModuleFacts, FunctionFacts]] = {}
        self.by_name: Dict[str, List[FunctionKey]] = defaultdict(list)
        self.by_module_name: Dict[str, ModuleFacts] = {}
        # Indexes that keep resolution linear in the project's size: every lookup below
        # used to scan all functions of a name, and generated or large projects repeat
        # names (`enrol`, `unlock`) across hundreds of modules. They hold one list per
        # distinct name and counts per function, not a list per function (memory at scale).
        self._definitions: Dict[FunctionKey, int] = defaultdict(int)  # a name defined twice counts twice
        self._by_qualname: Dict[str, List[Tuple[FunctionKey, str]]] = defaultdict(list)  # with the module's dotted name
        self._module_suffixes: Set[str] = set()  # `app.faces`, `faces` for module app.faces
        for module in self.modules:
            self.by_module_name[module.module] = module
            parts = module.module.split(".")
            self._module_suffixes.update(".".join(parts[start:]) for start in range(len(parts)))
            for function in module.functions:
                key = (module.path, function.qualname)
                self.functions[key] = (module, function)
                self._by_qualname[function.qualname].append((key, module.module))
                if function.qualname != "<module>":
                    self.by_name[function.name].append(key)
                    self._definitions[key] += 1
        self._nearest_index: Dict[Tuple[str, str], _NearestIndex] = {}
        self._methods_named: Dict[str, List[FunctionKey]] = {}
        self._in_module_index: Dict[Tuple[str, str], _NearestIndex] = {}
        function_names = self.by_name.keys()
        self.callers: Dict[FunctionKey, List[CallerSite]] = defaultdict(list)
        # call id -> the project functions it calls. Projects that repeat names link one call
        # to many functions and many calls to the same ones: equal target lists are one tuple,
        # and a call has one CallerSite however many functions it reaches (memory at scale).
        self.targets: Dict[int, Tuple[FunctionKey, ...]] = {}
        # call id -> the project functions passed to it by name (`Thread(target=unlock)`), outside tests
        self.callbacks: Dict[int, Tuple[FunctionKey, ...]] = {}
        equal_targets: Dict[Tuple[FunctionKey, ...], Tuple[FunctionKey, ...]] = {}
        for module in self.modules:
            for function in module.functions:
                for call in function.calls:
                    targets = self.resolve(module, function, call)
                    if targets:  # most calls reach no project function: not stored
                        self.targets[id(call)] = _one_copy(equal_targets, targets)
                    if module.is_test:
                        continue
                    callbacks = [t for word in call.arg_names & function_names for t in self._by_plain_name(module, word)]
                    if callbacks:
                        self.callbacks[id(call)] = _one_copy(equal_targets, callbacks)
                    if not targets and not callbacks:
                        continue
                    site = CallerSite(module, function, call)
                    for target in targets:
                        self.callers[target].append(site)
                    for target in callbacks:
                        if target not in targets:
                            self.callers[target].append(site)

    def shared(self, key: object, build: Callable[["Project"], T]) -> T:
        """An analysis several rules use, built once over the whole project (tests
        included), whichever rule asks first and whatever view of the project it holds."""
        if key not in self._shared:
            self._shared[key] = build(self)
        return self._shared[key]  # type: ignore[return-value]

    # -- resolution -------------------------------------------------------------------
    def resolve(self, module: ModuleFacts, function: FunctionFacts, call: CallSite) -> List[FunctionKey]:
        name = call.name
        if name not in self.by_name or call.api is not None:
            return []  # a catalog API (`recognizer.train`) is not the project's `train`
        if call.receiver in ("self", "cls") and function.class_name:
            own = (module.path, f"{function.class_name}.{name}")
            if own in self._definitions:
                return [own] * self._definitions[own]
            methods = self._methods_named.get(name)
            if methods is None:
                methods = self._methods_named[name] = [k for k in self.by_name[name] if "." in k[1]]
            return list(methods)
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
            if found or not self._is_project_module(target_module.split(".")[0]):
                return found
        return self._nearest_among(name, "any", lambda: list(self.by_name[name])).nearest(module.path)

    def _by_plain_name(self, module: ModuleFacts, name: str) -> List[FunctionKey]:
        same = (module.path, name)
        if "." not in name and same in self._definitions:
            return [same] * self._definitions[same]

        def plain() -> List[FunctionKey]:
            return [k for k in self.by_name.get(name, []) if "." not in k[1]] or list(self.by_name.get(name, []))

        return self._nearest_among(name, "plain", plain).nearest(module.path)

    def _nearest_among(self, name: str, kind: str, candidates: Callable[[], List[FunctionKey]]) -> "_NearestIndex":
        index = self._nearest_index.get((name, kind))
        if index is None:
            index = self._nearest_index[(name, kind)] = _NearestIndex(candidates())
        return index

    def _in_module(self, dotted_module: str, name: str, near: str = "") -> List[FunctionKey]:
        index = self._in_module_index.get((dotted_module, name))
        if index is None:
            defined = self._by_qualname.get(name, ())
            # Modules whose dotted name ends with the imported one (`faces` for app.faces) ...
            candidates = [key for key, module in defined if module == dotted_module or module.endswith("." + dotted_module)]
            parts = dotted_module.split(".")
            for start in range(1, len(parts)):  # ... or `pkg.app.faces` imported where the project root is `app`
                shorter = ".".join(parts[start:])
                candidates += [key for key, module in defined if module == shorter]
            index = self._in_module_index[(dotted_module, name)] = _NearestIndex(candidates)
        return list(index.nearest(near))

    def _is_project_module(self, dotted_module: str) -> bool:
        return dotted_module in self._module_parts or dotted_module in self._module_suffixes

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
            if (module.path, function.qualname) not in self.targets.get(id(caller.call), ()):
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


def _one_copy(
    copies: Dict[Tuple[FunctionKey, ...], Tuple[FunctionKey, ...]], keys: List[FunctionKey]
) -> Tuple[FunctionKey, ...]:
    found = tuple(keys)
    return copies.setdefault(found, found)


_FOLDERS: Dict[str, Tuple[str, ...]] = {}


def _folders(path: str) -> Tuple[str, ...]:
    known = _FOLDERS.get(path)
    if known is None:
        known = _FOLDERS[path] = tuple(path.split("/")[:-1])
    return known


class _NearestIndex:
    """The candidates closest to a path in the folder tree (those sharing the most
    leading folders with it; same package first), for many paths over one list.

    Candidates are filed under every folder prefix of their path, so the nearest ones
    for a path are those under its longest prefix that has any: no scan per query.
    """

    def __init__(self, candidates: List[FunctionKey]) -> None:
        self._candidates = candidates
        self._under: Dict[Tuple[str, ...], List[FunctionKey]] = defaultdict(list)
        for key in candidates:
            folders = _folders(key[0])
            for depth in range(len(folders) + 1):
                self._under[folders[:depth]].append(key)
        self._answers: Dict[Tuple[str, ...], List[FunctionKey]] = {}

    def nearest(self, path: str) -> List[FunctionKey]:
        if len(self._candidates) <= 1 or not path:
            return self._candidates
        folder = _folders(path)
        known = self._answers.get(folder)
        if known is None:
            known = self._candidates
            for depth in range(len(folder), -1, -1):
                under = self._under.get(folder[:depth])
                if under:
                    known = under
                    break
            self._answers[folder] = known
        return known
