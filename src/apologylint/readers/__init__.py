"""Readers turn a source (a path, bytes or a string) into a ``Document``.

Readers know formats and nothing about rules.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..document import Document
from ..errors import InputError
from ._decode import Decoded, check_unicode, decode
from .plain import read_text

__all__ = [
    "LINTABLE_SUFFIXES",
    "Decoded",
    "decode",
    "is_lintable",
    "read",
    "read_string",
    "read_text",
]

#: Input formats (``--input-format``); chosen by suffix when not given.
FORMATS = (
    "text",
    "markdown",
    "html",
    "email",
    "template",
    "zendesk",
    "freshdesk",
    "helpscout",
    "intercom",
    "json",
    "jsonl",
    "csv",
    "yaml",
)
_BY_SUFFIX = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".eml": "email",
    ".liquid": "template",
    ".hbs": "template",
    ".handlebars": "template",
    ".mustache": "template",
    ".j2": "template",
    ".jinja": "template",
    ".jinja2": "template",
    ".tmpl": "template",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".csv": "csv",
    ".yaml": "yaml",
    ".yml": "yaml",
}
#: Suffixes linted when found in a folder walk (a named file is always read). Collections found
#: in a walk are read only when their shape is recognised (a package.json is not an export).
LINTABLE_SUFFIXES = frozenset(_BY_SUFFIX)

#: Default refusal threshold for one file (``max-file-size`` in config).
DEFAULT_MAX_FILE_SIZE = 10 * 1024 * 1024


def format_for(name: str | None) -> str:
    """The input format a file name implies (``text`` when unknown)."""
    if not name:
        return "text"
    return _BY_SUFFIX.get(Path(name).suffix.lower(), "text")


def is_lintable(path: str | os.PathLike[str]) -> bool:
    return Path(path).suffix.lower() in LINTABLE_SUFFIXES


def read(
    source: str | os.PathLike[str] | bytes,
    format: str | None = None,
    *,
    path: str | None = None,
    encoding: str | None = None,
    max_file_size: int | None = DEFAULT_MAX_FILE_SIZE,
    text_field: str | None = None,
    id_field: str | None = None,
    text_format: str = "auto",
    explicit: bool = True,
) -> Document | None:
    """Read a path (``str``/``PathLike``) or raw ``bytes`` into a ``Document``.

    ``format`` is one of :data:`FORMATS` (default: from the file name's suffix, else ``text``).
    Collections (JSON, JSON Lines, CSV, YAML, helpdesk exports) give one Document whose segments
    are the records. With ``explicit=False`` (a folder walk) a collection of unrecognised shape
    returns ``None``; otherwise it is an error. Raises ``InputError`` for a missing, oversized,
    binary, undecodable or malformed source.
    """
    if isinstance(source, bytes):
        data = source
    else:
        path = path or os.fspath(source)
        data = _read_bytes(Path(source), path, max_file_size)
    if max_file_size is not None and len(data) > max_file_size:
        raise InputError(
            path,
            f"more than {max_file_size:,} bytes, over the limit (max-file-size); not linted",
        )
    fmt = format or format_for(path)
    if fmt not in FORMATS:
        raise InputError(path, f"unknown input format {fmt!r} (one of: {', '.join(FORMATS)})")
    if fmt == "email":
        from .email import read_email

        email = read_email(data, path=path)
        return check_unicode(email) if email is not None else None
    decoded = decode(data, path=path, encoding=encoding)
    text = decoded.text
    if fmt in ("text", "template"):
        document: Document | None = read_text(text, path=path, format=fmt)
    elif fmt == "markdown":
        from .markdown import read_markdown

        document = read_markdown(text, path=path)
    elif fmt == "html":
        from .html import read_html

        document = read_html(text, path=path)
    else:
        from .collection import read_collection

        document = read_collection(
            text,
            path=path,
            format=None if fmt in ("json", "jsonl", "csv", "yaml") and format is None else fmt,
            text_field=text_field,
            id_field=id_field,
            text_format=text_format,
            explicit=explicit,
            syntax=_syntax(fmt, path),
        )
    if document is not None:
        check_unicode(document)
    if document is not None and decoded.notice:
        document = document.with_notice(decoded.notice)
    return document


def read_string(text: str, format: str = "text", *, path: str | None = None) -> Document:
    """Read a draft held in a string (an API caller's, an editor buffer) as ``format``.

    Offsets index ``text`` itself: the string is not re-decoded (a leading BOM stays a
    character), except for ``email``, whose reader parses bytes. A collection format gives one
    Document whose segments are the records. Raises ``InputError`` for an unknown format or a
    malformed collection.
    """
    if format in ("text", "template"):
        return read_text(text, path=path, format=format)
    if format == "markdown":
        from .markdown import read_markdown

        return read_markdown(text, path=path)
    if format == "html":
        from .html import read_html

        return read_html(text, path=path)
    if format not in FORMATS:
        raise InputError(path, f"unknown input format {format!r} (one of: {', '.join(FORMATS)})")
    document = read(text.encode("utf-8", "surrogatepass"), format, path=path, max_file_size=None)
    if document is None:  # only a folder walk gets None; a named input is an error instead
        raise InputError(path, f"not a recognised {format} collection")
    return document


def _syntax(fmt: str, path: str | None) -> str:
    """The file syntax of a collection: json, jsonl, csv or yaml."""
    if fmt in ("json", "jsonl", "csv", "yaml"):
        return fmt
    guessed = format_for(path)
    return guessed if guessed in ("json", "jsonl", "csv", "yaml") else "json"


def _read_bytes(p: Path, name: str, max_file_size: int | None) -> bytes:
    try:
        if p.is_dir():
            raise InputError(name, "is a directory")
        size = p.stat().st_size
        if max_file_size is not None and size > max_file_size:
            raise InputError(
                name,
                f"file is {size:,} bytes, over the {max_file_size:,}-byte "
                "limit (max-file-size); not linted",
            )
        # Never more than the limit + 1 bytes, whatever the size says: a FIFO, /dev/zero or a
        # file growing while read reports 0 or less, and reading on would exhaust memory.
        with open(p, "rb") as f:
            return f.read(-1 if max_file_size is None else max_file_size + 1)
    except FileNotFoundError:
        raise InputError(name, "no such file or directory") from None
    except PermissionError:
        raise InputError(name, "permission denied") from None
    except OSError as exc:
        raise InputError(name, exc.strerror or str(exc)) from None
