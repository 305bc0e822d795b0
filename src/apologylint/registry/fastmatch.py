"""A matcher for the simple token patterns that make up nearly every rule, indexed by first word.

spaCy's ``Matcher`` starts a state for every pattern at every token, so its cost grows with
tokens x patterns, and ``IN`` word lists are its slowest predicate: with the built-in rule set it
managed about 46,000 words/s. Rule patterns are simple: literal words or word lists on ``NORM``,
``LOWER``, ``ORTH``/``TEXT``, a few boolean flags, and ``?``, ``*``, ``+`` and ``{n,m}``
operators. This module matches exactly those over the Doc's attribute arrays: a token is tried
only where one of a pattern's possible first words occurs (found with one vectorised lookup),
and each try is a small greedy backtracking walk. Patterns using anything else (``REGEX``,
``LENGTH``, ``!``, ``LEMMA``, extension attributes, a wildcard first token) go to spaCy's own
``Matcher``, so every valid spaCy pattern still works; spaCy still validates every pattern.

Semantics: for each start position, the longest match of each pattern is reported (spaCy would
also report the shorter ones; the linter keeps the longest of overlapping matches anyway).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

_STR_ATTRS = {"NORM": 0, "LOWER": 1, "ORTH": 2, "TEXT": 2}
_FLAG_ATTRS = (
    "IS_PUNCT",
    "IS_ALPHA",
    "IS_DIGIT",
    "LIKE_NUM",
    "IS_TITLE",
    "IS_UPPER",
    "IS_LOWER",
    "IS_SPACE",
    "IS_STOP",
    "IS_ASCII",
    "LIKE_URL",
    "LIKE_EMAIL",
)
_INF = 1 << 30


def _frequent_words() -> tuple[str, ...]:
    """Token norms by frequency in support replies (``frequent_words.txt``, generated from the
    dev corpora by ``bench/frequent_words.py``), plus contraction variants and punctuation."""
    from importlib.resources import files

    text = (files(__package__) / "frequent_words.txt").read_text(encoding="utf-8")
    words = [w for w in text.splitlines() if w and not w.startswith("# ")]
    return tuple(words)


#: Each pattern is keyed by its rarest required word list — the list whose most frequent word is
#: least frequent — and is tried only in Docs that contain one of them.
_FREQUENT = _frequent_words()
_RANK = {w: i for i, w in enumerate(_FREQUENT)}

# A step: (tests, min, max). A test: ("s", column, frozenset_of_hashes, negate) or
# ("f", flag_index, bool) or ("any",).
Step = tuple[tuple[tuple[Any, ...], ...], int, int]


def _repeat(op: Any) -> tuple[int, int] | None:
    if op is None or op == "1":
        return 1, 1
    if op == "?":
        return 0, 1
    if op == "*":
        return 0, _INF
    if op == "+":
        return 1, _INF
    if isinstance(op, str) and op.startswith("{") and op.endswith("}"):
        body = op[1:-1]
        try:
            if "," not in body:
                n = int(body)
                return n, n
            lo, hi = body.split(",", 1)
            return int(lo or 0), int(hi) if hi.strip() else _INF
        except ValueError:
            return None
    return None  # "!" and anything unknown: leave to spaCy


class FastMatcher:
    """Holds compiled simple patterns; ``__call__(doc)`` returns ``(key, start, end)`` tuples."""

    def __init__(self, strings: Any) -> None:
        self._strings = strings
        self._patterns: list[tuple[str, tuple[Step, ...]]] = []
        self._flag_names: list[str] = []
        self._firsts: list[tuple[tuple[int, frozenset[int]], ...]] = []
        self._spans: list[int] = []
        self._rares: list[frozenset[int]] = []
        self._rare_index: dict[int, list[int]] = {}
        self._rare_array: Any = None
        self._required: list[tuple[frozenset[int], ...]] = []

    def __len__(self) -> int:
        return len(self._patterns)

    def __getstate__(self) -> dict[str, Any]:
        # Pickled without the StringStore: hashes are stable, so a cached matcher works with
        # any Vocab once attached.
        state = {k: getattr(self, k) for k in self.__dict__}
        state["_strings"] = None
        state["_rare_array"] = None
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)

    def attach(self, strings: Any) -> None:
        """Use ``strings`` (a Vocab's StringStore) after unpickling."""
        self._strings = strings

    def compile(self, pattern: Sequence[dict[str, Any]]) -> tuple[Step, ...] | None:
        """The compiled steps of ``pattern``, or ``None`` when it is not a simple pattern."""
        steps: list[Step] = []
        for spec in pattern:
            rep = _repeat(spec.get("OP"))
            if rep is None:
                return None
            tests: list[tuple[Any, ...]] = []
            for key, value in spec.items():
                if key == "OP":
                    continue
                if key in _STR_ATTRS:
                    col = _STR_ATTRS[key]
                    lower = key in ("NORM", "LOWER")
                    if isinstance(value, str):
                        tests.append(("s", col, self._hashes([value], lower), False))
                    elif (
                        isinstance(value, dict)
                        and len(value) == 1
                        and ("IN" in value or "NOT_IN" in value)
                    ):
                        ((op, words),) = value.items()
                        if not all(isinstance(w, str) for w in words):
                            return None
                        tests.append(("s", col, self._hashes(words, lower), op == "NOT_IN"))
                    else:
                        return None
                elif key in _FLAG_ATTRS and isinstance(value, bool):
                    if key not in self._flag_names:
                        self._flag_names.append(key)
                    tests.append(("f", self._flag_names.index(key), value))
                else:
                    return None
            steps.append((tuple(tests), rep[0], rep[1]))
        return tuple(steps)

    def _hashes(self, words: Sequence[str], lower: bool) -> frozenset[int]:
        add = self._strings.add
        return frozenset(add(w.lower() if lower else w) for w in words)

    def add(self, key: str, pattern: Sequence[dict[str, Any]]) -> bool:
        """Add ``pattern`` under ``key``; ``False`` (nothing added) if it is not simple or cannot
        be indexed by its first word."""
        steps = self.compile(pattern)
        if steps is None:
            return False
        first: list[tuple[int, frozenset[int]]] = []
        for tests, lo, _hi in steps:
            literal = [t for t in tests if t[0] == "s" and not t[3]]
            if not literal:
                return False  # could start anywhere: leave to spaCy
            first.append((literal[0][1], literal[0][2]))
            if lo >= 1:
                break
        else:
            return False  # every step optional: could match anywhere
        pid = len(self._patterns)
        self._patterns.append((key, steps))
        self._firsts.append(tuple(first))
        self._spans.append(min(sum(min(hi, 8) for _t, _lo, hi in steps), 40))
        rare = self._rarest_required(pattern)
        self._rares.append(rare)
        self._required.append(self._required_sets(pattern))
        for h in rare:
            self._rare_index.setdefault(h, []).append(pid)
        self._rare_array = None
        return True

    def _required_sets(self, pattern: Sequence[dict[str, Any]]) -> tuple[frozenset[int], ...]:
        """Hash sets of the two rarest required literal tokens (a Doc lacking one cannot
        match); checking two keeps the per-Doc filter cheap and does nearly all the work."""
        out: list[tuple[int, frozenset[int]]] = []
        for spec in pattern:
            rep = _repeat(spec.get("OP"))
            if rep is None or rep[0] < 1:
                continue
            for key, value in spec.items():
                if key in _STR_ATTRS:
                    words = (
                        [value]
                        if isinstance(value, str)
                        else (
                            value.get("IN") if isinstance(value, dict) and "IN" in value else None
                        )
                    )
                    if words:
                        rarity = min(_RANK.get(str(w).lower(), len(_FREQUENT)) for w in words)
                        out.append(
                            (
                                rarity,
                                frozenset(
                                    self._strings.add(v)
                                    for w in words
                                    for v in {str(w), str(w).lower()}
                                ),
                            )
                        )
        out.sort(key=lambda item: -item[0])
        return tuple(hashes for _rarity, hashes in out[:2])

    def _rarest_required(self, pattern: Sequence[dict[str, Any]]) -> frozenset[int]:
        """Hashes (in every case form) of the required word list least likely to occur."""
        best: tuple[int, frozenset[str]] | None = None
        for spec in pattern:
            rep = _repeat(spec.get("OP"))
            if rep is None or rep[0] < 1:
                continue
            for key, value in spec.items():
                if key not in _STR_ATTRS:
                    continue
                words = (
                    [value]
                    if isinstance(value, str)
                    else (value.get("IN") if isinstance(value, dict) and "IN" in value else None)
                )
                if not words:
                    continue
                lowered = frozenset(str(w).lower() for w in words)
                rarity = min(_RANK.get(w, len(_FREQUENT)) for w in lowered)
                if best is None or rarity > best[0]:
                    best = (rarity, frozenset(str(w) for w in words) | lowered)
        assert best is not None  # add() found a required literal step
        return frozenset(self._strings.add(w) for w in best[1])

    def _prepare(self) -> None:
        import numpy

        self._rare_array = numpy.array(sorted(self._rare_index), dtype=numpy.uint64)
        self._rare_keys = frozenset(self._rare_index)
        self._first_union = [frozenset(h for _c, hs in f for h in hs) for f in self._firsts]

    def __call__(self, doc: Any) -> list[tuple[str, int, int]]:
        """``(key, start, end)`` for the longest match of each pattern at each start token.

        A pattern is tried only in Docs holding its two rarest required word lists, and only at
        starts where one of its first words stands with its rarest word within reach."""
        if not self._patterns or not len(doc):
            return []
        import numpy
        from spacy import attrs

        if self._rare_array is None:
            self._prepare()
        names = [attrs.NORM, attrs.LOWER, attrs.ORTH]
        names += [getattr(attrs, name) for name in self._flag_names]
        table = doc.to_array(names)
        arr = table[:, :3]
        present = set(arr.ravel().tolist())
        rare_hits = present & self._rare_keys
        if not rare_hits:
            return []
        required = self._required
        active = sorted(
            {
                pid
                for h in rare_hits
                for pid in self._rare_index[h]
                if all(not req.isdisjoint(present) for req in required[pid])
            }
        )
        if not active:
            return []
        wanted = {h for pid in active for h in self._rares[pid] if h in rare_hits}
        rows, columns = numpy.nonzero(
            numpy.isin(arr, numpy.fromiter(wanted, dtype=numpy.uint64, count=len(wanted)))
        )
        cols = table.T.tolist()
        at: dict[int, set[int]] = {}
        for r, c in zip(rows.tolist(), columns.tolist()):
            at.setdefault(cols[c][r], set()).add(r)
        flags = cols[3:] or None
        c0, c1, c2 = cols[0], cols[1], cols[2]
        n = len(c0)
        out: list[tuple[str, int, int]] = []
        for pid in active:
            rare = self._rares[pid]
            anchors = sorted({p for h, ps in at.items() if h in rare for p in ps})
            first = self._first_union[pid]
            span = self._spans[pid]
            key, steps = self._patterns[pid]
            done = -1
            for p in anchors:
                for start in range(max(done + 1, p - span + 1), p + 1):
                    if c0[start] in first or c1[start] in first or c2[start] in first:
                        end = _match(steps, 0, start, cols, flags, n)
                        if end > start:
                            out.append((key, start, end))
                done = p
        return out


def _test(
    tests: tuple[tuple[Any, ...], ...], i: int, cols: list[list[int]], flags: list[list[int]] | None
) -> bool:
    for t in tests:
        if t[0] == "s":
            if (cols[t[1]][i] in t[2]) == t[3]:
                return False
        elif t[0] == "f":
            assert flags is not None
            if bool(flags[t[1]][i]) != t[2]:
                return False
    return True


def _match(
    steps: tuple[Step, ...],
    si: int,
    ti: int,
    cols: list[list[int]],
    flags: list[list[int]] | None,
    n: int,
) -> int:
    """End of the longest match of ``steps[si:]`` starting at token ``ti``, or -1."""
    if si == len(steps):
        return ti
    tests, lo, hi = steps[si]
    count = 0
    ends = [ti] if lo == 0 else []
    j = ti
    while count < hi and j < n and _test(tests, j, cols, flags):
        j += 1
        count += 1
        if count >= lo:
            ends.append(j)
    for end in reversed(ends):  # greedy: most repetitions first
        result = _match(steps, si + 1, end, cols, flags, n)
        if result >= 0:
            return result
    return -1
