"""NA101 apology-with-excuse: where its span ends, and a suggestion that fits what it found."""

from __future__ import annotations

from apologylint import Linter

LINTER = Linter(select=["non-apology"])


def _na101(text: str) -> list:
    return [f for f in LINTER.lint(text) if f.code == "NA101"]


def test_an_excuse_in_the_next_sentence_keeps_the_span_in_the_apology_sentence() -> None:
    text = "Sorry about this. Your parcel was mislaid by the courier."
    (f,) = _na101(text)
    assert f.text == "Sorry about this."
    assert "next sentence" in f.message and "mislaid by the courier" in f.message


def test_the_next_sentence_keeps_its_own_finding() -> None:
    text = "I apologise for the wait. It was caused by a storm, and mistakes were made."
    codes = sorted(f.code for f in LINTER.lint(text))
    assert codes == ["NA101", "NA102"]


def test_the_suggestion_names_the_but_only_when_there_is_one() -> None:
    (with_but,) = _na101("Sorry about the hold-up, but we had a huge backlog this week.")
    assert with_but.suggestion.startswith("Drop the 'but'")
    assert "huge backlog" in with_but.suggestion
    (without,) = _na101("Apologies for the delay, Royal Mail are having issues.")
    assert "Drop the" not in without.suggestion
    assert "Royal Mail are having issues" in without.suggestion


def test_the_suggestion_fits_a_policy() -> None:
    (f,) = _na101("Sorry about the parking charge. Permits must be shown within 10 minutes.")
    assert "Instead of the rule" in f.suggestion and "Permits must be shown" in f.suggestion
    (f,) = _na101("Sorry, but that is our policy and we have to follow it.")
    assert f.suggestion.startswith("Drop the 'but' and the rule after it")


def test_the_suggestion_after_unfortunately() -> None:
    (f,) = _na101("Sorry! Unfortunately we don't offer refunds on sale items.")
    assert "Drop the" not in f.suggestion
    assert f.suggestion.startswith("'we don't offer refunds on sale items' takes the apology back")


def test_a_justification_before_the_apology() -> None:
    (f,) = _na101("We always try to seat families together. Sorry you were split up.")
    assert "justification before it" in f.message


def test_guards_answer_note_and_reported_speech() -> None:
    assert not _na101("Apologies, but you can change the address under Settings > Account.")
    assert not _na101("INTERNAL - do not send: they were told sorry, but that's our policy.")
    assert not _na101("You mentioned the agent said sorry but that's our policy.")
    assert _na101("Apologies, but that is our policy.")


def test_a_hyphenated_word_in_a_gap_does_not_hide_the_excuse() -> None:
    # A modifier such as "last-minute" is three tokens and not one \w+ word: the one-word gaps
    # of the cause patterns take it whole, so each of these excuses is found as its plain form is.
    pairs = [
        (
            "Sorry for the wait. There was a mix-up at the depot.",
            "Sorry for the wait. There was a last-minute mix-up at the depot.",
        ),
        (
            "Apologies. Your train was held up due to a signal fault.",
            "Apologies. Your train was un-expectedly held up due to a signal fault.",
        ),
        (
            "Sorry about that. The courier has been having issues this week.",
            "Sorry about that. The courier has been having on-off issues this week.",
        ),
    ]
    for plain, hyphenated in pairs:
        assert _na101(plain), plain
        assert _na101(hyphenated), hyphenated


def test_a_hyphenated_gap_with_a_fix_after_it_stays_clean() -> None:
    text = (
        "Sorry for the wait. There was a last-minute mix-up at the depot, "
        "so I've sent a new one today."
    )
    assert not _na101(text)


def test_our_own_slip_given_as_the_cause_is_owned() -> None:
    # The same cause frame with a partner as its subject stays an excuse.
    owned = [
        "Sorry, the courier missed you because we printed the wrong postcode on the label.",
        "Sorry, the engineer was late because I gave the job to the wrong team.",
        "Sorry, your driver was late because we gave him the wrong address.",
    ]
    for text in owned:
        assert not _na101(text), text
    assert _na101(
        "Sorry, the engineer was late because the dispatcher gave the job to the wrong team."
    )
    assert _na101("Sorry, the delivery was late because we were very busy.")
