"""The HTML review report: parsed back as written, and rendered in a real (headless) Chromium."""

from __future__ import annotations

import io
import os
import re
import shutil
import struct
import subprocess
import zlib
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest

from apologylint import Document, Finding, InputError, Severity
from apologylint.reporters import Report, write
from apologylint.reporters.html import category_class, highlight

# -- a report with overlapping findings, an emoji, hostile text and files of every severity -----

CATS = {
    "FA101": ("sorry-if-you-feel", "fake-apology", Severity.ERROR),
    "NA101": ("apology-with-excuse", "non-apology", Severity.ERROR),
    "DF102": ("you-should-have", "defensive", Severity.WARNING),
    "DM101": ("nothing-we-can-do", "dismissive", Severity.WARNING),
    "SA101": ("sorry-for-any-inconvenience", "scripted-apology", Severity.INFO),
    "XX900": ("plugin-rule", "Plugin Category!", Severity.INFO),
}

WORST = (
    "🙏🏽 Sorry if you feel that way, but that is our policy.\n"
    "<img src=x onerror=alert(1)></pre><script>alert(2)</script> & more\n"
)

SOURCES = {
    "zeta.txt": WORST,
    "alpha.txt": "Sorry if you feel upset. You should have read it.\n",
    "beta.txt": "\nSorry if you feel let down.\n",
    "delta.txt": "There is nothing we can do. Sorry for any inconvenience.\n",
    "gamma <b>&amp;.txt": "There is nothing we can do.\n",
    "a-info.txt": "Sorry for any inconvenience.\n",
    "clean.txt": "Your refund is on its way.\n",
}


def mk(path: str, phrase: str, code: str, nth: int = 0, message: str | None = None) -> Finding:
    source = SOURCES[path]
    start = -1
    for _ in range(nth + 1):
        start = source.index(phrase, start + 1)
    end = start + len(phrase)
    doc = Document.from_text(source)
    (line, col), (end_line, end_col) = doc.position(start), doc.position(end)
    name, category, severity = CATS[code]
    return Finding(
        code=code,
        name=name,
        category=category,
        severity=severity,
        message=message or f"{name}: '{phrase}' <b>&</b>",
        suggestion=f"Rewrite '{phrase}' plainly.",
        text=phrase,
        start=start,
        end=end,
        line=line,
        column=col,
        end_line=end_line,
        end_column=end_col,
        path=path,
    )


def make_report() -> Report:
    findings = [
        # nested: FA101 inside NA101; crossing: DF102 starts inside NA101 and ends after it;
        # SA101 covers exactly the same words as FA101.
        mk("zeta.txt", "Sorry if you feel that way, but", "NA101"),
        mk("zeta.txt", "Sorry if you feel", "FA101"),
        mk("zeta.txt", "Sorry if you feel", "SA101"),
        mk("zeta.txt", "but that is our policy", "DF102"),
        mk(
            "zeta.txt",
            "<img src=x onerror=alert(1)></pre><script>alert(2)</script>",
            "XX900",
            message="</span></mark><a href='https://evil.example/'>x</a>",
        ),
        mk("alpha.txt", "Sorry if you feel", "FA101"),
        mk("alpha.txt", "You should have", "DF102"),
        mk("beta.txt", "Sorry if you feel", "FA101"),
        mk("delta.txt", "nothing we can do", "DM101"),
        mk("delta.txt", "Sorry for any inconvenience", "SA101"),
        mk("gamma <b>&amp;.txt", "nothing we can do", "DM101"),
        mk("a-info.txt", "Sorry for any inconvenience", "SA101"),
    ]
    findings.sort(key=lambda f: f.sort_key)
    return Report(
        findings=findings,
        errors=[InputError("broken.txt", "not valid UTF-8")],
        files=len(SOURCES),
        paths=list(SOURCES),
        sources=dict(SOURCES),
    )


WORST_FIRST = ["zeta.txt", "alpha.txt", "beta.txt", "delta.txt", "gamma <b>&amp;.txt", "a-info.txt"]


def render(report: Report) -> str:
    out = io.StringIO()
    write(report, "html", out)
    return out.getvalue()


# -- a tiny DOM, enough to check the report as written and as Chromium dumps it ----------------

VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}


@dataclass
class Node:
    tag: str
    attrs: dict[str, str]
    children: list[Node | str] = field(default_factory=list)
    parent: Node | None = None

    def iter(self):
        yield self
        for child in self.children:
            if isinstance(child, Node):
                yield from child.iter()

    def find_all(self, tag: str | None = None, **attrs: str) -> list[Node]:
        return [
            n
            for n in self.iter()
            if (tag is None or n.tag == tag)
            and all(n.attrs.get(k.replace("_", "-")) == v for k, v in attrs.items())
        ]

    def text(self, skip_tips: bool = False) -> str:
        out = []
        for child in self.children:
            if isinstance(child, str):
                out.append(child)
            elif not (skip_tips and child.attrs.get("role") == "tooltip"):
                out.append(child.text(skip_tips))
        return "".join(out)

    @property
    def classes(self) -> list[str]:
        return self.attrs.get("class", "").split()


class _Builder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {})
        self.current = self.root

    def handle_starttag(self, tag, attrs):
        node = Node(tag, {k: v or "" for k, v in attrs}, parent=self.current)
        self.current.children.append(node)
        if tag not in VOID:
            self.current = node

    def handle_startendtag(self, tag, attrs):
        self.current.children.append(Node(tag, {k: v or "" for k, v in attrs}, parent=self.current))

    def handle_endtag(self, tag):
        node = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        assert node is not None, f"stray </{tag}>"
        self.current = node.parent

    def handle_data(self, data):
        self.current.children.append(data)


def parse(html_text: str) -> Node:
    builder = _Builder()
    builder.feed(html_text)
    builder.close()
    return builder.root


def pre_source(pre: Node, browser: bool = False) -> str:
    """The draft text a <pre> shows. An HTML parser drops the newline right after ``<pre>`` (the
    report writes one so that a draft's own leading newline survives); Chromium's --dump-dom
    serialises the DOM's text as it is, without adding that newline back."""
    text = pre.text(skip_tips=True)
    return text[1:] if text.startswith("\n") and not browser else text


# -- checks shared by the static and the browser test -------------------------------------------


def check_report_dom(root: Node, report: Report, browser: bool = False) -> None:
    marks = root.find_all("mark")
    assert len(marks) == len(report.findings)  # one highlight element per finding
    by_path = {s.attrs["data-path"]: s for s in root.find_all("section") if "data-path" in s.attrs}
    assert list(by_path) == WORST_FIRST
    for path, section in by_path.items():
        findings = [f for f in report.findings if f.path == path]
        pre = section.find_all("pre")[0]
        assert pre_source(pre, browser) == report.sources[path]
        section_marks = section.find_all("mark")
        assert sorted(m.attrs["data-code"] for m in section_marks) == sorted(
            f.code for f in findings
        )
        for mark in section_marks:
            f = next(f for f in findings if f.code == mark.attrs["data-code"])
            assert mark.attrs["data-category"] == f.category
            assert mark.attrs["data-severity"] == f.severity.value
            assert category_class(f.category) in mark.classes
            assert mark.attrs["tabindex"] == "0"
            tips = [
                c for c in mark.children if isinstance(c, Node) and c.attrs.get("role") == "tooltip"
            ]
            assert len(tips) == 1 and tips[0].attrs["id"] == mark.attrs["aria-describedby"]
            assert f.message in tips[0].text() and f.suggestion in tips[0].text()
            # The highlighted words: the mark's own text plus its continuation, if it crossed.
            conts = [
                c
                for c in section.iter()
                if c.attrs.get("data-cont") == mark.attrs["id"].removeprefix("f-")
            ]
            shown = mark.text(skip_tips=True) + "".join(c.text(skip_tips=True) for c in conts)
            assert shown == f.text
        # Every finding's matched text verbatim in the findings list.
        matched = [q.text() for q in section.find_all("q")]
        assert sorted(matched) == sorted(f.text for f in findings)
    # Nothing external: no src at all, only in-page links, no stylesheets or scripts to fetch.
    for node in root.iter():
        assert "src" not in node.attrs, node.tag
        assert node.attrs.get("href", "#").startswith("#"), node.attrs
        assert node.tag not in ("script", "link", "img", "iframe", "object", "embed")
    css = "".join(n.text() for n in root.find_all("style"))
    assert "url(" not in css and "@import" not in css


# -- static checks ------------------------------------------------------------------------------


def test_html_report_structure():
    report = make_report()
    text = render(report)
    assert text.startswith("<!DOCTYPE html>")
    root = parse(text)
    check_report_dom(root, report)
    csp = root.find_all("meta", http_equiv="Content-Security-Policy")
    assert csp and "default-src 'none'" in csp[0].attrs["content"]


def test_html_crossing_and_nested_findings_keep_one_mark_each():
    report = make_report()
    root = parse(render(report))
    zeta = root.find_all("section", data_path="zeta.txt")[0]
    marks = {m.attrs["data-code"]: m for m in zeta.find_all("mark")}
    # FA101 and SA101 (same words) nest inside NA101; DF102 crosses NA101's end.
    assert marks["FA101"].parent in (marks["NA101"], marks["SA101"])
    assert marks["DF102"].parent is marks["NA101"]
    assert marks["DF102"].text(skip_tips=True) == "but"
    cont = [n for n in zeta.iter() if "data-cont" in n.attrs]
    assert [c.text() for c in cont] == [" that is our policy"]
    assert category_class("defensive") in cont[0].classes


def test_html_escapes_everything():
    report = make_report()
    text = render(report)
    root = parse(text)
    assert not root.find_all("img") and not root.find_all("script")
    assert "<img src=x" not in text and "&lt;img src=x onerror=alert(1)&gt;" in text
    assert "evil.example" in text and not [
        n for n in root.iter() if "evil" in n.attrs.get("href", "")
    ]
    section = root.find_all("section", data_path="gamma <b>&amp;.txt")
    assert section and section[0].find_all("h2")[0].text() == "gamma <b>&amp;.txt"
    # A category that is not a valid class name still gets a class and a colour.
    assert category_class("Plugin Category!") == "cat-plugin-category-"
    assert ".cat-plugin-category-{--c:" in text


def test_html_charts_clean_files_and_errors():
    report = make_report()
    root = parse(render(report))
    charts = root.find_all("figure")
    assert [c.attrs["aria-label"] for c in charts] == ["Findings per category", "Findings per rule"]
    rows = {
        r.find_all("th")[0].text().strip(): int(r.find_all("td")[-1].text())
        for r in charts[0].find_all("tr")
    }
    assert rows == {
        "fake-apology": 3,
        "scripted-apology": 3,
        "dismissive": 2,
        "defensive": 2,
        "non-apology": 1,
        "Plugin Category!": 1,
    }
    bars = charts[0].find_all("span")
    assert any(b.attrs.get("style") == "width:100.0%" for b in bars)
    rule_rows = [r.find_all("th")[0].text() for r in charts[1].find_all("tr")]
    assert rule_rows[0].startswith("FA101") and len(rule_rows) == 6
    clean = root.find_all("section", **{"class": "clean"})[0]
    assert [li.text() for li in clean.find_all("li")] == ["clean.txt"]
    errors = root.find_all("table", **{"class": "errors"})[0]
    assert "not valid UTF-8" in errors.text()


def test_html_position_after_an_emoji():
    root = parse(render(make_report()))
    zeta = root.find_all("section", data_path="zeta.txt")[0]
    row = [r for r in zeta.find_all("tr") if r.attrs.get("data-code") == "FA101"][0]
    assert row.find_all("a")[0].text() == "1:4"
    assert (
        row.find_all("a")[0].attrs["href"]
        == "#"
        + [m for m in zeta.find_all("mark") if m.attrs["data-code"] == "FA101"][0].attrs["id"]
    )


def test_html_leading_newline_survives_the_pre():
    root = parse(render(make_report()))
    beta = root.find_all("section", data_path="beta.txt")[0]
    assert pre_source(beta.find_all("pre")[0]) == SOURCES["beta.txt"]


def test_highlight_zero_width_and_out_of_range_spans():
    f = mk("clean.txt", "refund", "FA101")
    empty = Finding(**{**f.to_dict(), "severity": f.severity, "start": 5, "end": 5})
    beyond = Finding(**{**f.to_dict(), "severity": f.severity, "start": 20, "end": 99})
    root = parse(
        "<pre>" + highlight("Your refund is on its way.", [("1", empty), ("2", beyond)]) + "</pre>"
    )
    marks = root.find_all("mark")
    assert len(marks) == 2 and "empty" in marks[0].classes
    assert root.text(skip_tips=True) == "Your refund is on its way."
    assert marks[1].text(skip_tips=True) == "s way."


def test_html_without_sources_still_lists_findings():
    report = make_report()
    report.sources = {}
    root = parse(render(report))
    assert not root.find_all("mark") and len(root.find_all("q")) == len(report.findings)


# -- in a real browser --------------------------------------------------------------------------


def _chromium() -> str | None:
    for candidate in ("/usr/bin/chromium", "chromium", "chromium-browser"):
        found = shutil.which(candidate)
        if found:
            return found
    return None


def _run_chromium(binary: str, tmp: Path, *args: str) -> str:
    cmd = [
        binary,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={tmp / 'profile'}",
        *args,
    ]
    proc = subprocess.run(
        cmd, capture_output=True, text=True, timeout=120, env={**os.environ, "HOME": str(tmp)}
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc.stdout


def _png_pixels(data: bytes) -> tuple[int, int, int, list[bytes]]:
    """Decode an 8-bit, non-interlaced RGB/RGBA PNG with the stdlib: (width, height, channels,
    rows of raw pixel bytes)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, header = 8, [], None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        chunk = data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", chunk)
        elif kind == b"IDAT":
            idat.append(chunk)
        pos += 12 + length
    width, height, depth, color_type, _, _, interlace = header
    assert depth == 8 and color_type in (2, 6) and interlace == 0, header
    channels = 3 if color_type == 2 else 4
    raw = zlib.decompress(b"".join(idat))
    stride = width * channels
    rows, prev = [], bytearray(stride)
    for y in range(height):
        kind = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)])
        if kind == 1:
            for i in range(channels, stride):
                line[i] = (line[i] + line[i - channels]) & 0xFF
        elif kind == 2:
            line = bytearray((a + b) & 0xFF for a, b in zip(line, prev))
        elif kind == 3:
            for i in range(stride):
                left = line[i - channels] if i >= channels else 0
                line[i] = (line[i] + ((left + prev[i]) >> 1)) & 0xFF
        elif kind == 4:
            for i in range(stride):
                a = line[i - channels] if i >= channels else 0
                b, c = prev[i], prev[i - channels] if i >= channels else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pred = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                line[i] = (line[i] + pred) & 0xFF
        rows.append(bytes(line))
        prev = line
    return width, height, channels, rows


@pytest.fixture(scope="module")
def chromium() -> str:
    binary = _chromium()
    if binary is None:
        pytest.skip(
            "chromium not installed: no /usr/bin/chromium, chromium or chromium-browser "
            "on PATH (apt-get install chromium)"
        )
    return binary


def test_html_report_in_chromium(chromium, tmp_path):
    report = make_report()
    page = tmp_path / "report.html"
    page.write_text(render(report), encoding="utf-8")

    # The DOM as Chromium built it.
    root = parse(_run_chromium(chromium, tmp_path, "--dump-dom", page.as_uri()))
    check_report_dom(root, report, browser=True)

    # Keyboard focus shows the tooltip. A test copy adds a script (the report itself has none,
    # and its Content-Security-Policy would block one) that focuses each highlight in turn.
    probe = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", page.read_text())
    probe = probe.replace(
        "</body>",
        """<script>
window.focus();
const out = [];
for (const m of document.querySelectorAll('mark.finding')) {
  const tip = document.getElementById(m.getAttribute('aria-describedby'));
  const hidden = getComputedStyle(tip).display;
  m.focus();
  const r = tip.getBoundingClientRect();
  out.push([m.dataset.code, hidden, getComputedStyle(tip).display,
            document.activeElement === m, r.width > 0 && r.height > 0,
            document.hasFocus()].join(','));
  m.blur();
}
document.body.setAttribute('data-probe', out.join(';'));
</script></body>""",
    )
    (tmp_path / "probe.html").write_text(probe, encoding="utf-8")
    dom = parse(_run_chromium(chromium, tmp_path, "--dump-dom", (tmp_path / "probe.html").as_uri()))
    results = dom.find_all("body")[0].attrs["data-probe"].split(";")
    assert len(results) == len(report.findings)
    shown = 0
    for entry in results:
        code, before, after, focused, visible, page_focused = entry.split(",")
        assert (before, focused) == ("none", "true"), entry  # hidden, and focusable
        if page_focused == "true":  # CSS :focus applies only while the page has focus
            assert (after, visible) == ("block", "true"), entry
            shown += 1
    # Headless Chromium sometimes starts without window focus; then :focus cannot match at all.
    # The report's own CSS must still carry the rule that shows a tooltip on focus.
    assert shown or "mark.finding:focus>.tip{display:block}" in page.read_text().replace(" ", "")

    # A screenshot that is not blank, with highlight colours in it.
    shot = tmp_path / "shot.png"
    _run_chromium(
        chromium, tmp_path, f"--screenshot={shot}", "--window-size=1200,900", page.as_uri()
    )
    width, height, channels, rows = _png_pixels(shot.read_bytes())
    assert (width, height) == (1200, 900)
    assert len(set(rows)) > 50  # many different rows: not a uniform page
    colourful = 0
    for row in rows[::3]:
        for i in range(0, len(row), channels * 3):
            r, g, b = row[i], row[i + 1], row[i + 2]
            if max(r, g, b) - min(r, g, b) > 40:
                colourful += 1
    assert colourful > 500  # the category bars and highlights are drawn in colour
