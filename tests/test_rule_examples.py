"""Every rule's documented examples are tests: ``fires`` must fire, ``passes`` must not."""

from __future__ import annotations

from functools import lru_cache

import pytest

from apologylint.registry import builtin_rules

RULES = builtin_rules().rules
CASES = [
    pytest.param(rule.code, text, True, id=f"{rule.code}-{rule.name}-fires-{i}")
    for rule in RULES for i, text in enumerate(rule.examples.fires)
] + [
    pytest.param(rule.code, text, False, id=f"{rule.code}-{rule.name}-passes-{i}")
    for rule in RULES for i, text in enumerate(rule.examples.passes)
]


@lru_cache(maxsize=None)
def _single_rule_linter(code: str):
    import spacy

    from apologylint import Linter

    return Linter(select=[code], nlp=_nlp())


@lru_cache(maxsize=1)
def _nlp():
    import spacy

    return spacy.blank("en")


@pytest.mark.parametrize(("code", "text", "should_fire"), CASES)
def test_rule_example(code: str, text: str, should_fire: bool) -> None:
    found = [f for f in _single_rule_linter(code).lint(text) if f.code == code]
    if should_fire:
        assert found, f"{code} should fire on: {text!r}"
        for f in found:
            assert text[f.start:f.end] == f.text
    else:
        assert not found, f"{code} should not fire on: {text!r} (matched {found[0].text!r})"


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_rule_is_documented(rule) -> None:
    for field in ("message", "summary", "why", "suggestion"):
        assert getattr(rule, field).strip(), f"{rule.code} has no {field}"
    assert len(rule.examples.fires) >= 3, f"{rule.code} needs 3 firing examples"
    assert len(rule.examples.passes) >= 3, f"{rule.code} needs 3 passing examples"
    assert rule.summary.strip().count("\n") == 0
