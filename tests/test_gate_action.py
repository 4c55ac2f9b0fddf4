"""The composite GitHub Action: its inputs, and its check step run under bash the way a
runner runs it (RUNNER_TEMP, GITHUB_OUTPUT, GITHUB_STEP_SUMMARY)."""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Dict

import jsonschema
import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent
SCHEMA = Path(__file__).resolve().parent / "sarif" / "sarif-schema-2.1.0.json"
ACTION = yaml.safe_load((REPO / "action.yml").read_text(encoding="utf-8"))


def test_action_is_composite_with_the_gate_inputs() -> None:
    assert ACTION["runs"]["using"] == "composite"
    assert {"paths", "fail-on", "baseline", "diff-base", "sarif-file", "upload-sarif", "summary"} <= set(ACTION["inputs"])
    assert ACTION["inputs"]["sarif-file"]["default"] == "frtlint.sarif"
    uses = [s.get("uses", "") for s in ACTION["runs"]["steps"]]
    assert any(u.startswith("github/codeql-action/upload-sarif@") for u in uses)
    for step in ACTION["runs"]["steps"]:
        if "run" in step:
            assert step["shell"] == "bash"
            assert "${{" not in step["run"], "inputs reach scripts through env, never spliced into code"


def _run_check_step(workspace: Path, tmp_path: Path, **inputs: str) -> subprocess.CompletedProcess:
    step = next(s for s in ACTION["runs"]["steps"] if s.get("id") == "check")
    runner_temp = tmp_path / "runner-temp"
    venv_bin = runner_temp / "frtlint-venv" / "bin"
    venv_bin.mkdir(parents=True, exist_ok=True)
    launcher = venv_bin / "frtlint"
    launcher.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m frtlint "$@"\n')
    launcher.chmod(0o755)
    env = {
        **os.environ,
        "RUNNER_TEMP": str(runner_temp),
        "GITHUB_OUTPUT": str(tmp_path / "github-output"),
        "GITHUB_STEP_SUMMARY": str(tmp_path / "step-summary.md"),
    }
    defaults = {name: str(spec.get("default", "")) for name, spec in ACTION["inputs"].items()}
    values = {**defaults, **inputs, "github.action_path": str(REPO)}
    for name, expression in step["env"].items():
        key = expression.strip().removeprefix("${{").removesuffix("}}").strip().removeprefix("inputs.")
        env[name] = values[key]
    return subprocess.run(["bash", "-c", step["run"]], cwd=workspace, env=env, capture_output=True, text=True, timeout=300)


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")
def test_check_step_writes_annotations_sarif_summary_and_exit_code(tmp_path: Path) -> None:
    workspace = tmp_path / "workspace"
    (workspace / "src").mkdir(parents=True)
    (workspace / "src" / "job.py").write_text("from deepface import DeepFace\n\nr = DeepFace.analyze(img)\n")
    (workspace / "src" / "safe.py").write_text('from deepface import DeepFace\n\nr = DeepFace.analyze(img, actions=["age"])\n')
    completed = _run_check_step(
        workspace, tmp_path, paths="src", **{"extra-args": "--select FRT3 --no-cache", "sarif-file": "out/frtlint.sarif"}
    )
    assert completed.returncode == 0, completed.stderr  # the step records the code; the Gate step fails the job
    assert completed.stdout.splitlines() == [
        "::error file=src/job.py,line=3,col=5,endLine=3,endColumn=26,title=FRT301 sensitive-attribute-inference::"
        "FRT301 DeepFace.analyze infers race from faces (the library default includes it) (Draft Art. 11)"
    ]
    assert (tmp_path / "github-output").read_text() == "exit-code=1\nsarif-file=out/frtlint.sarif\n"
    log = json.loads((workspace / "out" / "frtlint.sarif").read_text(encoding="utf-8"))
    assert list(jsonschema.Draft4Validator(json.loads(SCHEMA.read_text())).iter_errors(log)) == []
    assert [r["ruleId"] for r in log["runs"][0]["results"]] == ["FRT301"]
    summary = (tmp_path / "step-summary.md").read_text(encoding="utf-8")
    assert summary.startswith("## frtlint\n\n**1 finding(s)**: 1 error(s), 0 warning(s) in 1 file(s); 2 file(s) checked.")

    # fail-on never: the gate passes; a bad input is a usage error (exit 2), still recorded.
    completed = _run_check_step(workspace, tmp_path, paths="src", **{"fail-on": "never", "extra-args": "--select FRT3"})
    assert (tmp_path / "github-output").read_text().splitlines()[-2:] == ["exit-code=0", "sarif-file=frtlint.sarif"]
    completed = _run_check_step(workspace, tmp_path, paths="src", baseline="missing.json")
    assert (tmp_path / "github-output").read_text().splitlines()[-2:] == ["exit-code=2", "sarif-file=frtlint.sarif"]
    assert "--baseline missing.json: file not found" in completed.stderr


def _outputs(tmp_path: Path) -> Dict[str, str]:
    lines = (tmp_path / "github-output").read_text().splitlines()
    return dict(line.split("=", 1) for line in lines)


def _entry():
    spec = importlib.util.spec_from_file_location("frtlint_action_entry", REPO / "action" / "entry.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_action_inputs_for_extras_working_directory_and_sarif_category() -> None:
    assert {"extras", "working-directory", "sarif-category"} <= set(ACTION["inputs"])
    assert ACTION["inputs"]["sarif-category"]["default"] == "frtlint"
    upload = next(s for s in ACTION["runs"]["steps"] if s.get("uses", "").startswith("github/codeql-action/upload-sarif@"))
    assert upload["with"] == {"sarif_file": "${{ steps.check.outputs.sarif-file }}", "category": "${{ inputs.sarif-category }}"}
    install = next(s for s in ACTION["runs"]["steps"] if s.get("name") == "Install frtlint")
    assert install["env"]["FRTLINT_EXTRAS"] == "${{ inputs.extras }}"


def test_install_specs_add_extras_to_the_actions_own_checkout() -> None:
    entry = _entry()
    base = {"FRTLINT_ACTION_PATH": "/actions/frtlint", "RUNNER_TEMP": "/tmp/r"}
    assert entry.install_specs({**base, "FRTLINT_EXTRAS": ""}) == ["/actions/frtlint"]
    assert entry.install_specs({**base, "FRTLINT_EXTRAS": "semgrep, lsp"}) == ["/actions/frtlint[semgrep,lsp]"]
    assert entry.install_specs({**base, "FRTLINT_INSTALL": "'frtlint[semgrep]==0.1.0' pyyaml"}) == ["frtlint[semgrep]==0.1.0", "pyyaml"]
    with pytest.raises(entry.InputError, match="extras: expected names separated by commas"):
        entry.install_specs({**base, "FRTLINT_EXTRAS": "semgrep]; rm -rf /"})
    with pytest.raises(entry.InputError, match="name the extras in the spec itself"):
        entry.install_specs({**base, "FRTLINT_EXTRAS": "semgrep", "FRTLINT_INSTALL": "frtlint==0.1.0"})


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")
def test_extra_args_keep_quoted_values_and_working_directory_applies(tmp_path: Path) -> None:
    workspace = tmp_path / "workspace"
    app = workspace / "services" / "my app"
    (app / "src").mkdir(parents=True)
    (app / "src" / "job.py").write_text("from deepface import DeepFace\n\nr = DeepFace.analyze(img)\n")
    # A config whose name holds a space: bash word-splitting would cut it in two.
    (app / "ci config.toml").write_text('[tool.frtlint]\nselect = ["FRT3"]\nfail-on = "never"\n')
    completed = _run_check_step(
        workspace, tmp_path, paths='"src"', **{
            "extra-args": '--no-cache --config "ci config.toml"', "working-directory": "services/my app",
            "summary": "false",
        },
    )
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.splitlines() == [
        "::error file=src/job.py,line=3,col=5,endLine=3,endColumn=26,title=FRT301 sensitive-attribute-inference::"
        "FRT301 DeepFace.analyze infers race from faces (the library default includes it) (Draft Art. 11)"
    ]
    assert _outputs(tmp_path) == {"exit-code": "0", "sarif-file": "services/my app/frtlint.sarif"}
    assert (app / "frtlint.sarif").is_file()


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")
def test_unbalanced_quotes_and_a_missing_folder_are_input_errors(tmp_path: Path) -> None:
    workspace = tmp_path / "workspace"
    workspace.mkdir()
    completed = _run_check_step(workspace, tmp_path, **{"extra-args": '--config "ci config.toml'})
    assert completed.returncode == 0
    assert completed.stdout == "::error title=frtlint action::extra-args: No closing quotation in '--config \"ci config.toml'\n"
    assert _outputs(tmp_path) == {"exit-code": "2"}
    completed = _run_check_step(workspace, tmp_path, **{"working-directory": "nowhere"})
    assert completed.stdout == "::error title=frtlint action::working-directory: nowhere is not a folder\n"
    assert completed.returncode == 0
    assert (tmp_path / "github-output").read_text() == "exit-code=2\n" * 2  # one line per run, appended
