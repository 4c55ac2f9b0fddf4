"""Project code that runs a face model the catalog does not name (FRT301, FRT201).

The catalog names library calls. Projects also run face models of their own, and
frtlint reads these calls as the face API they amount to:

- a model inference (`race_model.predict(x)`, `self.model.predict(x)` inside
  `RaceModel.predict_race`) whose receiver, function or class is named for a sensitive
  attribute, in a module that does face processing (a face library, or a model file
  named for race such as `fairface_race.h5`): analysis that infers that attribute;
- a call asking a face service for templates by keyword (`extract_embedding=True`) on
  an object named for a face model (`insightface_client.extract(...)`): embedding;
- a vector-index search handed face templates (`search_embedding(col, face_encodings)`):
  1:N identification;
- a call to a method of a project class that wraps a face API: one named for faces,
  embeddings or recognition (`FaceEmbedder.embed`, `FacePipeline.get_embedding`) that
  runs a face API on what its caller hands it (a parameter), with no consent check of
  its own, directly or through another wrapper, when some caller of it does check
  consent first: then each entry that skips the check is its own problem. Otherwise
  (one problem, one finding) the face API call inside is the finding. Only calls from
  outside the wrappers count (the application code), so a chain of wrappers is
  reported where the application enters it; a wrapper that runs the model on data of
  its own (a warm-up on a blank image, a camera it opens) is reported at that face API
  call only.

Vocabulary is catalog data (`[face-models]` in markers.toml). The result is computed
once per project (`project.shared()`), in one pass over the calls and one walk up the
call graph from the wrappers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Dict, List, Optional, Set, Tuple

from frtlint.analysis.facts import CallSite, FunctionFacts, ModuleFacts
from frtlint.analysis.project import FunctionKey, Project
from frtlint.catalog import RECOGNITION_KINDS, Catalog
from frtlint.checks.attributes import estimates_person_attributes
from frtlint.checks.guards import consent_decorated, consent_guarded

_SHARED_KEY = "face_models.model_calls"
_WORD = re.compile(r"[A-Z]?[a-z0-9]+|[A-Z]+(?![a-z])")
# When a wrapper runs several kinds of face API, the one its callers are told about.
_KIND_ORDER = ("identify", "verify", "enroll", "embed", "analyze")


@dataclass(frozen=True)
class ModelCall:
    """A call that runs a face model the catalog does not name."""

    kind: str  # analyze | embed | verify | identify | enroll
    reason: str  # how frtlint knows, for the finding's message
    attribute: str = ""  # the sensitive attribute an analysis infers ("race"), if any


def words(name: str) -> List[str]:
    """`FaceEmbedder` -> ["face", "embedder"]; `lr_clf_race` -> ["lr", "clf", "race"]."""
    return [w.lower() for w in _WORD.findall(name)]


def short_name(dotted: str) -> str:
    """`deepface.DeepFace.analyze` -> "DeepFace.analyze": an API as findings name it."""
    return ".".join(dotted.split(".")[-2:])


@lru_cache(maxsize=8192)
def snake(name: str) -> str:
    """`FaceEmbedder` -> "face_embedder" (asked for the same names many times)."""
    return "_".join(words(name))


def model_calls(project: Project) -> Dict[int, ModelCall]:
    """`id(call)` -> what the call runs, for every such call in the project."""
    return project.shared(_SHARED_KEY, lambda whole: _ModelCalls(whole).compute())


def sensitive_inference(module_in_face_context: bool, function: FunctionFacts, call: CallSite, catalog: Catalog) -> str:
    """The sensitive attribute a model inference is named for ("race"), or ""."""
    if not module_in_face_context or call.api is not None or not call.method:
        return ""
    if call.name not in catalog.inference_methods:
        return ""
    for name in (call.receiver, function.name, function.class_name or ""):
        token = next((w for w in words(name) if catalog.sensitive_category(w)), "")
        if token:
            return token
    return ""


def face_context(module: ModuleFacts, catalog: Catalog) -> bool:
    """The module does face processing: a face library, or a model file named for race."""
    if any(target.split(".")[0] in catalog.module_roots for target in module.imports.values()):
        return True
    for _, call in module.all_calls():
        if call.api is not None:
            return True
        if any(isinstance(v, str) and catalog.sensitive_model_file_pattern.search(v) for v in call.literals.values()):
            return True
    return False


class _ModelCalls:
    def __init__(self, project: Project) -> None:
        self.project = project
        self.catalog = project.catalog
        self.found: Dict[int, ModelCall] = {}

    def compute(self) -> Dict[int, ModelCall]:
        runs: Dict[FunctionKey, str] = {}  # functions that run a face API unguarded: the kind
        for module in self.project.modules:
            in_face_context = face_context(module, self.catalog)
            for function, call in module.all_calls():
                found = self._direct(in_face_context, function, call)
                if found is not None:
                    self.found[id(call)] = found
                kind = found.kind if found else self._catalog_kind(call)
                if kind and (call.param_args or function.face_params) and self._unchecked(function, call):
                    key = (module.path, function.qualname)
                    runs[key] = _stronger(runs.get(key), kind)
        self._wrapper_calls(runs)
        return self.found

    def _unchecked(self, function: FunctionFacts, call: CallSite) -> bool:
        return not consent_guarded(call, self.catalog) and not consent_decorated(function, self.catalog)

    def _catalog_kind(self, call: CallSite) -> Optional[str]:
        if call.kind in RECOGNITION_KINDS:
            return call.kind
        if call.kind == "detect" and estimates_person_attributes(call, self.catalog):
            return "analyze"
        return None

    def _direct(self, in_face_context: bool, function: FunctionFacts, call: CallSite) -> Optional[ModelCall]:
        if call.api is not None:
            return None
        attribute = sensitive_inference(in_face_context, function, call, self.catalog)
        if attribute:
            return ModelCall("analyze", f"runs a model named for {attribute}", attribute)
        if self._asks_for_templates(call):
            return ModelCall("embed", "asks a face model for templates")
        if self._searches_templates(call):
            return ModelCall("identify", "searches a vector index with face templates")
        return None

    def _asks_for_templates(self, call: CallSite) -> bool:
        asks = any(v is True and self.catalog.embedding_keyword_pattern.search(k) for k, v in call.literals.items())
        return asks and bool(self.catalog.face_wrapper_pattern.search(snake(call.callee)))

    def _searches_templates(self, call: CallSite) -> bool:
        if not self.catalog.vector_search_pattern.search(snake(call.name)):
            return False
        if any(arg.value.kind == "template" for arg in call.face_args):
            return True
        return any(self.catalog.template_name_pattern.search(w) for w in call.arg_words)

    def _is_wrapper_name(self, function: FunctionFacts) -> bool:
        pattern = self.catalog.face_wrapper_pattern
        return bool(pattern.search(snake(function.name))) or bool(
            function.class_name and pattern.search(snake(function.class_name))
        )

    def _wrapper_calls(self, runs: Dict[FunctionKey, str]) -> None:
        """Walk up from the named functions that run a face API: a named caller is a
        wrapper too; a call from any other function is the face API call."""
        functions = self.project.functions
        wrappers: Dict[FunctionKey, str] = {
            key: kind for key, kind in runs.items() if key in functions and self._is_wrapper_name(functions[key][1])
        }
        queue: List[FunctionKey] = list(wrappers)
        entries: List[Tuple[FunctionKey, CallSite]] = []
        seen: Set[FunctionKey] = set(queue)
        consented: Set[FunctionKey] = set()  # wrappers some caller calls only after consent
        while queue:
            target = queue.pop()
            for caller in self.project.callers.get(target, ()):
                if target not in self.project.targets.get(id(caller.call), ()):
                    continue  # handed over as a callback, not called here
                key = (caller.module.path, caller.function.qualname)
                if key == target:
                    continue
                if not self._unchecked(caller.function, caller.call):
                    consented.add(target)
                if self._is_wrapper_name(caller.function):
                    if caller.call.param_args and self._unchecked(caller.function, caller.call):
                        wrappers[key] = _stronger(wrappers.get(key), wrappers[target])
                        if key not in seen:
                            seen.add(key)
                            queue.append(key)
                else:
                    entries.append((target, caller.call))
        for target, call in entries:
            if functions[target][1].class_name is None or target not in consented:
                # One problem, one finding: the face API call inside is reported already
                # (with an unguarded caller as evidence) unless the project shows the
                # class's method is meant to run after consent: then each entry that
                # skips the check is its own problem.
                continue
            if id(call) not in self.found and call.api is None:
                self.found[id(call)] = ModelCall(wrappers[target], f"calls {target[1]}(), which runs a face model")


def _stronger(current: Optional[str], kind: str) -> str:
    if current is None:
        return kind
    return current if _KIND_ORDER.index(current) <= _KIND_ORDER.index(kind) else kind
