"""The HTML reader: visible text only, quoted replies and signatures left out, exact positions."""

from __future__ import annotations

import html as _html
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from prose import PROSE_WORDS

from apologylint import Linter
from apologylint.document import Document
from apologylint.readers.html import html_segments, read_html, visible_text

_LINTER: Linter | None = None


def linter() -> Linter:
    global _LINTER
    if _LINTER is None:
        _LINTER = Linter()
    return _LINTER


def lint(doc: Document):
    return linter().lint(doc)


def lintable(doc: Document) -> str:
    return " ".join(" ".join(seg.text.split()) for seg in doc.segments)


def rendered(source: str) -> str:
    """What a source span reads as: tags stripped, entities decoded."""
    return _html.unescape(re.sub(r"<[^>]*>", "", source))


# --- positions -----------------------------------------------------------------------------


def test_finding_across_inline_tags_points_at_the_source_words() -> None:
    source = "<html><body><p>Hi, <b>sorry</b> if you feel let down.</p></body></html>"
    doc = read_html(source)
    [f] = [f for f in lint(doc) if f.code.startswith("FA")]
    assert source[f.start :].startswith("sorry</b> if you feel")
    assert f.start == source.index("sorry")
    assert source[: f.end].endswith(f.text.split()[-1])
    assert "feel" in source[f.start : f.end]
    assert rendered(source[f.start : f.end]) == f.text
    assert (f.line, f.column) == (1, source.index("sorry") + 1)


def test_entities_are_decoded_and_map_to_their_source_span() -> None:
    source = "<p>We&#39;re sorry if you&nbsp;feel &quot;ignored&quot; &amp; upset.</p>"
    doc = read_html(source)
    text, starts, ends = visible_text(source)
    assert 'We\'re sorry if you\xa0feel "ignored" & upset.' in text
    i = text.index("'")
    assert source[starts[i] : ends[i]] == "&#39;"
    findings = [f for f in lint(doc) if f.code.startswith("FA")]
    assert findings
    for f in findings:
        assert rendered(source[f.start : f.end]) == f.text


def test_positions_on_later_lines() -> None:
    source = (
        "<div>\n  <p>Thanks for\n  waiting.</p>\n  <p>We are\n"
        "    <i>sorry</i> if you felt ignored.</p>\n</div>\n"
    )
    f = next(f for f in lint(read_html(source)) if f.code.startswith("FA"))
    assert (f.line, f.column) == (5, source.splitlines()[4].index("sorry") + 1)
    assert f.start == source.index("sorry")


def test_html_segments_at_a_base_offset() -> None:
    outer = 'x = "<p>Sorry if you feel upset.</p>"'
    base = outer.index("<p>")
    inner = outer[base : outer.rindex('"')]
    [seg] = html_segments(inner, base)
    doc = Document(source=outer, segments=(seg,), format="html")
    f = next(f for f in lint(doc) if f.code.startswith("FA"))
    assert outer[f.start : f.end] == f.text
    assert f.start == outer.index("Sorry")


def test_html_segments_through_an_outer_map() -> None:
    # The HTML was itself decoded (say from a JSON string with \" escapes): each HTML character
    # carries the source span it came from, and the result composes both maps.
    source = '{"body": "<p class=\\"x\\">Sorry if you feel upset.</p>"}'
    start = source.index("<p")
    end = source.rindex('"')
    raw = source[start:end]
    html, starts, ends = "", [], []
    i = 0
    while i < len(raw):
        if raw[i] == "\\":
            html += raw[i + 1]
            starts.append(start + i)
            ends.append(start + i + 2)
            i += 2
        else:
            html += raw[i]
            starts.append(start + i)
            ends.append(start + i + 1)
            i += 1
    [seg] = html_segments(html, starts=starts, ends=ends)
    doc = Document(source=source, segments=(seg,), format="html")
    f = next(f for f in lint(doc) if f.code.startswith("FA"))
    assert f.start == source.index("Sorry")
    assert source[f.start : f.end] == f.text


# --- what is visible -------------------------------------------------------------------------


def test_invisible_elements_are_skipped() -> None:
    source = (
        "<html><head><title>Sorry if you feel upset</title><style>p{}</style></head>"
        "<body><script>var s = 'sorry if you feel upset';</script>"
        "<div style='display:none'>Sorry if you feel upset</div>"
        "<p>Your parcel ships today.</p><!-- sorry if you feel upset --></body></html>"
    )
    doc = read_html(source)
    assert lintable(doc) == "Your parcel ships today."
    assert lint(doc) == []


def test_block_elements_are_sentence_boundaries() -> None:
    text, _, _ = visible_text(
        "<div>Thanks</div><div>Sorry</div><p>a<br>b</p>"
        "<ul><li>x</li><li>y</li></ul>"
        "<table><tr><td>c</td><td>d</td></tr></table>"
    )
    assert text.strip().split("\n\n") == ["Thanks", "Sorry", "a", "b", "x", "y", "c", "d"]
    inline, _, _ = visible_text("<p>Hi <b>there</b>, <span>friend</span>.</p>")
    assert inline.strip() == "Hi there, friend."


def test_placeholders_are_masked_inside_text() -> None:
    source = "<p>Hi {{ticket.requester.first_name}}, sorry if you feel upset.</p>"
    doc = read_html(source)
    assert "{{" not in lintable(doc)
    f = next(f for f in lint(doc) if f.code.startswith("FA"))
    assert f.start == source.index("sorry")


def test_directive_in_a_comment_is_found_on_the_raw_source() -> None:
    source = "<!-- apologylint: disable=FA -->\n<p>Sorry if you feel upset.</p>"
    doc = read_html(source)
    assert [d.kind for d in doc.directives] == ["disable"]
    assert not [f for f in lint(doc) if f.code.startswith("FA")]


def test_tag_soup_is_not_an_error() -> None:
    source = (
        "<html><body><p>Hi <b>there<p>unclosed <div><span>Sorry if you feel upset"
        "</td></b></i>< notatag & stray &bogus; <a href='x'>link</html><div"
    )
    doc = read_html(source)
    assert "Sorry if you feel upset" in lintable(doc)
    assert "& stray &bogus;" in lintable(doc)
    for f in lint(doc):
        assert rendered(source[f.start : f.end]) == f.text


# --- quoted replies and signatures -------------------------------------------------------------

QUOTED = "Sorry if you feel that way"


@pytest.mark.parametrize(
    "html",
    [
        # Gmail
        f'<div dir="ltr">Refund sent.</div><div class="gmail_quote">'
        f'<div class="gmail_attr">On Mon, Ana &lt;a@b.c&gt; wrote:<br></div>'
        f'<blockquote class="gmail_quote">{QUOTED}</blockquote></div>',
        # Gmail signature
        f'<div>Refund sent.</div><div>-- </div><div class="gmail_signature" data-smartmail='
        f'"gmail_signature">{QUOTED}</div>',
        # Apple Mail
        f'<div>Refund sent.</div><div><blockquote type="cite"><div>{QUOTED}</div>'
        f"</blockquote></div>",
        # Outlook on the web: divRplyFwdMsg and everything after it
        f'<div>Refund sent.</div><hr><div id="divRplyFwdMsg"><b>From:</b> Ana</div>'
        f"<div>{QUOTED}</div>",
        f'<div>Refund sent.</div><div id="appendonsend"></div><hr><div>{QUOTED}</div>',
        # Yahoo
        f'<div>Refund sent.</div><div class="ydp1yahoo_quoted" id="ydp1yahoo_quoted_1">'
        f"<div>{QUOTED}</div></div>",
        # Thunderbird
        f'<p>Refund sent.</p><div class="moz-cite-prefix">On 1/2/2026 Ana wrote:<br></div>'
        f'<blockquote type="cite">{QUOTED}</blockquote>',
        f'<p>Refund sent.</p><div class="moz-forward-container">-------- Forwarded Message --------'
        f"<p>{QUOTED}</p></div>",
        f'<p>Refund sent.</p><div class="moz-signature">-- <br>{QUOTED}</div>',
        # Outlook for Mac
        f'<div>Refund sent.</div><span id="OLK_SRC_BODY_SECTION"><div>{QUOTED}</div></span>',
        # Hotmail
        f'<div>Refund sent.<hr id="stopSpelling">Date: Mon<br>From: Ana<br>{QUOTED}</div>',
        # No container: the shared text rules on the visible text
        f"<p>Refund sent.</p><p>On Mon, 2 Nov 2026 at 10:00, Ana &lt;a@b.c&gt; wrote:</p>"
        f"<p>{QUOTED}</p>",
        f"<p>Refund sent.</p><p><b>From:</b> Ana<br><b>Sent:</b> Monday<br><b>To:</b> us<br>"
        f"<b>Subject:</b> Help</p><p>{QUOTED}</p>",
        f"<p>Refund sent.</p><p>-----Original Message-----</p><p>{QUOTED}</p>",
        f"<p>Refund sent.</p><p>-- <br>{QUOTED}</p>",
    ],
)
def test_quoted_replies_and_signatures_are_not_linted(html: str) -> None:
    doc = read_html(f"<html><body>{html}</body></html>")
    assert "Refund sent." in lintable(doc)
    assert "feel" not in lintable(doc), lintable(doc)
    assert lint(doc) == []


def test_sign_off_keeps_a_closing_apology_sentence() -> None:
    doc = read_html(
        "<p>The refund is on its way.</p><p>Sorry if you feel we let you down.</p>"
        "<p>Best,<br>Sam<br>Support Team</p>"
    )
    assert "Sorry if you feel we let you down." in lintable(doc)
    assert "Sam" not in lintable(doc)
    assert [f.code for f in lint(doc) if f.code.startswith("FA")]


# --- hypothesis: positions always map back, quotes never fire ----------------------------------

WORDS = st.sampled_from(
    [
        *PROSE_WORDS,
        "&amp;",
        "&eacute;t&eacute;",
        "&#8212;",
        "&nbsp;",
        "&lt;3",
        "{{ name }}",
        "%FIRST_NAME%",
        "<b>bold</b>",
        "<span>x</span>",
        "<i>it</i>",
    ]
)
PROSE = st.lists(WORDS, max_size=10).map(" ".join)
PHRASE = st.sampled_from(
    [
        "sorry if you feel that way",
        "<b>sorry</b> if you feel that way",
        "sorry if you <i>feel</i> that way",
        "sorry if you&nbsp;feel that way",
        "&#115;orry if you feel that way",
        "sorry <span class='x'>if you</span> feel that way",
        "sorry if\nyou feel that way",
    ]
)
QUOTE_WRAP = st.sampled_from(
    [
        '<blockquote type="cite">{}</blockquote>',
        '<div class="gmail_quote">On Mon, Ana wrote:<blockquote>{}</blockquote></div>',
        '<div class="gmail_signature">{}</div>',
        '<div id="divRplyFwdMsg">From: Ana</div><div>{}</div>',
        "<p>On Mon, 2 Nov 2026, Ana &lt;a@b.c&gt; wrote:</p><p>{}</p>",
    ]
)


@settings(max_examples=60, deadline=None)
@given(before=PROSE, phrase=PHRASE, after=PROSE, tag=st.sampled_from(["p", "div", "td", "li"]))
def test_positions_map_back(before: str, phrase: str, after: str, tag: str) -> None:
    source = f"<html><body><{tag}>{before}</{tag}><{tag}>{phrase}. {after}</{tag}></body></html>"
    findings = [f for f in lint(read_html(source)) if f.category == "fake-apology"]
    assert findings, source
    at = source.index(phrase)
    lead = re.match(r"(?:<[^>]*>)*", phrase).end()  # the phrase may open with a tag
    for f in findings:
        assert f.start == at + lead and f.end <= at + len(phrase), (source, f)
        assert rendered(source[f.start : f.end]) == f.text, (source, f)
        assert (
            " ".join(rendered(source[f.start : f.end]).split()).lower().startswith("sorry if you")
        )
        line = source.split("\n")[f.line - 1]
        assert rendered(line[f.column - 1 :]).lower().startswith("sorry")


@settings(max_examples=40, deadline=None)
@given(before=PROSE, phrase=PHRASE, after=PROSE, wrap=QUOTE_WRAP)
def test_quoted_text_never_fires(before: str, phrase: str, after: str, wrap: str) -> None:
    source = f"<html><body><p>Done: {before}</p>{wrap.format(phrase + '. ' + after)}</body></html>"
    assert not [f for f in lint(read_html(source)) if f.category == "fake-apology"], source
