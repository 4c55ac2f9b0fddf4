"""Share equal pieces of module facts, so a large project's facts fit in memory.

A run keeps the facts of every face-related module for the project-wide checks. Most
of their bulk repeats: the word sets of call arguments and conditions (a 300,000-line
corpus has about 160,000 of them but only about 2,000 distinct ones), the guard atoms
every call in a block shares, empty containers, and names. Facts built by a worker or
read from the cache arrive as fresh copies, so the run passes every module through
`compact` once; equal values then become one object.
"""

from __future__ import annotations

import sys
from typing import Any, Dict, FrozenSet, List, Optional, Tuple

from frtlint.analysis.facts import NO_DETAILS, Atom, CallDetails, CallSite, FaceArg, FunctionFacts, ModuleFacts

# Never written to: facts are read-only after extraction.
_EMPTY_LITERALS: Dict[str, Any] = {}
_NO_ITEMS: List[Any] = []  # most functions read no keys and compare no match scores


class Sharing:
    """The shared copies seen so far (one per process)."""

    def __init__(self) -> None:
        self._sets: Dict[FrozenSet[str], FrozenSet[str]] = {}
        self._atoms: Dict[Atom, Atom] = {}
        self._guards: Dict[Tuple[Atom, ...], Tuple[Atom, ...]] = {}
        self._face_args: Dict[Tuple[FaceArg, ...], Tuple[FaceArg, ...]] = {}
        self._pairs: Dict[Tuple[Tuple[str, str], ...], Tuple[Tuple[str, str], ...]] = {}
        self._texts: Dict[str, str] = {}
        self._names: Dict[Tuple[str, ...], Tuple[str, ...]] = {}
        self._literals: Dict[Tuple[Tuple[str, Any], ...], Dict[str, Any]] = {}  # see literals
        self._details: Dict[CallDetails, CallDetails] = {}
        self._lines: Dict[Tuple[Tuple[str, int], ...], Tuple[Tuple[str, int], ...]] = {}

    def text(self, text: Optional[str]) -> Optional[str]:
        """A call's source text: generated and copied code repeats it across modules."""
        if text is None:
            return None
        return self._texts.setdefault(text, text)

    def names(self, names: Tuple[str, ...]) -> Tuple[str, ...]:
        if not names:
            return ()
        return self._names.setdefault(names, names)

    def words(self, words: FrozenSet[str]) -> FrozenSet[str]:
        shared = self._sets.get(words)
        if shared is None:
            shared = self._sets[words] = frozenset(sys.intern(w) for w in words)
        return shared

    def atom(self, atom: Atom) -> Atom:
        shared = self._atoms.get(atom)
        if shared is None:
            # Atoms are frozen; their word set is swapped for the shared equal one.
            object.__setattr__(atom, "words", self.words(atom.words))
            shared = self._atoms[atom] = atom
        return shared

    def guards(self, guards: Tuple[Atom, ...]) -> Tuple[Atom, ...]:
        if not guards:
            return ()
        shared = self._guards.get(guards)
        if shared is None:
            shared = self._guards[guards] = tuple(self.atom(a) for a in guards)
        return shared

    def face_args(self, args: Tuple[FaceArg, ...]) -> Tuple[FaceArg, ...]:
        if not args:
            return ()
        return self._face_args.setdefault(args, args)

    def pairs(self, pairs: Tuple[Tuple[str, str], ...]) -> Tuple[Tuple[str, str], ...]:
        """(slot, name) pairs: the arguments that carry a parameter or a local name."""
        if not pairs:
            return ()
        shared = self._pairs.get(pairs)
        if shared is None:
            shared = self._pairs[pairs] = tuple((sys.intern(slot), sys.intern(name)) for slot, name in pairs)
        return shared

    def literals(self, literals: Dict[str, Any]) -> Dict[str, Any]:
        """Literal arguments: calls repeat them (`cv2.imwrite(path, img)`, `get("name")`).
        Only dicts of hashable values are shared; others stay the call's own."""
        if not literals:
            return _EMPTY_LITERALS
        try:
            # Keyed with each value's type: `1`, `1.0` and `True` are equal, but a check that
            # reads `enforce_detection=True` must not see `1` from another call.
            key = tuple((slot, _typed(value)) for slot, value in literals.items())
            return self._literals.setdefault(key, literals)
        except TypeError:  # a list or dict literal
            return literals

    def function(self, function: FunctionFacts) -> None:
        function.qualname = sys.intern(function.qualname)
        function.name = sys.intern(function.name)
        if function.class_name is not None:
            function.class_name = sys.intern(function.class_name)
        function.decorators = self.names(function.decorators)
        function.params = self.names(function.params)
        function.face_params = self.names(function.face_params)
        function.anonymised_params = self.names(function.anonymised_params)
        function.face_path_params = self.names(function.face_path_params)
        function.face_attributes = self.names(function.face_attributes)
        function.back_edges = self.pairs(function.back_edges)
        function.forward_edges = self.pairs(function.forward_edges)
        if function.face_paths:
            function.face_paths = self._lines.setdefault(function.face_paths, function.face_paths)
        if not function.key_reads:
            function.key_reads = _NO_ITEMS
        if not function.match_comparisons:
            function.match_comparisons = _NO_ITEMS
        for call in function.calls:
            self.call(call)

    def call(self, call: CallSite) -> None:
        call.callee = sys.intern(call.callee)
        call.name = sys.intern(call.name)
        call.receiver = sys.intern(call.receiver)
        call.guards = self.guards(call.guards)
        call.face_args = self.face_args(call.face_args)
        call.arg_words = self.words(call.arg_words)
        call.arg_names = self.words(call.arg_names)
        call.param_args = self.pairs(call.param_args)
        call.name_args = self.pairs(call.name_args)
        call.text = self.text(call.text)
        call.result = self.text(call.result)
        call.assigned_to = self.names(call.assigned_to)
        if call.details is not NO_DETAILS:
            call.details = self._details.setdefault(call.details, call.details)
        call.literals = self.literals(call.literals)


def _typed(value: Any) -> Any:
    """`value` with the type of it and of every item of a tuple, for an equality that tells
    `1` from `True`; raises TypeError for an unhashable value."""
    if type(value) is tuple:
        return tuple(_typed(item) for item in value)
    hash(value)
    return type(value), value


_PROCESS_SHARING = Sharing()


def compact(module: ModuleFacts, sharing: Sharing = _PROCESS_SHARING) -> ModuleFacts:
    """`module`, with its equal pieces replaced by shared ones (in place)."""
    for function in module.functions:
        sharing.function(function)
    return module
