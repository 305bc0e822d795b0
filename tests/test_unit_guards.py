"""Unit tests for guards.py: the registry's checks and a few guards called directly on a Context
(the documented vetoes/keeps examples of every guard run in test_guards.py)."""

from __future__ import annotations

import pytest

from apologylint.analysis import Context
from apologylint.guards import GUARD_DOCS, GUARD_REGISTRY, GUARDS, GuardInfo, register_guard


def _call(name: str, text: str, match: str) -> bool:
    start = text.index(match)
    return GUARDS[name](Context(text), start, start + len(match))


def test_every_registered_guard_is_callable_and_documented() -> None:
    assert set(GUARDS) == set(GUARD_REGISTRY) == set(GUARD_DOCS)
    for name, info in GUARD_REGISTRY.items():
        assert GUARDS[name] is info.check
        assert info.what and info.why
        assert len(info.vetoes) >= 2 and len(info.keeps) >= 2


def test_register_guard_refuses_a_duplicate_and_too_few_examples() -> None:
    existing = next(iter(GUARD_REGISTRY.values()))
    with pytest.raises(ValueError, match="already registered"):
        register_guard(existing)
    thin = GuardInfo("unit-test-thin", lambda ctx, s, e: False, "w", "y", ("a",), ("b", "c"))
    with pytest.raises(ValueError, match="two examples"):
        register_guard(thin)
    assert "unit-test-thin" not in GUARDS


def test_quoted() -> None:
    assert _call("quoted", 'You said "sorry if you feel" earlier.', "sorry if you feel")
    assert not _call("quoted", "I'm sorry if you feel let down.", "sorry if you feel")


def test_in_question() -> None:
    assert _call("in-question", "Are you sorry for the delay?", "sorry")
    assert not _call("in-question", "We are sorry for the delay.", "sorry")


def test_followed_by_question() -> None:
    text = "Sorry for the trouble. Could you send the order number?"
    assert _call("followed-by-question", text, "Sorry")
    assert not _call("followed-by-question", "Sorry for the trouble. That is all.", "Sorry")
