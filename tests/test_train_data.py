"""The training data for the learned second opinion (``corpus/train/``): valid, in eight registers,
large enough, and kept apart from the held-out splits the model will be measured on.

The guard against copied real text lives in ``test_realdata.py`` (it scans the whole ``corpus``).
"""

from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
TRAIN = ROOT / "corpus" / "train"
REGISTERS = {
    "social",
    "chat",
    "email",
    "letter",
    "issue-tracker",
    "sms",
    "macro",
    "internal-note",
}
MIN_ITEMS = 4000
#: Held-out splits: a training item sharing a run this long with one of them would leak it.
HELD_OUT = ("test.jsonl", "test-families.jsonl", "recovery-test.jsonl")
RUN = 8
#: Every register is checked against the held-out splits.
HELD_OUT_CHECKED = tuple(sorted(REGISTERS))


def _load_checker():
    spec = importlib.util.spec_from_file_location("train_check", TRAIN / "check.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _items(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def _runs(text: str) -> set[tuple[str, ...]]:
    words = re.findall(r"[a-z0-9']+", text.lower().replace("\u2019", "'"))
    return {tuple(words[i : i + RUN]) for i in range(len(words) - RUN + 1)}


def test_training_files_pass_the_validator(capsys: pytest.CaptureFixture[str]) -> None:
    errors = _load_checker().check(sorted(TRAIN.glob("*.jsonl")))
    capsys.readouterr()
    assert errors == []


def test_eight_registers_and_enough_items() -> None:
    files = {path.stem: _items(path) for path in TRAIN.glob("*.jsonl")}
    assert set(files) == REGISTERS
    for register, items in files.items():
        assert {item["register"] for item in items} == {register}
        assert all(item["id"].startswith(f"tr-{register}-") for item in items)
    assert sum(len(items) for items in files.values()) >= MIN_ITEMS


@pytest.mark.parametrize("register", HELD_OUT_CHECKED)
def test_no_run_shared_with_held_out_splits(register: str) -> None:
    held_out: set[tuple[str, ...]] = set()
    for name in HELD_OUT:
        for item in _items(ROOT / "corpus" / name):
            held_out |= _runs(item["text"])
    leaks = [
        item["id"] for item in _items(TRAIN / f"{register}.jsonl") if _runs(item["text"]) & held_out
    ]
    assert leaks == []
