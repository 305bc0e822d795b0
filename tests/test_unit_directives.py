"""Unit tests for directives.py: finding suppression comments and applying them by line."""

from __future__ import annotations

from apologylint.directives import Suppressions, blank_directives, find_directives

SOURCE = (
    "Hello\n"  # 1
    "<!-- apologylint: disable-next-line=FA101 -->\n"  # 2
    "sorry if you feel\n"  # 3
    "sorry if you feel {# apologylint: disable-line=fake-apology #}\n"  # 4
    "apologylint: disable=DF\n"  # 5
    "x\n"  # 6
    "apologylint: enable\n"  # 7
    "y\n"  # 8
)


def test_find_directives_reads_kind_selectors_and_line() -> None:
    found = [(d.kind, d.selectors, d.line) for d in find_directives(SOURCE)]
    assert found[:2] == [
        ("disable-next-line", ("FA101",), 2),
        ("disable-line", ("fake-apology",), 4),
    ]
    assert [f[0] for f in found[2:]] == ["disable", "enable"]
    assert [f[2] for f in found[2:]] == [5, 7]


def test_no_directive_without_the_marker_or_outside_a_comment() -> None:
    assert find_directives("disable-next-line=FA101\nsorry") == []
    # in plain text a directive stands on a line of its own
    assert find_directives("sorry apologylint: disable-line\n") == []


def test_blank_directives_keeps_length_and_newlines() -> None:
    ds = find_directives(SOURCE)
    blanked = blank_directives(SOURCE, ds)
    assert len(blanked) == len(SOURCE)
    assert blanked.count("\n") == SOURCE.count("\n")
    assert "apologylint" not in blanked
    assert "sorry if you feel" in blanked


def test_suppressions_by_line_and_selector() -> None:
    s = Suppressions(find_directives(SOURCE))
    fa = ("FA101", "sorry-if-you-feel", "fake-apology")
    df = ("DF101", "some-defensive-rule", "defensive")
    assert s.suppressed(*fa, line=3)  # disable-next-line
    assert not s.suppressed("FA102", "other", "fake-apology", line=3)  # names FA101 only
    assert s.suppressed(*fa, line=4)  # disable-line by category
    assert not s.suppressed(*fa, line=6)
    assert s.suppressed(*df, line=6)  # inside disable … enable
    assert not s.suppressed(*df, line=8)  # after enable


def test_unused_directives_are_reported() -> None:
    s = Suppressions(find_directives(SOURCE))
    s.suppressed("FA101", "sorry-if-you-feel", "fake-apology", line=3)
    unused = {d.line for d in s.unused()}
    assert 2 not in unused
    assert 4 in unused


def test_a_directive_can_be_left_out_of_its_own_check() -> None:
    (d,) = find_directives("apologylint: disable-file\n")
    s = Suppressions([d])
    assert s.suppressed("AL001", "unused-directive", "meta", line=1) is True
    s = Suppressions([d])
    assert s.suppressed("AL001", "unused-directive", "meta", line=1, exclude=d) is False
