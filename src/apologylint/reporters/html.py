"""HTML output: one self-contained page for reviewing a whole template library.

The page has no external resources at all (inline CSS, no scripts, a Content-Security-Policy that
forbids loading anything) so it can be attached to a CI run or mailed around. It shows:

- the summary line and bar charts of findings per category and per rule (CSS bars);
- an index of the files with findings, worst first (most errors, then warnings, then info, then
  path), and the same order for the file sections below it; clean files are listed at the end;
- per file, the draft's text with one ``<mark class="finding cat-CATEGORY sev-SEVERITY">`` per
  finding (``data-code``, ``data-category``, ``data-severity``), coloured by category and
  underlined by severity (solid error, dashed warning, dotted info). A mark is focusable
  (``tabindex=0``) and holds a ``role="tooltip"`` child with the code, message and suggestion,
  shown on hover and on keyboard focus and named by the mark's ``aria-describedby``. Overlapping
  findings nest; when two cross, the later one's mark ends where the earlier one does and the rest
  of its words continue in a ``<span class="finding-cont" data-cont=ID>`` styled the same, so
  there is still exactly one mark per finding;
- per file, a table of its findings: position (a link to the mark), rule, severity, category, the
  matched text verbatim (so the page can be searched for it), message and suggestion;
- the input errors.

Everything from the drafts is HTML-escaped; characters HTML forbids become U+FFFD.
"""

from __future__ import annotations

import colorsys
import hashlib
import html
from collections.abc import Sequence
from typing import TextIO

from .._version import __version__
from ..findings import Finding, Severity
from . import Report, plural, printable, relative_path, summary_line

#: Okabe–Ito colours (distinguishable with the common colour-vision deficiencies).
CATEGORY_COLORS = {
    "fake-apology": "#d55e00",
    "non-apology": "#cc79a7",
    "defensive": "#e69f00",
    "sympathy": "#0072b2",
    "dismissive": "#009e73",
    "scripted-apology": "#56b4e9",
    "recovery": "#9a8a00",
    "meta": "#6e7781",
}

_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'none'"

_CSS = """
:root{color-scheme:light;--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--panel:#f6f8fa}
*{box-sizing:border-box}
body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);
 background:#fff}
header,main,footer{max-width:1100px;margin:0 auto;padding:0 24px}
header{padding-top:20px}
h1{font-size:1.6em;margin:.2em 0}
h2{font-size:1.15em;margin:0}
h3{font-size:1em;margin:1em 0 .4em}
a{color:#0969da}
.summary{font-size:1.05em;margin:.3em 0 1em}
.badge{display:inline-block;padding:0 .55em;border-radius:1em;font-size:.85em;font-weight:600;
 border:1px solid var(--line);background:var(--panel);margin-right:.3em;white-space:nowrap}
.badge.sev-error{background:#ffebe9;border-color:#ff8182;color:#82071e}
.badge.sev-warning{background:#fff8c5;border-color:#d4a72c;color:#7d4e00}
.badge.sev-info{background:#ddf4ff;border-color:#54aeff;color:#0a3069}
.charts{display:flex;flex-wrap:wrap;gap:24px;margin:8px 0 16px}
.chart{flex:1 1 420px;margin:0;border:1px solid var(--line);border-radius:8px;padding:12px 16px}
.chart figcaption{font-weight:600;margin-bottom:6px}
.bars{width:100%;border-collapse:collapse;font-size:.9em}
.bars th{text-align:left;font-weight:normal;white-space:nowrap;padding:2px 10px 2px 0;width:1%}
.bars td{padding:2px 0}
.bars td.n{width:3em;text-align:right;font-variant-numeric:tabular-nums;padding-left:8px}
.bar{display:block;height:14px;min-width:2px;border-radius:3px;background:var(--c)}
.swatch{display:inline-block;width:.8em;height:.8em;border-radius:2px;background:var(--c);
 margin-right:.4em;vertical-align:-.05em}
.legend{margin:0 0 16px;font-size:.9em}
.legend span.item{margin-right:1.2em;white-space:nowrap}
table.index,table.findings,table.errors{border-collapse:collapse;width:100%;font-size:.9em}
table.index th,table.index td,table.findings th,table.findings td,table.errors th,
table.errors td{border-bottom:1px solid var(--line);padding:4px 8px;text-align:left;
 vertical-align:top}
table.index td.n{text-align:right;font-variant-numeric:tabular-nums;width:5em}
section.file{border:1px solid var(--line);border-radius:8px;margin:20px 0;padding:12px 16px}
section.file>header{display:flex;flex-wrap:wrap;gap:8px;align-items:baseline;padding:0;
 margin:0 0 8px}
.path{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;overflow-wrap:anywhere}
details>summary{cursor:pointer;color:var(--muted);font-size:.9em}
pre.draft{white-space:pre-wrap;overflow-wrap:anywhere;background:var(--panel);border-radius:6px;
 padding:12px 14px;margin:6px 0 0;font:14px/1.7 ui-monospace,SFMono-Regular,Menlo,Consolas,
 monospace;tab-size:4}
mark.finding,.finding-cont{color:inherit;background:var(--bg);border-bottom:2px solid var(--c);
 border-radius:2px;padding:1px 0}
mark.finding{position:relative;cursor:help}
.sev-warning.finding,.sev-warning.finding-cont{border-bottom-style:dashed}
.sev-info.finding,.sev-info.finding-cont{border-bottom-style:dotted}
mark.finding:focus{outline:2px solid var(--c);outline-offset:1px}
mark.finding.empty::after{content:"\\2038";color:var(--c);font-weight:700}
.tip{display:none;position:absolute;left:0;top:calc(100% + 6px);z-index:20;width:max-content;
 max-width:min(48ch,80vw);padding:8px 10px;border-radius:6px;background:#1f2328;color:#fff;
 font:13px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;white-space:normal;
 text-align:left;user-select:none;box-shadow:0 4px 14px rgba(0,0,0,.25);cursor:auto}
.tip>span{display:block}
.tip .tip-head{font-weight:600;color:#ffd8b5}
.tip .tip-sugg{color:#c8e1ff;margin-top:4px}
mark.finding:hover>.tip,mark.finding:focus>.tip{display:block}
mark.finding:has(mark.finding:hover):not(:focus)>.tip{display:none}
q.matched{quotes:"\\201c" "\\201d";font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,
 monospace;background:var(--bg);border-radius:2px;white-space:pre-wrap}
.sugg{color:var(--muted)}
.clean li{font-size:.9em}
footer{color:var(--muted);font-size:.85em;padding-bottom:24px;margin-top:24px}
@media print{.tip{display:none!important}}
"""


def write_html(report: Report, stream: TextIO, *, sources: dict[str, str] | None = None) -> None:
    stream.write(render(report, report.sources if sources is None else sources))


def _e(text: object) -> str:
    return html.escape(printable(str(text)), quote=True)


def _hex_to_rgb(color: str) -> tuple[int, int, int]:
    return int(color[1:3], 16), int(color[3:5], 16), int(color[5:7], 16)


def category_color(category: str) -> str:
    """A category's colour: fixed for the built-in ones, derived from the name for others."""
    if category in CATEGORY_COLORS:
        return CATEGORY_COLORS[category]
    hue = int(hashlib.sha256(category.encode("utf-8", "surrogatepass")).hexdigest()[:4], 16)
    r, g, b = colorsys.hls_to_rgb(hue / 0xFFFF, 0.42, 0.6)
    return f"#{round(r * 255):02x}{round(g * 255):02x}{round(b * 255):02x}"


def category_class(category: str) -> str:
    slug = "".join(
        ch if ch.isascii() and (ch.isalnum() or ch == "-") else "-" for ch in category.lower()
    )
    return "cat-" + (slug or "x")


def _category_css(categories: Sequence[str]) -> str:
    rules = []
    for cat in categories:
        r, g, b = _hex_to_rgb(category_color(cat))
        rules.append(f".{category_class(cat)}{{--c:rgb({r},{g},{b});--bg:rgba({r},{g},{b},.22)}}")
    return "\n".join(rules)


def _counts(findings: Sequence[Finding]) -> dict[Severity, int]:
    counts = dict.fromkeys(Severity, 0)
    for f in findings:
        counts[f.severity] += 1
    return counts


def _badges(counts: dict[Severity, int]) -> str:
    parts = []
    for sev, word in (
        (Severity.ERROR, "error"),
        (Severity.WARNING, "warning"),
        (Severity.INFO, "info"),
    ):
        label = plural(counts[sev], word) if word != "info" else f"{counts[sev]} info"
        parts.append(f'<span class="badge sev-{sev.value}">{label}</span>')
    return "".join(parts)


def worst_first(report: Report) -> list[tuple[str, list[Finding]]]:
    """Files with findings, worst first: errors, then warnings, then info (descending), then
    path."""
    by_path: dict[str, list[Finding]] = {}
    for f in report.findings:
        by_path.setdefault(f.path or "-", []).append(f)

    def key(item: tuple[str, list[Finding]]) -> tuple[int, int, int, str]:
        c = _counts(item[1])
        return (-c[Severity.ERROR], -c[Severity.WARNING], -c[Severity.INFO], item[0])

    return sorted(by_path.items(), key=key)


def _bars(title: str, rows: list[tuple[str, str, int]]) -> str:
    """A bar chart: rows of (label HTML, category, count)."""
    top = max((n for _, _, n in rows), default=0) or 1
    out = [
        f'<figure class="chart" aria-label="{_e(title)}"><figcaption>{_e(title)}</figcaption>',
        '<table class="bars">',
    ]
    for label, cat, n in rows:
        width = round(100 * n / top, 1)
        out.append(
            f'<tr><th scope="row">{label}</th><td><span class="bar {category_class(cat)}" '
            f'style="width:{width}%"></span></td><td class="n">{n}</td></tr>'
        )
    if not rows:
        out.append("<tr><td>No findings.</td></tr>")
    out.append("</table></figure>")
    return "".join(out)


def _charts(report: Report) -> str:
    per_cat: dict[str, int] = {}
    per_rule: dict[str, tuple[str, str, int]] = {}
    for f in report.findings:
        per_cat[f.category] = per_cat.get(f.category, 0) + 1
        _, _, n = per_rule.get(f.code, (f.name, f.category, 0))
        per_rule[f.code] = (f.name, f.category, n + 1)
    cat_rows = [
        (f'<span class="swatch {category_class(c)}"></span>{_e(c)}', c, n)
        for c, n in sorted(per_cat.items(), key=lambda kv: (-kv[1], kv[0]))
    ]
    rule_rows = [
        (f'<span class="swatch {category_class(cat)}"></span><b>{_e(code)}</b> {_e(name)}', cat, n)
        for code, (name, cat, n) in sorted(per_rule.items(), key=lambda kv: (-kv[1][2], kv[0]))
    ]
    return (
        '<section class="charts" aria-label="Summary charts">'
        + _bars("Findings per category", cat_rows)
        + _bars("Findings per rule", rule_rows)
        + "</section>"
    )


def _tooltip(f: Finding, ident: str) -> str:
    record = f'<span class="tip-rec">Record: {_e(f.record)}</span>' if f.record else ""
    return (
        f'<span class="tip" role="tooltip" id="tip-{ident}">'
        f'<span class="tip-head">{_e(f.code)} {_e(f.name)} · {_e(f.severity.value)} · '
        f"{_e(f.category)}</span>"
        f'<span class="tip-msg">{_e(f.message)}</span>'
        f'<span class="tip-sugg">Suggestion: {_e(f.suggestion)}</span>{record}</span>'
    )


def _classes(f: Finding) -> str:
    return f"{category_class(f.category)} sev-{f.severity.value}"


def _open_mark(f: Finding, ident: str, empty: bool = False) -> str:
    cls = "finding " + _classes(f) + (" empty" if empty else "")
    return (
        f'<mark class="{cls}" id="f-{ident}" data-code="{_e(f.code)}" '
        f'data-category="{_e(f.category)}" data-severity="{f.severity.value}" '
        f'tabindex="0" aria-describedby="tip-{ident}">{_tooltip(f, ident)}'
    )


def highlight(source: str, findings: Sequence[tuple[str, Finding]]) -> str:
    """``source`` as escaped HTML with one ``<mark>`` per finding (``(id, finding)`` pairs).

    Spans that nest become nested marks. When spans cross, every element still open above the
    one that ends is closed and reopened as a ``finding-cont`` span, so the markup stays
    well-formed and each finding keeps exactly one ``<mark>`` (holding its first part).
    """
    size = len(source)
    spans = []
    for ident, f in findings:
        start = min(max(f.start, 0), size)
        end = min(max(f.end, start), size)
        spans.append((start, end, ident, f))
    opens: dict[int, list[tuple[int, int, str, Finding]]] = {}
    for span in spans:
        opens.setdefault(span[0], []).append(span)
    bounds = sorted({0, size} | {s for s, *_ in spans} | {e for _, e, *_ in spans})
    stack: list[tuple[int, str, Finding, bool]] = []  # (end, id, finding, is_mark)
    out: list[str] = []
    pos = 0
    for p in bounds:
        if p > pos:
            out.append(_e(source[pos:p]))
            pos = p
        # Close everything that ends here, and whatever is open above it (to be reopened).
        first = next((i for i, item in enumerate(stack) if item[0] <= p), None)
        if first is not None:
            above = stack[first:]
            del stack[first:]
            out.extend("</mark>" if is_mark else "</span>" for *_, is_mark in reversed(above))
            for end, ident, f, _ in above:
                if end > p:
                    out.append(f'<span class="finding-cont {_classes(f)}" data-cont="{ident}">')
                    stack.append((end, ident, f, False))
        # Open what starts here, outermost (longest) first.
        for start, end, ident, f in sorted(opens.get(p, ()), key=lambda s: -s[1]):
            if end == start:
                out.append(_open_mark(f, ident, empty=True) + "</mark>")
            else:
                out.append(_open_mark(f, ident))
                stack.append((end, ident, f, True))
    return "".join(out)


def _findings_table(items: Sequence[tuple[str, Finding]]) -> str:
    records = any(f.record for _, f in items)
    head = (
        "<tr><th>Where</th>"
        + ("<th>Record</th>" if records else "")
        + "<th>Rule</th><th>Severity</th><th>Category</th><th>Matched text</th>"
        "<th>Message</th></tr>"
    )
    rows = []
    for ident, f in items:
        record = f"<td>{_e(f.record or '')}</td>" if records else ""
        rows.append(
            f'<tr class="sev-{f.severity.value}" data-code="{_e(f.code)}">'
            f'<td><a href="#f-{ident}">{f.line}:{f.column}</a></td>{record}'
            f'<td><span class="swatch {category_class(f.category)}"></span><b>{_e(f.code)}</b> '
            f"{_e(f.name)}</td><td>{f.severity.value}</td><td>{_e(f.category)}</td>"
            f'<td><q class="matched {category_class(f.category)}">{_e(f.text)}</q></td>'
            f'<td>{_e(f.message)}<br><span class="sugg">Suggestion: {_e(f.suggestion)}</span>'
            "</td></tr>"
        )
    return f'<table class="findings">{head}{"".join(rows)}</table>'


def render(report: Report, sources: dict[str, str]) -> str:
    files = worst_first(report)
    flagged = {path for path, _ in files}
    clean = [p for p in dict.fromkeys(report.paths) if p not in flagged]
    categories = sorted({f.category for f in report.findings} | set(CATEGORY_COLORS))
    title = (
        f"apologylint report: {plural(len(report.findings), 'problem')} in "
        f"{plural(report.files, 'file')}"
    )
    out = [
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n',
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">\n',
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n',
        f'<meta name="generator" content="apologylint {_e(__version__)}">\n',
        f"<title>{_e(title)}</title>\n<style>{_CSS}{_category_css(categories)}\n</style>\n",
        "</head>\n<body>\n<header>\n<h1>apologylint report</h1>\n",
        f'<p class="summary">{_e(summary_line(report))}</p>\n',
        f"<p>{_badges(_counts(report.findings))}"
        + (
            f'<span class="badge">{plural(len(report.errors), "input error")}</span>'
            if report.errors
            else ""
        )
        + "</p>\n",
        _charts(report),
        "\n",
    ]
    used = sorted({f.category for f in report.findings})
    if used:
        out.append(
            '<p class="legend">Highlight colours: '
            + "".join(
                f'<span class="item"><span class="swatch {category_class(c)}"></span>{_e(c)}</span>'
                for c in used
            )
            + " · underline: solid error, dashed warning, dotted info. "
            "Hover over or tab to a highlight for the message.</p>\n"
        )
    out.append("</header>\n<main>\n")
    if files:
        out.append(
            '<h2>Files with findings, worst first</h2>\n<table class="index"><tr>'
            "<th>File</th><th>Errors</th><th>Warnings</th><th>Info</th></tr>"
        )
        for n, (path, findings) in enumerate(files, 1):
            c = _counts(findings)
            out.append(
                f'<tr><td><a class="path" href="#file-{n}">{_e(path)}</a></td>'
                f'<td class="n">{c[Severity.ERROR]}</td>'
                f'<td class="n">{c[Severity.WARNING]}</td>'
                f'<td class="n">{c[Severity.INFO]}</td></tr>'
            )
        out.append("</table>\n")
    counter = 0
    for n, (path, findings) in enumerate(files, 1):
        c = _counts(findings)
        items = []
        for f in findings:
            counter += 1
            items.append((str(counter), f))
        out.append(
            f'<section class="file" id="file-{n}" data-path="{_e(path)}" '
            f'data-errors="{c[Severity.ERROR]}" data-warnings="{c[Severity.WARNING]}" '
            f'data-info="{c[Severity.INFO]}">\n<header><h2 class="path">{_e(path)}</h2>'
            f"{_badges(c)}</header>\n"
        )
        source = sources.get(path)
        if source is not None:
            # The newline after <pre> is eaten by the HTML parser, so a leading one survives.
            marked = highlight(source, items)
            out.append(
                f"<details open><summary>Draft text ({plural(len(source), 'character')})"
                f'</summary><pre class="draft">\n{marked}</pre></details>\n'
            )
        else:
            out.append('<p class="sugg">(The source text was not kept for this file.)</p>\n')
        out.append(f"<h3>Findings</h3>\n{_findings_table(items)}\n</section>\n")
    if report.errors:
        out.append(
            '<section class="errors"><h2>Input errors</h2>\n<table class="errors">'
            "<tr><th>File</th><th>Line</th><th>Record</th><th>Problem</th></tr>"
        )
        for e in report.errors:
            out.append(
                f'<tr><td class="path">{_e(relative_path(e.path))}</td>'
                f"<td>{'' if e.line is None else e.line}</td>"
                f"<td>{_e(e.record or '')}</td><td>{_e(e.reason)}</td></tr>"
            )
        out.append("</table></section>\n")
    if clean:
        out.append(
            f'<section class="clean"><h2>Clean files ({len(clean)})</h2>\n<ul>'
            + "".join(f'<li class="path">{_e(p)}</li>' for p in clean)
            + "</ul></section>\n"
        )
    out.append(
        f"</main>\n<footer>Generated by apologylint {_e(__version__)}. Columns count "
        "Unicode code points.</footer>\n</body>\n</html>\n"
    )
    return "".join(out)
