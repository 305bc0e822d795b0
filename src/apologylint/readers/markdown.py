"""Markdown drafts: prose only, at its exact source columns.

markdown-it-py gives the block structure (with line maps): paragraphs, headings, list items and
table rows are prose; code blocks and fences, block quotes and HTML blocks are not. Inside a
prose block the markup is blanked in place — code spans, link destinations, images, inline HTML,
emphasis markers, list bullets, heading hashes — so every character keeps its source position
and no text is transformed. Each prose block is a segment of its own, so blocks never run into
each other.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from ..directives import find_directives
from ..document import Document, Segment
from . import templates

_CODE_SPAN = re.compile(r"(`+)(?!`).*?(?<!`)\1(?!`)", re.DOTALL)
_IMAGE = re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)|!\[[^\]\n]*\]\[[^\]\n]*\]")
_LINK = re.compile(r"\[(?=[^\]\n]*\]\()|\]\([^)\n]*\)|\[(?=[^\]\n]*\]\[)|\]\[[^\]\n]*\]")
_AUTOLINK = re.compile(r"<(?:https?|mailto|ftp):[^>\s]*>|<[^>\s@]+@[^>\s]+>")
_HTML = re.compile(r"<!--.*?-->|</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>", re.DOTALL)
_EMPHASIS = re.compile(r"\*+|~~|(?<![\w])_+|_+(?![\w])")
_ESCAPE = re.compile(r"\\(?=[!-/:-@\[-`{-~])")
_BLOCK_PREFIX = re.compile(r"^[ \t]*(?:#{1,6}(?=[ \t]|$)|[-*+](?=[ \t])|\d{1,9}[.)](?=[ \t]))")
_CLOSING_HASHES = re.compile(r"[ \t]+#+[ \t]*$")
_SETEXT = re.compile(r"^[ \t]*(?:=+|-+)[ \t]*$")
_HARD_BREAK = re.compile(r"\\$|  +$")


@lru_cache(maxsize=1)
def _parser() -> Any:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").enable("table")


def _blank(chars: list[str], start: int, end: int) -> None:
    for i in range(start, end):
        if chars[i] != "\n":
            chars[i] = " "


def _prose_blocks(text: str) -> list[tuple[int, int, bool]]:
    """(first line, end line, is_table_row) of each prose block outside quotes and code."""
    blocks: list[tuple[int, int, bool]] = []
    quote_depth = 0
    in_table = 0
    for token in _parser().parse(text):
        if token.type == "blockquote_open":
            quote_depth += 1
        elif token.type == "blockquote_close":
            quote_depth -= 1
        elif token.type == "table_open":
            in_table += 1
        elif token.type == "table_close":
            in_table -= 1
        elif token.type == "inline" and quote_depth == 0 and token.map:
            first, end = token.map
            if not blocks or blocks[-1][:2] != (first, end):
                blocks.append((first, end, in_table > 0))
    return blocks


def read_markdown(text: str, *, path: str | None = None, record: str | None = None) -> Document:
    """Read a Markdown draft: one identity-mapped segment per prose block."""
    directives = tuple(find_directives(text))
    lines = text.splitlines(keepends=True)
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))
    segments: list[Segment] = []
    for first, end, is_table in _prose_blocks(text):
        a, b = starts[first], starts[min(end, len(lines))]
        segments.append(Segment(_prose(text[a:b], is_table), a, record=record))
    if directives:
        segments = [_without_directives(s, text, directives) for s in segments]
    return Document(
        source=text,
        segments=tuple(segments),
        path=path,
        record=record,
        format="markdown",
        directives=directives,
    )


def _without_directives(seg: Segment, source: str, directives: tuple[Any, ...]) -> Segment:
    end = seg.offset + len(seg.text)
    inside = [d for d in directives if d.start < end and d.end > seg.offset]
    if not inside:
        return seg
    chars = list(seg.text)
    for d in inside:
        _blank(chars, max(d.start, seg.offset) - seg.offset, min(d.end, end) - seg.offset)
    return Segment("".join(chars), seg.offset, record=seg.record)


def _prose(block: str, is_table: bool) -> str:
    """The block with Markdown markup blanked, same length."""
    chars = list(block)
    for pattern in (_CODE_SPAN, _IMAGE, _AUTOLINK, _HTML):
        for m in pattern.finditer(block):
            _blank(chars, m.start(), m.end())
    masked = "".join(chars)
    for pattern in (_LINK, _EMPHASIS, _ESCAPE):
        for m in pattern.finditer(masked):
            _blank(chars, m.start(), m.end())
    pos = 0
    for line in block.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        if _SETEXT.match(body):
            _blank(chars, pos, pos + len(body))
        else:
            for pattern in (_BLOCK_PREFIX, _CLOSING_HASHES, _HARD_BREAK):
                found = pattern.search(body)
                if found:
                    _blank(chars, pos + found.start(), pos + found.end())
            if is_table:
                for i, ch in enumerate(body):
                    if ch == "|" and (i == 0 or body[i - 1] != "\\"):
                        chars[pos + i] = "."  # a cell boundary ends a sentence
        pos += len(line)
    return templates.mask("".join(chars))
