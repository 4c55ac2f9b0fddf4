"""The Semgrep rule pack's vocabulary lines are generated from the catalog and committed fresh."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from frtlint.catalog.generate_rules import (
    HEADER, TEMPLATE_MARK, GenerationError, main, render_text, rule_files, stale_rule_files,
)
from frtlint.catalog.vocabulary import VocabularyError, load_semgrep_vocabulary, parse_vocabulary

from conftest import REPO

RULES = REPO / "rules"


def test_committed_rule_files_match_the_generator() -> None:
    stale = stale_rule_files(RULES)
    assert not stale, (
        "rule files differ from what the vocabulary generates: "
        + ", ".join(str(p.relative_to(REPO)) for p in sorted(stale))
        + "; edit the `# vocab-template:` line or frtlint/catalog/semgrep_vocabulary.toml, then run "
        "`python -m frtlint.catalog.generate_rules`"
    )


def test_every_family_is_used_and_every_template_renders_to_its_line() -> None:
    vocabulary = load_semgrep_vocabulary()
    used = set()
    templates = 0
    for path in rule_files(RULES):
        lines = path.read_text(encoding="utf-8").split("\n")
        for index, line in enumerate(lines):
            if line.lstrip().startswith(TEMPLATE_MARK):
                templates += 1
                used.update(re.findall(r"\{\{([\w-]+)(?:\|slashes)?\}\}", line))
                assert "{{" not in lines[index + 1], f"{path.name}:{index + 2} was not rendered"
    assert templates >= 150, templates
    assert set(vocabulary) - used == set(), "vocabulary families no rule uses"


def test_templates_do_not_change_the_parsed_rules() -> None:
    """A template is a YAML comment: removing every one leaves the same rule data."""
    for path in rule_files(RULES):
        text = path.read_text(encoding="utf-8")
        if TEMPLATE_MARK not in text:
            continue
        without = "\n".join(line for line in text.split("\n") if not line.lstrip().startswith(TEMPLATE_MARK) and line != HEADER)
        assert yaml.safe_load(text) == yaml.safe_load(without), path.name


def test_the_consent_family_reuses_the_python_analysis_pattern() -> None:
    markers = (REPO / "frtlint" / "catalog" / "markers.toml").read_text(encoding="utf-8")
    pattern = re.search(r'^\[consent\][^\[]*?^name-pattern = "([^"]+)"', markers, flags=re.MULTILINE | re.DOTALL)
    assert pattern is not None
    assert load_semgrep_vocabulary()["consent-word"] == pattern.group(1)


SAMPLE = """rules:
  - id: sample
    patterns:
      - metavariable-regex:
          metavariable: $M
          # vocab-template: regex: ^({{names}})$
          regex: ^(old)$
"""


def test_render_rewrites_the_line_below_each_template_and_adds_the_header() -> None:
    rendered = render_text(SAMPLE, {"names": "alpha|beta"}, "sample.yaml")
    assert rendered == HEADER + "\n" + SAMPLE.replace("^(old)$", "^(alpha|beta)$")
    assert render_text(rendered, {"names": "alpha|beta"}, "sample.yaml") == rendered


def test_render_escapes_slashes_for_semgrep_regex_literals() -> None:
    text = "    # vocab-template: - pattern: '\"=~/({{urls|slashes}})/\"'\n    - pattern: old\n"
    rendered = render_text(text, {"urls": "facepp/v3/|/face/v1\\.\\d/"}, "s.yaml")
    assert rendered.split("\n")[2] == "    - pattern: '\"=~/(facepp\\/v3\\/|\\/face\\/v1\\.\\d\\/)/\"'"


def test_render_leaves_a_file_without_templates_alone() -> None:
    plain = "rules:\n  - id: plain\n    pattern: foo()\n"
    assert render_text(plain, {}, "plain.yaml") == plain


@pytest.mark.parametrize("text, message", [
    (SAMPLE.replace("{{names}}", "{{nope}}"), "sample.yaml:6: unknown vocabulary family 'nope'"),
    ("rules: []\n# vocab-template: x {{names}}", "sample.yaml:2: a template needs the line it generates right below it"),
    ("    pattern-inside: |\n      # vocab-template: {{names}}\n      foo()\n",
     "sample.yaml:2: a template inside a block scalar would change the pattern text"),
])
def test_render_refuses_broken_templates(text: str, message: str) -> None:
    with pytest.raises(GenerationError) as raised:
        render_text(text, {"names": "a"}, "sample.yaml")
    assert str(raised.value) == message


@pytest.mark.parametrize("toml, message", [
    ("[a]\n", "[a] needs exactly one of 'items' or 'from'"),
    ("[a]\nitems = []\n", "[a] items must be a non-empty list of non-empty strings"),
    ("[a]\nitems = ['x\"y']\n", "[a] contains '\"', which would break the YAML around it"),
    ("[a]\nfrom = 'markers.consent.nothing'\n", "'from = markers.consent.nothing': no key 'nothing' in markers.toml"),
    ("[a]\nfrom = 'nowhere'\n", "'from = nowhere': expected <catalog file>.<table>.<key>"),
])
def test_vocabulary_refuses_malformed_families(toml: str, message: str) -> None:
    with pytest.raises(VocabularyError) as raised:
        parse_vocabulary(toml)
    assert str(raised.value) == message


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "frtlint.catalog.generate_rules", *args],
                          capture_output=True, text=True, cwd=REPO, timeout=120)


def test_check_mode_names_the_stale_file_and_how_to_regenerate(tmp_path: Path) -> None:
    pack = tmp_path / "rules" / "demo"
    pack.mkdir(parents=True)
    stale = pack / "demo.yaml"
    stale.write_text(SAMPLE.replace("{{names}}", "{{consent-word}}"), encoding="utf-8")
    checked = _run("--check", "--rules", str(tmp_path / "rules"))
    assert checked.returncode == 1
    assert checked.stderr == f"stale: {stale} (run `python -m frtlint.catalog.generate_rules`)\n"
    assert stale.read_text(encoding="utf-8") == SAMPLE.replace("{{names}}", "{{consent-word}}")

    written = _run("--rules", str(tmp_path / "rules"))
    assert (written.returncode, written.stdout) == (0, f"regenerated {stale}\n")
    assert "regex: ^(consent)$" in stale.read_text(encoding="utf-8")
    assert _run("--check", "--rules", str(tmp_path / "rules")).returncode == 0


def test_bad_input_is_one_line_and_exit_2(tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text("# vocab-template: {{missing}}\nregex: x\n", encoding="utf-8")
    completed = _run("--check", "--rules", str(tmp_path))
    assert completed.returncode == 2
    assert completed.stderr == f"error: {tmp_path / 'bad.yaml'}:1: unknown vocabulary family 'missing'\n"
    missing = _run("--rules", str(tmp_path / "absent"))
    assert (missing.returncode, missing.stderr) == (2, f"error: no rule pack folder at {tmp_path / 'absent'}\n")


def test_main_in_process_reports_a_fresh_pack_as_clean() -> None:
    assert main(["--check", "--rules", str(RULES)]) == 0
