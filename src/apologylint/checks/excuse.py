"""NA101 apology-with-excuse: an apology taken back by an excuse in the same or next sentence."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..analysis import Context
from ..findings import Severity
from ..registry.rule import CodeRule, Examples, Match, Rule
from ._lexicon import APOLOGY, COMMISERATION, CONDITIONAL, CONTRAST, EXCUSE, FIX, GOOD_TURN
from ._lexicon import NEGATED_APOLOGY as NEGATED


def apologies(ctx: Context) -> Iterator[tuple[int, int]]:
    """Spans of apologies for something (not "sorry to hear", not negated, not "sorry if")."""
    text = ctx.text
    for m in APOLOGY.finditer(text):
        s, e = m.span()
        tail = text[e:e + 40]
        if COMMISERATION.match(tail) or CONDITIONAL.match(tail):
            continue
        if NEGATED.search(text[max(0, s - 30):s]):
            continue
        if ctx.in_quotes(s, e):
            continue
        yield s, e


class ApologyThenExcuse(CodeRule):
    """An apology followed, in the same or the next sentence, by "but"/"however" and an excuse,
    a policy, or a cause that shifts the blame — with no fix after it."""

    rule = Rule(
        code="NA101",
        name="apology-with-excuse",
        category="non-apology",
        severity=Severity.ERROR,
        message="Apology taken back by an excuse: '{match}'",
        summary="An apology followed by 'but'/'however' and an excuse, a policy or someone "
                "else's fault.",
        why="The customer hears only what comes after the 'but': the apology becomes a preface "
            "to a justification, and the failure is pushed onto a policy, a partner or luck.",
        suggestion="Drop the 'but'. Own what happened and say what you will do: \"I'm sorry "
                   "your parcel is late. I've asked the courier to prioritise it and I'll "
                   "update you by 3pm.\"",
        examples=Examples(
            fires=(
                "Sorry about the hold-up, but we had a huge backlog this week.",
                "We do apologise. However, delays like this can happen with any carrier.",
                "I'm really sorry, I had other tickets that took priority over yours.",
                "Apologies for the mix-up — the warehouse sent the wrong size.",
                "Sorry, but that is our policy and we have to follow it.",
            ),
            passes=(
                "Sorry about the hold-up, but I've now refunded the shipping fee.",
                "I'm sorry for the delay. The courier lost the parcel, so I've sent a new "
                "one by express today.",
                "Sorry about this — could you send us your order number?",
                "I'm sorry to hear the parcel was late, but it should arrive tomorrow.",
                "I'm sorry we missed your call. Our team was short-staffed, and I'll ring you "
                "back at 10am tomorrow.",
            ),
        ),
        source="apologylint.checks.excuse",
        pack="builtin",
    )

    def check(self, doc: Any, ctx: Context) -> Iterator[Match]:
        text = ctx.text
        for s, e in apologies(ctx):
            window = ctx.after(e)
            span_end = self._excuse(window, ctx, e)
            if span_end is not None:
                yield Match(s, e + span_end)

    @staticmethod
    def _excuse(window: str, ctx: Context, base: int) -> int | None:
        """End (relative to ``base``) of the excuse that takes the apology back, if any."""
        later = ctx.after(base, sentences=2)
        contrast = CONTRAST.search(window)
        if contrast is not None:
            clause = window[contrast.end():]
            clause = clause[: _clause_end(clause)]
            if GOOD_TURN.search(clause) or FIX.search(clause[:60]) or clause.rstrip().endswith("?"):
                return None
            if FIX.search(later[contrast.end():]):
                return None
            return contrast.end(1)
        cause = EXCUSE.search(window)
        if cause is not None and not FIX.search(later[cause.end():]):
            return cause.end()
        return None


def _clause_end(clause: str) -> int:
    for i, ch in enumerate(clause):
        if ch in ".!?;" and i > 0:
            return i + 1
    return len(clause)
