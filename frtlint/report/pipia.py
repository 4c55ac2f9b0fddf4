"""A personal information protection impact assessment (PIPIA) skeleton in Markdown.

The headings follow what Draft Art. 15 / Measures Art. 9 ask the assessment to cover;
each is pre-filled from the face-data inventory and the open findings where the code can
say something, and left as a to-do for the team otherwise.
"""

from __future__ import annotations

from collections import Counter
from typing import List

from frtlint.report.build import Report
from frtlint.report.markdown import code_span, inventory_table
from frtlint.reporters.markdown import cell

_RISK_ACTIVITIES = ("store", "log", "send")


def render(report: Report) -> str:
    lang = report.lang
    todo = f"_{lang('pipia-todo')}_"
    vendors = sorted({e.vendor for e in report.inventory if e.vendor})
    attributes = sorted({a for e in report.inventory for a in e.attributes})
    sinks = [e for e in report.inventory if e.activity in _RISK_ACTIVITIES]
    # A finding sits under each article it cites: count each once.
    open_rules = Counter(rule for rule, *_ in {(r.rule, r.path, r.line, r.column) for s in report.sections for r in s.findings})
    none = lang("pipia-none")
    out: List[str] = [f"# {lang('pipia-title')}", "", lang("regime-" + report.regime), "", lang("pipia-intro"), ""]
    out += [f"## 1. {lang('pipia-purpose')}", "", todo, ""]
    out += [f"## 2. {lang('pipia-lawfulness')}", "", todo, ""]
    out += [f"## 3. {lang('pipia-accuracy')}", "", f"- {lang('pipia-vendors')} {cell(', '.join(vendors)) or none}", "", todo, ""]
    out += [f"## 4. {lang('pipia-inventory')}", ""] + inventory_table(report, lang)
    out += [f"- {lang('pipia-attributes')} {cell(', '.join(attributes)) or none}", ""]
    out += [f"## 5. {lang('pipia-risks')}", "", lang("pipia-sinks"), ""]
    if sinks:
        out += [
            f"- {code_span(f'{e.path}:{e.line}')} {lang('activity-' + e.activity)} {lang('data-' + e.data)}"
            + (f" → {code_span(e.destination)}" if e.destination else "")
            for e in sinks
        ]
    else:
        out.append(f"- {none}")
    out += ["", todo, ""]
    out += [f"## 6. {lang('pipia-rights')}", "", todo, ""]
    out += [f"## 7. {lang('pipia-protection')}", "", todo, ""]
    out += [f"## 8. {lang('pipia-retention')}", "", lang("pipia-retention-note"), ""]
    out += [f"## 9. {lang('pipia-open')}", ""]
    if open_rules:
        out += [f"- {rule}: {count}" for rule, count in sorted(open_rules.items())]
    else:
        out.append(f"- {none}")
    return "\n".join(out).rstrip() + "\n"
