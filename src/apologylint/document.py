"""The unit that flows from readers to the linter: the original text and its lintable segments."""

from __future__ import annotations

import bisect
import itertools
import threading
from array import array
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import overload

from .directives import Directive

_LINES_LOCK = threading.Lock()


class OffsetRuns(Sequence[int]):
    """Per-character source positions, stored as runs: a run is a start index, a value and a
    step (1: each character one further, as in text copied verbatim; 0: every character the
    same, as in an entity or an escape). A 14 MB export held as one Python int per character
    took ~1 GB; its runs take a few MB."""

    __slots__ = ("_idx", "_val", "_step", "_len")

    def __init__(self, values: Iterable[int]) -> None:
        idx, val, step = array("q"), array("q"), array("b")
        n = 0
        prev = 0
        for v in values:
            if n == 0:
                idx.append(0)
                val.append(v)
                step.append(0)
            elif n - idx[-1] == 1 and v - prev in (0, 1):
                step[-1] = v - prev  # the run's second value sets its step
            elif n - idx[-1] < 2 or v != prev + step[-1]:
                idx.append(n)
                val.append(v)
                step.append(0)
            prev = v
            n += 1
        self._idx, self._val, self._step, self._len = idx, val, step, n

    @classmethod
    def from_runs(cls, runs: Iterable[tuple[int, int, int]], length: int) -> OffsetRuns:
        """From ``(index, value, step)`` runs in index order (a run lasts to the next one)."""
        obj = cls(())
        for i, v, st in runs:
            if obj._idx and obj._idx[-1] == i:
                obj._val[-1], obj._step[-1] = v, st
            else:
                obj._idx.append(i)
                obj._val.append(v)
                obj._step.append(st)
        obj._len = length
        return obj

    def __len__(self) -> int:
        return self._len

    def _at(self, i: int) -> int:
        if i < 0:
            i += self._len
        if not 0 <= i < self._len:
            raise IndexError("OffsetRuns index out of range")
        k = bisect.bisect_right(self._idx, i) - 1
        return self._val[k] + self._step[k] * (i - self._idx[k])

    @overload
    def __getitem__(self, i: int) -> int: ...
    @overload
    def __getitem__(self, i: slice) -> list[int]: ...
    def __getitem__(self, i: int | slice) -> int | list[int]:
        if isinstance(i, slice):
            return [self._at(j) for j in range(*i.indices(self._len))]
        return self._at(i)

    def __iter__(self) -> Iterator[int]:
        if not self._len:
            return
        bounds = [*self._idx[1:], self._len]
        for k, stop in enumerate(bounds):
            v, st, start = self._val[k], self._step[k], self._idx[k]
            if st:
                yield from range(v, v + stop - start)
            else:
                yield from itertools.repeat(v, stop - start)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Sequence) and not isinstance(other, str):
            return len(other) == self._len and all(a == b for a, b in zip(self, other))
        return NotImplemented

    def __hash__(self) -> int:
        return hash((self._len, bytes(self._idx), bytes(self._val), bytes(self._step)))

    def __repr__(self) -> str:
        return f"OffsetRuns({list(self)!r})"


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
        # Runs, not one entry per character (see OffsetRuns): (index, start, end, step).
        self._runs: list[tuple[int, int, int, int]] = []
        self._n = 0

    def add(self, text: str, start: int, end: int) -> None:
        if not text:
            return
        self._parts.append(text)
        if len(text) == end - start:
            self._runs.append((self._n, start, start + 1, 1))
        else:
            self._runs.append((self._n, start, end, 0))
        self._n += len(text)

    def gap(self, text: str, at: int) -> None:
        if not text:
            return
        self._parts.append(text)
        self._runs.append((self._n, at, at, 0))
        self._n += len(text)

    def __len__(self) -> int:
        return self._n

    @property
    def text(self) -> str:
        return "".join(self._parts)

    def build(self, record: str | None = None) -> Segment:
        text = self.text
        offset = self._runs[0][1] if self._runs else 0
        starts = OffsetRuns.from_runs([(i, s, st) for i, s, _, st in self._runs], self._n)
        ends = OffsetRuns.from_runs([(i, e, st) for i, _, e, st in self._runs], self._n)
        return Segment(text, offset, starts, ends, record)


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
