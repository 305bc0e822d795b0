"""Template placeholders and tags, masked so that they are neither linted nor split sentences.

Output placeholders (``{{ name }}``, ``%FIRST_NAME%``, ``[Customer Name]`` …) become a neutral
word of the same length (``XXXX``) so that "Hi {{name}}, sorry if you feel …" still reads as one
sentence at the right columns. Tags and comments (``{% if %}``, ``{# … #}``, ``{{# each }}``,
``{{! … }}``) become spaces: they are not words. Masking never changes the text's length and
keeps newlines, so offsets stay exact.
"""

from __future__ import annotations

import bisect
import re

# Tags and comments. One regex with lazy ``.*?`` would rescan the rest of the text from every
# opener that is never closed (quadratic on 1 MB of "{%"), so a scanner finds them instead: at
# each opener the forms are tried in this order (longer/more specific first), each ending at its
# first closer; the next closer of each kind is remembered, so every search moves forward only.
_OPENER = re.compile(r"\{%|\{#|\{\{")
_COMMENT_OPEN = re.compile(r"\{%-?\s*comment\s*-?%\}")  # Liquid comment block
_COMMENT_CLOSE = re.compile(r"\{%-?\s*endcomment\s*-?%\}")
_WORD = re.compile(
    r"\{\{\{[^{}]*\}\}\}"  # Handlebars raw output
    r"|\{\{[^{}]*\}\}"  # {{ name }}, {{ticket.requester.first_name}}, {{first_name|fallback:"x"}}
    r"|%\{[^{}\n]+\}"  # osTicket %{ticket.name.first}
    r"|%[A-Z][A-Z0-9_]*%"  # %FIRST_NAME%
    # [Customer Name], [AGENT_NAME]: "_" is a word character, so only a space separates words
    # here (allowing "_" as well made "[A_A_A_…" backtrack exponentially).
    r"|\[(?:[A-Z][\w.'-]*)(?: [A-Z][\w.'-]*)*\]",
)


class _Closers:
    """The next occurrence of each closer at or after a position that only grows."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._next: dict[str, int] = {}
        self._comment: tuple[int, int] | None = None

    def find(self, closer: str, pos: int) -> int:
        at = self._next.get(closer)
        if at is None or 0 <= at < pos:
            at = self.text.find(closer, pos)
            self._next[closer] = at
        return at

    def comment_end(self, pos: int) -> int:
        got = self._comment
        if got is None or 0 <= got[0] < pos:
            m = _COMMENT_CLOSE.search(self.text, pos)
            got = (m.start(), m.end()) if m else (-1, -1)
            self._comment = got
        return got[1]


def _tags(text: str) -> list[tuple[int, int]]:
    """Spans of template tags and comments, left to right, not overlapping."""
    spans: list[tuple[int, int]] = []
    closers = _Closers(text)
    pos = 0
    while (m := _OPENER.search(text, pos)) is not None:
        p = m.start()
        end = -1
        if m.group() == "{%":
            c = _COMMENT_OPEN.match(text, p)
            if c is not None:
                end = closers.comment_end(c.end())
            if end < 0:
                q = closers.find("%}", p + 2)
                end = q + 2 if q >= 0 else -1
        elif m.group() == "{#":
            q = closers.find("#}", p + 2)
            end = q + 2 if q >= 0 else -1
        elif text.startswith("{{!", p) or text[p + 2 : p + 3] in ("#", "/", "^", ">", "&"):
            if text.startswith("{{!--", p):
                q = closers.find("--}}", p + 5)
                end = q + 4 if q >= 0 else -1
            if end < 0 and p + 3 <= len(text):
                q = closers.find("}", p + 3)  # [^}]* then "}}"
                end = q + 2 if q >= 0 and text.startswith("}}", q) else -1
        if end < 0:
            pos = p + 1
            continue
        spans.append((p, end))
        pos = end
    return spans


MASK_CHAR = "X"


def placeholder_spans(text: str) -> list[tuple[int, int, bool]]:
    """``(start, end, is_word)`` for each placeholder or tag in ``text``, in order."""
    spans: list[tuple[int, int, bool]] = []
    if "{" not in text and "%" not in text and "[" not in text:
        return spans
    taken: list[tuple[int, int]] = []
    for s, e in _tags(text):
        spans.append((s, e, False))
        taken.append((s, e))
    starts = [a for a, _ in taken]
    for m in _WORD.finditer(text):
        s, e = m.start(), m.end()
        k = bisect.bisect_right(starts, s) - 1
        if k >= 0 and s < taken[k][1]:
            continue
        spans.append((s, e, True))
    spans.sort()
    return spans


def mask(text: str, spans: list[tuple[int, int, bool]] | None = None) -> str:
    """Return ``text`` with placeholders masked (same length, newlines kept)."""
    if spans is None:
        spans = placeholder_spans(text)
    if not spans:
        return text
    out: list[str] = []
    pos = 0
    for s, e, is_word in spans:
        out.append(text[pos:s])
        chunk = text[s:e]
        fill = MASK_CHAR if is_word else " "
        out.append("".join("\n" if c == "\n" else fill for c in chunk))
        pos = e
    out.append(text[pos:])
    return "".join(out)
