"""Scoring: per-file and pooled tables, macro-F1, good replies flagged, the tune/check split."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from apologylint.cli import main
from apologylint.evaluate import (
    MACRO_MIN_SUPPORT,
    Score,
    evaluate,
    pool,
    select_part,
    split_part,
)


@dataclass
class _F:
    code: str
    category: str
    text: str = "x"
    line: int = 1


class _ByText:
    """A stand-in linter: each text names the categories it 'finds', e.g. 'fa dm'."""

    CODES = {
        "fa": ("FA101", "fake-apology"),
        "na": ("NA101", "non-apology"),
        "df": ("DF101", "defensive"),
        "dm": ("DM101", "dismissive"),
        "sa": ("SA101", "scripted-apology"),
        "rc": ("RC101", "recovery"),
    }

    def lint_many(self, texts: Iterable[str]) -> list[list[_F]]:
        return [[_F(*self.CODES[w]) for w in t.split() if w in self.CODES] for t in texts]


def _item(i: int, text: str, labels: list[str], good: bool = False) -> dict[str, Any]:
    return {"id": f"i{i}", "text": text, "labels": labels, "good": good}


def test_never_predicted_scores_precision_zero() -> None:
    assert Score(0, 0, 3).precision == 0.0
    assert Score(0, 0, 0).recall == 0.0
    assert Score(2, 2, 0).precision == 0.5
    items = [_item(1, "", ["defensive"]), _item(2, "fa", ["fake-apology"])]
    result = evaluate(_ByText(), items)
    assert result.per_category["defensive"].precision == 0.0
    assert result.per_category["defensive"].f1 == 0.0
    assert result.per_category["fake-apology"].precision == 1.0


def test_macro_f1_counts_only_categories_with_enough_gold_items() -> None:
    items = [_item(i, "fa", ["fake-apology"]) for i in range(MACRO_MIN_SUPPORT)]
    items += [_item(10 + i, "", ["dismissive"]) for i in range(MACRO_MIN_SUPPORT)]
    items += [_item(20 + i, "", ["defensive"]) for i in range(MACRO_MIN_SUPPORT - 1)]
    result = evaluate(_ByText(), items)
    assert result.macro_categories == ["fake-apology", "dismissive"]
    assert result.macro_f1 == pytest.approx(0.5)  # F1 1.0 and 0.0; defensive left out
    assert evaluate(_ByText(), items[:2]).macro_f1 is None


def test_good_replies_flagged_by_any_content_finding() -> None:
    items = [
        _item(1, "sa", [], good=True),  # flagged: scripted counts like any content category
        _item(2, "", [], good=True),
        _item(3, "rc", [], good=True),  # recovery is not one of the content categories
        _item(4, "fa", ["fake-apology"], good=True),  # has a problem label: not counted
        _item(5, "dm", [], good=False),  # not marked good
    ]
    result = evaluate(_ByText(), items)
    assert (result.good_flagged, result.good_total) == (["i1"], 3)
    assert result.to_dict()["good"] == {"flagged": 1, "total": 3}


def test_pool_sums_counts_and_recomputes_rates() -> None:
    a = evaluate(_ByText(), [_item(1, "fa", ["fake-apology"]), _item(2, "", [], good=True)])
    b = evaluate(_ByText(), [_item(3, "fa", []), _item(4, "", ["fake-apology"])])
    p = pool([a, b])
    s = p.per_category["fake-apology"]
    assert (s.tp, s.fp, s.fn) == (1, 1, 1)
    assert s.precision == 0.5 and s.recall == 0.5
    assert p.items == 4 and p.good_total == 1 and not p.good_flagged
    assert [m.id for m in p.errors] == ["i3", "i4"]


def test_split_is_a_fixed_hash_of_the_id() -> None:
    # pinned: sha256(id) as an integer, mod 100, below 70 is tune
    assert [split_part(i) for i in ("a", "b", "item-3", "x2")] == ["check", "tune", "check", "tune"]
    items = [{"id": f"rd-{n:04d}"} for n in range(1000)]
    tune, check = select_part(items, "tune"), select_part(items, "check")
    assert len(tune) + len(check) == 1000 and not {i["id"] for i in tune} & {i["id"] for i in check}
    assert 630 <= len(tune) <= 770
    assert select_part(items, "all") == items
    with pytest.raises(ValueError):
        select_part(items, "test")


def _write(path: Path, items: list[dict[str, Any]]) -> str:
    path.write_text("\n".join(json.dumps(x) for x in items) + "\n", encoding="utf-8")
    return str(path)


@pytest.fixture
def two_files(tmp_path: Path) -> tuple[str, str]:
    one = _write(
        tmp_path / "one.jsonl",
        [
            {"id": "b", "text": "Sorry if you feel that way.", "labels": ["fake-apology"]},
            {"id": "c", "text": "Thanks, all fixed.", "labels": [], "good": True},
        ],
    )
    two = _write(
        tmp_path / "two.jsonl",
        [
            {"id": "a", "text": "Sorry to hear that.", "labels": ["fake-apology"]},
            {"id": "d", "text": "I'm sorry if you feel upset.", "labels": [], "good": True},
        ],
    )
    return one, two


def test_eval_cli_prints_per_file_and_pooled_tables(two_files: tuple[str, str]) -> None:
    res = CliRunner().invoke(main, ["eval", *two_files])
    assert res.exit_code == 0, res.output
    out = res.stdout
    assert f"== {two_files[0]} (2 items" in out and f"== {two_files[1]} (2 items" in out
    assert "== pooled (4 items" in out
    pooled = out[out.index("== pooled") :]
    row = next(line for line in pooled.splitlines() if line.startswith("fake-apology"))
    # the good reply "sorry if you feel upset" is a false alarm
    assert row.split()[1:8] == ["0.500", "0.500", "0.500", "1", "1", "1", "2"]
    defensive = next(line for line in pooled.splitlines() if line.startswith("defensive"))
    assert defensive.split()[1] == "0.000"  # never predicted: precision 0, not 1
    assert "good flagged 1/2" in pooled


def test_eval_cli_json_has_files_and_pooled(two_files: tuple[str, str]) -> None:
    res = CliRunner().invoke(main, ["eval", "--format", "json", *two_files])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert [f["path"] for f in data["files"]] == list(two_files)
    assert data["items"] == 4 and data["good"] == {"flagged": 1, "total": 2}
    assert data["categories"]["fake-apology"]["tp"] == 1
    assert data["categories"]["fake-apology"]["fp"] == 1
    assert "errors" not in data and all("errors" not in f for f in data["files"])


def test_eval_cli_parts(two_files: tuple[str, str]) -> None:
    res = CliRunner().invoke(main, ["eval", "--format", "json", "--part", "check", *two_files])
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)["items"] == 1  # only "a" is in the check part
    res = CliRunner().invoke(main, ["eval", "--format", "json", "--part", "tune", *two_files])
    assert json.loads(res.stdout)["items"] == 3
    # the check part is read as figures only
    res = CliRunner().invoke(main, ["eval", "--part", "check", "--show-errors", *two_files])
    assert res.exit_code == 2 and "figures" in res.output


def test_eval_cli_refuses_to_pool_elements_with_categories(
    tmp_path: Path, two_files: tuple[str, str]
) -> None:
    item = {"id": "e", "text": "Sorry.", "labels": [], "elements": []}
    el = _write(tmp_path / "el.jsonl", [item])
    res = CliRunner().invoke(main, ["eval", two_files[0], el])
    assert res.exit_code == 2 and "pool" in res.output
