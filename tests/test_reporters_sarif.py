"""SARIF 2.1.0: the OASIS JSON schema, the official SARIF Multitool, and what code
scanning needs (rule metadata, taxonomy, locations, fingerprints, evidence, suppressions)."""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
import subprocess
from pathlib import Path
from typing import Any, Dict, List

import jsonschema
import pytest

from frtlint.checks import all_rules
from frtlint.cli import main
from frtlint.reporters.links import DOCS_BASE_URL

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "fixtures"
SCHEMA = Path(__file__).resolve().parent / "sarif" / "sarif-schema-2.1.0.json"
REASON = "statutory basis recorded in PIPIA-7"


@pytest.fixture
def apps(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The non-compliant fixture apps, one finding silenced with a reasoned comment."""
    root = tmp_path / "work"
    for app in sorted(FIXTURES.glob("*/noncompliant")):
        shutil.copytree(app, root / app.parent.name, ignore=shutil.ignore_patterns("__pycache__"))
    job = root / "deepface_analytics" / "job.py"
    lines = job.read_text(encoding="utf-8").splitlines(keepends=True)
    assert "DeepFace.analyze(img_path=img" in lines[29]
    lines[29] = lines[29].rstrip("\n") + f"  # frtlint: ignore[FRT301] reason: {REASON}\n"
    job.write_text("".join(lines), encoding="utf-8")
    monkeypatch.chdir(root)
    return root


def _sarif(capsys, *paths: str) -> Dict[str, Any]:
    code = main(["check", "--no-cache", "--jobs", "1", "--engine", "libcst", "--format", "sarif", *paths])
    out, _ = capsys.readouterr()
    assert code == 1
    return json.loads(out)


def _results(log: Dict[str, Any], rule: str, uri: str) -> List[Dict[str, Any]]:
    return [
        r for r in log["runs"][0]["results"]
        if r["ruleId"] == rule and r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == uri
    ]


def test_sarif_validates_against_the_oasis_schema(apps: Path, capsys) -> None:
    log = _sarif(capsys, ".")
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    validator = jsonschema.Draft4Validator(schema)
    errors = sorted(validator.iter_errors(log), key=lambda e: list(e.path))
    assert [f"{list(e.path)}: {e.message}" for e in errors] == []
    assert log["version"] == "2.1.0"
    assert len(log["runs"][0]["results"]) >= 20


def test_rules_carry_names_descriptions_help_tags_and_severity(apps: Path, capsys) -> None:
    log = _sarif(capsys, ".")
    driver = log["runs"][0]["tool"]["driver"]
    assert driver["name"] == "frtlint"
    assert [r["id"] for r in driver["rules"]] == [r.id for r in all_rules()]
    rule = next(r for r in driver["rules"] if r["id"] == "FRT301")
    assert rule["name"] == "SensitiveAttributeInference"
    assert rule["name"] != rule["id"]
    assert rule["shortDescription"]["text"] == (
        "Face analysis asks for, or reads back, race, ethnicity, religion, health or social class."
    )
    assert rule["fullDescription"]["text"].startswith("A face attribute analysis call that requests a sensitive attribute")
    assert rule["helpUri"] == "https://github.com/frtlint/frtlint/blob/main/docs/rules/FRT301.md"
    assert rule["helpUri"] == DOCS_BASE_URL + "FRT301.md"
    markdown = rule["help"]["markdown"]
    assert markdown.startswith("# FRT301 sensitive-attribute-inference\n")
    assert "Draft Art. 11 (sensitive attributes): Do not use face recognition to analyse race" in markdown
    assert "## Use instead" in markdown and 'actions=["age", "emotion"]' in markdown
    assert rule["help"]["text"]
    assert rule["defaultConfiguration"] == {"level": "error"}
    tags = rule["properties"]["tags"]
    assert "draft-art-11" in tags and "security" in tags
    assert rule["properties"]["security-severity"] == "8.0"
    assert float(rule["properties"]["security-severity"]) == 8.0
    frt101 = next(r for r in driver["rules"] if r["id"] == "FRT101")
    assert {"draft-art-17", "draft-art-18", "measures-art-8"} <= set(frt101["properties"]["tags"])
    for descriptor in driver["rules"]:
        assert re.fullmatch(r"\d+(\.\d+)?", descriptor["properties"]["security-severity"])
        assert descriptor["helpUri"] == f"{DOCS_BASE_URL}{descriptor['id']}.md"


def test_draft_articles_are_a_taxonomy_with_relationships_from_rules(apps: Path, capsys) -> None:
    log = _sarif(capsys, ".")
    run = log["runs"][0]
    taxonomy, = run["taxonomies"]
    assert taxonomy["name"] == "Draft Provisions"
    assert run["tool"]["driver"]["supportedTaxonomies"] == [
        {"name": "Draft Provisions", "guid": taxonomy["guid"], "index": 0}
    ]
    taxa = [t["id"] for t in taxonomy["taxa"]]
    assert {"5", "11", "14", "17", "18"} <= set(taxa)
    art11 = taxonomy["taxa"][taxa.index("11")]
    assert art11["name"] == "SensitiveAttributes"
    assert art11["fullDescription"]["text"].startswith("Do not use face recognition to analyse race")
    frt301 = next(r for r in run["tool"]["driver"]["rules"] if r["id"] == "FRT301")
    assert frt301["relationships"] == [
        {
            "target": {
                "id": "11",
                "index": taxa.index("11"),
                "toolComponent": {"name": "Draft Provisions", "guid": taxonomy["guid"], "index": 0},
            },
            "kinds": ["relevant"],
        }
    ]
    frt101 = next(r for r in run["tool"]["driver"]["rules"] if r["id"] == "FRT101")
    assert [rel["target"]["id"] for rel in frt101["relationships"]] == ["17", "18"]


def test_measures_regime_makes_the_2025_articles_the_taxonomy(apps: Path, capsys) -> None:
    log = _sarif(capsys, ".", "--regime", "measures-2025")
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    assert [e.message for e in jsonschema.Draft4Validator(schema).iter_errors(log)] == []
    run = log["runs"][0]
    taxonomy, = run["taxonomies"]
    assert taxonomy["name"] == "Measures (2025)"
    assert run["tool"]["driver"]["supportedTaxonomies"] == [{"name": "Measures (2025)", "guid": taxonomy["guid"], "index": 0}]
    taxa = [t["id"] for t in taxonomy["taxa"]]
    assert taxa == [str(n) for n in range(4, 16)]
    art6 = taxonomy["taxa"][taxa.index("6")]
    assert (art6["name"], art6["properties"]) == ("Consent", {"draft-2023": ["5"]})
    rules = {r["id"]: r for r in run["tool"]["driver"]["rules"]}
    assert [rel["target"]["id"] for rel in rules["FRT201"]["relationships"]] == ["6"]
    assert {rel["target"]["toolComponent"]["name"] for rel in rules["FRT101"]["relationships"]} == {"Measures (2025)"}
    assert "relationships" not in rules["FRT301"]  # Draft Art. 11 has no Measures article
    assert run["properties"] == {"regime": "measures-2025"}


def test_results_locations_fingerprints_evidence_and_suppressions(apps: Path, capsys) -> None:
    log = _sarif(capsys, ".")
    run = log["runs"][0]
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == apps.resolve().as_uri() + "/"
    active, suppressed = _results(log, "FRT301", "deepface_analytics/job.py")
    assert "suppressions" not in active
    location = active["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
    assert location["region"]["startLine"] == 24 and location["region"]["startColumn"] == 13
    assert location["region"]["snippet"]["text"].startswith("DeepFace.analyze(img, actions=")
    assert active["message"]["text"] == "DeepFace.analyze infers race from faces (Draft Art. 11)."
    assert active["level"] == "error"
    assert re.fullmatch(r"[0-9a-f]{32}", active["partialFingerprints"]["frtlintFingerprint/v1"])
    assert active["ruleIndex"] == [r["id"] for r in run["tool"]["driver"]["rules"]].index("FRT301")
    assert run["artifacts"][location["artifactLocation"]["index"]]["location"]["uri"] == "deepface_analytics/job.py"

    assert suppressed["suppressions"] == [{"kind": "inSource", "status": "accepted", "justification": REASON}]
    assert suppressed["locations"][0]["physicalLocation"]["region"]["startLine"] == 30

    # Face-data evidence: related locations and a code flow ending at the finding.
    with_evidence = [r for r in run["results"] if r.get("relatedLocations")]
    assert with_evidence
    for result in with_evidence:
        flow = result["codeFlows"][0]["threadFlows"][0]["locations"]
        assert len(flow) == len(result["relatedLocations"]) + 1
        assert flow[-1]["location"]["physicalLocation"]["region"] == result["locations"][0]["physicalLocation"]["region"]
        for related in result["relatedLocations"]:
            assert related["message"]["text"]
            assert related["physicalLocation"]["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
    # Evidence that names another file points into that file.
    cross = [
        rel for r in run["results"] for rel in r.get("relatedLocations", [])
        if r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "rekognition_service/faces.py"
        and rel["physicalLocation"]["artifactLocation"]["uri"] == "rekognition_service/api.py"
    ]
    if any(r["ruleId"] == "FRT201" for r in run["results"]):
        assert cross


def test_partial_fingerprints_survive_inserted_lines(apps: Path, capsys) -> None:
    before = _sarif(capsys, ".")
    job = apps / "deepface_analytics" / "job.py"
    job.write_text("# header\n" * 10 + job.read_text(encoding="utf-8"), encoding="utf-8")
    after = _sarif(capsys, ".")

    def prints(log):
        return {
            r["partialFingerprints"]["frtlintFingerprint/v1"]: r["locations"][0]["physicalLocation"]["region"]["startLine"]
            for r in log["runs"][0]["results"]
        }

    old, new = prints(before), prints(after)
    assert set(old) == set(new)
    moved = [fp for fp in old if new[fp] != old[fp]]
    assert moved and all(new[fp] == old[fp] + 10 for fp in moved)


def test_uris_are_relative_and_percent_encoded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    folder = tmp_path / "my app"
    folder.mkdir()
    (folder / "face job.py").write_text("from deepface import DeepFace\nr = DeepFace.analyze(img)\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code = main(["check", "--no-cache", "--select", "FRT301", "--format", "sarif", "my app"])
    log = json.loads(capsys.readouterr().out)
    assert code == 1
    uri = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == "my%20app/face%20job.py"


def _multitool_dir() -> Path:
    configured = os.environ.get("FRTLINT_SARIF_MULTITOOL_DIR")
    if configured:
        return Path(configured)
    return Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "frtlint-tests" / "sarif-multitool"


def test_official_sarif_multitool_reports_no_errors_and_no_warnings(apps: Path, capsys, tmp_path: Path) -> None:
    npm = shutil.which("npm")
    if npm is None:
        pytest.skip("npm is not installed: cannot install @microsoft/sarif-multitool")
    tool_dir = _multitool_dir()
    tool_dir.mkdir(parents=True, exist_ok=True)
    launcher = tool_dir / "node_modules" / ".bin" / "sarif-multitool"
    if not launcher.exists():
        install = subprocess.run(
            [npm, "install", "--no-audit", "--no-fund", "--prefix", str(tool_dir), "@microsoft/sarif-multitool"],
            capture_output=True, text=True, timeout=600,
        )
        assert install.returncode == 0, install.stdout + install.stderr
    # npm may skip the package's postinstall `chmod u+x`; make the .NET binary executable.
    for binary in (tool_dir / "node_modules" / "@microsoft").glob("sarif-multitool-*/Sarif.Multitool"):
        binary.chmod(binary.stat().st_mode | stat.S_IXUSR)

    log = _sarif(capsys, ".")
    target = tmp_path / "frtlint.sarif"
    target.write_text(json.dumps(log, indent=2), encoding="utf-8")
    report = tmp_path / "validation.sarif"
    completed = subprocess.run(
        ["npx", "--no-install", "sarif-multitool", "validate", str(target), "--output", str(report)],
        cwd=tool_dir, capture_output=True, text=True, timeout=600,
    )
    console = completed.stdout + completed.stderr
    assert completed.returncode == 0, console
    assert "Analysis completed successfully" in console
    # The console lists every error and warning as "file(line,col): error|warning CODE: ...".
    assert re.findall(r"^.*\): (?:error|warning) \w+:.*$", console, flags=re.M) == []
    # And so does the validator's own SARIF log (a result without a level is a warning).
    validation = json.loads(report.read_text(encoding="utf-8-sig"))
    problems = [
        (r.get("ruleId"), r.get("level", "warning"), r.get("message"))
        for run in validation["runs"]
        for r in run.get("results", [])
        if r.get("level", "warning") in ("error", "warning")
    ]
    assert problems == []
    notifications = [
        n for run in validation["runs"] for inv in run.get("invocations", [])
        for n in inv.get("toolExecutionNotifications", []) + inv.get("toolConfigurationNotifications", [])
        if n.get("level", "warning") in ("error", "warning")
    ]
    assert notifications == []


def test_uris_are_relative_to_the_repository_root_when_run_in_a_subfolder(tmp_path, monkeypatch, capsys) -> None:
    import shutil
    import subprocess

    from frtlint.cli import main

    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    app = tmp_path / "services" / "door"
    shutil.copytree(FIXTURES / "door_lock_pi" / "noncompliant", app, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.chdir(app)
    main(["check", "--no-cache", "--format", "sarif", "--select", "FRT401"])
    run = json.loads(capsys.readouterr().out)["runs"][0]
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == tmp_path.resolve().as_uri() + "/"
    locations = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in run["results"]}
    assert locations == {"services/door/doorlock.py"}
    assert {a["location"]["uri"] for a in run["artifacts"]} >= {"services/door/doorlock.py"}
    assert [a["location"]["uri"] for a in run["artifacts"]] == ["services/door/doorlock.py"]


def test_help_text_keeps_the_use_instead_code() -> None:
    from frtlint.checks import get_rule
    from frtlint.reporters.sarif import _rule_descriptor

    text = _rule_descriptor(get_rule("FRT101"), {})["help"]["text"]
    assert "Use instead: or" not in text
    assert "Use instead: boxes = face_recognition.face_locations(frame);" in text
