"""The type of a call chain is worked out once per link (not once per link per link
above it), and a remembered answer never outlives the typed names it was worked out with."""

from __future__ import annotations

from typing import List

import libcst as cst

from frtlint.analysis.resolver import Resolver
from frtlint.catalog import build_catalog


def _resolver() -> Resolver:
    resolver = Resolver(build_catalog({}), {"AipFace": "aip.AipFace"})
    resolver.learn_module(cst.parse_module(""))
    return resolver


def _links(expression: cst.BaseExpression) -> List[cst.Call]:
    """The calls of a method chain, outermost first."""
    links = []
    while type(expression) is cst.Call:
        links.append(expression)
        expression = expression.func.value if type(expression.func) is cst.Attribute else expression.func
    return links


def test_each_link_of_a_chain_is_typed_once(monkeypatch) -> None:
    resolver = _resolver()
    chain = cst.parse_expression("AipFace(1, 2, 3)" + ".eval()" * 400)
    worked_out: List[cst.Call] = []
    original = Resolver._call_type

    def counted(self, node, types, class_name):
        worked_out.append(node)
        return original(self, node, types, class_name)

    monkeypatch.setattr(Resolver, "_call_type", counted)
    links = _links(chain)[::-1]  # innermost first, as a walk of the chain's receivers meets them
    assert len(links) == 401
    assert [resolver.type_of(link, {}) for link in links] == ["aip.AipFace"] * 401
    assert [resolver.type_of(link, {}) for link in links[::-1]] == ["aip.AipFace"] * 401
    assert len(worked_out) == 401
    assert {id(node) for node in worked_out} == {id(node) for node in links}


def test_an_answer_depends_on_the_typed_names_it_was_worked_out_with() -> None:
    resolver = _resolver()
    chain = cst.parse_expression("face.eval().eval()")
    assert resolver.type_of(chain, {}) is None
    assert resolver.type_of(chain, {"face": "aip.AipFace"}) == "aip.AipFace"
    assert resolver.type_of(chain, {"face": "other.Thing"}) == "other.Thing"  # eval() returns its receiver
    assert resolver.type_of(chain, {}) is None
    assert resolver.type_of(chain, {"face": "aip.AipFace"}, class_name="Door") == "aip.AipFace"


def test_nothing_is_remembered_while_the_module_pass_learns() -> None:
    resolver = Resolver(build_catalog({}), {"AipFace": "aip.AipFace"})
    module = cst.parse_module("client = AipFace(1, 2, 3)\nfaces = client.eval()\n")
    resolver.learn_module(module)
    assert resolver.module_types == {"client": "aip.AipFace", "faces": "aip.AipFace"}
    later = cst.parse_expression("client.eval()")
    assert resolver.type_of(later, {}) == "aip.AipFace"
