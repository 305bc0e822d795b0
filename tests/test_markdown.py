"""Markdown: prose only, at exact source columns (markup is blanked in place, never moved)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from apologylint import Linter, read
from apologylint.readers.markdown import read_markdown

PHRASE = "sorry if you feel that way"


def lint(text: str):
    return Linter().lint(read_markdown(text))


def test_prose_blocks_fire_at_exact_columns() -> None:
    text = "# Re: your order\n\nHi **Sam**, I'm *sorry* if you feel that way.\n"
    (f,) = [f for f in lint(text) if f.category == "fake-apology"]
    assert (f.line, f.column) == (3, 18)
    assert text[f.start : f.end] == f.text == "sorry* if you feel"


def test_code_quotes_html_and_urls_are_not_prose() -> None:
    text = (
        "Thanks for the report.\n\n"
        "> I'm sorry if you feel that way, said the last agent.\n\n"
        "```\nsorry if you feel that way\n```\n\n"
        "    sorry if you feel that way (indented code)\n\n"
        "Run `sorry if you feel that way` in the console.\n\n"
        "See [the guide](https://example.com/sorry-if-you-feel-that-way).\n\n"
        "<div>sorry if you feel that way</div>\n\n"
        "![sorry if you feel that way](img.png)\n\n"
        "[ref]: https://example.com/sorry if you feel that way\n"
    )
    assert lint(text) == []


def test_list_items_headings_and_tables() -> None:
    text = (
        "## Sorry if you felt ignored\n\n- first: sorry if you feel that way\n"
        "- As I already explained, no.\n\n| Reply | Note |\n|---|---|\n"
        "| Sorry if you were upset | old |\n"
    )
    found = {(f.category, f.line) for f in lint(text)}
    assert {
        ("fake-apology", 1),
        ("fake-apology", 3),
        ("defensive", 4),
        ("fake-apology", 8),
    } <= found


def test_read_dispatches_markdown_by_suffix(tmp_path) -> None:
    p = tmp_path / "reply.md"
    p.write_text("> sorry if you feel that way\n\nAll fixed now.\n", encoding="utf-8")
    doc = read(p)
    assert doc.format == "markdown" and Linter().lint(doc) == []


WORDS = st.sampled_from(
    [
        "thanks",
        "**bold**",
        "_it_",
        "`code`",
        "[link](http://x.y/z)",
        "café",
        "👋",
        "<b>",
        "</b>",
        "{{ name }}",
        "order.",
        "—",
        "\\*",
    ]
)
BLOCK = st.lists(WORDS, max_size=8).map(" ".join)


@given(
    before=BLOCK,
    after=BLOCK,
    prefix=st.sampled_from(["", "- ", "1. ", "## ", "| "]),
    emphasis=st.sampled_from(["", "**", "*", "_"]),
)
def test_positions_map_back(before: str, after: str, prefix: str, emphasis: str) -> None:
    phrase = f"{emphasis}sorry{emphasis} if you feel that way"
    text = f"Intro paragraph.\n\n{prefix}{before} {phrase}. {after}\n\n> {PHRASE}\n"
    findings = [f for f in lint(text) if f.category == "fake-apology"]
    assert len(findings) == 1, text
    f = findings[0]
    assert text[f.start : f.end] == f.text
    assert f.text.startswith("sorry") and f.text.endswith(("feel", "feel that way"))
    assert text.splitlines()[f.line - 1][f.column - 1 :].startswith("sorry")
