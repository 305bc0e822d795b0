"""GitLab Code Quality output (``artifacts:reports:codequality``): a JSON array of issues.

::

    [{"type": "issue", "check_name": "FA101",
      "description": "FA101 sorry-if-you-feel: Conditional apology … [record 42]",
      "content": {"body": "Suggestion: …"},
      "categories": ["Style"], "severity": "major",
      "fingerprint": "3f0c…",
      "location": {"path": "replies/a.txt",
                   "positions": {"begin": {"line": 1, "column": 4},
                                 "end": {"line": 1, "column": 21}}},
      "engine_name": "apologylint"}]

Severity: error → ``major``, warning → ``minor``, info → ``info`` (``critical`` and ``blocker``
are left for problems that break something, which a wording issue does not). Columns are 1-based
Unicode code points, the end exclusive. ``fingerprint`` is stable across runs and unique within a
report (:mod:`.fingerprint`: rule, path, record, matched text, occurrence; no line number).
An input error is an issue with ``check_name`` ``input-error``, severity ``critical`` and the
error's line (1 when unknown).
"""

from __future__ import annotations

import hashlib
import json
from typing import Any, TextIO

from ..findings import Severity
from . import Report, relative_path
from .fingerprint import fingerprints

SEVERITIES = {Severity.ERROR: "major", Severity.WARNING: "minor", Severity.INFO: "info"}


def to_list(report: Report) -> list[dict[str, Any]]:
    issues: list[dict[str, Any]] = []
    for f, fp in zip(report.findings, fingerprints(report.findings)):
        description = f"{f.code} {f.name}: {f.message}"
        if f.record:
            description += f" [record {f.record}]"
        issues.append(
            {
                "type": "issue",
                "check_name": f.code,
                "description": description,
                "content": {"body": f"Suggestion: {f.suggestion}"},
                "categories": ["Style"],
                "severity": SEVERITIES[f.severity],
                "fingerprint": fp,
                "location": {
                    "path": relative_path(f.path),
                    "positions": {
                        "begin": {"line": f.line, "column": f.column},
                        "end": {"line": f.end_line, "column": f.end_column},
                    },
                },
                "engine_name": "apologylint",
            }
        )
    for e in report.errors:
        path = relative_path(e.path)
        key = "\x1f".join(("input-error", path, e.record or "", str(e.line), e.reason))
        description = f"Cannot read: {e.reason}"
        if e.record is not None:
            description += f" [record {e.record}]"
        issues.append(
            {
                "type": "issue",
                "check_name": "input-error",
                "description": description,
                "categories": ["Bug Risk"],
                "severity": "critical",
                "fingerprint": hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[
                    :32
                ],
                "location": {"path": path, "lines": {"begin": e.line or 1}},
                "engine_name": "apologylint",
            }
        )
    return issues


def write_gitlab(report: Report, stream: TextIO) -> None:
    json.dump(to_list(report), stream, ensure_ascii=False, indent=2)
    stream.write("\n")
