"""Every rule's documented examples are tests: ``fires`` must fire, ``passes`` must not.
The same runner backs ``apologylint test-rules``."""

from __future__ import annotations

from functools import lru_cache

import pytest

from apologylint.registry import builtin_rules
from apologylint.testing import ExampleRunner

RULES = builtin_rules().rules
CASES = [
    pytest.param(rule.code, text, True, id=f"{rule.code}-{rule.name}-fires-{i}")
    for rule in RULES
    for i, text in enumerate(rule.examples.fires)
] + [
    pytest.param(rule.code, text, False, id=f"{rule.code}-{rule.name}-passes-{i}")
    for rule in RULES
    for i, text in enumerate(rule.examples.passes)
]


@lru_cache(maxsize=1)
def _runner() -> ExampleRunner:
    return ExampleRunner(builtin_rules())


@pytest.mark.parametrize(("code", "text", "should_fire"), CASES)
def test_rule_example(code: str, text: str, should_fire: bool) -> None:
    result = _runner().run_one(code, text, should_fire)
    assert result.ok, f"{code} {result.detail}: {text!r}"


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_rule_is_documented(rule) -> None:
    for field in ("message", "summary", "why", "suggestion"):
        assert getattr(rule, field).strip(), f"{rule.code} has no {field}"
    assert len(rule.examples.fires) >= 3, f"{rule.code} needs 3 firing examples"
    assert len(rule.examples.passes) >= 3, f"{rule.code} needs 3 passing examples"
    assert "\n" not in rule.summary.strip()
