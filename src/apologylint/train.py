"""Train the learned second opinion: ``python -m apologylint.train``.

Reads the project's labelled training data (``corpus/train/*.jsonl``, written under
``corpus/train/GUIDE.md``), turns every sentence of every item into a window (the sentence and its
neighbours, exactly as the linter will see it), labels each window with the categories whose
``cues`` overlap its centre sentence, and trains spaCy's ``textcat_multilabel`` from
``apologylint/model/config.cfg``. The result replaces ``apologylint/model/textcat/``.

Reproducible: the config fixes the seed, items are read in a fixed order and the dev split is a
fixed hash of each item's id. Never trains on ``../shared/realdata`` (that measures, it does not
train). ``--limit N`` trains on the first N items only (the test suite proves the script works on
a tiny model that way).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import sys
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from .analysis import TextView, split_sentences
from .model import CONFIG_FILE, LABELS, MODEL_DIR, sentence_words, windows
from .readers.plain import read_text

DEFAULT_CORPUS = Path("corpus/train")


def load_items(folder: Path, limit: int | None = None) -> list[dict[str, Any]]:
    """Every item of every ``*.jsonl`` file in ``folder``, in file-name then line order."""
    items: list[dict[str, Any]] = []
    for path in sorted(folder.glob("*.jsonl")):
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    items.append(json.loads(line))
    return items[:limit] if limit else items


def item_windows(text: str) -> Iterator[tuple[list[str], tuple[int, int]]]:
    """Each window of ``text`` as the linter reads it, with its centre sentence's source span."""
    document = read_text(text)
    for seg in document.segments:
        view = TextView(seg.text)
        sentences = split_sentences(view.text, view.breaks)
        for window, (s, e) in zip(windows(sentence_words(view.text, sentences)), sentences):
            start = seg.offset + view.to_segment(s)
            end = seg.offset + view.to_segment_end(e)
            yield window, (start, end)


def labelled_windows(
    item: dict[str, Any],
) -> Iterator[tuple[list[str], dict[str, float]]]:
    """The windows of one item, each labelled by the cues its centre sentence overlaps."""
    text = item["text"]
    cue_spans: dict[str, tuple[int, int]] = {}
    for label, cue in (item.get("cues") or {}).items():
        at = text.find(cue)
        if at >= 0 and label in LABELS:
            cue_spans[label] = (at, at + len(cue))
    for window, (start, end) in item_windows(text):
        if not window:
            continue
        cats = {
            label: float(
                label in cue_spans and start < cue_spans[label][1] and cue_spans[label][0] < end
            )
            for label in LABELS
        }
        yield window, cats


def is_dev(item_id: str) -> bool:
    """A fixed tenth of the items, by a hash of the id, for spaCy's model selection."""
    return int(hashlib.sha256(item_id.encode("utf-8")).hexdigest(), 16) % 10 == 0


def write_docbins(items: Iterable[dict[str, Any]], folder: Path) -> tuple[int, int]:
    import spacy
    from spacy.tokens import Doc, DocBin

    nlp = spacy.blank("en")
    train, dev = DocBin(store_user_data=False), DocBin(store_user_data=False)
    counts = [0, 0]
    for item in items:
        target = dev if is_dev(str(item["id"])) else train
        for window, cats in labelled_windows(item):
            doc = Doc(nlp.vocab, words=window)
            doc.cats = cats
            target.add(doc)
            counts[target is dev] += 1
    train.to_disk(folder / "train.spacy")
    dev.to_disk(folder / "dev.spacy")
    return counts[0], counts[1]


def train(
    corpus: Path = DEFAULT_CORPUS,
    output: Path = MODEL_DIR,
    *,
    limit: int | None = None,
    max_steps: int | None = None,
) -> dict[str, Any]:
    """Train and install the model in ``output``; returns a summary."""
    from spacy.cli.train import train as spacy_train

    items = load_items(corpus, limit)
    if not items:
        raise SystemExit(f"no training items in {corpus}")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        n_train, n_dev = write_docbins(items, work)
        overrides: dict[str, Any] = {
            "paths.train": str(work / "train.spacy"),
            "paths.dev": str(work / "dev.spacy"),
        }
        if max_steps is not None:
            overrides["training.max_steps"] = max_steps
            overrides["training.eval_frequency"] = max(10, max_steps // 5)
        spacy_train(CONFIG_FILE, work / "out", overrides=overrides, use_gpu=-1)
        best = work / "out" / "model-best"
        if output.exists():
            shutil.rmtree(output)
        shutil.copytree(best, output)
    size = sum(p.stat().st_size for p in output.rglob("*") if p.is_file())
    return {"items": len(items), "train_windows": n_train, "dev_windows": n_dev, "bytes": size}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m apologylint.train", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument(
        "--corpus", type=Path, default=DEFAULT_CORPUS, help="folder of *.jsonl items"
    )
    parser.add_argument("--output", type=Path, default=MODEL_DIR, help="where the model goes")
    parser.add_argument("--limit", type=int, default=None, help="train on the first N items")
    parser.add_argument("--max-steps", type=int, default=None, help="override training.max_steps")
    args = parser.parse_args(argv)
    summary = train(args.corpus, args.output, limit=args.limit, max_steps=args.max_steps)
    print(json.dumps(summary), file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
