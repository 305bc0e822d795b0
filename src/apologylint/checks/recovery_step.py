"""RC100 missing-recovery-step: a step of the chosen service-recovery framework is missing.

Off by default (not every message answers a complaint): ``--recovery NAME`` or
``recovery = "aware"`` in config turns it on. The Linter reports it from ``Linter.assess``;
this class carries the rule's metadata so it is listed, explained and selected like any rule.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..analysis import Context
from ..findings import Severity
from ..registry.rule import CodeRule, Examples, Match, Rule

MISSING_STEP = "RC100"


class MissingRecoveryStep(CodeRule):
    rule = Rule(
        code=MISSING_STEP,
        name="missing-recovery-step",
        category="recovery",
        severity=Severity.INFO,
        message="{framework}: step '{step}' is missing",
        summary="A reply to a complaint lacks a step of the chosen recovery framework.",
        why="Customers judge a recovery by what it contains: without the fix, a time or a "
        "follow-up, a polite reply still leaves them waiting and unsure.",
        suggestion="Add what the step asks for (apologylint recovery FILE shows the advice).",
        examples=Examples(
            fires=(
                "Thanks for your message about the refund.",
                "We have received your complaint.",
                "Sorry to hear that. You'll have to contact the courier.",
            ),
            passes=(
                "I'm sorry your parcel arrived damaged - that's on us. Which items were broken? "
                "I've sent a replacement today; it arrives by Friday, and I'll check back on "
                "Monday to make sure it arrived safely.",
                "I'm so sorry we double-charged you for March. Could you confirm which card "
                "you used? I've refunded the second payment today and it will show within 3 "
                "days; I'll email you on Thursday to make sure it has landed.",
                "I'm sorry the engineer missed your appointment - your router still isn't "
                "working. What time suits you tomorrow? I've booked a priority visit before "
                "noon tomorrow and I'll call you afterwards to check it's fixed.",
            ),
        ),
        source="apologylint.checks.recovery_step",
        pack="builtin",
    )

    def check(self, doc: Any, ctx: Context) -> Iterator[Match]:
        return iter(())
