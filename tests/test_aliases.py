"""Codes that stay: retired and renamed codes as aliases in selection, directives and baselines;
baseline entries that survive a span growing or shrinking; CHANGELOG.md in step with the rules."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path

import pytest

import apologylint.aliases as aliases_mod
from apologylint import Linter
from apologylint.aliases import Alias, builtin_aliases, parse_aliases
from apologylint.baseline import apply_baseline, write_baseline
from apologylint.errors import RulePackError
from apologylint.registry import builtin_rules

ROOT = Path(__file__).resolve().parents[1]
FAKE = "I'm sorry if you feel that way."


@pytest.fixture
def retired(monkeypatch: pytest.MonkeyPatch) -> dict[str, Alias]:
    """A table where FA150 was renamed to FA101 and FA160 was split into FA101 and SA101."""
    table = parse_aliases(
        {
            "aliases": [
                {"old": "FA150", "new": "FA101", "since": "0.2.0", "why": "renamed"},
                {"old": "FA160", "new": ["FA101", "SA101"], "since": "0.2.0"},
            ]
        },
        "test",
    )
    monkeypatch.setattr(aliases_mod, "_table", table)
    return table


def test_alias_table_validation() -> None:
    chain = parse_aliases(
        {
            "aliases": [
                {"old": "FA150", "new": ["FA160"], "since": "0.2.0"},
                {"old": "FA160", "new": ["FA101", "FA102"], "since": "0.3.0"},
            ]
        },
        "t",
    )
    assert chain["FA150"].new == ("FA101", "FA102")  # renamed twice: the latest codes
    for bad in (
        {"aliases": [{"old": "FA150", "since": "0.2.0"}]},
        {"aliases": [{"old": "FA150", "new": [], "since": "0.2.0"}]},
        {"aliases": [{"old": "FA150", "new": "FA101"}]},
        {"aliases": [{"old": "FA150", "new": "FA101", "since": "0.2", "typo": 1}]},
        {"aliases": [{"old": "FA150", "new": "FA150", "since": "0.2"}]},
        {
            "aliases": [
                {"old": "A", "new": "B", "since": "1"},
                {"old": "B", "new": "A", "since": "1"},
            ]
        },
        {"aliases": "FA150"},
    ):
        with pytest.raises(RulePackError):
            parse_aliases(bad, "t")


def test_shipped_aliases_point_at_live_rules_and_never_shadow_one() -> None:
    rules = builtin_rules().rules
    live = {r.code for r in rules} | {r.name for r in rules}
    for old, alias in builtin_aliases().items():
        assert old not in live, f"{old} is retired but a built-in rule still uses it"
        missing = [c for c in alias.new if c not in live]
        assert not missing, f"{old} stands for {missing}, which no built-in rule has"


def _changelog() -> str:
    return (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")


def test_changelog_records_every_code() -> None:
    """Each built-in code, and each retired one, appears in CHANGELOG.md: adding, renaming,
    merging or splitting a rule is a change users must be able to read about."""
    text = _changelog()
    mentioned = set(re.findall(r"\b[A-Z]{1,4}\d{3}\b", text))
    codes = {r.code for r in builtin_rules().rules}
    missing = sorted(codes - mentioned)
    assert not missing, f"CHANGELOG.md does not mention {', '.join(missing)}"
    retired = sorted(set(builtin_aliases()) - mentioned)
    assert not retired, f"CHANGELOG.md does not mention the retired {', '.join(retired)}"


def test_alias_selects_what_it_became(retired) -> None:
    linter = Linter(select=["FA150"])
    assert {r.code for r in linter.rules} == {"FA101"}
    assert any("FA150" in n and "FA101" in n for n in linter.notices)
    split = Linter(select=["FA160"])
    assert {r.code for r in split.rules} == {"FA101", "SA101"}
    ignored = Linter(ignore=["FA150"])
    assert "FA101" not in {r.code for r in ignored.rules}
    assert "FA102" in {r.code for r in ignored.rules}
    assert not any("FA150" in n for n in Linter(select=["FA101"]).notices)


def test_alias_in_a_directive_suppresses_and_says_so(retired, linter) -> None:
    assert [f.code for f in linter.lint(FAKE)] == ["FA101"]
    res = linter.lint(f"apologylint: disable-next-line=FA150\n{FAKE}\n")
    assert res == []  # suppressed, and the directive is not reported as unused
    assert any("directive on line 1" in n and "FA150" in n for n in res.notices)


def test_baseline_entry_under_a_retired_code_still_matches(retired, linter, tmp_path) -> None:
    findings = linter.lint(FAKE, path="a.txt")
    base = tmp_path / "baseline.json"
    write_baseline(str(base), findings)
    data = json.loads(base.read_text(encoding="utf-8"))
    data["findings"][0]["code"] = "FA150"  # recorded before the rename
    base.write_text(json.dumps(data), encoding="utf-8")
    result = apply_baseline(str(base), findings)
    assert (result.new, result.suppressed, result.fixed) == ([], 1, [])
    assert result.notices and "FA150" in result.notices[0]


def test_baseline_survives_a_span_that_grows_or_shrinks(linter, tmp_path) -> None:
    [finding] = linter.lint(FAKE, path="a.txt")
    base = tmp_path / "baseline.json"
    write_baseline(str(base), [finding])
    for text in (
        "sorry if you feel that way, but",  # grew
        "sorry if you feel",  # shrank
        "I am sorry if you feel that",  # moved at both ends
    ):
        result = apply_baseline(str(base), [replace(finding, text=text)])
        assert (result.new, result.suppressed) == ([], 1), text
    for other in ("sorry for the delay", "that way"):
        moved = replace(finding, text=other)
        result = apply_baseline(str(base), [moved])
        assert result.new == [moved] and result.fixed, other
    # another file or another rule never matches
    assert apply_baseline(str(base), [replace(finding, path="b.txt")]).suppressed == 0
    assert apply_baseline(str(base), [replace(finding, code="FA102")]).suppressed == 0


def test_baseline_prefers_exact_entries(linter, tmp_path) -> None:
    [finding] = linter.lint(FAKE, path="a.txt")
    exact = replace(finding, text="sorry if you feel that way")
    longer = replace(finding, text="I'm sorry if you feel that way")
    base = tmp_path / "baseline.json"
    write_baseline(str(base), [exact, longer])
    # the longer span arrives first; it must not take the shorter one's entry
    result = apply_baseline(str(base), [longer, exact])
    assert (result.new, result.suppressed, result.fixed) == ([], 2, [])
    # one recorded, two now: one is new
    write_baseline(str(base), [exact])
    result = apply_baseline(str(base), [longer, exact])
    assert result.new == [longer] and result.suppressed == 1
