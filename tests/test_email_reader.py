"""The e-mail reader: the body and Subject, any charset and transfer encoding, exact positions,
quoted replies and signatures left out, one clear error for a malformed message."""

from __future__ import annotations

import base64
import quopri
from email.message import EmailMessage
from email.policy import SMTP

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from prose import PROSE_WORDS

from apologylint import Linter
from apologylint.document import Document
from apologylint.errors import InputError
from apologylint.readers import quotes
from apologylint.readers.email import read_email
from apologylint.readers.plain import read_text

_LINTER: Linter | None = None


def lint(doc: Document):
    global _LINTER
    if _LINTER is None:
        _LINTER = Linter()
    return _LINTER.lint(doc)


def fake(doc: Document):
    return [f for f in lint(doc) if f.category == "fake-apology"]


def lintable(doc: Document) -> str:
    return " ".join(" ".join(seg.text.split()) for seg in doc.segments)


def eml(
    body: bytes | str,
    *,
    headers: str = "",
    cte: str = "7bit",
    charset: str = "utf-8",
    ctype: str = "text/plain",
    subject: str = "Your order",
    crlf: bool = False,
) -> bytes:
    head = (
        f"From: Support <help@example.com>\nTo: ana@example.com\nSubject: {subject}\n"
        f"Date: Mon, 2 Nov 2026 10:00:00 +0000\nMIME-Version: 1.0\n"
        f"Content-Type: {ctype}; charset={charset}\nContent-Transfer-Encoding: {cte}\n"
        f"{headers}\n"
    )
    data = head.encode("ascii") + (body.encode(charset) if isinstance(body, str) else body)
    return data.replace(b"\n", b"\r\n") if crlf else data


# --- positions per transfer encoding ---------------------------------------------------------


def test_7bit_body_maps_exactly() -> None:
    data = eml("Hi Ana,\n\nWe are sorry if you feel ignored.\n")
    doc = read_email(data, path="draft.eml")
    assert doc.format == "email" and doc.path == "draft.eml"
    assert doc.source == data.decode()
    [f] = fake(doc)
    assert doc.source[f.start : f.end] == f.text
    assert f.line == doc.source.count("\n", 0, doc.source.index("sorry")) + 1
    assert f.column == 8


def test_8bit_utf8_body_counts_code_points() -> None:
    data = eml("Olá José 👋,\n\nÉ pena — we are sorry if you feel ignored.\n", cte="8bit")
    doc = read_email(data)
    [f] = fake(doc)
    assert doc.source[f.start : f.end] == f.text
    line = doc.source.split("\n")[f.line - 1]
    assert line[f.column - 1 :].startswith("sorry if you feel")


def test_8bit_latin1_body_in_a_file_that_is_not_utf8() -> None:
    data = eml("Olá José,\n\nWe are sorry if you feel ignored.\n", cte="8bit", charset="iso-8859-1")
    doc = read_email(data)
    assert any("cp1252" in n for n in doc.notices)
    [f] = fake(doc)
    assert doc.source[f.start : f.end] == f.text
    assert "Olá José" in lintable(doc)


def test_quoted_printable_maps_each_character_to_its_escape() -> None:
    body = "Hi Jos=C3=A9,\n\nWe are sorry if you feel ignor=\ned and let down. caf=C3=A9\n"
    data = eml(body, cte="quoted-printable")
    doc = read_email(data)
    assert "Hi José," in lintable(doc) and "ignored and let down" in lintable(doc)
    [f] = fake(doc)
    assert f.text.startswith("sorry if you feel ignored")
    raw = doc.source[f.start : f.end]
    assert "=\n" in raw
    assert quopri.decodestring(raw.encode()).decode() == f.text
    seg = doc.segments[-1]
    i = seg.text.index("é")
    assert doc.source[seg.to_source(i) : seg.to_source_end(i + 1)] == "=C3=A9"


def test_base64_maps_to_the_encoded_groups() -> None:
    text = "Hi Ana,\n\nThe parcel left today.\nWe are sorry if you feel ignored. Olá!\n"
    encoded = base64.encodebytes(text.encode()).decode()
    doc = read_email(eml(encoded, cte="base64"))
    assert "We are sorry if you feel ignored." in lintable(doc)
    [f] = fake(doc)
    raw = doc.source[f.start : f.end].replace("\n", "")
    assert f.text in base64.b64decode(raw).decode("utf-8", "ignore")
    body_start = doc.source.index("\n\n") + 2
    assert f.start >= body_start and f.line > doc.source.count("\n", 0, body_start)


def test_crlf_message() -> None:
    doc = read_email(eml("Thanks for waiting.\n\nSorry if you feel ignored.\n", crlf=True))
    [f] = fake(doc)
    assert doc.source[f.start : f.end] == f.text
    assert (f.line, f.column) == (doc.source[: f.start].count("\n") + 1, 1)


def test_mislabelled_utf8_body_is_read_as_cp1252_with_a_notice() -> None:
    data = eml(b"We are sorry if you feel ignored \x96 truly.\n", cte="8bit")
    doc = read_email(data)
    assert any("not valid utf-8; read as cp1252" in n for n in doc.notices)
    assert "ignored \u2013 truly" in lintable(doc)


def test_utf8_bom_and_unknown_charset() -> None:
    data = b"\xef\xbb\xbf" + eml("Olá,\n\nsorry if you feel ignored.\n", cte="8bit")
    doc = read_email(data)
    [f] = fake(doc)
    assert doc.source[f.start : f.end] == f.text
    odd = eml("Olá,\n\nsorry if you feel ignored.\n", cte="8bit")
    doc = read_email(odd.replace(b"charset=utf-8", b"charset=x-unknown"))
    assert any("unknown charset" in n for n in doc.notices)
    [f] = fake(doc)
    assert doc.source[f.start : f.end] == f.text


def test_directive_in_the_body_is_found_on_the_raw_file() -> None:
    data = eml("Hi Ana,\n\napologylint: disable-next-line=FA101\nSorry if you feel ignored.\n")
    doc = read_email(data)
    assert [d.kind for d in doc.directives] == ["disable-next-line"]
    assert "apologylint" not in lintable(doc)
    assert fake(doc) == []


# --- Subject ----------------------------------------------------------------------------------


def test_subject_is_linted_at_its_header_line() -> None:
    data = eml("Your refund is on its way.\n", subject="Sorry if you feel let down")
    doc = read_email(data)
    [f] = fake(doc)
    assert f.line == 3 and f.column == len("Subject: ") + 1
    assert doc.source[f.start : f.end] == f.text


def test_encoded_and_folded_subject() -> None:
    subject = "=?utf-8?q?Re=3A_Sorry_if_you?=\n =?utf-8?b?IGZlZWwgaWdub3JlZCDwn5mP?="
    doc = read_email(eml("Your refund is on its way.\n", subject=subject))
    assert lintable(doc).startswith("Re: Sorry if you feel ignored 🙏")
    [f] = fake(doc)
    assert f.line == 3
    assert doc.source[f.start : f.end].startswith("=?utf-8?q?")


def test_other_headers_are_not_linted() -> None:
    data = eml("All sorted.\n", headers="X-Note: sorry if you feel ignored\n")
    assert fake(read_email(data)) == []


# --- MIME structure ----------------------------------------------------------------------------


def _message(parts: list[tuple[str, str, str]], *, nested: bool = False) -> bytes:
    msg = EmailMessage()
    msg["From"] = "help@example.com"
    msg["To"] = "ana@example.com"
    msg["Subject"] = "Your order"
    for kind, text, cte in parts:
        if kind == "plain":
            msg.add_alternative(
                text, subtype="plain", cte=cte
            ) if msg.is_multipart() else msg.set_content(text, cte=cte)
        elif kind == "html":
            if msg.is_multipart() or msg.get_content_type() == "text/plain" and msg.get_payload():
                msg.add_alternative(text, subtype="html", cte=cte)
            else:
                msg.set_content(text, subtype="html", cte=cte)
    if nested:
        msg.add_attachment(
            b"%PDF-1.4 sorry if you feel",
            maintype="application",
            subtype="pdf",
            filename="invoice.pdf",
        )
    return msg.as_bytes(policy=SMTP)


def test_plain_part_is_preferred_over_html() -> None:
    data = _message(
        [
            ("plain", "Plain: sorry if you feel ignored.\n", "quoted-printable"),
            ("html", "<p>HTML: sorry if you feel upset.</p>\n", "quoted-printable"),
        ]
    )
    doc = read_email(data)
    assert "Plain:" in lintable(doc) and "HTML:" not in lintable(doc)
    [f] = fake(doc)
    assert quopri.decodestring(doc.source[f.start : f.end].encode()).decode() == f.text


def test_html_only_message_uses_the_html_reader() -> None:
    html = (
        "<div>Hi Ana, we are <b>sorry</b> if you feel ignored.</div>"
        '<div class="gmail_quote">On Mon, Bob wrote:<blockquote>Sorry if you feel that way'
        "</blockquote></div>\n"
    )
    doc = read_email(_message([("html", html, "quoted-printable")]))
    assert "gmail" not in lintable(doc) and "that way" not in lintable(doc)
    [f] = fake(doc)
    assert f.text == "sorry if you feel ignored"
    assert (
        "sorry</b> if you feel ignored"
        in quopri.decodestring(doc.source[f.start : f.end].encode()).decode()
    )


def test_nested_multipart_with_attachment() -> None:
    data = _message(
        [
            ("plain", "We are sorry if you feel ignored.\n", "base64"),
            ("html", "<p>html</p>", "7bit"),
        ],
        nested=True,
    )
    doc = read_email(data)
    assert lintable(doc).endswith("We are sorry if you feel ignored.")
    [f] = fake(doc)
    assert f.text == "sorry if you feel ignored"


# --- quotes and signatures ---------------------------------------------------------------------

QUOTED_STYLES = [
    "On Mon, 2 Nov 2026 at 09:12, Ana Lima <ana@example.com> wrote:\n\n> {q}\n> Thanks\n",
    "On Mon, 2 Nov 2026 at 09:12, Ana Lima <\nana@example.com> wrote:\n\n> {q}\n",
    "Le lun. 2 nov. 2026 à 09:12, Ana Lima <ana@example.com> a écrit :\n> {q}\n",
    "Am 02.11.2026 um 09:12 schrieb Ana Lima <ana@example.com>:\n> {q}\n",
    "-----Original Message-----\nFrom: Ana Lima\nSent: Monday, November 2, 2026 9:12 AM\n"
    "To: Support\nSubject: Order\n\n{q}\n",
    "________________________________\nFrom: Ana Lima <ana@example.com>\nSent: Monday\n"
    "To: Support\nSubject: Order\n\n{q}\n",
    "*From:* Ana Lima [mailto:ana@example.com]\n*Sent:* Monday\n*To:* Support\n\n{q}\n",
    "Von: Ana Lima <ana@example.com>\nGesendet: Montag\nAn: Support\nBetreff: Bestellung\n\n{q}\n",
    "---------- Forwarded message ---------\nFrom: Ana <ana@example.com>\nDate: Mon\n\n{q}\n",
    "Begin forwarded message:\n\nFrom: Ana <ana@example.com>\n\n{q}\n",
    "On Nov 2, 2026, at 9:12 AM, Ana wrote:\n\n{q}\n",  # unquoted earlier message
    "-- \nSam Support\n{q}\n",
    "Sent from my iPhone\n\n{q}\n",
    "Get Outlook for iOS<https://aka.ms/o0ukef>\n{q}\n",
]


@pytest.mark.parametrize("style", QUOTED_STYLES)
def test_quotes_and_signatures_are_not_linted(style: str) -> None:
    body = "Hi Ana,\n\nYour refund was sent today.\n\n" + style.format(
        q="Sorry if you feel that way."
    )
    for cte in ("7bit", "quoted-printable", "base64"):
        raw = body.encode()
        if cte == "quoted-printable":
            raw = quopri.encodestring(raw)
        elif cte == "base64":
            raw = base64.encodebytes(raw)
        doc = read_email(eml(raw, cte=cte))
        assert "Your refund was sent today." in lintable(doc), (cte, lintable(doc))
        assert "that way" not in lintable(doc), (cte, style, lintable(doc))
        assert fake(doc) == []


def test_heuristic_sign_off_keeps_a_closing_apology_sentence() -> None:
    doc = read_email(
        eml(
            "Hi Ana,\n\nThe refund is on its way.\n\nSorry if you feel we let you "
            "down.\nBest,\nSam\nSupport Team\n"
        )
    )
    text = lintable(doc)
    assert "Sorry if you feel we let you down." in text
    assert "Sam" not in text and "Best," not in text
    assert len(fake(doc)) == 1


def test_inline_reply_below_a_quote_is_linted() -> None:
    body = (
        "On Mon, 2 Nov 2026, Ana <ana@example.com> wrote:\n> Where is my refund?\n\n"
        "Sorry if you feel ignored; it left today.\n"
    )
    [f] = fake(read_email(eml(body)))
    assert f.text.startswith("Sorry if you feel ignored")


# --- malformed input -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data, reason",
    [
        (b"Hi Ana,\n\nsorry if you feel ignored.\n", "not an e-mail"),
        (b"", "not an e-mail"),
        (b"From: a@b.c\nSubject: x\nContent-Type: application/pdf\n\n%PDF-1.4\n", "no text/plain"),
        (b"From: a@b.c\nSubject: x\n\n   \n", "empty"),
        (b"From: a@b.c\nSubject: x\n\x00\x01binary", "binary"),
        (
            b"From: a@b.c\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: "
            b"quoted-printable\n\nbad =81=8D bytes\n",
            "not valid utf-8 (nor cp1252)",
        ),
        (
            b"From: a@b.c\nContent-Type: text/plain; charset=shift_jis\n"
            b"Content-Transfer-Encoding: quoted-printable\n\nbad =FF=FF bytes\n",
            "not valid shift_jis",
        ),
    ],
)
def test_malformed_messages_are_one_clear_error(data: bytes, reason: str) -> None:
    with pytest.raises(InputError) as err:
        read_email(data, path="bad.eml")
    assert err.value.path == "bad.eml"
    assert reason in err.value.reason
    assert "\n" not in str(err.value)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400))
def test_garbage_is_an_input_error_or_a_document(data: bytes) -> None:
    try:
        doc = read_email(b"From: a@b.c\nSubject: x\n" + data)
    except InputError:
        return
    for seg in doc.segments:
        assert len(seg.starts or seg.text) == len(seg.text)
        for i in range(len(seg.text)):
            assert 0 <= seg.to_source(i) <= seg.to_source_end(i + 1) <= len(doc.source)


@settings(max_examples=40, deadline=None)
@given(st.binary(max_size=300))
def test_random_bytes_never_raise_anything_but_input_error(data: bytes) -> None:
    try:
        read_email(data)
    except InputError:
        pass


# --- hypothesis: positions map back through every encoding ---------------------------------

WORDS = st.sampled_from(
    [*PROSE_WORDS, "José", "naïve", "日本", "{{ name }}", "%FIRST_NAME%", "=", "=3D"]
)
PROSE = st.lists(WORDS, max_size=12).map(" ".join)
PHRASE = st.sampled_from(
    [
        "sorry if you feel that way",
        "Sorry if you felt ignored",
        "I’m sorry if you feel that way",
        "sorry if\nyou feel that way",
    ]
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    before=PROSE,
    phrase=PHRASE,
    after=PROSE,
    quoted=PROSE,
    cte=st.sampled_from(["8bit", "quoted-printable", "base64"]),
    crlf=st.booleans(),
)
def test_positions_map_back(
    before: str, phrase: str, after: str, quoted: str, cte: str, crlf: bool
) -> None:
    body = (
        f"{before}\n{phrase}. {after}\n\nOn Mon, 2 Nov 2026, Ana <a@b.c> wrote:\n"
        f"> {quoted} sorry if you feel that way.\n"
    )
    raw = body.encode()
    if cte == "quoted-printable":
        raw = quopri.encodestring(raw)
    elif cte == "base64":
        raw = base64.encodebytes(raw)
    doc = read_email(eml(raw, cte=cte, crlf=crlf))
    findings = fake(doc)
    assert len(findings) == 1, (body, findings)
    [f] = findings
    span = doc.source[f.start : f.end]
    if cte == "8bit":
        assert span == f.text
        written = phrase.replace("\n", "\r\n") if crlf else phrase
        at = doc.source.index(written)
        assert at <= f.start < f.end <= at + len(written)
    elif cte == "quoted-printable":  # ("\r" reads as a space in the linted text)
        assert quopri.decodestring(span.encode()).decode().split() == f.text.split()
    else:
        decoded = base64.b64decode("".join(span.split())).decode("utf-8", "ignore")
        assert " ".join(f.text.split()) in " ".join(decoded.split())
    assert doc.position(f.start) == (f.line, f.column)
    assert f.line > doc.source.count("\n", 0, doc.source.index("\n\n" if not crlf else "\r\n\r\n"))


# --- the shared detector on plain text (also used by the text and HTML readers) -------------------

REPLY = "Your refund was sent today."
HIDDEN_CASES = {
    "quoted lines": f"{REPLY}\n\n> sorry if you feel that way\n>> earlier\n",
    "supercite quote": f"{REPLY}\n\nAna> sorry if you feel that way\n",
    "attribution wrapped over three lines": (
        f"{REPLY}\n\nOn Nov 21, 2014,\nat 10:18,\nJohn Doe <john@doe.com> wrote:\n\n> HIDE\n"
    ),
    "attribution split by a soft line break": (
        f"{REPLY}\n\nOn Mon, Jun 3, 2024 at 12:53 AM Cody <c@x.com> w=\nrote:\n\n> HIDE\n"
    ),
    "German": f"{REPLY}\n\nAm 13.12.2017 21:11 schrieb John <j@x.de>:\n\nHIDE\n",
    "French": f"{REPLY}\n\nLe 29 avr. 2025 à 11:11, Chris <c@x.fr> a écrit :\n\nHIDE\n",
    "Dutch": f'{REPLY}\n\nOp 16 aug. 2014 05:13 schreef "c" <c@x.nl> het\n'
    "volgende geschreven:\n\nHIDE\n",
    "Polish": f"{REPLY}\n\nW dniu 2017-01-09 11:59:39 użytkownik Q <q@x.pl> napisał:\n\nHIDE\n",
    "Swedish": f"{REPLY}\n\nDen 24 nov. 2025 kl. 10.00 skrev Peter <p@x.se>:\n\nHIDE\n",
    "Russian (Gmail)": f"{REPLY}\n\nср, 30 апр. 2025 г. в 15:19, John <d@x.ru>:\n\nHIDE\n",
    "Japanese": f"{REPLY}\n\n2022年1月1日(金) 9:00 田中太郎 <taro@x.jp>:\n\nHIDE\n",
    "Chinese": f"{REPLY}\n\n在 2016年12月12日，下午8:45，Erlend <m@x.com> 写道：\n\nHIDE\n",
    "Zoho": f"{REPLY}\n\n---- On Wed, 24 Feb 2021 14:02:50 +0530 j@x.com wrote ----\n\nHIDE\n",
    "old Gmail": f"{REPLY}\n\n2016-03-03 17:21 GMT+01:00 Some One <s@x.com>:\n\nHIDE\n",
    "Outlook header block": f"{REPLY}\n\nFrom: Ana\nSent: Monday\nTo: Us\nSubject: Hi\n\nHIDE\n",
    "French Outlook block (nbsp)": (
        f"{REPLY}\n\n      De : Ana <a@x.fr>\n \u00a0À : Us\n Envoyé le : Lundi\n\nHIDE\n"
    ),
    "Chinese Outlook block": f"{REPLY}\n\n发件人: Ana <a@x.cn>\n主题: Hi\n\nHIDE\n",
    "Original Message": f"{REPLY}\n\n-----Ursprüngliche Nachricht-----\nHIDE\n",
    "forwarded": f"{REPLY}\n\n---------- Forwarded message ----------\nHIDE\n",
    "signature delimiter": f"{REPLY}\n--\nHIDE\n",
    "mailing-list footer": f"{REPLY}\n\n__\nHIDE mailing list\n",
    "mobile signature": f"{REPLY}\n\nSent from my iPhone\n\nHIDE\n",
    "German mobile": f"{REPLY}\n\nGesendet von Outlook für Android<https://aka.ms/x>\n\nHIDE\n",
    "name and via mobile": f"{REPLY}\n\nHIDE Xxxxxx\nvia mobile\n",
    "valediction and name": f"{REPLY}\n\nKind regards,\nHIDE Smith\nSupport Team\n",
    "valediction and name, Danish": f"{REPLY}\n\nMed venlig hilsen\nHIDE Andersen\n",
    "dash name": f"{REPLY}\n\n-HIDE Kona\n",
    "contact block": f"{REPLY}\n\nHIDE Doe\nhide@example.com\n(555) 346-9947\nwww.example.com\n",
    "dash separator before a signature": f"{REPLY}\n\n----------\nHIDE Doe\nt. 555-931-0702\n",
}


@pytest.mark.parametrize("name", sorted(HIDDEN_CASES))
def test_shared_detector_hides(name: str) -> None:
    text = HIDDEN_CASES[name]
    shown = quotes.blank(text, quotes.hidden_ranges(text))
    assert REPLY in shown, name
    assert "HIDE" not in shown and "hide@" not in shown, (name, shown)
    doc = read_text(text)  # the plain-text reader uses the same detector
    assert "HIDE" not in doc.segments[0].text


KEPT_CASES = {
    "On at the start of a sentence": "On the one hand, KEEP.\nOn the other hand, sorry.",
    "a line ending in wrote without date or address": "Something wrote:\nKEEP this line.",
    "URL with wrote": "See https://example.com/on-date-someone-wrote-about-parsing KEEP",
    "sent from in a sentence": "Here is another email\n\nSent from my desk, is much easier KEEP.",
    "Sent from a …": "KEEP this.\n\nSent from a magnificent torch of pixels",
    "regards in a sentence": "I wanted to write with regards to the payment KEEP.",
    "dashes inside a line": "And here is a fix -- this is not a signature KEEP.",
    "dash list items": "-- first point KEEP\n-- and also the third point\nThanks!",
    "bare closing thanks (KEEP)": "The refund left today.\n\nthanks",
    "closing thanks sentence before a sign-off": "Thanks for your patience, KEEP.\nBest,\nSam",
    "closing apology sentence before a sign-off": "Sorry again for the trouble KEEP.\nBest,\nSam",
    "header block opening the text": "Od: Jan <j@x.pl>\nWysłano: środa\nTemat: Test\n\nKEEP Anno",
    "attribution opening the text, not quoted": (
        'On 15 May 2017 19:32, "Sprite" <s@x.com> wrote:\n\nKEEP the intent was clear.'
    ),
    "inline reply below a quote": (
        "On Mon, 2 Nov 2026, Ana <a@x.com> wrote:\n> q\n\nKEEP reply\n\n> q2\n"
    ),
    "apology line below a valediction": "Refund sent.\n\nthanks\nsorry if you feel KEEP",
    "P.S. after the name": "Best,\nSam\n\nP.S. Sorry again for the mix-up, we will KEEP it.",
}


@pytest.mark.parametrize("name", sorted(KEPT_CASES))
def test_shared_detector_keeps(name: str) -> None:
    text = KEPT_CASES[name]
    shown = quotes.blank(text, quotes.hidden_ranges(text))
    needle = "KEEP" if "KEEP" in text else "thanks"
    assert needle in shown, (name, quotes.find_hidden(text))


def test_hidden_ranges_are_ordered_and_tagged() -> None:
    text = (
        "Thanks!\n\nOn Mon, 2 Nov 2026, Ana <a@x.com> wrote:\n> q\n\nMore.\n\nBest,\nSam\n"
        "-- \nSam Support\n"
    )
    found = quotes.find_hidden(text)
    assert [h.kind for h in found] == ["quote", "signature"]
    assert all(a.end <= b.start for a, b in zip(found, found[1:], strict=False))
    assert text[found[0].start :].startswith("On Mon")
    assert text[found[1].start :].startswith("Best,")
    assert quotes.hidden_ranges(text) == [(h.start, h.end) for h in found]
    blanked = quotes.blank(text, quotes.hidden_ranges(text))
    assert len(blanked) == len(text) and blanked.count("\n") == text.count("\n")
