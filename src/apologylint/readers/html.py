"""HTML drafts and HTML mail bodies: the visible text only, at its exact source positions.

Real mail HTML is tag soup, so the standard library's lenient ``html.parser`` reads it; its
``getpos()`` gives each token's line and column, turned into offsets. Text between tags is
decoded here (entities, character references) with ``SegmentBuilder``, so every decoded
character maps back to the source span it came from: a finding on ``&quot;sorry&quot;`` points at
the entity, one on plain words at exactly those words.

Not visible, so not linted: ``<head>``, ``<title>``, ``<script>``, ``<style>``, ``<template>``,
elements hidden with ``display:none``, comments (a suppression directive in a comment is still
found on the raw source by :func:`apologylint.directives.find_directives`). Not the author's, so
not linted: ``<blockquote>`` and the quoted-reply containers mail clients write (Gmail
``gmail_quote``, Outlook ``divRplyFwdMsg``/``appendonsend`` and everything after them, Yahoo
``yahoo_quoted``, Thunderbird ``moz-cite-prefix``/``moz-forward-container``, Outlook for Mac
``OLK_SRC_BODY_SECTION``, Hotmail ``stopSpelling``), signature containers (``gmail_signature``,
Outlook ``Signature``, Thunderbird ``moz-signature``), and then whatever the shared text rules of
:mod:`.quotes` find in the visible text ("On … wrote:", ``From: … Sent: …`` blocks, ``-- ``,
sign-offs). Block elements (``p``, ``div``, ``br``, ``li``, ``td``, headings, …) become a blank
line: a sentence boundary.
"""

from __future__ import annotations

import bisect
import html as _html
import re
from collections.abc import Sequence
from html.parser import HTMLParser
from typing import Any

from ..directives import Directive, find_directives
from ..document import Document, Segment
from ..errors import InputError
from . import quotes, templates

#: Elements whose start or end is a block boundary (a blank line in the text).
BLOCK_TAGS = frozenset(
    {
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "br",
        "caption",
        "center",
        "dd",
        "details",
        "dialog",
        "dir",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hgroup",
        "hr",
        "html",
        "legend",
        "li",
        "main",
        "menu",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "ul",
        "option",
        "img",
    }
)
#: Elements whose content is never visible text.
INVISIBLE_TAGS = frozenset(
    {
        "head",
        "title",
        "script",
        "style",
        "template",
        "noscript",
        "svg",
        "math",
        "iframe",
        "object",
        "canvas",
        "select",
        "xml",
    }
)
VOID_TAGS = frozenset(
    {
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
        "param",
        "source",
        "track",
        "wbr",
        "basefont",
        "frame",
        "keygen",
    }
)

#: What may stand inside <head>; any other start tag ends an unclosed head.
_HEAD_CONTENT = frozenset(
    {
        "title",
        "meta",
        "link",
        "style",
        "script",
        "base",
        "noscript",
        "template",
        "object",
        "xml",
        "head",
        "basefont",
        "bgsound",
    }
)

# Quoted-reply and signature containers: the element is skipped.
_SKIP_CLASSES = (
    "gmail_quote",
    "gmail_attr",
    "gmail_signature",
    "yahoo_quoted",
    "moz-cite-prefix",
    "moz-signature",
    "moz-forward-container",
    "protonmail_quote",
    "zmail_extra",
    "applemailquote",
    "outlookmessageheader",
    "x_gmail_quote",
    "mail_android_quote",
    "ms-outlook-mobile-reference-message",
)
_SKIP_IDS = (
    "olk_src_body_section",
    "signature",
    "x_signature",
    "isforwardcontent",
    "mail-editor-reference-message-container",
    "zwchr",
    "origbody",
)
# Markers after which the rest of the document is the earlier message.
_REST_IDS = (
    "divrplyfwdmsg",
    "x_divrplyfwdmsg",
    "appendonsend",
    "x_appendonsend",
    "stopspelling",
    "ecxstopspelling",
    "x_stopspelling",
)
_HIDDEN_STYLE = re.compile(
    r"display\s*:\s*none|visibility\s*:\s*hidden|mso-hide\s*:\s*all", re.IGNORECASE
)
# The character-reference pattern html.unescape uses.
_CHARREF = re.compile(r"&(#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[^\t\n\f <&#;]{1,32};?)")


class _Builder:
    """Text with, for each character, the span of the HTML string it came from."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.tail = ""  # the last two characters, to avoid stacking block breaks

    def add(self, text: str, start: int, end: int) -> None:
        if not text:
            return
        self.parts.append(text)
        if len(text) == end - start:
            self.starts.extend(range(start, end))
            self.ends.extend(range(start + 1, end + 1))
        else:
            self.starts.extend([start] * len(text))
            self.ends.extend([end] * len(text))
        self.tail = (self.tail + text)[-2:]

    def block(self, at: int) -> None:
        if not self.starts or self.tail == "\n\n":
            return
        gap = "\n" if self.tail.endswith("\n") else "\n\n"
        self.parts.append(gap)
        self.starts.extend([at] * len(gap))
        self.ends.extend([at] * len(gap))
        self.tail = (self.tail + gap)[-2:]


class _Parser(HTMLParser):
    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.html = html
        self.line_starts = [0]
        for m in re.finditer("\n", html):
            self.line_starts.append(m.end())
        self.out = _Builder()
        self.skip: list[list[Any]] = []  # [tag, depth] of each skipped element, outermost last
        self.rest_hidden = False
        self.pending_text: int | None = None  # offset where the current run of text starts

    # positions ------------------------------------------------------------------------------
    def _offset(self) -> int:
        line, col = self.getpos()
        return self.line_starts[line - 1] + col

    def _flush(self, end: int) -> None:
        """Emit the raw text between ``pending_text`` and ``end`` (decoding references)."""
        start = self.pending_text
        self.pending_text = None
        if start is None or end <= start or self.skip or self.rest_hidden:
            return
        raw = self.html[start:end]
        pos = 0
        for m in _CHARREF.finditer(raw):
            if m.start() > pos:
                self.out.add(raw[pos : m.start()], start + pos, start + m.start())
            decoded = _html.unescape(m.group())
            self.out.add(decoded, start + m.start(), start + m.end())
            pos = m.end()
        if pos < len(raw):
            self.out.add(raw[pos:], start + pos, end)

    # events ---------------------------------------------------------------------------------
    def handle_data(self, data: str) -> None:
        if self.pending_text is None:
            self.pending_text = self._offset()

    def _event(self) -> int:
        at = self._offset()
        self._flush(at)
        return at

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        at = self._event()
        self._start(tag, attrs, at, void=tag in VOID_TAGS)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        at = self._event()
        self._start(tag, attrs, at, void=True)

    def _start(self, tag: str, attrs: list[tuple[str, str | None]], at: int, *, void: bool) -> None:
        if self.skip:
            entry = self.skip[-1]
            if entry[0] == "head" and tag not in _HEAD_CONTENT:  # <body>, or tag soup's <div>
                self.skip.pop()
            elif tag == entry[0] and not void:
                entry[1] += 1
                return
            else:
                return
        if self.rest_hidden:
            return
        attr = {k.lower(): (v or "") for k, v in attrs}
        ident = attr.get("id", "").lower()
        if ident in _REST_IDS:
            self.out.block(at)
            self.rest_hidden = True
            return
        if tag in BLOCK_TAGS:
            self.out.block(at)
        if void:
            return
        classes = attr.get("class", "").lower()
        if (
            tag in INVISIBLE_TAGS
            or tag == "blockquote"
            or any(c in classes for c in _SKIP_CLASSES)
            or ident in _SKIP_IDS
            or attr.get("data-smartmail", "") == "gmail_signature"
            or "hidden" in attr
            or _HIDDEN_STYLE.search(attr.get("style", ""))
        ):
            self.skip.append([tag, 1])

    def handle_endtag(self, tag: str) -> None:
        at = self._event()
        if self.skip:
            entry = self.skip[-1]
            if tag == entry[0]:
                entry[1] -= 1
                if entry[1] == 0:
                    self.skip.pop()
                    self.out.block(at)
            return
        if not self.rest_hidden and tag in BLOCK_TAGS:
            self.out.block(at)

    def handle_comment(self, data: str) -> None:
        self._event()

    def handle_decl(self, decl: str) -> None:
        self._event()

    def handle_pi(self, data: str) -> None:
        self._event()

    def unknown_decl(self, data: str) -> None:
        self._event()

    def close(self) -> None:
        super().close()
        self._flush(len(self.html))


def visible_text(html: str) -> tuple[str, list[int], list[int]]:
    """The visible text of ``html`` (quoted-reply and signature containers left out, block
    elements as blank lines) and, for each character, the span of ``html`` it came from."""
    parser = _Parser(html)
    try:
        parser.feed(html)
        parser.close()
    except Exception as exc:  # html.parser is lenient; anything it still raises is a bug in input
        raise ValueError(f"cannot parse HTML: {exc}") from exc
    out = parser.out
    return "".join(out.parts), out.starts, out.ends


def html_segments(
    html: str,
    base: int = 0,
    *,
    record: str | None = None,
    starts: Sequence[int] | None = None,
    ends: Sequence[int] | None = None,
    directives: Sequence[Directive] = (),
    path: str | None = None,
) -> list[Segment]:
    """Turn an HTML string found inside a larger source into lintable segment(s).

    ``html[i]`` sits at source offset ``base + i``; or, when the HTML was itself decoded (an
    e-mail part in quoted-printable, a JSON string), ``starts[i]``/``ends[i]`` give the source
    span of ``html[i]``. Visible text only; placeholders masked; quoted replies, signatures and
    text inside ``directives`` blanked. Returns ``[]`` when nothing visible is left. Raises
    ``InputError`` only if the parser fails.
    """
    try:
        text, hs, he = visible_text(html)
    except ValueError as exc:
        raise InputError(path, str(exc), record=record) from None
    if not text.strip():
        return []
    if starts is None or ends is None:
        src_starts = [base + i for i in hs]
        src_ends = [base + i for i in he]
    else:
        src_starts, src_ends = _compose(hs, he, starts, ends, base)
    lintable = templates.mask(text).replace("\r", " ")  # "\r\n\r\n" is a blank line too
    lintable = quotes.blank(lintable, quotes.hidden_ranges(text))
    if directives:
        lintable = _blank_directives(lintable, src_starts, directives)
    if not lintable.strip():
        return []
    return [Segment(lintable, src_starts[0], tuple(src_starts), tuple(src_ends), record)]


def _compose(
    hs: Sequence[int], he: Sequence[int], starts: Sequence[int], ends: Sequence[int], base: int
) -> tuple[list[int], list[int]]:
    """Map spans of the HTML string to source spans through the HTML's own map."""
    n = len(starts)
    end_of_all = ends[-1] if n else base
    src_starts: list[int] = []
    src_ends: list[int] = []
    for h0, h1 in zip(hs, he, strict=True):
        if h1 > h0:
            src_starts.append(starts[h0])
            src_ends.append(ends[h1 - 1])
        else:  # a block break: one point
            at = starts[h0] if h0 < n else end_of_all
            src_starts.append(at)
            src_ends.append(at)
    return src_starts, src_ends


def _blank_directives(text: str, src_starts: Sequence[int], directives: Sequence[Directive]) -> str:
    spans = sorted((d.start, d.end) for d in directives)
    firsts = [s for s, _ in spans]
    chars = list(text)
    for k, pos in enumerate(src_starts):
        j = bisect.bisect_right(firsts, pos) - 1
        if j >= 0 and spans[j][0] <= pos < spans[j][1] and chars[k] != "\n":
            chars[k] = " "
    return "".join(chars)


def read_html(text: str, *, path: str | None = None, record: str | None = None) -> Document:
    """Read an HTML draft (the decoded file text) into a ``Document``."""
    directives = tuple(find_directives(text))
    segments = html_segments(text, 0, record=record, directives=directives, path=path)
    return Document(
        source=text,
        segments=tuple(segments),
        path=path,
        record=record,
        format="html",
        directives=directives,
    )
