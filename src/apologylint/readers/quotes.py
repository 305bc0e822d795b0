"""Quoted earlier messages and signatures: not the author's prose.

One detector, shared by every reader that handles mail-like text (plain text, email bodies and the
visible text of HTML). It works on lines and returns the character ranges to blank out, so readers
keep exact offsets; ``blank`` replaces them with spaces (newlines kept).

What it hides, in the order the checks run:

* **Quote blocks** — ``>`` lines (also "Name>" supercite prefixes, and a long quoted line's
  wrapped remainder glued between two of them), with the attribution line just above them.
  Text after a quote block is the author's again (inline replies).
* **Cuts** — everything from the line on is an earlier message or a signature: an explicit
  ``-- `` signature delimiter line; an "Original Message" / "Forwarded message" separator (in
  the languages mail clients write it); a line of underscores (mailing-list footer, Outlook
  separator); a mobile signature ("Sent from my iPhone", "Get Outlook for iOS" — mobile clients
  put the earlier message right below it); an Outlook header block (``From: … Sent: … To: …
  Subject: …``, bold or plain, localised keys); an attribution line ("On … wrote:", "Le … a écrit
  :", "Am … schrieb …:", "… <a@b.c>:", also wrapped over up to four lines) that is *not*
  followed by ``>`` lines; a dashed line followed by a short contact block. A header block or an
  attribution that opens the text (no author's line above it) is not a cut: a forwarded
  header block that starts a draft is the draft's own, and only the attribution line itself is
  hidden.
* **Sign-offs**, found heuristically at the end of the author's text: a valediction line
  ("Best regards,", "Thanks,", "Mit freundlichen Grüßen", or "Thanks, Sam") followed only by a
  few short name/title/contact lines; a trailing "-Name" line; a trailing contact block (short
  lines with an e-mail address, phone number or URL). A heuristic sign-off never takes a
  sentence: a closing "Thanks for your patience." or "Sorry again for the trouble." stays
  lintable (as does any line that thanks or apologises); only the valediction and the lines
  below it are hidden, and a bare closing "Thanks" with nothing below stays too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

QUOTE = "quote"
SIGNATURE = "signature"


@dataclass(frozen=True)
class Hidden:
    """A range of the text that is not the author's prose, and why."""

    start: int
    end: int
    kind: str  # QUOTE or SIGNATURE
    reason: str


# --- line patterns -------------------------------------------------------------------------

_QUOTE_LINE = re.compile(r"^[ \t]*(?:[A-Za-z]{1,12}>(?=[ \t>]|$)|>)")
_SIG_DELIM = re.compile(r"^--[ \t]*$")
_UNDERSCORES = re.compile(r"^[ \t]*_{2,}[ \t]*$")
_DASHES = re.compile(r"^[ \t]*-{4,}[ \t]*$")

_SEPARATOR_WORDS = (
    r"original message|forwarded message|forwarded e-?mail|ursprüngliche nachricht|"
    r"weitergeleitete nachricht|oprindelig (?:besked|meddelelse)|videresendt (?:besked|meddelelse)|"
    r"message d'origine|message d’origine|message original|message transféré|messaggio originale|"
    r"messaggio inoltrato|mensaje original|mensaje reenviado|mensagem original|"
    r"mensagem encaminhada|oorspronkelijk bericht|origineel bericht|doorgestuurd bericht|"
    r"originalmeddelande|ursprungligt meddelande|vidarebefordrat meddelande|"
    r"opprinnelig melding|videresendt melding|alkuperäinen viesti|välitetty viesti|"
    r"wiadomość oryginalna|oryginalna wiadomość|przekazana wiadomość|původní zpráva|"
    r"přeposlaná zpráva|исходное сообщение|пересланное сообщение|оригинальное сообщение|"
    r"пересылаемое сообщение|eredeti üzenet|továbbított üzenet|orijinal mesaj|"
    r"原始邮件|原始郵件|転送されたメッセージ|"
    r"元のメッセージ|전달된 메시지|원본 메시지"
)
_SEPARATOR = re.compile(
    r"^[ \t>]*[*_]*[ \t]*-{2,}[ \t]*(?:" + _SEPARATOR_WORDS + r")[ \t]*-{2,}[ \t]*[*_]*[ \t]*$"
    r"|^[ \t]*(?:begin forwarded message|anfang der weitergeleiteten nachricht|"
    r"début du message réexpédié|inizio messaggio inoltrato|comienzo del mensaje reenviado|"
    r"início da mensagem reencaminhada|doorgestuurd bericht|videresendt meddelelse)[ \t]*:[ \t]*$",
    re.IGNORECASE,
)

# Outlook-style header blocks, "From: …" / "*Von:* …" / "De : …" (localised keys).
_FROM_KEYS = (
    r"from|message du|от кого|von|de|da|van|fra|från|od|lähettäjä|от|від|"
    r"发件人|寄件者|差出人|feladó|"
    r"remitente|kimden|afzender|odesílatel|mittente|expéditeur"
)
_OTHER_KEYS = (
    r"sent|date|to|cc|bcc|subject|reply-to|"
    r"gesendet|datum|an|betreff|kopie|antwort an|"
    r"envoyé|envoyé le|date d'envoi|à|a|objet|sujet|copie|"
    r"inviato|data|oggetto|"
    r"verzonden|verstuurd|aan|onderwerp|"
    r"sendt|til|emne|kopi|"
    r"skickat|till|ämne|kopia|"
    r"wysłano|wysłane|do|temat|dw|"
    r"lähetetty|vastaanottaja|aihe|"
    r"отправлено|дата|кому|тема|копия|"
    r"надіслано|тема|"
    r"发送时间|日期|收件人|抄送|主题|寄件日期|收件者|主旨|送信日時|宛先|件名|"
    r"elküldve|címzett|tárgy|"
    r"enviado|fecha|para|asunto|assunto|"
    r"tarih|kime|konu|"
    r"odesláno|komu|předmět"
)
_HEADER_KEY = re.compile(
    r"^[ \t>]*[*_]{0,2}[ \t]*(?P<key>" + _FROM_KEYS + "|" + _OTHER_KEYS + r")[ \t]*[*_]{0,2}"
    r"[ \t\u00a0]*[:：][*_]{0,2}(?:[ \t\u00a0]|$)",
    re.IGNORECASE,
)
_FROM_KEY = re.compile(r"^(?:" + _FROM_KEYS + r")$", re.IGNORECASE)

# Attribution ("On … wrote:") lines.
_WROTE = (
    r"wrote|writes|has written|a écrit|a ecrit|schrieb|hat geschrieben|ha scritto|schreef|"
    r"het volgende geschreven|escribió|escribio|escreveu|skrev|skriver|kirjoitti|"
    r"napisał\(a\)|napisała|napisał|napisal|napsal|пишет|написал\(а\)|написала|написал|"
    r"написав|пише|写道|寫道|が書きました|írta|yazdı|wrote\s*-{2,}"
)
_ENDS_WROTE = re.compile(
    r"(?:^|[\s,)\]>\"'])(?:" + _WROTE + r")[ \t\u00a0]*[:：]?[ \t\u00a0]*(?:-{2,})?[ \t]*$",
    re.IGNORECASE,
)
_HAS_WROTE = re.compile(r"(?:^|[\s,)\]>\"'])(?:" + _WROTE + r")(?:[\s:：]|$)", re.IGNORECASE)
# Literal fragments, one of which every _WROTE alternative contains (lower-cased): a text
# without any of them cannot hold an attribution verb, and the slow regex is skipped.
_WROTE_KEYS = (
    "wrote",
    "writes",
    "written",
    "a écrit",
    "a ecrit",
    "schrieb",
    "geschrieben",
    "scritto",
    "schreef",
    "geschreven",
    "escribi",
    "escreveu",
    "skrev",
    "kirjoitti",
    "napisa",
    "napsal",
    "пиш",
    "напис",
    "写道",
    "寫道",
    "書きました",
    "írta",
    "yazdı",
)
# Verbs that stand mid-line ("Am … schrieb Name <a@b.c>:"); English "wrote" always ends the line.
_MID_WROTE = re.compile(
    r"(?:^|[\s,)\]>\"'])(?:schrieb|skrev|skriver|schreef|napisał\(a\)|napisała|"
    r"napisał|napisal|kirjoitti|a écrit|ha scritto|escribió|escreveu|пишет|"
    r"написал\(а\)|написала|написал|написав|пише|写道|írta)(?:[\s:：]|$)",
    re.IGNORECASE,
)
_ENDS_ADDRESS_COLON = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+[ \t]*[>)\]][ \t]*[:：][ \t]*$")
_EMAIL = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+")
_ATTRIBUTION_START = re.compile(
    r"^[ \t\u200b]*(?:[-–]+[ \t]*)?(?:(?:on|le|am|il|op|el|em|den|dnia|w dniu|in data|på|pada|"
    r"at)\b|.{0,30}\d)",
    re.IGNORECASE,
)
# Gmail's older attribution: "2016-03-03 17:21 GMT+01:00 Some One <some@one.org>" (no colon).
_ISO_ATTRIBUTION = re.compile(
    r"^[ \t]*\d{4}[-/]\d{1,2}[-/]\d{1,2}(?:[ \t]+\d{1,2}:\d{2}(?::\d{2})?)?"
    r"(?:[ \t]*GMT[+-]\d{1,2}:?\d{2})?[ \t]+\S.{0,150}(?:<[^<>@\s]+@[^<>\s]+>|GMT.*)[ \t]*:?[ \t]*$"
)
_DIGIT = re.compile(r"\d")
_CONTINUATION = re.compile(r"^[ \t]*(?:[a-zà-ÿ]|[^\w\s])")

# Sign-offs.
_MOBILE = re.compile(
    r"^[ \t]*(?:sent from my\b|sent from (?-i:(?=[A-Z\[]))|sent via (?-i:(?=[A-Z\[]))|"
    r"get outlook for\b|"
    r"envoyé de mon\b|envoyé depuis\b|envoyé à partir de\b|gesendet von\b|von meinem\b.*\bgesendet|"
    r"diese nachricht wurde von meinem\b|enviado desde\b|enviado do meu\b|enviado de meu\b|"
    r"inviato da\b|verzonden (?:vanaf|met|van)\b|verstuurd vanaf\b|sendt fra\b|skickat från\b|"
    r"wysłane z\b|lähetetty\b|отправлено с\b|(?:sent )?via mobile\b)",
    re.IGNORECASE,
)
_VALEDICTION = re.compile(
    r"^[ \t]*[-–—]?[ \t]*(?:"
    r"(?:(?:best|kind|kindest|warm|warmest|many|with|my|all the) )?(?:regards|wishes|thanks)"
    r"|thanks(?: (?:again|so much|a lot|and regards|& regards))?|thank you(?: (?:again|so much))?"
    r"|many thanks|cheers|sincerely(?: yours)?|yours(?: (?:truly|sincerely|faithfully))?"
    r"|best|all the best|take care|talk soon|speak soon|br|brgds|rgds|regds|thx|ty"
    r"|mit freundlichen grüßen|mit freundlichen grüssen|freundliche grüße|viele grüße|beste grüße"
    r"|liebe grüße|mit lieben grüßen|herzliche grüße|lg|vg|mfg|gruß|grüße|gruss|grüsse"
    r"|cordialement|bien cordialement|bien à vous|salutations|amicalement|bonne journée|merci"
    r"|saludos(?: cordiales)?|un saludo|atentamente|gracias|cordiali saluti|distinti saluti|saluti"
    r"|grazie|met vriendelijke groet(?:en)?|vriendelijke groet(?:en)?|groeten|groet|bedankt"
    r"|med venlig hilsen|venlig hilsen|(?:de )?bedste hilsner|mange hilsner|hilsen|mvh|kh|vh"
    r"|med vänlig hälsning|med vänliga hälsningar|vänliga hälsningar|hälsningar|mvh|tack"
    r"|pozdrawiam|z poważaniem|z powazaniem|pozdrowienia|serdecznie pozdrawiam|dziękuję"
    r"|с уважением|спасибо|ystävällisin terveisin|terveisin|atenciosamente|abraços|obrigad[oa]"
    r"|s pozdravem|üdvözlettel|saygılarımla|敬具|此致敬礼"
    r")[ \t]*[,:]?(?P<name>(?-i:(?:[ \t]+[A-Z][\w.'-]*(?:[ \t]+[A-Z][\w.'-]*){0,2})?))[ \t]*$",
    re.IGNORECASE,
)
_DASH_NAME = re.compile(
    r"^[ \t]*(?:[-–—~][ \t]?|/)[A-Z][\w.'-]*(?:[ \t]+[A-Z][\w.'-]*){0,3}[ \t]*$"
)
_NAME_LINE = re.compile(r"^[ \t]*[A-Z][\w.'-]*(?:[ \t]+[A-Z][\w.'-]*){0,3}[ \t]*$")
_PROSE_WORDS = re.compile(
    r"\b(?:sorry|apolog\w*|thank\w*|regret\w*|please|appreciate\w*)\b", re.IGNORECASE
)
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)]*[ \t]*$")
_CONTACT = re.compile(
    r"[\w.+-]+@[\w-]+\.[\w.-]+|https?://|www\.|\+?\(?\d[\d ()./-]{6,}\d"
    r"|\b(?:tel|phone|mobile|mobil|cell|fax|skype|t|m|f|p)\b\.?[ \t]*:?[ \t]*\+?\(?\d",
    re.IGNORECASE,
)

_MAX_SIGNOFF_LINES = 7
_MAX_SIG_LINE = 72


def find_hidden(text: str) -> list[Hidden]:
    """Every quote and signature range of ``text``, in order and non-overlapping."""
    lines = _lines(text)
    if not lines:
        return []
    n = len(lines)
    bodies = [text[s:e] for s, e in lines]
    kinds: list[tuple[str, str] | None] = [None] * n

    # 1. Quote blocks: ">" lines, lazily wrapped lines glued between them.
    quoted = [bool(_QUOTE_LINE.match(b)) for b in bodies]
    for i in range(1, n - 1):
        # A long quoted line wrapped after it was quoted: "> … Nullam pharetra d\nignissim odio?"
        if (
            not quoted[i]
            and quoted[i - 1]
            and quoted[i + 1]
            and len(bodies[i - 1]) >= 50
            and _CONTINUATION.match(bodies[i])
        ):
            quoted[i] = True
    for i in range(n):
        if quoted[i]:
            kinds[i] = (QUOTE, "quoted line")

    # 2. Cuts: the first line from which everything is an earlier message or a signature.
    lowered = text.lower()
    # Every attribution form needs an address, a "wrote" verb, or (ISO form) "GMT".
    may_attribute = "@" in text or "GMT" in text or any(k in lowered for k in _WROTE_KEYS)
    cut: tuple[int, str, str] | None = None
    i = 0
    checked = 0  # lines before it are final; text_before: one of them is the author's
    text_before = False
    while i < n and cut is None:
        while checked < i:
            text_before = text_before or (kinds[checked] is None and bool(bodies[checked].strip()))
            checked += 1
        body = bodies[i]
        if quoted[i] or not body.strip():
            i += 1
            continue
        if _SIG_DELIM.match(body):
            cut = (i, SIGNATURE, "signature delimiter")
        elif _SEPARATOR.match(body):
            cut = (i, QUOTE, "original/forwarded message separator")
        elif _UNDERSCORES.match(body):
            cut = (i, SIGNATURE, "underscore separator")
        elif _is_mobile(body):
            first = i
            if i > 0 and _NAME_LINE.match(bodies[i - 1]) and kinds[i - 1] is None:
                first = i - 1  # "Sam Smith\nvia mobile"
            cut = (first, SIGNATURE, "mobile signature")
        elif text_before and _is_header_block(bodies, i):
            cut = (i, QUOTE, "forwarded header block")
        else:
            attribution = _attribution(bodies, quoted, i) if may_attribute else None
            if attribution is not None:
                first, last = attribution
                if _followed_by_quote(bodies, quoted, last + 1):
                    for j in range(first, last + 1):
                        kinds[j] = (QUOTE, "attribution line")
                    i = last + 1
                    continue
                if text_before:
                    cut = (first, QUOTE, "attribution line")
                else:  # the text opens with it: only the attribution itself is not the author's
                    for j in range(first, last + 1):
                        kinds[j] = (QUOTE, "attribution line")
                    i = last + 1
                    continue
            elif _DASHES.match(body) and n - i <= 40 and _signature_like(bodies[i + 1 :]):
                cut = (i, SIGNATURE, "dash separator")
        i += 1
    if cut is not None:
        first, kind, reason = cut
        for j in range(first, n):
            kinds[j] = (kind, reason)

    # 3. Sign-offs at the end of the author's text.
    _mark_signoffs(bodies, kinds)

    return _to_ranges(text, lines, kinds)


def hidden_ranges(text: str) -> list[tuple[int, int]]:
    """Character ranges of ``text`` that are quotes or signature, in order, non-overlapping."""
    return [(h.start, h.end) for h in find_hidden(text)]


def blank(text: str, ranges: list[tuple[int, int]]) -> str:
    """Replace every character in ``ranges`` except newlines with a space."""
    if not ranges:
        return text
    out: list[str] = []
    pos = 0
    for s, e in ranges:
        out.append(text[pos:s])
        out.append(re.sub(r"[^\n]", " ", text[s:e]))
        pos = e
    out.append(text[pos:])
    return "".join(out)


# --- helpers -------------------------------------------------------------------------------


def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of each line's content (without its line break)."""
    out = []
    pos = 0
    length = len(text)
    while pos < length:
        nl = text.find("\n", pos)
        end = length if nl == -1 else nl
        content_end = end - 1 if end > pos and text[end - 1] == "\r" else end
        out.append((pos, content_end))
        pos = end + 1
    return out


def _header_key(body: str) -> str | None:
    m = _HEADER_KEY.match(body)
    return m.group("key").lower() if m else None


def _is_header_block(bodies: list[str], i: int) -> bool:
    """Whether an Outlook-style header block (two or more distinct keys, one of them a sender or a
    date) starts at line ``i``."""
    key = _header_key(bodies[i])
    if key is None:
        return False
    keys = {key}
    between = 0  # non-blank lines since the last key line (wrapped values)
    j = i + 1
    while j < len(bodies) and j < i + 40:
        body = bodies[j]
        k = _header_key(body)
        if k is not None:
            keys.add(k)
            between = 0
        elif body.strip():
            between += 1
            if between > 2:
                break
        j += 1
    if len(keys) < 2:
        return False
    return any(_FROM_KEY.match(k) for k in keys) or bool({"sent", "date", "subject"} & keys)


def _attribution(bodies: list[str], quoted: list[bool], i: int) -> tuple[int, int] | None:
    """If an attribution ("On … wrote:") starts at line ``i`` (and ends within four lines),
    its first and last line."""
    start_ok = bool(_ATTRIBUTION_START.match(bodies[i]))
    if not start_ok and not _EMAIL.search(bodies[i]) and not _HAS_WROTE.search(bodies[i]):
        return None
    if _ISO_ATTRIBUTION.match(bodies[i]):
        return i, i
    joined = ""
    for k in range(4):
        j = i + k
        if j >= len(bodies):
            return None
        body = bodies[j]
        if not body.strip():
            return None
        if quoted[j] and not (k > 0 and re.match(r"^[ \t]*>[ \t]*[:：]?[ \t]*$", body)):
            return None
        if k > 0 and _SENTENCE_END.search(bodies[j - 1].strip()) and not joined.endswith("="):
            return None  # the line above ends a sentence: the attribution starts below it
        piece = body.strip()
        # (a quoted-printable soft line break left in the text joins without a space)
        joined = joined[:-1] + piece if joined.endswith("=") else (joined + " " + piece).strip()
        if len(joined) > 400:
            return None
        if _is_attribution(joined, start_ok=start_ok):
            return i, j
    return None


def _is_attribution(joined: str, *, start_ok: bool) -> bool:
    joined = joined.replace("\u200b", "")
    has_marker = bool(_DIGIT.search(joined) or "@" in joined)
    if _ENDS_WROTE.search(joined) and has_marker:
        return True
    if not joined.rstrip().endswith((":", "：")):
        return False
    if _MID_WROTE.search(joined) and _DIGIT.search(joined) and "@" in joined and start_ok:
        return True
    return bool(
        start_ok and _ENDS_ADDRESS_COLON.search(joined) and _DIGIT.search(_EMAIL.sub("", joined))
    )


def _is_mobile(body: str) -> bool:
    if not _MOBILE.match(body) or len(body.strip()) > 90:
        return False
    rest = re.sub(r"<[^>]*>|\([^)]*\)|\[([^\]]*)\]\([^)]*\)|https?://\S+", r"\1", body)
    return not re.search(r"[,;!?]|\.(?:\s|$)", rest.strip()) and len(rest.split()) <= 10


def _followed_by_quote(bodies: list[str], quoted: list[bool], i: int) -> bool:
    while i < len(bodies) and not bodies[i].strip():
        i += 1
    return i < len(bodies) and quoted[i]


def _signature_like(bodies: list[str]) -> bool:
    """Whether ``bodies`` (the rest of a text after a separator line) reads like a signature:
    a few short lines, no sentences, some contact detail."""
    lines = [b.strip() for b in bodies if b.strip()]
    if not lines or len(lines) > 15:
        return False
    if any(len(b) > _MAX_SIG_LINE for b in lines):
        return False
    return any(_CONTACT.search(b) for b in lines)


def _sentence_like(line: str) -> bool:
    """A line that reads as prose: it ends like a sentence and has five or more words, holds a
    sentence break, or thanks or apologises (a closing thanks or apology is the author's prose,
    never signature)."""
    if _SENTENCE_END.search(line) and len(line.split()) >= 5:
        return True
    if re.search(r"[a-z]{2}[.!?…]+[ \t]+\w", _CONTACT.sub("", line)):  # not "E. Doe, Ph.D."
        return True
    return bool(_PROSE_WORDS.search(line))


def _is_sig_line(body: str) -> bool:
    """A short line that may follow a valediction: a name, a title, a company, contact details."""
    s = body.strip()
    if len(s) > _MAX_SIG_LINE:
        return False
    if _sentence_like(s):
        return False
    return bool(_CONTACT.search(s)) or len(s.split()) <= 8


def _mark_signoffs(bodies: list[str], kinds: list[tuple[str, str] | None]) -> None:
    n = len(bodies)
    visible = [i for i in range(n) if kinds[i] is None and bodies[i].strip()]
    if not visible:
        return
    # The author's last block: visible lines up to the last one, not interrupted by hidden ones.
    tail = [visible[-1]]
    for i in reversed(visible[max(0, len(visible) - _MAX_SIGNOFF_LINES - 1) : -1]):
        if any(kinds[j] is not None for j in range(i + 1, tail[-1])):
            break
        tail.append(i)
    tail.reverse()
    last = tail[-1]
    # A valediction followed by a few short lines (or with the name on its own line).
    for idx in range(max(0, len(tail) - _MAX_SIGNOFF_LINES), len(tail)):
        i = tail[idx]
        m = _VALEDICTION.match(bodies[i])
        if not m or _SENTENCE_END.search(bodies[i].strip()):
            continue
        after = tail[idx + 1 :]
        if not after and not m.group("name"):
            continue  # a bare "Thanks" at the very end: a closing word, nothing marks a signature
        if all(_is_sig_line(bodies[j]) for j in after):
            for j in range(i, last + 1):
                if kinds[j] is None:
                    kinds[j] = (SIGNATURE, "sign-off")
            return
    # A trailing "-Name" line.
    if _DASH_NAME.match(bodies[last]) and len(visible) > 1:
        kinds[last] = (SIGNATURE, "sign-off name")
        return
    # A trailing contact block: a paragraph of short lines, one with contact details.
    block: list[int] = []
    j = last
    while j >= 0 and bodies[j].strip() and kinds[j] is None:
        block.append(j)
        j -= 1
    block.reverse()
    if (
        block
        and len(block) < len(visible)
        and 2 <= len(block) <= 8
        and all(
            len(bodies[b].strip()) <= 50
            and len(bodies[b].split()) <= 6
            and not _sentence_like(bodies[b].strip())
            for b in block
        )
        and any(_CONTACT.search(bodies[b]) for b in block)
    ):
        for b in block:
            kinds[b] = (SIGNATURE, "contact block")


def _to_ranges(
    text: str, lines: list[tuple[int, int]], kinds: list[tuple[str, str] | None]
) -> list[Hidden]:
    out: list[Hidden] = []
    for (s, e), kind in zip(lines, kinds, strict=True):
        if kind is None:
            continue
        if out and out[-1].kind == kind[0] and not text[out[-1].end : s].strip():
            prev = out[-1]
            out[-1] = Hidden(prev.start, e, prev.kind, prev.reason)
        else:
            out.append(Hidden(s, e, kind[0], kind[1]))
    return [h for h in out if h.end > h.start]
