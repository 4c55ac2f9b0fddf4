"""Every rule's in-class VALID/INVALID examples, run through the real engine (Fixit style)."""

from __future__ import annotations

from typing import List, Tuple

import pytest

from frtlint.checks import Valid, all_rules

from conftest import lint_code


def _cases() -> List[Tuple[str, str, object]]:
    cases = []
    for rule in all_rules():
        if not rule.implemented_in_python():
            continue
        for index, example in enumerate(rule.VALID):
            cases.append(pytest.param(rule.id, example, id=f"{rule.id}-valid-{index}"))
        for index, example in enumerate(rule.INVALID):
            cases.append(pytest.param(rule.id, example, id=f"{rule.id}-invalid-{index}"))
    return cases


@pytest.mark.parametrize("rule_id, example", _cases())
def test_example(rule_id: str, example, tmp_path) -> None:
    found = [(f.rule, f.line, f.column) for f in lint_code(example.code, [rule_id], tmp_path) if f.rule == rule_id]
    if isinstance(example, Valid):
        assert found == [], f"{example.note or 'valid example'} was flagged:\n{example.code}"
    else:
        assert found == [(rule_id, example.line, example.column)], f"{example.note}:\n{example.code}"


@pytest.mark.parametrize("rule", [r for r in all_rules() if r.implemented_in_python() and r.id >= "FRT100"], ids=lambda r: r.id)
def test_headline_rules_have_enough_examples(rule) -> None:
    if rule.id in ("FRT101", "FRT201", "FRT301", "FRT401"):
        assert len(rule.VALID) >= 15 and len(rule.INVALID) >= 15
    else:
        assert rule.VALID and rule.INVALID


@pytest.mark.parametrize("rule", all_rules(), ids=lambda r: r.id)
def test_no_example_is_a_scaffold_stub(rule) -> None:
    stubs = [example.code for example in [*rule.VALID, *rule.INVALID] if "TODO(scaffold)" in example.code]
    assert stubs == [], f"{rule.id}: replace the examples `python -m frtlint.scaffold` wrote with real programs"


def test_finding_takes_its_optional_parts_by_keyword() -> None:
    from frtlint.analysis.facts import FunctionFacts, ModuleFacts, Span
    from frtlint.checks import get_rule

    rule = get_rule("FRT201")()
    module = ModuleFacts(path="app.py", module="app", is_test=False)
    span = Span(3, 5, 3, 9)
    function = FunctionFacts(qualname="enrol", name="enrol", class_name=None, span=span, decorators=())
    with pytest.raises(TypeError):
        rule.finding(module, span, "m", function)  # type: ignore[misc]
    finding = rule.finding(module, span, "m", function=function, anchor_text="encodings(img)")
    assert (finding.rule, finding.path, finding.line, finding.column, finding.message) == ("FRT201", "app.py", 3, 5, "m")
