"""Unit tests for selection.py: how selectors name rules and which one wins."""

from __future__ import annotations

import pytest

from apologylint.errors import ApologylintError
from apologylint.registry import builtin_rules
from apologylint.selection import is_selected, specificity, validate

RULES = builtin_rules()
FA101 = RULES.by_code["FA101"].rule


def test_specificity_orders_all_category_prefix_and_code() -> None:
    assert specificity("ALL", FA101) == 0
    assert specificity("fake-apology", FA101) == 1
    assert specificity("FA", FA101) == 3
    assert specificity("FA1", FA101) == 4
    assert specificity("FA101", FA101) == 100
    assert specificity(FA101.name, FA101) == 100
    assert specificity("defensive", FA101) == -1
    assert specificity("fa", FA101) == -1  # a prefix is upper case


def test_the_more_specific_selector_wins() -> None:
    assert is_selected(FA101)
    assert not is_selected(FA101, ignore=["fake-apology"])
    assert is_selected(FA101, select=["FA101"], ignore=["fake-apology"])
    assert not is_selected(FA101, select=["fake-apology"], ignore=["FA101"])
    assert not is_selected(FA101, select=["defensive"])
    assert is_selected(FA101, select=["defensive"], extend_select=["FA"])


def test_recovery_rules_are_opt_in() -> None:
    recovery = [impl.rule for impl in RULES.impls if impl.rule.category == "recovery"]
    assert recovery
    assert all(not is_selected(r) for r in recovery)
    assert all(is_selected(r, extend_select=["recovery"]) for r in recovery)


def test_validate_suggests_the_closest_selector() -> None:
    rules = [impl.rule for impl in RULES.impls]
    validate(["ALL", "FA", "fake-apology", "FA101"], rules)
    with pytest.raises(ApologylintError, match="did you mean 'fake-apology'"):
        validate(["fake-apolgy"], rules)
