"""The HTML report: escaping of a hostile tree, the CSP, and the page in headless Chromium."""

from __future__ import annotations

import base64
import hashlib
import re
import struct
import subprocess
import zlib
from html.parser import HTMLParser
from pathlib import Path
from typing import Dict, List, Optional, Tuple

import pytest

from frtlint.cli import main
from frtlint.report.html import SCRIPT, STYLE

from browser import chromium_or_skip, headless
from conftest import REPO

TITLE = "Facial recognition compliance report"
# Each payload would set the page title if the browser ran it.
HOSTILE_CODE = '''import face_recognition

BANNER = "</textarea><script>document.title='pwned-code'</script>"
HELP = "javascript:document.title='pwned-link'"


def enrol(path):
    image = face_recognition.load_image_file(path)  # "><img src=x onerror="document.title='pwned-img'">
    return face_recognition.face_encodings(image)  # </textarea><script>document.title='pwned-comment'</script>


def check(path):
    image = face_recognition.load_image_file(path)
    # frtlint: ignore[FRT201] reason: <script>document.title='pwned-reason'</script> "quoted" 'too'
    return face_recognition.face_encodings(image)
'''
HOSTILE_NAMES = (
    "javascript:document.title='pwned-folder'/x\"'><script>document.title='pwned-name'<!--.py",
    "</textarea>/<svg onload=document.title='pwned-svg'>.py",
)


def hostile_tree(root: Path) -> Path:
    for name in HOSTILE_NAMES:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(HOSTILE_CODE, encoding="utf-8")
    return root


def render_html(paths: List[str], output: Path) -> str:
    assert main(["report", *paths, "--engine", "libcst", "-f", "html", "-o", str(output)]) == 0
    return output.read_text(encoding="utf-8")


class _Elements(HTMLParser):
    """Every start tag with its attributes, and each script element's text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: List[Tuple[str, Dict[str, Optional[str]]]] = []
        self.scripts: List[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: List[Tuple[str, Optional[str]]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"
        if self._in_script:
            self.scripts.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts[-1] += data


def _sha256(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode()


@pytest.fixture()
def hostile_html(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Tuple[Path, str]:
    tree = hostile_tree(tmp_path / "tree")
    monkeypatch.chdir(tree)
    output = tmp_path / "report.html"
    return output, render_html(["."], output)


def test_hostile_names_code_and_reasons_are_escaped(hostile_html: Tuple[Path, str]) -> None:
    _, html = hostile_html
    parser = _Elements()
    parser.feed(html)
    tags = {tag for tag, _ in parser.tags}
    assert tags == {
        "html", "head", "meta", "title", "style", "body", "header", "h1", "p", "main", "section", "h2", "div", "b",
        "label", "input", "table", "thead", "tr", "th", "tbody", "td", "code", "select", "option", "h3", "span", "h4",
        "script",
    }
    assert parser.scripts == [SCRIPT]
    for tag, attrs in parser.tags:
        assert not any(name.startswith("on") for name in attrs), (tag, attrs)
        assert not any(name in ("href", "src", "action", "formaction") for name in attrs), (tag, attrs)
    # Every payload arrived, as text.
    assert "&lt;script&gt;document.title=&#x27;pwned-name&#x27;&lt;!--.py:8</code>" in html
    assert "javascript:document.title=&#x27;pwned-folder&#x27;/x&quot;&#x27;&gt;" in html
    assert "&lt;/textarea&gt;/&lt;svg onload=document.title=&#x27;pwned-svg&#x27;&gt;.py" in html
    assert "# &lt;/textarea&gt;&lt;script&gt;document.title=&#x27;pwned-comment&#x27;&lt;/script&gt;" in html
    assert "&lt;script&gt;document.title=&#x27;pwned-reason&#x27;&lt;/script&gt; &quot;quoted&quot; &#x27;too&#x27;" in html
    for raw in ("<svg", "<img", "</textarea>", "<script>document", "onerror=\""):
        assert raw not in html


def test_csp_allows_only_the_reports_own_style_and_script(hostile_html: Tuple[Path, str]) -> None:
    _, html = hostile_html
    parser = _Elements()
    parser.feed(html)
    first_meta = [attrs for tag, attrs in parser.tags if tag == "meta"][1]
    assert first_meta == {
        "http-equiv": "Content-Security-Policy",
        "content": (
            f"default-src 'none'; script-src '{_sha256(SCRIPT)}'; style-src '{_sha256(STYLE)}'; img-src 'none'; "
            "font-src 'none'; connect-src 'none'; base-uri 'none'; form-action 'none'"
        ),
    }
    assert f"<style>{STYLE}</style>" in html
    assert "@media print" in STYLE
    assert not re.search(r"https?://", html.split("<main>")[0]), "the head must load nothing"


def test_pipia_and_markdown_escape_table_cells(hostile_html: Tuple[Path, str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", ".", "--engine", "libcst", "-f", "markdown"]) == 0
    markdown = capsys.readouterr().out
    assert "<script>" not in markdown and "</textarea>" not in markdown
    assert "&lt;script&gt;document.title='pwned-reason'&lt;/script&gt;" in markdown


def _png_facts(data: bytes) -> Tuple[int, int, int]:
    """(width, height, distinct byte values in the pixel data) of a PNG."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    idat, offset = b"", 8
    while offset < len(data):
        length = struct.unpack(">I", data[offset:offset + 4])[0]
        kind = data[offset + 4:offset + 8]
        if kind == b"IDAT":
            idat += data[offset + 8:offset + 8 + length]
        offset += 12 + length
    return width, height, len(set(zlib.decompress(idat)))


def test_report_in_headless_chromium(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    chromium = chromium_or_skip()
    # 1. A fixture app's report renders: a screenshot with content.
    monkeypatch.chdir(REPO)
    page = tmp_path / "door.html"
    render_html(["fixtures/door_lock_pi/noncompliant"], page)
    shot = tmp_path / "door.png"
    subprocess.run(
        headless(chromium, tmp_path / "profile-1", f"--screenshot={shot}", "--window-size=1200,1600", page.as_uri()),
        capture_output=True, timeout=120, check=False,
    )
    width, height, distinct = _png_facts(shot.read_bytes())
    assert (width, height) == (1200, 1600)
    assert distinct > 50, "the screenshot is blank"
    assert shot.stat().st_size > 30_000
    # 2. The hostile report runs its own script (the CSP hash matches) and nothing injected.
    tree = hostile_tree(tmp_path / "tree")
    monkeypatch.chdir(tree)
    hostile = tmp_path / "hostile.html"
    render_html(["."], hostile)
    dumped = subprocess.run(
        headless(chromium, tmp_path / "profile-2", "--dump-dom", "--virtual-time-budget=2000", hostile.as_uri()),
        capture_output=True, text=True, timeout=120, check=False,
    ).stdout
    assert re.search(r'<html lang="en" data-filters="ready">', dumped), dumped[:300]
    assert re.findall(r"<title>(.*?)</title>", dumped) == [TITLE]
    assert '<section id="summary">' in dumped and '<table id="inventory-table">' in dumped
    assert '<table id="findings-5">' in dumped and '<table id="suppressions-5">' in dumped
    assert "pwned" not in dumped.split("<body>")[0]
