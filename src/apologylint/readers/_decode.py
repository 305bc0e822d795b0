"""Bytes to text, as the README says: BOM, else strict UTF-8, else cp1252 (unless binary)."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from ..document import Document
from ..errors import InputError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str
    notice: str | None = None


def decode(data: bytes, *, path: str | None = None, encoding: str | None = None) -> Decoded:
    """Decode a source's bytes; raise ``InputError`` for binary or undecodable input."""
    if encoding:
        try:
            return Decoded(_normalise(data.decode(encoding)), encoding)
        except LookupError:
            raise InputError(path, f"unknown encoding {encoding!r}") from None
        except UnicodeDecodeError as exc:
            raise InputError(
                path, f"cannot decode as {encoding}: {exc.reason} at byte {exc.start}"
            ) from None
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                return Decoded(_normalise(data.decode(name)), name)
            except UnicodeDecodeError as exc:
                raise InputError(
                    path, f"invalid {name} after its byte-order mark at byte {exc.start}"
                ) from None
    if b"\x00" in data[:8192]:
        raise InputError(path, "binary file (NUL byte in the first 8 KiB), not linted")
    try:
        return Decoded(_normalise(data.decode("utf-8")), "utf-8")
    except UnicodeDecodeError as exc:
        bad = exc.start
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        raise InputError(path, f"not UTF-8 (invalid byte at {bad}) and not cp1252 either") from None
    return Decoded(
        _normalise(text), "cp1252", notice=f"not valid UTF-8 (byte {bad}); read as cp1252"
    )


def _normalise(text: str) -> str:
    # Offsets are reported into this string; keep it as read except for a BOM character that a
    # codec left in place.
    return text[1:] if text.startswith("\ufeff") else text


_SURROGATE = re.compile("[\ud800-\udfff]")


def check_unicode(document: Document) -> Document:
    """``document`` when its texts and record names are valid Unicode; else ``InputError``.

    A JSON or YAML escape (``"\\ud800"``) or a caller's string can hold a lone surrogate, which
    no encoder accepts: spaCy and every report writer would fail on it.
    """
    for name in (document.record, *(seg.record for seg in document.segments)):
        m = _SURROGATE.search(name or "")
        if m is not None:
            raise InputError(
                document.path,
                f"lone surrogate U+{ord(m.group()):04X} in a record name (not valid Unicode); "
                "not linted",
            )
    for seg in document.segments:
        m = _SURROGATE.search(seg.text)
        if m is not None:
            raise InputError(
                document.path,
                f"lone surrogate U+{ord(m.group()):04X} in the text (not valid Unicode); "
                "not linted",
                record=seg.record,
            )
    return document
