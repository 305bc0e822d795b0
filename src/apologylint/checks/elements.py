"""Element detectors that need Python beyond patterns (category ``element``; see recovery.py).

Each yields evidence spans; the element name is the rule's ``message``. They work sentence by
sentence over the view text with small regexes, and only on the sentences a cheap keyword test
lets through. What they decide that token patterns cannot:

- ``acknowledgement``: a concrete failure said back (a failure predicate bound to the
  customer's thing), not in a real question, not a generic policy line ("Faults with the
  headphones are covered by …");
- ``widening-question``: a real question to the customer (wh-word or auxiliary + subject), or a
  direct request for details, that is not "anything else?", a rhetorical echo or an identity
  check;
- ``action``: a fix verb with the right subject and tense (done: "I've refunded"; promised or
  offered: "I'll send", "I can rebook"; by a colleague: "Priya will reissue"; passive on the fix:
  "your refund has been processed"), never a past failure ("we cancelled your class");
- ``time-commitment``: a time expression that points to the future (inherently — "tomorrow",
  "within 24 hours", "by Friday" — or by a future verb in the same clause), never elapsed time,
  opening hours or validity dates;
- ``explanation``: a cause of the failure ("because", "which is why", "caused by", "broke down"),
  not the reason for redirecting the customer or for a handoff;
- ``ownership``: "we sent you the wrong size", "we took £6.99 twice" (first person + the error);
- ``warm-handoff``: a named person or named team takes over AND the writer stays involved
  (follows up) somewhere in the reply;
- ``cold-handoff``: the customer is sent elsewhere and nobody on our side stays involved.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

from ..analysis import Context
from ..findings import Severity
from ..registry.rule import CodeRule, Examples, Match, Rule

A = r"['’]"
_F = re.IGNORECASE


def _rule(
    code: str, name: str, element: str, summary: str, fires: Iterable[str], passes: Iterable[str]
) -> Rule:
    return Rule(
        code=code,
        name=name,
        category="element",
        severity=Severity.INFO,
        message=element,
        summary=summary,
        why="-",
        suggestion="-",
        examples=Examples(tuple(fires), tuple(passes)),
        source="apologylint.checks.elements",
        pack="elements",
    )


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """The span without surrounding spaces and punctuation."""
    while start < end and not text[start].isalnum() and text[start] not in "£$€@":
        start += 1
    while end > start and not text[end - 1].isalnum():
        end -= 1
    return start, end


def _span(text: str, start: int, end: int) -> Match:
    return Match(*_trim(text, start, end))


def _every_match(regex: re.Pattern[str], text: str, limit: int = 12) -> Iterator[re.Match[str]]:
    """Matches starting at every position, not only after the previous one ends: overlapping
    candidates, so that evidence hidden by another element's span can still be found."""
    pos = 0
    n = 0
    while n < limit:
        m = regex.search(text, pos)
        if not m:
            return
        yield m
        n += 1
        pos = m.start() + 1


def _alt(words: Iterable[str]) -> str:
    return (
        "(?:"
        + "|".join(
            sorted({re.escape(w).replace(r"\ ", r"\s+") for w in words}, key=len, reverse=True)
        )
        + ")"
    )


# -- shared vocabulary ----------------------------------------------------------------------

_WEEKDAY = (
    r"(?:mon(?:day)?|tue(?:s(?:day)?)?|wed(?:s|nesday)?|thu(?:r(?:s(?:day)?)?)?|"
    r"fri(?:day)?|sat(?:urday)?|sun(?:day)?)\b\.?"
)
_WEEKDAY_FULL = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)s?\b"
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b\.?"
)
_NUMW = (
    r"(?:\d+(?:\.\d+)?(?:\s*(?:[–—-]|to)\s*\d+)?|a|an|one|two|three|four|five|six|seven|"
    r"eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|forty-eight|"
    r"twenty-four|seventy-two|a few|a couple of|a couple|few|couple of)"
)
_UNIT = (
    r"(?:(?:working|business|calendar|banking|full)\s+)?"
    r"(?:minutes?|mins?|hours?|hrs?|days?|weeks?|months?|nights?)\b"
)
_CLOCK = (
    r"(?:\d{1,2}(?:[:.]\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.)|\d{1,2}:\d{2}\b|noon\b|midday\b|"
    r"midnight\b|lunchtime\b|lunch\b)"
)

# Fix verbs: base, past participle and -ing forms.
_FIX = {
    "refund": ("refunded", "refunding"),
    "replace": ("replaced", "replacing"),
    "resend": ("resent", "resending"),
    "re-send": ("re-sent", "re-sending"),
    "reship": ("reshipped", "reshipping"),
    "re-ship": ("re-shipped", "re-shipping"),
    "reissue": ("reissued", "reissuing"),
    "re-issue": ("re-issued", "re-issuing"),
    "rebook": ("rebooked", "rebooking"),
    "re-book": ("re-booked", "re-booking"),
    "book": ("booked", "booking"),
    "reset": ("reset", "resetting"),
    "restore": ("restored", "restoring"),
    "unblock": ("unblocked", "unblocking"),
    "unlock": ("unlocked", "unlocking"),
    "unfreeze": ("unfrozen", "unfreezing"),
    "reactivate": ("reactivated", "reactivating"),
    "re-activate": ("re-activated", "re-activating"),
    "reconnect": ("reconnected", "reconnecting"),
    "re-enable": ("re-enabled", "re-enabling"),
    "correct": ("corrected", "correcting"),
    "fix": ("fixed", "fixing"),
    "repair": ("repaired", "repairing"),
    "cancel": ("cancelled", "cancelling"),
    "void": ("voided", "voiding"),
    "remove": ("removed", "removing"),
    "waive": ("waived", "waiving"),
    "reverse": ("reversed", "reversing"),
    "credit": ("credited", "crediting"),
    "send": ("sent", "sending"),
    "post": ("posted", "posting"),
    "courier": ("couriered", "couriering"),
    "dispatch": ("dispatched", "dispatching"),
    "arrange": ("arranged", "arranging"),
    "approve": ("approved", "approving"),
    "overturn": ("overturned", "overturning"),
    "move": ("moved", "moving"),
    "reserve": ("reserved", "reserving"),
    "remake": ("remade", "remaking"),
    "reprint": ("reprinted", "reprinting"),
    "reinstate": ("reinstated", "reinstating"),
    "update": ("updated", "updating"),
    "push": ("pushed", "pushing"),
    "source": ("sourced", "sourcing"),
    "swap": ("swapped", "swapping"),
    "redirect": ("redirected", "redirecting"),
    "reroute": ("rerouted", "rerouting"),
    "collect": ("collected", "collecting"),
    "reinstall": ("reinstalled", "reinstalling"),
    "recover": ("recovered", "recovering"),
    "honour": ("honoured", "honouring"),
    "honor": ("honored", "honoring"),
    "amend": ("amended", "amending"),
    "adjust": ("adjusted", "adjusting"),
    "clear": ("cleared", "clearing"),
    "process": ("processed", "processing"),
    "issue": ("issued", "issuing"),
    "pay": ("paid", "paying"),
    "exchange": ("exchanged", "exchanging"),
    "retry": ("retried", "retrying"),
    "rerun": ("rerun", "rerunning"),
    "redeliver": ("redelivered", "redelivering"),
    "re-deliver": ("re-delivered", "re-delivering"),
    "reschedule": ("rescheduled", "rescheduling"),
    "bring": ("brought", "bringing"),
    "deliver": ("delivered", "delivering"),
    "ship": ("shipped", "shipping"),
    "restart": ("restarted", "restarting"),
    "reopen": ("reopened", "reopening"),
    "re-open": ("re-opened", "re-opening"),
    "release": ("released", "releasing"),
    "lift": ("lifted", "lifting"),
    "reduce": ("reduced", "reducing"),
    "refit": ("refitted", "refitting"),
    "reprocess": ("reprocessed", "reprocessing"),
    "expedite": ("expedited", "expediting"),
    "reconfigure": ("reconfigured", "reconfiguring"),
    "rectify": ("rectified", "rectifying"),
    "resolve": ("resolved", "resolving"),
    "transfer": ("transferred", "transferring"),
    "unmerge": ("unmerged", "unmerging"),
    "return": ("returned", "returning"),
    "order": ("ordered", "ordering"),
    "change": ("changed", "changing"),
    "redo": ("redone", "redoing"),
    "resubmit": ("resubmitted", "resubmitting"),
    "re-submit": ("re-submitted", "re-submitting"),
    "rebuild": ("rebuilt", "rebuilding"),
    "re-run": ("re-run", "re-running"),
    "replenish": ("replenished", "replenishing"),
    "top up": ("topped up", "topping up"),
    "unsuspend": ("unsuspended", "unsuspending"),
    "re-add": ("re-added", "re-adding"),
    "sort out": ("sorted out", "sorting out"),
    "put right": ("put right", "putting right"),
    "re-credit": ("re-credited", "re-crediting"),
    "reverse out": ("reversed out", "reversing out"),
    "roll back": ("rolled back", "rolling back"),
    "rewire": ("rewired", "rewiring"),
    "reseal": ("resealed", "resealing"),
    "re-seal": ("re-sealed", "re-sealing"),
    "repaint": ("repainted", "repainting"),
    "re-tile": ("re-tiled", "re-tiling"),
    "restitch": ("restitched", "restitching"),
    "re-alter": ("re-altered", "re-altering"),
    "rehang": ("rehung", "rehanging"),
    "reglaze": ("reglazed", "reglazing"),
    "reflash": ("reflashed", "reflashing"),
    "recalibrate": ("recalibrated", "recalibrating"),
    "realign": ("realigned", "realigning"),
    "reattach": ("reattached", "reattaching"),
    "restock": ("restocked", "restocking"),
    "rebake": ("rebaked", "rebaking"),
    "re-bake": ("re-baked", "re-baking"),
    "resync": ("resynced", "resyncing"),
    "re-sync": ("re-synced", "re-syncing"),
    "re-upload": ("re-uploaded", "re-uploading"),
    "reapply": ("reapplied", "reapplying"),
    "re-apply": ("re-applied", "re-applying"),
    "reprogram": ("reprogrammed", "reprogramming"),
    "authorise": ("authorised", "authorising"),
    "authorize": ("authorized", "authorizing"),
    "unjam": ("unjammed", "unjamming"),
    "unstick": ("unstuck", "unsticking"),
    "patch": ("patched", "patching"),
    "swap out": ("swapped out", "swapping out"),
    "refill": ("refilled", "refilling"),
    "reset up": ("reset up", "resetting up"),
    "repost": ("reposted", "reposting"),
    "re-post": ("re-posted", "re-posting"),
    "renew": ("renewed", "renewing"),
    "rebate": ("rebated", "rebating"),
    "suspend": ("suspended", "suspending"),
    "recook": ("recooked", "recooking"),
    "cook": ("cooked", "cooking"),
    "re-cook": ("re-cooked", "re-cooking"),
    "re-make": ("re-made", "re-making"),
    "re-print": ("re-printed", "re-printing"),
    "redirect out": ("redirected out", "redirecting out"),
    "re-route": ("re-routed", "re-routing"),
    "merge": ("merged", "merging"),
    "delete": ("deleted", "deleting"),
    "unsubscribe": ("unsubscribed", "unsubscribing"),
    "refund back": ("refunded back", "refunding back"),
}
# Verbs that are a fix only on the right object (see _SEND_OBJECT_VETO, _ARRANGE_OBJECT).
_ARRANGELIKE = {"arrange", "arranged", "arranging"}
_FIX_BASE = _alt(_FIX)
_FIX_PP = _alt(v[0] for v in _FIX.values())
_FIX_ING = _alt(v[1] for v in _FIX.values())
_ADV = (
    r"(?:(?:also|just|now|already|personally|since|then|manually|quickly|both|fully|"
    r"immediately|gone ahead and|go ahead and|went ahead and|happily|gladly|straight|"
    r"promptly|either|simply|definitely|certainly|instead|completely|re|only|still|"
    r"been able to|able to|now been able to|try to|aim to|be able to|arranged to|"
    r"asked (?:\w+ )?to|make sure (?:we|I) |need to|have to|also be|first|right away|"
    r"actually|really|so|today|this morning|this afternoon|this evening|tonight|"
    r"sorted and|already gone ahead and)\s+)"
)

#: Objects after "sent"/"passed"/"forwarded" that make it a handoff or a note, not a fix.
_SEND_OBJECT_VETO = re.compile(
    r"^\s+(?:(?:you|him|her|them|it|this|that)\s+)?(?:over|on|across|up|along)?\s*"
    r"(?:(?:your|the|a|an|my|our|some|all|these|those)\s+)?(?:\w+\s+)?"
    r"(?:file|files|details|case|cases|photos?|pictures?|report|query|complaint|feedback|"
    r"comments?|booking details|information|info|reference|request|notes?|screenshots?|"
    r"message|messages|email|emails|e-mail|survey|form|bouquet|flowers|voucher|vouchers|gift|"
    r"hamper|chocolates|cushions|treat|token|present|apology|apologies|letter|receipt|"
    r"summary|evidence|video|quote|record|records|findings|thanks|concerns?|"
    r"a link to (?:our|the) (?:form|survey|policy|page))\b"
    r"|^\s+(?:this|it|that|your \w+|the \w+|them|him|her|you)\s+"
    r"(?:over\s+|on\s+|through\s+)?(?:to|on to|onto|with)\s+"
    r"(?:our|my|a colleague|the (?:\w+\s+)?(?:team|department|office|manager|desk)|[A-Z])"
    r"|^\s+(?:you|it)\s+(?:an?\s+)?(?:update|updates|reply|email|message|text|note|link to)\b"
    r"|^\s+(?:you|it)\s*[.,!]"
    r"|^\s+in\b",
)
#: Objects after "moved"/"booked"/"changed" that are not a fix (a call, a meeting, a transfer).
_MOVE_OBJECT_VETO = re.compile(
    r"^\s+(?!(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|"
    r"April|May|June|July|August|September|October|November|December)\b)[A-Z][a-z]+\b"
    r"(?!\s+\d)|^\s+(?:you\s+)?(?:(?:a|an|the|your)\s+)?(?:\w+\s+)?(?:meeting|chat|inspection|"
    r"assessment|investigation|review)\b"
    r"|^\s+(?:you|it|this|your \w+)\s+(?:over\s+|on\s+)?(?:to|on to|onto)\s+(?:our|my|a colleague|"
    r"another|the (?:\w+\s+)?(?:team|department|office|manager|desk)|[A-Z][a-z]+ (?:in|on|from) )",
)
_PASSLIKE = {
    "send",
    "sent",
    "sending",
    "post",
    "posted",
    "posting",
    "bring",
    "brought",
    "bringing",
    "transfer",
    "transferred",
    "transferring",
    "return",
    "returned",
    "returning",
    "issue",
    "issued",
    "issuing",
    "push",
    "pushed",
    "pushing",
    "deliver",
    "delivered",
    "delivering",
    "ship",
    "shipped",
    "shipping",
    "dispatch",
    "dispatched",
    "dispatching",
}
_MOVELIKE = {
    "order",
    "ordered",
    "ordering",
    "change",
    "changed",
    "changing",
    "move",
    "moved",
    "moving",
    "update",
    "updated",
    "updating",
    "book",
    "booked",
    "booking",
    "merge",
    "merged",
    "merging",
    "delete",
    "deleted",
    "deleting",
    "collect",
    "collected",
    "collecting",
    "pay",
    "paid",
    "paying",
    "clear",
    "cleared",
    "clearing",
    "release",
    "released",
    "releasing",
    "lift",
    "lifted",
    "lifting",
    "reduce",
    "reduced",
    "reducing",
    "process",
    "processed",
    "processing",
    "source",
    "sourced",
    "sourcing",
}
_ARRANGE_NOT = re.compile(
    r"^\s+(?:(?:a|an|the|some|for|additional|extra|further|more|your|our)\s+)*(?:\w+\s+)?"
    r"(?:training|investigation|review|meeting|chat|call|inspection|assessment|feedback|"
    r"coaching|briefing|discussion|survey|audit|conversation|appointment to (?:discuss|talk))\b",
    _F,
)


def _first_person_fu() -> re.Pattern[str]:
    will = (
        r"(?:I|we)(?:"
        + A
        + r"ll| will| shall|"
        + A
        + r"m going to| am going to|"
        + A
        + r"re going to| are going to)\s+(?:(?:also|personally|then|again|just|definitely|"
        r"make sure to|be sure to|try to|happily|gladly|still|myself|now|both)\s+){0,3}"
    )
    return re.compile(
        r"\b" + will + r"(?:call|ring|phone|text|e-?mail|message|DM|contact|update|notify|"
        r"inform|ping|whatsapp|write to|write back|follow up|follow-up|check (?:in|back|on|"
        r"again|that|with|the|your|this)|circle back|touch base|be (?:back )?in touch|get back|"
        r"come back to you|let you know|keep (?:you|an eye|a close eye|this|your|it|the|"
        r"following|watching|tracking|checking|on)|stay|remain|confirm|monitor|track|look at|"
        r"drop you|give you (?:a|an) (?:quick )?(?:ring|call|bell|buzz|shout|update)|"
        r"send you (?:a|an) (?:quick |short )?(?:note|message|update|email|text|line)|"
        r"post (?:an|a) update)\b"
        r"|\b(?:I|we)(?:" + A + r"m| am|" + A + r"re| are)\s+(?:also\s+|still\s+)?(?:staying|"
        r"keeping|remaining|sticking|following|monitoring|tracking|watching|not stepping|"
        r"not going anywhere|not walking)\b"
        r"|\bhear (?:back )?from (?:me|us)\b"
        r"|\b(?:and|then)\s+(?:check (?:in|back) with you|follow up with you|get back to you|"
        r"let you know|update you)\b",
        _F,
    )


_FU_1ST = _first_person_fu()
_FU_CONDITIONAL = re.compile(
    r"^[^.?!]{0,25}?\bif\s+(?:we|I|you|there|anything|any|it|"
    r"something|necessary|needed|required|further|more)\b",
    _F,
)


def _writer_follows_up(text: str) -> re.Match[str] | None:
    for m in _FU_1ST.finditer(text):
        if _FU_CONDITIONAL.match(text[m.end() : m.end() + 60]):
            continue
        before = text[max(0, m.start() - 12) : m.start()]
        if re.search(r"\b(?:if|whether|unless)\s+$", before, _F):
            continue
        return m
    return None


def _is_real_question(sentence: str) -> bool:
    """A question put to the customer: ends with '?' and opens (or has a clause that opens)
    with a wh-word or an auxiliary + subject, so "Three hours on hold and then cut off?" (an
    echo of the complaint) is not one."""
    if "?" not in sentence:
        return False
    return bool(_Q_OPEN.search(sentence))


_Q_WORDS = (
    r"(?:what|which|when|where|who|whom|whose|how|why|could|can|would|will|do|does|"
    r"did|is|are|was|were|have|has|had|should|may|might|shall|any|anything|are|"
    r"wanna|fancy|want)"
)
_Q_OPEN = re.compile(
    r"(?:^\W*|[,;:—–(]\s*|\s-\s|\b(?:and|or|so|also|but|then|plus|now|meanwhile|otherwise)\s+|"
    r"^[^,]{0,40},\s*)(?P<q>" + _Q_WORDS + r"\b[^?]*\?)",
    _F,
)


# -- acknowledgement --------------------------------------------------------------------------

_ACK_STRONG = re.compile(
    # arrived / came / turned up in a bad state
    r"\b(?:arrived|arrives|came|turned up|showed up|shown up|was delivered|were delivered|"
    r"got delivered|came back|come back|reached you|was returned|turned out)\s+"
    r"(?:(?:\w+|\d+)\s+){0,3}?(?:damaged|broken|cracked|smashed|shattered|late|cold|warm|wet|"
    r"soggy|torn|ripped|scuffed|scratched|dented|bent|crushed|leaking|opened|empty|incomplete|"
    r"missing|without|with (?:a|an|the|its|some|several|no|only|half)\b|faulty|defective|"
    r"stale|melted|spoiled|spoilt|ruined|mouldy|moldy|expired|off|wrong|in pieces|short|"
    r"unwashed|dirty|stained|used|wiped|half-empty|undercooked|burnt|burned|raw|frozen|"
    r"defrosted|squashed|punctured|unusable|not working|dead|flat|\d+ (?:minutes?|mins?|"
    r"hours?|days?|weeks?) (?:late|after))"
    # something has not arrived / been done / is not working
    r"|\b(?:hasn" + A + r"t|has not|haven" + A + r"t|have not|didn" + A + r"t|did not|never|"
    r"wasn"
    + A
    + r"t|weren"
    + A
    + r"t|isn"
    + A
    + r"t|aren"
    + A
    + r"t|couldn"
    + A
    + r"t|could not|won"
    + A
    + r"t|will not|wouldn"
    + A
    + r"t|would not|doesn"
    + A
    + r"t|does not|hadn"
    + A
    + r"t|had not|is no longer|are no longer)\s+"
    r"(?:yet\s+|still\s+|even\s+|actually\s+|ever\s+|properly\s+|once\s+|been\s+able\s+to\s+)?"
    r"(?:arrived?|reached|reach (?:you|your)|come|came|turned? up|show(?:n|ed)? up|make it|"
    r"made it|get to you|got to you|working|worked|work(?! for (?:us|me|the)\b)|load(?:ed|ing)?|"
    r"open(?:ed|ing)?|connect(?:ed|ing)?|charg(?:e|ed|ing)|turn(?:ed|ing)? on|switch(?:ed)? on|"
    r"start(?:ed|ing)?|respond(?:ed|ing)?|go(?:ne)? through|collect(?:ed)?|call(?:ed)? "
    r"(?:you|back)|rung|rang|ring (?:you|back)|get back to you|got back to you|fit(?:ted)?|"
    r"sync(?:ed|ing)?|lock(?:ed|ing)?|show(?:ing)? up|appear(?:ed|ing)?|register(?:ed)?|"
    r"fill(?:ed)?|tell you|told you|let you know|turn(?:ed)? up|deliver(?:ed)?|dispatch(?:ed)?|"
    r"clean(?:ed)?|in (?:your|the) (?:box|parcel|bag|order|delivery)|included|"
    r"been (?:fixed|cleaned|refunded|repaired|replaced|sent|processed|applied|updated|answered|"
    r"returned|resolved|delivered|collected|credited|reimbursed|installed|connected|cancelled|"
    r"canceled|honoured|honored|reconnected|restored|paid|done|completed|picked up|"
    r"dispatched|posted|shipped|activated|set up|touched)|"
    r"(?:been )?(?:cancelled|canceled|applied|actioned|updated|processed) (?:as|when))\b"
    # nobody came / called
    r"|\b(?:no one|nobody|no-one|noone|none of (?:us|our team|the team))\s+(?:\w+\s+)?"
    r"(?:came|turned up|showed up|arrived|called|rang|phoned|told|contacted|got back|replied|"
    r"answered|picked up|let you know|was there|checked|responded|updated|came out|warned|"
    r"informed|followed up|helped|collected)\b"
    # a failure done to the customer's thing
    r"|\b(?:was|were|been|got|being|is|are|get|gets|keeps? getting|kept getting)\s+"
    r"(?:\w+ly\s+|then\s+|also\s+|still\s+)?(?:cancell?ed|blocked|declined|refused|rejected|"
    r"turned down|turned away|closed (?:by mistake|in error|without)|frozen|locked|suspended|"
    r"lost|left (?:behind|outside|on|in|at|out|off|without|with)|damaged|broken|missed|"
    r"delayed|downgraded|cut off|disconnected|overcharged|double[- ]?charged|double[- ]?booked|"
    r"double[- ]?billed|charged twice|billed twice|debited twice|stolen|misdelivered|"
    r"misrouted|mislabell?ed|wiped|deleted|ignored|stuck|flagged|paused|hung up on|shouted at|"
    r"sworn at|kept waiting|left waiting|put on hold|made to wait|given (?:the )?wrong|"
    r"sent (?:the )?wrong|sent someone else|sent (?:to )?(?:the|an|your) (?:wrong|old)|"
    r"shipped to (?:the|an|your) (?:wrong|old)|delivered to (?:the|an|your|a) (?:wrong|old|"
    r"different|neighbour)|posted to (?:the|an|your) (?:wrong|old)|made up with|"
    r"enrolled twice|booked twice|charged (?:the full|for (?:two|both|\w+ \w+ (?:after|when))|"
    r"£\d+|\$\d+|€\d+|a late|the late|for something|for items?|an extra|again|more)|"
    r"billed (?:for (?:two|both)|twice|again)|taken (?:twice|early|again)|bumped|"
    r"moved from|transferred to the wrong|assigned to the wrong|overlooked|forgotten|"
    r"misplaced|mishandled|mixed up|messed up|let down|cut short|overbooked|oversold|"
    r"stranded|trapped|refused entry|denied (?:boarding|entry)|not (?:told|informed|"
    r"warned|notified|contacted|called|updated|cleaned|fixed|refunded|collected|picked up|"
    r"delivered|sent|paid)|never (?:told|informed|contacted|sent|delivered|refunded|"
    r"called|picked up))\b"
    # things that stopped or keep failing
    r"|\b(?:failed|failing|fails|dropped out|dropping out|keeps? dropping|kept dropping|"
    r"keeps? failing|kept failing|keeps? crashing|kept crashing|keeps? timing out|"
    r"kept timing out|timed out|keeps? (?:cutting|switching|turning) off|"
    r"kept (?:cutting|switching|turning) off|stopped (?:working|responding|locking|charging|"
    r"sending|loading|connecting|syncing|showing|arriving|coming|cooling|heating|draining|"
    r"running|printing|\w+ing)|froze|frozen|freezes|freezing|crashed|crashes|crashing|snapped|"
    r"split|broke|cracked|leaked|leaking|leaks|went wrong|went missing|gone missing|"
    r"is missing|are missing|was missing|were missing|still missing|wasn"
    + A
    + r"t (?:in|there|included)|weren"
    + A
    + r"t (?:in|there|included)|went down|is down|"
    r"was down|were down|went offline|is offline|was offline|wiped|ruined|locked out|"
    r"cut off|on hold|stuck|(?:was|were|been) unavailable|out of action|out of order|"
    r"out of service|"
    r"has come back|keeps coming back|came back again|overran|overcharged|double[- ]charged|"
    r"double[- ]booked|not (?:working|loading|connecting|showing|arriving)|"
    r"still (?:not|isn" + A + r"t|hasn" + A + r"t|won" + A + r"t|doesn" + A + r"t)|"
    r"shouted|rude|dismissive|hung up|turned away|thrown away|binned|dumped|abandoned|"
    r"overestimate[ds]?|overestimated|underpaid|overpaid|overcharge|miscalculated|misspelt|"
    r"misspelled|mis-sold|missold)\b"
    # the wrong thing, twice, without warning, late by N
    r"|\b(?:the|a|an)\s+(?:\w+\s+)?wrong\s+(?!number to call|place to ask|team to ask)\w+"
    r"|\bwrong\s+(?:item|size|colou?r|address|date|day|time|order|one|model|part|"
    r"prescription|price|prices|amount|room|seat|table|car|flavou?r|product|recipe|"
    r"strength|dose|medication|medicine|bag|box|card|name|number|account|branch|depot|year|"
    r"class|account|tariff|rate|plan|package|parcel|label|bill|invoice|charge|fee|meal|"
    r"dish|drink|pizza|burger|jacket|shoes|pair|flight|train|bus|hotel|ticket|tickets)\b"
    r"|\b(?:wrongly|incorrectly|mistakenly|in error|by mistake|by accident|accidentally)\b"
    r"|\btwice\b|\bdouble[- ](?:charged|billed|booked|charge|payment|debit)\b"
    r"|\bsomeone else" + A + r"s\b|\b(?:not|wasn" + A + r"t|weren" + A + r"t) (?:yours|ordered)\b"
    r"|\bwithout (?:telling|warning|notice|asking|notifying|informing|letting|anyone|any "
    r"(?:notice|warning|reason|explanation|update)|an? (?:update|explanation|warning|reason|"
    r"word)|your (?:consent|permission|agreement)|you asking)\b"
    r"|\bwith (?:no|barely|little|only|hardly) (?:\w+\s+){0,2}(?:notice|warning|explanation|"
    r"update|reason|word)\b|\bat (?:short|no) notice\b|\bat the last minute\b"
    r"|\b(?:a|one|two|three|\d+|several|many|a few) (?:(?:full|whole|extra)\s+)?(?:minutes?|"
    r"mins?|hours?|days?|weeks?|months?) (?:late|longer|overdue|behind|after the date)\b"
    r"|\b(?:day|days|week|weeks|hour|hours) late\b|\blonger than (?:we )?(?:promised|said|"
    r"told you|quoted|expected)\b"
    r"|\b(?:when|after|even though|though|although|despite)\s+(?:we|you(?:"
    + A
    + r"d)?|our \w+)\s+(?:had\s+|"
    + A
    + r"d\s+)?(?:been\s+)?(?:told|promised|said|"
    r"quoted|confirmed|agreed|cancelled|canceled|paid|asked|ordered|chose|selected|booked|"
    r"downgraded|returned|sent|already|had|only|never|expect|expected|were promised|"
    r"been promised|clearly|waited|queued|travelled|traveled|driven|drove|taken|took|spent|"
    r"sat|called|rung|rang|phoned|emailed|chased)\b"
    r"|\b(?:even though|although|despite)\b"
    r"|\binstead of\b|\brather than\b"
    r"|\b(?:\d+|a|an|two|three|four|five|six|seven|eight|nine|ten|several) (?:(?:full|whole)\s+)?"
    r"(?:weeks?|days?|months?|hours?) (?:when|after|since|later|without|and still)\b"
    r"|\bhas taken\b|\bhave taken\b|"
    + A
    + r"s taken\b|\bstill (?:waiting|hasn"
    + A
    + r"t|haven"
    + A
    + r"t|isn"
    + A
    + r"t|not|no sign|took|charged|billed|debited|sent|renewed|"
    r"processed)\b"
    # "you ordered the navy jacket and we sent a grey one", "I ordered veggie and got pepperoni"
    r"|\b(?:you|I)\s+(?:\w+\s+)?(?:ordered|asked for|booked|requested|chose|selected|paid for|"
    r"reserved|bought)\b[^.;!?]{0,70}?\b(?:and|but)\s+(?:we|I|got|received|the\s+(?:\w+\s+)?"
    r"(?:branch|store|team|driver|restaurant|kitchen|shop|hotel|courier))\b"
    # active failures done to the customer's thing: "our team scratched your table"
    r"|\b(?:scratched|damaged|broke|dented|cracked|lost|ruined|stained|smashed|chipped|ripped|"
    r"tore|spilled|spilt|mislaid|misplaced|wiped|deleted|forgot|ignored|overcharged|"
    r"double-charged|overbooked|oversold|misread|misdelivered|mislabell?ed|missed)\s+"
    r"(?:your|the|my|our|you)\b"
    r"|\b(?:turned down|rejected|declined|refused|cancell?ed|closed|blocked|suspended|froze|"
    r"downgraded|charged|billed|debited|gave away|sold)\s+(?:your|you)\b"
    r"|\bgave (?:your|the) \w+ away\b|\bgiven away\b|\blogged out\b|\bnever (?:got|received|"
    r"heard back|had)\b|\bthe same (?:\w+\s+)?(?:fault|problem|issue|error|defect)\b"
    r"|\bwithout (?:hot water|heating|power|electricity|internet|wi-?fi|water|gas|a phone|"
    r"phone|signal|service|broadband|a car|transport|food|your (?:\w+\s+)?(?:bag|luggage|"
    r"suitcase|card|phone|car|money|medication))\b"
    r"|\b(?:is|was|" + A + r"s)\s+(?:not|n" + A + r"t|never)\s+(?:acceptable|ok|okay|good enough|"
    r"how it should|what you (?:paid|ordered|expect|should))\b"
    r"|\bbeing (?:told|shouted at|sworn at|spoken to|treated|ignored|refused|kept waiting|"
    r"left|made to|charged|turned away|hung up on|cut off|passed around)\b"
    r"|\b(?:the|a|an|your|my)\s+(?:\w+\s+)?(?:soggy|stale|burnt|cracked|smashed|torn|scuffed|"
    r"dented|leaking|broken|damaged|missing|mouldy|moldy|spoiled|spoilt|"
    r"late|cold|double|duplicate|wrong)\s+(?!one to\b)(?:\w+)"
    r"|\bwhen\s+(?:your|the)\s+(?:\w+\s+)?(?:clearly\s+)?(?:says|said|shows|showed|states|"
    r"stated)\b"
    r"|\b(?:we|you were|you" + A + r"d been|you had been|you" + A + r"re)\s+(?:\w+\s+)?"
    r"(?:promised|told|quoted|assured)\b"
    r"|\b(?:the|your|yesterday"
    + A
    + r"s|this morning"
    + A
    + r"s|last night"
    + A
    + r"s|today"
    + A
    + r"s|\d+-hour|\d+-minute)\s+(?:\w+\s+)?(?:power cut|outage|blackout|leak|"
    r"flood|disruption|downtime)\b"
    r"|\bto (?:the|your|an) (?:old|wrong|previous|former) (?:address|flat|house|depot|branch|"
    r"account|email|number)\b"
    r"|\b(?:printed|published|listed|showed|displayed|quoted|posted)\s+(?:the\s+)?(?:wrong|old|"
    r"last year" + A + r"s|outdated|incorrect)\b"
    # "was dispatched late", "wasn't wired correctly", "the router we sent was faulty"
    r"|\b(?:was|were|been|got|being)\s+(?!(?:caused|due|related|linked|affected|booked|"
    r"scheduled|planned|expected)\b)\w+ed\s+(?:\w+\s+){0,2}?(?:late|too early|too late|"
    r"incorrectly|wrongly|in error|by mistake|without (?:warning|notice|asking|telling))\b"
    r"(?!\s+(?:payment|fee|fees|charge|charges|delivery|arrival|notice|reply|response|shift|"
    r"night|evening|night|booking|cancellation))"
    r"|\b(?:wasn" + A + r"t|weren" + A + r"t|was not|were not|hadn" + A + r"t been|had not been|"
    r"haven" + A + r"t been|hasn" + A + r"t been)\s+\w+ed\s+(?:\w+\s+)?(?:correctly|properly|"
    r"right|in time|on time|as promised|as agreed)\b"
    r"|\b(?:is|was|were|are|" + A + r"s)\s+(?:definitely\s+|clearly\s+|obviously\s+|still\s+)?"
    r"(?:a\s+)?(?:faulty|defective|broken|damaged|incorrect|overdue|mis\w+ed|a dud)\b"
    r"|\b(?:find|found|finding|discover(?:ed)?|notic(?:e|ed))\s+(?:\w+\s+){0,3}?(?:scratched|"
    r"damaged|broken|missing|cracked|dented|gone|wet|flooded|open|stolen|empty|ruined|wrong|"
    r"charged|locked|cancelled|canceled|blocked|leaking)\b"
    r"|\b(?:glitch|bug|error|fault)\s+(?:that|which)\s+\w+"
    r"|\b(?:came|come|coming|fell|falling|fallen) (?:apart|off|loose|undone|away)\b"
    r"|\bpeel(?:ed|ing)\b|"
    r"\b(?:faded|shrank|shrunk|rusted|rusting|frayed|fraying|wobbl(?:es|ed|ing)|jammed|jams|"
    r"overflowed|overflowing|blocked up|buffering|lagging|glitching|flickering|beeping)\b"
    r"|\b(?:it"
    + A
    + r"s|it has|it"
    + A
    + r"d|it had) been (?:a|two|three|four|five|six|\d+|several|"
    r"over a|more than a|nearly a|almost a) (?:full\s+)?(?:month|week|day|fortnight|hour)s?\b"
    r"|\bwait(?:ing|ed)? (?:a|two|three|four|five|six|\d+|several|over a|more than a) "
    r"(?:full\s+|whole\s+)?(?:days?|weeks?|fortnight|months?|hours?) (?:for|to)\b"
    r"|\bpromised\b[^.;]{0,80}\b(?:and|but)\s+(?:I|we)\s+(?:didn"
    + A
    + r"t|did not|never|haven"
    + A
    + r"t|have not|failed)\b",
    _F,
)
#: Sentences that are about policy or routing in general ("Faults with the headphones are
#: covered by …", "Declined payments are a matter for your bank"), not this customer's problem.
_ACK_GENERIC = re.compile(
    r"^(?:any\s+|all\s+)?(?:faults?|issues?|problems?|delays?|claims?|complaints?|repairs?|"
    r"refunds?|declined|cancellations?|billing|venue|prescription|lost|meal|orders?|parcels?|"
    r"deliveries|payments?|queries|questions|damage|returns?|tickets?|bookings?|accidental|"
    r"signal|bin|customers?|items?|products?|goods|changes?|disputes?|reports?|"
    r"requests?)\b(?:\s+\w+){0,6}?\s+(?:are|is|must|should|need|needs|can|cannot|can"
    + A
    + r"t|go|get|will)\b"
    r"|\b(?:handled|dealt with|covered|managed|run|assessed|processed|raised|reported)\s+"
    r"(?:by|with|through)\s+(?:the|your|their|our|a|an|another)\b"
    r"|\b(?:is|are) (?:a matter|the responsibility|the \w+" + A + r"s (?:job|responsibility))\b"
    r"|\b(?:you(?:" + A + r"ll| will)?|please)\s+(?:\w+\s+)?(?:need to|have to|must|should)?\s*"
    r"(?:contact|call|ring|report|raise|direct|take (?:it|this) up)\b",
    _F,
)
#: The object of "I'm sorry …", "sorry to hear …", "apologise for …": when it is a clause or a
#: specific noun phrase, it names the problem back.
_ACK_TRIGGER = re.compile(
    r"\b(?:sorry|apologi[sz]e[ds]?|apologi[sz]ing|apologies|apology|gutted|sad|saddened)"
    r"(?:\s+(?:to\s+(?:hear|learn|see|read|find out|discover)|again|too|indeed))?"
    r"\s*(?:[,:—–-]\s*)?(?:(?:that|for|about|over)\s+)?(?P<obj>[^.;:!?—–]{6,})",
    _F,
)
_ACK_OBJ_GENERIC = re.compile(
    r"^(?:I\b|we(?:" + A + r"ve|" + A + r"ll| have| will| can| are going)\b|let me|here|when|"
    r"because|as|since|while|although|once|unless|whilst|"
    r"that|this|it|any|all|everything|so much|what (?:happened|you)|if|though|but|however|"
    r"the (?:inconvenience|delay|wait|trouble|confusion|hassle|frustration|disruption|"
    r"issues?|problems?|situation|experience|mix-up|upset|worry|stress|error|mistake|"
    r"misunderstanding|difficulties|disappointment|bother)|your (?:experience|frustration|"
    r"trouble|issues?|problems?|situation|loss|feedback)|you (?:feel|felt|think|thought|"
    r"see|saw|found)|you(?:" + A + r"re| are| were| was)\s+(?:so\s+|very\s+|really\s+)?"
    r"(?:upset|unhappy|disappointed|frustrated|annoyed|dissatisfied|not happy|offended|"
    r"feeling)|to (?:say|inform|tell|have to|bother)|for (?:you|that|this|it)|about (?:that|"
    r"this|it))\b",
    _F,
)
_ACK_OBJ_VAGUE = re.compile(
    r"didn" + A + r"t go (?:to plan|ahead|well|smoothly|as (?:planned|expected)|to schedule)|"
    r"(?:has|have|had) been (?:like this|so (?:difficult|hard|tough|rough)|difficult|hard|"
    r"tough|rough|a (?:struggle|nightmare))|wasn" + A + r"t (?:great|good|ideal|what you "
    r"expected|up to (?:scratch|standard))|isn" + A + r"t working out|fell short of your "
    r"expectations|not to your (?:liking|satisfaction)|(?:had|have) (?:a|some) (?:bad|poor|"
    r"frustrating|difficult|disappointing) (?:experience|time)|(?:has|have) been unwell|"
    r"feel(?:s|ing)? (?:unwell|poorly)|(?:been|feeling) (?:ill|sick)",
    _F,
)
_ACK_OBJ_CLAUSE = re.compile(
    r"\b(?:your|you|we|our|the|my|nobody|no one|no-one|he|she|they|it|his|her|their)\b"
    r"(?:\s+[\w'’£$€%-]+){0,6}?\s+(?:is|was|were|are|has|have|had|hasn"
    + A
    + r"t|haven"
    + A
    + r"t|didn"
    + A
    + r"t|wasn"
    + A
    + r"t|weren"
    + A
    + r"t|isn"
    + A
    + r"t|aren"
    + A
    + r"t|couldn"
    + A
    + r"t|won"
    + A
    + r"t|can"
    + A
    + r"t|keeps?|kept|got|came|arrived|went|"
    r"turned|left|took|gave|sent|made|broke|stopped|failed|\w+ed)\b"
    r"|\b(?:the|a|an)\s+(?:[\w-]+\s+){0,3}(?:of|on|with|to|in|at|from)\s+(?:your|you)\b"
    r"|\bthe way\b",
    _F,
)
_ACK_NOUN = re.compile(
    r"\b(?:the|a|an|this|that)\s+(?:[\w-]+\s+){0,2}(?:mistake|error|typo|misprint|fault|"
    r"overcharge|overcharging|double[- ]charge|duplicate (?:charge|payment)|breakage|leak|"
    r"damage|dent|scratch|crack|mix-?up|no-show|misdelivery|overpayment|underpayment)\s+"
    r"(?:on|in|with|to|at|of)\s+(?:your|the)\s+\w+",
    _F,
)
#: "reverse the late fee", "collect the broken one": the fix's object, not the problem named.
_ACK_FIX_OBJECT = re.compile(
    r"\b(?:reverse|reversed|refund|refunded|remove|removed|waive|waived|cancel|cancelled|"
    r"replace|replaced|collect|collected|take|taken|return|returned|swap|swapped|keep|kept|"
    r"credit|credited|void|voided|send|sent|resend|resent|fix|fixed|repair|repaired)\s+$",
    _F,
)
_ACK_VETO_BEFORE = re.compile(
    r"\b(?:why|whether|in case|unless|what if|what|how)\s+(?:\S+\s+){0,5}$"
    r"|\bif\s+(?:you|it|this|that|there|anything|something|your)\b(?:\s+\S+){0,5}\s+$"
    r"|\b(?:led to|leading to|resulted in|result in|caused)\s+(?:\S+\s+){0,4}$",
    _F,
)
_ACK_SPECIFIC = re.compile(
    r"\b(?:you|your|you" + A + r"(?:re|ve|d)|we|our|us|I|my|me)\b|[£$€]\s?\d|\d", _F
)


class Acknowledgement(CodeRule):
    """Names the specific problem back: a failure predicate ("arrived damaged", "was charged
    twice", "hasn't reached you", "no one came", "the wrong size") in a statement about this
    customer's case."""

    rule = _rule(
        "EL901",
        "names-the-problem",
        "acknowledgement",
        "Names the specific problem back: what went wrong, to what.",
        fires=(
            "I'm sorry your order arrived damaged.",
            "You were charged £39 twice for the March invoice.",
            "Your fibre has dropped out every evening this week.",
            "Sorry no one came to your leak yesterday as promised.",
            "We sent you a grey jacket in large instead of the navy one.",
        ),
        passes=(
            "Sorry for the delay.",
            "Thanks for your message about your order.",
            "Faults with the headphones are covered by the manufacturer's warranty.",
            "Could you tell me when the noise started?",
        ),
    )

    def check(self, doc: Any, ctx: Context) -> Iterator[Match]:
        for s, _e, sent in ctx.iter_sentences():
            if _is_real_question(sent) or _ACK_GENERIC.search(sent):
                continue
            for m in _every_match(_ACK_STRONG, sent):
                if _ACK_VETO_BEFORE.search(sent[: m.start()]):
                    continue
                if re.match(r"(?:the|a|an|your|my)\b", m.group(0), _F) and _ACK_FIX_OBJECT.search(
                    sent[: m.start()]
                ):
                    continue
                yield _span(ctx.text, s + m.start(), s + m.end())
            for m in _ACK_NOUN.finditer(sent):
                yield _span(ctx.text, s + m.start(), s + m.end())
            for m in _ACK_TRIGGER.finditer(sent):
                obj = m.group("obj").strip()
                if _ACK_OBJ_GENERIC.match(obj) or _ACK_OBJ_VAGUE.search(obj):
                    continue
                if not _ACK_OBJ_CLAUSE.search(obj) or re.match(r"(?:,\s*)?but\b", obj, _F):
                    continue
                cut = re.search(
                    r",|\s(?:and|but|so|which|though|because|as|since|when|after|"
                    r"before|while)\s",
                    obj,
                )
                start = m.start("obj")
                end = start + (cut.start() if cut else len(m.group("obj").rstrip()))
                # "sorry we overcharged you …": leave "we overcharged" to ownership
                first = re.match(
                    r"(?:we|I)\s+(?:\w+ly\s+|still\s+|also\s+|then\s+)?[\w'’-]+\s+",
                    m.group("obj"),
                    _F,
                )
                if first and start + first.end() < end:
                    start += first.end()
                yield _span(ctx.text, s + start, s + end)


# -- widening question ------------------------------------------------------------------------

_WQ_NOT = re.compile(
    r"\banything else\b|\bany(?:thing)? (?:other|further|more) (?:questions?|queries|help)\b|"
    r"\b(?:can|may|could) (?:I|we) (?:help|assist|do)(?: you)? (?:with )?(?:anything|something) "
    r"(?:else|more)\b|\bis there anything (?:else|more)\b|\b(?:does|did|do|would|will) "
    r"(?:that|this|it) (?:help|make sense|answer|clear)\b|\bhow does that sound\b|"
    r"\bsound(?:s)? good\b|\bok(?:ay)?\?$|\bright\?$|\bwho (?:wouldn|would not|doesn|could)\b|"
    r"^\W*how (?:annoying|frustrating|awful|infuriating|maddening|stressful|bad|terrible|"
    r"horrible|rude|careless|disappointing|embarrassing)\b|^\W*what (?:a|an)\s|"
    r"\b(?:isn|wasn|aren|weren|didn|doesn|don)" + A + r"t (?:it|that|they|you|he|she)\?|"
    r"\b(?:can|could) (?:I|we) (?:help|assist) (?:with )?(?:anything|in any other)|"
    r"\bwhy (?:would|should) (?:we|I|anyone)\b|\bany (?:other|more) questions\b",
    _F,
)
_WQ_IDENTITY = re.compile(
    r"\b(?:confirm|verify|provide|send|give|tell|share|quote|let (?:me|us) (?:know|have))\b"
    r"[^?]{0,40}\b(?:order (?:number|no|ref(?:erence)?|id)|account (?:number|no|id)|"
    r"reference(?: number)?|ref(?: number)?|date of birth|DOB|postcode|post code|zip(?: code)?|"
    r"security (?:answer|question|code|word)|full name|(?:email|e-mail) address|phone number|"
    r"mobile number|password|PIN|booking (?:reference|number|ref)|customer (?:number|id)|"
    r"membership number|last (?:four|4) digits|policy number|ticket number|memorable word)\b",
    _F,
)
_WQ_MORE_INFO = re.compile(
    r"\b(?:what|which|when|where|how|why|whether|photo|picture|screenshot|video|happened|"
    r"error|time|date|day|details?|describe|more)\b",
    _F,
)
_WQ_REQUEST = re.compile(
    r"(?:\b(?:please|kindly|just|could you|can you|would you|if you could|if you can|do)\s+|^\W*"
    r"|[,;:—–-]\s*|\b(?:and|so|then)\s+)(?:tell|let)\s+(?:me|us)\s+"
    r"(?:know\s+)?(?:(?:roughly|exactly|a (?:little|bit) more about|more about|a bit about)\s+)?"
    r"(?:which|what|when|where|how|whether|who|roughly|exactly|more|a (?:little|bit) more|"
    r"about|the (?:date|time|day|dates|times|name|size|colou?r|model|items?)|if (?:it|this|that|"
    r"the|your|any|anything else (?:is|was) (?:missing|wrong|damaged)))\b"
    r"|\b(?:please|kindly|could you|can you|would you|just)\s+(?:\w+\s+)?(?:send|share|forward|"
    r"attach|upload|DM|email|e-mail|reply with|pop|post|message)\s+(?:me|us|over|across|"
    r"through)?\s*(?:(?:a|the|some|any|your|a few|copies of|a copy of|a couple of|one or two)\s+)?"
    r"(?:\w+\s+)?(?:photos?|pictures?|pics?|images?|screenshots?|screen shots?|videos?|"
    r"receipts?|cop(?:y|ies)|error (?:message|code)s?|invoices?|serial number|description|list|"
    r"details of|times?|dates?|clip)\b"
    r"|\b(?:send|share|forward|attach|upload)\s+(?:me|us)\s+(?:(?:a|the|some|any|your|a few)\s+)?"
    r"(?:\w+\s+)?(?:photos?|pictures?|screenshots?|videos?|receipts?|invoices?|details)\b"
    r"|^\W*(?:tell|show)\s+(?:me|us)\s+(?:which|what|when|where|how|whether|more|about)\b",
    _F,
)
_WQ_REQUEST_NOT = re.compile(
    r"\bif\s+(?:you|there)\s*(?:" + A + r"d|" + A + r"re|would|need|have|want|require|are|is|"
    r"do|think|feel|change|still|can)\b|\banything else\b|\bany (?:other|more|further) "
    r"(?:questions|queries)\b",
    _F,
)


class WideningQuestion(CodeRule):
    """Asks what went wrong or what the customer needs: a real question (not "anything else?",
    not a rhetorical echo of the complaint, not an identity check), or a direct request for
    the details ("please tell me which dates suit you", "send us a photo of the damage")."""

    rule = _rule(
        "EL902",
        "asks-what-happened",
        "widening-question",
        "Asks what went wrong or what the customer needs.",
        fires=(
            "Which items were missing?",
            "What would make this right for you?",
            "Could you send a photo of the damage?",
            "Please tell me which dates suit you.",
            "Would you prefer a replacement or a refund?",
        ),
        passes=(
            "Is there anything else I can help with?",
            "Let me know if you need anything else.",
            "Three hours on hold and then cut off?",
            "Could you confirm your order number?",
        ),
    )

    def check(self, doc: Any, ctx: Context) -> Iterator[Match]:
        text = ctx.text
        for s, e, sent in ctx.iter_sentences():
            if "?" in sent:
                body = sent.rstrip(" \"'”’)]!").rstrip()
                for m in _Q_OPEN.finditer(body):
                    q = m.group("q")
                    if _WQ_NOT.search(q):
                        # "Is she eating normally, and is there anything else …?": keep the
                        # real question that is left once the "anything else" part is gone
                        rest = _WQ_NOT.sub(" ", q)
                        if not _Q_OPEN.search(rest) or len(rest.split()) < 4:
                            continue
                    if _WQ_IDENTITY.search(q) and not _WQ_MORE_INFO.search(
                        _WQ_IDENTITY.sub(" ", q)
                    ):
                        continue
                    qs = m.start("q")
                    cut = re.search(r"[,:;—–]\s|\?", q)
                    qe = cut.start() if cut else len(q)
                    words = list(re.finditer(r"\S+", q[:qe]))
                    if len(words) > 8:
                        qe = words[7].end()
                    yield _span(text, s + qs, s + qs + qe)
                    break
                continue
            for m in _WQ_REQUEST.finditer(sent):
                rest = text[s + m.end() : e]
                if _WQ_REQUEST_NOT.search(sent[m.start() :]) or _WQ_REQUEST_NOT.search(rest[:40]):
                    continue
                yield _span(ctx.text, s + m.start(), s + m.end())
                break


# -- action -----------------------------------------------------------------------------------

_I_HAVE = r"\b(?:I|we)(?:" + A + r"ve| have| had|" + A + r"d)\s+"
_I_WILL = (
    r"\b(?:I|we)(?:"
    + A
    + r"ll| will| shall| can| could|"
    + A
    + r"m going to| am going to|"
    + A
    + r"re going to| are going to|"
    + A
    + r"d (?:like|love|be happy|be glad) to|"
    r" would (?:like|love|be happy|be glad) to| want to| wish to| aim to| plan to|"
    r" intend to| need to| have to)\s+"
)
_I_AM = r"\b(?:I|we)(?:" + A + r"m| am|" + A + r"re| are)\s+"
_NOT_YOU = r"(?<![Yy]ou)(?<!\bu)(?<!\bi)(?<!\bI)(?<!\bwe)(?<!\bWe)"
_AGENT_MODAL = (
    r"(?:" + A + r"ll| will| shall| is going to| are going to| can| will now|"
    r" will also| will then| should)\s+"
)
_AGENT_BE = r"(?:" + A + r"s| is| are|" + A + r"re| is now| are now| is also)\s+"

_ACTION = re.compile(
    # done: "I've refunded", "we have now reissued", "I've had your photos reprinted"
    r"(?P<pp>" + _I_HAVE + _ADV + r"{0,3}" + _FIX_PP + r")\b"
    r"|(?P<had>"
    + _I_HAVE
    + _ADV
    + r"{0,2}(?:had|got)\s+(?:[\w'’£$€.-]+\s+){1,4}"
    + _FIX_PP
    + r")\b"
    # promised / offered: "I'll send", "we can rebook you", "I'm refunding"
    r"|(?P<will>" + _I_WILL + _ADV + r"{0,3}(?:either\s+)?" + _FIX_BASE + r")\b"
    r"|(?P<ing>" + _I_AM + _ADV + r"{0,2}" + _FIX_ING + r")\b"
    # a colleague or our team does it: "Priya will reissue", "engineers are repairing it"
    r"|(?P<agent>" + _NOT_YOU + _AGENT_MODAL + _ADV + r"{0,2}(?:try to\s+)?" + _FIX_BASE + r")\b"
    r"|(?P<agenting>" + _NOT_YOU + _AGENT_BE + _ADV + r"{0,2}(?:trying to\s+)?" + _FIX_ING + r")\b"
    # passive on the fix: "your refund has been processed", "fines will be cancelled"
    r"|(?P<passive>\b(?:has|have|" + A + r"s|is|are|will|" + A + r"ll|can|should)\s+(?:now\s+|"
    r"also\s+|already\s+|just\s+)?(?:been|being|be)\s+(?:fully\s+|now\s+|also\s+)?"
    r"(?:refunded|replaced|waived|removed|reversed|credited|corrected|fixed|repaired|restored|"
    r"reissued|re-issued|resent|re-sent|rebooked|re-booked|unblocked|unlocked|reactivated|"
    r"reinstated|voided|reconnected|redelivered|rescheduled|resolved|processed|approved|"
    r"amended|adjusted|overturned|refitted|reprinted|remade|reshipped|cancelled|canceled|"
    r"issued|honou?red|released|lifted|wiped off|written off|knocked off|taken off|"
    r"put right|sorted|swapped|exchanged|unfrozen|re-enabled|restarted|reopened|"
    r"re-opened|topped up|paid (?:back|out|to you|into)))\b"
    # the fix on its way: "a replacement is on its way", "a new table will be delivered"
    r"|(?P<youget>\byou(?:"
    + A
    + r"ll| will)\s+(?:\w+\s+)?(?:get|receive|have|see)\s+(?:a|an|the|your)\s+"
    r"(?:full\s+|new\s+|[\w£$€.,]+\s+)?(?:refund|credit|replacement|reimbursement|new \w+)\b)"
    r"|(?P<patch>\b(?:a|the)\s+(?:\w+\s+)?(?:patch|fix|hotfix|update|new version|firmware update|"
    r"correction)\s+(?:is|will be|" + A + r"s|goes|will go|is going)\s+(?:going\s+)?(?:out|live|"
    r"released|rolled out|rolling out|deployed|being deployed|being released|available|"
    r"coming)\b)"
    r"|(?P<noun>\b(?:replacement|refund|reshipment|redelivery|re-delivery|new one|new pair|"
    r"duplicate (?:\w+\s+)?(?:payment|charge|debit)|extra (?:payment|charge)|overpayment|"
    r"overcharge|second (?:payment|charge)|"
    r"new (?:\w+\s+)?(?:unit|device|card|item|parcel|order|box|part|table|phone|router|"
    r"charger|one|set|pair|link|code|boarding pass|invoice|bill|statement)|correct one|"
    r"right one|corrected (?:\w+\s+)?(?:bill|invoice|statement|order)|(?:new|replacement|corrected|"
    r"reissued|re-issued|fresh|correct|right|reprinted)\s+(?:[\w-]+\s+){0,2}?[\w-]+(?=\s+(?:has|have|"
    r"is|are|will|" + A + r"s|" + A + r"ll)\s+(?:now\s+|already\s+|just\s+)?(?:been\s+|be\s+)?"
    r"(?:printed|posted|sent|dispatched|shipped|issued|couriered|delivered|on (?:its|the) way|"
    r"with you|arranged|booked|reprinted)))\b[^.?!]{0,40}?"
    r"\b(?:is|are|was|were|"
    + A
    + r"s|has been|have been|will be|"
    + A
    + r"ll be|will|"
    + A
    + r"ll|should)\s+(?:now\s+|already\s+)?(?:on (?:its|the|their) way|being (?:sent|shipped|"
    r"posted|made|prepared|packed|processed|couriered)|issued|processed|sent|applied|approved|"
    r"returned|refunded|reversed|credited|paid back|waived|removed|cancelled|canceled|voided|"
    r"arranged|booked|dispatched|shipped|posted|made|raised|delivered|couriered|with you|"
    r"go(?:ing)? out|arrive|reach you|ready|leave|ship|be (?:with you|delivered|sent|"
    r"shipped|posted|couriered|issued|ready)|land|show|appear))\b"
    r"|(?P<ready>\b(?:is|are|" + A + r"s|" + A + r"re|will be|" + A + r"ll be)\s+(?:now\s+)?"
    r"ready\s+(?:now|for (?:you to )?(?:collect(?:ion)?|pick-?up)|to (?:collect|pick up)))\b"
    # "we'll come back for it", "I've put you back in", "I've taken £17.50 off your bill"
    r"|(?P<misc>\b(?:come|coming|came) back (?:for|to (?:collect|fix|finish|repair))\b"
    r"|(?:I|we)(?:" + A + r"ve| have)\s+(?:\w+\s+)?put\s+(?:you|it|them|the \w+)\s+back\b"
    r"|(?:I|we)(?:" + A + r"ve| have|" + A + r"ll| will| can)\s+(?:also\s+|now\s+)?"
    r"(?:taken|take|knocked|knock|wiped|wipe|written|write)\s+(?:[\w£$€.,]+\s+){1,4}off\b"
    r"|(?:I|we)(?:" + A + r"ve| have|" + A + r"ll| will| can)\s+(?:also\s+|now\s+|just\s+)?"
    r"(?:started|start|raised|raise|placed|place|created|create|set up|organised|organized|"
    r"organise|organize|put through|put in|lined up|line up|got|get)\s+(?:a|an|the|your)\s+"
    r"(?:\w+\s+)?(?:replacement|refund|reshipment|redelivery|re-delivery|new order|new one|"
    r"correction|engineer|technician)\b"
    r"|(?:I|we)(?:" + A + r"ll| will| can| could|" + A + r"m going to| am going to)\s+"
    r"(?:\w+\s+){0,3}?(?:put|make|set|get)\s+(?:it|this|that|things|the \w+|your \w+)\s+right\b"
    r"|(?:I|we)(?:" + A + r"ll| will)\s+make sure\s+(?:that\s+)?(?:the|your)\s+(?:right|correct|"
    r"new)\b"
    r"|\b(?:will|" + A + r"ll|and|to)\s+have\s+(?:[\w'’-]+\s+){1,4}" + _FIX_PP + r"\b"
    r"|\b(?:engineers?|technicians?|fitters?|plumbers?|electricians?|crews?)\s+(?:are|is|will|"
    r"" + A + r"ll)\s+(?:\w+\s+)?(?:on (?:their|the|his|her) way|on site|out|coming|"
    r"working on)\b"
    r"|\b(?:is|are|" + A + r"s)\s+(?:now\s+|all\s+)?back\s+(?:up|online|on|working|to normal|"
    r"in (?:stock|service|action))\b|\bback up and running\b|\bis back,"
    r"|\b(?:rolling|rolled|roll)\s+(?:\w+\s+){0,3}back\b"
    # "we can get the right pair out to you", "our driver will have it with you by 11am"
    r"|(?:I|we|he|she|they)(?:" + A + r"ll| will| can| could|" + A + r"re| are|" + A + r"m| am)\s+"
    r"(?:\w+\s+)?(?:get|getting|have|having)\s+(?:[\w'’-]+\s+){1,4}?(?:out|back|over|round|"
    r"across)\s+to\s+you\b"
    r"|\b(?:will|" + A + r"ll|can)\s+have\s+(?:it|them|this|the \w+|your \w+|a \w+(?: \w+)?)\s+"
    r"(?:with you|back (?:to|with) you|to you|fixed|sorted|ready|replaced)\b"
    # "we're baking you a fresh one", "I'm making you a new one"
    r"|(?:I|we)(?:"
    + A
    + r"re| are|"
    + A
    + r"m| am|"
    + A
    + r"ll| will| can)\s+(?:now\s+)?\w+(?:ing)?\s+"
    r"(?:you\s+)?(?:a|another)\s+(?:fresh|new|replacement|brand[- ]new|correct|spare)\s+\w+"
    # the fix as a noun: "he'll sort the refund", "she will carry out the repair"
    r"|\b(?:sort|sorting|sorted|process|processing|handle|handling|arrange|arranging|"
    r"organi[sz]e|organi[sz]ing|carry out|carrying out|complete|completing|do|doing|"
    r"approve|approving|approved|authori[sz]e|authori[sz]ing|authori[sz]ed|issue|issuing|"
    r"push through|put through|action|actioning|get|getting)\s+(?:out\s+)?(?:you\s+)?"
    r"(?:the|your|a|an)\s+"
    r"(?:[\w£$€.,]+\s+){0,2}(?:refund|replacement|repair|repairs|redelivery|"
    r"reshipment|exchange|reimbursement|correction|rebooking|fix|reinstall|refit)\b"
    # a past fix by our team: "our web team fixed it this morning", "we fixed that at 4pm"
    r"|\b(?:I|we|our\s+(?:[\w-]+\s+){0,2}?(?:team|engineers?|technicians?|staff|crew|developers?|"
    r"IT|support|people))\s+(?:\w+ly\s+|also\s+|then\s+|just\s+|have\s+|has\s+)?(?:fixed|"
    r"repaired|restored|resolved|corrected|refunded|replaced|reinstated|unblocked|unlocked|"
    r"reactivated|reconnected|reissued|rebooked|waived|reversed|voided|rectified|re-sent|"
    r"resent)\b"
    # the fix in the present passive: "your bookings are restored and the bug is fixed"
    r"|(?<!make sure )(?<!making sure )(?<!check )(?<!ensure )(?<!confirm )(?<!see if )"
    r"(?<!until )(?<!once )(?<!when )(?<!if )(?<!that )(?<!whether )(?:(?:it|this|that|everything|"
    r"the \w+|your \w+)\s*)(?:is|are|" + A + r"s|" + A + r"re)\s+(?:now\s+|all\s+|fully\s+)?"
    r"(?:fixed|restored|resolved|repaired|corrected|reinstated|unblocked|unlocked|reactivated|"
    r"reconnected|refunded|reversed|back up and running|working again|sorted)\b"
    # a colleague has done it: "Bea, who has approved it today"
    r"|\b(?:who|he|she|they)\s+(?:has|have|"
    + A
    + r"s)\s+(?:now\s+|already\s+|just\s+)?"
    + _FIX_PP
    + r"\b)"
    # a colleague asked / booked to do it: "I've asked Michael to remove the fee"
    r"|(?P<purpose>\b(?<!fully )(?:asked|booked|arranged for|getting|sent|sending|coming|scheduled|"
    r"lined up|got|sending out|coming out|coming round|coming over|will|" + A + r"ll)\b"
    r"[^.?!;]{0,70}?\bto\s+(?P<purp>(?:(?:also|then|now)\s+)?(?:have\s+(?:[\w'’£$€.-]+\s+){1,5}"
    + _FIX_PP
    + r"|"
    + _FIX_BASE
    + r"|give you (?:a|an|one of|the)\s+(?:\w+\s+){0,3}(?:slots?|"
    r"appointments?|replacement|refund|new|date))))\b",
    _F,
)
#: A fix offered as a choice in a question: "a replacement or a refund?"
_ACTION_OFFER_Q = re.compile(
    r"\b(?:replacement|refund|new one|new (?:\w+\s+)?(?:card|unit|one|pair)|resend|reship|"
    r"rebook|redeliver|credit (?:it|the)|engineer out|working \w+|virtual card|exchange|"
    r"swap|repair)\b",
    _F,
)
_ACTION_NEG_BEFORE = re.compile(
    r"(?:\b(?:not|never|no longer|unable|can"
    + A
    + r"t|cannot|won"
    + A
    + r"t|couldn"
    + A
    + r"t|wouldn"
    + A
    + r"t|don"
    + A
    + r"t|didn"
    + A
    + r"t|you(?:"
    + A
    + r"ll| will)? (?:need|have) to|you can|you should|you must|please|how to|whether to)"
    r"\s+(?:\S+\s+){0,2})$",
    _F,
)


class Action(CodeRule):
    """The fix: done ("I've refunded"), promised or offered ("I'll send", "I can rebook you"),
    by a named colleague ("Priya will reissue"), or on its way ("a replacement is on its way").
    "We're looking into it" and "I've escalated this" are not fixes."""

    rule = _rule(
        "EL903",
        "states-the-fix",
        "action",
        "States the fix: done, promised or offered.",
        fires=(
            "I've refunded the £39 to your card.",
            "I'll send a replacement today.",
            "If you'd like, I can refund the delivery fee.",
            "Dana in billing will credit the full £87 by Wednesday.",
            "A replacement is on its way to you.",
        ),
        passes=(
            "We're looking into it.",
            "I've escalated this to the team.",
            "We cancelled your class with no notice.",
            "You'll need to contact the courier.",
        ),
    )

    def check(self, doc: Any, ctx: Context) -> Iterator[Match]:
        text = ctx.text
        m: re.Match[str] | None  # one name for the matches of several patterns below
        for s, _e, sent in ctx.iter_sentences():
            found = False
            for m in _every_match(_ACTION, sent, 20):
                kind = m.lastgroup or ""
                start, end = m.span()
                if kind == "purpose":
                    start, end = m.span("purp")
                word = sent[start:end].split()[-1].lower().rstrip(".,")
                before = sent[: m.start()]
                after = sent[end:]
                if kind in ("pp", "will", "ing", "agent", "agenting", "had", "purpose"):
                    if _ACTION_NEG_BEFORE.search(before):
                        continue
                    if kind in ("agent", "agenting", "purpose") and re.search(
                        r"\b(?:you|u)\s+(?:\S+\s+){0,3}$", before, _F
                    ):
                        continue
                    if word in _PASSLIKE and _SEND_OBJECT_VETO.match(after):
                        continue
                    if word in _MOVELIKE and _MOVE_OBJECT_VETO.match(after):
                        continue
                    if word in _ARRANGELIKE and _ARRANGE_NOT.match(after):
                        continue
                    if word in ("update", "updating", "updated") and re.match(
                        r"\s+(?:you|them|him|her)\b", after, _F
                    ):
                        continue
                    if word in ("bring", "bringing", "brought") and re.match(r"\s+in\b", after):
                        continue
                if kind == "noun" and re.search(r"\b(?:would|could|might)\b", m.group(0), _F):
                    continue
                if (
                    kind == "noun"
                    and re.search(r"\b(?:was|were)\s", m.group(0), _F)
                    and re.match(
                        r"[^.;]{0,40}\b(?:but|yet|hasn"
                        + A
                        + r"t|has not|haven"
                        + A
                        + r"t|didn"
                        + A
                        + r"t|never|still)\b",
                        after,
                        _F,
                    )
                ):
                    continue
                if kind == "purpose" and re.search(
                    r"\b(?:please|you(?:" + A + r"ll| will)? (?:need|have)|(?:may|might) be able|"
                    r"your (?:\w+\s+)?(?:insurer|bank|landlord|provider|council|seller|airline))\b",
                    m.group(0),
                    _F,
                ):
                    continue
                if kind == "passive":
                    if word.startswith("cancel") and not re.search(
                        r"\b(?:fee|fees|fine|fines|charge|charges|payment|payments|duplicate|summons|"
                        r"penalty|debit|invoice|bill|subscription|renewal|extra|second)\b",
                        before,
                        _F,
                    ):
                        continue
                    if re.search(
                        r"\b(?:was|were|if|whether|once|when|until|after|before|would|"
                        r"could|might|must|should)\s+(?:\S+\s+){0,4}$",
                        before,
                        _F,
                    ):
                        continue
                    if re.search(
                        r"(?:processed|issued|approved|released|sorted)$", word
                    ) and not re.search(
                        r"\b(?:refund|replacement|credit|claim|correction|"
                        r"compensation|reimbursement|money)\b",
                        before,
                        _F,
                    ):
                        continue
                yield _span(text, s + start, s + end)
                found = True
                break
            if not found:
                # "He'll join this chat and book an engineer visit", "we'll call and rebook you"
                m = re.search(
                    r"(?:"
                    + A
                    + r"ll|\bwill)\s+(?:[\w'’-]+\s+){1,8}?and\s+(?:then\s+|also\s+)?("
                    + _FIX_BASE
                    + r")\b",
                    sent,
                    _F,
                )
                if (
                    m
                    and m.group(1).lower() not in ("order", "change", "update")
                    and not re.search(r"\b(?:you|u)\s*$", sent[: m.start()], _F)
                    and not (
                        m.group(1).lower() in _PASSLIKE and _SEND_OBJECT_VETO.match(sent[m.end() :])
                    )
                    and not (
                        m.group(1).lower() in _ARRANGELIKE and _ARRANGE_NOT.match(sent[m.end() :])
                    )
                ):
                    yield _span(text, s + m.start(1), s + m.end(1))
                    found = True
            if not found and re.search(_I_HAVE, sent):
                # "I have now reviewed the report and approved the claim"
                m = re.search(r"\band\s+(?:also\s+|then\s+)?(" + _FIX_PP + r")\b", sent, _F)
                if (
                    m
                    and re.search(_I_HAVE, sent[: m.start()])
                    and not (
                        m.group(1).lower() in _PASSLIKE and _SEND_OBJECT_VETO.match(sent[m.end() :])
                    )
                ):
                    yield _span(text, s + m.start(1), s + m.end(1))
                    found = True
            if not found and "?" in sent and _is_real_question(sent):
                m = _ACTION_OFFER_Q.search(sent)
                if m and re.search(
                    r"\bor\b|\bwould you (?:like|prefer)\b|\bshall (?:I|we)\b|"
                    r"\bdo you want\b",
                    sent,
                    _F,
                ):
                    yield _span(text, s + m.start(), s + m.end())


# -- time commitment --------------------------------------------------------------------------

_TIME = re.compile(
    r"(?P<inh>\btomorrow(?:" + A + r"s)?\b(?:\s+(?:morning|afternoon|evening|night|lunchtime|"
    r"at\s+" + _CLOCK + r"|before\s+" + _CLOCK + r"|by\s+" + _CLOCK + r"))?"
    r"|\bwithin\s+(?:the\s+(?:next\s+)?)?(?:hour|day|week|" + _NUMW + r"\s+" + _UNIT + r")"
    r"|\b(?:in|over)\s+the\s+(?:next|coming)\s+(?:"
    + _NUMW
    + r"\s+)?"
    + _UNIT
    + r"|\bin\s+(?:about\s+|around\s+|roughly\s+|under\s+|less than\s+)?"
    + _NUMW
    + r"\s+"
    + _UNIT
    + r"(?:\s+time)?"
    r"|\b" + _NUMW + r"\s+(?:working|business|banking)\s+days?\b"
    r"|\bnext\s+(?:" + _WEEKDAY_FULL + r"|week(?:end)?\b|month\b|year\b|few\s+days\b|"
    r"couple\s+of\s+days\b|day or two\b|morning\b|time\b(?!\s+you))"
    r"|\bby\s+(?:the\s+)?(?:end\s+of\s+(?:the\s+)?(?:day|today|tomorrow|(?:this|the|next)\s+week|"
    r"the\s+month|business|play)|close of (?:play|business)|eod|cob\b|tonight|today|noon|"
    r"midday|lunchtime|this\s+(?:evening|afternoon|weekend|week)|next\s+\w+|"
    + _CLOCK
    + r"|"
    + _WEEKDAY
    + r"|\d{1,2}(?:st|nd|rd|th)?\s+"
    + _MONTH
    + r"|"
    + _MONTH
    + r"\s+\d{1,2}|"
    r"the\s+\d{1,2}(?:st|nd|rd|th)\b)"
    r"|\bbefore\s+(?:"
    + _CLOCK
    + r"|noon|midday|the weekend|the end of|"
    + _WEEKDAY_FULL
    + r"|tonight)"
    r"|\ballow\s+(?:up to\s+|around\s+|about\s+)?"
    + _NUMW
    + r"\s+"
    + _UNIT
    + r"|\b(?:take|takes|taking)\s+(?:up to\s+|around\s+|about\s+|roughly\s+)?"
    + _NUMW
    + r"\s+(?:(?:working|business|banking)\s+)?(?:hours?|days?|weeks?)\b)"
    r"|(?P<amb>\b(?:later\s+)?today\b|\btonight\b|\bthis\s+(?:morning|afternoon|evening|week|"
    r"weekend)\b|\b(?:on\s+|this\s+|by\s+|from\s+|until\s+)?" + _WEEKDAY_FULL + r"(?:\s+\d{1,2}"
    r"(?:st|nd|rd|th)?(?:\s+" + _MONTH + r")?)?(?:\s+(?:morning|afternoon|evening|night|"
    r"lunchtime))?|\b(?:tue|tues|wed|weds|thu|thur|thurs|fri|sat|sun|mon)\b\.?\s+(?:\d{1,2}"
    r"(?:st|nd|rd|th)?(?:\s+" + _MONTH + r")?|at|" + _CLOCK + r")|\b(?:at|from|between|after|"
    r"around|for)\s+" + _CLOCK + r"(?:\s*(?:[–—-]|and|to)\s*" + _CLOCK + r")?"
    r"|\b"
    + _CLOCK
    + r"\s*(?:[–—-]|to)\s*"
    + _CLOCK
    + r"|\b\d{1,2}\s*(?:[–—-]|to)\s*\d{1,2}\s*(?:am|pm)\b"
    r"|\bon\s+(?:the\s+)?\d{1,2}(?:st|nd|rd|th)(?:\s+(?:of\s+)?" + _MONTH + r")?"
    r"|\b\d{1,2}(?:st|nd|rd|th)?\s+" + _MONTH + r"|\b" + _MONTH + r"\s+\d{1,2}(?:st|nd|rd|th)?\b"
    r"|\bthe\s+(?:first|earliest)\s+(?:slot|appointment|delivery)\b"
    r"|\bat\s+\d{1,2}(?:\.\d\d)?\b(?![:.]?\d|\s*(?:%|per|x\b|days?|weeks?|months?|years?|"
    r"minutes?|mins?|hours?|items?|pounds?|euros?|dollars?|pence|p\b|£|\$|-|/|of\b|on\b|"
    r"and\b|or\b|\w+\s+(?:street|road|lane|avenue)))"
    r")",
    _F,
)
_FUTURE = re.compile(
    r"\b(?:will|shall|going to|gonna|is due|are due|due (?:on|by|at)|scheduled|set for|"
    r"planned|should (?:arrive|reach|land|show|be|get|clear|appear|go|have)|can expect|"
    r"you(?:" + A + r"ll| will) (?:see|get|have|receive)|expect (?:it|them|the|a|your)|"
    r"goes out|go out|ships|arrives|arriving|is coming|are coming|coming (?:out|round|over|"
    r"back|to)|leaves|starts|start(?:ing)? (?:from|on)|ready|from now|until then|"
    r"I"
    + A
    + r"ll|we"
    + A
    + r"ll|it"
    + A
    + r"ll|they"
    + A
    + r"ll|he"
    + A
    + r"ll|she"
    + A
    + r"ll|you"
    + A
    + r"ll|"
    + A
    + r"ll\b|"
    r"(?:is|are|am|" + A + r"s|" + A + r"re|" + A + r"m)\s+(?:now\s+|also\s+)?(?:coming|sending|"
    r"bringing|delivering|arriving|visiting|calling|ringing|phoning|posting|shipping|"
    r"dispatching|fitting|replacing|repairing|collecting|going|heading|driving|flying|leaving|"
    r"opening|refunding|crediting|processing|rebooking|installing|booking|moving|doing|"
    r"running|starting|swapping|fixing|restoring|issuing|baking|cooking|making|preparing|"
    r"printing|reprinting|redelivering)\b|asked (?:[\w'’-]+,?\s+){1,7}to\b|"
    r"can (?:either |also |still |now )?(?:send|book|come|collect|deliver|call|ring|have|get|"
    r"offer|do|fit|arrange|move|"
    r"rebook|refund|replace|reserve|post|ship|dispatch|bring|drop)|could (?:send|book|come|"
    r"do|have|offer)|works? again|will work|back (?:on|up|online)|"
    r"(?:I|we)(?:" + A + r"ve| have)\s+(?:now\s+|also\s+|just\s+)?(?:booked|rebooked|re-booked|"
    r"moved|reserved|scheduled|rescheduled|arranged|put you|lined up|organised|organized|"
    r"set up|confirmed)|(?:booked|rebooked|moved|reserved|scheduled|rescheduled)\s+(?:you|him|"
    r"her|it|them|the \w+|your \w+(?: \w+)?)\s+(?:in\s+)?(?:for|to|on|into|at|the)\b|"
    r"(?:new|rebooked|rescheduled|replacement) (?:\w+\s+)?(?:date|slot|appointment|"
    r"visit|delivery|time) (?:is|will)|valid from|apply from|takes?\b|taking|usually|"
    r"normally|typically)",
    _F,
)
_PAST = re.compile(
    r"\b(?:was|were|had|did|didn"
    + A
    + r"t|wasn"
    + A
    + r"t|weren"
    + A
    + r"t|hadn"
    + A
    + r"t|since|ago|last|yesterday|earlier|previous|previously|originally|promised|told you|"
    r"said|quoted|expected|supposed to|meant to|should have|instead of|already)\b",
    _F,
)
_TC_CONTEXT_VETO = re.compile(
    r"\b(?:open|opening (?:hours|times)|lines are|available|monday to friday|mon-fri|"
    r"weekdays|seven days a week|24/7|valid|expires?|expiry|until further notice|"
    r"closes?|closing)\b",
    _F,
)
_CLAUSE_SPLIT = re.compile(
    r"[;:—–]\s|,\s+(?:and|but|so|which|once|when|then)\b|\s+(?:and|but|so|then)\s+(?=(?:I|we|"
    r"it|you|she|he|they|the|your|our|this|that)\b)",
    _F,
)


def _clause(sent: str, start: int, end: int) -> tuple[int, int]:
    cs, ce = 0, len(sent)
    for m in _CLAUSE_SPLIT.finditer(sent):
        if m.end() <= start:
            cs = m.end()
        elif m.start() >= end:
            ce = m.start()
            break
    return cs, ce


class TimeCommitment(CodeRule):
    """When a future thing will happen: "by Friday", "within 24 hours", "tomorrow morning",
    "in 3–5 business days", "today before 5pm" with a future verb. Not elapsed time ("it has
    been 3 days", "since Monday"), vague "soon", opening hours or validity dates."""

    rule = _rule(
        "EL904",
        "says-when",
        "time-commitment",
        "Commits to when a future thing will happen.",
        fires=(
            "It will be with you by Thursday at 1pm.",
            "The refund will show within 3 days.",
            "I'll call you tomorrow morning.",
            "We can send a replacement today.",
            "Refunds take 3–5 business days to show.",
        ),
        passes=(
            "It has been 3 days since you ordered.",
            "We'll get it to you soon.",
            "Our lines are open Monday to Friday, 9am to 5pm.",
            "Your card was blocked this morning.",
        ),
    )

    def check(self, doc: Any, ctx: Context) -> Iterator[Match]:
        for s, _e, sent in ctx.iter_sentences():
            if _is_real_question(sent):
                continue
            for m in _TIME.finditer(sent):
                cs, ce = _clause(sent, m.start(), m.end())
                clause = sent[cs:ce]
                pre = sent[cs : m.start()]
                if re.search(
                    r"\b(?:since|until|till|last|ago|for up to|up to|after|every)\s+"
                    r"(?:\S+\s+){0,1}$",
                    pre,
                    _F,
                ) and not re.search(r"\b(?:by|within|before)\s+$", pre, _F):
                    continue
                if re.match(
                    r"\s*(?:ago|later than|earlier|before (?:we|you))\b", sent[m.end() :], _F
                ):
                    continue
                if re.search(r"\b(?:if|unless|in case)\b[^,]*$", pre, _F):
                    continue
                tail = sent[m.end() : m.end() + 40]
                if re.match(
                    r"\s+(?:of\s+(?:the|your|their|its)\s+(?:appointment|booking|"
                    r"purchase|departure|arrival|check-in|event|start|visit|order|"
                    r"delivery|flight|renewal|cancellation))",
                    tail,
                    _F,
                ):
                    continue
                if re.search(
                    r"\b(?:made|received|submitted|raised|reported|cancell?ed|"
                    r"returned|requested)\s+(?:\S+\s+){0,1}$",
                    pre,
                    _F,
                ):
                    continue
                if _TC_CONTEXT_VETO.search(clause):
                    continue
                if m.lastgroup == "inh":
                    if _PAST.search(pre[-40:]) and not _FUTURE.search(clause):
                        continue
                else:
                    if (
                        not _FUTURE.search(clause)
                        or _PAST.search(clause[: m.start() - cs][-30:])
                        and not _FUTURE.search(sent[cs : m.start()])
                    ):
                        continue
                yield _span(ctx.text, s + m.start(), s + m.end())


# -- explanation ------------------------------------------------------------------------------

_CAUSE = re.compile(
    r"\bbecause\b(?!\s+(?:he|she|they|we|I|you|it)\s+(?:can|could|will|"
    + A
    + r"ll|knows?|handles?|has|have|needs?|wants?|wanted|asked|is able|are able)\b)"
    r"|\b(?:which|that|this)(?:" + A + r"s| is| was)\s+(?:exactly\s+|also\s+|partly\s+|"
    r"precisely\s+|the reason\s+)?why\b"
    r"|\b(?:was |were |been |is |has )?caused\s+(?:by|when|because)\b"
    r"|\b(?:has|have|had)\s+caused\b(?!\s+(?:you|any))"
    r"|\bdue to\s+(?!(?:arrive|be|reach|go|ship|leave|start|open|close|come|take|expire|renew|"
    r"land|depart|finish|end|run|complete|restart|return)\b)"
    r"|\b(?:as a (?:direct )?result of|as a consequence of|resulted in|result(?:ed|s)? from|"
    r"led to|leads to|stems? from|stemmed from|came from (?=a|an|the|our)|"
    r"comes from (?=a|an|the|our)|traced (?:it|this|the \w+) "
    r"(?:back )?to|turned out|it turns out|turns out|what happened (?:is|was)|here"
    + A
    + r"s what happened|the reason (?:for|why|that|this|you|your|it)|the cause (?:of|was|is)|"
    r"was the cause|(?:was|is|were|entirely|all|partly) down to (?!(?:us|me|you)\b)|"
    r"(?:happened|occurred) (?:because|when|after|as)|triggered by|set off by|was behind)"
    r"|\b(?:had|has had|experienced|suffered|hit)\s+(?:a|an)\s+(?:\w+\s+){0,2}(?:outage|bug|"
    r"fault|glitch|failure|breakdown|crash|power cut|technical (?:issue|problem|fault)|"
    r"system (?:issue|problem|error)|IT (?:issue|problem)|staff shortage|shortage)"
    r"|\b(?:our|the|a|an)\s+(?:[\w-]+\s+){0,3}?(?:broke down|ran out of|ran short of|went down|"
    r"crashed|(?:was|were|fell|called in) (?:ill|sick|off sick|unwell)|called in sick|"
    r"went (?:offline|bust|into administration)|caught fire|flooded|overheated)\b"
    r"|\b(?:he|she|they)\s+(?:was|were|fell|called in)\s+(?:ill|sick|off sick|unwell)\b"
    r"|\b(?:a|an|the)\s+(?:\w+\s+){0,2}(?:bug|glitch|fault|error|outage|defect)\s+(?:in|with|"
    r"between|during|affecting)\s+(?:[\w'’-]+\s+){1,5}?(?:sent|caused|meant|made|stopped|broke|"
    r"reset|deleted|charged|blocked|cancell?ed|duplicated|doubled|wiped|locked|logged|"
    r"prevented|triggered|created|failed|dropped|put|moved|removed|changed|marked|flagged)\b"
    r"|\b(?:a|an|the)\s+(?:faulty|bad|buggy|broken|failed|botched|damaged)\s+(?:\w+\s+){0,1}"
    r"(?:update|upgrade|deploy|deployment|release|change|patch|cable|part|component|batch|"
    r"server|switch|router|pipe|valve|sensor|machine|van|lorry|truck|printer|press)\b"
    r"(?=(?:\s+[\w'’-]+){0,5}?\s+(?:broke|caused|meant|stopped|failed|reset|sent|deleted|wiped|"
    r"blocked|took|knocked|crashed|corrupted|prevented|triggered|cut|left|made|led|was|were|"
    r"had|is why)\b)"
    r"|\b(?:which|that|this|it)\s+(?:is what\s+|was what\s+)?(?:caused|led to|triggered|meant)\b"
    r"|\bit\s+was\s+(?:just\s+|actually\s+|simply\s+|only\s+)?(?:a|an)\s+(?:[\w-]+\s+){0,2}(?:bug|"
    r"glitch|fault|error|outage|misconfiguration|timing issue|system issue|system error|"
    r"technical (?:issue|problem|fault))\b"
    r"|\bwhen we\s+(?:moved|migrated|switched|changed|updated|upgraded|renewed|transferred|"
    r"merged|introduced|rolled out|launched|changed over|moved over|reset)\b"
    r",?|,\s+so\s+(?:it|they|he|she|your\s+\w+(?:\s+\w+)?|the\s+\w+(?:\s+\w+)?|no one|nobody|"
    r"our\s+\w+|we)\s+(?:was|were|wasn"
    + A
    + r"t|weren"
    + A
    + r"t|didn"
    + A
    + r"t|never|couldn"
    + A
    + r"t|sat|got stuck|went to|ended up|missed|travelled|"
    r"traveled|stayed|fell|slipped|came|arrived|showed|didn" + A + r"t|picked|failed|"
    r"bounced|expired|defaulted|reset|lapsed|kept|wasn" + A + r"t)\b"
    r"|,\s+as\s+(?:our|the|a|an)\s+(?:\w+\s+){0,2}(?:\w+ed|was|were|had|did|didn"
    + A
    + r"t|wasn"
    + A
    + r"t|hadn"
    + A
    + r"t)\b"
    r"|\bthanks to (?:a|an|the|our) (?:\w+\s+){0,2}(?:bug|glitch|fault|error|outage|update|"
    r"change|problem|issue|mix-up|mistake)\b",
    _F,
)
# Causes stated without a marker word: an agent or a machine that made a slip or broke ("the
# driver misread the house number", "the ticket printer jammed", "heavy snow closed the road"),
# an internal step that was never done ("the new price list hadn't been loaded"), a frame that
# introduces the cause ("the problem was a faulty seal", "what went wrong was …") and a causal
# "as"/"since" clause. A slip the customer sees ("our warehouse packed the wrong item") is a
# restatement, not one of these.
_AGENT = (
    r"(?:(?:the|our|a|an|one of our|his|her|their|its|that|this)\s+(?:[\w'’-]+\s+){0,3}?"
    r"[\w'’-]+|he|she|they|we|someone|somebody|a colleague|nobody|no one)"
)
_MACHINE = (
    r"(?:scanner|scanners|printer|printers|server|servers|system|systems|machine|machines|"
    r"boiler|lift|elevator|oven|ovens|freezer|fridge|chiller|generator|router|app|website|site|"
    r"database|tool|software|sensor|sensors|pump|till|tills|card reader|terminal|terminals|"
    r"conveyor|belt|network|mast|cable|line|signal|signals|script|job|process|sync|"
    r"integration|feed|import|export|handset|device|reader|barrier|gate|lock|locker|"
    r"compressor|heater|engine|van|lorry|truck|train|plane|aircraft|bus|ferry|computer|"
    r"computers|laptop|portal|platform|service|robot|label printer|camera|alarm|meter|hub|"
    r"firewall|filter|checkout|calendar|diary|spreadsheet|rota|queue|inbox|mailbox|phone "
    r"lines?|phones)"
)
_SLIP = (
    r"(?:misread|misheard|misprinted|mistyped|mis-typed|miskeyed|mis-keyed|misfiled|"
    r"mislabell?ed|mis-labell?ed|misrouted|misdirected|misconfigured|miscalculated|"
    r"miscounted|mis-scanned|misscanned|mistook|mixed up|muddled up|muddled|got mixed up|"
    r"transposed|mis-sorted|missorted|misreported|misapplied|misallocated|mismatched|"
    r"misinterpreted|misunderstood|misplaced|mislaid|overlooked|"
    r"swapped (?:the|two|round|around|over)|confused (?:your|the|it|them|you|two)|"
    r"keyed (?:in\s+)?(?:\w+\s+){0,2}wrong(?:ly)?|typed (?:in\s+)?(?:\w+\s+){0,2}wrong(?:ly)?|"
    r"entered (?:\w+\s+){0,3}(?:wrong(?:ly)?|incorrectly))"
)
_BROKE = (
    r"(?:jammed|tripped(?: out)?|crashed|froze|malfunctioned|glitched|broke down|broke|went "
    r"down|went offline|stopped working|stopped responding|cut out|shut down|overheated|seized "
    r"up|lost (?:its |their |the )?(?:connection|power|signal|network|data|settings)|timed out|"
    r"corrupted|rebooted|restarted|sprang a leak|burst|leaked|short-circuited|blew|failed|"
    r"flooded|caught fire|got stuck|was stuck|were stuck|fell over)"
)
_UNDONE_PP = (
    r"(?:updated|copied|loaded|synced|synchronised|saved|carried over|carried across|migrated|"
    r"republished|published|linked|set up|configured|entered|keyed in|recorded|passed on|"
    r"logged|scanned|added|applied|picked up|re-enabled|switched (?:on|off|back|over)|"
    r"turned (?:on|off)|uploaded|refreshed|transferred|moved across|moved over|imported|"
    r"exported|ticked|renewed|tagged|attached|matched|merged|reviewed|checked|triggered)"
)
_UNDONE_BASE = (
    r"(?:update|copy|load|sync|save|carry over|migrate|republish|publish|link|set up|"
    r"configure|enter|key in|record|pass on|pass it on|pass them on|log|scan|add|apply|pick up|"
    r"switch (?:on|off|over)|upload|refresh|transfer|import|tick|renew|tag|attach|match|check|spot|"
    r"notice|see|read|follow|flag|catch|stop|stock|restock|charge|service|test)"
)
_INCIDENT = (
    r"(?:power cut|power outage|power failure|power surge|outage|storm|snow|snowfall|flood|"
    r"flooding|fog|ice|strike|accident|crash|fire|signal failure|signalling fault|failure|"
    r"fault|breakdown|roadworks|road closure|closure|surge|bug|glitch|error|typo|mix-up|"
    r"backlog|shortage|sickness|illness|heatwave|leak|burst pipe|update|change|migration|"
    r"upgrade|spike|landslide|blizzard|gale|gales|winds|rain|downpour|derailment|"
    r"misconfiguration|cyber ?attack|hack|virus)"
)
_CAUSE2 = re.compile(
    # "the driver misread the house number", "our agent swapped the digits"
    r"\b" + _AGENT + r"\s+(?:\w+ly\s+|also\s+|then\s+|somehow\s+)?" + _SLIP + r"\b"
    # "the ticket printer jammed", "one of our servers restarted mid-run"
    r"|\b(?:the|our|a|an|one of (?:our|the)|its|their)\s+(?:[\w'’-]+\s+){0,2}?"
    + _MACHINE
    + r"\s+(?:(?:at|in|on|for|from|of|by)\s+(?:the\s+|our\s+|your\s+)?[\w'’-]+\s+(?:\w+\s+)?)?"
    r"(?:\w+ly\s+|then\s+|also\s+|had\s+|has\s+|just\s+)?" + _BROKE + r"\b"
    # "the new price list hadn't been loaded", "the address wasn't updated"
    r"|\b(?:hadn" + A + r"t|had not|had never|never|wasn" + A + r"t|weren" + A + r"t|was not|"
    r"were not|was never|were never)\s+(?:been\s+|got\s+|gotten\s+)?(?:properly\s+|correctly\s+|"
    r"actually\s+)?" + _UNDONE_PP + r"\b(?=[^.;:!?]{0,60}?\b(?:when|after|before|while|during|"
    r"so|since|which|because|into|onto|to|from|across|over|in|on)\b)"
    # "nobody spotted it", "our team didn't update the record", "the diary didn't stop them"
    r"|\b(?:nobody|no one|no-one)\s+(?:had\s+)?(?:spotted|noticed|checked|caught|picked up on|"
    r"saw|flagged|realised|realized|updated|passed on|tested)\b"
    r"|\b(?:the|our)\s+(?:[\w'’-]+\s+){0,2}?(?:\w+|" + _MACHINE + r")\s+(?:didn" + A + r"t|did not|"
    r"failed to|forgot to|never)\s+" + _UNDONE_BASE + r"\b"
    # "was accidentally set to the yearly plan", "had been wrongly flagged as fraud"
    r"|\b(?:was|were|had been|got|been)\s+(?:accidentally|mistakenly|wrongly|incorrectly|"
    r"automatically|inadvertently|still)\s+(?:set|set up|configured|switched|programmed|"
    r"linked|merged|tagged|flagged|coded|assigned|marked|recorded|filed|attached|saved|left|"
    r"defaulted|reset|copied|keyed|entered|synced)\b"
    r"|\b(?:was|were)\s+(?:set|configured|programmed|defaulted|reset)\s+to\s+(?:the\s+)?"
    r"(?:\w+\s+){0,2}(?:default|wrong|old|previous|yearly|annual|monthly|weekly|daily)\b"
    r"|\bleft\s+(?:\w+\s+){0,3}(?:(?:switched|turned)\s+(?:off|on)|without\s+(?:any\s+)?"
    r"(?:air[- ]?con(?:ditioning)?|refrigeration|cooling|power|heating|ice packs?))\b"
    # "a power cut at the bakery knocked the ovens off", "heavy snow closed the road"
    r"|(?:^|[.;:,]\s*|\b(?:a|an|the|our|heavy|severe|sudden|unexpected|major|local|overnight|"
    r"last night" + A + r"s|this morning" + A + r"s|yesterday" + A + r"s|high)\s+)(?:[\w'’-]+\s+)"
    r"{0,2}?"
    + _INCIDENT
    + r"\s+(?!reports?\b|tickets?\b|logs?\b)(?:[\w'’-]+\s+){0,5}?(?:closed|stopped|blocked|"
    r"held up|knocked|cut|disrupted|forced|took out|took down|wiped|broke|prevented|cleared|"
    r"reset|corrupted|"
    r"switched|locked|logged|froze|pushed|slowed|grounded|stranded|interrupted|scrambled|"
    r"overwrote|deleted|duplicated|doubled|stripped|undid|dropped|shut|brought down|"
    r"knocked out|put|kept|sent|removed|changed|delayed)\b"
    # "he was taken ill on his way", "our chef was off sick"
    r"|\b(?:was|were|got|had been)\s+(?:suddenly\s+)?(?:taken ill|taken unwell|off sick|"
    r"signed off|short-staffed|short staffed|snowed in|stuck in traffic|held up in traffic|"
    r"involved in (?:an?\s+)?(?:accident|collision|crash)|out of service|out of order|out of "
    r"action|down for (?:maintenance|repairs|an? upgrade))\b"
    # "the problem was a faulty seal", "what went wrong was …", "the reason was a typo"
    r"|\b(?:the|our)\s+(?:(?:real|root|actual|underlying|main)\s+)?(?:issue|problem|fault|"
    r"cause|reason|trouble|culprit|snag)\s+(?:here\s+)?(?:was|turned out to be|lay|came down "
    r"to|has been|had been)\b(?!\s+(?:that\s+)?(?:you|your)\s+(?:were|was|are|had|have|got|"
    r"\w+\s+(?:still|hasn|has not|isn|is not|was|were|didn|never))\b)(?!\s+(?:resolved|fixed|"
    r"sorted|that you)\b)"
    r"|\b(?:the\s+)?reason\s+(?:is|was)\s+(?:that\s+|simply\s+)?(?:a|an|the|our|we|it|one)\b"
    r"|\bwhat\s+(?:went wrong|caused (?:it|this|the \w+)|happened)\s+(?:here\s+)?(?:was|is)\s+"
    r"(?:that|a|an|the|our|we)\b"
    r"|\bthe\s+(?:\w+\s+)?(?:was|were)\s+(?:the\s+)?(?:fault|culprit|cause|problem)\s*[:;,—–-]"
    # "It looks like the payment file went twice after one of our servers restarted"
    r"|\b(?:it|this)\s+(?:looks|seems|appears)\s+(?:like|that|as if|as though)\b(?=[^.;!?]*"
    r"\b(?:after|when|while|during)\s+(?:a|an|the|our|one of|we|it|they|someone)\b)"
    # causal "as"/"since" clause opening the sentence: "Since the lift was out of service, …"
    r"|^\W*(?:as|since)\s+(?!(?:you|I|we)\b|soon\b|well\b|much\b|far\b|long\b|of\b|"
    r"mentioned\b|discussed\b|agreed\b|requested\b|promised\b|expected\b|(?:last|then|"
    r"yesterday|today|monday|tuesday|wednesday|thursday|friday|saturday|sunday|the start|"
    r"the \d+\w*|\d)\b)(?:[\w'’-]+\s+){1,6}?(?:was|were|had|hadn" + A + r"t|wasn" + A + r"t|"
    r"weren" + A + r"t|didn" + A + r"t|couldn" + A + r"t|failed|broke|crashed|closed|ran out|"
    r"went)\b(?=[^,]{0,80},)"
    # "…, so every drink came out lukewarm"
    r"|,\s+so\s+(?:every|all|none|each|any|both|most|half|some)\s+(?:of\s+)?(?:\w+\s+){0,3}"
    r"(?:was|were|came|went|got|had|didn" + A + r"t|wasn" + A + r"t|weren" + A + r"t|arrived|"
    r"failed|missed|stayed|ended up)\b"
    # "which let water into the cabinet", "which stopped the label printing"
    r"|\b(?:which|that|this)\s+(?:then\s+|in turn\s+)?(?:let|allowed|stopped|prevented|forced|"
    r"pushed|knocked|blocked|wiped|reset|cleared|corrupted|overwrote|duplicated)\b"
    r"(?!\s+(?:you|us)\s+down\b)"
    # "owing to a staff shortage"
    r"|\bowing to\b"
    # "it shipped with an outdated firmware version"
    r"|\b(?:shipped|left the factory|went out|was sent out|came)\s+with\s+(?:a|an|the)\s+"
    r"(?:\w+\s+){0,2}(?:outdated|old|faulty|wrong|broken|bad|buggy|missing|loose|defective)\b",
    _F,
)
#: A "cause" that is really praise, a handoff reason, an entitlement or the complaint itself.
_CAUSE_FALSE = re.compile(
    r"^(?:because of|thanks to|owing to|due to)\s+(?:(?:all\s+)?(?:your|you|the photos? you|"
    r"the details you|the information you)\b)"
    r"|^because\s+(?:he|she|they)\s+(?:\w+ly\s+)?(?:looks? after|manages?|runs?|leads?|"
    r"deals? with|is|are|specialises?|specializes?|covers?|owns?|knows?|oversees?|heads?|"
    r"works? (?:in|on|with))\b"
    r"|^because\s+you(?:" + A + r"ve| have|" + A + r"re| are)\s+(?:\w+\s+){0,2}(?:been|"
    r"such|so|a|an|our)\b"
    r"|^(?:it\s+)?turns?\s+out\s+(?:that\s+)?(?:you(?:" + A + r"re| are| were)?|your)\s+"
    r"(?:\w+\s+){0,2}(?:entitled|eligible|due|owed|covered|right)\b",
    _F,
)
_CAUSE_SENT_VETO = re.compile(
    r"\b(?:you(?:" + A + r"ll| will)? (?:need|have) to|please (?:contact|call|ring|speak|get in "
    r"touch|take|return|go|direct|raise)|you must|you should contact|(?:needs?|has|have|must|"
    r"should)\s+(?:to\s+)?(?:go|be (?:raised|made|sent|directed|taken up|addressed|submitted))"
    r"\s+(?:directly\s+)?(?:to|with|through|via)|(?:is|are) (?:handled|dealt with) by)\b",
    _F,
)


def _cause_matches(sent: str) -> list[re.Match[str]]:
    """Marker-word causes first, then causes stated without one, in text order."""
    found = list(_CAUSE.finditer(sent))
    if _CAUSE2_SENT_VETO.search(sent):
        # the customer's own experience: only a marker word ("because", "due to") makes a cause
        return [m for m in found if _CAUSE_MARKER.search(m.group(0))]
    found += [
        m for m in _CAUSE2.finditer(sent) if not _CAUSE_NOT_OURS_VETO.search(sent[: m.start()])
    ]
    return sorted(found, key=lambda m: m.start())


_CAUSE_MARKER = re.compile(
    r"\b(?:because|due to|owing to|caused|reason|cause|why|as a|result\w*|led to|stem\w*|"
    r"traced|turn(?:ed|s)? out|what happened|here)\b",
    _F,
)
#: The customer's own experience of the failure ("our app crashed when you tried to pay").
_CAUSE2_SENT_VETO = re.compile(
    r"\b(?:when|while|as|after|before|whenever)\s+you\s+(?:\w+\s+)?(?:tried|were|went|called|"
    r"checked|arrived|opened|logged|got|came|rang|phoned|clicked|pressed|paid|booked)\b",
    _F,
)
_CAUSE_NOT_OURS_VETO = re.compile(
    r"\b(?:if|whether|unless|in case|make sure|so that|to stop|to prevent|won" + A + r"t|"
    r"will not|never again|again)\s+(?:[\w'’-]+\s+){0,3}$",
    _F,
)


#: The failure has been named (apology, acknowledgement cue) before the sentence.
_FAILURE_NAMED = re.compile(
    r"\b(?:sorry|apologi[sz]e|apologies|regret|that" + A + r"s on us|our (?:mistake|error|fault)|"
    r"I can see|I understand|frustrat\w+|annoy\w+|let you down)\b",
    _F,
)
#: A narrated event: past tense ("was", "had", "fell", "-ed"), no present perfect.
_PAST_EVENT = re.compile(
    r"\b(?:was|were|had|did|didn" + A + r"t|wasn" + A + r"t|weren" + A + r"t|hadn" + A + r"t|"
    r"couldn" + A + r"t|fell|went|came|took|left|made|got|ran|broke|died|froze|thought|kept|"
    r"lost|caught|held|meant|tore|blew|sprang|drove|[a-z]{3,}ed)\b",
)
#: Something went wrong inside: the mark of a cause in a narrated event.
_ANOMALY = re.compile(
    r"\b(?:wrong(?:ly)?|incorrect(?:ly)?|only|still|old|outdated|out of date|without|missing|"
    r"never|didn" + A + r"t|did not|wasn" + A + r"t|weren" + A + r"t|hadn" + A + r"t|"
    r"couldn" + A + r"t|failed|faulty|broken|broke|died|flat|fell|dropped|skipped|stuck|"
    r"held (?:up|at|in|back)|cut off|instead|twice|duplicate|on leave|off sick|nobody|no one|"
    r"too (?:early|late|small|big|many|few|long|short)|behind|mix-up|mixed up|error|bug|glitch|"
    r"fault|crashed|timed out|expired|blocked|bounced|jammed|ran out|run out|shortage|"
    r"confused|assumed|thought|than|mis[a-z]{3,}|overwrote|overwritten|defaulted|leak(?:ed|ing)|"
    r"tore|torn|snapped|cracked|overheated|froze|frozen|flooded|lost|forgot|"
    r"by mistake|in error|accidentally|mistakenly|ill|sick|tyre|puncture|(?:stuck|held up) in "
    r"traffic|traffic jam|closed|"
    r"left (?:off|out))\b",
    _F,
)
_NARRATED_NOT = re.compile(
    # the writer, the customer, thanks/apology, fixes and the future are not the narrated cause
    r"^\W*(?:I|we|you|I" + A + r"\w+|we" + A + r"\w+|you" + A + r"\w+|please|thanks?|thank|sorry|"
    r"apologies|hi|hello|dear|if|when|once|as|what|how|unfortunately|just|also|so|yes|no|ok|"
    r"that" + A + r"s|this is|that is|it" + A + r"s|there" + A + r"s|that was|this was|"
    r"it was|[a-z]+ing)\b"
    # owning it in the same breath marks the failure itself, not its cause
    r"|\b(?:is|are|isn" + A + r"t|aren" + A + r"t|do|does|don" + A + r"t|doesn" + A + r"t)\b"
    r"|\b(?:mistakes?|responsibility|responsible|our (?:failure|fault|error)|on us|not good "
    r"enough|unacceptable|maddening|annoyed|frustrat\w+|upset\w*|should have|shouldn" + A + r"t)\b"
    r"|\b(?:when|as|after|while|before|until|once)\s+you\b|\byou\s+[a-z]+ed\b"
    r"|\b(?:will|" + A + r"ll|shall|going to|tomorrow|can|could|would|should|must|may|might|"
    r"please|sorry|apologi[sz]e|apologies|has been|have been|has|have|refund(?:ed)?|"
    r"replace(?:d|ment)|policy|terms|unable|cannot|can" + A + r"t|records? show|"
    r"you\s+(?:were|was|are|had|have|did|didn" + A + r"t|should|must|will|can|need|"
    r"failed|forgot|gave|entered|chose|selected|ordered|booked|used|told|asked))\b",
    _F,
)


def _narrated_cause(sent: str, before: str) -> tuple[int, int] | None:
    """A cause narrated without a marker word, after the failure has been named: a past-tense
    sentence about something on our side going wrong ("The fittings bag fell off the packing
    line before the box was sealed"). Not the writer's fix, the customer's doing, or the future.
    """
    if "?" in sent or len(sent) < 25 or not _FAILURE_NAMED.search(before):
        return None
    if _NARRATED_NOT.search(sent) or not _PAST_EVENT.search(sent):
        return None
    a = _ANOMALY.search(sent)
    if not a:
        return None
    return 0, len(sent)


class Explanation(CodeRule):
    """Says why it happened: "because our system double-booked the slot", "which is why",
    "the van broke down". The reason a customer is redirected ("…, so you'll need to contact
    the courier") or a handoff is made ("because she can approve it") is not one."""

    rule = _rule(
        "EL905",
        "says-why",
        "explanation",
        "Says why the failure happened.",
        fires=(
            "The parcel was delayed because our system double-booked the slot.",
            "The deploy changed how we sign requests, which is why your endpoint rejected them.",
            "Our printing press broke down in the early hours.",
            "The outage was caused by a damaged cable.",
            # causes stated without a marker word
            "Sorry your order went astray. The driver misread the flat number on the label.",
            "Our courier mislabelled the crate, so it went to Hull.",
            "The label printer at the depot jammed halfway through the morning run.",
            "A storm on Sunday night brought down the line to your village.",
            "The new tariff hadn't been loaded into our billing tool when your bill was made.",
            "Your plan was accidentally set to the annual price when you upgraded it.",
            "The problem was a cracked seal inside the pump.",
            "What went wrong was that the ticket never reached the kitchen.",
            "The reason was a typo in the account number on our side.",
            "Owing to a staff shortage, your slot was missed.",
            "Since the lift in your block was out of service, the fitters couldn't carry it up.",
            "Sorry the engineer missed you. She was taken ill on the way to your house.",
            "It looks like the email was duplicated after one of our servers restarted.",
            "I'm sorry your jacket arrived torn. The packing tape was cut with a blade that "
            "went straight through the bag and nobody spotted it.",
            "Sorry the lamp arrived without its shade. The shade box fell off the conveyor "
            "before the order was sealed.",
        ),
        passes=(
            "I've passed this to Marta because she can approve it straight away.",
            "Our warehouse packed the wrong item.",
            "It's covered by the manufacturer's warranty, so you need to contact them.",
            "I'm sorry for the delay.",
            # restatements, redirect reasons and other "because/as/since" that are no cause
            "I've handed this to Omar because he looks after our partner shops.",
            "Because of your patience, I could get it approved today.",
            "As you know, your refund went out on Monday.",
            "I'm sorry the heating has been off since Tuesday.",
            "The issue was that you were charged twice in May.",
            "It turns out you're entitled to the full refund.",
            "As your ticket was sold by the theatre, any refund has to go through them.",
            "Because you've been with us so long, I've added a month free.",
            "Our booking app crashed when you tried to pay, and I'm sorry.",
            "Sorry about that. Our driver left your parcel by the bins, and that was our mistake.",
            "I'm sorry. The power cut affected about 900 homes and was restored at 6pm.",
        ),
    )

    def check(self, doc: Any, ctx: Context) -> Iterator[Match]:
        for s, _e, sent in ctx.iter_sentences():
            if "?" in sent or _CAUSE_SENT_VETO.search(sent):
                continue
            for m in _cause_matches(sent):
                if _CAUSE_FALSE.match(sent[m.start() :]):
                    continue
                g = sent[m.start() : m.start() + 12].lower()
                if (
                    re.search(
                        r"(?:inconvenience|distress|trouble|upset|disruption|frustration|"
                        r"worry|stress|confusion|hassle|difficulties|difficulty|offence|"
                        r"offense|harm|hurt|problems|issues|disappointment|anxiety)\b"
                        r"(?:\s+\S+){0,4}\s*$",
                        sent[: m.start()],
                        _F,
                    )
                    and "caused" in m.group(0).lower()
                ):
                    continue
                if g.startswith(("because of", "due to")) and re.search(
                    r"\b(?:credit|voucher|goodwill|added|discount|compensat\w*|gesture)\b",
                    sent,
                    _F,
                ):
                    continue
                yield _span(ctx.text, s + m.start(), s + m.end())
                break
            else:
                n = _narrated_cause(sent, ctx.text[:s])
                if n is not None:
                    yield _span(ctx.text, s + n[0], s + n[1])


# -- ownership: "we sent you the wrong size" ----------------------------------------------------

_OWN_VERB = (
    r"(?:sent|took|charged|billed|sold|booked|printed|published|read|gave|delivered|"
    r"packed|shipped|posted|applied|entered|recorded|logged|set|put|picked|processed|"
    r"labell?ed|addressed|allocated|used|quoted|listed|added|cancell?ed|closed|blocked|"
    r"debited|made|fitted|installed|filed|assigned|moved|changed|ordered|issued|"
    r"turned down|rejected|declined|refused|marked|flagged|told|increased|raised|"
    r"renewed|reset|paused|suspended|took|kept|left|missed|lost|dropped|"
    r"did (?:send|take|charge|bill|book|sell|print|deliver|pack|ship|post))"
)
_OWN_SUBJ = (
    r"(?:our\s+(?!(?:courier|couriers|supplier|suppliers|partner|partners|provider|"
    r"providers|carrier|carriers|manufacturer|bank|system|systems|insurer|landlord|"
    r"contractor|contractors|delivery partner|payment provider)\b)(?:[\w-]+"
    + A
    + r"?s?\s+){0,2}?(?:[\w-]+"
    + A
    + r"s|team|staff|driver|drivers|engineer|"
    r"technician|crew|warehouse|kitchen|store|branch|agent|shuttle|bus|van|lab|"
    r"pharmacy|packers?|pickers?|fitters?|guard|porter|waiter|chef|receptionist|"
    r"printer|depot|office|shop|restaurant|hotel|call centre))"
)
_OWN_VERB2 = (
    r"(?:scratched|damaged|broke|dented|lost|ruined|stained|smashed|chipped|ripped|"
    r"tore|spilled|spilt|mislaid|misplaced|wiped|deleted|forgot|ignored|left|arrived|"
    r"turned up|came|was|were|showed up)"
)
_OWN_WRONG = re.compile(
    r"(?P<own>\b(?:(?:we|I)\s+(?:\w+ly\s+|still\s+|also\s+|then\s+|somehow\s+)?"
    + _OWN_VERB
    + r"|"
    + _OWN_SUBJ
    + r"\s+(?:\w+ly\s+|still\s+|also\s+|then\s+|somehow\s+)?(?:"
    + _OWN_VERB
    + r"|"
    + _OWN_VERB2
    + r")))\b(?:\s+[\w'’£$€.,:/-]+){0,8}?\s+(?:incorrect\b|inaccurate\b|misleading\b|"
    r"outdated\b|out-of-date\b|late\b|early\b|wrong(?:ly)?\b|twice\b|incorrectly\b|in error\b|"
    r"by mistake\b|by accident\b|instead of\b|the wrong\b|a wrong\b|someone else"
    + A
    + r"s\b|too (?:early|late|much)\b|by (?:mistake|error)\b|after you(?:"
    + A
    + r"d)? (?:cancell?ed|asked|told|returned|downgraded|left|closed)\b|even though\b|"
    r"without (?:telling|asking|warning|checking|your)\b)",
    _F,
)
_OWN_PROMISE = re.compile(
    r"\b(?:I|we)\s+(?:had\s+)?(?:promised|said (?:we|I)(?:"
    + A
    + r"d| would)|told you (?:we|I)(?:"
    + A
    + r"d| would))\b[^.;]{0,80}\b(?:and|but)\s+(?:I|we)\s+(?:didn"
    + A
    + r"t|did not|never|haven"
    + A
    + r"t|have not|failed)\b|\b(?:I|we)\s+(?:broke|didn"
    + A
    + r"t keep|did not keep|failed to keep)\s+"
    r"(?:our|my|that|the)\s+promise\b",
    _F,
)
_OWN_WRONG_VETO_BEFORE = re.compile(r"\b(?:if|whether|unless|not|never)\s+(?:\S+\s+){0,2}$", _F)


class OwnershipOfError(CodeRule):
    """The business owns the failure by saying what it did wrong, in the first person: "we
    sent you the wrong size", "we took £6.99 twice", "we read your meter wrong"."""

    rule = _rule(
        "EL906",
        "we-did-it-wrong",
        "ownership",
        'Owns the failure in the first person: "we sent you the wrong size".',
        fires=(
            "We sent you the wrong size.",
            "We took £6.99 twice for your delivery.",
            "We read your meter wrong on our last visit.",
        ),
        passes=(
            "The courier sent it to the wrong depot.",
            "We sent your refund yesterday.",
            "If we charged you twice, we'll refund it.",
        ),
    )

    def check(self, doc: Any, ctx: Context) -> Iterator[Match]:
        for s, _e, sent in ctx.iter_sentences():
            if "?" in sent:
                continue
            for m in _OWN_WRONG.finditer(sent):
                if _OWN_WRONG_VETO_BEFORE.search(sent[: m.start()]):
                    continue
                yield _span(ctx.text, s + m.start("own"), s + m.end("own"))
                break
            for m in _OWN_PROMISE.finditer(sent):
                yield _span(ctx.text, s + m.start(), s + m.end())
                break


# -- handoffs ---------------------------------------------------------------------------------

_NOT_NAME = (
    r"(?!(?:I|We|Our|The|This|That|These|Those|Your|You|It|He|She|They|His|Her|Their|"
    r"My|Me|Us|A|An|And|But|So|If|When|Once|As|At|On|In|By|For|From|To|With|Thanks|"
    r"Thank|Sorry|Please|Hi|Hello|Dear|Monday|Tuesday|Wednesday|Thursday|Friday|"
    r"Saturday|Sunday|January|February|March|April|May|June|July|August|September|"
    r"October|November|December|Customer|Support|Service|Services|Team|Care|"
    r"Billing|Head|Office|Department|Manager|XXXX\w*)\b)"
)
_NAME = r"(?-i:" + _NOT_NAME + r"[A-Z][a-zà-ÿ'’]+(?:[ -](?!(?:I|We|The|Our)\b)[A-Z][a-zà-ÿ'’]+)?)"
_TEAM = (
    r"(?:(?:our|my)\s+(?:[\w-]+\s+){0,3}?(?:team|teams|department|office|specialists?|desk|"
    r"unit|supervisor|manager|lead|colleagues?|engineers?|technicians?|experts?|"
    r"investigators?|handlers?|coordinators?|advisers?|advisors?|pharmacist|"
    r"plumber|glazier|fitter|electrician|crew|squad|agents?|partners? team))"
)
_HANDOFF = re.compile(
    # "I've passed your case to Dana Whitfield", "handed this to our billing team"
    r"\b(?:passed|passing|pass|handed|handing|hand|transferred|transferring|transfer|referred|"
    r"referring|escalated|escalating|assigned|assigning|forwarded|forwarding|sent|sending|"
    r"shared|sharing|given|giving|moved|moving)\b(?:\s+(?!(?:to|with)\b)[\w'’-]+){0,5}?\s+"
    r"(?:over\s+|on\s+)?(?:to|with)\s+(?:" + _NAME + r"|" + _TEAM + r")"
    # "I'm bringing in Sanjay", "I've asked Priya / my supervisor, Marta, to …"
    r"|\b(?:putting|put|passing|pass|transferring|transfer|connecting|connect|handing|hand)\s+"
    r"you\s+(?:over\s+|through\s+|across\s+|back\s+)?(?:to|with)\s+(?:"
    + _NAME
    + r"|"
    + _TEAM
    + r")"
    r"|\b(?:bringing in|brought in|looping in|looped in|loop in|bring in|introducing|"
    r"introduced|connecting you (?:with|to)|put you in touch with|putting you in touch with|"
    r"asked|asking|booked|arranged for|got|getting|requested)\s+(?:"
    + _NAME
    + r"|"
    + _TEAM
    + r"(?:,\s*(?:led by\s+)?"
    + _NAME
    + r",?)?)(?=[\s,])"
    # "Your case is now with Arjun", "Rowan's team has your file"
    r"|\b(?:is|are|sits)\s+now\s+with\s+(?:" + _NAME + r"|" + _TEAM + r")"
    r"|\b(?:take|takes|taking|took)\s+(?:this|it|your \w+|the \w+)?\s*over\b"
    # "Jonah Price in our refunds team will refund", "Gavin from our parts team is sending"
    r"|(?<![.!?] )\b" + _NAME + r",?\s+(?:in|on|from|at|of)\s+(?:our|the)\s+(?:[\w-]+\s+){0,3}?"
    r"(?:team|department|office|desk|unit|crew|branch|store|depot)\b(?=,?\s+(?:(?:who|and)\s+)?"
    r"(?:will|" + A + r"ll|is|has|can|handles|knows|looks after|leads)\b)"
    # "Our lead pharmacist, Hannah, will call you", "Our plumber Chris is coming"
    r"|\b(?:our|my)\s+(?:[\w-]+\s+){0,3}?(?:team|teams|manager|lead|pharmacist|plumber|glazier|"
    r"engineer|technician|fitter|electrician|supervisor|specialist|coordinator|handler|"
    r"driver|courier|nurse|doctor|agent|adviser|advisor|colleague|investigator|officer|head)"
    r",?\s+(?:led by\s+)?"
    + _NAME
    + r"(?=,?\s+(?:who\s+|and\s+)?(?:will|"
    + A
    + r"ll|is|has|can|handles|knows|looks after|leads|takes|is now)\b)"
    # "Priya, who manages our partner restaurants", "Rachel, our accounts lead, who will …"
    r"|(?<![.!?] )\b" + _NAME + r",\s+(?:who\s+(?:manages|handles|leads|looks after|runs|heads|"
    r"is|will)|(?:our|one of our|the|a senior|a|an)\s+(?:[\w-]+\s+){0,3}?(?:lead|manager|"
    r"engineers?|handler|specialist|coordinator|supervisor|head|officer|adviser|advisor|"
    r"investigator|agent|technician|pharmacist|expert))\b"
    # "Kamal there will", "Leona there will"
    r"|\b" + _NAME + r"\s+there(?=\s+(?:will|" + A + r"ll|is|can)\b)",
    _F,
)
_HANDOFF_VETO = re.compile(
    r"\b(?:booked|booking)\s+you\b|\bwith\s+(?:our|my)\s+(?:[\w-]+\s+){0,3}?(?:engineer|"
    r"technician|fitter)\s*,\s*" + _NAME + r"\s*[.!]",
    _F,
)

_COLD = re.compile(
    # "you'll have to contact the courier", "please call the billing department"
    r"(?P<directive>\b(?:you(?:" + A + r"ll| will| would|" + A + r"d)?\s+(?:have|need)\s+to|you\s+"
    r"(?:must|should|can|could|may want to|might want to|might need to|may need to|will need "
    r"to)|please|kindly|best to|it" + A + r"s best to|you" + A + r"re best|your best bet is to|"
    r"the best (?:thing|option|way) (?:is|would be) to|just|you (?:may|might)|you(?:"
    + A
    + r"ll| will) want to)\s+(?:(?:first|directly|instead|simply|yourself|now|then|also|get in|"
    r"go ahead and)\s+)?(?:contact|call|ring|phone|email|e-mail|write to|speak (?:to|with)|"
    r"talk to|reach out to|get in touch with|raise (?:it|this|that|the \w+|your \w+) "
    r"(?:directly )?with|take (?:it|this|that|the matter|the issue|your complaint) up with|"
    r"report (?:it|this|that|the \w+(?: \w+)?) to|direct (?:your \w+|it|this|that|any \w+) to|"
    r"return (?:it |the item )?to|go (?:back )?to|visit|message|DM|log in|log on|fill in|"
    r"fill out|complete (?:the|our|a)|ask|give them|drop them|check with|chase|submit|"
    r"apply to|lodge|file (?:a|your) (?:claim|complaint|report) with|make a claim with|"
    r"claim (?:it )?(?:from|with|through)|refer (?:to|this to)|send (?:it|them|your \w+) to)\b)"
    r"|(?P<recommend>\b(?:I|we)(?:"
    + A
    + r"d| would)?\s+(?:strongly\s+)?(?:recommend|suggest|advise)\s+"
    r"(?:that you\s+|you\s+)?(?:contacting|calling|ringing|phoning|emailing|speaking to|"
    r"talking to|getting in touch with|reaching out to|contact|call|ring|phone|email|speak to|"
    r"get in touch with|reach out to|raising (?:it|this) with|taking (?:it|this) up with)\b)"
    # imperative at sentence start: "Drop them a message", "Contact the seller"
    r"|(?P<imperative>^\W*(?:(?:so\s+)?(?:contact|call|ring|phone|email|drop them|give them|"
    r"take (?:it|this) up with|reach out to|get in touch with|speak to|talk to|ask)\b))"
    # routing in the passive: "must be raised with the restaurant", "is a matter for your bank"
    r"|(?P<routing>\b(?:must|should|need to|needs to|have to|has to|will have to) be\s+(?:\w+\s+)?"
    r"(?:raised|reported|directed|sent|made|taken up|addressed|handled|submitted|lodged|"
    r"claimed|dealt with)\s+(?:directly\s+)?(?:with|to|by|through)"
    r"|\b(?:is|are)\s+(?:a matter|one|something)\s+for\b"
    r"|\b(?:is|are)\s+(?:(?:only|all|entirely)\s+)?(?:handled|dealt with|managed|run|"
    r"processed|assessed|covered|decided|looked after|sorted)\s+(?:(?:only|entirely|"
    r"directly|separately)\s+)?by\s+(?!us\b|me\b)"
    r"|\b(?:is|are)\s+(?:the\s+)?(?:\w+" + A + r"s?\s+)(?:job|responsibility|problem|"
    r"department|call|decision)\b"
    r"|\b(?:not|isn" + A + r"t|aren" + A + r"t)\s+(?:(?:handled|dealt with)\s+(?:by|here|in this|"
    r"through)|something (?:I|we) (?:deal with|handle|can help with))\b"
    r"|\b(?:another|a different|a separate|a specialist)\s+(?:team|department|line|"
    r"number|desk|company)\b"
    r"|\bnot (?:my|our) department\b|\bnot something (?:I|we) (?:deal with|handle|cover)\b"
    r"|\bneeds? to go (?:to|through)\b|\bgoes? through (?:a|the) separate\b"
    r"|\b(?:is|" + A + r"s)\s+between you and\b"
    r"|\bgo(?:es)? through\s+(?:a|the|your)\s+(?:\w+\s+)?(?:line|team|department|portal)\b)",
    _F,
)
#: Who the customer is sent to: not us, not the writer ("call us", "reply to this email").
_COLD_TO_US = re.compile(
    r"^\W*(?:(?:directly|again|back|instead|personally|anytime|any time)\s+)?(?:us|me|our "
    r"(?:customer )?(?:care|support|service|help|social) (?:team|desk)|this (?:email|thread|chat|"
    r"number|team|address|account)|here|back|reply|your account|the app|the tracking|your order|"
    r"your inbox|your spam|your junk|the (?:delivery|order) (?:note|confirmation|details)|"
    r"the box|the item|the instructions|the link|the steps|someone here|a member of (?:our|my) "
    r"team|my colleague|XXXX\w*)\b",
    _F,
)


def _stays_involved(text: str) -> bool:
    return _writer_follows_up(text) is not None


class WarmHandoff(CodeRule):
    """Names who takes over (a person, or our named team) AND the writer stays involved: the
    reply also has the writer following up ("I'll check in tomorrow", "I'm staying on the
    case"). Passing it on alone is not a warm handoff."""

    rule = _rule(
        "EL907",
        "hands-over-and-stays",
        "warm-handoff",
        "Names who takes over and says the writer stays involved.",
        fires=(
            "I've passed this to Priya in our repairs team, who will call you tomorrow, "
            "and I'll check in on Thursday to make sure it's booked.",
            "I'm bringing in Sanjay from our network team. I'll stay in the chat while he "
            "does, and I'll message you tomorrow.",
        ),
        passes=(
            "Your feedback has been passed to the relevant department.",
            "I've passed this to Priya in our repairs team, who will call you tomorrow.",
        ),
    )

    def check(self, doc: Any, ctx: Context) -> Iterator[Match]:
        text = ctx.text
        if not _stays_involved(text):
            return
        for s, _e, sent in ctx.iter_sentences():
            if _is_real_question(sent) or _HANDOFF_VETO.search(sent):
                continue
            m = _HANDOFF.search(sent)
            if m and not re.search(r"\b(?:you|please)\s+(?:\w+\s+){0,3}$", sent[: m.start()], _F):
                yield _span(ctx.text, s + m.start(), s + m.end())


class ColdHandoff(CodeRule):
    """Sends the customer elsewhere without ownership: "you'll have to contact the courier",
    "please call the billing department", "that's another team, reach them at…". Not when the
    writer stays involved (follows up)."""

    rule = _rule(
        "EL908",
        "sends-elsewhere",
        "cold-handoff",
        "Sends the customer elsewhere with nobody on our side staying involved.",
        fires=(
            "Sorry to hear that. You'll have to contact the courier about it.",
            "Billing queries are handled by another team. Please call 0345 000 1234.",
            "That's a matter for your bank, so please contact them.",
        ),
        passes=(
            "Please reply to this email if it happens again.",
            "You'll need to contact the courier, and I'll call them too and update you tomorrow.",
        ),
    )

    def check(self, doc: Any, ctx: Context) -> Iterator[Match]:
        text = ctx.text
        if _stays_involved(text):
            return
        for s, _e, sent in ctx.iter_sentences():
            if _is_real_question(sent):
                continue
            for m in _COLD.finditer(sent):
                if m.lastgroup in ("directive", "imperative", "recommend") and _COLD_TO_US.match(
                    sent[m.end() :]
                ):
                    continue
                if (
                    re.search(r"\b(?:if|whether|unless|once)\b[^,.]*$", sent[: m.start()], _F)
                    and m.lastgroup != "routing"
                    and not re.search(r"\b(?:have|need)\s+to\b|\bmust\b", m.group(0), _F)
                    and not re.match(
                        r"\s+(?:the\s+)?(?:\w+\s+)?(?:ombudsman|regulator|trading standards|"
                        r"citizens advice|small claims|financial conduct|ofcom|ofgem|ofwat)",
                        sent[m.end() :],
                        _F,
                    )
                ):
                    continue
                yield _span(ctx.text, s + m.start(), s + m.end())
                break


_FU_CHECK = re.compile(
    r"\b(?:I|we)(?:" + A + r"ll| will| shall|" + A + r"m going to| am going to)\s+(?:(?:also|then|"
    r"personally|myself|just|make sure to|be sure to)\s+){0,2}(?:check|look|re-?check|"
    r"double-check|pop back|look in|keep checking)\b(?:\s+(?!(?:into|for|if|whether|what|why|"
    r"how|now|right|straight|this|that|it)\b)[\w'’]+){0,5}?"
    r"(?=\s+(?:again|tomorrow|tonight|on (?:mon|tue|wed|thu|fri|sat|sun)\w*|next|later|"
    r"afterwards|this (?:evening|afternoon|morning|week)|in (?:a|an|the|\d+|two|three|a few)|"
    r"first thing|daily|by (?:the end|(?:mon|tue|wed|thu|fri|sat|sun)\w*|tomorrow|\d+)|"
    r"before|at \d+|once|when|after)\b|\s+(?:on\s+\S+\s+)?that\s+(?:it|the|your|everything|"
    r"this|they|he|she|we|you)\b)",
    _F,
)


class FollowUpCheck(CodeRule):
    """The writer will check again later: "I'll look at your account again on Monday", "I'll
    check on Friday that the refund has landed" (the span stops before the time, which is
    evidence of time-commitment)."""

    rule = _rule(
        "EL909",
        "will-check-again",
        "follow-up",
        "The writer will check on it again later.",
        fires=(
            "I'll check on Friday that the refund has landed.",
            "I'll look at your account again tomorrow morning.",
            "I'll check the tracking on Thursday morning.",
        ),
        passes=("I'll check that for you now.", "I'll look into it.", "Let me check your account."),
    )

    def check(self, doc: Any, ctx: Context) -> Iterator[Match]:
        text = ctx.text
        for m in _FU_CHECK.finditer(text):
            if _FU_CONDITIONAL.match(text[m.end() : m.end() + 60]):
                continue
            yield _span(text, m.start(), m.end())


_FREE_ON_TOP = re.compile(
    r"\b(?:free of charge|at no (?:extra |additional )?(?:charge|cost)|for free|"
    r"complimentary|with (?:our|my) compliments|on the house)\b",
    _F,
)
_ON_TOP_CUE = re.compile(
    r"\b(?:also|as well|too|on top|in addition|additionally|plus|extra|throw(?:n|ing)? in|"
    r"add(?:ed|ing)?|include(?:d)?|including)\b",
    _F,
)


class ExtraOnTop(CodeRule):
    """Something added on top of the fix and given free: "I've also sent you a set of seat
    cushions, free of charge", "we'll add a second tier at no charge". A fix done free ("we'll
    come back for it free of charge") is not extra. The span is the "free" words only."""

    rule = _rule(
        "EL910",
        "free-on-top",
        "extra",
        "Something added on top of the fix, free of charge.",
        fires=(
            "I've also sent you a set of seat cushions to go with it, free of charge.",
            "Would you like us to add a second tier at no charge?",
        ),
        passes=(
            "We'll come back for it free of charge.",
            "We'll remake them with the right prescription, free of course.",
        ),
    )

    def check(self, doc: Any, ctx: Context) -> Iterator[Match]:
        text = ctx.text
        for s, _e, sent in ctx.iter_sentences():
            for m in _FREE_ON_TOP.finditer(sent):
                if _ON_TOP_CUE.search(sent[: m.start()]) and not re.search(
                    r"\b(?:no|not|never|isn" + A + r"t|aren" + A + r"t)\s+(?:\S+\s+){0,2}$",
                    sent[: m.start()],
                    _F,
                ):
                    yield _span(text, s + m.start(), s + m.end())
                    break


ELEMENT_CODE_RULES: tuple[type[CodeRule], ...] = (
    Acknowledgement,
    WideningQuestion,
    Action,
    TimeCommitment,
    Explanation,
    OwnershipOfError,
    WarmHandoff,
    ColdHandoff,
    FollowUpCheck,
    ExtraOnTop,
)
