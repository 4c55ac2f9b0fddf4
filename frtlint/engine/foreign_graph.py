"""A project call graph for the files the Semgrep engine reads (JavaScript/TypeScript,
Java, Kotlin), and the cross-function semantics Semgrep CE cannot see.

Semgrep matches inside one function. The rule pack's fact rules (`rules/facts/`, ids
starting `frtlint-fact-`) run in the same Semgrep process and report, per file,
function definitions, calls and the calls reached only after a consent check. They are
joined here, per project and language family, into callers and callees, and a Semgrep
FRT201 finding is dropped when every project way into its function passes a consent
check (RULES.md: "a consent check in every project caller counts as guarding the
callee"; FRT104 alike), transitively and safe against recursion. An FRT401 finding is
dropped when another project function makes the same grant call (a PIN screen, a
password route: RULES.md's fallback "anywhere in the project").

Calls are linked by name: `f()` to the file's own `f` when it has one, otherwise to
every `f` of the project; `obj.f()` to every `f`. A function used as a value (a
callback, a route handler, a JSX prop, `::f`) is a way in frtlint cannot follow, so
such a function is never treated as guarded; neither are framework entry points
(`onCreate`, `onClick`, `render`, ...), whose callers are the framework. Callers under
test folders don't count either way.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Callable, Dict, Iterable, List, Optional, Sequence, Set, Tuple

from frtlint.engine.discover import SourceFile, read_source
from frtlint.findings import Finding

FACT_PREFIX = "frtlint-fact-"
# Rules whose consent check may sit in every project caller (RULES.md FRT201; FRT104's
# transfer consent reads the same way, as its Python check does).
CONSENT_IN_CALLERS = frozenset({"FRT201", "FRT104"})
FACT_KINDS = ("function", "call", "consented-call")
_FAMILIES = {"js": "javascript", "java": "jvm", "kotlin": "jvm"}
_LANGUAGE_FAMILIES = {"javascript": "javascript", "typescript": "javascript", "java": "jvm", "kotlin": "jvm"}
_LAST_NAME = re.compile(r"([A-Za-z_$][\w$]*)\s*$")
_TEST_FOLDERS = {"test", "tests", "__tests__", "__test__", "spec", "specs", "androidtest", "e2e", "cypress"}
_TEST_FILE = re.compile(r"[._-](test|spec)\.[A-Za-z]+$|^Test\w+\.(java|kt)$|\w+Tests?\.(java|kt)$")
# Called by the framework, not by the project: their "callers" are not the way in.
_ENTRY_NAME = re.compile(r"^(on[A-Z]\w*|render|main|constructor|handler|default|init|run|invoke|"
                         r"(GET|POST|PUT|PATCH|DELETE)|componentDid\w+|getServerSideProps|getStaticProps)$")
# Statements that name a function without using it: imports and export lists.
_NAMING_ONLY = re.compile(
    rb"\bimport\s+[^;]*?\bfrom\b|\bimport\s+[\w.*]+;?|\bexport\s*\{[^}]*\}|\bmodule\.exports\s*=\s*\{[^}]*\}"
    rb"|\bexports\.\w+\s*=\s*\w+|\brequire\s*\([^)]*\)|//[^\n]*|/\*.*?\*/",
    re.S,
)
_DEFINED_NAME = re.compile(
    rb"\bfunction\s*\*?\s*([A-Za-z_$][\w$]*)"
    rb"|\b(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*(?::[^=]+)?=\s*(?:async\s*)?(?:function\b|\([^)]*\)\s*(?::[^=]+)?=>|[A-Za-z_$][\w$]*\s*=>)"
    rb"|\bfun\s+(?:<[^>]*>\s*)?(?:[\w.]+\.)?([A-Za-z_]\w*)\s*\("
    rb"|^[ \t]*(?:(?:public|private|protected|static|final|synchronized|abstract|async)\s+)*[\w<>\[\],.? ]+?\s+([A-Za-z_]\w*)\s*\([^;{)]*\)\s*(?:throws\s+[\w., ]+)?\{",
    re.M,
)
_WORD = re.compile(rb"[A-Za-z_$][\w$]*")

Position = Tuple[int, int]


@dataclass(frozen=True)
class Fact:
    kind: str  # one of FACT_KINDS
    path: str  # the file's display path
    name: str  # the function's name; for calls the callee as written (`lib.verifyFace`)
    start: Position
    end: Position
    family: str = "javascript"  # "javascript" or "jvm": calls are linked within a family
    project: str = ""  # the run argument the file was found under

    @property
    def short_name(self) -> str:
        found = _LAST_NAME.search(self.name)
        return found.group(1) if found else self.name

    @property
    def receiver(self) -> str:
        head, dot, _ = self.name.rpartition(".")
        return head.strip() if dot else ""

    def contains(self, position: Position) -> bool:
        return self.start <= position <= self.end


def fact_kind(check_id: str) -> Optional[Tuple[str, str]]:
    """(family, kind) of a fact rule's result, None for an ordinary rule. Semgrep may put
    the config's folder before the id (`rules.facts.java.frtlint-fact-java-call`)."""
    rule = check_id.rsplit(".", 1)[-1]
    if not rule.startswith(FACT_PREFIX):
        return None
    language, _, kind = rule[len(FACT_PREFIX):].partition("-")
    if language not in _FAMILIES or kind not in FACT_KINDS:
        return None
    return _FAMILIES[language], kind


def fact_from_result(result: Dict, display: str, project: str = "") -> Optional[Fact]:
    kind = fact_kind(str(result.get("check_id", "")))
    if kind is None:
        return None
    name = " ".join(str(result.get("extra", {}).get("message", "")).split())
    start, end = result["start"], result["end"]
    return Fact(kind[1], display, name, (int(start["line"]), int(start["col"])),
                (int(end["line"]), int(end["col"])), kind[0], project)


def is_test_path(path: str) -> bool:
    parts = PurePosixPath(path.replace("\\", "/")).parts
    return any(p.lower() in _TEST_FOLDERS for p in parts[:-1]) or bool(_TEST_FILE.search(parts[-1] if parts else ""))


def project_of(path: Path, roots: Sequence[Path]) -> str:
    """The run argument (deepest first) a file was found under; each is its own project."""
    for root in sorted(roots, key=lambda r: len(r.parts), reverse=True):
        if path == root or root in path.parents:
            return str(root)
    return ""


@dataclass
class ForeignGraph:
    """The functions and calls of one project's files of one language family."""

    facts: Sequence[Fact]
    text_of: Callable[[str], bytes] = lambda path: b""  # display path -> file content
    functions: Dict[str, List[Fact]] = field(default_factory=lambda: defaultdict(list))
    by_file: Dict[str, List[Fact]] = field(default_factory=lambda: defaultdict(list))
    callers: Dict[Fact, List[Tuple[Fact, Optional[Fact]]]] = field(default_factory=lambda: defaultdict(list))

    def __post_init__(self) -> None:
        consented = {(f.path, f.start, f.end) for f in self.facts if f.kind == "consented-call"}
        for fact in self.facts:
            if fact.kind == "function":
                self.functions[fact.short_name].append(fact)
                self.by_file[fact.path].append(fact)
        self._consented = consented
        self._calls_by_file: Dict[str, List[Fact]] = defaultdict(list)
        self._calls_by_name: Dict[str, List[Fact]] = defaultdict(list)
        for call in (f for f in self.facts if f.kind == "call"):
            self._calls_by_file[call.path].append(call)
            self._calls_by_name[call.short_name].append(call)
        self._references: Dict[str, bool] = {}
        self._naming_stripped: Dict[str, bytes] = {}  # path -> text without imports, exports, comments
        for call in (f for f in self.facts if f.kind == "call"):
            if call.short_name not in self.functions or is_test_path(call.path) or call.receiver == "super":
                continue
            enclosing = self.enclosing(call.path, call.start)
            for target in self.resolve(call):
                self.callers[target].append((call, enclosing))

    def enclosing(self, path: str, position: Position) -> Optional[Fact]:
        """The innermost function of `path` whose span holds `position`."""
        holding = [f for f in self.by_file.get(path, ()) if f.contains(position)]
        return max(holding, key=lambda f: (f.start, (-f.end[0], -f.end[1])), default=None)

    def resolve(self, call: Fact) -> List[Fact]:
        named = self.functions.get(call.short_name, [])
        if call.receiver in ("", "this"):
            own = [f for f in named if f.path == call.path]
            if own:
                return own
        return list(named)

    def call_at(self, path: str, position: Position) -> Optional[Fact]:
        """The call that starts at `position` (a finding's place); the outermost when
        calls are chained (`a.b().grant()` starts where `a.b()` does)."""
        starting = [c for c in self._calls_by_file.get(path, ()) if c.start == position]
        return max(starting, key=lambda c: c.end, default=None)

    def calls_named(self, name: str) -> List[Fact]:
        return list(self._calls_by_name.get(name, ()))

    def is_consented(self, call: Fact) -> bool:
        return (call.path, call.start, call.end) in self._consented

    def used_as_value(self, function: Fact) -> bool:
        """Whether the project names `function` other than to call or define it."""
        name = function.short_name
        known = self._references.get(name)
        if known is None:
            known = self._references[name] = self._find_reference(name)
        return known

    def _find_reference(self, name: str) -> bool:
        pattern = re.compile(rb"(?<![\w$])" + re.escape(name.encode()) + rb"(?![\w$])(?!\s*(?:\(|<[^>()]*>\s*\())")
        definitions = {(f.path, f.start[0]) for f in self.functions.get(name, [])}
        for path in sorted({f.path for f in self.facts}):
            text = self._without_naming_only(path)
            for match in pattern.finditer(text):
                line = text.count(b"\n", 0, match.start()) + 1
                if (path, line) not in definitions and not _is_member_name(text, match.start()):
                    return True
        return False

    def _without_naming_only(self, path: str) -> bytes:
        """The file's text with naming-only statements blanked (line ends kept), made once
        per file rather than once per name looked up."""
        text = self._naming_stripped.get(path)
        if text is None:
            text = _NAMING_ONLY.sub(lambda m: b"\n" * m.group(0).count(b"\n"), self.text_of(path))
            self._naming_stripped[path] = text
        return text

    def consent_guarded(self, function: Fact) -> bool:
        """True when every project way into `function` checks consent first."""
        return _guarded_walk(self, function, set(), {})


def _is_member_name(text: bytes, start: int) -> bool:
    """`obj.name` as a property read or `name:` as an object key is not this function
    (`this.name` is: a method handed over as a callback)."""
    before = text[max(0, start - 8):start].rstrip()
    if before.endswith(b"this.") or before.endswith(b"this?."):
        return False
    after = text[start:start + 200].split(b"\n", 1)[0]
    key = re.match(rb"[\w$]+\s*:(?!:)", after)
    return before.endswith(b".") or (key is not None and b"?" not in after[:key.end()])


def _guarded_walk(graph: ForeignGraph, function: Fact, on_path: Set[Fact], memo: Dict[Fact, bool]) -> bool:
    if function in memo:
        return memo[function]
    if _ENTRY_NAME.match(function.short_name) or graph.used_as_value(function):
        memo[function] = False
        return False
    on_path.add(function)
    ways_in = [(call, caller) for call, caller in graph.callers.get(function, []) if caller not in on_path]
    guarded = bool(ways_in) and all(
        graph.is_consented(call) or (caller is not None and _guarded_walk(graph, caller, on_path, memo))
        for call, caller in ways_in
    )
    on_path.discard(function)
    memo[function] = guarded
    return guarded


def build_graphs(facts: Iterable[Fact], text_of: Callable[[str], bytes]) -> Dict[Tuple[str, str], ForeignGraph]:
    """One graph per (project, language family)."""
    grouped: Dict[Tuple[str, str], List[Fact]] = defaultdict(list)
    for fact in facts:
        grouped[(fact.project, fact.family)].append(fact)
    return {key: ForeignGraph(group, text_of) for key, group in grouped.items()}


def cross_file_filter(
    findings: Sequence[Finding], facts: Sequence[Fact], text_of: Callable[[str], bytes]
) -> List[Finding]:
    """The rule pack's findings less those another function of the project answers:
    FRT201/FRT104 whose function is reached only through consent checks, FRT401 whose grant
    is also reached another way (RULES.md: a fallback anywhere in the project)."""
    graphs = build_graphs(facts, text_of)
    graph_of_file = {(f.path, f.family): graphs[(f.project, f.family)] for f in facts}
    # The functions that decide on a face: a grant they make is not a way around the face.
    deciding: Set[Optional[Fact]] = set()
    for face_only in (f for f in findings if f.rule == "FRT401"):
        graph = _graph_for(face_only, graph_of_file)
        if graph is not None:
            deciding.add(graph.enclosing(face_only.path, (face_only.line, face_only.column)))
    kept: List[Finding] = []
    for finding in findings:
        if finding.rule in CONSENT_IN_CALLERS and _reached_only_after_consent(finding, graph_of_file):
            continue
        if finding.rule == "FRT401" and _granted_another_way(finding, deciding, graph_of_file):
            continue
        kept.append(finding)
    return kept


def _graph_for(finding: Finding, graph_of_file: Dict[Tuple[str, str], ForeignGraph]) -> Optional[ForeignGraph]:
    return graph_of_file.get((finding.path, "javascript")) or graph_of_file.get((finding.path, "jvm"))


def _granted_another_way(finding: Finding, deciding: Set[Optional[Fact]], graph_of_file: Dict[Tuple[str, str], ForeignGraph]) -> bool:
    """Whether the grant call at `finding` is also made by another project function that
    is no face decision itself (a PIN screen, a password route calling the same grant)."""
    graph = _graph_for(finding, graph_of_file)
    if graph is None:
        return False
    grant = graph.call_at(finding.path, (finding.line, finding.column))
    if grant is None:
        return False
    for call in graph.calls_named(grant.short_name):
        if call is grant or is_test_path(call.path):
            continue
        caller = graph.enclosing(call.path, call.start)
        if caller is not None and caller not in deciding:
            return True
    return False


def _reached_only_after_consent(finding: Finding, graph_of_file: Dict[Tuple[str, str], ForeignGraph]) -> bool:
    graph = _graph_for(finding, graph_of_file)
    if graph is None:
        return False
    function = graph.enclosing(finding.path, (finding.line, finding.column))
    return function is not None and graph.consent_guarded(function)


# -- which files the fact rules must read ---------------------------------------------------
def defined_names(content: bytes) -> Set[bytes]:
    """Function names a file defines, read from its text (a cheap over-approximation)."""
    return {name for name, _ in _definitions(content)}


def _definitions(content: bytes) -> List[Tuple[bytes, bytes]]:
    """(name, text up to the next definition) for each function the text defines."""
    found = [(next(g for g in m.groups() if g), m.start()) for m in _DEFINED_NAME.finditer(content)]
    pieces = [(name, content[at:found[i + 1][1] if i + 1 < len(found) else len(content)]) for i, (name, at) in enumerate(found)]
    return [(n, body) for n, body in pieces if len(n) > 2 and not _ENTRY_NAME.match(n.decode("ascii", "replace"))]


def read_or_empty(source: SourceFile) -> bytes:
    try:
        return read_source(source.path)
    except OSError:
        return b""  # Semgrep itself reports a file it cannot read


def caller_files(
    chosen: Sequence[SourceFile], rest: Sequence[SourceFile], read: Callable[[SourceFile], bytes] = read_or_empty,
    face_words: Optional["re.Pattern[bytes]"] = None, rounds: int = 4,
) -> List[SourceFile]:
    """Files of `rest` that may call a face function of `chosen` (by name, transitively):
    the cross-file pass needs every project caller of one, even a file with no face
    vocabulary. A function counts when its text (up to the next definition) has face
    words, or, in later rounds, names a function already counted."""
    names: Dict[str, Set[bytes]] = defaultdict(set)
    for source in chosen:
        family = _LANGUAGE_FAMILIES.get(source.language)
        if family:
            names[family] |= {n for n, body in _definitions(read(source)) if face_words is None or face_words.search(body)}
    words: Dict[Path, Set[bytes]] = {}
    remaining = [f for f in rest if f.language in _LANGUAGE_FAMILIES]
    added: List[SourceFile] = []
    searched: Dict[str, Set[bytes]] = defaultdict(set)
    for _ in range(rounds):
        fresh = {family: wanted - searched[family] for family, wanted in names.items()}
        if not any(fresh.values()):
            break
        for family, wanted in fresh.items():
            searched[family] |= wanted
        found: List[SourceFile] = []
        for source in remaining:
            wanted = fresh.get(_LANGUAGE_FAMILIES[source.language])
            if not wanted:
                continue
            if source.path not in words:
                words[source.path] = set(_WORD.findall(read(source)))
            if not words[source.path].isdisjoint(wanted):
                found.append(source)
        if not found:
            break
        taken = {f.path for f in found}
        remaining = [f for f in remaining if f.path not in taken]
        added.extend(found)
        for source in found:
            family = _LANGUAGE_FAMILIES[source.language]
            known = searched[family]
            names[family] |= {n for n, body in _definitions(read(source)) if not known.isdisjoint(_WORD.findall(body))}
    return added


# -- the Semgrep engine's entry point ------------------------------------------------------
def apply_cross_file(
    findings: Sequence[Finding], results: Sequence[Dict], by_path: Dict[str, SourceFile], projects: Sequence[Path] = ()
) -> List[Finding]:
    """The rule pack's findings after the cross-file pass over its fact results."""
    facts: List[Fact] = []
    display_to_source: Dict[str, SourceFile] = {}
    for result in results:
        if fact_kind(str(result.get("check_id", ""))) is None:
            continue
        raw = str(result.get("path", ""))
        source = by_path.get(str(Path(raw).resolve())) or by_path.get(raw)
        if source is None:
            continue
        display_to_source[source.display] = source
        fact = fact_from_result(result, source.display, project_of(source.path, projects))
        if fact is not None:
            facts.append(fact)
    if not facts:
        return list(findings)
    contents: Dict[str, bytes] = {}

    def text_of(display: str) -> bytes:
        if display not in contents:
            try:
                contents[display] = read_source(display_to_source[display].path)
            except (OSError, KeyError):
                contents[display] = b""
        return contents[display]

    return cross_file_filter(findings, facts, text_of)
