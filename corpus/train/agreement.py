"""Inter-annotator agreement on the training data: python corpus/train/agreement.py sample|kappa

``sample`` draws a fixed sample (25 items per register, the lowest hashes of their ids, so the
draw is reproducible and blind to content) and writes ``agreement/sample.jsonl`` with each item's
id, register and text only: the second labeller sees no label. ``kappa`` reads the second
labelling (``agreement/second.jsonl``: ``{"id", "labels", "good"}`` per line, made under GUIDE.md
without looking at the first) and prints Cohen's kappa per label, and for ``good``, between it and
the labels in the register files.
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).parent
OUT = HERE / "agreement"
PER_REGISTER = 25
LABELS = (
    "fake-apology",
    "non-apology",
    "defensive",
    "sympathy",
    "dismissive",
    "scripted-apology",
)


def _items() -> dict[str, dict]:
    items = {}
    for path in sorted(HERE.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                item = json.loads(line)
                items[item["id"]] = item
    return items


def _key(item_id: str) -> str:
    return hashlib.sha256(f"agreement|{item_id}".encode()).hexdigest()


def sample() -> None:
    by_register: dict[str, list[dict]] = defaultdict(list)
    for item in _items().values():
        by_register[item["register"]].append(item)
    chosen = []
    for register in sorted(by_register):
        chosen.extend(sorted(by_register[register], key=lambda i: _key(i["id"]))[:PER_REGISTER])
    OUT.mkdir(exist_ok=True)
    with (OUT / "sample.jsonl").open("w", encoding="utf-8") as fh:
        for item in sorted(chosen, key=lambda i: _key(i["id"])):
            row = {"id": item["id"], "register": item["register"], "text": item["text"]}
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"{len(chosen)} items from {len(by_register)} registers -> {OUT / 'sample.jsonl'}")


def cohen_kappa(a: list[bool], b: list[bool]) -> float:
    n = len(a)
    observed = sum(x == y for x, y in zip(a, b)) / n
    pa, pb = sum(a) / n, sum(b) / n
    expected = pa * pb + (1 - pa) * (1 - pb)
    return 1.0 if expected == 1 else (observed - expected) / (1 - expected)


def kappa() -> None:
    first = _items()
    second = [
        json.loads(line)
        for line in (OUT / "second.jsonl").read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    pairs = [(first[s["id"]], s) for s in second if s["id"] in first]
    print(f"{len(pairs)} items labelled twice")
    print(f"{'label':18} {'kappa':>6} {'agree':>6} {'first':>6} {'second':>6}")
    for label in (*LABELS, "good"):
        if label == "good":
            a = [bool(f["good"]) for f, _ in pairs]
            b = [bool(s.get("good")) for _, s in pairs]
        else:
            a = [label in f["labels"] for f, _ in pairs]
            b = [label in s["labels"] for _, s in pairs]
        agree = sum(x == y for x, y in zip(a, b)) / len(pairs)
        k = cohen_kappa(a, b)
        print(f"{label:18} {k:6.2f} {agree:6.1%} {sum(a):6d} {sum(b):6d}")


if __name__ == "__main__":
    {"sample": sample, "kappa": kappa}[sys.argv[1] if len(sys.argv) > 1 else "kappa"]()
