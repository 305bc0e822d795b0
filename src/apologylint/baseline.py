"""Baselines for teams with a large legacy library: record today's findings, report only new ones.

A finding is keyed by its path, record, rule code and matched words (case and whitespace
normalised) — not by its line — so edits elsewhere in a file do not invalidate it; repeated
identical findings are counted.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .errors import ApologylintError
from .findings import Finding

VERSION = 1
Key = tuple[str, str, str, str]


def _key(f: Finding) -> Key:
    path = Path(f.path).as_posix() if f.path else "-"
    return (path, f.record or "", f.code, " ".join(f.text.lower().split()))


def write_baseline(path: str, findings: Iterable[Finding]) -> int:
    counts = Counter(_key(f) for f in findings)
    entries = [
        {"path": k[0], "record": k[1] or None, "code": k[2], "text": k[3], "count": n}
        for k, n in sorted(counts.items())
    ]
    data = {"version": VERSION, "findings": entries}
    try:
        Path(path).write_text(
            json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
    except OSError as exc:
        raise ApologylintError(f"{path}: cannot write baseline: {exc.strerror or exc}") from None
    return sum(counts.values())


@dataclass
class BaselineResult:
    new: list[Finding]
    suppressed: int
    fixed: list[tuple[Key, int]]


def apply_baseline(path: str, findings: list[Finding]) -> BaselineResult:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        remaining = Counter(
            {
                (e["path"], e.get("record") or "", e["code"], e["text"]): int(e.get("count", 1))
                for e in data["findings"]
            }
        )
    except FileNotFoundError:
        raise ApologylintError(
            f"{path}: no such baseline file (create it with --write-baseline)"
        ) from None
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ApologylintError(f"{path}: not a valid baseline file ({exc})") from None
    new = []
    suppressed = 0
    for f in findings:
        k = _key(f)
        if remaining.get(k, 0) > 0:
            remaining[k] -= 1
            suppressed += 1
        else:
            new.append(f)
    fixed = sorted((k, n) for k, n in remaining.items() if n > 0)
    return BaselineResult(new, suppressed, fixed)
