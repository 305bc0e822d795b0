"""JSON output: ``{"version": 1, "findings": [...], "errors": [...], "notices": [...],
"summary": {...}}``; a notice is ``{"path"?, "message"}``."""

from __future__ import annotations

import json
from typing import TextIO

from ..errors import InputError
from . import Report

VERSION = 1


def error_dict(e: InputError) -> dict[str, object]:
    """An input error as ``{"path", "message", "record"?, "line"?}``."""
    entry: dict[str, object] = {"path": e.path, "message": e.reason}
    if e.record is not None:
        entry["record"] = e.record
    if e.line is not None:
        entry["line"] = e.line
    return entry


def to_dict(report: Report) -> dict[str, object]:
    return {
        "version": VERSION,
        "findings": [f.to_dict() for f in report.findings],
        "errors": [error_dict(e) for e in report.errors],
        "notices": [n.to_dict() for n in report.notices],
        "summary": report.summary(),
    }


def write_json(report: Report, stream: TextIO) -> None:
    json.dump(to_dict(report), stream, ensure_ascii=False, indent=2)
    stream.write("\n")
