"""The labelled corpus: its shape, its independence from rule examples, and detection quality.

``test.jsonl`` is held out: it was written from TAXONOMY.md alone and committed before any rule
was tuned. Its hash is pinned so that nobody tunes it quietly.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from pathlib import Path

import pytest

from apologylint.categories import CONTENT_CATEGORIES
from apologylint.evaluate import evaluate, load_items
from apologylint.registry import builtin_rules

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
TEST_SHA256 = "954748df352ccf30059f8f4895b89ff9fcbf31a692c7c79808d3d8d093d24280"
# The second held-out split: phrasing families seen in real replies, committed before any rule
# change aimed at them (see LABELLING.md, "test-families.jsonl"). Never edited; pinned for that.
TEST_FAMILIES_SHA256 = "ccac7ef2ae63c25132e620eb274190b6e8a1aa38381f8701c7f44aab2e6a721b"
CHANNELS = {"email", "chat", "social", "template", "sms"}
MIN_PRECISION, MIN_RECALL = 0.90, 0.85


def _items(name: str) -> list[dict]:
    return load_items(CORPUS / name)


def test_test_split_is_pinned() -> None:
    assert hashlib.sha256((CORPUS / "test.jsonl").read_bytes()).hexdigest() == TEST_SHA256


def test_test_families_split_is_pinned() -> None:
    data = (CORPUS / "test-families.jsonl").read_bytes()
    assert hashlib.sha256(data).hexdigest() == TEST_FAMILIES_SHA256


CATEGORY_FILES = [
    "dev.jsonl",
    "dev-extra.jsonl",
    "test.jsonl",
    "test-families.jsonl",
    "dev-families.jsonl",
]


@pytest.mark.parametrize("name", CATEGORY_FILES)
def test_corpus_shape(name: str) -> None:
    items = _items(name)
    ids = [i["id"] for i in items]
    texts = [i["text"] for i in items]
    assert len(set(ids)) == len(ids) and len(set(texts)) == len(texts)
    for item in items:
        assert set(item) >= {"text", "labels", "note"}
        assert set(item["labels"]) <= set(CONTENT_CATEGORIES), item["id"]


def test_corpus_size_and_balance() -> None:
    dev, test = _items("dev.jsonl"), _items("test.jsonl")
    assert len(dev) + len(test) >= 600
    per_cat = Counter(c for i in test for c in i["labels"])
    for cat in CONTENT_CATEGORIES:
        assert per_cat[cat] >= 40, cat
    clean = [i for i in test if not i["labels"]]
    assert len(clean) >= 150
    hard = [i for i in clean if i["note"].lower().startswith("hard negative")]
    assert len(hard) >= len(clean) / 3


FAMILY_FILES = ["test-families.jsonl", "dev-families.jsonl"]


@pytest.mark.parametrize("name", FAMILY_FILES)
def test_family_split_fields(name: str) -> None:
    """Family splits carry every field of LABELLING.md, including ``good``, consistently."""
    for item in _items(name):
        assert set(item) == {"id", "text", "labels", "good", "channel", "note"}, item["id"]
        assert item["labels"] == sorted(set(item["labels"])), item["id"]
        assert item["channel"] in CHANNELS, item["id"]
        assert isinstance(item["good"], bool), item["id"]
        # "good" marks a sincere apology that owns the failure: such a reply is clean.
        assert not (item["good"] and item["labels"]), item["id"]
        assert item["note"].strip(), item["id"]


def test_test_families_balance() -> None:
    items = _items("test-families.jsonl")
    assert all(i["id"].startswith("tf") for i in items)
    per_cat = Counter(c for i in items for c in i["labels"])
    for cat in CONTENT_CATEGORIES:
        assert per_cat[cat] >= (10 if cat == "sympathy" else 35), cat
    clean = [i for i in items if not i["labels"]]
    assert len(clean) >= 70
    hard = [i for i in clean if i["note"].lower().startswith("hard negative")]
    assert len(hard) >= len(clean) / 2
    assert sum(i["good"] for i in items) >= 15


def test_dev_families_balance() -> None:
    items = _items("dev-families.jsonl")
    assert len(items) >= 400
    per_cat = Counter(c for i in items for c in i["labels"])
    for cat in CONTENT_CATEGORIES:
        assert per_cat[cat] >= (10 if cat == "sympathy" else 45), cat
    clean = [i for i in items if not i["labels"]]
    assert len(clean) >= 120
    assert sum(i["good"] for i in items) >= 25


def test_family_splits_do_not_share_texts() -> None:
    """Tuning on dev-families must not touch the held-out family split."""
    norm = {" ".join(i["text"].split()).lower() for i in _items("test-families.jsonl")}
    for item in _items("dev-families.jsonl"):
        assert item["id"].startswith("df"), item["id"]
        assert " ".join(item["text"].split()).lower() not in norm, item["id"]


def test_no_corpus_text_is_a_rule_example() -> None:
    examples = {
        " ".join(t.split()).lower()
        for r in builtin_rules().rules
        for t in (*r.examples.fires, *r.examples.passes)
    }
    for name in sorted(p.name for p in CORPUS.glob("*.jsonl")):
        for item in _items(name):
            assert " ".join(item["text"].split()).lower() not in examples, item["id"]


@pytest.fixture(scope="module")
def test_scores(linter):
    return evaluate(linter, _items("test.jsonl"))


@pytest.mark.parametrize("category", CONTENT_CATEGORIES)
def test_held_out_quality(test_scores, category: str) -> None:
    s = test_scores.per_category[category]
    assert s.precision >= MIN_PRECISION, f"{category}: precision {s.precision:.3f} ({s.fp} FP)"
    assert s.recall >= MIN_RECALL, f"{category}: recall {s.recall:.3f} ({s.fn} FN)"


def test_eval_json_matches_the_scores(test_scores) -> None:
    data = json.loads(json.dumps(test_scores.to_dict()))
    assert data["items"] == len(_items("test.jsonl"))
    assert data["overall"]["tp"] == sum(s.tp for s in test_scores.per_category.values())
