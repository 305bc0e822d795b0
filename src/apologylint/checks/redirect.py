"""DM110 cold-redirect: the customer is sent to another party, team or channel, and the writer
keeps no part of what happens next.

A small grammar, read left to right inside one sentence::

    LEAD   please / kindly / you may / you can / it would be best to / I'd recommend / did you
    VERB   contact / call / reach out to / get in touch with / visit / go to / use / ask on /
           post in / file ... with / report ... to / raise ... with / try asking on
    TARGET within six words: a third party (the store, your bank, the manufacturer, them), one of
           our other units (our Baggage Service Center, our Lagos office, Reservations) or a
           venue (the forum, the mailing list, Stack Overflow, their support channel)

It is a code rule because the slots need what token patterns cannot say cheaply: the target may
sit inside a Markdown link (``[Stack Overflow](https://…)`` is one token to the tokenizer), a
capitalised department name ("call Reservations") counts where the lower-case word does not,
and a hand-off the writer stays part of ("so we can follow up", "I've let them know") anywhere
in the rest of the reply is not cold. "Us", "me" and "here" are never a target.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ..analysis import Context
from ..findings import Severity
from ..lazyre import LazyPattern
from ..registry.rule import CodeRule, Examples, Match, Rule
from ._tokens import lower_tokens, lowered, token_prefilter, word_hashes

A = r"['’]"

#: Who sends the customer away: an instruction, a recommendation or a "did you try".
LEAD = (
    r"(?:please\s+(?:do\s+|just\s+|now\s+|kindly\s+)?|kindly\s+"
    r"|(?:you|u)\s+(?:may|can|could|might|should)\s+(?:(?:also|still|always|just|first|then|"
    r"try to|want to|wish to|need to)\s+)?"
    r"|(?:it\s+)?(?:would|might|will|may)\s+be\s+(?:best|better|quicker|easier|easiest|ideal|"
    r"wise|advisable)\s+(?:for you\s+)?to\s+|(?:best|better)\s+to\s+"
    r"|(?:i|we)(?:\s+would|" + A + r"d)?\s+(?:recommend|suggest|advise|encourage|urge|ask)"
    r"(?:\s+that)?(?:\s+you)?(?:\s+to)?\s+"
    r"|(?:did|have|could|can)\s+you\s+(?:please\s+)?(?:tried\s+|try\s+)?)"
)
#: The move elsewhere; an object may sit between a reporting verb and its preposition.
_OBJ = r"(?:[\w'’-]+\s+){0,3}?"
VERB = (
    r"(?:contact(?:ing|ed)?|call(?:ing|ed)?|ring(?:ing)?|phone|e-?mail|message|dm"
    r"|reach(?:ing|ed)?\s+out\s+(?:directly\s+)?to|get(?:ting)?\s+in\s+touch\s+(?:directly\s+)?with"
    r"|speak(?:ing)?\s+(?:directly\s+)?(?:to|with)|talk(?:ing)?\s+(?:directly\s+)?to"
    r"|chat(?:ting)?\s+with|visit(?:ing)?|go(?:ing)?\s+(?:back\s+)?to|head(?:ing)?\s+(?:over\s+)?to"
    r"|pop\s+(?:into|in\s+to|by)|return(?:ing)?\s+to|use|join|check\s+out"
    r"|check(?:ing)?\s+(?:directly\s+)?with|(?:en|in)quir(?:e|ing)\s+(?:directly\s+)?with"
    r"|ask(?:ing)?\s+" + _OBJ + r"(?:over\s+)?(?:on|in|at|via|to)"
    r"|post(?:ing)?\s+" + _OBJ + r"(?:over\s+)?(?:on|in|to|at)"
    r"|file(?:d)?\s+" + _OBJ + r"(?:with|to|at|on|in|against)"
    r"|report(?:ing)?\s+" + _OBJ + r"(?:to|with|in|on|at)"
    r"|raise\s+" + _OBJ + r"(?:with|on|in)|direct\s+" + _OBJ + r"to"
    r"|refer\s+" + _OBJ + r"to|submit\s+" + _OBJ + r"(?:to|via|on|in)"
    r"|take\s+(?:it|this|that)\s+up\s+with"
    r"|try(?:ing)?\s+(?:asking\s+|posting\s+)?(?:over\s+)?(?:on|at|in))"
)
#: Third parties: the customer is sent out of the company.
PARTY = (
    r"store|shop|bank|manufacturer|maker|seller|retailer|dealer|dealership|carrier|courier|"
    r"airline|airport|insurer|insurance|provider|isp|network|operator|issuer|lender|vendor|"
    r"merchant|landlord|agency|developer|publisher|council|police|embassy|consulate|hotel|"
    r"venue|restaurant|pharmacy|doctor|gp|vet|school|university|instructor|teacher|"
    r"representative|location|locations|branch|counter|franchise|franchisee|partner|partners|"
    r"post office|card company|card issuer|organi[sz]er|promoter"
)
#: Our other units: a team the customer must now chase on their own.
UNIT = (
    r"office|offices|cent(?:er|re)|department|dept|desk|experts|specialists|folks|colleagues|"
    r"team|teams|hotline|helpline|help desk|helpdesk|reservations|relations|billing|sales|"
    r"claims|support|care|services"
)
#: Venues: a forum or channel instead of an answer.
VENUE = (
    r"forums?|mailing lists?|user list|dev(?:el)? list|community|communities|channels?|discord|"
    r"slack|gitter|irc|stack\s?overflow|stack exchange|reddit|subreddit|repository|repo|"
    r"tracker|q&a|discussions?|matrix|server|faqs?|help cent(?:er|re)|knowledge base|help pages"
)
_TARGET = LazyPattern(
    r"^\s*(?:(?:[\w'’-]+\s+){0,3}?(?P<them>them|they)\b"
    r"|(?:the|your|their|our|a|an|its|his|her|one of (?:our|the|their))?\s*"
    r"(?:[\w'’.&/-]+\s+){0,4}?(?:(?P<venue>"
    + VENUE
    + r")|(?P<noun>"
    + PARTY
    + "|"
    + UNIT
    + r"))\b)",
)
#: "us", "me", "here", this thread: the writer stays in it.
_BACK_TO_US = LazyPattern(
    r"^\s*(?:us|me|here|back|again|this (?:thread|chat|dm|page|conversation)|our (?:dm|dms|inbox)|"
    r"(?:the |our )?(?:link|url|website|site|page|app)\b)\b"
)
#: A capitalised department name right after the verb: "call Reservations".
_DEPARTMENT = LazyPattern(
    r"\s*(?:our\s+)?(?:[A-Z][\w&'’-]*\s+){0,3}?(?P<dep>Reservations|Relations|Billing|Sales|"
    r"Claims|Support|Care|Services|Accounts|Returns|Refunds|Baggage|Lost Property|Customer \w+)\b"
)
#: The move, matched where a candidate word starts (see ``_FIRST``).
_VERB_AT = LazyPattern(r"(?P<verb>" + VERB + r")\s")
_REC_AT = LazyPattern(
    r"(?P<rec>recommend|suggest)(?:\s+(?:trying|using|asking on|posting on|posting in|asking in|"
    r"going to))?\s"
)
#: Who sends the customer away, read backwards from the move.
_LEAD_END = LazyPattern(r"\b" + LEAD + r"$")
_REC_LEAD_END = LazyPattern(r"\b(?:i|we)(?:\s+would|" + A + r"d)?\s+$")
#: A move at the start of its sentence is an imperative: "Contact your bank".
_IMPERATIVE_HEAD = LazyPattern(r"[\s\-*•]*(?:just\s+)?$")
#: The first word of every move, recommendation or lead-less imperative: tokens with one of
#: these forms are the only places a redirect can start, found in the Doc's token array at once
#: instead of scanning the text with the whole grammar.
_FIRST = (
    "contact contacting contacted call calling called ring ringing phone e email e-mail message "
    "dm reach reaching reached get getting speak speaking talk talking chat chatting visit "
    "visiting go going head heading pop return returning use join check checking enquire "
    "enquiring inquire inquiring ask asking post posting "
    "file filed report reporting raise direct submit take refer try trying recommend suggest"
).split()


#: Verbs whose object must be a venue: "use a descriptive branch name" sends no one anywhere.
_VENUE_ONLY = ("use", "join", "check", "recommend", "suggest")
#: "check with your bank" names a party, unlike "check the forum".
_CHECK_WITH = re.compile(r"check(?:ing)?\s+(?:directly\s+)?with\b")

#: The writer stays part of the hand-off (anywhere after the redirect, up to two sentences on):
#: "so we can look into it", "and we'll follow up", "I've let them know", "keep us posted".
_WARM = LazyPattern(
    r"\bso (?:that )?(?:we|i|our team|they and we) (?:can|could|may|will)\b"
    r"|\b(?:and|then) (?:we|i)(?:" + A + r"ll| will| can| could| would)\b"
    r"|\b(?:we|i)(?:" + A + r"d| would) (?:be (?:happy|glad|pleased)|love|like) to\b"
    r"|\b(?:we|i)(?:" + A + r"ll| will) (?:be (?:happy|glad|pleased|here)|gladly|happily|also|"
    r"follow|keep|check|make sure|look|get|call|chase|contact|update|ring|email|stay)\b"
    r"|\bkeep (?:us|me) (?:posted|updated|in the loop|informed)\b"
    r"|\blet (?:us|me) know (?:how|what|if|once|when)\b"
    r"|\b(?:i|we)(?:" + A + r"ve| have) (?:already |also |just )?(?:passed|forwarded|shared|sent|"
    r"cc" + A + r"?d|copied|told|let them|contacted|reached out|flagged|raised|informed|notified|"
    r"spoken|called|emailed|asked|alerted|arranged|booked|added|moved|opened|logged)\b"
    r"|\bin case (?:they|you|the \w+) needs? (?:us|me|anything)\b"
    r"|\bon your behalf\b",
)
#: Markdown link targets and bare URLs: blanked (same length) so a linked name reads as words.
_LINK_TARGET = re.compile(r"\]\([^)\s]*\)|https?://\S+|[\[\]*`_]")
#: An offer of a channel as one option among ours ("if you'd prefer, you can also call the
#: store"), or a question about what already happened, is not a redirect.
_OPTIONAL = LazyPattern(
    r"\b(?:if you(?:" + A + r"d| would) (?:prefer|rather|like)|if you prefer|alternatively|"
    r"or if you|you(?:" + A + r"re| are) (?:also )?welcome to"
    # a pointer to reading matter, not to someone who must now solve the problem
    r"|for (?:more|further|additional|full|the latest) (?:information|info|details|news|updates))"
    r"\b[^.!?]{0,60}$"
)


#: Words a target may end on (lower-cased single tokens); a move with none of them in the next
#: ten tokens cannot be a redirect, so the regexes never run there.
_TARGET_WORDS = (
    "them they store stores shop shops bank banks manufacturer maker seller sellers retailer "
    "dealer dealership carrier courier airline airport insurer insurance provider isp network "
    "operator issuer lender vendor merchant landlord agency developer publisher council police "
    "embassy consulate hotel venue restaurant pharmacy doctor gp vet school university instructor "
    "teacher representative location locations branch counter franchise franchisee partner "
    "partners office company organiser organizer promoter offices center centre department dept "
    "desk experts specialists folks colleagues team teams hotline helpline helpdesk reservations "
    "relations billing sales claims support care services forum forums list lists community "
    "communities channel channels discord slack gitter irc stack stackoverflow overflow exchange "
    "reddit subreddit repository repo tracker q&a discussion discussions matrix server faq faqs "
    "centre center base pages accounts returns refunds baggage property"
).split()


def _candidates(doc: Any, ctx: Context) -> list[int]:
    """Character offsets of tokens that may start a move with a possible target after it
    (empty when there are none)."""
    forms, present = lower_tokens(doc, ctx)
    first = word_hashes(doc, _FIRST)
    targets = word_hashes(doc, _TARGET_WORDS)
    if present.isdisjoint(first) or present.isdisjoint(targets):
        return []
    return [
        doc[i].idx
        for i, h in enumerate(forms)
        if h in first and not targets.isdisjoint(forms[i + 1 : i + 11])
    ]


def _blank_links(text: str) -> str:
    if not ("http" in text or any(c in text for c in "[]*`_")):
        return text
    return _LINK_TARGET.sub(lambda m: " " * len(m.group()), text)


class ColdRedirect(CodeRule):
    """Reports "please contact the store" / "ask on the forum" / "you may call Reservations"
    when nothing in the rest of the reply keeps the writer in it."""

    rule = Rule(
        code="DM110",
        name="cold-redirect",
        category="dismissive",
        severity=Severity.WARNING,
        message="Cold redirect: '{match}'",
        summary='"Please contact the store", "ask on the forum", "you may call Reservations": '
        "the customer is sent elsewhere and the writer keeps no part of it.",
        why="Being sent to someone else without a name, a reason or a follow-up is the most common "
        "way a customer's problem gets dropped: they start again from zero with a stranger, and "
        "read the hand-off as 'not our problem'.",
        suggestion="If someone else must handle it, stay in the loop: say why they are the right "
        'people, pass the details on yourself, and promise a check-in: "The store holds the '
        "deposit, so I've sent them your order number and asked them to call you today; I'll "
        "check with you tomorrow that it's sorted.\"",
        examples=Examples(
            fires=(
                "Please contact the seller about the missing charger.",
                "You may call our Claims Department on 0800 000 000 between 9 and 5.",
                "For help with the plugin, please ask on the community forum.",
                "Best to get in touch with them directly.",
                "Please take this up with your card issuer.",
                "I'd recommend posting your question over on [the user forum](https://example.org/f).",
                "Did you call your local branch about the deposit?",
                "Please check with your card provider about the hold.",
                "You could enquire with the venue about lost property.",
                "Kindly refer the claim to your insurer.",
            ),
            passes=(
                "Please contact the store on 01234 567890; I've let them know you're coming "
                "and I'll check in with you tomorrow.",
                "Please message us so we can check the order together.",
                "Please DM us your order number and we'll sort it out.",
                "To reset your password, please visit the link in the email we sent.",
                "If you'd prefer, you can also call the store and they'll hold it for you.",
                "I've contacted the courier myself and asked them to redeliver on Monday.",
                "Please reach out to our returns team here and we'll be glad to help.",
                "Please check with us before you post it back, so we can send a label.",
                "I'll check with the store this afternoon and call you back.",
                "Please refer to the order number when you reply.",
            ),
        ),
        guards=("internal-note", "reported-speech"),
        source="apologylint.checks.redirect",
        pack="builtin",
    )

    def check(self, doc: Any, ctx: Context) -> Iterator[Match]:
        text = ctx.text
        low = lowered(text)
        if token_prefilter(doc, text):
            offsets = _candidates(doc, ctx)
        else:  # no Doc (a direct call): every word start is a candidate
            offsets = [m.start() for m in re.finditer(r"\b\w", low)]
        if not offsets:
            return
        clean = orig_clean = ""
        last_end = -1
        for off in offsets:
            if off < last_end:
                continue
            vm = _VERB_AT.match(low, off)
            if vm is None and not _REC_AT.match(low, off):
                continue
            if not clean:
                clean, orig_clean = _blank_links(low), _blank_links(text)
            vm = _VERB_AT.match(clean, off)
            if vm is not None:
                vend = vm.end("verb")
                verb = vm.group("verb")
                venue_only = verb.split()[0] in _VENUE_ONLY and not _CHECK_WITH.match(verb)
                lead = _LEAD_END
            else:
                rm = _REC_AT.match(clean, off)
                if rm is None:
                    continue
                vend, venue_only, lead = rm.end() - 1, True, _REC_LEAD_END
            found = self._target(clean, orig_clean, vend, venue_only)
            if found is None:
                continue
            end, target = found
            s_start, _ = ctx.sentence_at(off)
            lo = max(s_start, off - 100)
            lm = lead.search(clean, lo, off)
            if lm is not None:
                start = lm.start()
            elif lead is _LEAD_END and _IMPERATIVE_HEAD.fullmatch(clean, s_start, off):
                start = off
            else:
                continue
            if _OPTIONAL.search(clean, max(s_start, start - 80), start):
                continue
            # the rest of the reply after the redirect, two sentences on: does the writer stay in?
            after = ctx.after(end, sentences=2).lower()
            before = clean[max(s_start, start - 120) : start]
            if _WARM.search(after) or _WARM.search(before):
                continue
            last_end = end
            yield Match(
                start,
                end,
                suggestion=f"You send the customer to {target} and keep no part of it. If "
                f"{target} must handle it, say why, pass the details on yourself and promise "
                "a check-in: \"I've sent them your order details and asked them to call you "
                "today; I'll check with you tomorrow that it's sorted.\"",
            )

    @staticmethod
    def _target(clean: str, orig_clean: str, vend: int, venue_only: bool) -> tuple[int, str] | None:
        """Where the target named after the verb ends, and its words; ``None`` for none."""
        tail = clean[vend : vend + 120]
        if _BACK_TO_US.match(tail):
            return None
        t = _TARGET.match(tail)
        if t is not None and (
            t.group("venue") or (not venue_only and (t.group("them") or t.group("noun")))
        ):
            end = vend + t.end()
        else:
            d = None if venue_only else _DEPARTMENT.match(orig_clean, vend)
            if d is None:
                return None
            end = d.end()
        return end, " ".join(orig_clean[vend:end].split())
