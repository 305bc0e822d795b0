"""AL001 unused-directive: a suppression that suppresses nothing (like ruff's RUF100).

The Linter reports it after applying directives; this class carries the rule's metadata so that
it is listed, explained, selected and tested like every other rule.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..analysis import Context
from ..findings import Severity
from ..registry.rule import CodeRule, Examples, Match, Rule

UNUSED_DIRECTIVE = "AL001"


class UnusedDirective(CodeRule):
    rule = Rule(
        code=UNUSED_DIRECTIVE,
        name="unused-directive",
        category="meta",
        severity=Severity.WARNING,
        message="Unused suppression '{match}'",
        summary="An inline 'apologylint: disable…' directive that suppresses nothing.",
        why="Stale suppressions pile up in templates and silently hide the next real problem "
        "someone writes on that line.",
        suggestion="Delete the directive, or point it at the rule that actually fires there.",
        examples=Examples(
            fires=(
                "Thanks for waiting!\n<!-- apologylint: disable-next-line=FA101 -->\n"
                "Your refund is on its way.",
                "{# apologylint: disable-file #}\nAll sorted, see you soon.",
                "apologylint: disable-line=no-such-rule\nThe parcel ships today.",
            ),
            passes=(
                "<!-- apologylint: disable-next-line=FA101 -->\n"
                "Legal asked us to write: sorry if you feel misled.",
                "{{! apologylint: disable-file }}\nWe apologise for any inconvenience.",
                "Thanks for waiting!\nYour refund is on its way.",
            ),
        ),
        source="apologylint.checks.unused_directive",
        pack="builtin",
    )

    def check(self, doc: Any, ctx: Context) -> Iterator[Match]:
        return iter(())
