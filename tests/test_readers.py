"""Readers: decoding, placeholder masking, quotes and signatures, exact offsets."""

from __future__ import annotations

import pytest

from apologylint import InputError, lint, read
from apologylint.readers import decode, templates


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        ("Sorry if you feel that way.".encode("utf-8-sig"), "utf-8-sig"),
        ("Sorry if you feel that way.".encode("utf-16"), "utf-16"),
        ("Sorry if you feel that way.".encode("utf-32"), "utf-32"),
        ("Sorry — if you feel".encode(), "utf-8"),
        ("Sorry \u2014 caf\u00e9".encode("cp1252"), "cp1252"),
    ],
)
def test_decode(data: bytes, encoding: str) -> None:
    decoded = decode(data)
    assert decoded.encoding == encoding
    assert not decoded.text.startswith("\ufeff")
    assert (decoded.notice is not None) == (encoding == "cp1252")


def test_binary_and_undecodable_are_errors() -> None:
    with pytest.raises(InputError, match="binary"):
        decode(b"text\x00more")
    with pytest.raises(InputError, match="not UTF-8"):
        decode(b"\x81\x8d\x8f\x90\x9d")
    with pytest.raises(InputError, match="unknown encoding"):
        decode(b"abc", encoding="no-such-codec")


@pytest.mark.parametrize(
    "placeholder",
    [
        "{{ticket.requester.first_name}}",
        "{{ name }}",
        "{{{ raw }}}",
        "%FIRST_NAME%",
        "%{ticket.name.first}",
        "[Customer Name]",
        '{{first_name|fallback:"there"}}',
    ],
)
def test_placeholders_do_not_break_the_sentence(placeholder: str) -> None:
    text = f"Hi {placeholder}, sorry if you feel that way."
    masked = templates.mask(text)
    assert len(masked) == len(text)
    assert placeholder not in masked
    findings = lint(text)
    assert [f.code for f in findings] == ["FA101"]
    assert findings[0].column == text.index("sorry") + 1


@pytest.mark.parametrize(
    "tag",
    [
        "{% if vip %}",
        "{# note #}",
        "{{#if vip}}",
        "{{! comment }}",
        "{% comment %}sorry if you feel{% endcomment %}",
    ],
)
def test_tags_are_blank(tag: str) -> None:
    text = f"We are sorry {tag}if you feel let down."
    masked = templates.mask(text)
    assert len(masked) == len(text)
    assert [f.code for f in lint(text)] == ["FA101"]
    assert lint(tag + " Thanks!") == []


def test_placeholder_text_is_never_linted() -> None:
    assert lint("{{ sorry_if_you_feel_that_way }} and %SORRY_IF_YOU_FEEL%") == []


def test_quoted_lines_and_signature_are_not_linted() -> None:
    text = (
        "Hi Ana,\n\nThe replacement ships today.\n\n"
        "On Mon, 2 Nov 2026, Ana <ana@example.com> wrote:\n"
        "> I'm sorry if you feel I'm being difficult, but...\n"
        ">> As I already said, calm down.\n"
    )
    assert lint(text) == []
    sig = "Thanks, all done.\n-- \nSorry if you feel this is spam: our legal footer.\n"
    assert lint(sig) == []


def test_customer_words_in_quotation_marks_are_not_linted() -> None:
    assert (
        lint(
            "You wrote that our agent said “sorry if you feel that way”. I’m sorry: "
            "that was wrong of us."
        )
        == []
    )


def test_read_path(tmp_path) -> None:
    p = tmp_path / "d.txt"
    p.write_text("Sorry if you felt ignored.", encoding="utf-8")
    doc = read(p)
    assert doc.path == str(p)
    assert doc.source == "Sorry if you felt ignored."
    with pytest.raises(InputError, match="no such file"):
        read(tmp_path / "missing.txt")
    with pytest.raises(InputError, match="is a directory"):
        read(tmp_path)
