"""Rule packs are validated when loaded; a bad pack is one message naming file, rule, field."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from apologylint import Linter, RulePackError
from apologylint.registry import RuleSet, builtin_packs_dir, builtin_rules, load_pack

GOOD = """\
pack: acme
version: "2.1"
rules:
  - code: ACM001
    name: sorry-for-any
    category: scripted-apology
    message: Boilerplate
    summary: One line.
    why: Because.
    suggestion: Name it.
    phrases: ["sorry for any hassle"]
    examples:
      fires: ["Sorry for any hassle.", "So sorry for any hassle!", "We're sorry for any hassle."]
      passes: ["Sorry for the hassle with the refund.", "No hassle.", "Thanks!"]
"""


def _write(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "pack.yaml"
    p.write_text(textwrap.dedent(text), encoding="utf-8")
    return p


def test_good_pack_loads_and_runs(tmp_path: Path) -> None:
    pack = load_pack(_write(tmp_path, GOOD))
    rules = pack.rules
    assert pack.spec.version == "2.1"
    rule = rules[0].rule
    assert (rule.code, rule.severity.value, rule.pack) == ("ACM001", "info", "acme")
    linter = Linter(rules=RuleSet(rules))
    assert [f.code for f in linter.lint("Hi! I’m sorry for any hassle.")] == ["ACM001"]


@pytest.mark.parametrize(
    ("mutation", "expected"),
    [
        (
            ("    why: Because.\n", "    why: Because.\n    colour: red\n"),
            "rule ACM001: field 'colour': unknown key",
        ),
        (("    message: Boilerplate\n", ""), "field 'message': required key missing"),
        (("code: ACM001", "code: acme1"), "field 'code': must be a prefix"),
        (("name: sorry-for-any", "name: Sorry For Any"), "field 'name': must be kebab-case"),
        (('    phrases: ["sorry for any hassle"]\n', ""), "needs 'patterns' or 'phrases'"),
        (
            ('    phrases: ["sorry for any hassle"]\n', "    patterns: [[{LEMMA: sorry}]]\n"),
            "declare them in 'requires'",
        ),
        (
            (
                '    phrases: ["sorry for any hassle"]\n',
                "    patterns: [[{NORM: sorry, COLOUR: red}]]\n",
            ),
            "unknown token attribute 'COLOUR'",
        ),
        (
            ("    why: Because.\n", "    why: Because.\n    unless_followed_by: ['(']\n"),
            "invalid regular expression",
        ),
        (
            (
                '      passes: ["Sorry for the hassle with the refund.", "No hassle.", "Thanks!"]',
                '      passes: ["Thanks!"]',
            ),
            "field 'examples.passes'",
        ),
    ],
)
def test_bad_pack_messages(tmp_path: Path, mutation: tuple[str, str], expected: str) -> None:
    old, new = mutation
    assert old in GOOD
    path = _write(tmp_path, GOOD.replace(old, new, 1))
    with pytest.raises(RulePackError) as info:
        load_pack(path)
    message = str(info.value)
    assert message.startswith(str(path) + ":")
    assert expected in message
    assert info.value.line is not None and info.value.line > 1


def test_unknown_key_suggests_the_closest(tmp_path: Path) -> None:
    with pytest.raises(RulePackError, match="did you mean 'suggestion'"):
        load_pack(_write(tmp_path, GOOD.replace("suggestion:", "sugestion:")))


def test_invalid_yaml_reports_the_line(tmp_path: Path) -> None:
    with pytest.raises(RulePackError) as info:
        load_pack(_write(tmp_path, GOOD.replace("    why: Because.", "    why: [unclosed")))
    assert "invalid YAML" in str(info.value)
    assert info.value.line is not None


def test_not_a_mapping(tmp_path: Path) -> None:
    with pytest.raises(RulePackError, match="must be a mapping"):
        load_pack(_write(tmp_path, "- just\n- a list\n"))


def test_clashing_codes_name_both_sources(tmp_path: Path) -> None:
    rules = load_pack(_write(tmp_path, GOOD)).rules
    other = tmp_path / "other.yaml"
    other.write_text(GOOD.replace("name: sorry-for-any", "name: another-name"), encoding="utf-8")
    more = load_pack(other).rules
    with pytest.raises(RulePackError) as info:
        RuleSet([*rules, *more])
    assert "pack.yaml" in str(info.value) and "other.yaml" in str(info.value)


def test_builtin_packs_are_valid_and_use_their_category_prefix() -> None:
    rules = builtin_rules().rules
    assert len(rules) >= 20
    from apologylint.categories import CONTENT_CATEGORIES, prefix_of

    for rule in rules:
        assert rule.code.startswith(prefix_of(rule.category)), rule.code
    assert {r.category for r in rules} == {*CONTENT_CATEGORIES, "meta", "recovery"}
    assert sorted(p.name for p in builtin_packs_dir().glob("*.yaml")) == sorted(
        f"{c}.yaml" for c in CONTENT_CATEGORIES
    )


def test_spacy_pattern_validation_runs_when_a_linter_is_built(tmp_path: Path) -> None:
    bad = GOOD.replace(
        '    phrases: ["sorry for any hassle"]\n', "    patterns: [[{NORM: {NOT_AN_OP: [x]}}]]\n"
    )
    rules = load_pack(_write(tmp_path, bad)).rules
    with pytest.raises(RulePackError, match="ACM001"):
        Linter(rules=RuleSet(rules))
