"""Module facts: what one LibCST pass learns about a file. Checks read only these.

Everything here is plain data (picklable) so it can be cached by content hash and
shipped between worker processes.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field, fields, replace
from typing import Any, Dict, FrozenSet, List, Optional, Tuple

# A large project keeps hundreds of thousands of these; slots make each a third
# smaller. (Frozen dataclasses with slots pickle correctly from Python 3.11.)
SLOTS: Dict[str, bool] = {"slots": True} if sys.version_info >= (3, 11) else {}


class _NotALiteral:
    """Marks a dict value in a literal argument that is not itself a literal."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "NOT_A_LITERAL"

    def __reduce__(self) -> str:
        return "NOT_A_LITERAL"  # one instance, also across worker processes


NOT_A_LITERAL = _NotALiteral()


class Record:
    """Base of the frozen fact classes: pickled as a constructor call.

    A frozen dataclass with slots pickles through `dataclasses._dataclass_setstate`,
    which asks `fields()` for every object; unpickling facts from the cache or from a
    worker then cost more than extracting them.
    """

    __slots__ = ()

    def __reduce__(self) -> Tuple[Any, Tuple[Any, ...]]:
        kind = type(self)
        names = _FIELD_NAMES.get(kind)
        if names is None:
            names = _FIELD_NAMES[kind] = tuple(f.name for f in fields(kind))  # type: ignore[arg-type]
        return kind, tuple(getattr(self, name) for name in names)


_FIELD_NAMES: Dict[type, Tuple[str, ...]] = {}


@dataclass(frozen=True, **SLOTS)
class Span(Record):
    line: int
    column: int  # 1-based, like ruff and flake8 print it
    end_line: int
    end_column: int


@dataclass(frozen=True, **SLOTS)
class Origin(Record):
    """Where a value became face data: the evidence shown with a finding."""

    line: int
    column: int
    note: str
    path: Optional[str] = None  # another file than the finding's (a caller elsewhere)


@dataclass(frozen=True, **SLOTS)
class FaceValue(Record):
    kind: str  # image | template | record | boxes | match
    origin: Origin


@dataclass(frozen=True, **SLOTS)
class Atom(Record):
    """One condition known to hold (or not) on the way to a statement.

    `words` are the identifiers, attribute names, string keys and called names in the
    condition, lower-cased; `truth` says whether the condition is known true or false.
    """

    words: FrozenSet[str]
    truth: bool
    face: bool  # the condition depends on a face match
    comparison: bool  # a comparison whose direction frtlint cannot judge
    line: int
    source: str  # "if", "assert", "call", "decorator", "loop"
    text: str = ""  # the condition's normalised source (for rules that read numbers)


@dataclass(frozen=True, **SLOTS)
class FaceArg(Record):
    slot: str  # "0", "1", ... for positions, the keyword name, or "receiver"
    value: FaceValue


@dataclass(frozen=True, **SLOTS)
class CallDetails(Record):
    """What few calls have (under one call in twenty in a face project): held apart, so
    that the other calls share one empty record instead of a dozen empty slots each.
    `CallSite` reads them as its own attributes (`call.api`)."""

    api: Optional[str] = None  # catalog API key when this is a face API call
    kind: Optional[str] = None  # detect/embed/verify/identify/analyze/enroll/liveness/load
    receiver_type: Optional[str] = None  # catalog type of the receiver, when known
    receiver_origin: Optional[str] = None  # qualified call that produced the receiver (open, ...)
    temp_cleaned: bool = False  # a file path argument is deleted on every path
    in_face_loop: bool = False  # iterates over face matches (for x in recognised)
    session_key: Optional[str] = None  # for `session[key] = ...` pseudo-calls
    # File paths, as shapes (`uploads/*.jpg`, `{DATASET_DIR}/*`, see walker `path_shape`):
    # where a persisting call writes (for FRT101's face images known by where they go),
    # and which arguments are a path or the content read from one (for project callees).
    path_shape: Optional[str] = None
    path_args: Tuple[Tuple[str, str], ...] = ()
    read_args: Tuple[Tuple[str, str], ...] = ()
    masked_data: bool = False  # a persisting call whose data went through an anonymiser
    # Argument slots holding a whole face API response (a cloud API's reply or a face
    # record: `print(resp)`, `log(r.text)`), not a value read out of it (FRT102).
    response_args: Tuple[str, ...] = ()


NO_DETAILS = CallDetails()


def call_details(**values: Any) -> CallDetails:
    """The details of one call: the shared empty record when it has none."""
    if not any(values.values()):
        return NO_DETAILS
    return CallDetails(**values)


@dataclass(**SLOTS)
class CallSite:
    span: Span
    callee: str  # qualified when resolved, else the dotted source text ("self.unlock")
    name: str  # the last component
    resolved: bool
    receiver: str  # dotted text of the receiver ("self", "client", "") for methods
    method: bool  # called as `something.name(...)`
    guards: Tuple[Atom, ...]
    face_args: Tuple[FaceArg, ...]
    literals: Dict[str, Any]  # literal arguments: "0", "1", keyword names, "kw.key" in dicts
    arg_words: FrozenSet[str]  # identifiers and string words in the arguments (lower-cased)
    arg_names: FrozenSet[str]  # identifiers passed as values: possible callbacks (`target=self.loop`)
    statement: bool  # the call is a whole expression statement (its result is dropped)
    text: str  # normalised source, for fingerprints
    # Arguments that carry one of the function's own parameters: (slot, parameter).
    # Whether they are face data depends on the callers (see FRT101).
    param_args: Tuple[Tuple[str, str], ...] = ()
    # Arguments that are a local name (or a subscript/attribute of one): (slot, name).
    name_args: Tuple[Tuple[str, str], ...] = ()
    result: Optional[str] = None  # the local name the call's result is bound to (`face = crop(frame)`)
    assigned_to: Tuple[str, ...] = ()  # local names bound to the call's result (`who = find(img)`)
    details: CallDetails = NO_DETAILS

    # -- the details, read as the call's own attributes --------------------------------
    @property
    def api(self) -> Optional[str]:
        return self.details.api

    @property
    def kind(self) -> Optional[str]:
        return self.details.kind

    @property
    def receiver_type(self) -> Optional[str]:
        return self.details.receiver_type

    @property
    def receiver_origin(self) -> Optional[str]:
        return self.details.receiver_origin

    @property
    def temp_cleaned(self) -> bool:
        return self.details.temp_cleaned

    @property
    def in_face_loop(self) -> bool:
        return self.details.in_face_loop

    @property
    def session_key(self) -> Optional[str]:
        return self.details.session_key

    @property
    def path_shape(self) -> Optional[str]:
        return self.details.path_shape

    @property
    def path_args(self) -> Tuple[Tuple[str, str], ...]:
        return self.details.path_args

    @property
    def read_args(self) -> Tuple[Tuple[str, str], ...]:
        return self.details.read_args

    @property
    def masked_data(self) -> bool:
        return self.details.masked_data

    @property
    def response_args(self) -> Tuple[str, ...]:
        return self.details.response_args

    def with_details(self, **changes: Any) -> None:
        """Change some details of this call (`temp_cleaned=True`) while facts are built."""
        self.details = replace(self.details, **changes)


@dataclass(**SLOTS)
class KeyRead:
    """A read of a string key or attribute (`result["dominant_race"]`)."""

    span: Span
    key: str
    text: str
    on_face_data: bool  # the subscripted value came from a face API


@dataclass(**SLOTS)
class FunctionFacts:
    qualname: str
    name: str
    class_name: Optional[str]
    span: Span
    decorators: Tuple[str, ...]
    params: Tuple[str, ...] = ()  # positional parameters in order, without self/cls
    face_params: Tuple[str, ...] = ()  # parameters the function hands to a face API as an image
    anonymised_params: Tuple[str, ...] = ()  # parameters whose faces it blurs or masks in place
    returns_match: bool = False  # returns a face match outcome (who matched, or whether)
    face_path_params: Tuple[str, ...] = ()  # parameters it loads as face image files
    face_attributes: Tuple[str, ...] = ()  # `self.<attribute>` values it hands to a face API
    # Path shapes of files whose image (or content) reaches a face API here: (shape, line).
    face_paths: Tuple[Tuple[str, int], ...] = ()
    # `x = f(y)`-style links (x, y): face data in x means y held face data too.
    back_edges: Tuple[Tuple[str, str], ...] = ()
    # `x = transform(y)` links (x, y) that keep y's image in x (resize, crop, encode; no blur).
    forward_edges: Tuple[Tuple[str, str], ...] = ()
    returns_image: bool = False  # returns a face image (a crop, a frame it recognised)
    calls: List[CallSite] = field(default_factory=list)
    key_reads: List[KeyRead] = field(default_factory=list)
    # Lines where a face match score is held against a threshold (`conf < 70`; FRT502).
    match_comparisons: List[int] = field(default_factory=list)


@dataclass(**SLOTS)
class Suppression:
    line: int  # the line the suppression applies to
    comment_line: int
    column: int
    rules: Tuple[str, ...]  # empty: all rules
    reason: Optional[str]
    style: str  # "frtlint" or "noqa"


@dataclass(**SLOTS)
class ModuleFacts:
    path: str
    module: str  # dotted module name guessed from the path
    is_test: bool
    imports: Dict[str, str] = field(default_factory=dict)
    functions: List[FunctionFacts] = field(default_factory=list)
    suppressions: List[Suppression] = field(default_factory=list)
    error: Optional[Tuple[int, int, str]] = None  # FRT000: line, column, message
    lines: Dict[int, str] = field(default_factory=dict)  # the lines suppressions apply to (fingerprint anchors)

    def all_calls(self):
        for function in self.functions:
            for call in function.calls:
                yield function, call
