"""Scoring the linter against a labelled JSONL file: precision, recall, F1 per category.

Scoring is item-level per category (an item is positive for a category when any finding of that
category is reported); the overall figure is micro-averaged over the categories scored, and the
macro-F1 averages the F1 of the categories with at least ``MACRO_MIN_SUPPORT`` gold items. A
category the linter never predicts scores precision 0 (and one with no gold items recall 0), so an
unused rule set cannot look perfect. Items marked ``good`` with no problem label are counted apart:
such a reply is *flagged* when it gets any finding in a content category.
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
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def support(self) -> int:
        return self.tp + self.fn

    def __add__(self, other: Score) -> Score:
        return Score(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

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
            "support": self.support,
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
    #: items marked ``good`` with no problem label, and how many of them got a content finding
    good_total: int = 0
    good_flagged: list[str] = field(default_factory=list)
    name: str = ""

    @property
    def macro_categories(self) -> list[str]:
        """The categories the macro-F1 averages: those with enough gold items to mean something."""
        return [c for c, s in self.per_category.items() if s.support >= MACRO_MIN_SUPPORT]

    @property
    def macro_f1(self) -> float | None:
        names = self.macro_categories
        if not names:
            return None
        return sum(self.per_category[c].f1 for c in names) / len(names)

    def to_dict(self) -> dict[str, Any]:
        macro = self.macro_f1
        data: dict[str, Any] = {
            "items": self.items,
            "overall": self.overall.to_dict(),
            "macro_f1": None if macro is None else round(macro, 4),
            "macro_categories": self.macro_categories,
            "categories": {c: s.to_dict() for c, s in self.per_category.items()},
            "good": {"flagged": len(self.good_flagged), "total": self.good_total},
            "errors": [m.__dict__ for m in self.errors],
        }
        if self.name:
            data = {"path": self.name, **data}
        return data


def pool(evaluations: Sequence[Evaluation], name: str = "pooled") -> Evaluation:
    """Scores over several labelled files taken together (counts summed, rates recomputed)."""
    names: list[str] = []
    for ev in evaluations:
        names += [c for c in ev.per_category if c not in names]
    per = {c: sum((ev.per_category.get(c, Score()) for ev in evaluations), Score()) for c in names}
    return Evaluation(
        per,
        sum((ev.overall for ev in evaluations), Score()),
        sum(ev.items for ev in evaluations),
        [m for ev in evaluations for m in ev.errors],
        sum(ev.good_total for ev in evaluations),
        [i for ev in evaluations for i in ev.good_flagged],
        name,
    )


#: Categories with fewer gold items than this are left out of the macro-F1 (too few to score).
MACRO_MIN_SUPPORT = 5

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
    good_total = 0
    good_flagged: list[str] = []

    def predict(item: dict[str, Any]) -> tuple[set[str], list[dict[str, Any]]]:
        nonlocal good_total
        found = next(findings)
        predicted = {f.category for f in found}
        if item.get("good") is True and not set(item["labels"]) & set(CONTENT_CATEGORIES):
            good_total += 1
            if predicted & set(CONTENT_CATEGORIES):
                good_flagged.append(str(item["id"]))
        return predicted, [{"code": f.code, "text": f.text, "line": f.line} for f in found]

    result = _score(items, list(categories), "labels", predict)
    result.good_total, result.good_flagged = good_total, good_flagged
    return result


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
    overall = sum(scores.values(), Score())
    return Evaluation(scores, overall, len(items), misses)
