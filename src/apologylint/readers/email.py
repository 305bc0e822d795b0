"""E-mail drafts (``.eml``, RFC 5322 / MIME): the body the recipient reads, and the Subject.

The standard library's ``email`` package parses the message (``BytesParser`` with
``policy.default``; ``get_body(preferencelist=("plain", "html"))`` picks the ``text/plain`` part,
else the ``text/html`` one). To report positions in the file, the MIME tree is also walked on the
raw bytes, in step with the parsed tree, so the chosen part's encoded body is located exactly.
The body is then decoded here with a map back to the file:

* 7bit / 8bit / binary — every character maps to its own bytes in the file;
* quoted-printable — a decoded character maps to its ``=XX`` escape(s) or literal byte, and soft
  line breaks (``=`` at the end of a line) vanish;
* base64 — a decoded character maps to the 4-character group(s) it was encoded in.

``Document.source`` is the whole file, decoded as the plain-text reader would (so a finding's line
and column point into the file). Headers are not linted, except ``Subject``: RFC 2047 encoded
words are decoded (each decoded character maps to its encoded word) and the subject is a segment
of its own, reported at its header line. Quoted earlier messages and signatures are blanked by the
shared detector in :mod:`.quotes` (for an HTML body, after the HTML reader left out the
quoted-reply containers).

A malformed message — no headers (not an e-mail at all), no text body, an undecodable body — is
one ``InputError`` with a one-line reason.
"""

from __future__ import annotations

import binascii
import bisect
import codecs
import re
from collections.abc import Sequence
from email import policy
from email.message import EmailMessage, MIMEPart
from email.parser import BytesParser

from ..directives import Directive, find_directives
from ..document import Document, Segment, SegmentBuilder
from ..errors import InputError
from . import quotes, templates
from ._decode import decode
from .html import html_segments

#: Header names of which at least one must open a file for it to be read as an e-mail.
_KNOWN_HEADERS = frozenset(
    {
        "from",
        "to",
        "cc",
        "bcc",
        "subject",
        "date",
        "message-id",
        "mime-version",
        "content-type",
        "received",
        "return-path",
        "delivered-to",
        "reply-to",
        "sender",
        "in-reply-to",
        "references",
        "x-mailer",
        "user-agent",
        "content-transfer-encoding",
        "x-original-to",
        "thread-topic",
    }
)
_QP_TOKEN = re.compile(rb"=[ \t]*\r?\n|=[0-9A-Fa-f]{2}")
_ENCODED_WORD = re.compile(r"=\?([^?\s]+)\?([QqBb])\?([^?\s]*)\?=")
_BLANK_LINE = re.compile(rb"\n\r?\n")


class _Map:
    """Byte offsets of the raw file to character offsets of the decoded source."""

    def __init__(self, data: bytes, text: str, encoding: str, path: str | None) -> None:
        self.bom = 0
        self.starts: list[int] = []  # byte offset of each multi-byte character
        self.lengths: list[int] = []  # its length in bytes
        self.extra: list[int] = []  # bytes beyond one per character, up to and including it
        if encoding in ("utf-8", "utf-8-sig"):
            self.bom = 1 if data.startswith(codecs.BOM_UTF8) else 0
            total = 0
            for m in re.finditer(rb"[\xc0-\xff][\x80-\xbf]*", data):
                length = m.end() - m.start()
                total += length - 1
                self.starts.append(m.start())
                self.lengths.append(length)
                self.extra.append(total)
        elif len(text) != len(data):
            raise InputError(
                path,
                f"an e-mail file in {encoding} is not supported (UTF-8 or a "
                "single-byte encoding only)",
            )

    def __call__(self, byte: int) -> int:
        k = bisect.bisect_right(self.starts, byte) - 1
        if k < 0:
            char = byte
        elif byte < self.starts[k] + self.lengths[k]:
            char = self.starts[k] - (self.extra[k - 1] if k else 0)
        else:
            char = byte - self.extra[k]
        return max(0, char - self.bom)


def read_email(data: bytes, *, path: str | None = None) -> Document:
    """Read an ``.eml`` file's bytes into a ``Document`` (Subject and body segments)."""
    decoded = decode(data, path=path)
    source = decoded.text
    notices = [decoded.notice] if decoded.notice else []
    to_char = _Map(data, source, decoded.encoding, path)
    skip = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
    try:
        msg = BytesParser(policy=policy.default).parsebytes(data[skip:])
    except Exception as exc:  # the parser is lenient; anything it raises means unreadable input
        raise InputError(
            path, "not a readable e-mail message: " + " ".join(str(exc).split())
        ) from None
    if not isinstance(msg, EmailMessage) or not any(k.lower() in _KNOWN_HEADERS for k in msg):
        raise InputError(
            path,
            "not an e-mail message: no RFC 5322 headers (From:, Subject:, "
            "Content-Type: …) at the top of the file",
        )
    try:
        body = msg.get_body(preferencelist=("plain", "html"))
        if body is None:
            raise InputError(path, "no text/plain or text/html body to lint")
        spans: dict[int, tuple[int, int]] = {}
        _walk(data, msg, skip, len(data), spans)
        span = spans.get(id(body))
        if span is None:
            raise InputError(path, "malformed MIME structure: the body part cannot be located")
        raw_start, raw_end = span
        cte = str(body.get("Content-Transfer-Encoding", "7bit")).strip().lower()
        payload, byte_starts, byte_ends = _transfer_decode(data, raw_start, raw_end, cte)
        charset = body.get_content_charset() or "us-ascii"
        text, char_starts, char_ends, notice = _charset_decode(
            payload, byte_starts, byte_ends, charset, path, body.get_content_type()
        )
    except InputError:
        raise
    except Exception as exc:  # a header or MIME structure the email package chokes on
        raise InputError(path, "malformed MIME structure: " + " ".join(str(exc).split())) from None
    directives = tuple(find_directives(source))
    if notice:
        notices.append(notice)
    if not text.strip():
        raise InputError(path, f"the {body.get_content_type()} body is empty")
    starts = [to_char(b) for b in char_starts]
    ends = [to_char(b) for b in char_ends]

    segments: list[Segment] = []
    subject = _subject_segment(source, directives)
    if subject is not None:
        segments.append(subject)
    if body.get_content_type() == "text/html":
        segments.extend(
            html_segments(text, starts=starts, ends=ends, directives=directives, path=path)
        )
    else:
        segments.append(_plain_segment(text, starts, ends, directives))
    return Document(
        source=source,
        segments=tuple(segments),
        path=path,
        format="email",
        notices=tuple(notices),
        directives=directives,
    )


# --- the raw MIME tree ---------------------------------------------------------------------


def _body_start(data: bytes, start: int, end: int) -> int:
    """Where the body of the entity ``data[start:end]`` begins (after its header block)."""
    if data.startswith(b"\r\n", start):
        return start + 2
    if data.startswith(b"\n", start):
        return start + 1
    m = _BLANK_LINE.search(data, start, end)
    return m.end() if m else end


def _walk(
    data: bytes, part: MIMEPart, start: int, end: int, spans: dict[int, tuple[int, int]]
) -> None:
    """Record, for each leaf part (by ``id``), the byte span of its encoded body."""
    body = _body_start(data, start, end)
    if not part.is_multipart():
        spans[id(part)] = (body, end)
        return
    children = (
        list(part.iter_parts())
        if part.get_content_maintype() == "multipart"
        else list(part.get_payload())
    )
    if part.get_content_maintype() != "multipart":  # message/rfc822: one embedded message
        if len(children) == 1:
            _walk(data, children[0], body, end, spans)
        return
    boundary = part.get_boundary()
    if not boundary:
        return
    delimiter = re.compile(
        rb"^--" + re.escape(boundary.encode("ascii", "surrogateescape")) + rb"(--)?[ \t]*\r?$",
        re.MULTILINE,
    )
    child_spans: list[tuple[int, int]] = []
    child_start: int | None = None
    for m in delimiter.finditer(data, body, end):
        if child_start is not None:
            child_end = m.start()
            if child_end > child_start and data[child_end - 1 : child_end] == b"\n":
                child_end -= 2 if data[child_end - 2 : child_end] == b"\r\n" else 1
            child_spans.append((child_start, max(child_start, child_end)))
        if m.group(1):
            child_start = None
            break
        nl = data.find(b"\n", m.end(), end)
        child_start = end if nl == -1 else nl + 1
    if child_start is not None:
        child_spans.append((child_start, end))
    if len(child_spans) != len(children):
        return
    for child, (s, e) in zip(children, child_spans, strict=True):
        _walk(data, child, s, e, spans)


# --- transfer and charset decoding with maps -----------------------------------------------


def _transfer_decode(
    data: bytes, start: int, end: int, cte: str
) -> tuple[bytes, list[int], list[int]]:
    """Decoded bytes of ``data[start:end]`` and, per byte, its span of encoded bytes."""
    if cte == "quoted-printable":
        return _qp_decode(data, start, end)
    if cte == "base64":
        return _b64_decode(data, start, end)
    return data[start:end], list(range(start, end)), list(range(start + 1, end + 1))


def _qp_decode(data: bytes, start: int, end: int) -> tuple[bytes, list[int], list[int]]:
    out = bytearray()
    starts: list[int] = []
    ends: list[int] = []
    pos = start
    for m in _QP_TOKEN.finditer(data, start, end):
        if m.start() > pos:
            out += data[pos : m.start()]
            starts.extend(range(pos, m.start()))
            ends.extend(range(pos + 1, m.start() + 1))
        token = m.group()
        if token[1:2] not in (b" ", b"\t", b"\r", b"\n"):
            out.append(int(token[1:3], 16))
            starts.append(m.start())
            ends.append(m.end())
        pos = m.end()
    if pos < end:
        out += data[pos:end]
        starts.extend(range(pos, end))
        ends.extend(range(pos + 1, end + 1))
    return bytes(out), starts, ends


_B64_CHAR = re.compile(rb"[A-Za-z0-9+/=]")


def _b64_decode(data: bytes, start: int, end: int) -> tuple[bytes, list[int], list[int]]:
    out = bytearray()
    starts: list[int] = []
    ends: list[int] = []
    group: list[int] = []
    for m in _B64_CHAR.finditer(data, start, end):
        group.append(m.start())
        if len(group) == 4:
            quantum = bytes(data[i] for i in group)
            try:
                decoded = binascii.a2b_base64(quantum)
            except binascii.Error:
                decoded = b""
            out += decoded
            starts.extend([group[0]] * len(decoded))
            ends.extend([group[-1] + 1] * len(decoded))
            group = []
            if quantum.endswith(b"="):
                break
    return bytes(out), starts, ends


def _charset_decode(
    payload: bytes,
    starts: Sequence[int],
    ends: Sequence[int],
    charset: str,
    path: str | None,
    content_type: str,
) -> tuple[str, list[int], list[int], str | None]:
    """Decode ``payload`` to text; per character, the byte span it came from."""
    notice = None
    name = _codec(charset)
    candidates = [name] if name else []
    if name in (None, "ascii"):  # undeclared 8-bit text: UTF-8, else cp1252 (as for files)
        candidates += ["utf-8", "cp1252"]
    elif name == "utf-8":
        candidates.append("cp1252")
    text = None
    used = None
    for candidate in candidates:
        try:
            text = payload.decode(candidate)
            used = candidate
            break
        except UnicodeDecodeError:
            continue
    if text is None or used is None:
        also = " (nor cp1252)" if "cp1252" in candidates else ""
        raise InputError(path, f"the {content_type} body is not valid {charset}{also}")
    if name is None:
        notice = f"unknown charset {charset!r} in the {content_type} part; read as {used}"
    elif used != name and used == "cp1252":
        notice = f"the {content_type} part is not valid {charset}; read as cp1252"
    char_starts, char_ends = _char_spans(payload, text, used, starts, ends)
    return text, char_starts, char_ends, notice


def _codec(charset: str) -> str | None:
    try:
        name = codecs.lookup(charset.strip().strip('"').lower()).name
    except (LookupError, ValueError):
        return None
    return "ascii" if name in ("ascii", "us-ascii") else name


def _char_spans(
    payload: bytes, text: str, codec: str, starts: Sequence[int], ends: Sequence[int]
) -> tuple[list[int], list[int]]:
    """For each character of ``text`` (``payload`` decoded with ``codec``), its span, built
    from the per-byte spans ``starts``/``ends``."""
    if len(text) == len(payload):
        return list(starts), list(ends)
    char_starts: list[int] = []
    char_ends: list[int] = []
    if codec in ("utf-8", "utf-8-sig"):
        i = 0
        n = len(payload)
        if codec == "utf-8-sig" and payload.startswith(codecs.BOM_UTF8):
            i = 3
        while i < n:
            b = payload[i]
            length = 1 if b < 0xC0 else 2 if b < 0xE0 else 3 if b < 0xF0 else 4
            j = min(n, i + length)
            char_starts.append(starts[i])
            char_ends.append(ends[j - 1])
            i = j
        if len(char_starts) == len(text):
            return char_starts, char_ends
        char_starts, char_ends = [], []
    decoder = codecs.getincrementaldecoder(codec)()
    first = 0
    for i in range(len(payload)):
        out = decoder.decode(payload[i : i + 1])
        for _ in out:
            char_starts.append(starts[first])
            char_ends.append(ends[i])
        if out:
            first = i + 1
    for _ in decoder.decode(b"", final=True):
        char_starts.append(starts[min(first, len(starts) - 1)] if starts else 0)
        char_ends.append(ends[-1] if ends else 0)
    if len(char_starts) != len(text):  # should not happen; keep positions safe
        last = ends[-1] if ends else 0
        char_starts = (char_starts + [last] * len(text))[: len(text)]
        char_ends = (char_ends + [last] * len(text))[: len(text)]
    return char_starts, char_ends


# --- segments ------------------------------------------------------------------------------


def _plain_segment(
    text: str, starts: list[int], ends: list[int], directives: Sequence[Directive]
) -> Segment:
    lintable = quotes.blank(templates.mask(text), quotes.hidden_ranges(text))
    lintable = lintable.replace("\r", " ")  # so that "\r\n\r\n" reads as a blank line
    if directives:
        lintable = _blank_at(lintable, starts, directives)
    identity = bool(starts) and all(
        s == starts[0] + i and e == s + 1 for i, (s, e) in enumerate(zip(starts, ends, strict=True))
    )
    if identity:
        return Segment(lintable, starts[0])
    return Segment(lintable, starts[0] if starts else 0, tuple(starts), tuple(ends))


def _blank_at(text: str, starts: Sequence[int], directives: Sequence[Directive]) -> str:
    chars = list(text)
    for k, pos in enumerate(starts):
        if chars[k] != "\n" and any(d.start <= pos < d.end for d in directives):
            chars[k] = " "
    return "".join(chars)


def _subject_segment(source: str, directives: Sequence[Directive]) -> Segment | None:
    """The Subject header's value, decoded, mapped to its place in the header block."""
    m = re.search(r"\n\r?\n", source)
    header_end = m.start() + 1 if m else len(source)
    if source.startswith(("\n", "\r\n")):
        return None
    found = re.search(r"(?im)^subject[ \t]*:[ \t]*", source[:header_end])
    if not found:
        return None
    start = found.end()
    end = start
    while True:
        nl = source.find("\n", end, header_end)
        if nl == -1:
            end = header_end
            break
        if nl + 1 < header_end and source[nl + 1] in " \t":
            end = nl + 1
            continue
        end = nl
        break
    value_end = end - 1 if end > start and source[end - 1] == "\r" else end
    builder = SegmentBuilder()
    pos = start
    previous_word_end: int | None = None
    for word in _ENCODED_WORD.finditer(source, start, value_end):
        between = source[pos : word.start()]
        if not (previous_word_end == pos and not between.strip()):  # blanks between words drop
            _add_unfolded(builder, between, pos)
        builder.add(_decode_word(word), word.start(), word.end())
        pos = previous_word_end = word.end()
    _add_unfolded(builder, source[pos:value_end], pos)
    if not builder.text.strip():
        return None
    seg = builder.build()
    text = templates.mask(seg.text)
    if directives:
        text = _blank_at(text, seg.starts or (), directives)
    return Segment(text, seg.offset, seg.starts, seg.ends)


def _add_unfolded(builder: SegmentBuilder, text: str, at: int) -> None:
    """Add header text, leaving out the line breaks of folded lines."""
    pos = 0
    for m in re.finditer(r"\r?\n", text):
        builder.add(text[pos : m.start()], at + pos, at + m.start())
        pos = m.end()
    builder.add(text[pos:], at + pos, at + len(text))


def _decode_word(word: re.Match[str]) -> str:
    charset, encoding, payload = word.group(1), word.group(2).upper(), word.group(3)
    charset = charset.split("*", 1)[0]  # RFC 2231 language suffix
    try:
        if encoding == "B":
            raw = binascii.a2b_base64(payload + "=" * (-len(payload) % 4))
        else:
            raw = re.sub(
                rb"=([0-9A-Fa-f]{2})",
                lambda m: bytes([int(m.group(1), 16)]),
                payload.replace("_", " ").encode("ascii", "replace"),
            )
        return raw.decode(_codec(charset) or "utf-8", errors="replace")
    except (binascii.Error, LookupError, ValueError):
        return word.group()
