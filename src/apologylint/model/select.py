"""Choosing the model's thresholds, and the ablation that decides whether it is on by default.

``python -m apologylint.model.select`` scores every reply of the real development sets three
ways — rules only, model only, rules and model — at the document level (a reply is flagged for a
category when any finding has it). Thresholds are chosen per category by 5-fold cross-validation
on the sets' *tune* parts (the fold of a reply is a fixed hash of its id): on four folds pick the
threshold with the best rules+model F1 whose precision stays at or above the floor, report the
fifth. The shipped thresholds are then chosen on all tune folds and measured, untouched, on the
*check* parts and on ``corpus/test.jsonl``. The model is on by default only if it raises macro-F1
by at least 0.05 on the held-out folds and on the check parts, keeps every category's precision at
or above 0.80 and flags at most 2 good replies. Only figures are printed and written
(``thresholds.json``), never a reply's text.
"""

from __future__ import annotations

import argparse
import builtins
import hashlib
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..evaluate import MACRO_MIN_SUPPORT, Score, load_items, split_part
from . import LABELS, THRESHOLDS_FILE

GRID = (0.03, 0.05, 0.08, *(round(0.10 + 0.05 * i, 2) for i in range(18)))  # 0.03 … 0.95
OFF = 1.01  # a threshold no probability reaches: the model says nothing for that category
PRECISION_FLOOR = 0.80
MIN_GAIN = 0.05
MAX_GOOD_FLAGGED = 2
FOLDS = 5
REAL_SETS = ("twcs-dev.jsonl", "templates-dev.jsonl")


@dataclass(frozen=True)
class Scored:
    """One labelled reply: gold labels, the rules' categories and the model's best scores."""

    id: str
    set: str
    gold: frozenset[str]
    good: bool
    rules: frozenset[str]
    model: dict[str, float]

    def fold(self) -> int:
        return int(hashlib.sha256(self.id.encode("utf-8")).hexdigest(), 16) % FOLDS

    # builtins.set: inside this class ``set`` names the field above
    def predicted(self, mode: str, thresholds: dict[str, float]) -> builtins.set[str]:
        by_model = {c for c in LABELS if self.model.get(c, 0.0) >= thresholds.get(c, OFF)}
        if mode == "rules":
            return set(self.rules)
        if mode == "model":
            return by_model
        return set(self.rules) | by_model


def score_items(items: Sequence[dict[str, Any]], name: str) -> list[Scored]:
    """Rules (model off) and raw model scores for each item, read as the linter reads it."""
    from ..linter import Linter
    from ..train import item_windows
    from . import Classifier

    linter = Linter(model=False)
    classifier = Classifier.shared()
    out = []
    texts = [str(item["text"]) for item in items]
    for item, findings in zip(items, linter.lint_many(texts)):
        wins = [w for w, _ in item_windows(str(item["text"]))]
        best = dict.fromkeys(LABELS, 0.0)
        for row in classifier.scores(wins):
            for c in LABELS:
                best[c] = max(best[c], row.get(c, 0.0))
        out.append(
            Scored(
                id=str(item["id"]),
                set=name,
                gold=frozenset(item.get("labels", ())) & frozenset(LABELS),
                good=bool(item.get("good")),
                rules=frozenset(f.category for f in findings) & frozenset(LABELS),
                model=best,
            )
        )
    return out


def tally(items: Sequence[Scored], mode: str, thresholds: dict[str, float]) -> dict[str, Any]:
    """Per-category scores, macro-F1 over categories with enough gold, good replies flagged."""
    scores = {c: Score() for c in LABELS}
    good_flagged = good_total = 0
    for it in items:
        pred = it.predicted(mode, thresholds)
        for c in LABELS:
            if c in pred and c in it.gold:
                scores[c].tp += 1
            elif c in pred:
                scores[c].fp += 1
            elif c in it.gold:
                scores[c].fn += 1
        if it.good and not it.gold:
            good_total += 1
            good_flagged += bool(pred)
    macro_cats = [c for c in LABELS if scores[c].support >= MACRO_MIN_SUPPORT]
    macro = sum(scores[c].f1 for c in macro_cats) / len(macro_cats) if macro_cats else 0.0
    return {
        "scores": scores,
        "macro_f1": macro,
        "macro_categories": macro_cats,
        "good_flagged": good_flagged,
        "good_total": good_total,
    }


def choose(items: Sequence[Scored], mode: str = "both") -> dict[str, float]:
    """Per category, the threshold with the best F1 of ``mode``: for rules+model at precision
    >= the floor, ``OFF`` where none beats rules alone; for the model alone (the ablation), the
    best F1 whatever its precision, so the table shows what the model can do by itself."""
    chosen: dict[str, float] = {}
    for c in LABELS:
        best_t = OFF
        best_f1 = tally(items, "rules", {})["scores"][c].f1 if mode == "both" else 0.0
        for t in GRID:
            s = tally(items, mode, {c: t})["scores"][c]
            floor = PRECISION_FLOOR if mode == "both" else 0.0
            if s.precision >= floor and s.f1 > best_f1 + 1e-9:
                best_t, best_f1 = t, s.f1
        chosen[c] = best_t
    return chosen


def cross_validate(tune: Sequence[Scored], mode: str = "both") -> list[dict[str, float]]:
    """For each fold, the thresholds chosen on the other four."""
    return [choose([it for it in tune if it.fold() != k], mode) for k in range(FOLDS)]


def _cv_tally(
    tune: Sequence[Scored], per_fold: list[dict[str, float]], mode: str
) -> dict[str, Any]:
    # Each item is judged with the thresholds chosen on the other four folds.
    merged: dict[str, Any] | None = None
    for k in range(FOLDS):
        part = tally([it for it in tune if it.fold() == k], mode, per_fold[k])
        merged = part if merged is None else _merge(merged, part)
    assert merged is not None
    cats = [c for c in LABELS if merged["scores"][c].support >= MACRO_MIN_SUPPORT]
    merged["macro_categories"] = cats
    merged["macro_f1"] = sum(merged["scores"][c].f1 for c in cats) / len(cats) if cats else 0.0
    return merged


def _merge(a: dict[str, Any], b: dict[str, Any]) -> dict[str, Any]:
    return {
        "scores": {c: a["scores"][c] + b["scores"][c] for c in LABELS},
        "good_flagged": a["good_flagged"] + b["good_flagged"],
        "good_total": a["good_total"] + b["good_total"],
    }


def _row(name: str, mode: str, t: dict[str, Any]) -> str:
    cells = []
    for c in LABELS:
        s = t["scores"][c]
        cells.append(f"{s.precision:.2f}/{s.recall:.2f}/{s.f1:.2f}" if s.support or s.fp else "-")
    return (
        f"| {name} | {mode} | "
        + " | ".join(cells)
        + f" | {t['macro_f1']:.3f} | {t['good_flagged']}/{t['good_total']} |"
    )


def _summary(t: dict[str, Any]) -> dict[str, Any]:
    return {
        "macro_f1": round(t["macro_f1"], 4),
        "good_flagged": t["good_flagged"],
        "per_category": {c: t["scores"][c].to_dict() for c in LABELS},
    }


def run(realdata: Path, test_file: Path | None, write: bool) -> dict[str, Any]:
    scored: list[Scored] = []
    for name in REAL_SETS:
        path = realdata / name
        if path.is_file():
            scored.extend(score_items(load_items(path), name))
    if not scored:
        raise SystemExit(f"no real sets under {realdata}")
    tune = [it for it in scored if split_part(it.id) == "tune"]
    check = [it for it in scored if split_part(it.id) == "check"]
    per_fold = {m: cross_validate(tune, m) for m in ("both", "model")}
    final = {m: choose(tune, m) for m in ("both", "model")}

    header = (
        "| set | mode | "
        + " | ".join(LABELS)
        + " | macro-F1 | good flagged |\n|"
        + "---|" * (len(LABELS) + 4)
    )
    lines = [
        "P/R/F1 per category (document level); macro-F1 over categories with >= "
        f"{MACRO_MIN_SUPPORT} gold items",
        header,
    ]
    report: dict[str, Any] = {
        "thresholds": final["both"],
        "thresholds_model_only": final["model"],
        "per_fold_thresholds": per_fold["both"],
    }
    cv = {
        m: _cv_tally(tune, per_fold["model" if m == "model" else "both"], m)
        for m in ("rules", "model", "both")
    }
    for m, t in cv.items():
        lines.append(_row("real tune, held-out folds", m, t))
    report["cv"] = {m: _summary(t) for m, t in cv.items()}
    sets = {"real check (pooled)": check}
    for name in REAL_SETS:
        sets[f"{name} check"] = [it for it in check if it.set == name]
    if test_file is not None and test_file.is_file():
        sets[test_file.name] = score_items(load_items(test_file), test_file.name)
    report["held_out"] = {}
    for name, items in sets.items():
        report["held_out"][name] = {}
        for m in ("rules", "model", "both"):
            t = tally(items, m, final["model" if m == "model" else "both"])
            lines.append(_row(name, m, t))
            report["held_out"][name][m] = _summary(t)
    chk = {m: tally(check, m, final["both"]) for m in ("rules", "both")}
    pays = all(
        res["both"]["macro_f1"] - res["rules"]["macro_f1"] >= MIN_GAIN
        and all(
            res["both"]["scores"][c].precision >= PRECISION_FLOOR
            for c in res["both"]["macro_categories"]
        )
        and res["both"]["good_flagged"] <= MAX_GOOD_FLAGGED
        for res in (cv, chk)
    )
    report["default_on"] = pays
    lines.append("")
    lines.append("thresholds (chosen on all tune folds): " + json.dumps(final["both"]))
    lines.append("model-only ablation thresholds: " + json.dumps(final["model"]))
    lines.append(f"model on by default: {'yes' if pays else 'no'}")
    print("\n".join(lines))
    if write:
        THRESHOLDS_FILE.write_text(json.dumps(report, indent=1, sort_keys=True) + "\n", "utf-8")
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m apologylint.model.select")
    parser.add_argument("--realdata", type=Path, default=Path("../shared/realdata"))
    parser.add_argument("--test-file", type=Path, default=Path("corpus/test.jsonl"))
    parser.add_argument("--write", action="store_true", help="write model/thresholds.json")
    args = parser.parse_args(argv)
    run(args.realdata, args.test_file, args.write)
    return 0


if __name__ == "__main__":
    sys.exit(main())
