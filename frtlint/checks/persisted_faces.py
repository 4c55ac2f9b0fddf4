"""What FRT101 (raw face images) and FRT103 (face templates) share about a call that
persists data: which of its arguments it writes, what to call it in a message, and a face
value that a project caller passes into the helper that holds the call."""

from __future__ import annotations

from dataclasses import replace
from typing import List, Optional, Tuple

from frtlint.analysis.facts import CallSite, FaceValue, FunctionFacts, ModuleFacts, Origin
from frtlint.analysis.project import CallerSite, Project
from frtlint.catalog import SinkSpec


def written_slot(slot: str, spec: SinkSpec) -> bool:
    """Whether the sink writes the argument in `slot` (a position, a keyword or "receiver")."""
    if slot == "receiver":
        return spec.receiver
    if slot.isdigit():
        return int(slot) in spec.data
    return slot in spec.keywords or "*" in spec.keywords


def sink_label(call: CallSite) -> str:
    """The persisting call as a message names it: `np.save()`, `fh.write()`, `save()`."""
    if call.resolved:
        return ".".join(call.callee.split(".")[-2:]) + "()"
    if call.method and call.receiver:
        return f"{call.receiver.split('.')[-1]}.{call.name}()"
    return f"{call.name}()"


def face_passed_into_sink(
    project: Project, module: ModuleFacts, function: FunctionFacts, call: CallSite, spec: SinkSpec, kind: str
) -> Optional[Tuple[FaceValue, CallerSite]]:
    """A parameter of `function` that the sink writes, for which some project caller passes
    face data of `kind` (`enroll(uid, get_embedding(face))` into `def enroll(uid, e): db.save(e)`)."""
    for slot, parameter in call.param_args:
        if written_slot(slot, spec):
            found = project.face_passed_to(module, function, parameter, (kind,))
            if found:
                return found
    return None


def passed_in_evidence(passed: Tuple[FaceValue, CallerSite]) -> List[Origin]:
    """Where the caller's face value comes from, and the call that passes it in."""
    value, caller = passed
    return [
        replace(value.origin, path=caller.module.path),
        Origin(caller.call.span.line, caller.call.span.column, f"passed in by {caller.function.qualname}", caller.module.path),
    ]
