"""The report as one self-contained HTML page.

No network: no external script, style, font or image. The Content Security Policy allows
only this module's own inline style and script, by hash (`default-src 'none'`), so
markup injected through a file name, message or code excerpt could not run even if it
escaped `html.escape` (it cannot: every such text goes through `_e`).
"""

from __future__ import annotations

import base64
import hashlib
from html import escape
from typing import List

from frtlint.report.articles import ArticleSection, other_regime
from frtlint.report.build import Report
from frtlint.report.i18n import Language

STYLE = """
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI","Noto Sans CJK SC","Microsoft YaHei",sans-serif;
margin:2rem auto;max-width:72rem;padding:0 1rem;color:#1b1b1b}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{margin-top:2rem;border-bottom:2px solid #ddd}h3{margin:1.6rem 0 .3rem}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem}
th,td{border:1px solid #ccc;padding:.3rem .45rem;text-align:left;vertical-align:top}
th{background:#f3f3f3}code{font:13px/1.3 ui-monospace,Menlo,Consolas,monospace;white-space:pre-wrap;word-break:break-all}
.summary{display:flex;flex-wrap:wrap;gap:.6rem}.summary div{border:1px solid #ccc;border-radius:6px;padding:.5rem .8rem;min-width:9rem}
.summary b{display:block;font-size:1.4rem}
.status{display:inline-block;border-radius:4px;padding:0 .4rem;font-weight:600}
.status-findings{background:#fde2e1;color:#8a1111}.status-suppressed-only{background:#fff3cd;color:#6b4e00}
.status-no-finding{background:#dff3e4;color:#135c27}.status-not-checkable{background:#e8e8f0;color:#333366}
.controls{margin:.5rem 0}.controls input,.controls select{font:inherit;padding:.2rem .4rem}
.muted{color:#555}
@media print{.controls{display:none}[hidden]{display:revert !important}body{margin:0;max-width:none;font-size:11pt}
section.article{break-inside:avoid-page}th{background:none}}
""".strip()

SCRIPT = """
(function(){
document.documentElement.setAttribute("data-filters","ready");
function rows(table){return Array.prototype.slice.call(table.tBodies[0].rows);}
document.querySelectorAll("input.filter").forEach(function(input){
  var table=document.getElementById(input.getAttribute("data-table"));
  if(!table){return;}
  input.addEventListener("input",function(){
    var wanted=input.value.toLowerCase();
    rows(table).forEach(function(row){row.hidden=wanted!==""&&row.textContent.toLowerCase().indexOf(wanted)<0;});
  });
});
var status=document.getElementById("status-filter");
if(status){status.addEventListener("change",function(){
  document.querySelectorAll("section.article").forEach(function(section){
    section.hidden=status.value!==""&&section.getAttribute("data-status")!==status.value;
  });
});}
})();
""".strip()


def _hash(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


CSP = (
    f"default-src 'none'; script-src '{_hash(SCRIPT)}'; style-src '{_hash(STYLE)}'; "
    "img-src 'none'; font-src 'none'; connect-src 'none'; base-uri 'none'; form-action 'none'"
)


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _table(table_id: str, headers: List[str], rows: List[List[str]], lang: Language, filterable: bool = True) -> List[str]:
    """A table whose cells are already escaped HTML; with a filter box above it."""
    out: List[str] = []
    if filterable:
        out.append(
            f'<div class="controls"><label>{_e(lang("filter"))} '
            f'<input type="search" class="filter" data-table="{_e(table_id)}"></label></div>'
        )
    out.append(f'<table id="{_e(table_id)}"><thead><tr>' + "".join(f"<th>{_e(h)}</th>" for h in headers) + "</tr></thead><tbody>")
    for row in rows:
        out.append("<tr>" + "".join(f"<td>{value}</td>" for value in row) + "</tr>")
    out.append("</tbody></table>")
    return out


def _summary(report: Report, lang: Language) -> List[str]:
    tiles = [
        (lang("files-checked"), report.files),
        (lang("findings"), report.findings),
        (lang("suppressed"), report.suppressed),
        (lang("inventory-entries"), len(report.inventory)),
    ]
    tiles += [(f"{lang('articles')}: {lang('status-' + status)}", count) for status, count in report.status_counts().items()]
    out = [f'<section id="summary"><h2>{_e(lang("summary"))}</h2><div class="summary">']
    out += [f"<div><b>{_e(value)}</b>{_e(label)}</div>" for label, value in tiles]
    out.append("</div></section>")
    return out


def _inventory(report: Report, lang: Language) -> List[str]:
    out = [f'<section id="inventory"><h2>{_e(lang("inventory"))}</h2>']
    if not report.inventory:
        return out + [f"<p>{_e(lang('inventory-empty'))}</p></section>"]
    rows = [
        [
            f"<code>{_e(entry.path)}:{entry.line}</code>",
            _e(lang("activity-" + entry.activity)),
            _e(entry.vendor or entry.call),
            _e(lang("data-" + entry.data)),
            f"<code>{_e(entry.destination)}</code>" if entry.destination else "—",
            _e(", ".join(entry.attributes)) or "—",
        ]
        for entry in report.inventory
    ]
    headers = [lang(k) for k in ("location", "activity", "vendor", "data-kind", "destination", "attributes")]
    return out + _table("inventory-table", headers, rows, lang) + ["</section>"]


def _article(section: ArticleSection, regime: str, lang: Language) -> List[str]:
    title = f"{lang.cite(regime, (section.number,))} — {section.topic}" if section.number else section.topic
    other = lang.cite(other_regime(regime), section.other)
    out = [
        f'<section class="article" id="article-{_e(section.number or "none")}" data-status="{_e(section.status)}">',
        f"<h3>{_e(title)} <span class=\"muted\">({_e(other)})</span></h3>",
        f"<p><b>{_e(lang('asks'))}:</b> {_e(section.asks)}</p>",
        f'<p><b>{_e(lang("status"))}:</b> <span class="status status-{_e(section.status)}">{_e(lang("status-" + section.status))}</span>'
        f" · <b>{_e(lang('rules'))}:</b> {_e(', '.join(section.rules) or '—')}</p>",
    ]
    if section.status == "not-checkable":
        out.append(f"<p>{_e(lang('not-checkable-note'))}</p>")
    if section.findings:
        rows = [
            [
                f"<code>{_e(row.path)}:{row.line}:{row.column}</code>",
                _e(row.rule),
                _e(lang("severity-" + row.severity)),
                _e(row.message),
                f"<code>{_e(row.code)}</code>",
            ]
            for row in section.findings
        ]
        headers = [lang(k) for k in ("location", "rule", "severity", "message", "code")]
        out += _table(f"findings-{section.number or 'none'}", headers, rows, lang)
    if section.suppressions:
        out.append(f"<h4>{_e(lang('suppressions'))}</h4>")
        rows = [
            [
                f"<code>{_e(row.path)}:{row.comment_line}</code>",
                _e(row.rule),
                _e(row.reason),
                _e(row.author or lang("unknown")),
                _e(row.date or "—"),
            ]
            for row in section.suppressions
        ]
        headers = [lang(k) for k in ("location", "rule", "reason", "author", "date")]
        out += _table(f"suppressions-{section.number or 'none'}", headers, rows, lang)
    out.append("</section>")
    return out


def render(report: Report) -> str:
    lang, regime = report.lang, report.regime
    options = "".join(
        f'<option value="{_e(status)}">{_e(lang("status-" + status))}</option>' for status in report.status_counts()
    )
    out: List[str] = [
        "<!DOCTYPE html>",
        f'<html lang="{_e(lang.code)}">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{_e(CSP)}">',
        '<meta name="referrer" content="no-referrer">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(lang('title'))}</title>",
        f"<style>{STYLE}</style>",
        "</head>",
        "<body>",
        f"<header><h1>{_e(lang('title'))}</h1><p class=\"muted\">{_e(lang('regime-' + regime))}</p></header>",
        "<main>",
    ]
    out += _summary(report, lang)
    out += _inventory(report, lang)
    out.append(f'<section id="articles"><h2>{_e(lang("articles"))}</h2>')
    out.append(
        f'<div class="controls"><label>{_e(lang("status"))} <select id="status-filter">'
        f'<option value="">*</option>{options}</select></label></div>'
    )
    for section in report.sections:
        out += _article(section, regime, lang)
    out.append("</section>")
    if report.notices:
        out.append("<section id=\"notices\"><ul>" + "".join(f"<li>{_e(n)}</li>" for n in report.notices) + "</ul></section>")
    out += ["</main>", f"<script>{SCRIPT}</script>", "</body>", "</html>"]
    return "\n".join(out) + "\n"
