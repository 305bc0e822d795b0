"""AL002 misplaced-directive: a suppression directive the reader cannot honour where it stands.

Directives in a comment (``<!-- … -->``, ``{# … #}``, ``{{! … }}``) or alone on a plain-text line
are taken out of the text before it is linted; whatever looks like a directive and is still in
the linted text is not one — typically ``… that way. apologylint: disable-line`` after prose on
the same line, which is not honoured and would be sent to the customer as written.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ..analysis import Context
from ..findings import Severity
from ..registry.rule import CodeRule, Examples, Match, Rule

MISPLACED_DIRECTIVE = "AL002"

_LOOSE = re.compile(
    r"\bapologylint:\s*(?:disable-next-line|disable-line|disable-file|disable|enable)\b"
    r"(?:\s*=\s*[\w.-]+(?:\s*,\s*[\w.-]+)*)?",
    re.IGNORECASE,
)


class MisplacedDirective(CodeRule):
    rule = Rule(
        code=MISPLACED_DIRECTIVE,
        name="misplaced-directive",
        category="meta",
        severity=Severity.WARNING,
        message="Directive '{match}' is not honoured here and would be sent to the customer",
        summary="An 'apologylint: disable…' directive after text on the same line (or otherwise "
        "outside a comment), where it suppresses nothing and is part of the reply.",
        why="A directive written inline in plain text is not a comment: it suppresses nothing, "
        "and the customer receives the words 'apologylint: disable-line' in the reply.",
        suggestion="Put the directive on a line of its own (plain text) or in the file's comment "
        "syntax, e.g. <!-- apologylint: disable-next-line=FA101 -->.",
        examples=Examples(
            fires=(
                "We are looking into it today. apologylint: disable-line",
                "Your refund is on its way. apologylint: disable-next-line=SA101\nThanks!",
                "See you soon! apologylint: disable-file",
            ),
            passes=(
                "apologylint: disable-next-line=SA101\nWe apologise for any inconvenience.",
                "Thanks for waiting. <!-- apologylint: disable-line=FA101 -->",
                "Our drafts are checked with apologylint before they are sent.",
            ),
        ),
        source="apologylint.checks.misplaced_directive",
        pack="builtin",
    )

    def check(self, doc: Any, ctx: Context) -> Iterator[Match]:
        text = ctx.text
        if "apologylint" not in text.lower():
            return
        for m in _LOOSE.finditer(text):
            yield Match(m.start(), m.end())
