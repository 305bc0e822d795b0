"""Template placeholders and tags, masked so that they are neither linted nor split sentences.

Output placeholders (``{{ name }}``, ``%FIRST_NAME%``, ``[Customer Name]`` …) become a neutral
word of the same length (``XXXX``) so that "Hi {{name}}, sorry if you feel …" still reads as one
sentence at the right columns. Tags and comments (``{% if %}``, ``{# … #}``, ``{{# each }}``,
``{{! … }}``) become spaces: they are not words. Masking never changes the text's length and
keeps newlines, so offsets stay exact.
"""

from __future__ import annotations

import re

# Order matters: longer/more specific forms first.
_TAG = re.compile(
    r"\{%-?\s*comment\s*-?%\}.*?\{%-?\s*endcomment\s*-?%\}"  # Liquid comment block
    r"|\{%.*?%\}"  # Jinja/Liquid tags
    r"|\{#.*?#\}"  # Jinja comments
    r"|\{\{!--.*?--\}\}"  # Handlebars long comment
    r"|\{\{![^}]*\}\}"  # Handlebars/Mustache comment
    r"|\{\{[#/^>&][^}]*\}\}",  # Handlebars/Mustache sections, partials
    re.DOTALL,
)
_WORD = re.compile(
    r"\{\{\{[^{}]*\}\}\}"  # Handlebars raw output
    r"|\{\{[^{}]*\}\}"  # {{ name }}, {{ticket.requester.first_name}}, {{first_name|fallback:"x"}}
    r"|%\{[^{}\n]+\}"  # osTicket %{ticket.name.first}
    r"|%[A-Z][A-Z0-9_]*%"  # %FIRST_NAME%
    r"|\[(?:[A-Z][\w.'-]*)(?:[ _][A-Z][\w.'-]*)*\]",  # [Customer Name], [AGENT_NAME]
)

MASK_CHAR = "X"


def placeholder_spans(text: str) -> list[tuple[int, int, bool]]:
    """``(start, end, is_word)`` for each placeholder or tag in ``text``, in order."""
    spans: list[tuple[int, int, bool]] = []
    if "{" not in text and "%" not in text and "[" not in text:
        return spans
    taken: list[tuple[int, int]] = []
    for m in _TAG.finditer(text):
        spans.append((m.start(), m.end(), False))
        taken.append((m.start(), m.end()))
    for m in _WORD.finditer(text):
        s, e = m.start(), m.end()
        if any(a <= s < b for a, b in taken):
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
