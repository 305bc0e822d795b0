"""Recovery-element detectors: every detector's documented examples, the labelling guide's
boundary decisions, exact evidence offsets, and assessments built on the detectors.

Fires: the detector's element is found in the text by ``Linter().elements``; passes: the
element is not found at all (by any detector), so the examples are hard negatives for the
element, not only for the one detector.
"""

from __future__ import annotations

import pytest

from apologylint import Linter
from apologylint.checks.elements import ELEMENT_CODE_RULES
from apologylint.recovery import ELEMENTS, element_rules


@pytest.fixture(scope="module")
def lint() -> Linter:
    return Linter()


def _examples() -> list[tuple[str, str, str, bool]]:
    out = []
    for impl in element_rules():
        rule = impl.rule
        out += [(rule.name, rule.message, t, True) for t in rule.examples.fires]
        out += [(rule.name, rule.message, t, False) for t in rule.examples.passes]
    return out


def test_every_element_has_a_detector_and_examples() -> None:
    rules = [impl.rule for impl in element_rules()]
    assert {r.message for r in rules} == set(ELEMENTS)
    for r in rules:
        assert r.category == "element"
        assert len(r.examples.fires) >= 2 and len(r.examples.passes) >= 2, r.name
    assert len({r.code for r in rules}) == len(rules)
    assert len({r.name for r in rules}) == len(rules)
    assert all(cls.rule.code.startswith("EL9") for cls in ELEMENT_CODE_RULES)


@pytest.mark.parametrize(
    ("name", "element", "text", "fires"),
    _examples(),
    ids=lambda v: v if isinstance(v, str) and len(v) < 40 else None,
)
def test_detector_examples(lint: Linter, name: str, element: str, text: str, fires: bool) -> None:
    found = lint.elements(text)
    if fires:
        assert found.get(element), f"{name}: {element} not found in {text!r}"
    else:
        assert not found.get(element), (
            f"{name}: {element} found in {text!r}: {[e.text for e in found[element]]}"
        )


def test_evidence_offsets_are_exact(lint: Linter) -> None:
    text = (
        "Hi Sam,\n\nThank you for your patience. I’m so sorry your parcel arrived damaged;\n"
        "that’s on us. Could you send me a photo of the box? I’ve sent a replacement today\n"
        "and it will arrive by Friday. I’ll check back on Monday.\n\nBest,\nJo"
    )
    found = lint.elements(text)
    assert {
        "thanks",
        "apology",
        "acknowledgement",
        "ownership",
        "widening-question",
        "action",
        "time-commitment",
        "follow-up",
    } <= set(found)
    for evidence in found.values():
        for e in evidence:
            assert text[e.start : e.end] == e.text
            assert e.text == e.text.strip()


@pytest.mark.parametrize(
    ("text", "present", "absent"),
    [
        # "sorry to hear" is commiseration (sympathy), never the apology
        (
            "Sorry to hear that. You'll have to contact the courier about it.",
            {"sympathy", "cold-handoff"},
            {"apology", "follow-up", "warm-handoff"},
        ),
        # a scripted apology is not the apology element; the refund and its time still count
        (
            "We apologise for any inconvenience caused. Your refund of £18 has been issued and "
            "will "
            "show within 5–7 business days.",
            {"action", "time-commitment"},
            {"apology"},
        ),
        (
            "I'm sorry we charged you twice for March — that was our billing error. I've refunded "
            "the second £40 today; it will show within 3 days, and I'll check on Friday that it "
            "has landed.",
            {"acknowledgement", "action", "apology", "follow-up", "ownership", "time-commitment"},
            {"sympathy", "cold-handoff", "extra"},
        ),
        (
            "I've passed this to Priya in our repairs team, who will call you tomorrow to book the "
            "engineer, and I'll check in on Thursday to make sure it's booked.",
            {"action", "follow-up", "time-commitment", "warm-handoff"},
            {"cold-handoff"},
        ),
        # elapsed time, vague "soon", "let me know", "we're investigating": none of them commit
        (
            "It has been 3 days since you ordered. We're looking into it and will get it to you "
            "soon. "
            "Let me know if you need anything else.",
            set(),
            {"time-commitment", "action", "follow-up", "widening-question"},
        ),
        ("I've escalated this to the team.", set(), {"action", "warm-handoff"}),
        # pity forms and shared feeling
        ("That must be frustrating for you.", {"sympathy"}, {"empathy"}),
        ("I understand your frustration, and I'd be annoyed too.", {"empathy"}, {"sympathy"}),
        # a goodwill gesture on top of the fix
        (
            "I've refunded the late fare, and I've added a £10 voucher to your account.",
            {"action", "extra"},
            set(),
        ),
        ("It happened because a software update reset your preferences.", {"explanation"}, set()),
        # a cause with no marker word; a restatement or a redirect reason is not one
        (
            "I'm sorry your keys were posted to the wrong town. Our clerk misread the postcode "
            "on your form.",
            {"explanation", "apology"},
            set(),
        ),
        (
            "Sorry the café was closed when you arrived. Heavy flooding shut the road to our "
            "kitchen that morning.",
            {"explanation"},
            set(),
        ),
        ("The problem was that you were billed twice in June.", set(), {"explanation"}),
        (
            "As the course was sold by our partner college, refunds need to go through them.",
            set(),
            {"explanation"},
        ),
        ("Since you've waited so long, I've added a free month.", {"extra"}, {"explanation"}),
        ("Which items were missing from the box?", {"widening-question"}, set()),
        ("Is there anything else I can help with?", set(), {"widening-question"}),
    ],
)
def test_boundary_decisions(lint: Linter, text: str, present: set[str], absent: set[str]) -> None:
    found = {e for e, ev in lint.elements(text).items() if ev}
    assert present <= found, f"missing {present - found} in {text!r}"
    assert not (absent & found), f"unexpected {absent & found} in {text!r}"


def test_quoted_customer_words_are_not_evidence(lint: Linter) -> None:
    text = (
        "You wrote \"I'm sorry to say I'll cancel\". Thanks for telling us; I've refunded "
        "the duplicate charge."
    )
    found = lint.elements(text)
    assert "action" in found and "thanks" in found
    assert all("cancel" not in e.text for evs in found.values() for e in evs)


def test_assess_good_reply_under_two_frameworks(lint: Linter) -> None:
    reply = (
        "Hi Sam,\n\nThanks for flagging this, and I'm so sorry your parcel arrived damaged - "
        "that's on us. Could you tell me which items were broken? I've sent a replacement "
        "today and it will arrive by Friday. I'll check back on Monday to make sure it "
        "arrived safely.\n\nBest,\nJo"
    )
    aware = lint.assess(reply, "aware")
    assert {s.id: s.status for s in aware.steps} == {
        "acknowledge": "present",
        "widen": "present",
        "agree": "present",
        "resolve": "present",
        "evaluate": "not-checkable",
    }
    assert aware.score == 1.0
    for step in aware.steps:
        for e in step.evidence:
            assert reply[e.start : e.end] == e.text
    latte = lint.assess(reply, "latte")
    assert latte.score > 0
    statuses = {s.status for s in latte.steps}
    assert "not-checkable" in statuses


def test_assess_bad_reply_misses_steps(lint: Linter) -> None:
    bad = "Sorry to hear that. You'll have to contact the courier about it."
    report = lint.assess(bad, "aware")
    status = {s.id: s.status for s in report.steps}
    assert status["acknowledge"] == "missing"
    assert status["agree"] == "missing"
    assert status["resolve"] == "missing"
    assert report.score == 0.0
    seven = lint.assess(bad, "seven-strategies")
    assert seven.score < 0.5


def test_detectors_give_the_same_evidence_on_every_call(lint: Linter) -> None:
    # Speed is measured by the bench scripts, not asserted here; this checks that repeated
    # calls on a long reply (memoised per-Doc state, shared compiled patterns) agree.
    text = (
        "I'm so sorry your order arrived late and the box was crushed. That's our mistake: "
        "our warehouse packed it with the wrong label, which is why it went to Leeds. I've "
        "sent a replacement today by express and it will arrive by Friday before noon. "
        "Could you send me a photo of the box? I'll check on Monday that it arrived, and "
        "I've added a £10 voucher to your account. "
    ) * 8
    first = lint.elements(text)
    assert first["apology"] and first["action"] and first["time-commitment"]
    for _ in range(3):
        assert lint.elements(text) == first
