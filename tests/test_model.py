"""The learned second opinion: windows, configuration, findings, training and determinism."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest

from apologylint import Linter
from apologylint.config import Config, ConfigError
from apologylint.findings import Finding, Severity
from apologylint.model import LABELS, available, sentence_words, windows

ROOT = Path(__file__).resolve().parents[1]
needs_model = pytest.mark.skipif(not available(), reason="no trained model in this checkout")
LOW = dict.fromkeys(LABELS, 0.05)
MODEL_CODES = ["FA900", "NA900", "DF900", "SY900", "DM900", "SA900"]


def _finding(**extra: object) -> Finding:
    base = dict(
        code="DF900",
        name="defensive-tone",
        category="defensive",
        severity=Severity.WARNING,
        message="m",
        suggestion="s",
        text="t",
        start=0,
        end=1,
        line=1,
        column=1,
        end_line=1,
        end_column=2,
    )
    base.update(extra)
    return Finding(**base)  # type: ignore[arg-type]


def test_confidence_is_in_json_only_for_model_findings() -> None:
    assert "confidence" not in _finding().to_dict()
    assert _finding(confidence=0.75).to_dict()["confidence"] == 0.75


def test_windows_mark_the_neighbours() -> None:
    text = "Sorry for the wait. The courier was late. Thanks."
    sents = [(0, 19), (20, 41), (42, 49)]
    words = sentence_words(text, sents)
    assert words == [
        ["sorry", "for", "the", "wait", "."],
        ["the", "courier", "was", "late", "."],
        ["thanks", "."],
    ]
    middle = windows(words)[1]
    assert middle[:5] == ["the", "courier", "was", "late", "."]
    assert "p|sorry" in middle and "n|thanks" in middle
    assert not any(w.startswith("p|") for w in windows(words)[0])


def test_model_settings_in_config() -> None:
    cfg = Config.from_dict({"model": True, "model-threshold": {"defensive": 0.7}})
    assert cfg.model is True and cfg.model_threshold == {"defensive": 0.7}
    with pytest.raises(ConfigError, match="'model' must be true or false"):
        Config.from_dict({"model": "yes"})
    with pytest.raises(ConfigError, match="did you mean 'defensive'"):
        Config.from_dict({"model-threshold": {"defensve": 0.5}})
    with pytest.raises(ConfigError, match=r"probability in \(0, 1\]"):
        Config.from_dict({"model-threshold": {"defensive": 1.5}})
    # Configuration is data: no key can point at a model file.
    with pytest.raises(ConfigError, match="unknown key 'model-path'"):
        Config.from_dict({"model-path": "/tmp/evil"})


@needs_model
def test_model_off_means_no_model_findings() -> None:
    text = "Our decision is final and we will not discuss this any further."
    off = Linter(config=Config(model=False, model_threshold=LOW))
    assert not [f for f in off.lint(text) if f.confidence is not None]
    # only the model's rules, so that no rule finding can take a model finding's place
    on = Linter(config=Config(model=True, model_threshold=LOW), select=MODEL_CODES)
    found = on.lint(text)
    assert found and all(f.confidence is not None and 0 < f.confidence <= 1 for f in found)
    assert all(text[f.start : f.end] == f.text for f in found)


@needs_model
def test_model_finding_gives_way_to_a_rule_of_its_category() -> None:
    text = "I'm sorry if you feel that way about the new plan."
    on = Linter(config=Config(model=True, model_threshold=LOW))
    found = on.lint(text)
    rule_hits = [f for f in found if f.category == "fake-apology" and f.confidence is None]
    assert rule_hits, "FA101 should fire here"
    assert not [f for f in found if f.code == "FA900"]


@needs_model
def test_threshold_filters_model_findings() -> None:
    text = "There is nothing more we can do, please contact the manufacturer."
    low = Linter(config=Config(model=True, model_threshold=LOW), select=["DM900"])
    high = Linter(
        config=Config(model=True, model_threshold=dict.fromkeys(LABELS, 1.0)), select=["DM900"]
    )
    assert low.lint(text)
    assert not high.lint(text)


@needs_model
def test_model_findings_are_deterministic_across_threads() -> None:
    drafts = [
        f"Hi {name}, sorry for the wait on order {n}. The courier was overloaded this week. "
        "You should have read the delivery terms before ordering."
        for n, name in enumerate(["Ana", "Bo", "Cy", "Di", "Ed", "Fay", "Gus", "Hal"] * 4)
    ]
    linter = Linter(config=Config(model=True, model_threshold=LOW))
    serial = [[f.to_dict() for f in r] for r in linter.lint_many(drafts)]
    again = [[f.to_dict() for f in r] for r in linter.lint_many(drafts)]
    assert serial == again
    results: dict[int, list[object]] = {}

    def work(i: int) -> None:
        results[i] = [[f.to_dict() for f in linter.lint(d)] for d in drafts]

    threads = [threading.Thread(target=work, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(results[i] == serial for i in range(8))


@pytest.mark.slow
def test_training_script_trains_a_tiny_model(tmp_path: Path) -> None:
    """The committed script and config train a model that loads and scores (200 items)."""
    from apologylint.model import Classifier
    from apologylint.train import load_items, train

    corpus = ROOT / "corpus" / "train"
    if not list(corpus.glob("*.jsonl")):
        pytest.skip("no training data in this checkout")
    small = tmp_path / "corpus"
    small.mkdir()
    items = load_items(corpus)[:200]
    (small / "items.jsonl").write_text(
        "".join(json.dumps(i) + "\n" for i in items), encoding="utf-8"
    )
    out = tmp_path / "model"
    summary = train(small, out, max_steps=40)
    assert summary["items"] == 200 and summary["train_windows"] > 200
    clf = Classifier(out)
    assert set(clf.labels) == set(LABELS)
    [row] = clf.scores([["sorry", "for", "the", "wait", "."]])
    assert all(0.0 <= row[c] <= 1.0 for c in LABELS)
