"""The per-function pass: face-data flow, guards and call sites, in source order.

A function body is interpreted statement by statement. Along the way the walker keeps
which local names hold face data (and where it came from), which conditions hold on
the current path (guards), and records every call with that context.

The walker is split by concern: `seeding`, `statements` (a handler per statement kind),
`binding`, `paths`, `expressions` (a handler per expression kind), `calls` and `values`;
`support` holds what they share.
"""

from __future__ import annotations

from typing import Callable, Dict, List, Mapping, Optional, Sequence, Set, Tuple

import libcst as cst

from frtlint.analysis.facts import Atom, CallSite, FaceValue, FunctionFacts
from frtlint.analysis.path_shapes import ShapeOf
from frtlint.analysis.resolver import Resolver
from frtlint.analysis.syntax import literal
from frtlint.catalog import ApiSpec, Catalog
from frtlint.analysis.walker.binding import Binding
from frtlint.analysis.walker.calls import CallRecords
from frtlint.analysis.walker.expressions import Expressions
from frtlint.analysis.walker.paths import FilePaths
from frtlint.analysis.walker.seeding import Seeding
from frtlint.analysis.walker.statements import Statements
from frtlint.analysis.walker.values import FaceValues
from frtlint.analysis.walker.support import PositionOf, decorator_target, node_text, param_defaults

__all__ = ["FunctionWalker", "decorator_target", "param_defaults"]


class FunctionWalker(
    Seeding,
    Statements,
    Binding,
    FilePaths,
    Expressions,
    CallRecords,
    FaceValues,
):
    """Walks one function (or the module's top-level code) and fills FunctionFacts."""

    def __init__(
        self,
        resolver: Resolver,
        catalog: Catalog,
        position_of: PositionOf,
        facts: FunctionFacts,
        class_name: Optional[str],
        params: Mapping[str, Optional[cst.BaseExpression]],
        base_guards: Tuple[Atom, ...] = (),
        text_of: Optional[Callable[[cst.CSTNode], str]] = None,
    ) -> None:
        self.resolver = resolver
        self.text_of = text_of or node_text
        self.catalog = catalog
        self.position_of = position_of
        self.facts = facts
        self.class_name = class_name
        self.types: Dict[str, str] = {}
        self._callees: Dict[int, Tuple[Optional[str], bool, Optional[str]]] = {}  # see _callee
        self._classified: Dict[int, Tuple[Optional[ApiSpec], Optional[str], int]] = {}  # see _classify
        self._anonymisers: Dict[int, bool] = {}  # see _is_anonymiser_call
        self.face: Dict[str, FaceValue] = {}
        self.seeds: Dict[str, FaceValue] = {}
        self.anonymised: Set[str] = set()
        self.constants: Dict[str, object] = dict(resolver.module_constants)
        self.trivial: Set[str] = set()
        self.opened: Dict[str, str] = {}
        self.temp_names: Set[str] = set()
        self.shrunk: Set[str] = set()  # names holding a scaled-down copy (pixelation)
        self.face_files: Dict[str, FaceValue] = {}  # handles opened for writing on face image paths
        self.responses: Set[str] = set()  # names holding a whole face API response (FRT102)
        self.written_images: Dict[str, FaceValue] = {}  # paths a face image was written to (`cv2.imwrite(p, face)`)
        self.base_guards = base_guards
        self.deletions: List[Tuple[str, int, Tuple[int, ...], bool]] = []  # text, line, try ids, in finally
        self.try_stack: List[int] = []
        self.finally_of: List[int] = []
        self.pending_writes: List[Tuple[CallSite, str, Tuple[int, ...]]] = []
        self.returns_after: List[int] = []  # lines of return/raise statements
        for name, default in params.items():
            if default is not None and literal(default) is True:
                self.trivial.add(name.lower())
        # Local names that still carry a parameter's value (for callers to decide).
        self.param_of: Dict[str, str] = {n: n for n in params if n not in ("self", "cls")}
        # File paths (see analysis/paths.py): the shape a name holds now, the shape of the
        # file whose content it holds now, every shape it ever held (seeds are not tied to
        # a place in the flow), where write handles point, and the face files found.
        self.path_names: Dict[str, str] = {}
        self.read_names: Dict[str, str] = {}
        self.shapes_seen: Dict[str, Set[str]] = {}
        self.open_shapes: Dict[str, Tuple[str, str]] = {}  # handle -> (shape, source text)
        self.face_paths: Dict[str, int] = {}
        self.region_blurred: Set[str] = set()  # a region overwritten by a blur, boxes unknown here
        self.copied: List[Tuple[str, str, int]] = []  # (written shape, shape of the file its content came from, line)
        self.forward_edges: Set[Tuple[str, str]] = set()  # (x, y): x carries y's image
        self._sites: Dict[int, CallSite] = {}  # call node -> its record, to note where the result goes
        self.shape_of = ShapeOf(self.path_names, self.constants, resolver.imports, self._qualified_text, catalog.words.location_name)

    # -- entry -------------------------------------------------------------------
    def run(self, body: Sequence[cst.CSTNode]) -> None:
        try:
            self._walk(body)
        finally:
            # `shape_of` holds a bound method of this walker: a reference cycle that would keep
            # the file's whole tree alive until the cyclic collector runs, and a heap full of
            # dead trees made parsing every later file slower.
            del self.shape_of

    def _walk(self, body: Sequence[cst.CSTNode]) -> None:
        self._seed(body)
        self._block(body, self.base_guards)
        self._resolve_temp_files()
        params = self.facts.params
        self.facts.face_params = tuple(p for p in params if p in self.seeds and self.seeds[p].kind == "image")
        self.facts.face_path_params = tuple(p for p in params if p in self.seeds and self.seeds[p].kind == "path")
        self.facts.anonymised_params = tuple(p for p in params if p in self.anonymised)
        self.facts.face_attributes = tuple(
            sorted(n[5:] for n, v in self.seeds.items() if n.startswith("self.") and v.kind in ("image", "path"))
        )
        for name, value in self.seeds.items():
            if value.kind in ("image", "path"):
                for shape in self.shapes_seen.get(name, ()):
                    self.face_paths.setdefault(shape, value.origin.line)
        for written, source, line in self.copied:
            if written in self.face_paths:
                self.face_paths.setdefault(source, line)  # its content became a face image file
        if self.face_paths:
            self.facts.face_paths = tuple(sorted(self.face_paths.items()))
        if self.forward_edges:
            self.facts.forward_edges = tuple(sorted(self.forward_edges))
