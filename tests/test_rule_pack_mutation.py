"""A mutation check over the Semgrep rule pack: every `pattern-either` branch earns its place.

For each rule and each branch of each `pattern-either` that adds matches (not one under a
`pattern-not*` or a taint sanitizer, where deleting a branch only widens the rule), a mutant
rule is built with that branch deleted. The mutants go into one temporary folder and run in
ONE Semgrep process over the pack's own test files (Semgrep's start-up costs seconds). A
mutant that still finds every `ruleid` line its original finds means the branch has no test
case (or is dead): the suite would still pass if it were deleted.

Cost: the whole pack makes about a thousand mutants, several minutes of Semgrep on 2 cores.
The normal suite runs a deterministic subset (a branch is in it when a hash of its text
says so, so unrelated edits do not reshuffle it); FRTLINT_MUTATION_ALL=1 runs every branch.
Branches that had no case when this check was introduced are listed in SURVIVORS_FILE: the
check fails on any other surviving branch, and on a listed one that has since gained a case
(delete its line), so the list can only shrink. FRTLINT_MUTATION_ALL=1
FRTLINT_MUTATION_UPDATE=1 rewrites the list from a full run.
"""

from __future__ import annotations

import copy
import fnmatch
import hashlib
import json
import os
import re
import subprocess
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, Iterator, List, Set, Tuple

import pytest
import yaml

from frtlint.engine.semgrep import semgrep_executable

from conftest import REPO

RULES = REPO / "rules"
SURVIVORS_FILE = Path(__file__).with_name("rule_pack_mutation_survivors.txt")
# Keys under which a pattern removes matches: deleting a branch there widens the rule.
NEGATIVE_KEYS = frozenset({"pattern-not", "pattern-not-inside", "pattern-not-regex", "pattern-sanitizers"})
ANNOTATION = re.compile(r"\b(ruleid|ok|todoruleid|todook):\s*([\w\-, ]+)")
COMMENT_ONLY = re.compile(r"^\s*(#|//|/\*|<!--|\*)")
MUTANT_SUFFIX = "--mutant-"
SUBSET_STRIDE = 8  # about one branch in eight in the normal suite: well under a minute of Semgrep

Location = Tuple[str, int]  # (test file path, line)


@dataclass(frozen=True)
class Mutant:
    rule_id: str
    original_id: str
    identity: str  # rule file, rule id and the deleted branch's text: stable across reordering
    where: str  # the deleted branch's place in the rule, for the failure message


def _pack_rule_files() -> List[Path]:
    files = sorted(p for p in RULES.glob("*/*.yaml") if not p.name.endswith(".test.yaml") and p.parent.name != "facts")
    return [p for p in files if _selected(str(p.relative_to(REPO)))]


def _selected(rule_file: str) -> bool:
    """FRTLINT_MUTATION_FILES=rules/java/*,rules/kotlin/* narrows a run to some rule files."""
    globs = [g for g in os.environ.get("FRTLINT_MUTATION_FILES", "").split(",") if g]
    return not globs or any(fnmatch.fnmatch(rule_file, g) for g in globs)


def _test_files(rule_file: Path) -> List[Path]:
    return sorted(p for p in rule_file.parent.glob(rule_file.stem + ".*") if p != rule_file)


def _either_lists(node: Any, negative: bool = False, where: str = "") -> Iterator[Tuple[List[Any], str]]:
    """Every `pattern-either` list reachable from `node` in a positive (match-adding) position."""
    if isinstance(node, dict):
        for key, value in node.items():
            inner_negative = negative or key in NEGATIVE_KEYS
            if key == "pattern-either" and isinstance(value, list) and not inner_negative:
                yield value, f"{where}/{key}"
            yield from _either_lists(value, inner_negative, f"{where}/{key}")
    elif isinstance(node, list):
        for index, item in enumerate(node):
            yield from _either_lists(item, negative, f"{where}[{index}]")


def build_mutants(rule: Dict[str, Any], rule_file: str) -> List[Tuple[Mutant, Dict[str, Any]]]:
    """One mutant per deletable branch: the rule with that single branch removed."""
    mutants: List[Tuple[Mutant, Dict[str, Any]]] = []
    branch_count = sum(len(branches) for branches, _ in _either_lists(rule))
    for target in range(branch_count):
        mutant = copy.deepcopy(rule)
        seen = 0
        for branches, where in _either_lists(mutant):
            if seen <= target < seen + len(branches):
                index = target - seen
                if len(branches) >= 2:  # a one-branch either is its branch: nothing to delete alone
                    removed = branches.pop(index)
                    mutant["id"] = f"{rule['id']}{MUTANT_SUFFIX}{target}"
                    text = json.dumps(removed, ensure_ascii=False, sort_keys=True)
                    mutants.append((Mutant(mutant["id"], rule["id"], f"{rule_file} {rule['id']} {text}", f"{where}[{index}]"), mutant))
                break
            seen += len(branches)
    return mutants


def in_subset(identity: str) -> bool:
    return int(hashlib.sha256(identity.encode("utf-8")).hexdigest(), 16) % SUBSET_STRIDE == 0


def ruleid_lines(text: str) -> Dict[str, Set[int]]:
    """Rule id -> the lines its `ruleid:` annotations point at (an annotation alone on its
    line points at the next line that is not itself an annotation)."""
    lines = text.splitlines()
    expected: Dict[str, Set[int]] = defaultdict(set)
    for number, line in enumerate(lines, start=1):
        for kind, ids in ANNOTATION.findall(line):
            if kind != "ruleid":
                continue
            target = number
            if COMMENT_ONLY.match(line):
                target = number + 1
                while target <= len(lines) and COMMENT_ONLY.match(lines[target - 1]) and ANNOTATION.search(lines[target - 1]):
                    target += 1
            for rule_id in (i.strip() for i in ids.split(",")):
                if rule_id:
                    expected[rule_id].add(target)
    return expected


def _run_semgrep(config_dir: Path, targets: List[Path]) -> Dict[str, Set[Location]]:
    completed = subprocess.run(
        [semgrep_executable(), "scan", "--config", str(config_dir), "--json", "--metrics=off",
         "--disable-version-check", "--no-git-ignore", "--quiet", "--timeout", "0", *map(str, targets)],
        capture_output=True, text=True, timeout=1800,
        env={**os.environ, "SEMGREP_ENABLE_VERSION_CHECK": "0", "SEMGREP_SEND_METRICS": "off"},
    )
    report = json.loads(completed.stdout)
    assert not report.get("errors"), json.dumps(report["errors"])[:3000]
    found: Dict[str, Set[Location]] = defaultdict(set)
    for result in report["results"]:
        rule_id = result["check_id"].rsplit(".", 1)[-1]  # Semgrep prefixes the config's dotted path
        found[rule_id].add((str(Path(result["path"]).resolve()), result["start"]["line"]))
    return found


def _write_mutant_pack(folder: Path, every_branch: bool) -> Tuple[List[Mutant], Dict[str, List[Path]]]:
    """Originals and their mutants, one YAML per rule file, each rule scanning only its own tests."""
    mutants: List[Mutant] = []
    targets_of: Dict[str, List[Path]] = {}
    for rule_file in _pack_rule_files():
        rules = yaml.safe_load(rule_file.read_text(encoding="utf-8"))["rules"]
        own_files = {"include": [t.name for t in _test_files(rule_file)]}
        written = []
        for rule in rules:
            assert "." not in rule["id"], f"{rule['id']}: rule ids must not contain dots"
            targets_of[rule["id"]] = _test_files(rule_file)
            chosen = [(m, body) for m, body in build_mutants(rule, str(rule_file.relative_to(REPO)))
                      if every_branch or in_subset(m.identity)]
            if chosen:
                written.append({**rule, "paths": own_files})
            for mutant, body in chosen:
                mutants.append(mutant)
                written.append({**body, "paths": own_files})
        if written:
            target = folder / rule_file.parent.name / rule_file.name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(yaml.safe_dump({"rules": written}, allow_unicode=True), encoding="utf-8")
    return mutants, targets_of


def _survivors(mutants: List[Mutant], targets_of: Dict[str, List[Path]], found: Dict[str, Set[Location]]) -> List[Mutant]:
    surviving = []
    for mutant in mutants:
        targets = targets_of[mutant.original_id]
        expected = {(str(t.resolve()), line) for t in targets
                    for line in ruleid_lines(t.read_text(encoding="utf-8")).get(mutant.original_id, ())}
        lost = (found.get(mutant.original_id, set()) & expected) - found.get(mutant.rule_id, set())
        if not lost:
            surviving.append(mutant)
    return surviving


@pytest.mark.skipif(semgrep_executable() is None, reason="semgrep is not installed")
def test_pattern_either_branches_have_ruleid_cases(tmp_path: Path) -> None:
    every_branch = os.environ.get("FRTLINT_MUTATION_ALL") == "1"
    mutants, targets_of = _write_mutant_pack(tmp_path, every_branch)
    narrowed = bool(os.environ.get("FRTLINT_MUTATION_FILES"))
    assert narrowed or len(mutants) >= (500 if every_branch else 50), "too few branches found: has the pack's shape changed?"
    found = _run_semgrep(tmp_path, sorted({t for targets in targets_of.values() for t in targets}))
    surviving = Counter(m.identity for m in _survivors(mutants, targets_of, found))

    if every_branch and os.environ.get("FRTLINT_MUTATION_UPDATE") == "1":
        kept = [line for line in SURVIVORS_FILE.read_text(encoding="utf-8").splitlines()
                if line and not _selected(line.split(" ", 1)[0])]
        fresh = SURVIVORS_FILE.with_suffix(f".{os.getpid()}.tmp")
        fresh.write_text("".join(f"{i}\n" for i in sorted([*kept, *surviving.elements()])), encoding="utf-8")
        os.replace(fresh, SURVIVORS_FILE)  # a concurrent narrowed run never reads a half-written list
    known = Counter(line for line in SURVIVORS_FILE.read_text(encoding="utf-8").splitlines() if line)
    checked = Counter(m.identity for m in mutants)
    new = surviving - known
    fixed = (known & checked) - surviving
    where = {m.identity: m.where for m in mutants}
    assert not new, (
        f"{sum(new.values())} pattern-either branches can be deleted and every ruleid case still passes; "
        "add a `ruleid:` case for each (or delete the dead branch):\n"
        + "\n".join(f"{i}  at {where[i]}" for i in sorted(new))
    )
    assert not fixed, (
        f"these branches now have a ruleid case: delete their lines from {SURVIVORS_FILE.name}:\n"
        + "\n".join(sorted(fixed))
    )


RULE = {
    "id": "demo",
    "patterns": [
        {"pattern-either": [{"pattern": "a()"}, {"pattern": "b()"}, {"pattern-either": [{"pattern": "c()"}]}]},
        {"pattern-not-inside": {"pattern-either": [{"pattern": "x()"}, {"pattern": "y()"}]}},
    ],
}


def test_mutants_delete_one_positive_branch_each() -> None:
    built = build_mutants(RULE, "rules/demo.yaml")
    assert [m.rule_id for m, _ in built] == ["demo--mutant-0", "demo--mutant-1", "demo--mutant-2"]
    assert [m.identity for m, _ in built] == [
        'rules/demo.yaml demo {"pattern": "a()"}',
        'rules/demo.yaml demo {"pattern": "b()"}',
        'rules/demo.yaml demo {"pattern-either": [{"pattern": "c()"}]}',
    ]
    assert built[0][1]["patterns"][0]["pattern-either"] == [{"pattern": "b()"}, {"pattern-either": [{"pattern": "c()"}]}]
    assert built[0][1]["patterns"][1] == RULE["patterns"][1]  # the exclusion's branches are left alone
    assert RULE["patterns"][0]["pattern-either"][0] == {"pattern": "a()"}  # the original is untouched


def test_ruleid_annotations_point_at_the_next_code_line_or_their_own() -> None:
    text = "// ruleid: r1\n// ok: r2\nfoo();\nbar(); // ruleid: r1, r3\n# ok: r1\nbaz()\n"
    assert ruleid_lines(text) == {"r1": {3, 4}, "r3": {4}}


def test_subset_is_deterministic_and_about_one_in_stride() -> None:
    identities = [f"rules/x.yaml r {{\"pattern\": \"f{n}()\"}}" for n in range(800)]
    chosen = [i for i in identities if in_subset(i)]
    assert chosen == [i for i in identities if in_subset(i)]
    assert 800 // SUBSET_STRIDE // 2 < len(chosen) < 800 // SUBSET_STRIDE * 2
