"""The audit report: one self-contained HTML page, charts drawn as inline SVG (no script, no
CDN, a Content-Security-Policy that loads nothing), each chart followed by the table behind it.
It uses the review report's styles and category colours."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .._version import __version__
from ..reporters.html import _CSP, _CSS, _e, category_color
from .aggregate import Aggregator, Table

_AUDIT_CSS = """
svg.chart-svg{width:100%;height:auto;font:12px system-ui,-apple-system,"Segoe UI",sans-serif}
svg.chart-svg text{fill:#1f2328}
svg.chart-svg .axis{stroke:#d1d9e0}
table.data{border-collapse:collapse;font-size:.85em;margin-top:6px}
table.data th,table.data td{border-bottom:1px solid var(--line);padding:2px 8px;text-align:left}
table.data td.n{text-align:right;font-variant-numeric:tabular-nums}
.stats{display:flex;flex-wrap:wrap;gap:8px 24px;margin:8px 0 16px;font-size:.95em}
.stats b{font-variant-numeric:tabular-nums}
section.chart-block{border:1px solid var(--line);border-radius:8px;margin:16px 0;padding:12px 16px}
"""

_MAX_BARS = 15


def render_report(
    agg: Aggregator,
    *,
    stats: dict[str, int],
    fingerprint: str,
    framework: str | None,
    inputs: Sequence[str] = (),
    engine: str = "in-process",
) -> str:
    tables = agg.tables()
    out: list[str] = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>apologylint audit</title>",
        f"<style>{_CSS}{_AUDIT_CSS}</style></head><body>",
        "<header><h1>apologylint audit</h1>",
        f'<p class="summary">{agg.replies:,} replies audited, {agg.findings:,} findings '
        f"({_per(agg.findings, agg.replies)} per 1,000 replies).</p>",
        '<div class="stats">',
    ]
    labels = {
        "records": "messages read",
        "customer_messages_skipped": "customers' messages skipped",
        "internal_notes_skipped": "internal notes skipped",
        "unknown_author_skipped": "authors of unknown role skipped",
        "empty_skipped": "empty replies skipped",
        "oversized_skipped": "replies over max-file-size skipped",
        "errors": "input errors",
    }
    for key, label in labels.items():
        out.append(f"<span>{_e(label)}: <b>{stats.get(key, 0):,}</b></span>")
    out.append("</div>")
    out.append(
        "<p>A coaching view of how the team apologises, not a ranking of people: agents are "
        + (
            "shown by name"
            if agg.names
            else "shown under keyed pseudonyms (the key is never written into the report)"
        )
        + "; groups with fewer than 5 agents are merged into “other”.</p></header><main>"
    )
    cats = agg.categories()
    out.append(
        _block(
            "timeline",
            f"Findings per 1,000 replies by category, per {agg.period}",
            _line_chart(tables["timeline"], cats),
            tables["timeline"],
        )
    )
    rules = tables["rules"]
    out.append(
        _block(
            "rules",
            "The rules that fire most",
            _bars([(f"{r[0]} {r[1]}", r[3], category_color(str(r[2]))) for r in rules[1]]),
            rules,
        )
    )
    macros = tables["macros"]
    out.append(
        _block(
            "macros",
            "Macros whose replies carry the most findings (fix one macro, fix every reply "
            "that uses it)",
            _bars([(str(r[0]), r[2], "#8250df") for r in macros[1]]),
            macros,
        )
    )
    for name, title in (("groups", "By team / group"), ("channels", "By channel")):
        t = tables[name]
        idx = t[0].index("per_1000_replies")
        out.append(
            _block(
                name,
                f"{title}: findings per 1,000 replies",
                _bars([(str(r[0]), r[idx], "#0969da") for r in t[1]], decimals=True),
                t,
            )
        )
    rec = tables["recovery"]
    caption = (
        f"Recovery steps ({_e(framework)}) most often missing in replies to complaints "
        f"({agg.complaints:,} replies apologise for something)"
        if framework
        else "Recovery steps: not assessed"
    )
    out.append(
        _block(
            "recovery",
            caption,
            _bars([(str(r[0]), r[1], "#9a8a00") for r in rec[1]]),
            rec,
            raw_caption=True,
        )
    )
    out.append(_block("agents", "Per agent (for one-to-one coaching)", "", tables["agents"]))
    if "excerpts" in tables:
        out.append(_block("excerpts", "Excerpts (matched words)", "", tables["excerpts"]))
    out.append("</main><footer>")
    out.append(
        f"<p>apologylint {_e(__version__)} · rules fingerprint <code>{_e(fingerprint)}</code>"
        f" · engine {_e(engine)}" + (f" · framework {_e(framework)}" if framework else "") + "</p>"
    )
    if inputs:
        out.append(f"<p>Inputs: {_e(', '.join(inputs))}</p>")
    out.append("</footer></body></html>\n")
    return "\n".join(out)


def _per(n: int, d: int) -> str:
    return f"{1000 * n / d:.1f}" if d else "0"


def _block(name: str, caption: str, svg: str, table: Table, *, raw_caption: bool = False) -> str:
    head, rows = table
    cap = caption if raw_caption else _e(caption)
    parts = [
        f'<section class="chart-block" id="{name}"><h2>{cap}</h2>',
        svg or "",
        f"<details{' open' if not svg else ''}><summary>Table ({len(rows):,} rows; also "
        f"<code>{name}.csv</code>)</summary>",
        f'<table class="data" data-table="{name}"><thead><tr>'
        + "".join(f"<th>{_e(h)}</th>" for h in head)
        + "</tr></thead><tbody>",
    ]
    for row in rows:
        parts.append(
            "<tr>"
            + "".join(
                f'<td class="n">{_e(v)}</td>'
                if isinstance(v, (int, float))
                else f"<td>{_e(v)}</td>"
                for v in row
            )
            + "</tr>"
        )
    parts.append("</tbody></table></details></section>")
    return "\n".join(parts)


def _bars(items: Sequence[tuple[str, Any, str]], decimals: bool = False) -> str:
    """A horizontal bar chart as SVG: label, bar, value."""
    items = [i for i in items if i[1]][:_MAX_BARS]
    if not items:
        return '<p class="sugg">Nothing to chart.</p>'
    top = max(float(v) for _, v, _ in items) or 1.0
    row, label_w, bar_w = 22, 300, 520
    height = row * len(items) + 8
    parts = [
        f'<svg class="chart-svg bars-svg" viewBox="0 0 {label_w + bar_w + 70} {height}" '
        f'role="img" xmlns="http://www.w3.org/2000/svg">'
    ]
    for k, (label, value, color) in enumerate(items):
        y = 4 + k * row
        w = max(2.0, bar_w * float(value) / top)
        shown = label if len(label) <= 44 else label[:43] + "…"
        text = f"{value:,.1f}" if decimals else f"{value:,}"
        parts.append(
            f'<g class="bar-row"><title>{_e(label)}: {_e(text)}</title>'
            f'<text x="{label_w - 8}" y="{y + 14}" text-anchor="end">{_e(shown)}</text>'
            f'<rect x="{label_w}" y="{y + 2}" width="{w:.1f}" height="{row - 6}" rx="3" '
            f'fill="{color}"></rect>'
            f'<text x="{label_w + w + 6:.1f}" y="{y + 14}">{_e(text)}</text></g>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _line_chart(table: Table, cats: Sequence[str]) -> str:
    """Findings per 1,000 replies per category over the periods: one polyline per category."""
    _, rows = table
    periods = sorted({str(r[0]) for r in rows})
    if not periods or not cats:
        return '<p class="sugg">Nothing to chart.</p>'
    values = {(str(r[0]), str(r[2])): float(r[4]) for r in rows}  # type: ignore[arg-type]
    top = max(values.values()) or 1.0
    w, h, left, bottom, top_pad = 860, 300, 50, 40, 10
    plot_w, plot_h = w - left - 45, h - bottom - top_pad

    def x(i: int) -> float:
        return left + (plot_w * i / (len(periods) - 1) if len(periods) > 1 else plot_w / 2)

    def y(v: float) -> float:
        return top_pad + plot_h * (1 - v / top)

    parts = [
        f'<svg class="chart-svg line-svg" viewBox="0 0 {w} {h + 22 * ((len(cats) + 3) // 4)}" '
        'role="img" xmlns="http://www.w3.org/2000/svg">',
        f'<line class="axis" x1="{left}" y1="{top_pad + plot_h}" x2="{left + plot_w}" '
        f'y2="{top_pad + plot_h}"></line>',
        f'<line class="axis" x1="{left}" y1="{top_pad}" x2="{left}" '
        f'y2="{top_pad + plot_h}"></line>',
        f'<text x="{left - 6}" y="{top_pad + 10}" text-anchor="end">{top:,.0f}</text>',
        f'<text x="{left - 6}" y="{top_pad + plot_h}" text-anchor="end">0</text>',
    ]
    step = max(1, len(periods) // 8)
    for i, p in enumerate(periods):
        if i % step == 0 or i == len(periods) - 1:
            parts.append(
                f'<text x="{x(i):.1f}" y="{top_pad + plot_h + 16}" text-anchor="middle">'
                f"{_e(p)}</text>"
            )
    for c in cats:
        color = category_color(c)
        points = " ".join(
            f"{x(i):.1f},{y(values.get((p, c), 0.0)):.1f}" for i, p in enumerate(periods)
        )
        parts.append(
            f'<polyline class="series" data-category="{_e(c)}" fill="none" stroke="{color}" '
            f'stroke-width="2" points="{points}"><title>{_e(c)}</title></polyline>'
        )
        for i, p in enumerate(periods):
            v = values.get((p, c), 0.0)
            parts.append(
                f'<circle cx="{x(i):.1f}" cy="{y(v):.1f}" r="3" fill="{color}">'
                f"<title>{_e(c)} {_e(p)}: {v:,.1f} per 1,000</title></circle>"
            )
    for k, c in enumerate(cats):
        lx, ly = left + (k % 4) * 200, h + 16 * (k // 4) + 4
        parts.append(
            f'<rect x="{lx}" y="{ly - 9}" width="10" height="10" fill="{category_color(c)}">'
            f'</rect><text x="{lx + 14}" y="{ly}">{_e(c)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
