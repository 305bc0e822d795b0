"""Every marker and hard negative listed in ../shared/TAXONOMY.md, as a table of tests.

Markers are fragments there; here each is completed into a sentence an agent might write.
A marker must produce a finding of its category; a hard negative must produce none of the
category it is a trap for.
"""

from __future__ import annotations

import pytest

MARKERS: list[tuple[str, str]] = [
    # fake-apology
    ("fake-apology", "I'm sorry if you feel we let you down."),
    ("fake-apology", "We're sorry if you felt rushed on the call."),
    ("fake-apology", "Sorry if that upset you."),
    ("fake-apology", "We apologize if anyone was offended by the email."),
    ("fake-apology", "I'm sorry you feel that way."),
    ("fake-apology", "We are sorry that you felt this way about the visit."),
    ("fake-apology", "Sorry you were upset by the change."),
    ("fake-apology", "I'm sorry you were disappointed with the meal."),
    ("fake-apology", "We're sorry you were offended."),
    ("fake-apology", "Sorry you see it that way."),
    ("fake-apology", "We regret that you are unhappy with the outcome."),
    ("fake-apology", "Sorry if you experienced otherwise."),
    ("fake-apology", "I'm sorry if there was any misunderstanding on your part."),
    ("fake-apology", "Sorry for any offense taken."),
    ("fake-apology", "I apologize if I hurt you."),
    ("fake-apology", "We’re truly sorry if you felt ignored."),
    ("fake-apology", "I am very sorry that you feel this way."),
    ("fake-apology", "We apologise if you were left confused."),
    # non-apology
    ("non-apology", "Sorry, but we follow the regulations."),
    ("non-apology", "We apologise; however, this can happen with any airline."),
    ("non-apology", "I'm sorry, I had other jobs that took priority over yours."),
    ("non-apology", "Sorry about that, the courier lost it."),
    ("non-apology", "We're sorry for the delay, our system was down."),
    ("non-apology", "Mistakes were made."),
    ("non-apology", "Unfortunately, errors occurred during processing."),
    ("non-apology", "The ball was dropped on this one."),
    ("non-apology", "I'm sorry, that's our policy."),
    ("non-apology", "Sorry, rules are rules."),
    # defensive
    ("defensive", "No, I didn't say that."),
    ("defensive", "That's not true."),
    ("defensive", "That is incorrect."),
    ("defensive", "My earlier message was correct."),
    ("defensive", "That's impossible."),
    ("defensive", "You should have checked the size chart first."),
    ("defensive", "You failed to include your order number."),
    ("defensive", "You didn't read the instructions."),
    ("defensive", "You must have entered the wrong address."),
    ("defensive", "It's your responsibility to keep your password safe."),
    ("defensive", "You managed to break it within a week."),
    ("defensive", "Why didn't you call sooner?"),
    ("defensive", "As I said, the store is closed on Sundays."),
    ("defensive", "As I already explained, refunds take ten days."),
    ("defensive", "As I mentioned before, the fee is non-refundable."),
    ("defensive", "As stated in my last email, we need the receipt."),
    ("defensive", "Per my last email, the form is attached."),
    ("defensive", "Like I said, the code expired."),
    ("defensive", "Once again, the deadline was Friday."),
    ("defensive", "Please read it again."),
    ("defensive", "Our records show you cancelled the order."),
    ("defensive", "As clearly stated in our policy, returns close after 30 days."),
    ("defensive", "According to our terms, you agreed to the fee."),
    ("defensive", "Calm down."),
    ("defensive", "With all due respect, that is not how it works."),
    ("defensive", "No offense, but the manual covers this."),
    ("defensive", "Actually, the app does support that."),
    ("defensive", "Obviously you missed the email."),
    ("defensive", "Clearly you did not read the terms."),
    ("defensive", "That's not our fault."),
    ("defensive", "We are not responsible for delays caused by the post office."),
    ("defensive", "It's not our problem."),
    # sympathy
    ("sympathy", "I feel bad for you."),
    ("sympathy", "I feel so sorry for you."),
    ("sympathy", "Poor you!"),
    ("sympathy", "What a shame for you."),
    ("sympathy", "That must be hard for you."),
    ("sympathy", "That must be tough for you."),
    ("sympathy", "I pity anyone who has to deal with that."),
    ("sympathy", "I can imagine how bad that is for you."),
    # dismissive
    ("dismissive", "There's nothing I can do."),
    ("dismissive", "There is nothing more we can do."),
    ("dismissive", "There's nothing we can do about it."),
    ("dismissive", "It's out of our hands."),
    ("dismissive", "That's not my department."),
    ("dismissive", "That's not my job."),
    ("dismissive", "You'll have to contact the manufacturer."),
    ("dismissive", "You need to call your bank."),
    ("dismissive", "I can't help you with that."),
    ("dismissive", "That's just how it is."),
    # scripted-apology
    ("scripted-apology", "We apologize for any inconvenience."),
    ("scripted-apology", "We apologize for any inconvenience this may have caused."),
    ("scripted-apology", "Sorry for any confusion."),
    ("scripted-apology", "We regret any inconvenience caused."),
    ("scripted-apology", "Sorry for the inconvenience."),
    ("scripted-apology", "We apologise for any trouble."),
    (
        "scripted-apology",
        "Sorry for the delay. We apologise for the mix-up. Sorry again for "
        "all of this, and apologies once more.",
    ),
]

#: (text, the category it must NOT trigger; None means no finding at all)
HARD_NEGATIVES: list[tuple[str, str | None]] = [
    # fake-apology
    ("I'm so sorry to hear that.", None),
    ("I'm so sorry for the misunderstanding.", "fake-apology"),
    ("I'm sorry that you had to wait so long.", None),
    ("I'm sorry you were charged twice. I've refunded the second payment.", None),
    ("If you have any questions, just reply. Sorry again for the mix-up with your order.", None),
    ("What makes you feel this way?", None),
    (
        'You wrote: "sorry if you feel that way" is what our agent said. That was wrong of us.',
        "fake-apology",
    ),
    # non-apology
    ("Sorry about this — can you send us your order number?", None),
    (
        "I'm sorry for the delay: the courier lost the parcel, so I've sent a new one by express "
        "today.",
        "non-apology",
    ),
    ("Sorry for the trouble; however, I've refunded the fee.", "non-apology"),
    # defensive
    ("You should have received an email with your receipt.", None),
    ("You should see the refund in 3 days.", None),
    ("You should have a reference number starting with RF.", None),
    ("Here is the returns policy, as you asked.", None),
    ("We can actually refund that today.", None),
    ("Thanks once again for your patience.", None),
    ("We obviously want this fixed as much as you do.", None),
    # sympathy
    ("I'd be frustrated too.", None),
    (
        "I understand how frustrating it is when a parcel goes missing, and it's on us to fix it: "
        "I've sent a replacement.",
        None,
    ),
    ("We let you down, and I'm sorry.", None),
    ("Sorry to hear that.", None),
    # dismissive
    ("I've passed this to billing; they'll email you by 5pm and I'll check in tomorrow.", None),
    ("I've updated your address. You can also contact us at help@example.com any time.", None),
    (
        "You'll need to call your bank to release the hold — here's the number, and I've noted "
        "your case in case they need us.",
        "dismissive",
    ),
    # scripted-apology
    ("Sorry that your order arrived late.", None),
    ("Sorry for the inconvenience of the second trip to the store.", "scripted-apology"),
    ("I'm sorry your order was late. I've refunded the delivery fee, and sorry again.", None),
]


@pytest.mark.parametrize(("category", "text"), MARKERS, ids=lambda v: str(v)[:40])
def test_marker_fires(linter, category: str, text: str) -> None:
    found = {f.category for f in linter.lint(text)}
    assert category in found, f"expected {category} on {text!r}, got {sorted(found)}"


@pytest.mark.parametrize(("text", "category"), HARD_NEGATIVES, ids=lambda v: str(v)[:40])
def test_hard_negative_passes(linter, text: str, category: str | None) -> None:
    findings = linter.lint(text)
    if category is None:
        assert not findings, f"{text!r} should be clean, got {[(f.code, f.text) for f in findings]}"
    else:
        bad = [(f.code, f.text) for f in findings if f.category == category]
        assert not bad, f"{text!r} should not be {category}: {bad}"
