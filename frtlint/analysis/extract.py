"""From bytes to ModuleFacts: decode, parse once with LibCST, walk every function."""

from __future__ import annotations

import ast
import io
import re
import tokenize
from pathlib import PurePosixPath
from typing import Optional, Sequence, Tuple

import libcst as cst

from frtlint.analysis.budget import FILE_CPU_SECONDS, OverBudget, cpu_budget
from frtlint.analysis.equivalent_source import why_libcst_rejects
from frtlint.analysis.facts import Atom, FunctionFacts, ModuleFacts, Span
from frtlint.analysis.parse_cost import estimate_parse_cost
from frtlint.analysis.parsing import parse_equivalent, parse_module
from frtlint.analysis.positions import BUCKETS, Positions
from frtlint.analysis.tree import forget, index
from frtlint.analysis.resolver import Resolver, collect_imports
from frtlint.analysis.suppression_grammar import python_suppressions as find_suppressions
from frtlint.analysis.suppression_grammar import suppressed_line_texts
from frtlint.analysis.syntax import dotted
from frtlint.analysis.walker import FunctionWalker, decorator_target, param_defaults
from frtlint.catalog import Catalog

_TEST_PART = re.compile(r"^(tests?|testing)$")
_TEST_FILE = re.compile(r"^(test_.*|.*_test|conftest)\.py$")


def module_name_for(path: str) -> str:
    parts = list(PurePosixPath(path).with_suffix("").parts)
    if parts and parts[-1] == "__init__":
        parts.pop()
    return ".".join(p for p in parts if p not in (".", ".."))


def is_test_path(path: str) -> bool:
    parts = PurePosixPath(path).parts
    return any(_TEST_PART.match(p) for p in parts[:-1]) or bool(parts and _TEST_FILE.match(parts[-1]))


def decode(source: bytes) -> str:
    """Decode as Python does: BOM, PEP 263 coding line, else UTF-8."""
    encoding, _ = tokenize.detect_encoding(io.BytesIO(source).readline)
    text = source.decode(encoding)
    return text[1:] if text.startswith("\ufeff") else text


def extract(path: str, source: bytes, catalog: Catalog) -> ModuleFacts:
    """The file's facts; FRT000 for it (its `error`) when it cannot be analysed, also
    when that would take more than FILE_CPU_SECONDS of CPU time."""
    try:
        with cpu_budget(FILE_CPU_SECONDS):
            return _extract(path, source, catalog)
    except OverBudget:
        forget()  # the child lists cached for a tree the analysis dropped half way
        limit = f"{FILE_CPU_SECONDS:g}"
        return unanalysable(path, f"cannot analyse file: it takes more than {limit} s of CPU time (the limit per file)")


def unanalysable(path: str, message: str) -> ModuleFacts:
    """The facts of a file that could not be analysed: FRT000 with `message`, at its start."""
    facts = ModuleFacts(path=path, module=module_name_for(path), is_test=is_test_path(path))
    facts.error = (1, 1, message)
    return facts


def _extract(path: str, source: bytes, catalog: Catalog) -> ModuleFacts:
    facts = ModuleFacts(path=path, module=module_name_for(path), is_test=is_test_path(path))
    try:
        text = decode(source)
    except (SyntaxError, UnicodeDecodeError, LookupError) as error:
        facts.error = (1, 1, f"cannot decode file: {_first_line(error)}")
        return facts
    facts.suppressions = find_suppressions(text)
    facts.lines = suppressed_line_texts(text, facts.suppressions)
    tree, too_deep = _python_ast(text, path)
    if too_deep:
        facts.error = (1, 1, too_deep)
        return facts
    too_costly = _too_costly_to_parse(tree) if tree is not None else None
    if too_costly:
        facts.error = (1, 1, too_costly)
        return facts
    try:
        module = parse_module(text)
    except cst.ParserSyntaxError as error:
        module = _parse_tab_indented(text)
        if module is not None:
            text = text.expandtabs(8)
            tree = None  # its columns are those of the text before tabs were expanded
        elif tree is not None:  # Python accepts the file: an equivalent text LibCST accepts
            parsed = parse_equivalent(text, tree)
            if parsed is None:
                facts.error = (1, 1, f"cannot parse file: {why_libcst_rejects(text, tree)}")
                return facts
            module, text = parsed
        else:
            facts.error = _syntax_error(text, error)
            return facts
    except Exception as error:  # LibCST raises a few other types on odd input
        facts.error = (1, 1, f"cannot parse file: {_first_line(error)}")
        return facts
    try:
        _analyse(module, tree, text, path, catalog, facts)
    except RecursionError:
        facts.functions = []
        facts.error = (1, 1, "cannot analyse file: code nested too deeply (split the long expression or chain)")
    finally:
        forget()  # the child lists cached for this tree
    return facts


def _python_ast(text: str, path: str) -> Tuple[Optional[ast.Module], Optional[str]]:
    """CPython's tree of the file (positions reuse it), and why LibCST must not see the
    file: LibCST's native parser overflows its stack (the process dies) on about 1,500
    nested brackets, where CPython's parser refuses 200 with a SyntaxError."""
    try:
        return ast.parse(text, path), None
    except SyntaxError as error:
        if "nested" in str(error.msg) or "too complex" in str(error.msg):
            return None, f"cannot parse file: {error.msg} (line {error.lineno})"
        return None, None  # an ordinary syntax error: LibCST reports it as usual
    except (RecursionError, MemoryError):
        return None, "cannot parse file: code nested too deeply"
    except ValueError:
        return None, None


def _too_costly_to_parse(tree: ast.Module) -> Optional[str]:
    """Why LibCST must not parse the file: its parser, which nothing can interrupt,
    would pass the per-file CPU limit on deeply nested code."""
    cost = estimate_parse_cost(tree)
    if cost.seconds <= FILE_CPU_SECONDS:
        return None
    return (
        f"cannot parse file: LibCST's parser would take about {cost.seconds:.0f} s of CPU time on deeply nested "
        f"code (deepest at line {cost.deepest_line}), more than the {FILE_CPU_SECONDS:g} s allowed per file"
    )


def _analyse(
    module: cst.Module, tree: Optional[ast.Module], text: str, path: str, catalog: Catalog, facts: ModuleFacts
) -> None:
    package = facts.module.rsplit(".", 1)[0] if "." in facts.module else ""
    if PurePosixPath(path).name == "__init__.py":
        package = facts.module
    nodes = index(module, {**BUCKETS, cst.Import: "imports", cst.ImportFrom: "imports"})
    facts.imports = collect_imports(nodes["imports"], package)
    resolver = Resolver(catalog, facts.imports)
    resolver.learn_module(module)
    positions = Positions(module, text, nodes, tree)
    last = [Span(1, 1, 1, 1)]

    def position_of(node: cst.CSTNode) -> Span:
        span = positions.span(node)
        if span is None:
            return last[0]  # code with no reportable node inside: the nearest earlier place
        last[0] = span
        return span

    _walk_scope(module.body, None, "", resolver, catalog, position_of, facts, (), positions)
    top = FunctionFacts(qualname="<module>", name="<module>", class_name=None, span=Span(1, 1, 1, 1), decorators=())
    FunctionWalker(resolver, catalog, position_of, top, None, {}, text_of=positions.text).run(
        [s for s in module.body if not type(s) in (cst.FunctionDef, cst.ClassDef)]
    )
    facts.functions.append(top)


def _walk_scope(
    body: Sequence[cst.CSTNode],
    class_name: Optional[str],
    prefix: str,
    resolver: Resolver,
    catalog: Catalog,
    position_of,
    facts: ModuleFacts,
    class_decorators: Tuple[str, ...],
    positions: Positions,
) -> None:
    for statement in body:
        if type(statement) is cst.ClassDef:
            decorators = tuple(dotted(decorator_target(d.decorator)) or "" for d in statement.decorators)
            _walk_scope(
                statement.body.body, statement.name.value, f"{prefix}{statement.name.value}.",
                resolver, catalog, position_of, facts, decorators, positions,
            )
        elif type(statement) is cst.FunctionDef:
            decorators = tuple(dotted(decorator_target(d.decorator)) or "" for d in statement.decorators)
            span = position_of(statement)
            function = FunctionFacts(
                qualname=f"{prefix}{statement.name.value}",
                name=statement.name.value,
                class_name=class_name,
                span=span,
                decorators=decorators + class_decorators,
                params=_positional_params(statement, class_name is not None),
            )
            base_guards = tuple(
                Atom(frozenset({d.split(".")[-1].lower()}), True, False, False, span.line, "decorator")
                for d in function.decorators
                if d
            )
            body_nodes = statement.body.body if type(statement.body) is cst.IndentedBlock else [statement.body]
            FunctionWalker(
                resolver, catalog, position_of, function, class_name, param_defaults(statement), base_guards,
                text_of=positions.text,
            ).run(body_nodes)
            facts.functions.append(function)


def _positional_params(node: cst.FunctionDef, is_method: bool) -> Tuple[str, ...]:
    names = [p.name.value for p in (*node.params.posonly_params, *node.params.params)]
    is_static = any(dotted(decorator_target(d.decorator)) == "staticmethod" for d in node.decorators)
    if is_method and names and not is_static:
        names = names[1:]
    return tuple(names)


def _parse_tab_indented(text: str) -> Optional[cst.Module]:
    """LibCST rejects some mixes of tabs and spaces that Python accepts (a tab counts
    as up to 8 columns). Such a file is parsed again with its tabs expanded."""
    if "\t" not in text:
        return None
    try:
        compile(text, "<frtlint>", "exec", flags=ast.PyCF_ONLY_AST, dont_inherit=True)
        return parse_module(text.expandtabs(8))
    except (SyntaxError, ValueError, RecursionError, cst.ParserSyntaxError):
        return None


def _syntax_error(text: str, error: cst.ParserSyntaxError) -> Tuple[int, int, str]:
    """Python's own wording and position for a syntax error (LibCST's are rougher)."""
    try:
        compile(text, "<frtlint>", "exec", flags=ast.PyCF_ONLY_AST, dont_inherit=True)
    except SyntaxError as python_error:
        return (python_error.lineno or 1, python_error.offset or 1, f"syntax error: {python_error.msg}")
    except (ValueError, RecursionError):
        pass
    return (error.editor_line, error.editor_column, f"syntax error: {_first_line(error)}")


def _first_line(error: BaseException) -> str:
    return (str(error).strip().splitlines() or [type(error).__name__])[0]
