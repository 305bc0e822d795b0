"""Readers turn a source (a path, bytes or a string) into a ``Document``.

Readers know formats and nothing about rules.
"""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

from ..document import Document
from ..errors import InputError
from ._decode import Decoded, decode
from .plain import read_text

__all__ = ["LINTABLE_SUFFIXES", "Decoded", "decode", "is_lintable", "read", "read_text"]

#: Suffixes linted when found in a folder walk (a named file is always read).
LINTABLE_SUFFIXES = frozenset({
    ".txt", ".text", ".md", ".markdown",
    ".liquid", ".hbs", ".handlebars", ".mustache", ".j2", ".jinja", ".jinja2", ".tmpl",
})

#: Default refusal threshold for one file (the configuration issue makes it a setting).
DEFAULT_MAX_FILE_SIZE = 10 * 1024 * 1024


def is_lintable(path: str | os.PathLike[str]) -> bool:
    return Path(path).suffix.lower() in LINTABLE_SUFFIXES


def read(source: str | os.PathLike[str] | bytes, format: str | None = None, *,
         path: str | None = None, encoding: str | None = None,
         max_file_size: int | None = DEFAULT_MAX_FILE_SIZE) -> Document:
    """Read a path (``str``/``PathLike``) or raw ``bytes`` into a ``Document``.

    Raises ``InputError`` for a missing, oversized, binary or undecodable source.
    """
    if isinstance(source, bytes):
        data = source
    else:
        path = path or os.fspath(source)
        data = _read_bytes(Path(source), path, max_file_size)
    if max_file_size is not None and len(data) > max_file_size:
        raise InputError(path, f"file is {len(data):,} bytes, over the {max_file_size:,}-byte "
                               "limit (max-file-size); not linted")
    decoded = decode(data, path=path, encoding=encoding)
    if format not in (None, "text", "template", "markdown"):
        raise InputError(path, f"unsupported input format {format!r}")
    document = read_text(decoded.text, path=path, format=format or "text")
    if decoded.notice:
        document = replace(document, notices=(decoded.notice,))
    return document


def _read_bytes(p: Path, name: str, max_file_size: int | None) -> bytes:
    try:
        if p.is_dir():
            raise InputError(name, "is a directory")
        size = p.stat().st_size
        if max_file_size is not None and size > max_file_size:
            raise InputError(name, f"file is {size:,} bytes, over the {max_file_size:,}-byte "
                                   "limit (max-file-size); not linted")
        return p.read_bytes()
    except FileNotFoundError:
        raise InputError(name, "no such file or directory") from None
    except PermissionError:
        raise InputError(name, "permission denied") from None
    except OSError as exc:
        raise InputError(name, exc.strerror or str(exc)) from None
