"""Validate the training corpus: python corpus/train/check.py [file.jsonl ...]

Checks every line of every corpus/train/*.jsonl (or the files given): valid JSON with the expected
fields, labels from the six categories, a verbatim cue for each label, unique ids, no more than
ten items per skeleton, and no `good` item that also carries a problem label. Prints a per-file
summary; exits 1 on any error.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

CATEGORIES = {
    "fake-apology",
    "non-apology",
    "defensive",
    "sympathy",
    "dismissive",
    "scripted-apology",
}
FIELDS = {"id", "text", "labels", "good", "register", "skeleton", "cues"}
MAX_PER_SKELETON = 10


def check(paths: list[Path]) -> list[str]:
    errors: list[str] = []
    ids: Counter[str] = Counter()
    skeletons: Counter[str] = Counter()
    for path in paths:
        per_label: Counter[str] = Counter()
        rows = clean = good = 0
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            where = f"{path.name}:{n}"
            if not line.strip():
                continue
            try:
                item = json.loads(line)
            except json.JSONDecodeError as exc:
                errors.append(f"{where}: not JSON ({exc.msg})")
                continue
            if not isinstance(item, dict) or set(item) != FIELDS:
                errors.append(f"{where}: fields must be exactly {sorted(FIELDS)}")
                continue
            rows += 1
            text, labels, cues = item["text"], item["labels"], item["cues"]
            ids[item["id"]] += 1
            skeletons[item["skeleton"]] += 1
            if not isinstance(text, str) or not text.strip():
                errors.append(f"{where}: empty text")
                continue
            if not isinstance(labels, list) or not set(labels) <= CATEGORIES:
                errors.append(f"{where}: unknown label in {labels!r}")
                continue
            if len(set(labels)) != len(labels):
                errors.append(f"{where}: repeated label")
            if not isinstance(cues, dict) or set(cues) != set(labels):
                errors.append(f"{where}: cues must have exactly one entry per label")
                continue
            for label, cue in cues.items():
                if not isinstance(cue, str) or not cue or cue not in text:
                    errors.append(f"{where}: cue for {label} is not in the text: {cue!r}")
            if not isinstance(item["good"], bool):
                errors.append(f"{where}: good must be true or false")
            elif item["good"] and labels:
                errors.append(f"{where}: a good apology carries no problem label")
            per_label.update(labels)
            clean += not labels
            good += bool(item["good"])
        summary = ", ".join(f"{k} {v}" for k, v in sorted(per_label.items()))
        print(f"{path.name}: {rows} items, {clean} clean ({good} good); {summary}")
    errors += [f"id used {n} times: {i}" for i, n in ids.items() if n > 1]
    errors += [
        f"skeleton used {n} times (max {MAX_PER_SKELETON}): {s}"
        for s, n in skeletons.items()
        if n > MAX_PER_SKELETON
    ]
    return errors


def main(argv: list[str]) -> int:
    here = Path(__file__).resolve().parent
    paths = [Path(a) for a in argv] or sorted(here.glob("*.jsonl"))
    errors = check(paths)
    for error in errors:
        print(error, file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
