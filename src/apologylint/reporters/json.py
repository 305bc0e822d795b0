"""JSON output: ``{"version": 1, "findings": [...], "errors": [...], "summary": {...}}``."""

from __future__ import annotations

import json
from typing import TextIO

from . import Report

VERSION = 1


def to_dict(report: Report) -> dict[str, object]:
    errors = []
    for e in report.errors:
        entry: dict[str, object] = {"path": e.path, "message": e.reason}
        if e.record is not None:
            entry["record"] = e.record
        if e.line is not None:
            entry["line"] = e.line
        errors.append(entry)
    return {"version": VERSION, "findings": [f.to_dict() for f in report.findings],
            "errors": errors, "summary": report.summary()}


def write_json(report: Report, stream: TextIO) -> None:
    json.dump(to_dict(report), stream, ensure_ascii=False, indent=2)
    stream.write("\n")
