"""The Python API the service is built on: input formats for strings, and a verdict per draft."""

from __future__ import annotations

import pickle

import pytest

from apologylint import Linter, LintResult, lint


def test_lint_reads_a_string_in_the_format_given():
    html = (
        "<p>We&#39;re so sorry if you feel <b>let down</b>.</p><script>sorry if you feel</script>"
    )
    result = lint(html, input_format="html")
    assert [f.code for f in result] == ["FA101"]
    assert html[result[0].start : result[0].end].startswith("sorry if you feel")
    assert "<script>" not in result[0].text
    # an entity is decoded only when the string is read as HTML
    assert [f.code for f in lint("I'm &#115;orry if you feel", input_format="html")] == ["FA101"]
    assert list(lint("I'm &#115;orry if you feel")) == []
    md = "`sorry if you feel` in code\n\n> sorry if you feel\n"
    assert list(lint(md, input_format="markdown")) == []
    assert [f.code for f in lint("Hi {{ name }}, sorry if you feel", input_format="template")] == [
        "FA101"
    ]


def test_linter_lint_takes_input_format_and_path():
    linter = Linter()
    result = linter.lint("<p>Calm down.</p>", input_format="html", path="reply.html")
    assert [(f.code, f.path, f.column) for f in result] == [("DF106", "reply.html", 4)]
    with pytest.raises(Exception, match="unknown input format"):
        linter.lint("hi", input_format="pdf")


def test_verdict_follows_fail_on():
    assert lint("Your refund went out today.").verdict == "pass"
    result = Linter(ignore=["FA", "NA"]).lint("Please calm down.")
    assert result.verdict == "fail"
    assert result.verdict_at("error") == "pass"
    assert Linter(severity={"DF106": "info"}).lint("Please calm down.").verdict == "pass"
    info = Linter(select=["SA"]).lint("We apologise for any inconvenience caused.")
    assert info and info.verdict == "pass" and info.verdict_at("info") == "fail"


def test_a_draft_not_checked_is_not_a_pass():
    result = LintResult(
        [], ("not checked (not English): the rules read English only, so no finding is no pass",)
    )
    assert result.not_checked == "not English"
    assert result.verdict == "not-checked"


def test_lint_result_pickles_with_its_verdict_level():
    result = LintResult([], ("a notice",), fail_on="error")
    back = pickle.loads(pickle.dumps(result))
    assert back.notices == ("a notice",) and back.fail_on == "error" and back.verdict == "pass"
