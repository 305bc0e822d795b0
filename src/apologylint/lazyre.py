"""Regexes compiled on first use: most guard and lexicon regexes never run for a given draft,
and compiling them all up front is a visible part of the CLI's cold start."""

from __future__ import annotations

import re
from typing import Any


class LazyPattern:
    """Behaves like the compiled ``re.Pattern`` for ``pattern`` and ``flags``, compiling it the
    first time it is used."""

    __slots__ = ("pattern", "flags", "_rx")

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.pattern = pattern
        self.flags = flags
        self._rx: re.Pattern[str] | None = None

    def compiled(self) -> re.Pattern[str]:
        rx = self._rx
        if rx is None:
            rx = self._rx = re.compile(self.pattern, self.flags)
        return rx

    def __getattr__(self, name: str) -> Any:  # search, match, finditer, sub, …
        return getattr(self.compiled(), name)

    def __reduce__(self) -> tuple[Any, ...]:
        return (LazyPattern, (self.pattern, self.flags))
