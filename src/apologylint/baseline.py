"""Baselines for teams with a large legacy library: record today's findings, report only new ones.

A finding is keyed by its path, record, rule code and matched words (case and whitespace
normalised) — not by its line — so edits elsewhere in a file do not invalidate it; repeated
identical findings are counted. A finding whose rule now matches a little more or less around the
same words (a pack grew a pattern, a guard trimmed a span) still matches its entry, and an entry
recorded under a retired or renamed code matches the code(s) that replaced it, with a notice.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .aliases import builtin_aliases
from .errors import ApologylintError
from .findings import Finding

VERSION = 1
Key = tuple[str, str, str, str]


def _key(f: Finding) -> Key:
    path = Path(f.path).as_posix() if f.path else "-"
    return (path, f.record or "", f.code, " ".join(f.text.lower().split()))


def write_baseline(path: str, findings: Iterable[Finding], *, linted: Iterable[str] = ()) -> int:
    """Record ``findings`` in ``path``. Refuses (``ApologylintError``) to overwrite a file that
    is not a baseline, or one of the ``linted`` inputs: a slip of the command line must not
    destroy a draft."""
    _check_target(path, linted)
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


def _check_target(path: str, linted: Iterable[str]) -> None:
    target = Path(path)
    if not target.exists():
        return
    resolved = target.resolve()
    if any(Path(p).resolve() == resolved for p in linted if p != "-"):
        raise ApologylintError(
            f"{path}: is one of the files being checked; not overwritten with a baseline"
        )
    try:
        data = json.loads(target.read_text(encoding="utf-8"))
        ok = isinstance(data, dict) and isinstance(data.get("findings"), list) and "version" in data
    except (OSError, ValueError):
        ok = False
    if not ok:
        raise ApologylintError(
            f"{path}: exists and is not an apologylint baseline; not overwritten (remove it or "
            "choose another file name)"
        )


@dataclass
class BaselineResult:
    new: list[Finding]
    suppressed: int
    fixed: list[tuple[Key, int]]
    #: e.g. entries recorded under a retired code (read as its new codes)
    notices: list[str] = field(default_factory=list)


_WORD = re.compile(r"[^\W_]+")


@dataclass
class _Entry:
    key: Key
    codes: tuple[str, ...]  # the entry's code, or the codes a retired one now stands for
    words: tuple[str, ...]
    left: int


def _words(text: str) -> tuple[str, ...]:
    return tuple(_WORD.findall(text.lower()))


def _common_run(a: tuple[str, ...], b: tuple[str, ...]) -> int:
    """The length of the longest run of words the two spans share."""
    best = 0
    for i in range(len(a)):
        for j in range(len(b)):
            n = 0
            while i + n < len(a) and j + n < len(b) and a[i + n] == b[j + n]:
                n += 1
            best = max(best, n)
    return best


def _drift(a: tuple[str, ...], b: tuple[str, ...]) -> int:
    """How well a recorded span and a new one name the same words (0: not the same finding).
    One inside the other — the span grew or shrank around the words — or, when it moved at
    both ends, a shared run of at least two words and most of the shorter span."""
    if not a or not b:
        return 0
    n = _common_run(a, b)
    shorter = min(len(a), len(b))
    if n == shorter or (n >= 2 and 2 * n > shorter):
        return n
    return 0


def apply_baseline(path: str, findings: list[Finding]) -> BaselineResult:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        counts = Counter(
            {
                (e["path"], e.get("record") or "", e["code"], e["text"]): int(e.get("count", 1))
                for e in data["findings"]
            }
        )
    except FileNotFoundError:
        raise ApologylintError(
            f"{path}: no such baseline file (create it with --write-baseline)"
        ) from None
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise ApologylintError(f"{path}: not a valid baseline file ({exc})") from None
    aliases = builtin_aliases()
    notices = []
    for old in sorted({k[2] for k in counts} & aliases.keys()):
        notices.append(aliases[old].notice(f"the baseline {path}"))
    # entries by (path, record): the only ones a finding can match
    entries: dict[tuple[str, str], list[_Entry]] = {}
    for k, n in counts.items():
        codes = aliases[k[2]].new if k[2] in aliases else (k[2],)
        entries.setdefault(k[:2], []).append(_Entry(k, codes, _words(k[3]), n))
    pending: list[tuple[int, Finding, list[_Entry]]] = []
    kept: dict[int, Finding] = {}
    suppressed = 0
    for i, f in enumerate(findings):
        k = _key(f)
        candidates = [e for e in entries.get(k[:2], ()) if f.code in e.codes]
        exact = next((e for e in candidates if e.key[3] == k[3] and e.left > 0), None)
        if exact is not None:
            exact.left -= 1
            suppressed += 1
        else:
            kept[i] = f
            if candidates:
                pending.append((i, f, candidates))
    # second pass, once every exact match has taken its entry: spans that drifted
    for i, f, candidates in pending:
        words = _words(f.text)
        scored = [(_drift(e.words, words), e) for e in candidates if e.left > 0]
        best = max(scored, key=lambda t: t[0], default=(0, None))
        if best[1] is not None and best[0] > 0:
            best[1].left -= 1
            suppressed += 1
            del kept[i]
    fixed = sorted((e.key, e.left) for es in entries.values() for e in es if e.left > 0)
    return BaselineResult([kept[i] for i in sorted(kept)], suppressed, fixed, notices)
