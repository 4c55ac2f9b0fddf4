"""JUnit XML: one test suite per file with findings, one failing test case per finding.

Suppressed findings are skipped test cases carrying their reason; a clean run is one
passing test case. CI systems (GitLab `artifacts:reports:junit`, Jenkins, Azure
Pipelines) show these as test results.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import OrderedDict
from typing import Dict, List

from frtlint.model import RunResult

FORMAT_NAME = "junit"

# Characters XML 1.0 cannot carry at all.
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _clean(text: str) -> str:
    return _INVALID_XML.sub("\ufffd", text)


def render(result: RunResult, regime: str = "draft-2023", **_: object) -> str:
    by_file: Dict[str, List] = OrderedDict()
    for finding in result.findings:
        by_file.setdefault(finding.path, []).append(finding)
    active = result.active
    root = ET.Element(
        "testsuites",
        name="frtlint",
        tests=str(max(len(result.findings), 1)),
        failures=str(len(active)),
        errors="0",
        skipped=str(len(result.suppressed)),
    )
    if not by_file:
        suite = ET.SubElement(root, "testsuite", name="frtlint", tests="1", failures="0", errors="0", skipped="0")
        ET.SubElement(suite, "testcase", classname="frtlint", name="no findings")
    for path, findings in by_file.items():
        failures = [f for f in findings if f.suppression_reason is None]
        suite = ET.SubElement(
            root,
            "testsuite",
            name=_clean(path),
            tests=str(len(findings)),
            failures=str(len(failures)),
            errors="0",
            skipped=str(len(findings) - len(failures)),
        )
        for finding in findings:
            case = ET.SubElement(
                suite,
                "testcase",
                classname=_clean(path),
                name=_clean(f"{finding.rule} {finding.name} at line {finding.line}, column {finding.column}"),
                file=_clean(path),
                line=str(finding.line),
            )
            text = _clean(f"{finding.path}:{finding.line}:{finding.column}: {finding.rule} {finding.message}")
            if finding.suppression_reason is None:
                failure = ET.SubElement(case, "failure", type=finding.rule, message=_clean(f"{finding.rule} {finding.message}"))
                failure.text = text
            else:
                ET.SubElement(case, "skipped", message=_clean(f"suppressed: {finding.suppression_reason}"))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
