"""JSON and JSON Lines for the collection reader: values whose strings know where they stand.

The standard library's pure-Python scanner (``json.scanner.py_make_scanner``) calls its
context's ``parse_string`` for every string *value*; ours returns a :class:`LocStr` carrying the
source span of the string literal (quotes included). :func:`json_charmap` then maps every
decoded character back to its source span: ``\\n``, ``\\"``, ``\\u00e9`` (and a ``\\ud83d\\ude00``
surrogate pair) map to their whole escape sequence, everything else character by character.
"""

from __future__ import annotations

import json
import json.scanner
import re
from collections.abc import Callable
from typing import Any

CharMap = tuple[list[int], list[int]]


class LocStr(str):
    """A string value read from a collection file, with the source span of its literal.

    ``start``/``end`` delimit the literal in the source (for JSON, quotes included);
    ``charmap()`` gives, for every character of the value, the source span that produced it.
    """

    start: int
    end: int
    _mapper: Callable[[LocStr], CharMap]

    def __new__(
        cls, value: str, start: int, end: int, mapper: Callable[[LocStr], CharMap]
    ) -> LocStr:
        obj = super().__new__(cls, value)
        obj.start = start
        obj.end = end
        obj._mapper = mapper
        return obj

    def charmap(self) -> CharMap:
        return self._mapper(self)


class JSONSyntaxError(ValueError):
    """JSON that does not parse: a message and a 1-based line."""

    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.message = message
        self.line = line

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), (self.message, self.line))


_ESCAPES = {'"': '"', "\\": "\\", "/": "/", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}


def json_charmap(source: str, value: LocStr) -> CharMap:
    """Per-character source spans of a JSON string value (the literal is ``source[start:end]``)."""
    starts: list[int] = []
    ends: list[int] = []
    out: list[str] = []
    i, stop = value.start + 1, value.end - 1
    while i < stop:
        k = source.find("\\", i, stop)
        if k == -1:
            k = stop
        if k > i:
            out.append(source[i:k])
            starts.extend(range(i, k))
            ends.extend(range(i + 1, k + 1))
            i = k
            continue
        kind = source[i + 1]
        if kind == "u":
            cp = int(source[i + 2 : i + 6], 16)
            span = 6
            if 0xD800 <= cp <= 0xDBFF and source[i + 6 : i + 8] == "\\u":
                low = int(source[i + 8 : i + 12], 16)
                if 0xDC00 <= low <= 0xDFFF:
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00)
                    span = 12
            out.append(chr(cp))
        else:
            out.append(_ESCAPES[kind])
            span = 2
        starts.append(i)
        ends.append(i + span)
        i += span
    if "".join(out) != value:  # cannot happen for a literal the scanner accepted; stay safe
        return [value.start] * len(value), [value.end] * len(value)
    return starts, ends


class _LocatingDecoder(json.JSONDecoder):
    def __init__(self, source: str, base: int) -> None:
        super().__init__()
        # the stdlib decoder's own helpers, public at run time but absent from typeshed
        scanstring = json.decoder.scanstring  # type: ignore[attr-defined]
        mapper = lambda v: json_charmap(source, v)  # noqa: E731

        def parse_string(s: str, end: int, strict: bool) -> tuple[str, int]:
            text, stop = scanstring(s, end, strict)
            return LocStr(text, base + end - 1, base + stop, mapper), stop

        self.parse_string = parse_string
        self.scan_once = json.scanner.py_make_scanner(self)  # type: ignore[attr-defined]


def load_json(source: str) -> Any:
    """Parse a whole JSON document; string values are :class:`LocStr`."""
    return _load(source, source, 0, 1, "invalid JSON")


def load_jsonl(source: str) -> list[tuple[int, Any]]:
    """Parse JSON Lines: ``(line number, value)`` for each non-blank line."""
    out = []
    pos = 0
    for number, line in enumerate(source.splitlines(keepends=True), 1):
        body = line.rstrip("\r\n")
        if body.strip():
            out.append((number, _load(source, body, pos, number, "invalid JSON line")))
        pos += len(line)
    return out


def _load(source: str, text: str, base: int, first_line: int, what: str) -> Any:
    decoder = _LocatingDecoder(source, base)
    try:
        return decoder.decode(text)
    except json.JSONDecodeError as exc:
        raise JSONSyntaxError(
            f"{what}: {exc.msg} (column {exc.colno})", first_line + exc.lineno - 1
        ) from None
    except RecursionError:
        raise JSONSyntaxError(f"{what}: nested too deeply", first_line) from None
    except ValueError:
        # int() refuses more than sys.get_int_max_str_digits() digits (4,300 by default).
        m = _HUGE_INT.search(text)
        line = first_line + text.count("\n", 0, m.start()) if m else first_line
        raise JSONSyntaxError(f"{what}: a number with too many digits", line) from None


_HUGE_INT = re.compile(r"\d{4000,}")
