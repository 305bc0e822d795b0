"""Named guards: each vetoes a match given its context.

"Followed by" means the rest of the sentence and the next sentence; "preceded by" means the part
of the sentence before the match. Guards are small regexes over the view text: cheap, and they
run only on the few spans a detector already matched.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from .analysis import Context
from .lazyre import LazyPattern

A = r"['’]"  # straight or curly apostrophe

#: A fix, an ownership statement, or a concrete next step.
FIX = LazyPattern(
    r"\b(?:I|we)(?:" + A + r"ve| have)\s+(?:already\s+|just\s+|now\s+|also\s+|gone ahead and\s+)?"
    r"(?!not\b|been\s+unable|no\b)(?:\w+ed|sent|made|put|set|given|taken|got|gotten|done|"
    r"written|spoken|found|brought|paid|run|begun|built|rung|sorted|kept|left)\b"
    r"|(?<!nothing )(?<!more )(?<!else )(?<!much )(?<!little )(?<!all )(?<!not something )"
    r"(?<!n't something )(?<!n’t something )"
    r"\b(?:I|we)(?:"
    + A
    + r"ll| will| shall|"
    + A
    + r"m going to| am going to|"
    + A
    + r"re going to| are going to| can| could|"
    + A
    + r"d (?:like|love|be happy) to"
    + r"| would (?:like|love|be happy) to| want to)\s+(?!not\b|only\b|never\b)"
    r"|\blet me\b(?!\s+know\b)|\bhere" + A + r"s what\b|\bhere is what\b"
    r"|\b(?:I|we)(?:" + A + r"m| am|" + A + r"re| are)\s+(?:now\s+|already\s+)?"
    r"(?:refunding|sending|replacing|fixing|issuing|arranging|crediting|escalating|looking into|"
    r"rebooking|reshipping|processing|reviewing|working on|on it)\b"
    r"|\b(?:refund|replacement|credit|voucher)\b[^.?!]{0,40}\b(?:is|has been|was)\s+"
    r"(?:on (?:its|the) way|issued|processed|sent|applied|approved)"
    r"|\b(?:that" + A + r"s|this is|it" + A + r"s|it was)\s+"
    r"(?:on us|on me|our (?:fault|mistake|error)|my (?:fault|mistake|error))\b"
    r"|(?<!not )(?<!n't )(?<!n’t )(?<!no )(?<!never )\b(?:our|my) (?:mistake|fault|error)\b"
    r"(?! that you)"
    r"|\b(?:it|this|that|everything|all|the (?:issue|problem|bug|fault|error))(?:"
    + A
    + r"s| is| has| was)\s+(?:now\s+|all\s+|been\s+|now been\s+)*"
    r"(?:fixed|resolved|sorted|corrected|restored|repaired|back (?:up|online|to normal)|"
    r"working (?:again|normally)|up and running)\b"
    r"|\b(?:a|the|your)\s+(?:new|replacement|fresh|correct|right)\s+(?:one|item|parcel|order|"
    r"card|part|link|code|device|unit|invoice|bill|statement)\b[^.?!]{0,30}\b(?:ships|will ship|"
    r"is being (?:sent|shipped|posted)|will be (?:sent|shipped|posted|with you)|goes out|"
    r"went out|will arrive|arrives|is on (?:its|the) way|has been (?:sent|issued|posted))\b"
    r"|\bwe (?:got (?:this|that|it) wrong|dropped the ball|messed up|let you down|should have)\b",
    re.IGNORECASE,
)

#: A remedy: money back, a correction, a replacement, a reversal - narrower than FIX, which also
#: counts "we've checked" or "I'll look into it". "We've checked with the store" after "that is
#: incorrect" is evidence, not a remedy.
REMEDY = LazyPattern(
    r"\b(?:I|we)(?:" + A + r"ve| have)?\s+(?:already\s+|just\s+|now\s+|also\s+|gone ahead and\s+)?"
    r"(?:refunded|credited|reimbursed|replaced|resent|re-sent|reissued|re-issued|corrected|fixed|"
    r"amended|adjusted|removed|waived|reversed|cancelled|canceled|rebooked|upgraded|restored|"
    r"reinstated|honou?red|matched|covered|sent (?:you )?(?:a|the|your) (?:replacement|new|refund|"
    r"credit|correct))\b"
    r"|\b(?:I|we)(?:"
    + A
    + r"ll| will| can|"
    + A
    + r"m going to| am going to|"
    + A
    + r"re going to| are going to)\s+(?:\w+\s+)?(?:refund|credit|reimburse|replace|resend|re-send|"
    r"reissue|correct|fix|amend|adjust|remove|waive|reverse|cancel|rebook|upgrade|restore|"
    r"reinstate|honou?r|match|cover|send (?:you )?(?:a|the|your) (?:replacement|new|refund|credit|"
    r"correct))\b"
    r"|\b(?:refund|replacement|credit|voucher|correction)\b[^.?!]{0,40}\b(?:is|has been|was)\s+"
    r"(?:on (?:its|the) way|issued|processed|sent|applied|approved|made)",
    re.IGNORECASE,
)

QUESTION = LazyPattern(r"\?")
_NEGATION_BEFORE = LazyPattern(
    r"(?:\bnot|\bnever|n" + A + r"t|\bno|\bhardly|\bwithout)\s+(?:\S+\s+){0,2}$", re.IGNORECASE
)

Guard = Callable[[Context, int, int], bool]


def _followed_by_fix(ctx: Context, start: int, end: int) -> bool:
    return bool(FIX.search(ctx.after(end)))


def _followed_by_question(ctx: Context, start: int, end: int) -> bool:
    return bool(QUESTION.search(ctx.after(end)))


def _followed_by_fix_or_question(ctx: Context, start: int, end: int) -> bool:
    after = ctx.after(end)
    return bool(FIX.search(after) or QUESTION.search(after))


def _followed_by_remedy(ctx: Context, start: int, end: int) -> bool:
    return bool(REMEDY.search(ctx.after(end)))


def _negated(ctx: Context, start: int, end: int) -> bool:
    return bool(_NEGATION_BEFORE.search(ctx.before(start)))


def _question(ctx: Context, start: int, end: int) -> bool:
    """The match is in a question (asked of the customer, not stated)."""
    s, e = ctx.sentence_at(start)
    return ctx.text[s:e].rstrip().endswith("?")


GUARDS: dict[str, Guard] = {
    "followed-by-fix": _followed_by_fix,
    "followed-by-question": _followed_by_question,
    "followed-by-fix-or-question": _followed_by_fix_or_question,
    "followed-by-remedy": _followed_by_remedy,
    "negated": _negated,
    "in-question": _question,
}

GUARD_DOCS: dict[str, str] = {
    "quoted": "always on unless match_in_quotes: true — the match is inside quotation marks",
    "followed-by-fix": "the rest of the sentence or the next one states a fix or ownership",
    "followed-by-question": "the rest of the sentence or the next one asks a question",
    "followed-by-fix-or-question": "either of the two above",
    "followed-by-remedy": "the rest of the sentence or the next one states a remedy (a refund, "
    "credit, correction, replacement or reversal), narrower than "
    'followed-by-fix: "we\'ve checked" is not one',
    "negated": "a negation (not, never, n't, no) stands up to two words before the match",
    "in-question": "the sentence holding the match is a question",
}
