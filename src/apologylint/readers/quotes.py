"""Quoted earlier messages and signatures: not the author's prose.

One detector shared by the readers that handle mail-like text. It works on lines and returns
the ranges to blank out, so readers keep exact offsets.
"""

from __future__ import annotations

import re

_QUOTE_LINE = re.compile(r"^[ \t]*>")
_ON_WROTE = re.compile(r"^[ \t]*On\b.{0,200}\bwrote:[ \t]*$", re.IGNORECASE)
_SIG_DELIM = re.compile(r"^-- ?$")
_ORIGINAL = re.compile(r"^[ \t]*-{2,}[ \t]*(?:Original Message|Forwarded message)[ \t]*-{2,}",
                       re.IGNORECASE)


def hidden_ranges(text: str) -> list[tuple[int, int]]:
    """Character ranges of ``text`` that are quotes or signature, in order, non-overlapping."""
    if ">" not in text and "wrote:" not in text and "--" not in text:
        return []
    ranges: list[tuple[int, int]] = []
    lines = text.splitlines(keepends=True)
    pos = 0
    starts = []
    for line in lines:
        starts.append(pos)
        pos += len(line)
    n = len(lines)
    for i, line in enumerate(lines):
        body = line.rstrip("\r\n")
        start = starts[i]
        if _SIG_DELIM.match(body) or _ORIGINAL.match(body):
            ranges.append((start, len(text)))
            break
        if _QUOTE_LINE.match(body):
            ranges.append((start, start + len(body)))
        elif _ON_WROTE.match(body) and _next_is_quote(lines, i + 1, n):
            ranges.append((start, start + len(body)))
    return ranges


def _next_is_quote(lines: list[str], i: int, n: int) -> bool:
    while i < n and not lines[i].strip():
        i += 1
    return i < n and bool(_QUOTE_LINE.match(lines[i]))


def blank(text: str, ranges: list[tuple[int, int]]) -> str:
    """Replace every character in ``ranges`` except newlines with a space."""
    if not ranges:
        return text
    out: list[str] = []
    pos = 0
    for s, e in ranges:
        out.append(text[pos:s])
        out.append(re.sub(r"[^\n]", " ", text[s:e]))
        pos = e
    out.append(text[pos:])
    return "".join(out)
