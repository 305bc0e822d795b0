"""Unit tests for analysis.py: the whitespace-collapsed text view and the per-Doc Context."""

from __future__ import annotations

from apologylint.analysis import Context, TextView, quoted_spans, split_sentences


def test_text_view_collapses_whitespace_and_maps_back() -> None:
    seg = "Sorry   for\n  the delay."
    view = TextView(seg)
    assert view.text == "Sorry for the delay."
    for word in ("Sorry", "for", "the", "delay."):
        i = view.text.index(word)
        j = view.to_segment(i)
        assert seg[j : j + len(word)] == word
        assert view.to_segment_end(i + len(word)) == j + len(word)


def test_text_view_drops_leading_and_trailing_whitespace() -> None:
    view = TextView("  \n Thanks for waiting. \n")
    assert view.text == "Thanks for waiting."
    assert view.to_segment(0) == 4


def test_text_view_records_a_break_at_a_new_paragraph_not_after_a_comma() -> None:
    assert TextView("Thanks for waiting\n\nWe shipped it today").breaks
    assert TextView("Hi Sam,\nsorry for the wait").breaks == []


def test_split_sentences_spans_cover_the_sentences() -> None:
    text = "I'm sorry. It was our mistake! Can I help?"
    spans = split_sentences(text)
    assert [text[s:e].strip() for s, e in spans] == [
        "I'm sorry.",
        "It was our mistake!",
        "Can I help?",
    ]


def test_quoted_spans_find_the_quotation() -> None:
    text = 'You wrote "sorry if you feel that way" and I agree.'
    spans = quoted_spans(text)
    assert len(spans) == 1
    s, e = spans[0]
    assert "sorry if you feel that way" in text[s:e]


def test_context_windows_stay_in_their_sentence() -> None:
    text = "I'm sorry for the delay. We refunded you today. Anything else?"
    ctx = Context(text)
    start = text.index("sorry")
    end = start + len("sorry")
    assert ctx.before(start) == "I'm "
    assert ctx.rest(end) == " for the delay."
    assert ctx.after(end) == " for the delay. We refunded you today."
    assert ctx.sentence_at(text.index("refunded")) == ctx.sentences[1]
    assert [t for _, _, t in ctx.iter_sentences()][-1].strip() == "Anything else?"


def test_context_in_quotes() -> None:
    text = "She said “sorry if you feel that way”. I am sorry."
    ctx = Context(text)
    inner = text.index("sorry")
    outer = text.rindex("sorry")
    assert ctx.in_quotes(inner, inner + 5)
    assert not ctx.in_quotes(outer, outer + 5)


def test_context_memo_is_per_context() -> None:
    a, b = Context("x"), Context("x")
    a.memo["k"] = 1
    assert "k" not in b.memo
