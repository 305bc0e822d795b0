"""Word lists shared by the code rules (kept as regexes over the view text: cheap and exact)."""

from __future__ import annotations

import re

from ..guards import FIX

A = r"['’]"

#: An apology word. "sorry to hear/see/learn/read" is commiseration and is excluded by callers
#: that look for an apology for what happened.
APOLOGY = re.compile(
    r"\b(?:sorry|apolog(?:y|ies|ise|ize|ised|ized|ising|izing)|regret(?:s|ted)?)\b",
    re.IGNORECASE,
)
COMMISERATION = re.compile(r"\s+(?:\w+\s+)?(?:to (?:hear|see|learn|read)|about that\b)",
                           re.IGNORECASE)
NEGATED_APOLOGY = re.compile(
    r"(?:\bno need to|\bdon" + A + r"t|\bdo not|\bnot|\bno|\bnever|\bnothing to)\s+(?:\w+\s+)?$",
    re.IGNORECASE,
)
CONDITIONAL = re.compile(r"^\s+(?:\w+\s+)?if\b", re.IGNORECASE)

#: "but" and friends, introducing what comes after an apology.
CONTRAST = re.compile(
    r"(?:^|[\s,;:(—–-])(but|however|though|although|that said|having said that|"
    r"unfortunately|regrettably|nevertheless)\b[,:]?",
    re.IGNORECASE,
)

#: What a "but"/"however" clause may introduce without taking the apology back.
GOOD_TURN = re.compile(
    r"^\s*(?:the\s+)?(?:good news|happy to|glad to|pleased to|thankfully|luckily|fortunately)"
    r"|^\s*(?:could|can|would|will|may)\s+(?:you|i|we)\b"
    r"|^\s*(?:please|if you|in the meantime|once|as soon as|to make (?:it|this|up))\b"
    r"|^\s*(?:your|the)\s+(?:refund|replacement|order|package|parcel|credit|account|booking|"
    r"ticket|issue|problem)\b[^.!?]{0,40}\b(?:is|has been|was|will be)\s+(?:now\s+)?"
    r"(?:on (?:its|the) way|processed|sent|fixed|resolved|restored|back|back up|live|"
    r"credited|refunded|rebooked|confirmed|ready|working|sorted)",
    re.IGNORECASE,
)

#: Causes and justifications that shift the blame or defend the business.
EXCUSE = re.compile(
    r"\b(?:policy|policies|procedure|protocol|regulations?|rules? (?:are|is)|terms and conditions|"
    r"terms of service|our terms|guidelines|company rules|standard practice)\b"
    r"|\b(?:busy|swamped|short[- ]staffed|understaffed|overwhelmed|high volume|huge volume|"
    r"influx|backlog|peak season|holiday season|other (?:jobs|tickets|customers|priorities|"
    r"orders|requests)|took priority|had priority|out of our control|beyond our control|"
    r"out of our hands|can happen|happens (?:sometimes|from time to time|occasionally)|"
    r"these things happen|not (?:our|my) fault|isn" + A + r"t (?:our|my) fault)\b"
    r"|\b(?:the|our|your)\s+(?:courier|carrier|delivery (?:company|partner|driver|service)|"
    r"driver|post office|postal service|warehouse|supplier|vendor|manufacturer|partner|bank|"
    r"airline|system|systems|server|servers|website|site|app|payment (?:processor|provider)|"
    r"third[- ]party \w+|weather|staff|team|agent|technician|engineer|store|restaurant|kitchen|"
    r"hotel|courier company|shipping company|logistics \w+|provider|network|software)\b"
    r"[^.!?]{0,60}?\b(?:lost|failed|forgot|mixed|messed|was down|were down|went down|crashed|"
    r"delayed|didn" + A + r"t|did not|never|missed|broke|glitch\w*|misplaced|damaged|"
    r"overbooked|was (?:late|slow|closed|busy|offline|unavailable|updating)|"
    r"were (?:late|slow|closed|busy|offline|unavailable)|had (?:an? )?(?:issue|problem|outage|"
    r"error|glitch)|caused)\b"
    r"|\b(?:we|I)\s+(?:were|was|had been|have been)\s+(?:very\s+|really\s+|extremely\s+|so\s+)?"
    r"(?:busy|swamped|short[- ]staffed|understaffed|overwhelmed|dealing with)"
    r"|\b(?:we|I)\s+(?:had|have)\s+(?:other|more important|a lot of|lots of|many)\s+"
    r"(?:jobs|tickets|customers|priorities|orders|requests|things|work)",
    re.IGNORECASE,
)

__all__ = ["APOLOGY", "COMMISERATION", "CONDITIONAL", "CONTRAST", "EXCUSE", "FIX", "GOOD_TURN",
           "NEGATED_APOLOGY"]
