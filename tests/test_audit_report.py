"""The audit report: self-contained, charts as inline SVG, rendered in headless Chromium."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from html.parser import HTMLParser

from test_html_report import _png_pixels, _run_chromium, chromium  # noqa: F401

from apologylint.audit.aggregate import Aggregator
from apologylint.audit.records import Reply
from apologylint.audit.report import render_report
from apologylint.findings import Finding, Severity

CATS = [
    ("FA101", "sorry-if-you-feel", "fake-apology"),
    ("NA101", "apology-with-excuse", "non-apology"),
    ("DM101", "nothing-we-can-do", "dismissive"),
]


def finding(code: str, name: str, cat: str) -> Finding:
    return Finding(code, name, cat, Severity.ERROR, "m", "s", "<b>sorry</b> & co", 0, 5, 1, 1, 1, 6)


def make_aggregate(excerpts: bool = False) -> Aggregator:
    agg = Aggregator(period="week", key=b"k" * 32, excerpts=excerpts)
    start = datetime(2024, 1, 1, tzinfo=timezone.utc)
    for i in range(400):
        found = [finding(*CATS[j]) for j in range(3) if (i + j * 7) % (5 + j) == 0]
        reply = Reply(
            id=f"r{i}",
            text="irrelevant",
            author=f"a{i % 12}",
            time=start + timedelta(days=i % 70),
            group="Tiny" if i % 12 < 3 else "<script>Team</script>" if i % 12 < 9 else "Billing",
            channel=("email", "chat", "web")[i % 3],
            macro=("Refund delay", "Late parcel", None)[i % 3],
        )
        agg.add(reply, found, ("Resolve and follow up",) if i % 4 == 0 else None)
    return agg


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def tags(page: str) -> list[tuple[str, dict[str, str | None]]]:
    p = _Collect()
    p.feed(page)
    return p.tags


def render(agg: Aggregator) -> str:
    return render_report(
        agg,
        stats={"records": 900, "customer_messages_skipped": 500},
        fingerprint="abc123",
        framework="aware",
    )


def test_report_is_self_contained_and_states_version_and_fingerprint():
    from apologylint import __version__

    page = render(make_aggregate())
    found = tags(page)
    assert not [t for t, _ in found if t in ("script", "link", "img", "iframe", "object")]
    for _, attrs in found:
        for name in ("src", "href"):
            assert not (attrs.get(name) or "").startswith(("http", "//")), attrs
    assert "default-src 'none'" in page
    assert f"apologylint {__version__}" in page and "abc123" in page
    svgs = [a for t, a in found if t == "svg"]
    assert len(svgs) >= 6
    assert sum(1 for t, a in found if t == "polyline") == 3  # one line per category
    assert "&lt;script&gt;Team" in page and "<script>Team" not in page  # escaped
    assert ">Tiny<" not in page and ">Billing<" not in page and ">other<" in page  # merged
    assert "<b>sorry</b>" not in page and "&lt;b&gt;sorry" not in page  # no text w/o excerpts


def test_excerpts_are_escaped():
    page = render(make_aggregate(excerpts=True))
    assert "&lt;b&gt;sorry&lt;/b&gt; &amp; co" in page and "<b>sorry</b>" not in page


def test_audit_report_in_chromium(chromium, tmp_path):  # noqa: F811
    page = tmp_path / "audit.html"
    page.write_text(render(make_aggregate()), encoding="utf-8")
    dom = _run_chromium(chromium, tmp_path, "--dump-dom", page.as_uri())
    # Chromium parsed the SVG as SVG: every polyline has its points, every bar its width
    assert len(re.findall(r"<polyline[^>]+points=\"[\d.]+,[\d.]+ ", dom)) == 3
    assert len(re.findall(r"<rect [^>]*width=\"[\d.]+\"", dom)) > 10
    shot = tmp_path / "shot.png"
    _run_chromium(
        chromium, tmp_path, f"--screenshot={shot}", "--window-size=1100,1400", page.as_uri()
    )
    width, height, channels, rows = _png_pixels(shot.read_bytes())
    assert (width, height) == (1100, 1400)
    colours: set[tuple[int, int, int]] = set()
    for row in rows[::2]:
        for i in range(0, len(row), channels * 2):
            r, g, b = row[i], row[i + 1], row[i + 2]
            if max(r, g, b) - min(r, g, b) > 60:
                colours.add((r >> 4, g >> 4, b >> 4))
    # the category lines (vermillion, purple-pink, green) and the bars are drawn in colour
    assert (0xD5 >> 4, 0x5E >> 4, 0x00 >> 4) in colours
    assert (0x09 >> 4, 0x69 >> 4, 0xDA >> 4) in colours
