"""Text output: ``path:line:col: CODE [severity] message``, a suggestion line, a summary."""

from __future__ import annotations

from typing import TextIO

from ..findings import Finding
from . import Report

_COLORS = {"error": "\x1b[31m", "warning": "\x1b[33m", "info": "\x1b[36m"}
_BOLD, _DIM, _RESET = "\x1b[1m", "\x1b[2m", "\x1b[0m"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def write_text(report: Report, stream: TextIO, *, color: bool = False,
               sources: dict[str, str]) -> None:
    for f in report.findings:
        where = f.path or "-"
        if f.record:
            where = f"{where}[{f.record}]"
        sev = f.severity.value
        if color:
            head = (f"{_BOLD}{where}:{f.line}:{f.column}:{_RESET} {_BOLD}{f.code}{_RESET} "
                    f"{_COLORS[sev]}[{sev}]{_RESET} {f.message}")
        else:
            head = f"{where}:{f.line}:{f.column}: {f.code} [{sev}] {f.message}"
        stream.write(head + "\n")
        stream.write(f"    suggestion: {f.suggestion}\n")
        source = sources.get(f.path or "-") if color else None
        if source is not None:
            stream.write(_excerpt(source, f))
    c = report.counts()
    files = report.files
    stream.write(
        f"Found {_plural(len(report.findings), 'problem')} ({_plural(c['error'], 'error')}, "
        f"{_plural(c['warning'], 'warning')}, {c['info']} info) in {_plural(files, 'file')}.\n"
    )


def _excerpt(source: str, f: Finding) -> str:
    lines = source.splitlines()
    if not 0 < f.line <= len(lines):
        return ""
    line = lines[f.line - 1].expandtabs(1)
    width = (f.end_column - f.column) if f.end_line == f.line else len(line) - f.column + 1
    caret = " " * (f.column - 1) + "^" * max(1, width)
    return f"    {_DIM}|{_RESET} {line}\n    {_DIM}|{_RESET} {_COLORS[f.severity.value]}{caret}{_RESET}\n"
