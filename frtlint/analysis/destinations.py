"""Face data known by where it goes, over the whole project (FRT101).

A value is a face image when it reaches a face API anywhere in the project, before or
after it is stored. The walker sees this inside one function (seeds); this pass adds:

- project functions that hand a parameter to a face API, directly or through other
  project functions (`face_params`, solved to a fixpoint over the call graph);
- in each function, the local names whose data reaches such a parameter, followed back
  through the function's `x = f(y)` links (`frame_rgb = cvtColor(frame)` then
  `recognise(frame_rgb)`: `frame` held the face image);
- the files and folders whose images reach a face API: paths a face API loads, files
  whose content is read and handed to one, paths passed to a project function that loads
  them (see analysis/paths.py for shapes).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, FrozenSet, Iterator, List, Optional, Set, Tuple

from frtlint.analysis.facts import CallSite, FunctionFacts, ModuleFacts, Origin
from frtlint.analysis.paths import face_places, matches
from frtlint.analysis.project import FunctionKey, Project

@dataclass
class FaceDestinations:
    face_params: Dict[FunctionKey, Set[str]]
    path_params: Dict[FunctionKey, Set[str]]
    names: Dict[FunctionKey, Dict[str, Origin]]  # local names whose data reaches a face API
    attributes: Dict[Tuple[str, str], Dict[str, Origin]]  # (module path, class) -> `self.x` handed to one
    files: Set[str]
    folders: Set[str]
    evidence: Dict[str, Origin]  # face file or folder -> where a face API reads it

    def name_origin(self, module: ModuleFacts, function: FunctionFacts, name: str) -> Optional[Origin]:
        if name.startswith("self.") and function.class_name:
            found = self.attributes.get((module.path, function.class_name), {}).get(name[5:])
            if found is not None:
                return found
        return self.names.get((module.path, function.qualname), {}).get(name)

    def place_of(self, shape: Optional[str]) -> Optional[Tuple[str, Origin]]:
        if not shape:
            return None
        place = matches(shape, self.files, self.folders)
        return (place, self.evidence[place]) if place is not None else None


def face_destinations(project: Project) -> FaceDestinations:
    return project.shared(FaceDestinations, _solve)


def targets_of(project: Project, call: CallSite, slot: str) -> Iterator[Tuple[FunctionKey, FunctionFacts, str]]:
    """(key, function, parameter) of each project function receiving argument `slot`."""
    for key in project.targets.get(id(call), ()):
        _, target = project.functions[key]
        if slot.isdigit():
            index = int(slot)
            if index < len(target.params):
                yield key, target, target.params[index]
        elif slot in target.params:
            yield key, target, slot


_NONE: FrozenSet[str] = frozenset()


def _solve(project: Project) -> FaceDestinations:
    face_params: Dict[FunctionKey, Set[str]] = {}
    path_params: Dict[FunctionKey, Set[str]] = {}
    callers: List[Tuple[FunctionKey, FunctionFacts]] = []
    for key, (module, function) in project.functions.items():
        # Kept only where non-empty: most functions take no face data, and a project's
        # worth of empty sets was a tenth of a large run's memory.
        if function.face_params:
            face_params[key] = set(function.face_params)
        if function.face_path_params:
            path_params[key] = set(function.face_path_params)
        if function.calls:
            callers.append((key, function))
    names: Dict[FunctionKey, Dict[str, Origin]] = {}
    changed = True
    while changed:  # the sets only grow, so this ends; a chain of n helpers takes up to n rounds
        changed = False
        for key, function in callers:
            reached = _reached_names(project, function, face_params)
            if reached:
                names[key] = reached
            else:
                names.pop(key, None)
            params = function.params
            fresh = {p for p in params if p in reached} - face_params.get(key, _NONE)
            for call in function.calls:
                for slot, parameter in call.param_args:
                    if parameter in path_params.get(key, _NONE) or parameter in face_params.get(key, _NONE):
                        continue
                    if any(p in path_params.get(k, _NONE) for k, _, p in targets_of(project, call, slot)):
                        path_params.setdefault(key, set()).add(parameter)
                        changed = True
            if fresh:
                face_params.setdefault(key, set()).update(fresh)
                changed = True
    shapes: Dict[str, Origin] = {}
    for key, (module, function) in project.functions.items():
        for shape, line in function.face_paths:
            shapes.setdefault(shape, Origin(line, 1, "read by a face API", module.path))
        for call in function.calls:
            for slot, shape in call.path_args:
                for target_key, target, parameter in targets_of(project, call, slot):
                    if parameter in face_params.get(target_key, _NONE) or parameter in path_params.get(target_key, _NONE):
                        shapes.setdefault(shape, Origin(call.span.line, call.span.column, f"loaded by {target.qualname}", module.path))
            for slot, shape in call.read_args:
                for target_key, target, parameter in targets_of(project, call, slot):
                    if parameter in face_params.get(target_key, _NONE):
                        shapes.setdefault(shape, Origin(call.span.line, call.span.column, f"read and passed to {target.qualname}", module.path))
    attributes: Dict[Tuple[str, str], Dict[str, Origin]] = {}
    for module, function in ((m, f) for m in project.modules for f in m.functions):
        if function.class_name and function.face_attributes:
            known = attributes.setdefault((module.path, function.class_name), {})
            for attribute in function.face_attributes:
                known.setdefault(
                    attribute, Origin(function.span.line, function.span.column, f"handed to a face API in {function.qualname}")
                )
    files, folders = face_places(shapes)
    copies = [
        (call.path_shape, shape, module, call)
        for module, function in ((m, f) for m in project.modules for f in m.functions)
        for call in function.calls
        if call.path_shape and call.read_args
        for _, shape in call.read_args
    ]
    while copies:  # `shapes` only grows
        more = {
            shape: Origin(call.span.line, call.span.column, f"its content written to the face image file '{written}'", module.path)
            for written, shape, module, call in copies
            if shape not in shapes and matches(written, files, folders)
        }
        if not more:
            break
        shapes.update(more)
        files, folders = face_places(shapes)
    evidence: Dict[str, Origin] = {}
    for shape, origin in shapes.items():
        if shape in files:
            evidence.setdefault(shape, origin)
        folder = shape.rpartition("/")[0]
        if folder in folders:
            evidence.setdefault(folder, origin)
    return FaceDestinations(face_params, path_params, names, attributes, files, folders, evidence)


def _reached_names(project: Project, function: FunctionFacts, face_params: Dict[FunctionKey, Set[str]]) -> Dict[str, Origin]:
    """Local names whose data reaches a project function's face parameter, followed back
    through `x = f(y)` links."""
    reached: Dict[str, Origin] = {}
    for call in function.calls:
        if call.result and call.result not in reached:
            for key in project.targets.get(id(call), ()):
                target = project.functions[key][1]
                if target.returns_image:
                    reached[call.result] = Origin(call.span.line, call.span.column, f"a face image returned by {target.qualname}")
                    break
        for slot, name in call.name_args:
            if name in reached:
                continue
            for target_key, target, parameter in targets_of(project, call, slot):
                if parameter in face_params.get(target_key, _NONE):
                    reached[name] = Origin(
                        call.span.line, call.span.column, f"passed to {target.qualname}, which runs face recognition on it"
                    )
                    break
    if not reached or not (function.back_edges or function.forward_edges):
        return reached
    sources: Dict[str, List[str]] = {}
    for target_name, source in function.back_edges:
        if source not in ("self", "cls"):
            sources.setdefault(target_name, []).append(source)
    _spread(reached, sources)
    carriers: Dict[str, List[str]] = {}  # y -> the names that carry y's image onward
    for carrier, source in function.forward_edges:
        carriers.setdefault(source, []).append(carrier)
    _spread(reached, carriers)
    return reached


def _spread(reached: Dict[str, Origin], links: Dict[str, List[str]]) -> None:
    """Give every name linked (transitively) from a reached name that name's origin."""
    pending = list(reached)
    while pending:
        name = pending.pop()
        for linked in links.get(name, ()):
            if linked not in reached:
                reached[linked] = reached[name]
                pending.append(linked)
