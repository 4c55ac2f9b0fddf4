"""Positions from Python's ast, matched to LibCST nodes, equal LibCST's own PositionProvider."""

from __future__ import annotations

from pathlib import Path

import libcst as cst
import pytest
from libcst.metadata import MetadataWrapper, PositionProvider

from frtlint.analysis.positions import Positions
from frtlint.analysis.tree import walk

from conftest import REPO

TRICKY = '''
import face_recognition as fr

@app.route("/x", methods=["POST"])
@consent_required(level=fr.level())
def f(a=g(1), *, b=h(2)) -> Dict[str, int]:
    名字 = "人脸"; x = fr.face_encodings(load(名字))[0]
    y = (lambda z=k(): z(m()))() if check(x) else other(x)(y)
    s = f"{fmt(x)!r:>{width(y)}} and {obj.attr[idx(1)]}"
    try:
        pass
    except make_error(1) as e:
        raise wrap(e) from cause(e)
    return {k(v): [w(i) for i in items(j) if ok(i)] for k, v in pairs()}

class C(Base(meta=m())):
    @property
    def p(self):
        return self.q()[r(1):s(2)]
'''


def _calls_and_subscripts(module: cst.Module):
    return [n for n in walk(module) if isinstance(n, (cst.Call, cst.Subscript))]


def _compare(text: str) -> int:
    module = cst.parse_module(text)
    provider = MetadataWrapper(module, unsafe_skip_copy=True).resolve(PositionProvider)
    positions = Positions(module, text)
    assert positions._fallback is None, "ast matching fell back"
    nodes = _calls_and_subscripts(module)
    for node in nodes:
        expected = provider[node]
        span = positions.span(node)
        assert (span.line, span.column) == (expected.start.line, expected.start.column + 1), cst.Module(body=[]).code_for_node(node)
        assert (span.end_line, span.end_column) == (expected.end.line, expected.end.column + 1)
    return len(nodes)


def test_tricky_code() -> None:
    assert _compare(TRICKY) > 30


def test_line_separators_inside_strings_do_not_move_later_lines() -> None:
    # str.splitlines() breaks at U+2028, U+0085 and form feed; Python's tokenizer does not.
    text = 'a = "x\u2028y\x85z\x0c"\nb = f(1)\nc = g(2)[0]\n'
    assert _compare(text) == 3
    module = cst.parse_module(text)
    call = next(n for n in walk(module) if isinstance(n, cst.Call))
    assert Positions(module, text).text(call) == "f(1)"


@pytest.mark.parametrize("path", sorted((REPO / "fixtures").rglob("*.py")), ids=lambda p: str(p.relative_to(REPO)))
def test_fixture_files(path: Path) -> None:
    _compare(path.read_text(encoding="utf-8"))


def test_disagreement_falls_back_to_the_position_provider(monkeypatch) -> None:
    import frtlint.analysis.positions as positions_module

    monkeypatch.setattr(positions_module, "_same_callee", lambda *_: False)
    text = "x = f(1)\n"
    module = cst.parse_module(text)
    positions = Positions(module, text)
    assert positions._fallback is not None
    call = next(n for n in walk(module) if isinstance(n, cst.Call))
    assert positions.span(call).column == 5


def test_text_of_a_call_is_its_source() -> None:
    text = "y = client.search(\n    image,   'BASE64',\n    group)\n"
    module = cst.parse_module(text)
    call = next(n for n in walk(module) if isinstance(n, cst.Call))
    assert Positions(module, text).text(call) == "client.search( image, 'BASE64', group)"
