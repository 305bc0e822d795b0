"""DF111 read-the-rules-first: lecturing the customer about how they should have asked.

A small grammar over one sentence::

    LEAD    please / kindly / we ask that you / make sure you / be sure to / remember to
    VERB    read / review / follow / check / consult / respect / adhere to / familiarise
            yourself with / search / look at
    OBJECT  within five words: a rule book (our guidelines, the rules, the Code of Conduct,
            CONTRIBUTING, the posting etiquette, our terms)
    or      any object, with a BEFORE clause: "before ordering", "before you open an issue"

and two frames that need no lead: a prohibition ("please don't comment on closed issues", "we
ask that you do not use GitHub for support") and a closure for breaking the rules ("closed:
rules not followed", "every issue must use the template", "this report does not follow our
template").

A code rule because the object is often a Markdown link (``[CONTRIBUTING](https://…)
guidelines``), which the tokenizer reads as one word.
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

LEAD = (
    r"(?:please\s+(?:do\s+|kindly\s+|make sure to\s+|take (?:the |some )?time to\s+)?"
    r"|kindly\s+|(?:we|i)\s+(?:would\s+)?(?:kindly\s+|politely\s+|strongly\s+)?"
    r"(?:ask|request|urge|expect|encourage)\s+(?:that\s+)?(?:you\s+|everyone\s+|all users\s+)?"
    r"(?:to\s+)?(?:please\s+)?(?:genuinely\s+|carefully\s+|always\s+)?"
    r"|make sure (?:that\s+)?(?:you\s+)?(?:to\s+)?(?:always\s+)?|be sure to\s+|remember to\s+"
    r"|(?:always|first)\s+)"
)
VERB = (
    r"(?:read|re-?read|review|follow(?:\s+through\s+with)?|check|consult|respect|observe|"
    r"adhere\s+to|abide\s+by|familiari[sz]e\s+yourself\s+with|take\s+a\s+look\s+at|look\s+at|"
    r"go\s+through|search|refer\s+to|stick\s+to|comply\s+with)"
)
#: Rule books: a reply that points at one as the answer is lecturing.
RULE_BOOK = (
    r"(?:guidelines?|rules|etiquette|code\s+of\s+conduct|contributing|contribution\s+guide|"
    r"contributor(?:s|" + A + r"s)?\s+guide|checklist|house\s+rules|terms\s+(?:and|&)\s+conditions|"
    r"terms\s+of\s+(?:use|service)|t\s?&\s?cs|posting\s+policy|forum\s+policy)"
)
#: What the customer should have done something before.
BEFORE = (
    r"\bbefore\s+(?:you\s+|u\s+)?(?:\w+ing|order|open|post|file|submit|buy|book|purchase|comment|"
    r"create|ask|contact|report|raise|send|travel|reply|return|write|make|place|sign|request)\b"
)
_INSTRUCTION = LazyPattern(r"\b(?P<verb>" + VERB + r")\b(?P<obj>[^.!?]{0,60})")
#: The lead, read backwards from the verb (cheaper than scanning the draft with it).
_LEAD_END = LazyPattern(r"\b" + LEAD + r"$")
_RULE_BOOK_NEAR = LazyPattern(r"\s*(?:[\w'’&/.-]+[\s-]+){0,5}?" + RULE_BOOK + r"\b")
_BEFORE = LazyPattern(BEFORE)
_ASKED = LazyPattern(r"\b(?:ask|request|urge|expect)\b")
_KEEP_TO = LazyPattern(r"follow|respect|observe|adhere|abide|comply|stick")
_AVOID = LazyPattern(r"\bto avoid\b[^.!?]{0,60}$")
#: A rule book is a lecture when it comes as a correction - "before", "next time", "again" in the
#: same sentence - or with the customer's post closed, removed or refused nearby. "Please read
#: our contributing guide to set up the project" on its own is an instruction.
_CORRECTION = LazyPattern(
    r"\b(?:before|in (?:the )?future|next time|again|to avoid|going forward|from now on|"
    r"every time|each time|always|properly|carefully|when (?:opening|posting|filing|submitting|"
    r"creating|writing|commenting))\b"
)
_CLOSURE = LazyPattern(
    r"\b(?:clos(?:ed|ing)|delet(?:ed|ing)|remov(?:ed|ing)|lock(?:ed|ing)|reject(?:ed|ing)|"
    r"hidden|unactionable|violat\w*|not (?:be )?(?:merged|accepted|reviewed)|warning|"
    r"not follow(?:ed)?|ignored)\b"
)

#: "Please don't comment on closed issues", "we ask that you not use GitHub for support".
_PROHIBITION = LazyPattern(
    r"\b(?:please\s+|kindly\s+|(?:we|i)\s+(?:kindly\s+)?ask\s+(?:that\s+)?(?:you\s+)?(?:please\s+)?)"
    r"(?:do\s+not|don" + A + r"?t|not|refrain\s+from|avoid|stop)\s+"
    r"(?:comment(?:ing)?\s+on|post(?:ing)?\s+(?:in|on|to|here|questions)|bump(?:ing)?|"
    r"ping(?:ing)?|open(?:ing)?\s+(?:new\s+|duplicate\s+|more\s+)?(?:issues|tickets|threads)|"
    r"cross-?post(?:ing)?|spam(?:ming)?|interact(?:ing)?\s+with|tag(?:ging)?\s+(?:maintainers|"
    r"staff|us)|"
    r"us(?:e|ing)\s+(?:github|gitlab|the\s+(?:issue\s+)?tracker|issues|this\s+(?:tracker|repo|"
    r"repository|channel|forum|thread|page|account)|twitter|social\s+media)\s+(?:for|to|as))"
)
#: Closed, removed or refused for not following the rules.
_RULES_BROKEN = LazyPattern(
    r"\b(?:guidelines|rules|template|etiquette|instructions)\s+(?:were\s+|was\s+)?not\s+followed\b"
    r"|\b(?:does|do|did)\s*(?:not|n" + A + r"t)\s+follow\s+(?:our|the)\s+(?:\w+\s+){0,2}?"
    r"(?:template|guidelines|rules|format|etiquette)\b"
    r"|\b(?:all|every|any)\s+(?:tickets|issues|posts|submissions|pull\s+requests|prs|requests|"
    r"questions|reports|comments)\s+(?:should|must|need\s+to|are\s+required\s+to|have\s+to)\s+"
    r"(?:follow|respect|adhere)\b"
)
_LINK_TARGET = re.compile(r"\]\([^)\s]*\)|https?://\S+|[\[\]*`_]")
#: An optional pointer the writer offers, or a question: not a lecture.
_OFFER = LazyPattern(
    r"\b(?:if you(?:" + A + r"d| would) like|if you want|if you(?:" + A + r"re| are) "
    r"(?:interested|curious)|feel free to)\b[^.!?]{0,40}$"
)


def _blank_links(text: str) -> str:
    if not ("http" in text or any(c in text for c in "[]*`_")):
        return text
    return _LINK_TARGET.sub(lambda m: " " * len(m.group()), text)


# Speed: each frame needs words most drafts lack. The Doc's token forms (shared with the other
# code rules) decide which of the three scans can find anything before any regex runs.
_BOOK_OR_BEFORE = (
    "guideline guidelines rules etiquette conduct contributing contribution contributor "
    "contributors checklist terms t&cs policy policies before avoid"
).split()
_ASK = "ask asking request urge expect".split()
_KEEP = "follow following respect observe adhere abide comply stick".split()
_DONT = "not n't n’t dont refrain avoid stop".split()
_DONT_WHAT = (
    "comment commenting post posting bump bumping ping pinging open opening spam spamming "
    "interact interacting tag tagging cross cross-post cross-posting use using"
).split()
_BROKEN = "followed follow".split()
_PLEASE = "please kindly ask".split()
#: Every frame has one of these (the instruction's verb, the prohibition's "do not"/"stop", the
#: closure's "follow").
_VERBS = (
    "read re-read reread review follow followed following check consult respect observe adhere "
    "abide familiarise familiarize take look go search refer stick comply not n't n’t dont "
    "refrain avoid stop"
).split()
_ALL = frozenset(_BOOK_OR_BEFORE + _ASK + _KEEP + _DONT + _DONT_WHAT + _BROKEN)


class ReadTheRulesFirst(CodeRule):
    """Reports an instruction to read or follow the rules, or to check something before acting,
    given to a customer as the reply."""

    rule = Rule(
        code="DF111",
        name="read-the-rules-first",
        category="defensive",
        severity=Severity.WARNING,
        message="Lecturing: '{match}'",
        summary='"Please read our guidelines before opening an issue", "make sure you check the '
        'size chart before ordering", "please don\'t comment on closed issues": telling the '
        "customer how they should have behaved.",
        why="A customer who asked for help and gets homework - read the rules, check before you "
        "order, don't post here - hears that the problem is their conduct. It may be true; "
        "leading with it ends the goodwill that would have made them follow the rules.",
        suggestion="Help with what they asked first; if a rule matters, give the one line that "
        "matters and why: \"I've swapped the size for you. For next time, the chart on the "
        'product page runs small, so going one size up usually fits."',
        examples=Examples(
            fires=(
                "Please read our community guidelines before posting again.",
                "Make sure you check the measurements before ordering.",
                "We ask that you follow the contributor guide for every pull request.",
                "Please don't comment on resolved tickets.",
                "This report does not follow our template, so it has been closed.",
                "To avoid this in future, please review the [house rules](https://example.org/r).",
            ),
            passes=(
                "Please read the guide I've linked; it shows where the reset button is.",
                "I've checked the size chart and the medium should fit you.",
                "If you'd like to help out, feel free to read our contributing guide.",
                "Please follow the tracking link to see where your parcel is.",
                "Did you read the guidelines?",
                "We follow strict hygiene rules in every kitchen.",
            ),
        ),
        guards=("internal-note", "reported-speech"),
        source="apologylint.checks.lecture",
        pack="builtin",
    )

    def check(self, doc: Any, ctx: Context) -> Iterator[Match]:
        text = ctx.text
        low = lowered(text)
        scans = [_INSTRUCTION, _PROHIBITION, _RULES_BROKEN]
        if token_prefilter(doc, text):
            _forms, present = lower_tokens(doc, ctx)
            if present.isdisjoint(word_hashes(doc, _ALL)) or present.isdisjoint(
                word_hashes(doc, _VERBS)
            ):
                return

            def has(words: list[str]) -> bool:
                return not present.isdisjoint(word_hashes(doc, words))

            scans = []
            if has(_BOOK_OR_BEFORE) or (has(_ASK) and has(_KEEP)):
                scans.append(_INSTRUCTION)
            if has(_DONT) and has(_DONT_WHAT) and has(_PLEASE):
                scans.append(_PROHIBITION)
            if has(_BROKEN):
                scans.append(_RULES_BROKEN)
        clean = _blank_links(low)
        found: list[tuple[int, int]] = []
        for v in _INSTRUCTION.finditer(clean) if _INSTRUCTION in scans else ():
            s_start, s_end = ctx.sentence_at(v.start())
            lead = _LEAD_END.search(clean, max(s_start, v.start() - 90), v.start())
            if lead is None:
                continue
            start = lead.start()
            if clean[s_start:s_end].rstrip().endswith("?"):
                continue
            if _OFFER.search(clean, max(s_start, start - 60), start):
                continue
            if _ASKED.search(clean, start, v.start()) and _KEEP_TO.match(v.group("verb")):
                # "we kindly ask that you follow through with each point": the request itself
                found.append((start, v.end("verb")))
                continue
            obj_start = v.start("obj")
            book = _RULE_BOOK_NEAR.match(clean, obj_start)
            if book is not None and (
                _CORRECTION.search(clean, s_start, s_end)
                or _CLOSURE.search(clean, max(0, s_start - 600), min(len(clean), s_end + 300))
            ):
                found.append((start, book.end()))
                continue
            sentence_rest = clean[obj_start : min(s_end, obj_start + 100)]
            before = _BEFORE.search(sentence_rest)
            if before is not None:
                found.append((start, obj_start + before.end()))
                continue
            if _AVOID.search(clean, max(s_start, start - 80), start):
                found.append((start, v.end("verb")))
        for rx in scans:
            if rx is _INSTRUCTION:
                continue
            for m in rx.finditer(clean):
                s_start, s_end = ctx.sentence_at(m.start())
                if clean[s_start:s_end].rstrip().endswith("?"):
                    continue
                found.append(m.span())
        last = -1
        for start, end in sorted(found):
            if start < last:
                continue
            last = end
            yield Match(start, end)
