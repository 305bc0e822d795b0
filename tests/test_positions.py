"""Positions always map back: whatever surrounds a phrase, source[start:end] == finding.text,
and nothing inside quoted lines, signatures or placeholders produces a finding."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from prose import PROSE_WORDS

from apologylint import lint

WORDS = st.sampled_from([*PROSE_WORDS, "🙏🏽", "—", "José", "naïve", "日本", "\t", "  "])
PLACEHOLDERS = st.sampled_from(
    [
        "{{ticket.requester.first_name}}",
        "{{ name }}",
        "%FIRST_NAME%",
        "%{ticket.name.first}",
        "[Customer Name]",
        "{% if vip %}",
        "{% endif %}",
        "{# note #}",
        "{{! hidden }}",
    ]
)
FAKE = st.sampled_from(
    [
        "sorry if you feel that way",
        "Sorry if you felt that way",
        "I’m sorry if you feel that way",
        "We apologise if you were upset",
        "sorry if\nyou feel that way",
    ]
)
PROSE = st.lists(st.one_of(WORDS, PLACEHOLDERS), max_size=12).map(" ".join)


@given(before=PROSE, phrase=FAKE, after=PROSE, newline=st.booleans())
def test_positions_map_back(before: str, phrase: str, after: str, newline: bool) -> None:
    text = f"{before}{chr(10) if newline else ' '}{phrase}. {after}"
    findings = [f for f in lint(text) if f.category == "fake-apology"]
    assert findings, text
    for f in lint(text):
        assert text[f.start : f.end] == f.text
        lines = text.split("\n")
        assert lines[f.line - 1][f.column - 1 :].startswith(f.text.split("\n")[0])
        assert f.column >= 1 and f.line <= f.end_line


@given(before=PROSE, phrase=FAKE, after=PROSE)
def test_quoted_lines_and_signatures_never_fire(before: str, phrase: str, after: str) -> None:
    quoted = "\n".join("> " + line for line in f"{phrase}. {after}".split("\n"))
    text = f"{before}\n\nOn Mon, Ana <a@example.com> wrote:\n{quoted}\n"
    assert not [f for f in lint(text) if f.category == "fake-apology"], text
    signed = f"{before}\n-- \n{phrase}.\n"
    assert not [f for f in lint(signed) if f.category == "fake-apology"], signed


@given(st.text(max_size=300))
def test_any_text_lints_without_error(text: str) -> None:
    for f in lint(text):
        assert text[f.start : f.end] == f.text
