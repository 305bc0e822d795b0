"""Collections: JSON, JSON Lines, CSV and YAML files holding many replies.

Every finding names its record, and its offsets point into the file where the record's text is:
for JSON the slice json-decodes to the finding's text, for CSV it is the cell's characters (a
``""`` standing for a quote), for YAML the same words with the scalar's folding.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from apologylint import Document, Finding, InputError, read
from apologylint.readers.collection import EXPERIMENTAL_FORMATS, detect_shape, read_collection

ROOT = Path(__file__).resolve().parents[1]
HELPDESK = Path(__file__).resolve().parents[2] / "shared" / "fixtures" / "helpdesk"
EXPORTS = ROOT / "corpus" / "examples" / "exports"


def fixture(name: str) -> tuple[str, str]:
    path = HELPDESK / name
    if not path.is_file():
        pytest.skip(f"shared helpdesk fixtures not present ({HELPDESK}); see shared/fixtures")
    return path.read_text(encoding="utf-8"), str(path)


def example(name: str) -> tuple[str, str]:
    path = EXPORTS / name
    return path.read_text(encoding="utf-8"), str(path)


def lint(linter, doc: Document | None) -> list[Finding]:
    assert doc is not None
    findings = linter.lint(doc)
    for f in findings:
        assert (f.line, f.column) == doc.position(f.start)
        assert (f.end_line, f.end_column) == doc.position(f.end)
    return findings


def words(text: str) -> str:
    return " ".join(text.split())


def assert_json_positions(doc: Document, findings: list[Finding]) -> None:
    """The source slice of each finding is a JSON string fragment decoding to its text."""
    for f in findings:
        decoded = json.loads('"' + doc.source[f.start : f.end] + '"')
        assert decoded == f.text, (f, doc.source[f.start : f.end])


def assert_copied_positions(doc: Document, findings: list[Finding]) -> None:
    """Plain-text records: the source slice is the finding's words (up to folding/quotes)."""
    for f in findings:
        raw = doc.source[f.start : f.end].replace('""', '"')
        assert words(raw) == words(f.text), (f, raw)


# -- the real fixtures ------------------------------------------------------------------------


def test_zendesk_single_macro_fixture(linter) -> None:
    src, path = fixture("nukosuke__go-zendesk__macro.json")
    doc = read_collection(src, path=path)
    assert doc is not None and doc.format == "zendesk" and doc.path == path
    assert detect_shape(json.loads(src)) == "zendesk"
    [seg] = doc.segments
    assert seg.record == 'macro 360111062754 "Close and redirect to topics"'
    assert seg.text.startswith("Thanks for your request. This issue you reported")
    assert seg.starts is None and src[seg.offset : seg.offset + len(seg.text)] == seg.text
    assert lint(linter, doc) == []


def test_zendesk_triggers_fixture_subjects_and_bodies(linter) -> None:
    src, path = fixture("nukosuke__go-zendesk__triggers.json")
    doc = read_collection(src, path=path)
    assert doc is not None and doc.format == "zendesk"
    records = [s.record for s in doc.segments]
    assert records[0] == records[1] == 'trigger 360056295714 "Notify requester of received request"'
    texts = [s.text for s in doc.segments]
    assert texts[0] == "[Request received]"
    assert texts[1].startswith("Your request (XXXXXXXXXXXXX) has been received")
    # the notification_group action (subject with \" escapes) is read too
    group = [s for s in doc.segments if s.record and "Notify group of assignment" in s.record]
    assert group and group[0].text.startswith("[" + "X" * 18 + '] "' + "X" * 21 + '" assignment')
    for seg in doc.segments:  # every character maps to its source span
        decoded = json.loads(src[seg.to_source(0) - 1 : seg.to_source_end(len(seg.text)) + 1])
        assert len(decoded) == len(seg.text)
        for i, ch in enumerate(seg.text):
            piece = src[seg.to_source(i) : seg.to_source_end(i + 1)]
            assert ch == "X" or json.loads(f'"{piece}"') == ch
    assert lint(linter, doc) == []


def test_zendesk_automations_fixture() -> None:
    src, path = fixture("nukosuke__go-zendesk__automations.json")
    doc = read_collection(src, path=path)
    assert doc is not None
    # the first automation only closes tickets: no text; the two reminders have subject + body
    assert [s.record for s in doc.segments] == [
        'automation 360017421119 "Pending notification 24 hours"'
    ] * 2 + ['automation 360017421139 "Pending notification 5 days"'] * 2
    assert "awaits your feedback" in doc.segments[1].text
    assert "\n\n" in doc.segments[1].text  # the \n\n escapes are a paragraph break


def test_osticket_canned_responses_fixture() -> None:
    src, path = fixture("osTicket__osTicket__premade.yaml")
    doc = read_collection(src, path=path)
    assert doc is not None and detect_shape(yaml.safe_load(src)) == "osticket"
    assert [s.record for s in doc.segments] == [
        "What is osTicket (sample)?",
        "Sample (with variables)",
    ]
    first, second = doc.segments
    assert first.text.startswith("osTicket is a widely-used open source support ticket system")
    assert "notes" not in first.text and "Canned Attachments" not in first.text
    assert "<br>" not in second.text and "%{" not in second.text
    assert second.text.startswith("Hi XXXXXXXXXXXXXXXXXXXX,")
    i = second.text.index("Your ticket")
    assert src[second.to_source(i) : second.to_source_end(i + 11)] == "Your ticket"


def test_osticket_email_template_fixture(linter) -> None:
    src, path = fixture("osTicket__osTicket__ticket.autoresp.yaml")
    doc = read_collection(src, path=path)
    assert doc is not None
    subject, body = doc.segments
    assert subject.text.strip() == "Support Ticket Opened [#XXXXXXXXXXXXXXXX]"
    assert "Sent to a user" not in body.text  # notes are for the admin
    assert "<" not in body.text and "login to your account" in body.text
    i = body.text.index("A request for support")
    assert src[body.to_source(i) : body.to_source_end(i + 21)] == "A request for support"
    assert lint(linter, doc) == []


def test_macro_csv_fixture(linter) -> None:
    src, path = fixture("phsilveira__cs_automation_app__macros.csv")
    doc = read_collection(src, path=path)
    assert doc is not None and doc.format == "csv"
    rows = list(csv.DictReader(io.StringIO(src, newline="")))
    assert len(doc.segments) == len([r for r in rows if r["answer"].strip()])
    assert doc.segments[0].record == "200"
    assert doc.segments[1].text.startswith("In order to ensure")
    assert '"My Account"' in doc.segments[1].text
    findings = lint(linter, doc)
    assert {(f.code, f.record) for f in findings} >= {("NA101", "306"), ("SA103", "310")}
    assert_copied_positions(doc, findings)
    apologies = [f for f in findings if f.record == "310"]
    assert apologies[0].line == 8 and apologies[0].text == "apologize for the inconvenience"


# -- the example exports -----------------------------------------------------------------------

EXAMPLES = {
    "zendesk-macros.json": (
        "zendesk",
        {
            ('macro 360001 "Late delivery"', "SA101"),
            ('macro 360002 "Refund declined - outside window"', "DF104"),
            ('macro 360002 "Refund declined - outside window"', "DM101"),
            ('macro 360002 "Refund declined - outside window"', "FA101"),
            ('macro 360004 "Account locked after password resets"', "SA101"),
        },
        [
            'macro 360003 "Wrong size sent - replacement"',
            'macro 360005 "Duplicate charge - refunded"',
        ],
    ),
    "freshdesk-canned-responses.json": (
        "freshdesk",
        {
            ('43000512880 "Complaint about tone of previous agent"', "FA108"),
            ('43000512880 "Complaint about tone of previous agent"', "DF104"),
        },
        ['43000512874 "Subscription cancelled by mistake"', '43000512885 "Password reset link"'],
    ),
    "helpscout-saved-replies.json": (
        "helpscout",
        {
            ('7331 "Shipping delay - weather"', "SA101"),
            ('7345 "Repeat question - billing date"', "DF104"),
        },
        ['7332 "Damaged item - replacement sent"', '7340 "Feature request - dark mode"'],
    ),
    "intercom-saved-replies.json": (
        "intercom",
        {
            ('1180362 "Data export limits"', "SA104"),
        },
        ['1180351 "Outage yesterday"'],
    ),
    "canned-replies.csv": (
        "csv",
        {
            ('102 "Price drop after purchase"', "FA103"),
            ('104 "Repeat contact about refund"', "DF104"),
            ('104 "Repeat contact about refund"', "DM101"),
        },
        ['101 "Where is my order"', '103 "Item missing from box"'],
    ),
    "canned-replies.yaml": (
        "yaml",
        {
            ('policy "Refund outside the window"', "FA101"),
            ('policy "Refund outside the window"', "DM101"),
            ('warranty "Warranty question asked again"', "DF104"),
            ('warranty "Warranty question asked again"', "FA101"),
        },
        ['welcome "Welcome after sign-up"', 'late-reply "Apology for a slow reply"'],
    ),
}


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_example_exports(linter, name: str) -> None:
    fmt, expected, clean = EXAMPLES[name]
    src, path = example(name)
    doc = read_collection(src, path=path, explicit=False)
    assert doc is not None and doc.format == fmt
    findings = lint(linter, doc)
    got = {(f.record, f.code) for f in findings}
    assert expected <= got, sorted(got)
    records = {s.record for s in doc.segments}
    for record in clean:
        assert record in records
        assert not [f for f in findings if f.record == record], record
    for f in findings:
        raw = doc.source[f.start : f.end]
        if name.endswith(".json") and "<" not in src:
            assert json.loads(f'"{raw}"') == f.text
        # the source slice holds the finding's first and last word
        first, last = f.text.split()[0], f.text.split()[-1]
        assert raw.replace('""', '"').startswith(first[:2]) or "&" in raw or "\\u" in raw, (f, raw)
        assert re.sub(r"\W", "", last)[-2:] in re.sub(r"\W", "", raw), (f, raw)


def test_example_zendesk_html_with_unicode_escapes(linter) -> None:
    """comment_value_html written with \\u003c escapes: the HTML reader sees the decoded HTML
    and positions compose through both maps."""
    src, path = example("zendesk-macros.json")
    doc = read_collection(src, path=path)
    assert doc is not None
    locked = [s for s in doc.segments if s.record and "360004" in s.record]
    assert locked and "\\u003c" not in locked[0].text and "<p>" not in locked[0].text
    assert "five failed attempts & there’s no way" in locked[0].text
    findings = [f for f in lint(linter, doc) if f.record and "360004" in f.record]
    assert findings
    for f in findings:
        assert json.loads(f'"{src[f.start : f.end]}"') == f.text


def test_read_api_uses_the_collection_reader(linter) -> None:
    doc = read(EXPORTS / "zendesk-macros.json")
    assert doc is not None and doc.format == "zendesk"
    assert any(f.record == 'macro 360001 "Late delivery"' for f in linter.lint(doc))
    assert read(EXPORTS / "canned-replies.csv").format == "csv"


def test_experimental_formats_are_marked() -> None:
    assert {"freshdesk", "helpscout", "intercom"} == EXPERIMENTAL_FORMATS


# -- Zendesk shapes ----------------------------------------------------------------------------

MACRO = {
    "id": 7,
    "title": "Sorry note",
    "actions": [
        {"field": "status", "value": "solved"},
        {"field": "comment_value", "value": ["channel:all", "We are sorry if you feel that way."]},
    ],
}


@pytest.mark.parametrize(
    "data",
    [
        {"macros": [MACRO], "next_page": None, "count": 1},
        [MACRO],
        {"macro": MACRO},
        MACRO,
    ],
)
def test_zendesk_macro_shapes(linter, data) -> None:
    src = json.dumps(data, indent=2)
    assert detect_shape(json.loads(src)) == "zendesk"
    doc = read_collection(src, path="macros.json")
    [f] = [f for f in lint(linter, doc) if f.code == "FA101"]
    assert f.record == 'macro 7 "Sorry note"'
    assert src[f.start : f.end] == f.text == "sorry if you feel"


def test_zendesk_notifications_of_every_kind(linter) -> None:
    data = {
        "triggers": [
            {
                "id": 1,
                "title": "T",
                "conditions": {},
                "actions": [
                    {"field": "notification_target", "value": ["9", "Sorry if you feel that way."]},
                    {
                        "field": "notification_webhook",
                        "value": ["3", '{"ticket": "{{ticket.id}}"}'],
                    },
                    {
                        "field": "notification_sms_user",
                        "value": ["requester_id", "Hi, sorry if you felt ignored.", 12],
                    },
                    {
                        "field": "notification_user",
                        "value": [
                            "requester_id",
                            "Sorry if you feel that way",
                            "<p>We apologise if you were upset.</p>",
                        ],
                    },
                ],
            }
        ]
    }
    src = json.dumps(data)
    doc = read_collection(src, path="t.json")
    texts = [s.text for s in doc.segments]
    assert texts[0] == "Sorry if you feel that way."
    assert not any("ticket" in t for t in texts)  # the webhook payload is not prose
    assert "We apologise if you were upset." in texts[-1] and "<p>" not in texts[-1]
    assert {f.record for f in lint(linter, doc)} == {'trigger 1 "T"'}


# -- generic mode ------------------------------------------------------------------------------


def test_generic_json_auto_text_key_and_labels(linter) -> None:
    data = {
        "data": [
            {"id": "r1", "title": "Refund", "body": "Sorry if you feel that way."},
            {"key": "r2", "reply": "All sorted, thanks!"},
            {"name": "Plain", "answer": "We apologise if you were upset."},
        ]
    }
    src = json.dumps(data, indent=1)
    assert detect_shape(json.loads(src)) == "generic"
    doc = read_collection(src, path="replies.json")
    assert [s.record for s in doc.segments] == ['r1 "Refund"', "r2", "Plain"]
    findings = lint(linter, doc)
    assert {f.record for f in findings} == {'r1 "Refund"', "Plain"}
    assert_json_positions(doc, findings)


@pytest.mark.parametrize(
    ("field", "records"),
    [
        ("reply.text", ["a", "b"]),
        ("/reply/text", ["a", "b"]),
        ("/items/1/reply/text", ["/items/1/reply/text"]),
    ],
)
def test_text_field_paths_and_pointers(linter, field: str, records: list[str]) -> None:
    data = {
        "items": [
            {"id": "a", "reply": {"text": "Sorry if you feel that way."}},
            {"id": "b", "reply": {"text": "Sorry if you felt let down."}},
        ]
    }
    src = json.dumps(data)
    doc = read_collection(src, path="x.json", text_field=field)
    assert [s.record for s in doc.segments] == records
    findings = lint(linter, doc)
    assert findings and {f.record for f in findings} == set(records)
    assert_json_positions(doc, findings)


def test_id_field_and_pointer_escapes() -> None:
    data = [{"meta": {"ref": "X-1"}, "a/b": "Sorry if you feel that way."}]
    doc = read_collection(json.dumps(data), path="x.json", text_field="/a~1b", id_field="meta.ref")
    assert [s.record for s in doc.segments] == ["X-1"]


@pytest.mark.parametrize(
    ("text_format", "expect"),
    [
        ("auto", "Sorry if you feel that way."),
        ("html", "Sorry if you feel that way."),
        ("text", "<b>Sorry</b> if you feel that way."),
    ],
)
def test_text_format(text_format: str, expect: str) -> None:
    src = json.dumps([{"id": 1, "body": "<b>Sorry</b> if you feel that way."}])
    doc = read_collection(src, path="x.json", text_format=text_format)
    assert doc.segments[0].text.strip() == expect


def test_html_entities_and_blocks_map_back(linter) -> None:
    src = json.dumps(
        [
            {
                "id": 1,
                "body_html": "<p>Hi&nbsp;Ana,</p><p>I&rsquo;m sorry if you "
                "feel that way.</p><blockquote>sorry if you feel "
                "that way</blockquote>",
            }
        ]
    )
    doc = read_collection(src, path="x.json")
    [seg] = doc.segments
    assert seg.text.startswith("Hi\xa0Ana,\n\nI’m sorry if you feel that way.")
    [f] = [f for f in lint(linter, doc) if f.code == "FA101"]
    assert src[f.start : f.end] == "sorry if you feel"


def test_jsonl(linter) -> None:
    lines = [
        {"id": 1, "text": "Thanks for waiting."},
        {"id": 2, "text": "Oh no \u2014 sorry if you feel that way."},
        "",
        {"text": "We apologise if you were upset."},
    ]
    src = "\n".join(json.dumps(x) if x else "" for x in lines) + "\n"
    doc = read_collection(src, path="r.jsonl")
    assert doc.format == "jsonl"
    findings = lint(linter, doc)
    assert {(f.record, f.line) for f in findings} == {("2", 2), ("line 4", 4)}
    assert_json_positions(doc, findings)
    # a .json file that is really JSON Lines is read as such
    assert read_collection(src, path="r.json").segments


def test_lists_and_mappings_of_strings_when_named() -> None:
    assert (
        read_collection(json.dumps(["Sorry if you feel that way."]), path="a.json", explicit=False)
        is None
    )
    doc = read_collection(json.dumps(["One.", "Sorry if you feel that way."]), path="a.json")
    assert [s.record for s in doc.segments] == ["#1", "#2"]
    doc = read_collection(
        "late: Sorry if you feel that way.\nrefund: All done.\n", path="replies.yaml"
    )
    assert [s.record for s in doc.segments] == ["late", "refund"]


def test_csv_columns(linter) -> None:
    src = (
        "Macro ID;Reply Text;Notes\r\n"
        'm1;"Hi,\r\n\r\nSorry if you feel ""let down"" by this.";internal\r\n'
        "m2;Sorry if you feel that way.;x\r\n"
    )
    doc = read_collection(src, path="m.csv")
    assert [s.record for s in doc.segments] == ["line 2", "line 5"]
    findings = lint(linter, doc)
    assert {(f.record, f.line) for f in findings if f.code == "FA101"} == {
        ("line 2", 4),
        ("line 5", 5),
    }
    assert_copied_positions(doc, findings)
    doc = read_collection(src, path="m.csv", text_field="Notes", id_field="Macro ID")
    assert [s.text for s in doc.segments] == ["internal", "x"]
    assert [s.record for s in doc.segments] == ["m1", "m2"]


def test_directives_inside_records(linter) -> None:
    src = (
        "id,body\n"
        '1,"Sorry if you feel that way. {# apologylint: disable-line #}"\n'
        "2,Sorry if you feel that way.\n"
    )
    doc = read_collection(src, path="d.csv")
    assert len(doc.directives) == 1
    assert "apologylint" not in doc.segments[0].text
    assert {f.record for f in lint(linter, doc) if f.code == "FA101"} == {"2"}


def test_placeholders_masked_in_records(linter) -> None:
    src = json.dumps(
        [{"id": 1, "body": "Hi {{ticket.requester.first_name}}, sorry if you feel that way."}]
    )
    doc = read_collection(src, path="p.json")
    assert "{{" not in doc.segments[0].text
    [f] = [f for f in lint(linter, doc) if f.code == "FA101"]
    assert src[f.start : f.end] == "sorry if you feel"


# -- a folder walk skips what is not an export; named files are errors -------------------------

NOT_EXPORTS = [
    ("package.json", '{"name": "site", "version": "1.0.0", "scripts": {"test": "jest"}}'),
    ("tsconfig.json", '{\n  // comments are not JSON\n  "compilerOptions": {}\n}\n'),
    ("docker-compose.yml", "services:\n  web:\n    image: nginx\n"),
    ("data.csv", "date,amount\n2024-01-01,12\n"),
    ("tags.json", '["billing", "refund"]'),
]


@pytest.mark.parametrize(("name", "src"), NOT_EXPORTS)
def test_walk_skips_unrecognised(name: str, src: str) -> None:
    assert read_collection(src, path=name, explicit=False) is None
    if name == "tags.json":
        return  # named explicitly, a list of strings is a collection
    with pytest.raises(InputError) as err:
        read_collection(src, path=name)
    assert str(err.value).startswith(name)


def test_empty_export_is_recognised() -> None:
    doc = read_collection('{"macros": [], "count": 0}', path="m.json", explicit=False)
    assert doc is not None and doc.segments == ()


# -- bad input: one clear error naming the file and the record or line ------------------------


@pytest.mark.parametrize(
    ("name", "src", "kwargs", "where", "reason"),
    [
        ("m.json", '{"macros": [\n  {"id": 1,}\n]}', {}, "m.json:2", "invalid JSON"),
        ("m.jsonl", '{"text": "ok"}\n{"text": nope}\n', {}, "m.jsonl:2", "invalid JSON line"),
        ("m.yaml", "- title: a\n  body: [unclosed\n- x\n", {}, "m.yaml:3", "invalid YAML"),
        ("m.csv", "id,question\n1,Where?\n", {}, "m.csv:1", "no text column"),
        ("m.csv", "id,body\n1,hello\n", {"text_field": "reply"}, "m.csv:1", "no column 'reply'"),
        ("m.csv", 'id,body\n1,ok\n2,"never closed\n', {}, "m.csv:3", "unterminated quoted field"),
        (
            "m.json",
            json.dumps(
                {
                    "macros": [
                        {
                            "id": 5,
                            "title": "Bad",
                            "actions": [{"field": "comment_value", "value": 42}],
                        }
                    ]
                }
            ),
            {},
            'm.json [macro 5 "Bad"]',
            "field 'comment_value' is a number, not a string",
        ),
        (
            "m.json",
            json.dumps([{"id": "r9", "body": {"html": "x"}}]),
            {"text_field": "body"},
            "m.json [r9]",
            "field 'body' is an object, not a string",
        ),
        (
            "m.jsonl",
            '{"id": 1, "text": "ok"}\n{"id": 2, "text": ["a"]}\n',
            {},
            "m.jsonl:2 [2]",
            "a list, not a string",
        ),
        (
            "m.json",
            json.dumps([{"id": 1, "body": "x"}]),
            {"format": "zendesk"},
            "m.json",
            "not a Zendesk",
        ),
        (
            "m.json",
            json.dumps([{"id": 1, "body": "x"}]),
            {"text_field": "nope"},
            "m.json",
            "no field 'nope' in any record",
        ),
        ("m.json", "[]", {"text_format": "markdown"}, "m.json", "unknown text format"),
    ],
)
def test_bad_input(name: str, src: str, kwargs: dict, where: str, reason: str) -> None:
    with pytest.raises(InputError) as err:
        read_collection(src, path=name, **kwargs)
    message = str(err.value)
    assert message.startswith(where + ":"), message
    assert reason in message, message
    assert "\n" not in message


def test_bad_input_in_a_walk_is_skipped() -> None:
    assert read_collection('{"a": ', path="x.json", explicit=False) is None


# -- hypothesis: positions always map back -----------------------------------------------------

PROSE = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="<>&{}[]%"),
    max_size=40,
)
PHRASE = st.sampled_from(
    ["sorry if you feel that way", "Sorry if you feel that way", "We apologise if you were upset"]
)


def _fake_apology(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.category == "fake-apology"]


@given(
    before=PROSE,
    phrase=PHRASE,
    after=PROSE,
    ascii_only=st.booleans(),
    indent=st.sampled_from([None, 2]),
)
def test_json_escaped_replies_map_back(
    linter, before: str, phrase: str, after: str, ascii_only: bool, indent: int | None
) -> None:
    reply = f"{before}\n\n{phrase}.\n\n{after}"
    data = {
        "macros": [
            {"id": 1, "title": 'a "t"', "actions": [{"field": "comment_value", "value": reply}]}
        ]
    }
    src = json.dumps(data, ensure_ascii=ascii_only, indent=indent)
    doc = read_collection(src, path="h.json")
    findings = lint(linter, doc)
    assert _fake_apology(findings), reply
    for f in findings:
        assert f.record == 'macro 1 "a \\"t\\""'
        assert json.loads('"' + src[f.start : f.end] + '"') == f.text


@given(before=PROSE, phrase=PHRASE, after=PROSE, style=st.sampled_from([None, '"', "'", "|", ">"]))
def test_yaml_scalars_map_back(
    linter, before: str, phrase: str, after: str, style: str | None
) -> None:
    reply = f"{before}\n\n{phrase}.\n\n{after}".strip() or phrase
    src = yaml.safe_dump(
        [{"id": "r", "body": reply}], default_style=style, allow_unicode=True, width=30
    )
    doc = read_collection(src, path="h.yaml")
    if doc.segments:
        seg = doc.segments[0]
        for i, ch in enumerate(seg.text):
            piece = src[seg.to_source(i) : seg.to_source_end(i + 1)]
            if not ch.isspace() and ch != "X":
                assert piece in (ch, "''") or piece.startswith("\\"), (ch, piece, src)
    for f in lint(linter, doc):
        assert f.record == "r"
        raw = src[f.start : f.end]
        assert raw[:1] == f.text[:1] or raw[:1] == "\\"


@given(
    before=PROSE,
    phrase=PHRASE,
    after=PROSE,
    delimiter=st.sampled_from([",", ";", "\t"]),
    crlf=st.booleans(),
)
def test_csv_cells_map_back(
    linter, before: str, phrase: str, after: str, delimiter: str, crlf: bool
) -> None:
    reply = f"{before}\n\n{phrase}.\n\n{after}"
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n" if crlf else "\n")
    writer.writerows([["id", "body"], ["c1", reply]])
    src = out.getvalue()
    doc = read_collection(src, path="h.csv")
    findings = lint(linter, doc)
    assert _fake_apology(findings), src
    for f in findings:
        assert f.record == "c1"
        assert src[f.start : f.end].replace('""', '"') == f.text
