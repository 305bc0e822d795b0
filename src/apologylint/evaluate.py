"""Scoring the linter against a labelled JSONL file: precision, recall, F1 per category.

Scoring is item-level per category (an item is positive for a category when any finding of that
category is reported); the overall figure is micro-averaged over the categories scored.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .categories import CONTENT_CATEGORIES
from .errors import InputError


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "support": self.tp + self.fn,
        }


@dataclass
class Miss:
    id: str
    text: str
    expected: list[str]
    predicted: list[str]
    findings: list[dict[str, Any]]


@dataclass
class Evaluation:
    per_category: dict[str, Score]
    overall: Score
    items: int
    errors: list[Miss] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "items": self.items,
            "overall": self.overall.to_dict(),
            "categories": {c: s.to_dict() for c, s in self.per_category.items()},
            "errors": [m.__dict__ for m in self.errors],
        }


#: Share of items (in percent) that fall in the ``tune`` part of a real labelled set.
TUNE_PERCENT = 70
PARTS = ("tune", "check", "all")


def split_part(item_id: str) -> str:
    """The part of a real labelled set an item belongs to: ``"tune"`` (rules may be tuned by
    reading its misses) or ``"check"`` (looked at only as figures). A fixed hash of the id, so
    the split never changes when items are added or reordered."""
    h = int(hashlib.sha256(item_id.encode("utf-8")).hexdigest(), 16)
    return "tune" if h % 100 < TUNE_PERCENT else "check"


def select_part(items: Sequence[dict[str, Any]], part: str) -> list[dict[str, Any]]:
    """The items of one part (``tune``, ``check``) of a labelled set, or all of them (``all``)."""
    if part not in PARTS:
        raise ValueError(f"part must be one of {', '.join(PARTS)}, not {part!r}")
    if part == "all":
        return list(items)
    return [item for item in items if split_part(str(item["id"])) == part]


def load_items(path: str | Path) -> list[dict[str, Any]]:
    """Read a labelled JSONL file (``text``, ``labels``; ``id`` and ``note`` optional)."""
    items = []
    name = str(path)
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise InputError(name, "no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(name, f"cannot read: {exc}") from None
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(name, f"invalid JSON: {exc.msg}", line=n) from None
        if (
            not isinstance(item, dict)
            or not isinstance(item.get("text"), str)
            or not isinstance(item.get("labels"), list)
        ):
            raise InputError(name, "each line needs 'text' (string) and 'labels' (list)", line=n)
        item.setdefault("id", f"line{n}")
        items.append(item)
    return items


def evaluate_elements(linter: Any, items: Sequence[dict[str, Any]]) -> Evaluation:
    """Item-level precision/recall per recovery element (items carry an ``elements`` list)."""
    from .recovery import ELEMENTS

    def predict(item: dict[str, Any]) -> tuple[set[str], list[dict[str, Any]]]:
        evidence = linter.elements(item["text"])
        shown = [
            {"code": e, "text": ev.text, "line": ev.line}
            for e, evs in sorted(evidence.items())
            for ev in evs
        ]
        return {e for e, ev in evidence.items() if ev}, shown

    return _score(items, ELEMENTS, "elements", predict)


def evaluate(
    linter: Any, items: Sequence[dict[str, Any]], categories: Iterable[str] = CONTENT_CATEGORIES
) -> Evaluation:
    """Item-level precision/recall per category (items carry a ``labels`` list)."""
    findings = iter(linter.lint_many(item["text"] for item in items))

    def predict(item: dict[str, Any]) -> tuple[set[str], list[dict[str, Any]]]:
        found = next(findings)
        return {f.category for f in found}, [
            {"code": f.code, "text": f.text, "line": f.line} for f in found
        ]

    return _score(items, list(categories), "labels", predict)


def _score(
    items: Sequence[dict[str, Any]], names: Sequence[str], key: str, predict: Any
) -> Evaluation:
    scores = {c: Score() for c in names}
    misses: list[Miss] = []
    for item in items:
        predicted_all, shown = predict(item)
        expected = set(item.get(key, [])) & set(names)
        predicted = predicted_all & set(names)
        for c in names:
            if c in predicted and c in expected:
                scores[c].tp += 1
            elif c in predicted:
                scores[c].fp += 1
            elif c in expected:
                scores[c].fn += 1
        if expected != predicted:
            misses.append(
                Miss(str(item["id"]), item["text"], sorted(expected), sorted(predicted), shown)
            )
    overall = Score(
        sum(s.tp for s in scores.values()),
        sum(s.fp for s in scores.values()),
        sum(s.fn for s in scores.values()),
    )
    return Evaluation(scores, overall, len(items), misses)
