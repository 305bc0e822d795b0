"""JSON Lines output: one JSON object per line, for streaming and ``jq``/``grep`` pipelines.

Schema (every line carries ``"type"``):

- a finding, one line each, in report order (path, line, column, code)::

    {"type": "finding", "code": "FA101", "name": "sorry-if-you-feel",
     "category": "fake-apology", "severity": "error", "message": "...", "suggestion": "...",
     "text": "Sorry if you feel", "start": 3, "end": 20, "line": 1, "column": 4,
     "end_line": 1, "end_column": 21, "path": "replies/a.txt", "record": null}

  i.e. ``Finding.to_dict()`` (the objects of the ``json`` format's ``findings``) plus ``type``;
  ``line``/``column`` are 1-based Unicode code points, ``end_line``/``end_column``/``end`` are
  exclusive;
- then an input error, one line each::

    {"type": "error", "path": "replies/b.txt", "message": "not valid UTF-8", "record": "42",
     "line": 7}

  with ``record`` and ``line`` present only when known (the ``json`` format's ``errors``);
- then a notice, one line each: ``{"type": "notice", "path"?, "message"}``.

There is no summary line: count the lines. An empty report writes nothing.
"""

from __future__ import annotations

import json
from typing import TextIO

from . import Report
from .json import error_dict


def write_jsonl(report: Report, stream: TextIO) -> None:
    for f in report.findings:
        stream.write(json.dumps({"type": "finding", **f.to_dict()}, ensure_ascii=False) + "\n")
    for e in report.errors:
        stream.write(json.dumps({"type": "error", **error_dict(e)}, ensure_ascii=False) + "\n")
    for n in report.notices:
        stream.write(json.dumps({"type": "notice", **n.to_dict()}, ensure_ascii=False) + "\n")
