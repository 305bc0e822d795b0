"""Named guards: each vetoes a match given its context.

"Followed by" means the rest of the sentence and the next sentence; "preceded by" means the part
of the sentence before the match - each at most ``analysis.WINDOW`` characters, so that a guard
costs the same on a 1 MB run-on sentence as on a real one. Guards are small regexes over the view
text: cheap, and they run only on the few spans a detector already matched.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass

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
    # Only the end of the sentence matters: slicing all of a 1 MB "sentence" for each match
    # would be quadratic.
    return ctx.text[max(s, e - 16) : e].rstrip().endswith("?")


def _quoted(ctx: Context, start: int, end: int) -> bool:
    return ctx.in_quotes(start, end)


#: How far back a guard that reads the whole reply looks, in characters (bounded, like
#: ``Context.before``).
_REPLY_BACK = 2000

#: A reporting frame right before the match: someone other than the writer said it ("you
#: mentioned our agent said sorry you feel that way", "you were told sorry for any
#: inconvenience"). The writer's own "I said sorry" is not reported speech.
_REPORTED = LazyPattern(
    r"(?:\b(?:you|u|the customer|they|he|she|someone|somebody|it|"
    r"(?:the|our|your|an?|one of our|that|this|their)\s+(?:[\w'’-]+\s+){0,2}?"
    r"(?:agent|advisor|adviser|rep|representative|colleague|staff|driver|manager|member|store|"
    r"branch|email|e-mail|message|letter|reply|response|note|chat|person|guy|lady|man|woman|"
    r"engineer|technician|team|notice|sign|website|page|bot|app)s?)"
    r"\s+(?:[\w'’]+\s+){0,2}?"
    r"(?:said|says|say|wrote|writes|replied|answered|claimed|claims|mentioned|stated|states|"
    r"responded|apologi[sz]ed|kept saying|told (?:you|u|them|him|her)|quoted)"
    r"|\b(?:you|u|they|he|she) (?:were|was|got|had been|have been|'ve been|’ve been) told)"
    r"\s+(?:(?:to you|to u|to them|that|only|just|simply|something like|words to the effect of|"
    r"back|it was)\s+){0,3}[:,–—-]?\s*"
    # the reported clause's own subject: "you were told we apologise for …"
    r"(?:(?:we|they|he|she|it|the \w+)\s+(?:(?:are|were|was|is|would|will|do|did)\s+)?)?$",
    re.IGNORECASE,
)


def _reported_speech(ctx: Context, start: int, end: int) -> bool:
    return bool(_REPORTED.search(ctx.before(start)))


#: The start of a note meant for colleagues, not for the customer.
_NOTE_WORDS = (
    r"(?:internal(?:\s+(?:note|only|use|comment))?|private note|agent note|"
    r"note to (?:self|agents?|staff|the team|team)|staff note|for internal use(?: only)?|"
    r"do not send(?: to (?:the )?customer)?|not for (?:the )?customers?)"
)
_INTERNAL = LazyPattern(
    r"\[\s*" + _NOTE_WORDS + r"\s*\]"
    r"|\b" + _NOTE_WORDS + r"\b\s*(?:[:–—-]|\(|\b(?:do not send|don['’]t send|not for)\b)",
    re.IGNORECASE,
)
#: Where the customer-facing text starts again after a note: a greeting or a label.
_REPLY_STARTS = LazyPattern(
    r"(?:hi|hello|hey|dear|good (?:morning|afternoon|evening)|thanks for|thank you for|"
    r"reply|customer reply|to the customer|send|message to customer)\b",
    re.IGNORECASE,
)


def _internal_note(ctx: Context, start: int, end: int) -> bool:
    """The match is in a note for colleagues: from an "INTERNAL"/"do not send" marker to the
    end of the text, or to the next line that starts the reply again with a greeting."""
    if "internal-notes" not in ctx.memo:
        # Most replies hold no marker at all: one scan per text, not one per match.
        ctx.memo["internal-notes"] = _INTERNAL.search(ctx.text) is not None
    if not ctx.memo["internal-notes"]:
        return False
    lo = max(0, start - _REPLY_BACK)
    last = None
    for m in _INTERNAL.finditer(ctx.text, lo, start):
        last = m
    if last is None:
        return False
    # A line break between the marker and the match that starts the reply ("Hi Sam, ...")
    # ends the note.
    for b in ctx.breaks[bisect.bisect_left(ctx.breaks, last.end()) :]:
        if b > start:
            break
        if _REPLY_STARTS.match(ctx.text, b):
            return False
    return True


#: What an answer after "but" looks like: how to do what was asked.
_ANSWER = LazyPattern(
    r"^\W{0,3}(?:(?:you|u)(?:\s+(?:can|could|may|might|should(?=\s+be able)|will|['’]ll))\s+"
    r"(?:still\s+|also\s+|now\s+|easily\s+|always\s+)?(?:be able to\s+)?"
    r"(?!not\b|never\b|only\b|need\b|have to\b)\w+"
    r"|(?:it|this|that)(?:['’]s| is) (?:still |actually |definitely )?(?:possible|doable|easy)\b"
    r"|there(?:['’]s| is) (?:a|an) (?:\w+ )?(?:way|option|setting|workaround|guide|feature)\b"
    r"|the (?:best|easiest|quickest|simplest|fastest|only) way\b"
    r"|here(?:['’]s| is) how\b|this is how you\b"
    r"|(?:yes|no|yep|nope)\b|(?:to )?(?:answer )?your (?:\w+ )?question\b|in answer to\b|"
    r"as for your question\b"
    r"|(?:to|if you (?:want|need|would like|['’]d like) to) \w+[^.!?,]{0,50},\s*"
    r"(?:just\s+)?(?:go|click|open|tap|select|use|visit|head|navigate|run|add|set|enable|"
    r"disable|update|install|try|choose|pick|type|enter|press|follow)\b"
    r"|(?:just\s+)?(?:go to|click|open|tap|select|visit|head (?:to|over)|navigate to|"
    r"try (?:running|using|adding|clearing|restarting|updating|the)|run|install|enable|"
    r"follow (?:the|these|this))\b)",
    re.IGNORECASE,
)
_BUT = LazyPattern(r"\b(?:but|however|though)\b[,:]?", re.IGNORECASE)


def _answer_after_but(ctx: Context, start: int, end: int) -> bool:
    """The "but" inside or right after the match introduces the answer to what was asked."""
    span = ctx.text[start:end]
    m = None
    for m in _BUT.finditer(span):  # noqa: B007 - the last "but" in the match
        continue
    if m is not None:
        rest = ctx.text[start + m.end() : start + m.end() + 200]
    else:
        after = ctx.rest(end)[:200]
        m = _BUT.match(after.lstrip(" ,;:—–-"))
        if m is None:
            return False
        rest = after.lstrip(" ,;:—–-")[m.end() :]
    return bool(_ANSWER.search(rest))


#: Ownership said in the writer's own voice ("that was our mistake", "we got this wrong").
OWNERSHIP = LazyPattern(
    r"(?<!not )(?<!n't )(?<!n’t )(?<!no )(?<!never )\b(?:our|my) (?:own )?(?:mistake|fault|error|"
    r"oversight|bad|planning|failure|responsibility|doing)\b(?! that you)"
    r"|\b(?:that|this|it)(?:['’]s| is| was) (?:on us|on me|down to us|down to me)\b"
    r"|\b(?:I|we) (?:got (?:this|that|it) wrong|dropped the ball|messed up|let you down|"
    r"should have|shouldn['’]t have|made (?:a|an) (?:mistake|error)|take (?:full )?responsibility|"
    r"(?:accidentally|mistakenly|wrongly|incorrectly) \w+|overcharged|forgot|missed)\b"
    r"|\b(?:I|we) (?:sent|shipped|charged|billed|gave|told) (?:you )?(?:the |a )?"
    r"(?:wrong|incorrect)\b",
    re.IGNORECASE,
)


#: Something offered in return ("please accept this voucher", "enclosed is a credit note").
OFFER = LazyPattern(
    r"\b(?:please accept|enclosed (?:is|are|you will find)|attached (?:is|are)|"
    r"(?:I|we)(?:['’]d| would) like to (?:offer|give|present|send)|"
    r"(?:I|we)(?:['’]ve| have) (?:added|included|attached|enclosed|applied|issued))"
    r"[^.!?]{0,50}\b(?:voucher|credit|refund|discount|gift|coupon|complimentary|free|"
    r"compensation|goodwill|points)",
    re.IGNORECASE,
)


def _reply_owns_and_fixes(ctx: Context, start: int, end: int) -> bool:
    """Elsewhere the reply states a remedy, or owns the failure and says what is being done."""
    before = ctx.text[max(0, start - _REPLY_BACK) : start]
    around = before + " " + ctx.after(end)
    if REMEDY.search(around) or OFFER.search(around):
        return True
    return bool(OWNERSHIP.search(around) and FIX.search(around))


#: The writer correcting themselves ("I'm sorry, that was wrong", "my last reply was
#: incorrect", "I gave you the wrong date"), not the customer.
_ADMISSION = LazyPattern(
    r"\b(?:sorry|apologies|apologi[sz]e|my mistake|my bad|my error|correction)\b[^.!?]{0,6}"
    r"[,:;—–-]?\s*(?:that|this|it) (?:was|were)\s+(?:\w+\s+)?(?:wrong|incorrect|inaccurate|"
    r"not (?:right|correct|accurate|true)|a (?:mistake|typo|error))\b"
    r"|\b(?:I|we) (?:was|were|am|are|['’]m|['’]re) (?:wrong|mistaken|incorrect)\b"
    r"|\b(?:I|we) (?:misspoke|stand corrected|misread|misunderstood|got (?:that|this|it) wrong)\b"
    r"|\b(?:my|our) (?:previous|earlier|last|first|original|other) (?:reply|answer|message|tweet|"
    r"response|email|e-mail|post|comment|info|information|statement)\b"
    r"|\b(?:what|the (?:info|information|date|time|price|figure|answer)) (?:I|we) "
    r"(?:said|wrote|gave you|told you|sent|quoted)\b"
    r"|\b(?:I|we) (?:gave|sent|told|quoted) (?:you )?(?:the |a |an )?(?:wrong|incorrect|"
    r"inaccurate|bad)\b",
    re.IGNORECASE,
)


def _own_admission(ctx: Context, start: int, end: int) -> bool:
    """The sentence holding the match, or the one before it, admits the writer's own error."""
    i = ctx.sentence_index(start)
    if i < 0:
        return False
    s = ctx.sentences[max(0, i - 1)][0]
    e = ctx.sentences[i][1]
    return bool(_ADMISSION.search(ctx.text, max(s, start - 600), min(e, end + 300)))


@dataclass(frozen=True)
class GuardInfo:
    """A named guard and its documentation. ``vetoes`` and ``keeps`` are examples with the
    match marked ``[[like this]]``: the guard must veto the first kind and keep the second (they
    are run as tests, and listed in docs/guards.md)."""

    name: str
    check: Guard
    what: str
    why: str
    vetoes: tuple[str, ...]
    keeps: tuple[str, ...]
    #: Applied to every rule by the linter (not listed in a rule's ``guards``).
    always_on: bool = False


GUARD_REGISTRY: dict[str, GuardInfo] = {}


def register_guard(info: GuardInfo) -> GuardInfo:
    """Add a guard to the registry (a name may be registered once)."""
    if info.name in GUARD_REGISTRY:
        raise ValueError(f"guard {info.name!r} is already registered")
    if len(info.vetoes) < 2 or len(info.keeps) < 2:
        raise ValueError(f"guard {info.name!r} needs at least two examples of each kind")
    GUARD_REGISTRY[info.name] = info
    GUARDS[info.name] = info.check
    GUARD_DOCS[info.name] = info.what
    return info


#: name -> the check itself (what the linter calls) and name -> one line (what the docs show);
#: both are filled by ``register_guard``.
GUARDS: dict[str, Guard] = {}
GUARD_DOCS: dict[str, str] = {}

for _info in (
    GuardInfo(
        "quoted",
        _quoted,
        "the match is inside quotation marks",
        "Words in quotation marks are usually the customer's own, or an earlier message, quoted "
        "back; the writer is not saying them.",
        vetoes=(
            'You wrote that the agent said "[[sorry if you feel]] that way".',
            "The note read “[[we apologise for any inconvenience]]” and nothing more.",
        ),
        keeps=(
            "[[Sorry if you feel]] that way.",
            'We [[apologise for any inconvenience]]. The "new" app is live.',
        ),
        always_on=True,
    ),
    GuardInfo(
        "followed-by-fix",
        _followed_by_fix,
        'the rest of the sentence or the next one states a fix or ownership ("I\'ve refunded", '
        '"I\'ll call", "that\'s on us", "let me")',
        "A phrase that is a problem on its own often is not when the writer goes straight on to "
        "own the failure or fix it.",
        vetoes=(
            "[[Sorry for the inconvenience]]. I've refunded the delivery fee.",
            "[[I'm afraid that's our policy]], but I'll make an exception this time.",
        ),
        keeps=(
            "[[Sorry for the inconvenience]]. Have a nice day.",
            "[[I'm afraid that's our policy]]. Nothing more can be done.",
        ),
    ),
    GuardInfo(
        "followed-by-question",
        _followed_by_question,
        "the rest of the sentence or the next one asks a question",
        "A question after the phrase starts a conversation about the problem instead of closing "
        "it.",
        vetoes=(
            "[[Sorry about that]]. Which order number was it?",
            "[[We can't change it]] online - could you ring us?",
        ),
        keeps=("[[Sorry about that]]. It happens.", "[[We can't change it]] online."),
    ),
    GuardInfo(
        "followed-by-fix-or-question",
        _followed_by_fix_or_question,
        "either of the two above",
        "For phrases that a fix or a question equally redeems.",
        vetoes=(
            "[[Sorry about that]]. Which order number was it?",
            "[[Sorry about that]]. I've reshipped it today.",
        ),
        keeps=("[[Sorry about that]]. It happens.", "[[Sorry about that]]. Bye."),
    ),
    GuardInfo(
        "followed-by-remedy",
        _followed_by_remedy,
        "the rest of the sentence or the next one states a remedy (a refund, credit, correction, "
        'replacement or reversal), narrower than `followed-by-fix`: "we\'ve checked" is not one',
        'Evidence ("we\'ve checked with the store") does not redeem a contradiction; money back '
        "or a correction does.",
        vetoes=(
            "[[That is incorrect]] - I've refunded the second charge.",
            "[[That's not right]]. We'll replace the part this week.",
        ),
        keeps=(
            "[[That is incorrect]]. We've checked with the store.",
            "[[That's not right]]. The parcel was delivered.",
        ),
    ),
    GuardInfo(
        "negated",
        _negated,
        "a negation (not, never, n't, no) stands up to two words before the match",
        '"No need to apologise" and "it is not our policy" say the opposite of the phrase.',
        vetoes=(
            "There is no [[need to apologise]].",
            "It is not [[company policy]] to charge for this.",
        ),
        keeps=("We [[apologise for the wait]].", "It is [[company policy]] to charge for this."),
    ),
    GuardInfo(
        "in-question",
        _question,
        "the sentence holding the match is a question",
        'A question asks; it does not assert ("Is that really our policy?").',
        vetoes=("Is [[that really our policy]]?", "Did [[you check the size chart]]?"),
        keeps=("[[That is our policy]].", "[[You should check the size chart]]."),
    ),
    GuardInfo(
        "reported-speech",
        _reported_speech,
        "the match comes right after a reporting frame with someone other than the writer as "
        'speaker, without quotation marks ("you mentioned our agent said …", "you were told '
        '…", "the email says …")',
        "Reported speech is the writer repeating what someone else said, usually to disown it; "
        "the writer is not apologising or refusing in those words.",
        vetoes=(
            "You mentioned our agent said [[sorry you feel that way]] and hung up.",
            "You were told [[sorry for any inconvenience]] and nothing else, which isn't good "
            "enough.",
            "The driver said [[there's nothing we can do]], and that was wrong of him.",
        ),
        keeps=(
            "[[Sorry you feel that way]].",
            "I said [[sorry for any inconvenience]] too quickly last time.",
            "As I said, [[there's nothing we can do]].",
        ),
    ),
    GuardInfo(
        "internal-note",
        _internal_note,
        'the match is in a note for colleagues: after an "INTERNAL", "internal note", '
        '"agent note", "not for customer" or "do not send" marker, up to the end of the '
        'text or a new line that starts the reply with a greeting ("Hi", "Dear", …)',
        "Saved replies often carry instructions for agents; they are never sent, so their "
        "wording is not the reply's.",
        vetoes=(
            "INTERNAL – do not send: the customer was told [[sorry if you feel]] that way.",
            "Agent note: never write [[we apologise for any inconvenience]] here.\n"
            "Use the refund macro.",
            "[Internal] [[There's nothing we can do]] is banned wording.",
        ),
        keeps=(
            "[[Sorry if you feel]] that way.",
            "Internal note: use when the parcel is lost.\n\nHi {{name}},\n"
            "[[We apologise for any inconvenience]].",
            "Our internal review found [[nothing we can do]].",
        ),
    ),
    GuardInfo(
        "answer-after-but",
        _answer_after_but,
        'the "but" or "however" in or right after the match introduces an answer: how to do '
        'what was asked ("you can …", "there\'s a setting …", "go to …", "here\'s how")',
        '"Apologies, but you can do that from Settings" apologises for a limitation and then '
        "answers the question: nothing is taken back.",
        vetoes=(
            "[[Apologies, but]] you can change the address under Settings > Account.",
            "[[Sorry, but]] there's a setting for that: open Preferences and untick it.",
            "[[Sorry for the wait, but]] to export the report, go to Reports and click Export.",
        ),
        keeps=(
            "[[Sorry, but]] we had other tickets that took priority.",
            "[[Apologies, but]] that is our policy.",
            "[[Sorry, but]] you need to read the guide first.",
        ),
    ),
    GuardInfo(
        "reply-owns-and-fixes",
        _reply_owns_and_fixes,
        "elsewhere in the reply (up to 2,000 characters before the match, or the rest of its "
        "sentence and the next) the writer states a remedy (a refund, a replacement, a "
        'correction) or offers one ("please accept this voucher"), or owns the failure and '
        "says what they are doing about it",
        'A closing "sorry again for the hassle" after the writer has owned and fixed the '
        "problem is courtesy, not boilerplate standing in for an apology.",
        vetoes=(
            "That was our mistake and I've refunded the fee. [[Sorry again for the hassle]]!",
            "I've sent a replacement by express today. [[Sorry for the trouble]].",
        ),
        keeps=(
            "[[Sorry for the trouble]]. Please contact the store.",
            "Please DM us so we can help. [[Sorry for the trouble]].",
        ),
    ),
    GuardInfo(
        "own-admission",
        _own_admission,
        "the sentence holding the match, or the one before, admits the writer's own error "
        '("I\'m sorry, that was wrong", "my last reply was incorrect", "I gave you the wrong '
        'date", "I was mistaken")',
        '"That was wrong" about the writer\'s own earlier answer corrects the writer, not the '
        "customer; reading it as contradicting the customer is a false alarm.",
        vetoes=(
            "I'm sorry, [[that was wrong]]: the store opens at 9.",
            "My last reply was inaccurate. [[That isn't true]] - the fee is £5.",
            "I gave you the wrong date. [[That's incorrect]]; it's the 5th.",
        ),
        keeps=(
            "[[That's not true]], the engineer arrived at 9:05.",
            "Sorry, [[that isn't correct]]: you ordered the large size.",
            "[[That is incorrect]]. You cancelled it yourself.",
        ),
    ),
):
    register_guard(_info)


# -- Guards of the dismissive grammar (docs/grammar.md) -----------------------------------------

_APOLOGY_WORD = LazyPattern(
    r"\b(?:sorry|apolog(?:y|ies|ise|ize|ised|ized)|regret(?:s|ted)?)\b(?!\s+(?:\w+\s+)?to "
    r"(?:hear|see|learn|read)\b)",
    re.IGNORECASE,
)


def _after_apology(ctx: Context, start: int, end: int) -> bool:
    """An apology stands earlier in the match's sentence or in the sentence before."""
    i = ctx.sentence_index(start)
    if i < 0:
        return False
    s = ctx.sentences[max(0, i - 1)][0]
    return bool(_APOLOGY_WORD.search(ctx.text, max(s, start - 300), start))


#: A door left open anywhere later in the reply: a reopen, a review, an appeal, an invitation to
#: come back with more.
_WAY_BACK = LazyPattern(
    r"\bre-?open(?:ed|ing|s)?\b|\breconsider|\brevisit|\bappeal\b"
    r"|\b(?:happy|glad|willing|open) to (?:listen|look again|take another look|reconsider|review|"
    r"discuss|revisit|hear)"
    r"|\bcontinue to (?:vote|comment|discuss)"
    r"|\bif you (?:disagree|feel strongly|believe (?:this|we|that)|think (?:this|we|that))"
    r"|\blet (?:us|me) know and (?:we|i)\b"
    r"|\bfeel free to (?:re-?open|reply|comment|open a new|respond|push|submit)",
    re.IGNORECASE,
)


def _way_back_in_reply(ctx: Context, start: int, end: int) -> bool:
    return bool(_WAY_BACK.search(ctx.text, end, end + 1500))


for _info in (
    GuardInfo(
        "after-apology",
        _after_apology,
        'an apology (not "sorry to hear") stands earlier in the match\'s sentence or in the '
        "sentence before",
        "An apology followed at once by a refusal (\"We're sorry. Refunds aren't possible after "
        '30 days.") is an apology taken back by a policy: the non-apology rules report it, and '
        "a second finding for the refusal alone would count the same words twice.",
        vetoes=(
            "We're sorry. [[Refunds aren't possible]] after 30 days.",
            "I regret that [[we are unable to offer]] a refund.",
        ),
        keeps=(
            "[[Refunds aren't possible]] after 30 days.",
            "Sorry to hear that. [[We are unable to offer]] a refund.",
        ),
    ),
    GuardInfo(
        "way-back-in-reply",
        _way_back_in_reply,
        "later in the reply (up to 1,500 characters on) the writer leaves a way back: a reopen, "
        'a review, an appeal, "if you disagree …", "feel free to reopen", "let us know and '
        "we'll …\"",
        "A decline that tells the customer how to come back is a decision, not a dead end; the "
        "way back often comes a few sentences after the refusal.",
        vetoes=(
            "[[We have decided not to merge]] this. Thanks for the work! If you disagree, we "
            "are happy to listen and reconsider.",
            "[[Exchanges are not possible]] here. You can always appeal the decision.",
        ),
        keeps=(
            "[[We have decided not to merge]] this. Thanks for your understanding.",
            "We reopened the store in May. [[Exchanges are not possible]] online.",
        ),
    ),
):
    register_guard(_info)


_MARK = re.compile(r"\[\[(.+?)\]\]", re.DOTALL)


def run_guard_example(name: str, example: str) -> bool:
    """Whether guard ``name`` vetoes the match marked ``[[…]]`` in ``example`` (read as the
    linter reads a draft: whitespace collapsed, line breaks remembered)."""
    from .analysis import TextView

    m = _MARK.search(example)
    if m is None:
        raise ValueError(f"guard example without a [[marked]] match: {example!r}")
    view = TextView(example)
    text = view.text
    vm = _MARK.search(text)
    assert vm is not None
    start, end = vm.start(), vm.end() - 4
    plain = text[: vm.start()] + vm.group(1) + text[vm.end() :]
    # the markers are gone: breaks after them move back
    breaks = [b - (2 if b <= vm.end(1) else 4) if b > start else b for b in view.breaks]
    return GUARD_REGISTRY[name].check(Context(plain, breaks), start, end)
