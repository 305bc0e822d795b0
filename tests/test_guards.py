"""The guard registry: every guard's documented examples hold, and docs/guards.md is fresh."""

from __future__ import annotations

from pathlib import Path

import pytest

from apologylint import Linter
from apologylint.docs import render_guards_doc
from apologylint.guards import GUARD_REGISTRY, GUARDS, GuardInfo, register_guard, run_guard_example

ROOT = Path(__file__).resolve().parents[1]

CASES = [(name, text, True) for name, g in GUARD_REGISTRY.items() for text in g.vetoes] + [
    (name, text, False) for name, g in GUARD_REGISTRY.items() for text in g.keeps
]


@pytest.mark.parametrize(("name", "text", "vetoes"), CASES)
def test_guard_example(name: str, text: str, vetoes: bool) -> None:
    assert run_guard_example(name, text) is vetoes, (name, text)


def test_every_guard_is_documented_and_callable() -> None:
    for name, info in GUARD_REGISTRY.items():
        assert GUARDS[name] is info.check
        assert info.what and info.why
        assert len(info.vetoes) >= 2 and len(info.keeps) >= 2


def test_guards_doc_is_fresh() -> None:
    doc = (ROOT / "docs" / "guards.md").read_text(encoding="utf-8")
    assert render_guards_doc(doc) == doc, "run: python -m apologylint.docs"
    for name in GUARD_REGISTRY:
        assert f"### `{name}`" in doc


def test_a_name_registers_once() -> None:
    info = GUARD_REGISTRY["negated"]
    with pytest.raises(ValueError, match="already registered"):
        register_guard(info)


def test_a_guard_needs_examples_of_both_kinds() -> None:
    bad = GuardInfo("never-vetoes", lambda ctx, s, e: False, "never", "none", ("[[a]]",), ())
    with pytest.raises(ValueError, match="two examples"):
        register_guard(bad)
    assert "never-vetoes" not in GUARDS


def test_an_example_needs_a_marked_match() -> None:
    with pytest.raises(ValueError, match="marked"):
        run_guard_example("negated", "no marks here")


def test_internal_note_keeps_the_reply_after_the_note() -> None:
    text = "INTERNAL - do not send: check the order first.\n\nHi Sam,\nSorry if you feel that way."
    assert any(f.code == "FA101" for f in Linter().lint(text))
    note_only = "INTERNAL - do not send: customer was told sorry if you feel that way."
    assert not [f for f in Linter().lint(note_only) if f.category == "fake-apology"]


def test_reported_speech_without_quote_marks_is_not_the_writer_apologising() -> None:
    text = "You mentioned our agent said sorry you feel that way and hung up."
    assert not [f for f in Linter().lint(text) if f.category == "fake-apology"]
    assert [f for f in Linter().lint("Sorry you feel that way.") if f.category == "fake-apology"]
