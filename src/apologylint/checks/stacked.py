"""SA201 stacked-apologies: three or more apologies within 120 words."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ..analysis import Context
from ..findings import Severity
from ..registry.rule import CodeRule, Examples, Match, Rule
from ._lexicon import apology_words

WINDOW_WORDS = 120
THRESHOLD = 3
_WORD = re.compile(r"\S+")


class StackedApologies(CodeRule):
    """Counts apology words ("sorry", "apologise", "apologies", "regret") and reports the third
    one that falls within 120 words of the first two; one finding per stack."""

    rule = Rule(
        code="SA201",
        name="stacked-apologies",
        category="scripted-apology",
        severity=Severity.INFO,
        message="Third apology within 120 words: stacked apologies read as scripted",
        summary="Three or more apologies within 120 words.",
        why="One sincere apology lands; three in a row read as grovelling or a form letter, and "
        "push the fix further down the reply.",
        suggestion="Apologise once, specifically, near the start; spend the rest of the reply on "
        "what you are doing about it.",
        examples=Examples(
            fires=(
                "Sorry for the delay. We apologise for the mix-up. Sorry again for all of this.",
                "I'm so sorry. Really, I apologize. Please accept our apologies for the wait.",
                "Apologies for the wait! Sorry the app logged you out, and sorry the reset link "
                "failed as well.",
                "Sry for the wait. Sorry again about the mix-up. Apologies!",
            ),
            passes=(
                "I'm sorry your order was late. I've refunded the delivery fee. Sorry again.",
                "Sorry to hear that. I've reissued the voucher and it's in your inbox now.",
                "We apologise for the outage on Tuesday. Every account has been credited.",
                "Dont apologise! Sorry for the delay on our side, and sorry the link failed.",
                "INTERNAL - do not send: never write sorry, sorry, sorry like the last macro did.",
            ),
        ),
        guards=("reported-speech", "internal-note"),
        source="apologylint.checks.stacked",
        pack="builtin",
    )

    def check(self, doc: Any, ctx: Context) -> Iterator[Match]:
        text = ctx.text
        hits = apology_words(ctx)
        if len(hits) < THRESHOLD:
            return
        word_starts = [w.start() for w in _WORD.finditer(text)]
        import bisect

        def word_index(offset: int) -> int:
            return bisect.bisect_right(word_starts, offset)

        idx = [word_index(s) for s, _ in hits]
        i = THRESHOLD - 1
        while i < len(hits):
            if idx[i] - idx[i - THRESHOLD + 1] <= WINDOW_WORDS:
                first = i - THRESHOLD + 1
                j = i
                while j + 1 < len(hits) and idx[j + 1] - idx[first] <= WINDOW_WORDS:
                    j += 1
                yield Match(
                    hits[i][0],
                    hits[i][1],
                    f"{j - first + 1} apologies within {WINDOW_WORDS} words: stacked "
                    "apologies read as scripted",
                )
                i = j + THRESHOLD
            else:
                i += 1
