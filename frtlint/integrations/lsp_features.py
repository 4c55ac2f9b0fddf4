"""Language-server features beyond diagnostics: the rule page on hover, the evidence
trail as related information, the rule's fix where one exists (the edit `frtlint check
--fix` makes), and a quick fix that writes a suppression comment with a reason
placeholder (the edit `frtlint check --add-suppressions` makes)."""

from __future__ import annotations

import io
import re
import tokenize
from pathlib import Path
from typing import Any, Callable, Iterable, List, Optional, Sequence, Tuple

from frtlint.errors import UsageError
from frtlint.findings import Finding
from frtlint.reporters.links import docs_url

SOURCE = "frtlint"
REASON_PLACEHOLDER = "TODO"
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")  # LSP counts \r\n, \r and \n as line ends


def _position(types: Any, line: int, column: int) -> Any:
    return types.Position(line=max(line - 1, 0), character=max(column - 1, 0))


def evidence_uri(uri: str, finding: Finding, evidence_path: Optional[str], document: Path) -> str:
    """The URI of an evidence place: the document itself, or a file named relative to the
    same project root as the finding's own path."""
    if evidence_path is None or evidence_path == finding.path:
        return uri
    depth = len(Path(finding.path).parts)
    root = document.parents[depth - 1] if 0 < depth <= len(document.parents) else document.parent
    return (root / evidence_path).as_uri()


def diagnostic_for(types: Any, finding: Finding, uri: str, document: Path) -> Any:
    severity = {"error": types.DiagnosticSeverity.Error, "warning": types.DiagnosticSeverity.Warning}
    start = _position(types, finding.line, finding.column)
    end = _position(types, finding.end_line, max(finding.end_column, finding.column))
    related = [
        types.DiagnosticRelatedInformation(
            location=types.Location(
                uri=evidence_uri(uri, finding, e.path, document),
                range=types.Range(start=_position(types, e.line, e.column), end=_position(types, e.line, e.column)),
            ),
            message=e.note,
        )
        for e in finding.evidence
    ]
    return types.Diagnostic(
        range=types.Range(start=start, end=end),
        message=finding.message,
        severity=severity.get(finding.severity, types.DiagnosticSeverity.Information),
        code=finding.rule,
        code_description=types.CodeDescription(href=docs_url(finding.rule)),
        source=SOURCE,
        related_information=related or None,
    )


# -- hover -----------------------------------------------------------------------------------

def covers(finding: Finding, line: int, character: int) -> bool:
    """Whether the 0-based LSP position lies in the finding's span (ends included)."""
    here = (line + 1, character + 1)
    return (finding.line, finding.column) <= here <= (finding.end_line, max(finding.end_column, finding.column))


def hover_text(findings: Iterable[Finding], line: int, character: int) -> Optional[str]:
    """The rule pages (with their articles) of the findings under the cursor, as Markdown."""
    from frtlint.checks import get_rule
    from frtlint.docs import rule_page

    rules: List[str] = []
    for finding in findings:
        if covers(finding, line, character) and finding.rule not in rules:
            rules.append(finding.rule)
    if not rules:
        return None
    return "\n\n---\n\n".join(rule_page(get_rule(rule)).strip() for rule in rules)


# -- the suppression quick fix ---------------------------------------------------------------

def _encoded(text: str) -> Optional[Tuple[bytes, str]]:
    """The document as the bytes its file would hold (a PEP 263 coding line is honoured)."""
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(text.encode("utf-8")).readline)
        return text.encode(encoding), encoding
    except (SyntaxError, LookupError, UnicodeEncodeError):
        return None


def suppressed_text(path: Path, text: str, line: int, rule: str) -> Optional[str]:
    """The document with `rule` suppressed on `line` (1-based), `reason: TODO` to fill in;
    None when no comment can be placed there."""
    from frtlint.edit.line_length import project_line_length
    from frtlint.edit.suppressions import NOT_SUPPRESSIBLE, SUPPORTED_SUFFIXES, plan_edit

    encoded = _encoded(text)
    if rule in NOT_SUPPRESSIBLE or not path.name.endswith(SUPPORTED_SUFFIXES) or encoded is None:
        return None
    raw, encoding = encoded
    # the project's line length, as `--add-suppressions` uses: same line or the line above
    new, skipped = plan_edit(path, raw, {line: {rule}}, REASON_PLACEHOLDER, project_line_length(path))
    if new is None or line in skipped:
        return None
    return new.decode(encoding)


def _utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def minimal_edit(old: str, new: str) -> Tuple[Tuple[int, int], Tuple[int, int], str]:
    """One replacement that turns `old` into `new`: (start line, char), (end line, char),
    new text; whole lines, so the rest of the document keeps its positions."""
    before, after = _LINE.findall(old), _LINE.findall(new)
    prefix = 0
    while prefix < min(len(before), len(after)) and before[prefix] == after[prefix]:
        prefix += 1
    suffix = 0
    while (
        suffix < min(len(before), len(after)) - prefix
        and before[len(before) - 1 - suffix] == after[len(after) - 1 - suffix]
    ):
        suffix += 1
    end_index = len(before) - suffix
    if end_index == len(before) and before and not before[-1].endswith(("\n", "\r")):
        end = (len(before) - 1, _utf16_length(before[-1]))  # a last line without a line end
    else:
        end = (end_index, 0)
    return (prefix, 0), end, "".join(after[prefix : len(after) - suffix])


def fixed_text(path: Path, text: str, rule: str, line: int, column: int) -> Optional[Tuple[str, str, bool]]:
    """The document with the rule's fix applied at (line, column), 1-based, with the fix's
    description and whether it is safe; None when the rule has no fix there."""
    import libcst

    from frtlint.catalog import build_catalog
    from frtlint.config import load_settings
    from frtlint.fixes.edits import SAFETY, FixRequest, fix_source

    encoded = _encoded(text)
    if rule not in SAFETY or encoded is None:
        return None
    raw, encoding = encoded
    try:
        settings = load_settings(start=path.parent if path.parent.exists() else None)
        new, applied = fix_source(raw, [FixRequest(rule, (line, column))], build_catalog(settings.catalog), unsafe=True)
    except (UsageError, libcst.ParserSyntaxError):  # a broken config is shown by the diagnostics
        return None
    if not applied:
        return None
    return new.decode(encoding), applied[0].description, SAFETY[rule]


def _action(types: Any, uri: str, title: str, diagnostic: Any, old: str, new: str, preferred: bool) -> Any:
    (start_line, start_char), (end_line, end_char), replacement = minimal_edit(old, new)
    edit = types.TextEdit(
        range=types.Range(
            start=types.Position(line=start_line, character=start_char),
            end=types.Position(line=end_line, character=end_char),
        ),
        new_text=replacement,
    )
    return types.CodeAction(
        title=title,
        kind=types.CodeActionKind.QuickFix,
        diagnostics=[diagnostic],
        edit=types.WorkspaceEdit(changes={uri: [edit]}),
        is_preferred=preferred or None,
    )


def code_actions(types: Any, uri: str, path: Path, text: str, diagnostics: Sequence[Any]) -> List[Any]:
    """Per frtlint diagnostic: the rule's fix where one exists, then the suppression."""
    actions: List[Any] = []
    for diagnostic in diagnostics:
        if diagnostic.source != SOURCE or not isinstance(diagnostic.code, str):
            continue
        rule, start = diagnostic.code, diagnostic.range.start
        fixed = fixed_text(path, text, rule, start.line + 1, start.character + 1)
        if fixed is not None:
            new, description, safe = fixed
            title = f"Fix {rule}: {description}" + ("" if safe else " (unsafe: changes behaviour)")
            actions.append(_action(types, uri, title, diagnostic, text, new, preferred=safe))
        suppressed = suppressed_text(path, text, start.line + 1, rule)
        if suppressed is not None:
            title = f"Suppress {rule} with a reason (frtlint)"
            actions.append(_action(types, uri, title, diagnostic, text, suppressed, preferred=False))
    return actions


def register(server: Any, shown: Callable[[str], Sequence[Finding]], path_of: Any) -> None:
    """Hover and code actions on `server` (a pygls LanguageServer). `shown(uri)` gives the
    findings last published for the document: hover explains the diagnostics on screen and
    does not analyse the document again on the event loop."""
    from lsprotocol import types

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    def hover(params: types.HoverParams) -> Optional[types.Hover]:
        value = hover_text(shown(params.text_document.uri), params.position.line, params.position.character)
        if value is None:
            return None
        return types.Hover(contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=value))

    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix]),
    )
    def code_action(params: types.CodeActionParams) -> List[types.CodeAction]:
        uri = params.text_document.uri
        document = server.workspace.get_text_document(uri)
        return code_actions(types, uri, path_of(uri), document.source, params.context.diagnostics)
