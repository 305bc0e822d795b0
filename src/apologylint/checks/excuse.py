"""NA101 apology-with-excuse: an apology taken back by an excuse in the same or next sentence."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from .. import guards
from ..analysis import Context
from ..findings import Severity
from ..lazyre import LazyPattern
from ..registry.rule import CodeRule, Examples, Match, Rule
from . import _lexicon as lx
from ._lexicon import APOLOGY, COMMISERATION, CONCESSIVE, PITY, SOFT_CONTRAST, Lowered, may_excuse

# The word-list regexes, run over lower-cased text (much faster than IGNORECASE).
CONTRAST = Lowered(lx.CONTRAST)
EXCUSE = Lowered(lx.EXCUSE)
FIX = Lowered(lx.FIX)
GOOD_TURN = Lowered(lx.GOOD_TURN)
JUSTIFY = Lowered(lx.JUSTIFY)
NEXT_STEP = Lowered(lx.NEXT_STEP)
REFUSAL = Lowered(lx.REFUSAL)
SELF_EXCUSE = Lowered(lx.SELF_EXCUSE)
TIMED_STEP = Lowered(lx.TIMED_STEP)
VAGUE_FOLLOWUP = Lowered(lx.VAGUE_FOLLOWUP)

#: Where a cause may start without being the object of the apology: after a clause break.
_BREAK = re.compile(r"[,;:.!?—–()]|\s-\s|\b(?:because|as|since|so|and)\b", re.IGNORECASE)
_QUESTION = re.compile(r"\?")
#: Closing questions that offer nothing about this problem ("anything else?", "is there anything
#: else I can help with today?"): they do not turn an excuse into a next step.
_CLOSER = re.compile(
    r"(?:\b(?:is there|was there|can i help with|can we help with|could i help with|"
    r"do you need|need)\s+)?\banything else\b[^.!?]{0,50}\?"
    r"|\b(?:does|did) (?:that|this) (?:help|make sense|answer your question)\b[^.!?]{0,20}\?"
    r"|\bhow else can (?:i|we) help\b[^.!?]{0,30}\?",
    re.IGNORECASE,
)


def _asks(text: str) -> bool:
    """A question in ``text`` other than a closing one."""
    if "?" not in text:
        return False
    return bool(_QUESTION.search(_CLOSER.sub(" ", text)))


def apologies(ctx: Context) -> Iterator[tuple[int, int]]:
    """Spans of apologies for something: not "sorry to hear", not negated, not pity ("feel
    sorry for you"). Conditional apologies ("sorry if …, but …") count: the excuse still takes
    them back."""
    text = ctx.text
    for s, e in lx.apology_words(ctx):
        tail = text[e : e + 40]
        head = text[max(0, s - 30) : s]
        if COMMISERATION.match(tail) or PITY.search(head) or PITY.match(tail):
            continue
        yield s, e


#: A negation before what the shared FIX reads as ownership or an offer: "it isnt our fault"
#: (no apostrophe), "the system won't let me change it" (a refusal, not "let me ...").
_NEGATED_OWN = re.compile(
    r"\b(?:isnt|wasnt|aint|werent|not really|hardly|won" + lx.AO + r"t|doesn" + lx.AO + r"t|"
    r"don" + lx.AO + r"t|didn" + lx.AO + r"t|wouldn" + lx.AO + r"t|can" + lx.AO + r"t|cannot|"
    r"(?:will|does|do|did|would) not)\s+$",
    re.IGNORECASE,
)


def _fixes(text: str) -> Iterator[re.Match[str]]:
    """FIX matches in ``text``, less negated ones ("it isnt our fault", "won't let me")."""
    for m in FIX.finditer(text):
        if m.group()[:1] in "oml" and _NEGATED_OWN.search(text, max(0, m.start() - 14), m.start()):
            continue
        yield m


def strong_fix(text: str) -> re.Match[str] | None:
    """The first fix or ownership statement in ``text`` that commits to something: "we'll let
    you know" or "we'll be in touch" with no time does not count."""
    for m in _fixes(text):
        if m.group()[-1:].isspace() and VAGUE_FOLLOWUP.match(text, m.end()):
            continue
        return m
    return None


#: The most apologies of one sentence that are judged for an excuse.
_PER_SENTENCE = 8


class ApologyThenExcuse(CodeRule):
    """An apology followed, in the same or the next sentence, by "but"/"however" and an excuse,
    a policy, or a cause that shifts the blame — with no fix after it."""

    rule = Rule(
        code="NA101",
        name="apology-with-excuse",
        category="non-apology",
        severity=Severity.ERROR,
        message="Apology taken back by an excuse: '{match}'",
        summary="An apology followed in the same or the next sentence by an excuse: a cause that "
        "lets the business off, someone else's fault, a policy or a justification, with or "
        "without 'but'.",
        why="The customer hears only what comes after the apology: it becomes a preface to a "
        "justification, and the failure is pushed onto a policy, a partner or luck.",
        suggestion="Own what happened and say what you will do, without the reason that lets "
        "you off: \"I'm sorry your parcel is late. I've asked the courier to prioritise it and "
        "I'll update you by 3pm.\" (Each finding's suggestion quotes the excuse it found.)",
        guards=("answer-after-but", "reported-speech", "internal-note"),
        examples=Examples(
            fires=(
                "Sorry about the hold-up, but we had a huge backlog this week.",
                "We do apologise. However, delays like this can happen with any carrier.",
                "I'm really sorry, I had other tickets that took priority over yours.",
                "Apologies for the mix-up — the warehouse sent the wrong size.",
                "Sorry, but that is our policy and we have to follow it.",
                "While we apologise for the delay, it was caused by our courier.",
                "I'm sorry we missed the slot, we've been really short-staffed this month.",
                "Sorry about that - it was the bank's error.",
                "Sorry your order is late, our driver got held up in traffic.",
                "Sorry for the wait, mistakes happen.",
                "Sorry about this. Your parcel was mislaid by the courier.",
                "sorry about that, the app glitched. anything else?",
                "Sorry about the downtime, it was down to our cloud provider.",
                "We're sorry, but it isnt our fault.",
                "Sorry for the wait, ive been off sick.",
                "Sorry, it was just a technical glitch.",
                "Sorry, there was a mix-up at the depot.",
                "Apologies for the delay, Royal Mail are having issues.",
                "Sorry, our hands are tied.",
                "Apologies, it was a clerical error.",
                "Sorry, the hold-up is on the bank's side.",
                "Sorry, but the system won't let me change it.",
                "Apologies. The train was cancelled due to a signal failure up the line.",
                "I regret that I can't reopen the claim. The reason for this is the deadline.",
                "Sorry about the fee. The delay is with the bank, not us.",
                "We're sorry the shop charges for carrier bags!",
                "We always try to seat families together. Sorry you were split up this time.",
                "Sorry about the parking charge. Permits must be shown within 10 minutes of "
                "arrival.",
                "I'm sorry about the advert, we don't intend to mislead anyone.",
                "Sorry the show started late. It was pushed back due to the band's late arrival.",
                "Apols for the wait, heavy snow on the bypass.",
                "Sorry nobody has replied yet. We get hundreds of tickets a day.",
                "Sorry about the crash. It's a bug in the browser, not in our app.",
                "Sorry you're unhappy with the fare. Fares are set by demand, like every airline.",
            ),
            passes=(
                "Sorry about the hold-up, but I've now refunded the shipping fee.",
                "I'm sorry for the delay. The courier lost the parcel, so I've sent a new "
                "one by express today.",
                "Sorry about this — could you send us your order number?",
                "I'm sorry to hear the parcel was late, but it should arrive tomorrow.",
                "I'm sorry we missed your call. Our team was short-staffed, and I'll ring you "
                "back at 10am tomorrow.",
                "We're sorry about the late fee. However, I've refunded it in full.",
                "Sorry, our app was down this morning. It's working again now.",
                "We feel sorry for you, but the rest of the trip went well.",
                "Sorry for the trouble! Mistakes happen, and this one was ours - I've refunded "
                "you.",
                "Sorry about that - DPD are running late today, but your parcel will arrive "
                "by 6pm.",
                "Sorry, that's a known app issue - the fix goes out on Friday.",
                "Sorry about the wait! The system glitched, can you try the link again now?",
                "Sorry, there was an issue with the courier, so I've reshipped it today.",
                "It happens to be out of stock, sorry - I've reserved one from the next delivery.",
                "Sorry, it was human error on my side, and I've corrected the invoice.",
                "Sorry - our hands are tied until the bank releases it, but I've chased them and "
                "will call you at 3pm.",
                "Apologies, but you can change the address yourself under Settings > Account.",
                "I'm sorry you'll miss the last show! You'll love the next season, though.",
                "Sorry the train was late. It was delayed due to a signal failure, so I've "
                "refunded your ticket.",
                "You mentioned the agent said sorry but that's our policy, which was wrong.",
                "INTERNAL - do not send: they were told sorry, but it's policy.",
                "Sorry you can no longer keep up the payments on your policy.",
                "Sorry, but yes, the plan still includes calls abroad.",
                "Sorry for the long wait. We had too few staff on the desk, and that was our "
                "planning failure.",
                "Sorry the delivery was late. There was a delay in our system, so please "
                "accept this voucher for your next order.",
                "Sorry, your driver was late because we gave him the wrong address.",
                "Sorry, the technician never came because I booked the wrong day.",
            ),
        ),
        source="apologylint.checks.excuse",
        pack="builtin",
    )

    def check(self, doc: Any, ctx: Context) -> Iterator[Match]:
        per_sentence: dict[int, int] = {}
        for s, e in apologies(ctx):
            # A real sentence holds one or two apologies; 1 MB of "sorry but " is one sentence
            # of 100,000, and judging each would cost time for nothing.
            i = ctx.sentence_index(s)
            per_sentence[i] = per_sentence.get(i, 0) + 1
            if per_sentence[i] > _PER_SENTENCE:
                continue
            found = self._excuse(ctx, s, e)
            if found is None:
                found = _justified_before(ctx, s, e)
                if found is None:
                    continue
            end, kind, excuse = found
            _, sent_end = ctx.sentence_at(s)
            message = None
            if e + end > sent_end:
                # The excuse is in the next sentence: the finding stays on the apology's
                # sentence, so that it does not swallow what is found in the next one.
                end = max(sent_end - e, 0)
                message = f"Apology taken back by an excuse in the next sentence ('{excuse}'): "
                message += "'{match}'"
            elif kind == "before":
                message = f"Apology taken back by the justification before it ('{excuse}'): "
                message += "'{match}'"
            yield Match(s, e + end, message, suggestion=_suggestion(kind, excuse))

    @staticmethod
    def _excuse(ctx: Context, start: int, base: int) -> tuple[int, str, str] | None:
        """The excuse that takes the apology back, if any: its end (relative to ``base``), its
        kind (``contrast:<word>``, ``self``, ``cause``) and its words."""
        window = ctx.after(base)
        later = ctx.after(base, sentences=2)
        head = ctx.text[max(0, start - 40) : start]
        if CONCESSIVE.search(head):
            # "While we apologise for the delay, it was caused by …": the main clause.
            rest = ctx.rest(base)
            comma = re.search(r"[,;:—–]", rest)
            if comma is not None:
                verdict = _judge(rest[comma.end() :], later[comma.end() :], soft=False)
                if verdict:
                    return comma.start(), "concessive", _words(rest[comma.end() :])
        contrast = CONTRAST.search(window)
        cause = _cause(window)
        if contrast is not None and (cause is None or contrast.start() <= cause.start()):
            if strong_fix(window[: contrast.start()]):
                return None  # the apology is followed by the fix; the "but" comes after it
            word = " ".join(contrast.group(1).lower().split())
            soft = word in SOFT_CONTRAST
            if _judge(window[contrast.end() :], later[contrast.end() :], soft=soft):
                return contrast.end(1), f"contrast:{word}", _words(window[contrast.end() :])
            return None
        if cause is not None:
            if strong_fix(window[: cause.start()]):
                return None  # the apology is followed by the fix first
            self_excuse = SELF_EXCUSE.match(cause.group())
            if not self_excuse:
                after = later[cause.end() :]
                if (
                    strong_fix(after)
                    or _asks(after)
                    or NEXT_STEP.search(after)
                    or TIMED_STEP.search(after)
                    or OFFER.search(after)
                ):
                    return None  # an explanation followed by what we are doing about it
            if OWNS.search(later[cause.end() :]):
                return None  # "we had too few staff, and that was our planning": owned
            # from the start of the cause's clause: "because I …" may come before the words
            # that matched ("late because I gave the job to the wrong driver")
            stops = [m.end() for m in _CLAUSE_STOP.finditer(window, 0, cause.start())]
            clause_end = cause.end() + _clause_end(window[cause.end() :])
            if OWN_CAUSE.search(window[stops[-1] if stops else 0 : clause_end]):
                return None  # "late because I sent the wrong driver": our own slip, owned
            kind = "self" if self_excuse else "cause"
            # quote the excuse from the start of its clause ("The train was held up due to …")
            starts = [m.end() for m in _QUOTE_FROM.finditer(window, 0, cause.start())]
            return cause.end(), kind, _words(window[starts[-1] if starts else cause.start() :])
        return None


def _judge(following: str, later: str, *, soft: bool) -> bool:
    """Does the clause after a "but" (``following``, up to the end of its sentence) take the
    apology back? ``later`` runs on to the next sentence; ``soft`` is for "unfortunately"."""
    clause = following[: _clause_end(following)]
    if not clause.strip(" ,.!?;:—–-)"):
        return False  # an afterthought "…, though." at the end of a sentence introduces nothing
    if GOOD_TURN.search(clause) or next(_fixes(clause[:60]), None) or clause.rstrip().endswith("?"):
        return False
    excuse = may_excuse(clause)
    if excuse and SELF_EXCUSE.search(clause):
        return True  # policy, "we were busy": a later fix does not redeem it
    if soft:
        return bool(
            ((excuse and EXCUSE.search(clause)) or REFUSAL.search(clause)) and not strong_fix(later)
        )
    if strong_fix(later):
        return False
    justified = (excuse and EXCUSE.search(clause)) or JUSTIFY.search(clause)
    # a plain "but" clause (no excuse in it) followed by a question or a request is a next step
    return bool(justified or not (_asks(later) or NEXT_STEP.search(later)))


def _cause(window: str) -> re.Match[str] | None:
    """The first excuse in ``window`` that is not itself the object of an apology ("sorry the
    driver didn't call" names the failure; "sorry, the driver didn't call" blames him)."""
    if not may_excuse(window):
        return None
    pos = 0
    while (m := EXCUSE.search(window, pos)) is not None:
        lead = window[: m.start()]
        breaks = list(_BREAK.finditer(lead))
        # Directly after the apology word, the excuse is what the apology is for ("sorry the
        # driver didn't call"). Look again from the next clause break: a cause may start inside
        # this match ("sorry about the outage, it was down to our host": "the outage, it was
        # down" is the object, "down to our host" the cause).
        # A rule someone else sets or a justification is an excuse even as the object ("sorry
        # the store charges for this", "sorry, we try to …").
        if (not breaks or APOLOGY.search(lead[breaks[-1].end() :])) and not RULE.match(
            window, m.start()
        ):
            nxt = _BREAK.search(window, m.start() + 1)
            if nxt is None:
                return None
            pos = nxt.end()
            continue
        return m
    return None


_CLAUSE_STOP = re.compile(r"[.!?;]")
#: A clause is cut here when no stop comes sooner: the scans after a "but" stay bounded on a
#: run-on "sentence" (1 MB of "sorry but ").
_CLAUSE_MAX = 400


def _clause_end(clause: str) -> int:
    m = _CLAUSE_STOP.search(clause, 1, _CLAUSE_MAX)
    return m.end() if m is not None else min(len(clause), _CLAUSE_MAX)


#: The reply offers something in return ("please accept this voucher", "enclosed is a credit
#: note"): after an explanation that blames no policy, it is the fix.
OFFER = Lowered(guards.OFFER)
#: Ownership of the cause, said after it ("… and that was our planning failure").
OWNS = Lowered(guards.OWNERSHIP)
#: The cause is our own slip, said inside the cause itself ("late because I gave the job to the
#: wrong driver", "due to our own error"): that owns the failure, it shifts no blame.
OWN_CAUSE = Lowered(
    LazyPattern(
        r"\b(?:because|as|since|after|when)\s+(?:i|we)\b[^.!?;,]{0,60}?\b(?:wrong(?:ly)?|"
        r"incorrect(?:ly)?|by mistake|in error|mistakenly|accidentally|forgot|failed to|missed|"
        r"overlooked|didn['’]t|did not|never|mixed up|misread|misunderstood|"
        r"made (?:a|an) (?:mistake|error))\b"
        r"|\b(?:because of|due to|down to)\s+(?:my|our)\s+(?:own\s+)?(?:[\w'’-]+\s+)?"
        r"(?:mistake|error|oversight|fault|slip)s?\b",
        re.IGNORECASE,
    )
)
#: A rule set by someone else, or the business's own justification (see ``_cause``).
RULE = Lowered(LazyPattern(lx.RULE_FRAME + "|" + lx.JUSTIFICATION, re.IGNORECASE))
JUSTIFIED = Lowered(LazyPattern(lx.JUSTIFICATION, re.IGNORECASE))


def _justified_before(ctx: Context, start: int, end: int) -> tuple[int, str, str] | None:
    """The apology comes after its own excuse: a policy or "we were busy" earlier in its sentence,
    or a sentence before it that defends the business ("We try to upgrade as many members as we
    can. Our apologies that …")."""
    # "Please understand that we follow a set procedure, and we are sorry for …": the excuse
    # leads the apology's own sentence.
    before = ctx.before(start)[-300:]
    if may_excuse(before):
        m = SELF_EXCUSE.search(before)
        if m is not None and not strong_fix(before[m.end() :]):
            return 0, "before", _words(before[m.start() :])
    i = ctx.sentence_index(start)
    if i <= 0:
        return None
    s, e = ctx.sentences[i - 1]
    prev = ctx.text[max(s, e - 300) : e]
    m = JUSTIFIED.search(prev)
    if m is None or strong_fix(prev[m.end() :]):
        return None
    return 0, "before", _words(prev[m.start() :])


def _words(text: str, limit: int = 60) -> str:
    """The first words of ``text`` (the excuse as the finding quotes it), at most ``limit``
    characters, cut at the end of its clause."""
    clause = text[: _clause_end(text)].strip(" ,;:—–-")
    clause = " ".join(clause.split()).rstrip(".!?;,")
    if len(clause) > limit:
        clause = clause[:limit].rsplit(" ", 1)[0] + " …"
    return clause.replace("{", "(").replace("}", ")")


_EXAMPLE = (
    "\"I'm sorry your parcel is late. I've asked the courier to prioritise it and I'll update "
    'you by 3pm."'
)
_RULE_WORDS = Lowered(
    LazyPattern(
        r"\b(?:policy|policies|procedure|protocol|regulations?|rules?|terms|guidelines|must|"
        r"has to|have to|charges?|practice)\b",
        re.IGNORECASE,
    )
)


#: Where a quoted excuse may start: after a clause or sentence break.
_QUOTE_FROM = re.compile(r"[,;:.!?—–]\s*|\s-\s")


def _suggestion(kind: str, excuse: str) -> str:
    """A suggestion that fits what was found: the contrast word, the excuse's own words."""
    if kind.startswith("contrast:"):
        word = kind.split(":", 1)[1]
        if word in SOFT_CONTRAST:
            return (
                f"'{excuse}' takes the apology back. Say what you can do instead, and own what "
                f"happened: {_EXAMPLE}"
            )
        if _RULE_WORDS.search(excuse):
            return (
                f"Drop the '{word}' and the rule after it ('{excuse}'): give the reason in the "
                "customer's terms and what you can still do: \"Damage has to be seen within a "
                "day so the claim can be paid - send me a photo and I'll open it for you today.\""
            )
        return (
            f"Drop the '{word}' and what follows it ('{excuse}'). Own what happened and say what "
            f"you will do: {_EXAMPLE}"
        )
    if kind == "before":
        return (
            f"Leave out the defence ('{excuse}') and say what went wrong for this customer and "
            f"what you will do about it: {_EXAMPLE}"
        )
    if _RULE_WORDS.search(excuse):
        return (
            f"Instead of the rule ('{excuse}'), give the reason in the customer's terms and what "
            'you can still do: "Damage has to be seen within a day so the claim can be paid - '
            "send me a photo and I'll open it for you today.\""
        )
    if kind == "self":
        return (
            f"Leave out '{excuse}': it explains why the failure is not your fault. Own it and "
            f"say what happens next: {_EXAMPLE}"
        )
    return (
        f"'{excuse}' points at someone or something else. Own it for the company and say what "
        f"you are doing about it: {_EXAMPLE}"
    )
