"""An example plugin: the ACME brand's own rules.

The entry point names this module; apologylint collects its CodeRule subclasses and the YAML
packs beside it.
"""

from __future__ import annotations

import re

from apologylint import CodeRule, Examples, Match, Rule, Severity

_OLD_NAME = re.compile(r"\bAcmeCorp\b")


class OldBrandName(CodeRule):
    """The company was renamed; replies must not use the old name."""

    rule = Rule(
        code="ACM101",
        name="old-brand-name",
        category="brand",
        severity=Severity.WARNING,
        message="Old brand name '{match}'",
        summary="Uses the retired brand name 'AcmeCorp'.",
        why="Customers think they reached the wrong company.",
        suggestion="Write 'Acme'.",
        examples=Examples(
            fires=(
                "Thanks for contacting AcmeCorp!",
                "AcmeCorp support here.",
                "Welcome back to AcmeCorp.",
            ),
            passes=("Thanks for contacting Acme!", "Acme support here.", "acmecorpus is fine"),
        ),
    )

    def check(self, doc, ctx):
        for m in _OLD_NAME.finditer(ctx.text):
            yield Match(m.start(), m.end())
