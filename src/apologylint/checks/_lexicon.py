"""Word lists shared by the code rules (kept as regexes over the view text: cheap and exact)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ..guards import FIX
from ..lazyre import LazyPattern, Regex

A = r"['’]"
#: An apostrophe that informal writers leave out ("dont", "cant", "isnt"): used only where the
#: word without it is not another word ("were" for "we're", "its" for "it's" need care).
AO = r"['’]?"

#: An apology word. "sorry to hear/see/learn/read" is commiseration and is excluded by callers
#: that look for an apology for what happened.
APOLOGY = LazyPattern(
    r"\b(?:sorry|sry|soz|apols|apolog(?:y|ies|ise|ize|ised|ized|ising|izing)|regret(?:s|ted)?)\b",
    re.IGNORECASE,
)
_APOLOGY_LC = LazyPattern(APOLOGY.pattern)


def apology_words(ctx: Any) -> list[tuple[int, int]]:
    """Spans of apology words in the Doc, not negated ("no need to apologise") and not inside
    quotation marks; computed once per Doc and shared by the rules that count or read them."""
    cached: list[tuple[int, int]] | None = ctx.memo.get("apology_words")
    if cached is None:
        text = ctx.text
        lowered = text.lower()
        # Lower-cased text with a case-sensitive regex is several times faster than IGNORECASE;
        # lower() keeps offsets unless a character changes length ("İ"), then fall back.
        found = (
            _APOLOGY_LC.finditer(lowered) if len(lowered) == len(text) else APOLOGY.finditer(text)
        )
        cached = []
        for m in found:
            s, e = m.span()
            if NEGATED_APOLOGY.search(text, max(0, s - 30), s) or ctx.in_quotes(s, e):
                continue
            cached.append((s, e))
        ctx.memo["apology_words"] = cached
    return cached


COMMISERATION = LazyPattern(r"\s+(?:\w+\s+)?(?:to (?:hear|see|learn|read)\b)", re.IGNORECASE)
#: "feel sorry for you": pity (the sympathy category), not an apology.
PITY = LazyPattern(
    r"\b(?:feel|feels|felt|feeling)\s+(?:\w+\s+)?$|^\s+for (?:you|him|her|them)\b", re.IGNORECASE
)
NEGATED_APOLOGY = LazyPattern(
    r"(?:\bno need to|\bdon" + AO + r"t|\bdo not|\bnot|\bno|\bnever|\bnothing to)\s+(?:\w+\s+)?$",
    re.IGNORECASE,
)
CONDITIONAL = LazyPattern(r"^\s+(?:\w+\s+)?if\b", re.IGNORECASE)

#: "but" and friends, introducing what comes after an apology.
CONTRAST = LazyPattern(
    r"(?:^|[\s,;:(—–-])(but|however|though|although|that said|having said that|"
    r"unfortunately|regrettably|sadly|nevertheless|nonetheless|please (?:note|be aware|be advised|"
    r"understand)|bear in mind|keep in mind)\b[,:]?",
    re.IGNORECASE,
)
#: Contrast words that often just bring bad news ("sorry, unfortunately it's out of stock"):
#: they take the apology back only when what follows is an excuse or a hard refusal.
SOFT_CONTRAST = frozenset(
    {
        "unfortunately",
        "regrettably",
        "sadly",
        "please note",
        "please be aware",
        "please be advised",
        "please understand",
        "bear in mind",
        "keep in mind",
    }
)
#: "While we apologise for …, …": the apology conceded, the main clause takes it back.
CONCESSIVE = LazyPattern(
    r"\b(?:while|whilst|although|though|much as|even if)\s+(?:[\w'’]+\s+){0,4}$", re.IGNORECASE
)
#: A refusal or a limit of the business, strong enough after a soft contrast.
REFUSAL = LazyPattern(
    r"\b(?:can" + AO + r"t|cannot|can not|unable to|not able to)\s+(?!find|see|locate|seem|access|"
    r"tell|open|read|hear|reach|wait)|\bnot possible\b|\bno longer (?:possible|available|able)\b|"
    r"\bnon[- ]refundable\b|\bnot (?:refundable|eligible|covered|permitted|allowed)\b"
    # "unfortunately we don't offer refunds on sale items"
    r"|\b(?:we|I)\s+(?:don" + AO + r"t|do not|won" + AO + r"t|will not)\s+(?:currently\s+)?"
    r"(?:offer|provide|support|ship|deliver|accept|allow|permit|carry|stock|sell|refund|"
    r"exchange|cover|price match|issue|give)\b",
    re.IGNORECASE,
)

#: What a "but"/"however" clause may introduce without taking the apology back.
GOOD_TURN = LazyPattern(
    r"^\s*(?:the\s+)?(?:good news|great news|happy to|glad to|pleased to|thankfully|luckily|"
    r"fortunately|on the bright side|on the plus side)"
    r"|^\s*(?:I|we)(?:" + A + r"m| am|" + A + r"re| are)\s+(?:so\s+|very\s+|really\s+)?"
    r"(?:happy|glad|pleased|delighted|able)\b"
    r"|^\s*(?:you(?:" + A + r"ll| will)\s+(?:receive|get|see|have|be (?:refunded|credited|able))"
    r"|you can|you now|here"
    + A
    + r"s|here is|there"
    + A
    + r"s no (?:charge|cost|fee)|it(?:"
    + A
    + r"s| is| has)\s+(?:now\s+|all\s+)?"
    r"(?:fixed|sorted|resolved|on its way|back|working|been (?:fixed|sorted|resolved)))\b"
    r"|^\s*(?:could|can|would|will|may)\s+(?:you|i|we)\b"
    r"|^\s*(?:please(?!\s+(?:understand|note|be aware|be advised|bear|keep in mind|accept))|if you|"
    r"in the meantime|once|as soon as|to make (?:it|this|up))\b"
    r"|^\s*(?:your|the)\s+(?:refund|replacement|order|package|parcel|credit|item|delivery|"
    r"engineer|technician|money)\b[^.!?]{0,40}\b(?:will|should)\s+(?:now\s+|still\s+)?"
    r"(?:arrive|reach you|be (?:with you|delivered|ready|back|fixed|refunded|credited))\b"
    r"|^\s*(?:your|the)\s+(?:refund|replacement|order|package|parcel|credit|account|booking|"
    r"ticket|issue|problem|item|card|line|service|room|table|seat)\b[^.!?]{0,40}"
    r"\b(?:is|has been|was|will be|has|have)\s+(?:now\s+)?"
    r"(?:on (?:its|the) way|processed|sent|fixed|resolved|restored|back|back up|live|"
    r"credited|refunded|rebooked|confirmed|ready|working|sorted|shipped|arrived|"
    r"dispatched|delivered|unblocked|upgraded|approved|available|active|reactivated)",
    re.IGNORECASE,
)

#: Someone else the failure can be pinned on (a partner, a system, the weather, "the team").
THIRD_PARTY = (
    r"(?:courier(?: company)?|carrier|delivery (?:company|partner|driver|service|firm|person|guy)|"
    r"drivers?|riders?|postman|postwoman|postie|mail ?(?:man|carrier)|"
    r"post office|postal service|royal mail|usps|ups|fedex|dhl|evri|hermes|dpd|parcelforce|"
    r"warehouse|depot|hub|sorting office|supplier|suppliers|vendor|manufacturer|factory|maker|"
    r"partners?|bank|airline|airport|system|systems|server|servers|website|site|app|platform|"
    r"payment (?:processor|provider|gateway)|third[- ]party(?: \w+)?|weather|traffic|staff|team|"
    r"agents?|colleagues?|technicians?|engineers?|store|branch|restaurant|kitchen|hotel|provider|"
    r"network|software|customs|hmrc|border|air traffic control|resellers?|booking (?:site|agent|"
    r"platform)|travel agent|contractors?|subcontractors?|builders?|landlord|council|insurer|"
    r"operator|shipping (?:company|partner)|logistics (?:company|partner|provider)|"
    r"fulfil(?:l)?ment (?:centre|center|partner)|department|office|head office|developers?|"
    r"update|upgrade|migration|outage|glitch|bug|job|appointment|visit|printers?|"
    r"upstream(?: \w+)?|hosting (?:service|provider|company)|host|card machine|machines?|"
    r"instructors?|teachers?|tutors?|chefs?|cooks?|artists?|performers?|venue|organi[sz]ers?|"
    r"volunteers?|graphics driver|browser|operating system)"
)
_DET = r"(?:the|our|your|their|a|its|his|her)\s+(?:[\w'’&-]+\s+){0,2}?"
#: Partners named without "the" ("Royal Mail are having issues", "DPD didn't turn up").
CARRIER_NAME = (
    r"(?:royal mail|usps|ups|fedex|dhl|evri|hermes|dpd|parcelforce|yodel|canada post|"
    r"australia post|an post|amazon logistics|hmrc|customs)"
)

#: Excuses for the business itself — policy, rules, being busy, other priorities, bad luck.
#: An excuse of this kind is not redeemed by a fix that follows: the apology is still taken back.
#: Justifications: the business defending its effort or its intent instead of apologising ("we
#: try to upgrade as many members as we can", "we don't intend to mislead anyone").
JUSTIFICATION = (
    r"\b(?:we|I)(?:\s+(?:always|really|genuinely|do|constantly|usually|normally|certainly))?\s+"
    r"(?:try|strive|aim|endeavou?r|work (?:hard|very hard)|do (?:our|my) (?:best|utmost)|"
    r"make every effort)\b(?! again\b)"
    r"|\b(?:we|I)\s+(?:do not|don" + AO + r"t|did not|didn" + AO + r"t|never|would never|"
    r"wouldn" + AO + r"t|certainly do not|certainly don" + AO + r"t)\s+(?:intend|intended|"
    r"intentionally|deliberately|purposely|purposefully|mean|meant)\s+(?:to\s+)?"
    r"(?!(?:to\s+)?(?:cause|bother|trouble|inconvenience|make you|keep you|leave you)\b)"
    r"|\b(?:not|never) (?:our|my|the) intention\b"
    r"|\b(?:it|this|that) was (?:only |just |simply |all )?(?:meant|intended) (?:as|to be)\b"
    r"|\b(?:is|are|gets?) always (?:\w+ )?(?:limited|busy|popular|high|in demand|hectic|full|"
    r"short|tight)\b|\bthere(?:" + AO + r"s| is| are) always\b"
    r"|\b(?:every|all|most|any|the whole) (?:\w+ ){0,6}?(?:has|have|does|do|gets|get|faces?|"
    r"sees?|(?:is|are) \w+ (?:to|with|in|by|from|at)) "
    r"(?:the same|similar)\b"
    r"|\blike every (?:other )?\w+|\bon every \w+|\bacross the industry\b"
    r"|\b(?:asked|applied|charged|required|sent|given|done) (?:of|to|for|from) (?:all|every|each) "
    r"(?:our )?(?:customers?|members?|guests?|passengers?|users?)\b"
)
#: A rule set by someone else, or a deadline the customer missed, offered as the reason ("the
#: store charges for these", "damage must be reported within 24 hours").
RULE_FRAME = (
    r"\b(?:the|some|certain|individual|local|participating|each|many|most|our|that|this|your)\s+"
    r"(?:[\w'’-]+\s+)?(?:stores?|locations?|restaurants?|branch(?:es)?|franchises?|franchisees?|"
    r"outlets?|retailers?|sellers?|merchants?|shops?|hotels?|venues?|partners?|banks?|airlines?|"
    r"carriers?|airports?|couriers?)\s+(?:may\s+|might\s+|can\s+|do\s+|does\s+|will\s+)?"
    r"(?:charge|charges|set|sets|decide|decides|choose|chooses|require|requires|"
    r"have their own|has its own|determine|determines|make their own|makes its own|"
    r"(?:has|have) (?:a|their|its) (?:own )?(?:policy|rules|fee|charge))\b"
    r"|\b(?:" + CARRIER_NAME + r"|the (?:courier|carrier|bank|airline|manufacturer|supplier|"
    r"insurer|landlord|council)s?)\s+(?:do|does|will|would|can)\s*(?:not|n" + A + r"t)\s+"
    r"(?:class|consider|treat|accept|allow|let|permit|refund|release|investigate|cover)\b"
    # "the price is set by the manufacturer", "refunds are handled by the bank"
     + r"|\b(?:is|are|was|were|gets|get)\s+(?:\w+\s+)?(?:set|decided|determined|controlled|"
    r"handled|managed|issued|operated|run|processed|priced|made|sold|shipped|fulfill?ed|"
    r"supplied|provided|dispatched|owned|licensed|restricted)\s+by\s+"
    r"(?:" + _DET + r"|(?:each|every|individual|local|some|certain)\s+(?:[\w'’&-]+\s+)?)?"
    r"(?:" + THIRD_PARTY + r"|demand|the market|locations?|franchis\w*|stores?|outlets?|"
    r"sellers?|retailers?|"
    r"rights? ?holders?|licensors?|studios?|publishers?|networks?|broadcasters?|leagues?)s?\b"
    # "the system automatically cancels unpaid orders"
    r"|\b(?:the|our)\s+(?:system|app|website|site|platform|software|portal)\s+(?:will\s+)?"
    r"(?:automatically|auto-?)\s*\w+"
    # "we only do refunds within 14 days", "we can only ship to …"
    r"|\b(?:we|I)\s+(?:can\s+|are\s+)?only\s+(?:able to\s+)?(?:do|offer|accept|work|deliver|"
    r"ship|refund|open|operate|allow|process|provide|respond|reply|cover|honou?r|issue|exchange)\b"
    # "we can't control the weather", "we have no control over"
    r"|\b(?:we|I)\s+(?:can" + AO + r"t|cannot|can not|don" + AO + r"t|do not|have no)\s+"
    r"control\b"
    # "flights are subject to change", "sale items are non-refundable"
    r"|\b(?:is|are|was|were)\s+(?:all\s+|always\s+)?(?:subject to (?:change|availability|"
    r"approval|conditions|terms)|non[- ]refundable|final sale)\b"
    r"|,\s*subject to (?:availability|change|approval)\b"
    r"|\b(?:must|has to|have to|needs to|need to)\s+be\s+(?:[\w-]+\s+){0,2}?"
    r"(?:\w+(?:ed|en|wn)|made|done|paid|sent|kept|held|brought|bought|sold|met)\b"
    r"[^.!?]{0,60}?\b(?:within|before|prior to|no later than|in person)\b"
)

SELF_EXCUSE = LazyPattern(
    JUSTIFICATION
    + r"|"
    + RULE_FRAME
    # "your policy", "a term policy": the customer's insurance policy, not a rule
    + r"|\b(?<!your )(?<!\bur )(?<!insurance )(?<!life )(?<!home )(?<!car )(?<!travel )"
    r"(?<!pet )(?<!term )"
    r"(?:policy|policies|procedure|protocol|regulations?|rules? (?:are|is)|terms and conditions|"
    r"terms of (?:service|sale|your \w+)|our terms|the terms|guidelines|company rules|"
    r"standard practice|standard procedure)\b"
    r"|\b(?:busy|swamped|short[- ]staffed|understaffed|overwhelmed|high volumes?|huge volumes?|"
    r"(?:unusually |very |extremely )?(?:high|large|heavy) (?:volume|number|load)s?|"
    r"(?:higher|larger|greater|heavier) than (?:normal|usual|expected|average) (?:\w+ )?"
    r"(?:volumes?|demand|numbers|traffic)|"
    r"(?:high|heavy|increased|unusual|record) (?:call|contact|chat|email|ticket|message|order) "
    r"volumes?|"
    r"heavy (?:load|workload|caseload)|(?:unprecedented|high|increased|huge|heavy) demand|"
    r"influx|backlog|peak (?:season|time|period)s?|busy (?:season|period|time)s?|"
    r"holiday season|staff shortages?|"
    r"shortages? of \w+|short of (?:drivers|staff|stock|people|engineers)|"
    r"(?:the whole|the entire) (?:industry|sector|country|trade)|industry[- ]wide|"
    r"other (?:jobs|tickets|cases|customers|priorities|orders|requests|calls|emails|queries)|"
    r"took priority|take priority|takes priority|had priority|came first|come first|"
    r"ahead of (?:yours|you)|before yours|out of (?:our|my) control|beyond (?:our|my) control|"
    r"outside (?:of )?(?:our|my) control|out of (?:our|my) hands|"
    r"(?:I|we) (?:don" + AO + r"t|do not) make the rules|can happen|could happen|do happen|"
    r"(?:can|may|do|will|might) (?:sometimes |occasionally |unfortunately )?(?:occur|arise)|"
    r"happens? (?:sometimes|from time to time|occasionally|at every|with every|to everyone)|"
    r"these things happen|(?:is|are) to be expected|not (?:our|my) fault|fully booked|"
    r"(?:\d+|two|three|four|a few|several|some) (?:staff|members of staff|drivers|"
    r"engineers|chefs|team members|colleagues) (?:down|short|off)|"
    r"(?:we|I) (?:get|receive|have|see|handle) (?:a lot of|lots of|so many|loads of|hundreds of|"
    r"thousands of|dozens of|a huge number of|a large number of) \w+|"
    r"(?:hundreds|thousands|dozens) of (?:open |other |pending |outstanding )?\w+|"
    r"(?:depend|depends|rely|relies) on (?:volunteers|donations|the community|contributors)|"
    r"that" + AO + r"s the (?:rule|policy|procedure|norm|standard)|"
    r"(?:this|it) is the (?:rule|policy|procedure|norm|standard)|"
    r"not (?:by )?(?:ours|the team here|this team)\b|"
    r"not (?:in|with|on|from|at) (?:this|our|my) (?:project|app|code|side|end|software|"
    r"library|team|store|shop)|"
    r"(?:is|are|was|were) the (?:\w+" + A + r"s?) (?:job|responsibility|decision|remit)|"
    r"unforeseen circumstances|circumstances beyond|(?:bank|public) holiday|"
    r"nothing (?:we|I) (?:could|can|would) (?:have )?(?:done|do)|"
    r"not (?:responsible|liable|accountable) for|cannot be held (?:responsible|liable|accountable)|"
    r"(?:accept|take|bear) no (?:responsibility|liability)|"
    r"isn" + AO + r"t (?:our|my) fault|wasn" + AO + r"t (?:our|my) fault)\b"
    r"|\b(?:I|we)(?:\s+(?:was|were|had been|have been)|" + A + r"d been|" + AO + r"ve been)\s+"
    r"(?:on (?:annual |parental |sick )?leave|on holiday|on vacation|off sick|off work|away|"
    r"out of (?:the )?office|off)\b"
    r"|\b(?:it|things)(?:" + AO + r"s| has| have)\s+been\s+(?:a\s+)?(?:very\s+|really\s+|so\s+)?"
    r"(?:hectic|busy|crazy|mad|manic|chaotic|frantic|non-stop)\b"
    r"|\b(?:we|I)(?:\s+(?:were|was|had been|have been|are|am)|"
    + AO
    + r"ve been|"
    + A
    + r"re|"
    + AO
    + r"m)\s+(?:currently\s+)?(?:very\s+|really\s+|extremely\s+|so\s+|incredibly\s+)?"
    r"(?:busy|swamped|short[- ]staffed|understaffed|overwhelmed|snowed under|"
    r"dealing with (?:an? (?:very )?(?:high|large|huge|big)|lots of|a lot of|so many|many|"
    r"other|the backlog|a backlog|unusually|more)|"
    r"inundated|only a small team|a small team|only human)"
    r"|\b(?:we|I)(?:\s+(?:had|have|have had)|" + AO + r"ve had)\s+(?:(?:a lot of|lots of|so many|"
    r"too many|many|several|a number of|a few|other|more|more important|higher[- ]priority|"
    r"urgent|older|a (?:very )?high volume of|a backlog of)\s+){1,3}"
    r"(?:jobs|tickets|cases|customers|priorities|orders|requests|things|work|calls|emails|"
    r"queries|enquiries|inquiries|messages|complaints|appointments|bookings)",
    re.IGNORECASE,
)

#: What a partner did wrong, within 60 characters of its name ("the courier ... lost it").
#: (The one-word gaps below, here and in CAUSE_FRAME and BLAME_CAUSE, take a hyphenated word
#: whole: "a last-minute mix-up" is the same cause as "a mix-up".)
_BLAME_DEED = (
    r"[^.!?]{0,60}?\b(?:lost|failed|forgot|mixed|messed|was down|were down|went down|crashed|"
    r"delayed|didn" + AO + r"t|did not|never|missed|broke|broken|glitch\w*|misplaced|damaged|"
    r"(?:got |was |were )?(?:held up|caught (?:up )?in|stuck in)|"
    r"overbooked|wrong|incorrect(?:ly)?|mislabel\w*|let (?:us|you) down|dropped the ball|late|"
    r"behind schedule|undergoing (?:\w[\w'’-]* )?maintenance|under maintenance|"
    r"down for maintenance|"
    r"(?:was|were) (?:also |badly |hard |severely )?hit|"
    r"made (?:a|an) (?:mistake|error)|slipped up|screwed up|mis(?:read|printed|typed|spelt|"
    r"spelled|directed|routed|sent|keyed|handled)|"
    r"(?:was|were|is|are) (?:unable|not able) to|(?:could|would)(?:n" + AO + r"t| not)|"
    r"(?:was|were|is|are) being (?:upgraded|updated|maintained|serviced|repaired|migrated)|"
    r"changed (?:its|their) \w+|"
    r"(?:has been|have been|is|are|was|were) (?:having|experiencing) (?:\w[\w'’-]* )?"
    r"(?:issues|problems|"
    r"trouble|difficulties|delays|an? (?:issue|problem|outage))|"
    r"overran|ran late|ran over|running late|ran behind|running behind|took longer|got stuck|"
    r"was stuck|(?:is|was|were|has been|have been) (?:off )?sick|called in sick|"
    r"(?:was|were|is|are|has been|have been) (?:very |really |extremely |so )?"
    r"(?:late|slow|closed|busy|offline|unavailable|updating|short|overwhelmed|swamped|"
    r"understaffed|short[- ]staffed|behind|delayed|down|struggling|terrible|awful|bad|heavy)|"
    r"(?:had|has had|have had|has|have) (?:an? |some )?(?:issue|issues|problem|problems|outage|"
    r"error|errors|glitch|fault|technical \w+)|"
    r"had (?:too many|so many|a lot of|lots of|a (?:very )?heavy|a (?:very )?high|a big)|"
    r"caused)\b"
)

#: A cause given for the failure without naming anyone ("the train was held up due to a
#: signal fault", "this is because of high demand", "the reason for this is …"). Like a
#: partner's fault, it is an explanation when a fix follows and an excuse when it stands alone.
CAUSE_FRAME = (
    r"\b(?:was|were|is|are|has been|have been|had been|got|been|being)\s+(?:\w[\w'’-]*\s+)?"
    r"(?:\w+ed|\w+en|held up|pushed back|put back|set back|late|slow|unavailable|backed up)"
    r"(?:\s+(?:back|up|off|out|early|late|forward))?\s+"
    r"(?:due to|because of|owing to|as a result of)\b"
    # "a signal failure held up every train", "air traffic control restrictions caused the delay"
    r"|\b(?<!our )(?<!my )(?:failures?|faults?|outages?|strikes?|closures?|accidents?|"
    r"breakdowns?|incidents?|restrictions?|congestion|roadworks|weather|storms?|snow|fog|"
    r"flooding)\b[^.!?]{0,40}?\b(?:held up|delayed|disrupted|caused|led to|resulted in|"
    r"stopped|closed)\b"
    r"|\b(?:heavy|bad|severe|adverse|extreme)\s+(?:traffic|weather|snow|rain|fog|winds?|"
    r"congestion)\b|\b(?:snow|ice|flooding|floods) on the (?:roads?|line|tracks?|runway)\b"
    # "it's been an unusually hot week for our couriers"
    r"|\b(?:it|this|that)(?:" + AO + r"s| has| was)(?: been)? an? (?:unusually|very|really|"
    r"particularly|exceptionally|extremely) \w+ (?:week|day|month|time|period|season|night|"
    r"weekend)\b"
    r"|\b(?:this|that|it|the (?:delay|issue|problem|cancell?ation|change|disruption|outage|wait|"
    r"error|hold-?up|charge|fee|decision|restriction|limit))\s+(?:was|is|has been|were)\s+"
    r"(?:\w[\w'’-]*\s+)?(?:due to|because of|caused by|the result of|a result of|owing to)\b"
    r"|(?:^|[.!?]\s+)(?:due to|owing to|because of|as a result of)\s+(?!your\b|you\b)\w+"
    r"|\bthe reason (?:for (?:this|that|the \w+) (?:is|was)|(?:is|was) that|why)\b"
    r"|\b(?:this|that|it)(?:" + AO + r"s| is| was) (?:simply |just |only |mainly |partly |all )?"
    r"because (?!you\b)"
    r"|\b(?:may|might|could) not have been (?:available|possible)\b"
    r"|\b(?:was|were|is|are|has been|have been)\s+(?:\w[\w'’-]*\s+)?caused by\b"
    r"|\b(?:was|were|has been|have been|is|are)\s+(?:\w[\w'’-]*\s+)?"
    r"(?:affected|hit|impacted)\s+by\s+"
    r"(?!(?:our|my|us|me)\b)"
    r"|\bfor (?:\w[\w'’-]* )?(?:operational|technical|safety|security|legal|commercial|staffing|"
    r"weather|weather-related|unforeseen|unavoidable|logistical) reasons\b|\bfor reasons beyond\b"
)

#: A cause that pins the failure on someone or something else. Followed by a fix it is an
#: explanation ("the courier lost it, so I've sent a new one"); as a full stop it shifts blame.
BLAME_CAUSE = LazyPattern(
    r"\b"
    + _DET
    + THIRD_PARTY
    + r"\b"
    + _BLAME_DEED
    # a partner named without "the" ("Royal Mail are having issues"; not the "ups" in "mix-ups")
    + r"|\b"
    + CARRIER_NAME
    + r"(?<!-ups)\b"
    + _BLAME_DEED
    + r"|\b(?:caused by|due to|because of|down to|the result of|result of|(?:is|was|it"
    + A
    + r"s) coming from|came from|on the part of)\s+(?:an?|some|the)\s+(?:\w[\w'’-]*\s+)?"
    r"(?:issue|problem|"
    r"error|fault|delay|mistake|glitch|outage|hold-?up|mix-?up|failure|breakdown)s?\s+(?:with|at|on|"
    r"from|in|by|on the part of|at the end of)\s+" + _DET + THIRD_PARTY + r"\b"
    r"|\b(?:caused by|due to|because of|down to|(?:is|was|it" + A + r"s) coming from|came from|"
    r"comes from|stems from|originates (?:in|from)|on the part of|"
    r"(?:fault|problem|issue|delay|error|hold-?up|blame|responsibility)\s+(?:is|was|lies|lay|"
    r"sits|rests) (?:with|in|at|on the side of)|(?:lies|lay|rests) with)\s+"
    + _DET
    + THIRD_PARTY
    + r"\b"
    r"|\b(?:on|at) their (?:end|side)\b|\b(?:it was|it"
    + AO
    + r"s|it is|that was|that is|that"
    + AO
    + r"s) their (?:fault|mistake|error|engineers|team|staff|issue|problem|doing)\b"
    # "its the courier's fault", "the bank's error" (not "our team's mistake": that owns it)
    # (the lookahead skips the partner list unless one of the nouns follows: cheap)
    r"|\b(?:the|their|your|a)\s+(?=[^.!?]{0,60}?(?:fault|mistake|error|doing)\b)"
    r"(?:[\w'’&-]+\s+){0,2}?"
    + THIRD_PARTY
    + r"(?:"
    + A
    + r"s|s"
    + A
    + r"|s)?\s+(?:fault|mistake|error|doing)\b"
    # passive with the culprit named: "damaged in transit by the courier"
    r"|\b(?:lost|damaged|delayed|misplaced|mislaid|mishandled|misdelivered|misrouted|held up|"
    r"broken|crushed|cancell?ed|mislabell?ed)\b(?:\s+[\w'’-]+){0,4}?\s+by\s+"
    r"(?:the|their|your|a|our|one of (?:the|our))\s+(?:[\w'’&-]+\s+){0,2}?" + THIRD_PARTY + r"\b"
    r"|\b(?:due to|because of|experiencing|experienced|had|have|having|hit|ran into|run into)\s+"
    r"(?:some\s+|a few\s+|a\s+|an\s+|unexpected\s+|major\s+|ongoing\s+|temporary\s+)?"
    r"(?:technical|system|IT|network|server|connectivity|supply|stock|staffing|weather)\s+"
    r"(?:issues?|difficult(?:y|ies)|problems?|glitch(?:es)?|errors?|outages?|disruption|delays|"
    r"shortages?)\b"
    # "mistakes happen", "it happens": the failure as a fact of life. Unlike "these things
    # happen" (SELF_EXCUSE) it is redeemed when ownership or a fix follows ("mistakes happen,
    # and this one was ours").
    r"|\b(?:(?:mistakes|errors|mix-?ups|accidents|glitches|delays) (?:do |can |will |sometimes |"
    r"occasionally |just |unfortunately )?happen|it (?:just )?happens(?! to\b| that\b))\b"
    # "there was a mix-up at the warehouse", "there's been an issue with the courier"
    r"|\bthere(?:\s+(?:was|were|has been|have been|had been)|" + A + r"s been)\s+"
    r"(?:an?\s+|some\s+)?(?:\w[\w'’-]*\s+)?(?:mix-?up|error|issue|problem|glitch|mistake|fault|delay|"
    r"hold-?up|outage|failure)s?\s+(?:with|at|on|from|in|by)\s+(?:"
    + _DET
    + THIRD_PARTY
    + r"|"
    + CARRIER_NAME
    + r")\b"
    # "it was a system error", "that's just a technical glitch"
    # and "it was human error", "that was a clerical error": an error with nobody making it
    r"|\b(?:it|that|this)(?:" + AO + r"s| was| is)\s+(?:just\s+|simply\s+|only\s+)?"
    r"(?:an?\s+|some\s+)?(?:\w[\w'’-]*\s+)?"
    r"(?:(?:technical|system|systems|computer|software|server|network|website|site|app|IT|tech)"
    r"\s+(?:error|glitch|issue|problem|fault|bug|failure|outage|hiccup)s?\b"
    r"|(?:human|clerical|admin|administrative|input|typing|keying|data[- ]entry)\s+"
    r"errors?\b(?!\s+(?:on|at|from) (?:our|my)\b))"
    # "our hands are tied": a limit, but one a fix can still follow
    r"|\bhands are tied\b"
    # "the delay is on the bank's side", "the hold-up was at the courier's end"
    r"|\b(?:on|at|from)\s+(?:the|their)\s+(?=[^.!?]{0,50}?(?:end|side)\b)"
    r"(?:[\w'’&-]+\s+){0,2}?" + THIRD_PARTY + r"(?:" + A + r"s|s" + A + r"|s)?\s+(?:end|side)\b"
    # "we rely on our couriers", "we depend on the bank for this"
    r"|\b(?:we|I)\s+(?:have to\s+|must\s+)?(?:rely|depend|relied|depended|are reliant|"
    r"are dependent)\s+(?:on|upon)\s+" + _DET + THIRD_PARTY + r"s?\b"
    r"|\b(?:he|she|they)\s+(?:was|were|had been|has been|have been|is|are|got)\s+(?:\w[\w'’-]*\s+)?"
    r"(?:stuck|delayed|held up|running late|off sick|sick|ill|on holiday|on leave|"
    r"overbooked|double[- ]booked)\b" + r"|" + CAUSE_FRAME,
    re.IGNORECASE,
)

#: Either kind of excuse.
EXCUSE = LazyPattern(SELF_EXCUSE.pattern + "|" + BLAME_CAUSE.pattern, re.IGNORECASE)

#: Every EXCUSE match contains one of these words (a cheap pre-check before the big regex).
#: Keep in sync with SELF_EXCUSE and BLAME_CAUSE: a word an alternative needs must be listed.
_EXCUSE_WORDS = """
    policy policies procedure protocol regulation regulations rule rules terms guidelines practice
    busy swamped short staffed understaffed overwhelmed volume volumes number numbers load loads
    workload caseload demand influx backlog peak holiday shortage shortages other priority leave
    vacation sick away off nothing
    priorities first ahead before control hands happen happens expected fault responsible liable
    accountable responsibility liability unforeseen circumstances hectic crazy mad manic chaotic
    frantic stop team human snowed inundated dealing jobs tickets cases customers orders requests
    things work calls emails queries enquiries inquiries messages complaints appointments bookings
    courier carrier delivery driver drivers rider riders postman postwoman postie mail post postal
    royal usps ups fedex dhl evri hermes dpd
    parcelforce warehouse depot hub sorting supplier suppliers vendor manufacturer factory maker
    partner partners bank airline airport system systems server servers website site app platform
    payment third weather traffic staff agent agents colleague colleagues technician technicians
    engineer engineers store branch restaurant kitchen hotel provider network software customs
    hmrc border air resellers reseller booking travel contractor contractors subcontractor
    subcontractors builder builders landlord council insurer operator shipping logistics
    fulfilment fulfillment department office developer developers update upgrade migration outage
    glitch bug job appointment visit their he she they issue issues difficulty difficulties
    royal usps ups fedex dhl evri hermes dpd parcelforce yodel canada australia amazon hmrc
    customs hiccup hiccups failure failures bugs faults
    problem problems glitches error errors outages disruption delays mistake mistakes
    try strive aim endeavour endeavor best utmost effort intend intended intentionally
    deliberately purposely purposefully mean meant intention
    stores locations location restaurants franchise franchises franchisee franchisees
    outlets outlet retailers retailer sellers seller merchants merchant shops shop hotels venue
    venues banks airlines carriers airports couriers must within prior later person
    due owing because reason result available possible demand market holder holders
    licensor licensors studio studios publisher publishers network networks broadcaster
    broadcasters league leagues
    subject refundable final sale rely depend relied depended reliant dependent caused
    automatically auto only occur arise higher larger greater heavier operational reasons
    maintenance undergoing printer printers upstream hosting host machine machines
    instructor instructors teacher teachers tutor tutors chef chefs cook cooks artist artists
    performer performers organiser organizer organisers organizers volunteers volunteer
    browser operating strike strikes closure closures accident accidents breakdown breakdowns
    incident incidents restriction restrictions congestion roadworks storm storms snow fog
    flooding ice floods rain wind winds unusually particularly exceptionally extremely fully
    members lot lots loads hundreds thousands dozens donations community contributors norm
    standard ours remit project code library side end always every same similar industry
    customer guest guests passenger passengers user users meant intended comes stems
    originates whole entire sector trade wide affected impacted
"""
EXCUSE_WORDS = frozenset(_EXCUSE_WORDS.split())
_WORD = LazyPattern(r"[a-z0-9]+")


class Lowered:
    """A case-insensitive regex run as a case-sensitive one over lower-cased text: several times
    faster in Python's ``re`` than ``IGNORECASE`` for big word alternations. Offsets are kept
    (falls back to the original regex if lower-casing would change the text's length)."""

    __slots__ = ("ci", "lo", "pattern")

    def __init__(self, ci: Regex) -> None:
        self.ci = ci
        self.pattern = ci.pattern
        self.lo = LazyPattern(ci.pattern.lower(), ci.flags & ~re.IGNORECASE)

    def _pick(self, text: str) -> tuple[Regex, str]:
        low = text.lower()
        return (self.lo, low) if len(low) == len(text) else (self.ci, text)

    def search(self, text: str, pos: int = 0) -> re.Match[str] | None:
        rx, t = self._pick(text)
        return rx.search(t, pos)

    def match(self, text: str, pos: int = 0) -> re.Match[str] | None:
        rx, t = self._pick(text)
        return rx.match(t, pos)

    def finditer(self, text: str, pos: int = 0) -> Iterator[re.Match[str]]:
        rx, t = self._pick(text)
        return rx.finditer(t, pos)


def may_excuse(text: str) -> bool:
    """False when ``text`` cannot hold an EXCUSE match (no key word in it)."""
    return not EXCUSE_WORDS.isdisjoint(_WORD.findall(text.lower()))


#: What makes a "but" clause a justification rather than news: the business's limits, rules,
#: generalisations ("always", "every"), refusals and other people's doing.
JUSTIFY = LazyPattern(
    r"\b(?:(?:can" + AO + r"t|cannot|can not|unable to|not able to)\s+(?!find|see|locate|seem|"
    r"access|tell|open|read|hear|reach|wait)|not possible|impossible|must|have to|"
    r"has to|had to|need to|needs to|required|requires|only|always|every|everyone|everybody|"
    r"any|all|standard|"
    r"normal(?:ly)?|usual(?:ly)?|typical(?:ly)?|general(?:ly)?|expected|strict(?:ly)?|"
    r"non[- ]refundable|not refundable|not (?:available|eligible|covered|permitted|allowed|"
    r"something)|(?:don|doesn|won|isn|aren)" + AO + r"t (?:allow|let|offer|accept|permit|cover|"
    r"refund|provide|support|make|give|change|exchange|honou?r|issue|ship|deliver|guarantee|"
    r"refundable|possible|available|covered|eligible|something|our|my)|"
    r"(?:do|does|will|is|are) not (?:allow|let|offer|accept|permit|cover|refund|provide|support|"
    r"make|give|change|exchange|honou?r|issue|ship|deliver|guarantee|refundable|possible|"
    r"available|covered|eligible|something|our|my)|no longer|"
    r"beyond|outside|out of|fixed|according|as stated|in line with|stated|clearly|"
    r"you should|you must|you need|you failed|you didn"
    + A
    + r"t|this is how|that"
    + A
    + r"s how|that is how|how it works|as (?:I|we) (?:said|explained|mentioned))\b"
    r"|\b(?:it|this|that)(?:" + A + r"s| is| was)\s+(?:a|an|the|just|simply)\b",
    re.IGNORECASE,
)

#: A next step asked of the customer ("please try again", "please send a photo"): like a
#: question, it turns an explanation into the start of a fix. Closers do not count.
NEXT_STEP = LazyPattern(
    r"\bplease\s+(?!let (?:us|me) know\b|feel free\b|do not hesitate\b|don" + A + r"t hesitate\b|"
    r"contact\b|get in touch\b|reach out\b|accept\b|be (?:aware|advised|assured)\b|note\b|"
    r"bear with\b|understand\b|keep\b)\w+",
    re.IGNORECASE,
)

#: A next step with a time, whoever takes it ("the driver will come back tomorrow before noon").
TIMED_STEP = LazyPattern(
    r"\b(?:will|" + A + r"ll|(?:is|are|has been|have been) (?:booked|scheduled|rebooked|due|"
    r"coming|arranged)"
    # the scheduled present: "the fix goes out on Friday", "a replacement ships today"
    r"|goes out|go out|ships|arrives|arrive|rolls out|lands|comes out|is released|leaves)"
    r"\b[^.!?]{0,50}?\b(?:(?:today|tomorrow|tonight|this (?:morning|afternoon|"
    r"evening|week)|(?:on|by|this|next) (?:mon|tues|wednes|thurs|fri|satur|sun)day|"
    r"before (?:noon|midday|lunch))\b|(?:between|by|at|within|before) \d)",  # "by 6pm"
    re.IGNORECASE,
)

#: A follow-up that commits to nothing ("we'll let you know", "we'll be in touch") unless a
#: time is given: it does not turn an excuse into "an explanation followed by the fix".
VAGUE_FOLLOWUP = LazyPattern(
    r"(?:let you know|contact you|be in touch|get back to you|keep you (?:updated|posted|"
    r"informed)|update you|notify you|inform you|email you|hope|look forward|be (?:happy|glad|"
    r"pleased) to (?:help|assist|answer)|help|assist|answer|try)\b"
    r"(?![^.!?]{0,40}\b(?:by|within|on|tomorrow|today|tonight|this (?:morning|afternoon|evening|"
    r"week)|at \d|before)\b)",
    re.IGNORECASE,
)

__all__ = [
    "AO",
    "CARRIER_NAME",
    "APOLOGY",
    "BLAME_CAUSE",
    "COMMISERATION",
    "CONCESSIVE",
    "CONDITIONAL",
    "CONTRAST",
    "EXCUSE",
    "EXCUSE_WORDS",
    "FIX",
    "GOOD_TURN",
    "JUSTIFY",
    "NEGATED_APOLOGY",
    "NEXT_STEP",
    "PITY",
    "REFUSAL",
    "SELF_EXCUSE",
    "SOFT_CONTRAST",
    "THIRD_PARTY",
    "TIMED_STEP",
    "VAGUE_FOLLOWUP",
    "Lowered",
    "may_excuse",
]
