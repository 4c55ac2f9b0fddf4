"""Source edits that remove a finding, computed on the file's LibCST tree.

Each fix is anchored at the finding's position (1-based line and column, the start of the
flagged call or argument) and changes only literals inside that node, so the rest of the
file keeps its bytes, comments and encoding. A fix that cannot be made exactly (the
value comes from a variable, the list would become empty) is not made.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Dict, List, Optional, Sequence, Set, Tuple

import libcst as cst
from libcst.metadata import CodeRange, MetadataWrapper, PositionProvider

from frtlint.catalog import Catalog

# Keywords and dict keys that list the attributes a face API should return.
ATTRIBUTE_KEYS = ("actions", "return_attributes", "face_field", "return_face_attributes")
_DEEPFACE_DEFAULT = ("emotion", "age", "gender", "race")
_SCHEMES = (("http://", "https://"),)

Position = Tuple[int, int]  # (line, column), both 1-based as findings report them


@dataclass(frozen=True)
class FixRequest:
    rule: str
    position: Position


@dataclass(frozen=True)
class AppliedFix:
    rule: str
    line: int
    column: int
    description: str
    safe: bool


# Whether each rule's fix is safe (applied by --fix) or unsafe (needs --unsafe-fixes).
# FRT502 is unsafe: a stricter tolerance changes who is accepted, and may lock out
# enrolled people on a model whose calibration the library default does not fit.
SAFETY: Dict[str, bool] = {"FRT301": True, "FRT501": True, "FRT502": False}


def fixable_rules(unsafe: bool) -> Set[str]:
    return {rule for rule, safe in SAFETY.items() if safe or unsafe}


def fix_source(data: bytes, requests: Sequence[FixRequest], catalog: Catalog, unsafe: bool = False) -> Tuple[bytes, List[AppliedFix]]:
    """The file with every fix it can make for `requests`, and the fixes made."""
    wanted = [r for r in requests if r.rule in fixable_rules(unsafe)]
    if not wanted:
        return data, []
    try:
        module = cst.parse_module(data)
    except cst.ParserSyntaxError:
        return data, []
    wrapper = MetadataWrapper(module)
    fixer = _Fixer(wanted, catalog)
    changed = wrapper.visit(fixer)
    if not fixer.applied:
        return data, []
    result = changed.bytes
    cst.parse_module(result)  # a fix must leave a file that parses; raises if not
    return result, sorted(fixer.applied, key=lambda f: (f.line, f.column, f.rule))


class _Fixer(cst.CSTTransformer):
    METADATA_DEPENDENCIES = (PositionProvider,)

    def __init__(self, requests: Sequence[FixRequest], catalog: Catalog) -> None:
        super().__init__()
        self.catalog = catalog
        self.by_position: Dict[Position, List[str]] = {}
        for request in requests:
            self.by_position.setdefault(request.position, []).append(request.rule)
        self.applied: List[AppliedFix] = []
        self._done: Set[Tuple[str, Position]] = set()

    def _rules_at(self, node: cst.CSTNode) -> Tuple[Position, List[str]]:
        where: CodeRange = self.get_metadata(PositionProvider, node)
        position = (where.start.line, where.start.column + 1)
        return position, [r for r in self.by_position.get(position, []) if (r, position) not in self._done]

    def leave_Call(self, original: cst.Call, updated: cst.Call) -> cst.BaseExpression:
        position, rules = self._rules_at(original)
        for rule in rules:
            fixer = _CALL_FIXES.get(rule)
            result = fixer(self, updated) if fixer else None
            if result is not None:
                updated, description = result
                self._record(rule, position, description)
        return updated

    def leave_Arg(self, original: cst.Arg, updated: cst.Arg) -> cst.Arg:
        # FRT502 points at the threshold argument (or its value).
        for node in (original, original.value):
            position, rules = self._rules_at(node)
            if "FRT502" in rules:
                result = self._default_threshold(updated)
                if result is not None:
                    updated, description = result
                    self._record("FRT502", position, description)
                break
        return updated

    def _record(self, rule: str, position: Position, description: str) -> None:
        self._done.add((rule, position))
        self.applied.append(AppliedFix(rule, position[0], position[1], description, SAFETY[rule]))

    # -- FRT301: drop sensitive attributes -------------------------------------------------
    def _drop_attributes(self, call: cst.Call) -> Optional[Tuple[cst.Call, str]]:
        dropped: List[str] = []
        found_list = False
        new_args: List[cst.Arg] = []
        for index, arg in enumerate(call.args):
            name = arg.keyword.value if arg.keyword is not None else None
            listing = name in ATTRIBUTE_KEYS or (name is None and index == 1 and _is_deepface_analyze(call))
            value = arg.value
            if listing:
                found_list = True
                value = self._without_sensitive(value, dropped)
            elif isinstance(value, cst.Dict):
                value, in_dict = self._dict_without_sensitive(value, dropped)
                found_list = found_list or in_dict
            new_args.append(arg.with_changes(value=value) if value is not arg.value else arg)
        if not found_list and _is_deepface_analyze(call):
            kept = [a for a in _DEEPFACE_DEFAULT if self.catalog.sensitive_category(a) is None]
            dropped = [a for a in _DEEPFACE_DEFAULT if a not in kept]
            actions = cst.List([cst.Element(cst.SimpleString(f'"{a}"')) for a in kept])
            new_args.append(cst.Arg(keyword=cst.Name("actions"), value=actions, equal=_EQUAL))
            new_args = _comma_separated(new_args)
        if not dropped or None in dropped:  # None marks "would leave nothing": no fix
            return None
        return call.with_changes(args=new_args), "removed " + ", ".join(sorted(set(dropped))) + " from the requested attributes"

    def _dict_without_sensitive(self, node: cst.Dict, dropped: List[Optional[str]]) -> Tuple[cst.Dict, bool]:
        elements = []
        found = False
        for element in node.elements:
            if isinstance(element, cst.DictElement) and _string_value(element.key) in ATTRIBUTE_KEYS:
                found = True
                element = element.with_changes(value=self._without_sensitive(element.value, dropped))
            elif isinstance(element, cst.DictElement) and isinstance(element.value, cst.Dict):
                inner, inner_found = self._dict_without_sensitive(element.value, dropped)
                found = found or inner_found
                element = element.with_changes(value=inner)
            elements.append(element)
        return node.with_changes(elements=elements), found

    def _without_sensitive(self, value: cst.BaseExpression, dropped: List[Optional[str]]) -> cst.BaseExpression:
        if isinstance(value, (cst.List, cst.Tuple)):
            kept = [e for e in value.elements if not self._sensitive_element(e)]
            removed = [_string_value(e.value) for e in value.elements if self._sensitive_element(e)]
            if not removed:
                return value
            if not kept:
                dropped.append(None)
                return value
            dropped.extend(removed)
            if isinstance(value, cst.Tuple) and len(kept) == 1:
                kept = [kept[0].with_changes(comma=cst.Comma())]  # ("age",) stays a tuple
            else:
                kept = [*kept[:-1], kept[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)]
            return value.with_changes(elements=kept)
        text = _string_value(value)
        if text is not None and isinstance(value, cst.SimpleString):
            parts = [p.strip() for p in text.split(",")]
            kept_parts = [p for p in parts if self.catalog.sensitive_category(p) is None]
            if len(kept_parts) == len(parts):
                return value
            if not [p for p in kept_parts if p]:
                dropped.append(None)
                return value
            dropped.extend(p for p in parts if p not in kept_parts)
            quote = value.quote
            return value.with_changes(value=f"{value.prefix}{quote}{','.join(kept_parts)}{quote}")
        return value

    def _sensitive_element(self, element: cst.BaseElement) -> bool:
        text = _string_value(element.value)
        return text is not None and self.catalog.sensitive_category(text) is not None

    # -- FRT501: https for face endpoints ------------------------------------------------------
    def _https(self, call: cst.Call) -> Optional[Tuple[cst.Call, str]]:
        new_args = []
        changed = False
        for arg in call.args:
            value = _with_https(arg.value)
            if value is not None:
                changed = True
                arg = arg.with_changes(value=value)
            new_args.append(arg)
        if not changed:
            return None
        return call.with_changes(args=new_args), "http:// replaced with https://"

    # -- FRT502: the library's default tolerance (unsafe) ----------------------------------------------
    def _threshold_in_call(self, call: cst.Call) -> Optional[Tuple[cst.Call, str]]:
        """The call's literal threshold argument (`tolerance=0.75`, or its position) set to the default."""
        name = call.func.attr.value if isinstance(call.func, cst.Attribute) else getattr(call.func, "value", "")
        new_args = list(call.args)
        for index, arg in enumerate(call.args):
            result = self._default_threshold(arg, name, None if arg.keyword is not None else index)
            if result is not None:
                new_args[index], description = result
                return call.with_changes(args=new_args), description
        return None

    def _default_threshold(self, arg: cst.Arg, function: str = "", position: Optional[int] = None) -> Optional[Tuple[cst.Arg, str]]:
        if not isinstance(arg.value, (cst.Float, cst.Integer)):
            return None
        if arg.keyword is None and position is None:
            return None
        defaults = {
            spec.threshold["default"]
            for api, spec in self.catalog.apis.items()
            if spec.threshold and "default" in spec.threshold
            and (
                spec.threshold.get("keyword") == arg.keyword.value
                if arg.keyword is not None
                else spec.threshold.get("position") == position and api.rsplit(".", 1)[-1] == function
            )
        }
        if len(defaults) != 1:
            return None
        default = defaults.pop()
        node: cst.BaseExpression = cst.Float(repr(float(default))) if isinstance(default, float) else cst.Integer(str(default))
        label = f"{arg.keyword.value}={arg.value.value}" if arg.keyword is not None else arg.value.value
        return arg.with_changes(value=node), f"{label} set back to the library default {default}"


_CALL_FIXES: Dict[str, Callable[[_Fixer, cst.Call], Optional[Tuple[cst.Call, str]]]] = {
    "FRT301": _Fixer._drop_attributes,
    "FRT501": _Fixer._https,
    "FRT502": _Fixer._threshold_in_call,
}
_EQUAL = cst.AssignEqual(whitespace_before=cst.SimpleWhitespace(""), whitespace_after=cst.SimpleWhitespace(""))


def _comma_separated(args: List[cst.Arg]) -> List[cst.Arg]:
    """Arguments with a comma after every one but the last (after appending one)."""
    fixed = []
    for index, arg in enumerate(args):
        if index < len(args) - 1 and arg.comma is cst.MaybeSentinel.DEFAULT:
            arg = arg.with_changes(comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" ")))
        fixed.append(arg)
    return fixed


def _is_deepface_analyze(call: cst.Call) -> bool:
    func = call.func
    return isinstance(func, cst.Attribute) and func.attr.value == "analyze" and isinstance(func.value, cst.Name) and func.value.value == "DeepFace"


def _string_value(node: cst.CSTNode) -> Optional[str]:
    if isinstance(node, cst.SimpleString):
        value = node.evaluated_value
        return value if isinstance(value, str) else None
    return None


def _with_https(node: cst.BaseExpression) -> Optional[cst.BaseExpression]:
    """The string with its http:// scheme made https://, or None when it has none."""
    if isinstance(node, cst.SimpleString):
        body = node.value[len(node.prefix) + len(node.quote):]
        for old, new in _SCHEMES:
            if body[: len(old)].lower() == old:
                return node.with_changes(value=f"{node.prefix}{node.quote}{new}{body[len(old):]}")
        return None
    if isinstance(node, cst.FormattedString) and node.parts and isinstance(node.parts[0], cst.FormattedStringText):
        first = node.parts[0]
        for old, new in _SCHEMES:
            if first.value[: len(old)].lower() == old:
                return node.with_changes(parts=[first.with_changes(value=new + first.value[len(old):]), *node.parts[1:]])
        return None
    if isinstance(node, cst.ConcatenatedString):
        left = _with_https(node.left)  # type: ignore[arg-type]
        return node.with_changes(left=left) if left is not None else None
    return None
