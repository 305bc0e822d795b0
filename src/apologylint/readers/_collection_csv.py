"""CSV for the collection reader: rows of cells that know where they stand.

The standard library's ``csv`` module gives no positions, so this is a small tokenizer for the
same dialect (RFC 4180 as Excel writes it, ``csv.excel``): fields separated by the delimiter,
records by ``\\r\\n``, ``\\n`` or ``\\r``; a field that starts with ``"`` is quoted, may hold
delimiters and line breaks, and writes a quote as ``""``. Like ``csv.reader``, text after a
closing quote is kept literally and a stray quote inside an unquoted field is an ordinary
character; blank lines are skipped. An unterminated quoted field is an error. Each cell is a
:class:`LocStr` whose characters map to the cell's own characters in the file (a ``""`` maps to
both quotes).
"""

from __future__ import annotations

from ._collection_json import CharMap, LocStr

DELIMITERS = (",", ";", "\t", "|")


class CSVSyntaxError(ValueError):
    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.message = message
        self.line = line

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), (self.message, self.line))


class Row(list):  # type: ignore[type-arg]
    """The cells of one record, and the 1-based line it starts on."""

    line: int


def sniff_delimiter(source: str) -> str:
    """The delimiter of the header line (outside quotes): the most frequent of
    :data:`DELIMITERS`, ``,`` on a tie or when none occurs."""
    counts = dict.fromkeys(DELIMITERS, 0)
    quoted = False
    for ch in source:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in "\r\n":
            break
        elif not quoted and ch in counts:
            counts[ch] += 1
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] > counts[","] else ","


def load_csv(source: str, delimiter: str | None = None) -> list[Row]:
    """Every non-blank record of ``source`` as a :class:`Row` of :class:`LocStr` cells."""
    delim = delimiter or sniff_delimiter(source)
    stops = delim + "\r\n"
    n = len(source)
    rows: list[Row] = []
    pos = 0
    line = 1
    while pos < n:
        if source[pos] in "\r\n":  # a blank line
            pos += 2 if source.startswith("\r\n", pos) else 1
            line += 1
            continue
        row = Row()
        row.line = line
        while True:
            start = pos
            if pos < n and source[pos] == '"':
                pieces: list[tuple[int, int, int]] = []  # (source start, end, decoded length)
                j = pos + 1
                while True:
                    k = source.find('"', j)
                    if k == -1:
                        raise CSVSyntaxError('unterminated quoted field (no closing ")', line)
                    if k > j:
                        pieces.append((j, k, k - j))
                    if source.startswith('""', k):
                        pieces.append((k, k + 2, 1))
                        j = k + 2
                        continue
                    j = k + 1
                    break
                k = j
                while k < n and source[k] not in stops:
                    k += 1
                if k > j:
                    pieces.append((j, k, k - j))
                text = "".join(
                    '"' if length == 1 and e - s == 2 else source[s:e] for s, e, length in pieces
                )
                line += source.count("\n", pos, k) + _lone_crs(source, pos, k)
                row.append(LocStr(text, start, k, _piece_mapper(pieces)))
                pos = k
            else:
                k = pos
                while k < n and source[k] not in stops:
                    k += 1
                row.append(LocStr(source[pos:k], pos, k, _identity))
                pos = k
            if pos < n and source[pos] == delim:
                pos += 1
                continue
            if pos < n:  # a record ends
                pos += 2 if source.startswith("\r\n", pos) else 1
                line += 1
            break
        rows.append(row)
    return rows


def _lone_crs(source: str, start: int, end: int) -> int:
    """Line breaks written as a lone ``\\r`` (old Mac files) between start and end."""
    if "\r" not in source[start:end]:
        return 0
    return source.count("\r", start, end) - source.count("\r\n", start, end)


def _identity(value: LocStr) -> CharMap:
    return list(range(value.start, value.end)), list(range(value.start + 1, value.end + 1))


def _piece_mapper(pieces: list[tuple[int, int, int]]):  # type: ignore[no-untyped-def]
    def mapper(value: LocStr) -> CharMap:
        starts: list[int] = []
        ends: list[int] = []
        for s, e, length in pieces:
            if length == e - s:
                starts.extend(range(s, e))
                ends.extend(range(s + 1, e + 1))
            else:
                starts.append(s)
                ends.append(e)
        return starts, ends

    return mapper
