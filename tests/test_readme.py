"""The README stays true: its two set-up commands are what CI runs, its rule table is fresh."""

from __future__ import annotations

import re
from pathlib import Path

from apologylint.docs import render_readme, render_recovery_doc

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _setup_commands() -> list[str]:
    block = re.search(r"```sh\n(.*?)```", README, re.DOTALL)
    assert block and README.index(block.group(0)) < 40, "README must open with the commands"
    return [line for line in block.group(1).splitlines() if line.strip()]


def test_readme_opens_with_exactly_two_commands() -> None:
    commands = _setup_commands()
    assert len(commands) == 2
    assert "apologylint check --exit-zero corpus/examples" in commands[0]
    assert "[test]" in commands[1] and "pytest" in commands[1]


def test_ci_runs_the_readme_commands() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    for command in _setup_commands():
        assert command in ci


def test_rule_table_is_fresh() -> None:
    assert render_readme(README) == README, "run: python -m apologylint.docs"


def test_framework_tables_are_fresh() -> None:
    doc = (ROOT / "docs" / "recovery.md").read_text(encoding="utf-8")
    assert render_recovery_doc(doc) == doc, "run: python -m apologylint.docs"


def test_no_placeholders_left() -> None:
    assert "PLACEHOLDER" not in README
    for page in (ROOT / "docs").glob("*.md"):
        text = page.read_text(encoding="utf-8")
        assert not any(w in text for w in ("EXAMPLE-ASSESSMENT", "RECOVERY-QUALITY")), page
