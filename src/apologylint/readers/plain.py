"""Plain-text drafts: placeholders masked, ``>`` quotes and signatures blanked, offsets kept."""

from __future__ import annotations

from ..directives import blank_directives, find_directives
from ..document import Document, Segment
from . import quotes, templates


def read_text(
    text: str, *, path: str | None = None, record: str | None = None, format: str = "text"
) -> Document:
    """Turn a plain-text draft into a ``Document`` whose single segment has the same length."""
    directives = tuple(find_directives(text))
    lintable = blank_directives(text, directives)
    lintable = quotes.blank(templates.mask(lintable), quotes.hidden_ranges(text))
    return Document(
        source=text,
        segments=(Segment(lintable, 0),),
        path=path,
        record=record,
        format=format,
        directives=directives,
    )
