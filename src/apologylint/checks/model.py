"""FA900…SA900: the learned second opinion, one rule per category.

The shipped sentence classifier (:mod:`apologylint.model`) scores every sentence with its
neighbours once per Doc; each rule reports the sentences whose score for its category is above a
floor, with the score as the finding's ``confidence``. The Linter then keeps those at or above the
category's threshold (shipped, or ``model-threshold`` in config) and drops a model finding wherever
a rule finding of the same category overlaps its sentence: the rules explain themselves better.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, ClassVar

from ..analysis import Context
from ..findings import Severity
from ..registry.rule import CodeRule, Examples, Match, Rule

#: Scores below this are never reported, whatever the configured threshold (keeps work small).
FLOOR = 0.05

_SEVERITY = {
    "fake-apology": Severity.ERROR,
    "non-apology": Severity.ERROR,
    "defensive": Severity.WARNING,
    "sympathy": Severity.WARNING,
    "dismissive": Severity.WARNING,
    "scripted-apology": Severity.INFO,
}


def _scores(doc: Any, ctx: Context) -> list[dict[str, float]]:
    """The classifier's scores for each sentence of the Doc, computed once per Doc."""
    cached = ctx.memo.get("model-scores")
    if cached is None:
        from ..model import Classifier, sentence_words, windows

        cached = Classifier.shared().scores(windows(sentence_words(ctx.text, ctx.sentences)))
        ctx.memo["model-scores"] = cached
    return cached


class ModelRule(CodeRule):
    """Base class of the model-backed rules: one category each."""

    learned: ClassVar[bool] = True

    def fingerprint_data(self) -> bytes:
        """The shipped model and thresholds: a retrained model invalidates cached results."""
        from ..model import model_fingerprint

        return model_fingerprint()

    def check(self, doc: Any, ctx: Context) -> Iterator[Match]:
        category = self.rule.category
        for (start, end), scores in zip(ctx.sentences, _scores(doc, ctx)):
            p = scores.get(category, 0.0)
            if p >= FLOOR:
                message = self.rule.message.replace("{confidence}", f"confidence {p:.2f}")
                yield Match(start, end, message, round(p, 4))


def _rule(
    code: str, name: str, category: str, what: str, why: str, suggestion: str, examples: Examples
) -> Rule:
    return Rule(
        code=code,
        name=name,
        category=category,
        severity=_SEVERITY[category],
        message=f"The model reads this sentence as {what} ({{confidence}})",
        summary=f"The learned second opinion: a sentence the classifier reads as {what}.",
        why=why
        + " This is a statistical judgement of the whole sentence with its neighbours, not a "
        "phrase match: read it as a second opinion.",
        suggestion=suggestion,
        examples=examples,
        source="apologylint.checks.model",
        pack="builtin",
    )


class FakeApologyTone(ModelRule):
    rule = _rule(
        "FA900",
        "fake-apology-tone",
        "fake-apology",
        "an apology for the customer's feelings rather than for what happened",
        "An apology whose object is the customer's reaction tells them the problem is how they "
        "took it.",
        'Apologise for what happened, in the first person: "I\'m sorry we sent the wrong size."',
        Examples(
            fires=(
                "We regret that you found our response unsatisfactory.",
                "Sorry that you were left feeling let down by the visit.",
                "Apologies to anyone who felt offended by the post.",
            ),
            passes=(
                "I'm sorry we sent the wrong size; a replacement ships today.",
                "Sorry to hear the app crashed. Which version are you on?",
                "Thanks for your patience while we looked into the refund.",
            ),
        ),
    )


class NonApologyTone(ModelRule):
    rule = _rule(
        "NA900",
        "non-apology-tone",
        "non-apology",
        "an apology taken back by an excuse",
        "An apology followed by a cause, a justification or someone else's fault cancels itself.",
        "Own what happened and say what you will do: \"I'm sorry your parcel is late. I've "
        'asked the courier to prioritise it."',
        Examples(
            fires=(
                "Sorry for the wait. The courier had far more parcels than usual this week.",
                "We apologise for the delay. Our supplier shipped the parts late.",
                "Apologies for the outage, the hosting provider had a network fault.",
            ),
            passes=(
                "Sorry for the wait. I've refunded the delivery fee and your parcel ships today.",
                "I'm sorry I missed your call. When suits you for a callback?",
                "Your order left our warehouse this morning.",
            ),
        ),
    )


class DefensiveTone(ModelRule):
    rule = _rule(
        "DF900",
        "defensive-tone",
        "defensive",
        "defensive: correcting, blaming or lecturing the customer",
        "Defending the business or correcting the customer puts them on trial instead of "
        "solving their problem.",
        "Acknowledge their account first, then explain what you can see and what you will do.",
        Examples(
            fires=(
                "Our records clearly show the package was delivered on time.",
                "You should have checked the size guide before placing the order.",
                "As I mentioned in my previous email, the deadline was Friday.",
            ),
            passes=(
                "I can see the tracking says delivered; I've opened a claim with the courier.",
                "Could you send me the order number so I can check this?",
                "Thanks for flagging this, I've passed it to the team.",
            ),
        ),
    )


class SympathyTone(ModelRule):
    rule = _rule(
        "SY900",
        "sympathy-tone",
        "sympathy",
        "sympathy from a distance instead of empathy",
        "Pity from the outside leaves the problem with the customer.",
        "Name the problem as yours to fix: \"That shouldn't have happened; I'm on it.\"",
        Examples(
            fires=(
                "I feel so bad for you, what a rotten day.",
                "Poor you, that must be such a pain for you.",
                "What a shame for you that the show was cancelled.",
            ),
            passes=(
                "That shouldn't have happened, and I'm sorting it now.",
                "I understand how frustrating a second missed delivery is; I've booked a slot.",
                "Your refund was issued this morning.",
            ),
        ),
    )


class DismissiveTone(ModelRule):
    rule = _rule(
        "DM900",
        "dismissive-tone",
        "dismissive",
        "dismissive: a dead end or a cold redirect",
        "Sending the customer away with nothing leaves them where they started, now annoyed.",
        "Offer a way forward you own: \"I've contacted the manufacturer for you and will update "
        'you by Friday."',
        Examples(
            fires=(
                "There is nothing more we can do about this, please contact the manufacturer.",
                "This is not something we deal with. Try your bank.",
                "Our decision is final and we will not be discussing this further.",
            ),
            passes=(
                "I've contacted the manufacturer for you and I'll update you by Friday.",
                "I've passed this to billing, who will email you by tomorrow.",
                "Could you tell me which branch you visited?",
            ),
        ),
    )


class ScriptedApologyTone(ModelRule):
    rule = _rule(
        "SA900",
        "scripted-apology-tone",
        "scripted-apology",
        "a scripted apology that names no problem",
        "A boilerplate apology for a generic inconvenience shows the reply was not written for "
        "this customer.",
        'Name the problem: "I\'m sorry your order arrived two days late."',
        Examples(
            fires=(
                "We apologise for any inconvenience this may have caused.",
                "Please accept our apologies for any issues experienced.",
                "We are sorry for the inconvenience caused and thank you for your patience.",
            ),
            passes=(
                "I'm sorry your order arrived two days late; I've refunded the shipping.",
                "Sorry to hear the app keeps logging you out. Which phone do you use?",
                "Your new card is on its way.",
            ),
        ),
    )


MODEL_RULES: tuple[type[ModelRule], ...] = (
    FakeApologyTone,
    NonApologyTone,
    DefensiveTone,
    SympathyTone,
    DismissiveTone,
    ScriptedApologyTone,
)
