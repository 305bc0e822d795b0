"""Regexes compiled on first use: most guard and lexicon regexes never run for a given draft,
and compiling them all up front is a visible part of the CLI's cold start."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, TypeAlias


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

    if TYPE_CHECKING:
        # What ``__getattr__`` forwards, spelled out for the type checker only: at run time the
        # lookup stays the single forwarding ``__getattr__`` above.
        def search(self, string: str, pos: int = 0, endpos: int = ...) -> re.Match[str] | None: ...
        def match(self, string: str, pos: int = 0, endpos: int = ...) -> re.Match[str] | None: ...
        def fullmatch(
            self, string: str, pos: int = 0, endpos: int = ...
        ) -> re.Match[str] | None: ...
        def finditer(
            self, string: str, pos: int = 0, endpos: int = ...
        ) -> Iterator[re.Match[str]]: ...
        def findall(self, string: str, pos: int = 0, endpos: int = ...) -> list[Any]: ...
        def split(self, string: str, maxsplit: int = 0) -> list[str | Any]: ...
        def sub(
            self, repl: str | Callable[[re.Match[str]], str], string: str, count: int = 0
        ) -> str: ...


#: A compiled pattern or one compiled on first use: what code that runs regexes accepts.
Regex: TypeAlias = "re.Pattern[str] | LazyPattern"
