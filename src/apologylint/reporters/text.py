"""Text output, for people: ``path:line:col: CODE [severity] message``, a suggestion line, and a
summary line.

With ``color`` (a terminal without ``NO_COLOR``; the CLI decides) each finding is followed by its
source line with the matched words underlined by carets; ``statistics`` adds a count per rule
before the summary; ``quiet`` prints only the summary line (and the statistics, if also asked for).
"""

from __future__ import annotations

import unicodedata
from typing import Any, TextIO

from ..findings import Finding
from . import Report, printable, summary_line

_COLORS = {"error": "\x1b[31m", "warning": "\x1b[33m", "info": "\x1b[36m"}
_BOLD, _DIM, _RESET = "\x1b[1m", "\x1b[2m", "\x1b[0m"


def write_text(
    report: Report,
    stream: TextIO,
    *,
    color: bool = False,
    sources: dict[str, str] | None = None,
    statistics: bool = False,
    quiet: bool = False,
) -> None:
    sources = report.sources if sources is None else sources
    if not quiet:
        for f in report.findings:
            stream.write(_finding(f, color))
            source = sources.get(f.path or "-") if color else None
            if source is not None:
                stream.write(_excerpt(source, f))
    if statistics:
        stream.write(_statistics(report, color))
    stream.write(summary_line(report) + "\n")


def _one_line(text: str) -> str:
    """One finding, one line: line breaks become spaces, control characters (an escape
    sequence pasted into a template) U+FFFD, so nothing can repaint the terminal."""
    if text.isprintable():
        return text
    return printable(" ".join(text.replace("\r\n", "\n").replace("\r", "\n").split("\n")))


def _finding(f: Finding, color: bool) -> str:
    where = _one_line(f.path or "-")
    if where.startswith("::"):
        where = "./" + where  # a file name must not read as a CI workflow command
    if f.record:
        where = f"{where}[{_one_line(f.record)}]"
    sev = f.severity.value
    message, suggestion = _one_line(f.message), _one_line(f.suggestion)
    if color:
        head = (
            f"{_BOLD}{where}:{f.line}:{f.column}:{_RESET} {_BOLD}{f.code}{_RESET} "
            f"{_COLORS[sev]}[{sev}]{_RESET} {message}"
        )
    else:
        head = f"{where}:{f.line}:{f.column}: {f.code} [{sev}] {message}"
    return f"{head}\n    suggestion: {suggestion}\n"


def _statistics(report: Report, color: bool) -> str:
    """One line per rule, most frequent first: count, code, name (like ``ruff --statistics``)."""
    counts: dict[str, list[Any]] = {}  # code -> [count, name]
    for f in report.findings:
        entry = counts.setdefault(f.code, [0, f.name])
        entry[0] += 1
    if not counts:
        return ""
    width = max(len(str(n)) for n, _ in counts.values())
    code_width = max(len(code) for code in counts)
    lines = []
    for code, (n, name) in sorted(counts.items(), key=lambda kv: (-kv[1][0], kv[0])):
        shown = f"{_BOLD}{code:<{code_width}}{_RESET}" if color else f"{code:<{code_width}}"
        lines.append(f"{n:>{width}}  {shown}  {name}\n")
    return "".join(lines)


def _cells(text: str) -> int:
    """Terminal cells ``text`` occupies: wide (CJK, most emoji) 2, combining/format marks and
    emoji skin-tone modifiers 0, everything else 1 — so carets line up under emoji."""
    width = 0
    for ch in text:
        if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
            continue
        if "\U0001f3fb" <= ch <= "\U0001f3ff":
            continue
        width += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return width


def _excerpt(source: str, f: Finding) -> str:
    lines = source.split("\n")  # lines as Document.position counts them: "\n" only
    if not 0 < f.line <= len(lines):
        return ""
    # One cell per tab and per control character keeps the carets under the right code points.
    line = printable(lines[f.line - 1].rstrip("\r").replace("\t", " "))
    end = f.end_column if f.end_line == f.line else len(line) + 1
    before, marked = line[: f.column - 1], line[f.column - 1 : end - 1]
    caret = " " * _cells(before) + "^" * max(1, _cells(marked))
    return (
        f"    {_DIM}|{_RESET} {line}\n"
        f"    {_DIM}|{_RESET} {_COLORS[f.severity.value]}{caret}{_RESET}\n"
    )
