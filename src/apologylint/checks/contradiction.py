"""DF118 sorry-but-you-are-wrong: an apology followed at once by a contradiction of the customer
or a question that puts the blame on them.

The move spans the sentence boundary, so it is a code rule::

    APOLOGY   sorry / apologies / we apologise (not negated, not in quotes)
    then, in the rest of that sentence or the next one:
    CONTRADICTION  I (can) see / I've checked / I can confirm ... emphatic do: "the film does
                   show in your library", "it did arrive", "you do have the upgrade"
    or             "actually"/"in fact" + a verb: "it was in fact delivered"
    or BLAME QUESTION  the next sentence asks what the customer did: "Did you pick the
                   large size?", "Have you entered the right code?", "Are you sure you ...?"

The writer's own admission ("sorry, I see we did charge you twice", "it was actually our
mistake") is not a contradiction: emphatic verbs with "charge", "send the wrong" or an
ownership word are left alone.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..analysis import Context
from ..findings import Severity
from ..lazyre import LazyPattern
from ..registry.rule import CodeRule, Examples, Match, Rule
from . import _lexicon as lx
from ._tokens import lowered

A = r"['’]"

_CONTRADICTION = LazyPattern(
    r"\b(?:i|we)(?:\s+can|\s+could|\s+have|" + A + r"ve)?\s+(?:see|confirm|checked|looked|"
    r"note|notice|can see)\b(?:\s+that)?[^.!?]{0,50}?"
    r"\b(?:we|you|it|they|this|that|the \w+|your \w+|there|he|she)\s+(?:do|does|did)\s+"
    r"(?:actually\s+|indeed\s+|still\s+|already\s+|in fact\s+)?"
    r"(?:have|has|show|arrive|work|include|offer|list|cover|deliver|receive|get|come|go|carry|"
    r"stock|support|exist|appear|state|say|display|contain|allow|accept)\b"
    r"|\b(?:it|this|that|the \w+|your \w+|you|they)\s+(?:is|was|were|are|has been|have been|did|"
    r"does|do)\s+(?:actually|in fact|indeed)\s+(?!our\b|my\b|a mistake|an error|wrong)\w+",
)
#: The writer owning it after all: not a contradiction.
_OWNED = LazyPattern(
    r"\b(?:our|my) (?:mistake|fault|error|bad)\b|\bon (?:us|me|our side|our end)\b|"
    r"\bwe (?:did|do) (?:charge|send|make|get|mess|miss|forget|lose|cancel|bill)\b|"
    r"\bshould(?:n" + A + r"t| not)? have\b"
)
_BLAME_QUESTION = LazyPattern(
    r"^\W{0,3}(?:but\s+|so\s+|just to check,?\s+|quick question,?\s+)?"
    r"(?:(?:did|have|had|were)\s+(?:you|u)\s+(?:\w+\s+)?(?:order|ordered|select|selected|choose|"
    r"chosen|pick|picked|request|requested|enter|entered|type|typed|tick|ticked|read|follow|"
    r"followed|specify|specified|ask for|asked for|add|added|remove|removed|forget|forgotten|"
    r"miss|missed|notice|noticed|opt|opted|agree|agreed|accept|accepted|click|clicked|put|leave|"
    r"left|book|booked|pay for|paid for|include|included|mention|mentioned|update|updated|"
    r"provide|provided)\b[^?]{0,80}\?"
    r"|are (?:you|u) (?:sure|certain|positive) (?:that )?(?:you|u)\b[^?]{0,80}\?)"
)


class SorryButYouAreWrong(CodeRule):
    """Reports an apology whose next words contradict the customer or ask what they did
    wrong."""

    rule = Rule(
        code="DF118",
        name="sorry-but-you-are-wrong",
        category="defensive",
        severity=Severity.WARNING,
        message="Apology turned into a correction: '{match}'",
        summary='"Sorry, I can see the film is in your library", "So sorry! Did you '
        'pick the large size?": an apology followed at once by a contradiction or a blame '
        "question.",
        why="The apology raises the customer's hope of being heard; the next words tell them they "
        "were wrong or ask what they did. The sequence reads as a set-up, worse than either "
        "part alone.",
        suggestion="If the customer is mistaken, drop the apology and help them find it: "
        '"The film should be under Purchases in your library - which device are you '
        "watching on? I'll walk you through it.\" If you need a detail, ask for it neutrally.",
        examples=Examples(
            fires=(
                "Sorry about that, I can see you do have the premium plan on this account.",
                "Apologies! I've checked and the parcel did arrive on Monday.",
                "We're so sorry. Did you select express delivery at checkout?",
                "Sorry for the trouble. Are you sure you entered the right email?",
                "Sorry for the mix-up, the order was in fact delivered to your porch.",
            ),
            passes=(
                "Sorry, I can see we did charge you twice; I've refunded the second payment.",
                "Sorry about that! Did you receive the new code I sent?",
                "Sorry for the wait. Have you tried restarting the router?",
                "I'm sorry, it was actually our mistake and I've corrected it.",
                "Sorry to hear that. I can see the engineer does have a slot on Friday, shall "
                "I book it?",
            ),
        ),
        guards=("internal-note", "reported-speech"),
        source="apologylint.checks.contradiction",
        pack="builtin",
    )

    def check(self, doc: Any, ctx: Context) -> Iterator[Match]:
        hits = lx.apology_words(ctx)
        if not hits:
            return
        text = ctx.text
        low = lowered(text)
        last = -1
        for s, e in hits:
            if s < last:
                continue
            window = ctx.after(e, sentences=1)
            wlow = window.lower()
            m = _CONTRADICTION.search(wlow)
            if m is not None and m.start() <= 120 and not _OWNED.search(wlow):
                # an offer in the same breath ("shall I book it?") makes it help, not rebuttal
                tail = wlow[m.end() : m.end() + 80]
                if "?" not in tail.split(".")[0] or not tail.strip():
                    end = e + m.end()
                    last = end
                    yield Match(s, end)
                    continue
            # the blame question: the next sentence, right after the apology's sentence
            i = ctx.sentence_index(max(0, e - 1))
            sents = ctx.sentences
            if 0 <= i + 1 < len(sents):
                a, b = sents[i + 1]
                if a - e <= 120:
                    q = _BLAME_QUESTION.match(low[a:b])
                    if q is not None:
                        last = a + q.end()
                        yield Match(s, a + q.end())
