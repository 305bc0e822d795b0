"""The code rules' shared token helpers."""

from __future__ import annotations

import pytest

from apologylint import Linter
from apologylint.checks._tokens import lowered
from apologylint.registry import builtin_rules


def test_lowered_keeps_every_offset() -> None:
    text = "İstanbul: Please CONTACT the Bank"
    low = lowered(text)
    assert len(low) == len(text)
    assert low.endswith("please contact the bank")
    assert lowered("Plain Text") == "plain text"


@pytest.mark.parametrize("code", ["DF111", "DF118", "DM110"])
def test_a_character_that_lowers_to_two_does_not_hide_a_draft(code: str) -> None:
    example = builtin_rules().by_code[code].rule.examples.fires[0]
    linter = Linter(select=[code])
    assert [f.code for f in linter.lint("İ. " + example)] == [code]
