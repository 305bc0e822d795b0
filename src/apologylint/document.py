"""The unit that flows from readers to the linter: the original text and its lintable segments."""

from __future__ import annotations

import bisect
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from .directives import Directive

_LINES_LOCK = threading.Lock()


@dataclass(frozen=True)
class Segment:
    """A run of author's prose to lint, and where it sits in the original source.

    ``text`` is what the linter sees (placeholders masked, non-prose blanked). ``offset`` is the
    source position of ``text[0]``. When a reader transformed the text (decoded entities, joined
    pieces) it gives ``starts`` and ``ends``: for every index ``i`` of ``text``, the source span
    ``[starts[i], ends[i])`` that produced ``text[i]``; otherwise source position = ``offset + i``.
    """

    text: str
    offset: int = 0
    starts: Sequence[int] | None = None
    ends: Sequence[int] | None = None
    record: str | None = None

    def to_source(self, index: int) -> int:
        """Source position of ``text[index]`` (a span start)."""
        if self.starts is None:
            return self.offset + index
        if index >= len(self.starts):
            return self.ends[-1] if self.ends else self.offset
        return self.starts[index]

    def to_source_end(self, index: int) -> int:
        """Source position just after ``text[index - 1]`` (a span end)."""
        if self.ends is None:
            return self.offset + index
        if index == 0:
            return self.to_source(0)
        return self.ends[index - 1]


class SegmentBuilder:
    """Builds a transformed segment piece by piece, keeping the map back to the source.

    ``add(text, start, end)`` appends ``text`` produced by ``source[start:end]``: a piece copied
    verbatim (``len(text) == end - start``) maps character by character; a replaced piece (an
    entity, a decoded escape) maps every character to the whole source span. ``gap(text, at)``
    appends characters that stand for no source text (a paragraph break between blocks) at
    source position ``at``.
    """

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._starts: list[int] = []
        self._ends: list[int] = []

    def add(self, text: str, start: int, end: int) -> None:
        if not text:
            return
        self._parts.append(text)
        if len(text) == end - start:
            self._starts.extend(range(start, end))
            self._ends.extend(range(start + 1, end + 1))
        else:
            self._starts.extend([start] * len(text))
            self._ends.extend([end] * len(text))

    def gap(self, text: str, at: int) -> None:
        if not text:
            return
        self._parts.append(text)
        self._starts.extend([at] * len(text))
        self._ends.extend([at] * len(text))

    def __len__(self) -> int:
        return len(self._starts)

    @property
    def text(self) -> str:
        return "".join(self._parts)

    def build(self, record: str | None = None) -> Segment:
        text = self.text
        offset = self._starts[0] if self._starts else 0
        return Segment(text, offset, tuple(self._starts), tuple(self._ends), record)


@dataclass(frozen=True)
class Document:
    """A source turned into lintable segments.

    ``source`` is the decoded original text (what ``line``/``column`` and ``start``/``end`` of a
    finding refer to). ``path`` names the source (``None`` for a string) and ``record`` the record
    inside a collection (``None`` otherwise).
    """

    source: str
    segments: tuple[Segment, ...]
    path: str | None = None
    record: str | None = None
    format: str = "text"
    notices: tuple[str, ...] = ()
    directives: tuple[Directive, ...] = ()
    _line_starts: list[int] = field(default_factory=list, repr=False, compare=False)

    @classmethod
    def from_text(
        cls, text: str, *, path: str | None = None, record: str | None = None
    ) -> Document:
        """A document whose whole text is prose (no masking); see ``readers.plain`` for drafts."""
        return cls(source=text, segments=(Segment(text, 0),), path=path, record=record)

    def with_notice(self, message: str) -> Document:
        """A copy with one more notice (see :mod:`apologylint.notices`): readers say what is
        worth knowing about a source this way, never by printing."""
        return replace(self, notices=(*self.notices, message))

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a source offset, columns in code points."""
        starts = self._line_starts
        if not starts:
            with _LINES_LOCK:
                if not starts:
                    # Built whole, then put in place in one step: a thread that reads the table
                    # never sees it half filled.
                    built = [0]
                    find = self.source.find
                    i = find("\n")
                    while i != -1:
                        built.append(i + 1)
                        i = find("\n", i + 1)
                    starts[:] = built
        line = bisect.bisect_right(starts, offset) - 1
        return line + 1, offset - starts[line] + 1
