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
from typing import Any, Dict, FrozenSet, Optional, Tuple

from frtlint.analysis.facts import Atom, CallSite, FaceArg, ModuleFacts

_EMPTY_LITERALS: Dict[str, Any] = {}  # never written to: facts are read-only after extraction


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
        call.receiver_type = self.text(call.receiver_type)
        call.receiver_origin = self.text(call.receiver_origin)
        call.path_shape = self.text(call.path_shape)
        call.result = self.text(call.result)
        call.assigned_to = self.names(call.assigned_to)
        call.response_args = self.names(call.response_args)
        call.path_args = self.pairs(call.path_args)
        call.read_args = self.pairs(call.read_args)
        if not call.literals:
            call.literals = _EMPTY_LITERALS


_PROCESS_SHARING = Sharing()


def compact(module: ModuleFacts, sharing: Sharing = _PROCESS_SHARING) -> ModuleFacts:
    """`module`, with its equal pieces replaced by shared ones (in place)."""
    for function in module.functions:
        for call in function.calls:
            sharing.call(call)
    return module
