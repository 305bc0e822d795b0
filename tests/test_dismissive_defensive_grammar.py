"""The dismissive and defensive grammars: findings name what they found, Markdown links and the
token prefilter do not change what is found, and guards that read the whole reply hold."""

from __future__ import annotations

import pytest

from apologylint import Linter
from apologylint.analysis import Context, TextView
from apologylint.checks.lecture import ReadTheRulesFirst
from apologylint.checks.redirect import ColdRedirect


@pytest.fixture(scope="module")
def linter() -> Linter:
    return Linter(model=False)


def _codes(linter: Linter, text: str) -> set[str]:
    return {f.code for f in linter.lint(text)}


def test_redirect_suggestion_names_the_target(linter: Linter) -> None:
    found = [
        f for f in linter.lint("Please take this up with your card issuer.") if f.code == "DM110"
    ]
    assert len(found) == 1
    assert "your card issuer" in found[0].suggestion


@pytest.mark.parametrize(
    "text",
    [
        "For questions, please ask on [the user forum](https://example.org/forum/new).",
        "I'd recommend posting it in our [community chat](https://chat.example.org) instead.",
    ],
)
def test_redirect_reads_markdown_link_text(linter: Linter, text: str) -> None:
    assert "DM110" in _codes(linter, text)


@pytest.mark.parametrize(
    "text",
    [
        "Please contact the seller about the missing charger.",
        "You may call our Claims Department on 0800 000 000.",
        "Check out the community forum for tips.",
        "Please contact us so we can check the order together.",
        "Please use a descriptive branch name.",
        "Please read our community guidelines before posting again.",
        "Please don't comment on resolved tickets.",
        "We follow strict hygiene rules in every kitchen.",
        "To avoid this in future, please review the [house rules](https://example.org/r).",
    ],
)
def test_prefilter_and_full_scan_agree(text: str) -> None:
    """The token prefilter (with a Doc) finds exactly what the full scan (without) finds."""
    import spacy

    nlp = spacy.blank("en")
    view = TextView(text)
    for rule in (ColdRedirect(), ReadTheRulesFirst()):
        with_doc = list(rule.check(nlp.make_doc(view.text), Context(view.text, view.breaks)))
        without = list(rule.check(None, Context(view.text, view.breaks)))
        assert [(m.start, m.end) for m in with_doc] == [(m.start, m.end) for m in without], (
            rule.rule.code
        )


def test_refusal_with_a_way_back_later_in_the_reply(linter: Linter) -> None:
    refusal = (
        "Thanks for the pull request. We have decided not to merge it as it stands. "
        "The build config is shared by every platform."
    )
    assert "DM112" in _codes(linter, refusal)
    assert "DM112" not in _codes(
        linter, refusal + " If you disagree, reply here and we can revisit it."
    )


def test_refusal_right_after_an_apology_is_left_to_non_apology(linter: Linter) -> None:
    assert "DM112" not in _codes(linter, "We're so sorry. Refunds aren't possible after 30 days.")
    assert "DM112" in _codes(linter, "Refunds aren't possible after 30 days.")


def test_warm_hand_off_two_sentences_on(linter: Linter) -> None:
    cold = "Please call our Baggage Office about the delivery slot."
    warm = cold + " The slots open at 8am. I've let them know you'll call."
    assert "DM110" in _codes(linter, cold)
    assert "DM110" not in _codes(linter, warm)


def test_lecture_needs_a_correction_or_a_closure(linter: Linter) -> None:
    assert "DF111" not in _codes(
        linter, "Please read our contributing guide to set up the project."
    )
    assert "DF111" in _codes(
        linter, "This ticket has been closed. Please read our contributing guide."
    )


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Sorry about that, I can see the invoice does show the discount.", "DF118"),
        ("Sorry for the wait. Did you tick the gift-wrap box at checkout?", "DF118"),
        ("Of course a ten-year-old boiler is not covered by the plan.", "DF117"),
        ("That was never our intention.", "DF115"),
    ],
)
def test_defensive_moves(linter: Linter, text: str, code: str) -> None:
    assert code in _codes(linter, text)


def test_internal_note_is_not_the_reply(linter: Linter) -> None:
    text = "INTERNAL - do not send: tell them to contact the manufacturer.\n"
    assert "DM110" not in _codes(linter, text)
