"""Collections: one file holding many replies (JSON, JSON Lines, CSV, YAML).

A collection is read into ONE :class:`~apologylint.document.Document` whose ``source`` is the
whole file and whose segments are the records' texts; each segment's ``record`` names the record
(``macro 360001 "Late delivery"``, ``206``, ``line 4``…) and every character of its text maps
back to the file: JSON escapes to their escape sequence, YAML scalars through their folding
and quoting, CSV cells to the cell's characters (a ``""`` to both quotes). HTML bodies go
through the HTML reader (``readers.html.html_segments``); placeholders are masked, and
directives are found on the raw file and blanked wherever a text covers them.

Shapes (:func:`detect_shape`), recognised whatever the syntax:

``zendesk``
    Zendesk macros as the API returns them (``{"macros": [...]}``, a bare list, a single
    ``{"macro": {...}}``): ``actions[]`` whose ``field`` is ``comment_value`` or
    ``comment_value_html`` carry the reply, as a string or a ``[channel, text]`` pair. Triggers
    and automations (``{"triggers": [...]}``, ``{"automations": [...]}``): ``notification_*``
    actions carry ``[recipient, subject, body]`` (customer-facing mail; subject and body are
    linted), ``[target, message]`` or an SMS text.
``freshdesk`` (EXPERIMENTAL)
    Freshdesk canned responses (API v2): objects with ``id``, ``title``, ``content_html``
    and/or ``content``; ``content_html`` is linted when present.
``helpscout`` (EXPERIMENTAL)
    Help Scout saved replies (Mailbox API 2.0): ``{"_embedded": {"replies": [...]}}`` or a
    list of objects with ``id``, ``name``, ``text`` (HTML).
``intercom`` (EXPERIMENTAL)
    Intercom saved replies: ``{"type": "list", "data": [...]}`` or a list of objects with
    ``"type": "saved_reply"``, ``id``, ``name``/``title`` and an HTML ``body``.
``osticket``
    osTicket canned responses (a list of ``title`` + ``response``) and email templates (a
    mapping with ``subject`` and ``body``); HTML bodies with ``%{…}`` variables.
``generic``
    A list of records (or an object holding one: ``data``, ``items``, ``records``…) whose text
    is in a field named like body, text, answer, content, reply, response, message, comment or
    description — or the field ``text_field`` names: a key, a dotted path (``content.body``)
    or an RFC 6901 JSON pointer (``/data/0/body`` from the root, or ``/body`` applied to each
    record). A CSV's records are its rows under the header. Named explicitly, a list of strings
    or a mapping of names to strings is a collection too.

The three EXPERIMENTAL shapes follow the vendors' API documentation; no real export has
confirmed them yet (see :data:`EXPERIMENTAL_FORMATS`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..directives import Directive, find_directives
from ..document import Document, OffsetRuns, Segment
from ..errors import InputError
from . import quotes, templates
from ._collection_csv import CSVSyntaxError, load_csv
from ._collection_json import JSONSyntaxError, LocStr, load_json, load_jsonl
from ._collection_yaml import YAMLSyntaxError, load_yaml
from .html import html_segments

__all__ = ["EXPERIMENTAL_FORMATS", "SHAPES", "SYNTAXES", "detect_shape", "read_collection"]

#: File syntaxes a collection can be written in.
SYNTAXES = ("json", "jsonl", "csv", "yaml")
#: What :func:`detect_shape` can answer.
SHAPES = ("zendesk", "freshdesk", "helpscout", "intercom", "osticket", "generic")
#: Formats read from the vendors' documented API shapes, not yet confirmed by real exports.
EXPERIMENTAL_FORMATS = frozenset({"freshdesk", "helpscout", "intercom"})
HELPDESK_FORMATS = ("zendesk", "freshdesk", "helpscout", "intercom")
TEXT_FORMATS = ("text", "html", "auto")

#: Field names that hold a record's reply text (generic mode), in order of preference.
TEXT_KEYS = (
    "body",
    "body_html",
    "html_body",
    "text",
    "answer",
    "content",
    "content_html",
    "reply",
    "response",
    "message",
    "comment",
    "description",
)
ID_KEYS = ("id", "key", "uuid", "slug")
TITLE_KEYS = ("title", "name", "subject")
#: Keys of an object that wraps the list of records.
ENVELOPE_KEYS = (
    "data",
    "items",
    "records",
    "results",
    "replies",
    "responses",
    "entries",
    "rows",
    "macros",
    "templates",
    "saved_replies",
    "canned_responses",
    "messages",
)

_SUFFIX_SYNTAX = {
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".csv": "csv",
    ".yaml": "yaml",
    ".yml": "yaml",
}
_ZENDESK_ENVELOPES = (("macros", "macro"), ("triggers", "trigger"), ("automations", "automation"))
_NAMES = {
    "zendesk": "Zendesk macro/trigger/automation",
    "freshdesk": "Freshdesk canned response",
    "helpscout": "Help Scout saved reply",
    "intercom": "Intercom saved reply",
}
_TAG_LIKE = re.compile(r"</?[A-Za-z][A-Za-z0-9:-]*(?:\s[^<>]*)?/?>|<!--")
_ENTITY = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")
_TOKEN_SPLIT = re.compile(r"[^a-z0-9]+")
_TITLE_MAX = 60


@dataclass(frozen=True)
class _Text:
    """One text of one record: the value, how to read it, which record it belongs to."""

    value: Any
    hint: str  # text | html | auto
    record: str | None
    field: str


class _Records(list):  # type: ignore[type-arg]
    """A top-level list of records (JSON Lines, CSV rows) with a label and line for each
    (and, for CSV, the header)."""

    labels: list[str]
    lines: list[int]
    header: list[str]


def read_collection(
    text: str,
    *,
    path: str | None,
    format: str | None = None,
    text_field: str | None = None,
    id_field: str | None = None,
    text_format: str = "auto",
    explicit: bool = True,
    syntax: str | None = None,
) -> Document | None:
    """Read a collection file (already decoded) into one Document, one record per segment run.

    ``format`` forces a shape (``zendesk``, ``freshdesk``, ``helpscout``, ``intercom``) or a
    syntax (``json``, ``jsonl``, ``csv``, ``yaml``; the shape is then detected); ``syntax`` is
    the file syntax when known (else from ``format``, the path's suffix, or the text).
    ``text_field``/``id_field`` select the text and the record name in generic mode (a key,
    a dotted path or a JSON pointer; for CSV a column); ``text_format`` says how generic texts
    are written (``auto``: HTML when it has tags). With ``explicit=False`` (a folder walk) a file
    that does not parse or whose shape is not recognised gives ``None``; otherwise
    ``InputError`` naming the file (and the record or line).
    """
    if text_format not in TEXT_FORMATS:
        raise InputError(path, f"unknown text format {text_format!r} (one of: text, html, auto)")
    if format is not None and format not in SYNTAXES and format not in HELPDESK_FORMATS:
        raise InputError(
            path,
            f"{format!r} is not a collection format (one of: "
            f"{', '.join(HELPDESK_FORMATS + SYNTAXES)})",
        )
    syn = _syntax_of(format, syntax, path, text)
    try:
        data = _parse(text, syn)
    except (JSONSyntaxError, YAMLSyntaxError, CSVSyntaxError) as exc:
        if not explicit:
            return None
        raise InputError(path, exc.message, line=exc.line) from None
    shape_forced = format if format in HELPDESK_FORMATS else None
    texts, shape = _select(
        data,
        syn,
        shape_forced=shape_forced,
        text_field=text_field,
        id_field=id_field,
        text_format=text_format,
        explicit=explicit,
        path=path,
    )
    if texts is None:
        return None
    directives = tuple(find_directives(text))
    segments: list[Segment] = []
    for item in texts:
        segments.extend(_segments(item, directives, path))
    fmt = shape if shape in HELPDESK_FORMATS else syn
    return Document(
        source=text,
        segments=tuple(segments),
        path=path,
        record=None,
        format=fmt,
        directives=directives,
    )


def detect_shape(data: Any) -> str | None:
    """The shape of parsed collection data (one of :data:`SHAPES`), ``None`` when unknown."""
    if _zendesk_rules(data) is not None:
        return "zendesk"
    if _helpscout_replies(data) is not None:
        return "helpscout"
    if _intercom_replies(data) is not None:
        return "intercom"
    if _freshdesk_responses(data) is not None:
        return "freshdesk"
    if _osticket(data) is not None:
        return "osticket"
    records = _generic_records(data)
    dicts = [r for r, _, _ in records if isinstance(r, dict)]
    hits = sum(1 for r in dicts if _text_key(r, loose=False) is not None)
    if hits and hits * 2 >= len(dicts) and len(dicts) * 2 >= len(records):
        return "generic"
    return None


# -- parsing ---------------------------------------------------------------------------------


def _syntax_of(format: str | None, syntax: str | None, path: str | None, text: str) -> str:
    if syntax in SYNTAXES:
        return syntax
    if format in SYNTAXES:
        return format
    by_suffix = _SUFFIX_SYNTAX.get(Path(path or "").suffix.lower())
    if by_suffix:
        return by_suffix
    head = text.lstrip()[:1]
    return "json" if head in ("{", "[", '"') or format in HELPDESK_FORMATS else "yaml"


def _parse(text: str, syn: str) -> Any:
    if syn == "csv":
        return _csv_records(text)
    if syn == "yaml":
        return load_yaml(text)
    if syn == "jsonl":
        return _jsonl_records(text)
    try:
        return load_json(text)
    except JSONSyntaxError as exc:
        # A .json file holding JSON Lines (one object per line) is common: read it as such.
        if "Extra data" in exc.message and text.lstrip()[:1] == "{":
            try:
                return _jsonl_records(text)
            except JSONSyntaxError:
                pass
        raise


def _jsonl_records(text: str) -> _Records:
    records = _Records()
    records.labels, records.lines = [], []
    for line, value in load_jsonl(text):
        records.append(value)
        records.labels.append(f"line {line}")
        records.lines.append(line)
    return records


def _csv_records(text: str) -> _Records:
    rows = load_csv(text)
    records = _Records()
    records.labels, records.lines = [], []
    if not rows:
        records.header = []
        return records
    header = [str(h).strip() for h in rows[0]]
    records.header = header
    for row in rows[1:]:
        records.append({h: cell for h, cell in zip(header, row, strict=False) if h})
        records.labels.append(f"line {row.line}")
        records.lines.append(row.line)
    return records


# -- choosing the texts ----------------------------------------------------------------------


def _select(
    data: Any,
    syn: str,
    *,
    shape_forced: str | None,
    text_field: str | None,
    id_field: str | None,
    text_format: str,
    explicit: bool,
    path: str | None,
) -> tuple[list[_Text] | None, str | None]:
    if shape_forced is not None:
        texts = _shape_texts(shape_forced, data, text_format, path)
        if texts is None:
            raise InputError(
                path, f"not a {_NAMES[shape_forced]} export ({_describe(data)}; see --input-format)"
            )
        return texts, shape_forced
    if syn == "csv":  # rows under a header: generic mode only
        texts = _generic_texts(data, text_field, id_field, text_format, syn, path)
        if texts is not None:
            return texts, "generic"
        if not explicit:
            return None, None
        if text_field:
            raise InputError(path, f"no column {text_field!r}{_available(data, syn)}", line=1)
        raise InputError(
            path,
            "no text column: expected one named like "
            f"{', '.join(TEXT_KEYS)} (or name it with --text-field)"
            f"{_available(data, syn)}",
            line=1,
        )
    if text_field:
        texts = _generic_texts(data, text_field, id_field, text_format, syn, path)
        if texts is not None:
            return texts, "generic"
        if explicit:
            raise InputError(path, f"no field {text_field!r} in any record{_available(data, syn)}")
    shape = detect_shape(data)
    if shape == "generic":
        texts = _generic_texts(data, None, id_field, text_format, syn, path)
        if texts is not None:
            return texts, "generic"
    elif shape is not None:
        return _shape_texts(shape, data, text_format, path), shape
    if explicit and not text_field:
        texts = _plain_strings(data, text_format)
        if texts is not None:
            return texts, "generic"
    if not explicit:
        return None, None
    raise InputError(
        path,
        "not a recognised collection: expected a Zendesk, Freshdesk, "
        "Help Scout, Intercom or osTicket export, or records with a body, "
        "text, answer, content, reply or message field (or name it with "
        "--text-field); "
        f"found {_describe(data)}",
    )


def _shape_texts(shape: str, data: Any, text_format: str, path: str | None) -> list[_Text] | None:
    if shape == "zendesk":
        return _zendesk_texts(data, text_format, path)
    if shape == "freshdesk":
        return _freshdesk_texts(data, text_format, path)
    if shape == "helpscout":
        return _simple_texts(
            _helpscout_replies(data), ("text",), "auto", text_format, path, title_keys=("name",)
        )
    if shape == "intercom":
        return _simple_texts(
            _intercom_replies(data),
            ("body",),
            "html",
            text_format,
            path,
            title_keys=("name", "title"),
        )
    if shape == "osticket":
        return _osticket_texts(data, text_format, path)
    return None


def _describe(data: Any) -> str:
    if isinstance(data, dict):
        keys = ", ".join(str(k) for k in list(data)[:6])
        return f"an object with keys {keys}" if keys else "an empty object"
    if isinstance(data, list):
        kinds = {type(x).__name__ for x in data}
        if kinds == {"dict"}:
            keys = ", ".join(str(k) for k in list(data[0])[:6])
            return f"a list of {len(data)} objects with keys like {keys}"
        return f"a list of {len(data)} items" if data else "an empty list"
    return f"a single {_kind(data)}"


def _available(data: Any, syn: str) -> str:
    if syn == "csv":
        header = getattr(data, "header", [])
        return f"; the header has: {', '.join(header)}" if header else "; the file is empty"
    records = [r for r, _, _ in _generic_records(data) if isinstance(r, dict)]
    if records:
        return f"; records have keys like {', '.join(str(k) for k in list(records[0])[:8])}"
    return ""


def _items(seq: list[Any]) -> Iterator[tuple[Any, str, int | None]]:
    """(item, default label, line) for each item of a list of records."""
    labels = getattr(seq, "labels", None)
    lines = getattr(seq, "lines", None)
    for i, item in enumerate(seq):
        if labels is not None and lines is not None:
            yield item, labels[i], lines[i]
        else:
            yield item, f"#{i + 1}", None


def _label(ident: Any, title: Any, default: str | None, kind: str | None = None) -> str | None:
    """``kind id "title"`` from what the record has; the default when it has neither."""
    parts = [kind] if kind else []
    has_id = isinstance(ident, (str, int)) and not isinstance(ident, bool) and str(ident).strip()
    has_title = isinstance(title, str) and title.strip()
    if has_id:
        parts.append(" ".join(str(ident).split()))
    if has_title:
        short = " ".join(title.split())
        if len(short) > _TITLE_MAX:
            short = short[: _TITLE_MAX - 1].rstrip() + "…"
        parts.append(json.dumps(short, ensure_ascii=False) if has_id or kind else short)
    if not has_id and not has_title:
        return f"{kind} {default}" if kind and default else default
    return " ".join(parts)


def _first(record: dict[str, Any], keys: Iterable[str]) -> Any:
    for key in keys:
        if key in record and record[key] is not None:
            return record[key]
    return None


def _string(value: Any, field: str, record: str | None, line: int | None, path: str | None) -> Any:
    """The value when it is a string (``None`` for null/empty); an error otherwise."""
    if value is None or isinstance(value, str):
        return value or None
    raise InputError(
        path, f"field {field!r} is {_kind(value)}, not a string", record=record, line=line
    )


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "null"
    return f"a {type(value).__name__}"


# -- Zendesk ---------------------------------------------------------------------------------


def _is_zendesk_rule(x: Any) -> bool:
    return (
        isinstance(x, dict)
        and isinstance(x.get("actions"), list)
        and ("title" in x or "id" in x)
        and all(isinstance(a, dict) and "field" in a for a in x["actions"])
    )


def _zendesk_kind(rule: dict[str, Any]) -> str:
    url = rule.get("url")
    if isinstance(url, str):
        for part, kind in (
            ("/macros/", "macro"),
            ("/triggers/", "trigger"),
            ("/automations/", "automation"),
        ):
            if part in url:
                return kind
    return "trigger" if "conditions" in rule else "macro"


def _zendesk_rules(data: Any) -> list[tuple[Any, str, str, int | None]] | None:
    """(rule, kind, default label, line) of each macro/trigger/automation, or None."""
    if isinstance(data, dict):
        for key, kind in _ZENDESK_ENVELOPES:
            if isinstance(data.get(key), list) and all(_is_zendesk_rule(r) for r in data[key]):
                return [(r, kind, label, line) for r, label, line in _items(data[key])]
        for key, kind in ((k[:-1], k[:-1]) for k, _ in _ZENDESK_ENVELOPES):
            if _is_zendesk_rule(data.get(key)):
                return [(data[key], kind, "", None)]
        if _is_zendesk_rule(data):
            return [(data, _zendesk_kind(data), "", None)]
        return None
    if isinstance(data, list) and data and all(_is_zendesk_rule(r) for r in data):
        return [(r, _zendesk_kind(r), label, line) for r, label, line in _items(data)]
    return None


def _zendesk_texts(data: Any, text_format: str, path: str | None) -> list[_Text] | None:
    rules = _zendesk_rules(data)
    if rules is None:
        return None
    out: list[_Text] = []
    for rule, kind, default, line in rules:
        record = _label(rule.get("id"), rule.get("title"), default or None, kind)
        for action in rule["actions"]:
            field, value = action.get("field"), action.get("value")
            if not isinstance(field, str):
                continue
            if field in ("comment_value", "comment_value_html"):
                if isinstance(value, list):  # [channel, text]
                    value = value[-1] if value else None
                value = _string(value, field, record, line, path)
                if value:
                    hint = "html" if field.endswith("_html") else text_format
                    out.append(_Text(value, hint, record, field))
            elif field.startswith("notification_") and isinstance(value, list):
                out.extend(
                    _Text(v, text_format, record, field)
                    for v in _notification_texts(field, value, record, line, path)
                )
    return out


def _notification_texts(
    field: str, value: list[Any], record: str | None, line: int | None, path: str | None
) -> list[Any]:
    """Subject and body of a notification action (what the customer reads)."""
    if field in ("notification_user", "notification_group") or (
        len(value) >= 3 and not field.startswith("notification_sms")
    ):
        picked = value[1:3]
    elif len(value) >= 2:  # [target, message], [recipient, text, phone number id]
        picked = value[1:2]
    else:
        return []
    out = []
    for v in picked:
        v = _string(v, field, record, line, path)
        if not v:
            continue
        if field == "notification_webhook" and v.lstrip()[:1] in ("{", "["):
            continue  # a JSON payload for a machine, not prose
        out.append(v)
    return out


# -- Freshdesk, Help Scout, Intercom (EXPERIMENTAL) ------------------------------------------


def _is_freshdesk(x: Any) -> bool:
    return isinstance(x, dict) and ("content_html" in x or ("folder_id" in x and "content" in x))


def _freshdesk_responses(data: Any) -> list[tuple[Any, str, int | None]] | None:
    """EXPERIMENTAL: Freshdesk canned responses, a list of them or one."""
    if _is_freshdesk(data):
        return [(data, "", None)]
    if isinstance(data, list) and data and all(_is_freshdesk(x) for x in data):
        return list(_items(data))
    if (
        isinstance(data, dict)
        and isinstance(data.get("canned_responses"), list)
        and data["canned_responses"]
        and all(_is_freshdesk(x) for x in data["canned_responses"])
    ):
        return list(_items(data["canned_responses"]))
    return None


def _freshdesk_texts(data: Any, text_format: str, path: str | None) -> list[_Text] | None:
    """EXPERIMENTAL: ``content_html`` of each canned response, else its ``content``."""
    responses = _freshdesk_responses(data)
    if responses is None:
        return None
    out = []
    for item, default, line in responses:
        record = _label(item.get("id"), item.get("title"), default or None)
        html = _string(item.get("content_html"), "content_html", record, line, path)
        if html:
            out.append(_Text(html, "html", record, "content_html"))
            continue
        text = _string(item.get("content"), "content", record, line, path)
        if text:
            out.append(_Text(text, text_format, record, "content"))
    return out


def _is_helpscout(x: Any) -> bool:
    return isinstance(x, dict) and "text" in x and "name" in x and "body" not in x


def _helpscout_replies(data: Any) -> list[tuple[Any, str, int | None]] | None:
    """EXPERIMENTAL: Help Scout saved replies (``_embedded.replies``, a list, or one)."""
    if isinstance(data, dict):
        embedded = data.get("_embedded")
        if isinstance(embedded, dict) and isinstance(embedded.get("replies"), list):
            return list(_items(embedded["replies"]))
        if _is_helpscout(data) and "id" in data:
            return [(data, "", None)]
        return None
    if isinstance(data, list) and data and all(_is_helpscout(x) for x in data):
        return list(_items(data))
    return None


def _is_intercom(x: Any) -> bool:
    return isinstance(x, dict) and x.get("type") == "saved_reply"


def _intercom_replies(data: Any) -> list[tuple[Any, str, int | None]] | None:
    """EXPERIMENTAL: Intercom saved replies (``{"type": "list", "data": [...]}``, a list, one)."""
    if isinstance(data, dict):
        if (
            data.get("type") == "list"
            and isinstance(data.get("data"), list)
            and all(isinstance(x, dict) and "body" in x for x in data["data"])
        ):
            return list(_items(data["data"]))
        return [(data, "", None)] if _is_intercom(data) else None
    if isinstance(data, list) and data and all(_is_intercom(x) for x in data):
        return list(_items(data))
    return None


def _simple_texts(
    records: list[tuple[Any, str, int | None]] | None,
    text_keys: tuple[str, ...],
    hint: str,
    text_format: str,
    path: str | None,
    *,
    title_keys: tuple[str, ...],
) -> list[_Text] | None:
    if records is None:
        return None
    out = []
    for item, default, line in records:
        if not isinstance(item, dict):
            raise InputError(
                path, f"record is {_kind(item)}, not an object", record=default or None, line=line
            )
        record = _label(item.get("id"), _first(item, title_keys), default or None)
        for key in text_keys:
            value = _string(item.get(key), key, record, line, path)
            if value:
                out.append(
                    _Text(value, hint if text_format == "auto" else text_format, record, key)
                )
    return out


# -- osTicket --------------------------------------------------------------------------------


def _osticket(data: Any) -> str | None:
    """``canned`` (a list of title + response) or ``email`` (subject + body), else None."""
    if (
        isinstance(data, list)
        and data
        and all(isinstance(x, dict) and "response" in x and "title" in x for x in data)
    ):
        return "canned"
    if (
        isinstance(data, dict)
        and isinstance(data.get("subject"), str)
        and isinstance(data.get("body"), str)
    ):
        return "email"
    return None


def _osticket_texts(data: Any, text_format: str, path: str | None) -> list[_Text] | None:
    kind = _osticket(data)
    if kind == "canned":
        return _simple_texts(
            list(_items(data)), ("response",), text_format, text_format, path, title_keys=("title",)
        )
    if kind == "email":
        record = Path(path).stem if path else None
        return [
            _Text(data[key], text_format, record, key) for key in ("subject", "body") if data[key]
        ]
    return None


# -- generic ---------------------------------------------------------------------------------


def _generic_records(data: Any) -> list[tuple[Any, str | None, int | None]]:
    if isinstance(data, list):
        return list(_items(data))
    if isinstance(data, dict):
        for key in ENVELOPE_KEYS:
            if isinstance(data.get(key), list):
                return list(_items(data[key]))
        lists = [
            k
            for k, v in data.items()
            if isinstance(v, list) and v and all(isinstance(x, dict) for x in v)
        ]
        if len(lists) == 1:
            return list(_items(data[lists[0]]))
        return [(data, None, None)]
    return []


def _text_key(record: dict[str, Any], *, loose: bool) -> str | None:
    """The key holding the record's text: a known name (any case), or — for CSV headers —
    a key with a known name among its words (``Reply Text``, ``macro_body``)."""
    folded = {str(k).strip().lower(): k for k in record}
    for name in TEXT_KEYS:
        if name in folded and isinstance(record[folded[name]], str):
            return folded[name]
    if loose:
        for name in TEXT_KEYS:
            for low, key in folded.items():
                if name in _TOKEN_SPLIT.split(low) and isinstance(record[key], str):
                    return key
    return None


def _key_in(record: dict[str, Any], names: Iterable[str]) -> Any:
    folded = {str(k).strip().lower(): k for k in record}
    for name in names:
        if name in folded and record[folded[name]] not in (None, ""):
            return record[folded[name]]
    return None


def _resolve(obj: Any, field: str) -> tuple[bool, Any]:
    """Follow a key, a dotted path or a JSON pointer from ``obj``: (found, value)."""
    if field.startswith("/"):
        parts = [p.replace("~1", "/").replace("~0", "~") for p in field.split("/")[1:]]
    else:
        if isinstance(obj, dict):
            if field in obj:
                return True, obj[field]
            folded = {str(k).strip().lower(): k for k in obj}
            if field.strip().lower() in folded:
                return True, obj[folded[field.strip().lower()]]
        parts = field.split(".")
    for part in parts:
        if isinstance(obj, dict) and part in obj:
            obj = obj[part]
        elif isinstance(obj, list) and part.isdigit() and int(part) < len(obj):
            obj = obj[int(part)]
        else:
            return False, None
    return True, obj


def _generic_texts(
    data: Any,
    text_field: str | None,
    id_field: str | None,
    text_format: str,
    syn: str,
    path: str | None,
) -> list[_Text] | None:
    """The records' texts in generic mode; ``None`` when no record has a text field."""
    if text_field and text_field.startswith("/"):
        found, value = _resolve(data, text_field)
        if found and isinstance(value, str):
            return [_Text(value, text_format, text_field, text_field)] if value else []
        if found and isinstance(value, list) and value and all(isinstance(v, str) for v in value):
            return [
                _Text(v, text_format, f"{text_field}/{i}", text_field)
                for i, v in enumerate(value)
                if v
            ]
    out: list[_Text] = []
    found_any = False
    records = _generic_records(data)
    primary = None  # the text key most records use: elsewhere it must hold a string too
    if not text_field:
        keys = [_text_key(r, loose=syn == "csv") for r, _, _ in records if isinstance(r, dict)]
        keys = [k for k in keys if k is not None]
        primary = max(set(keys), key=keys.count) if keys else None
    for record, default, line in records:
        if not isinstance(record, dict):
            if text_field:
                continue
            raise InputError(
                path, f"record is {_kind(record)}, not an object", record=default, line=line
            )
        key: str | None
        if text_field:
            found, value = _resolve(record, text_field)
            key = text_field
            if not found:
                continue
        else:
            key = _text_key(record, loose=syn == "csv")
            if key is None and primary in record and record[primary] is not None:
                key = primary  # not a string: reported below
            if key is None:
                continue
            value = record[key]
        found_any = True
        ident = _resolve(record, id_field)[1] if id_field else _key_in(record, ID_KEYS)
        title = None if id_field else _key_in(record, TITLE_KEYS)
        label = _label(ident, title if isinstance(title, str) else None, default)
        value = _string(value, str(key), label, line, path)
        if value:
            hint = (
                "html"
                if text_format == "auto" and str(key).lower().endswith("html")
                else text_format
            )
            out.append(_Text(value, hint, label, str(key)))
    return out if found_any else None


def _plain_strings(data: Any, text_format: str) -> list[_Text] | None:
    """A list of strings, or a mapping of names to strings (named explicitly only)."""
    if isinstance(data, list) and data and all(isinstance(v, str) for v in data):
        labels = getattr(data, "labels", None)
        return [
            _Text(v, text_format, labels[i] if labels else f"#{i + 1}", "")
            for i, v in enumerate(data)
            if v
        ]
    if isinstance(data, dict) and data and all(isinstance(v, str) for v in data.values()):
        return [_Text(v, text_format, str(k), str(k)) for k, v in data.items() if v]
    if isinstance(data, str) and data:
        return [_Text(data, text_format, None, "")]
    return None


# -- segments --------------------------------------------------------------------------------


def _segments(item: _Text, directives: tuple[Directive, ...], path: str | None) -> list[Segment]:
    value = item.value
    if isinstance(value, LocStr):
        starts, ends = value.charmap()
    else:  # cannot happen: every string the parsers give is located
        starts, ends = [0] * len(value), [0] * len(value)
    if _is_html(value, item.hint):  # the HTML reader, composed with the string's own map
        return html_segments(
            str(value),
            record=item.record,
            starts=starts,
            ends=ends,
            directives=directives,
            path=path,
        )
    text = quotes.blank(templates.mask(str(value)), quotes.hidden_ranges(str(value)))
    if directives:
        text = _blank_directives(text, starts, directives)
    if not text.strip():
        return []
    return [_segment(text, starts, ends, item.record)]


def looks_like_html(text: str) -> bool:
    """Whether a text holds HTML tags (``text_format="auto"``)."""
    return bool(_TAG_LIKE.search(text))


def _is_html(value: str, hint: str) -> bool:
    """``auto``: HTML when it has tags; ``html``: also when it has character references only
    (a text with neither reads the same either way, and keeps its blank lines as text)."""
    if hint == "text":
        return False
    if looks_like_html(value):
        return True
    return hint == "html" and bool(_ENTITY.search(value))


def _blank_directives(text: str, starts: list[int], directives: tuple[Directive, ...]) -> str:
    lo, hi = (min(starts), max(starts)) if starts else (0, 0)
    inside = [d for d in directives if d.start <= hi and d.end > lo]
    if not inside:
        return text
    chars = list(text)
    for i, s in enumerate(starts):
        if chars[i] != "\n" and any(d.start <= s < d.end for d in inside):
            chars[i] = " "
    return "".join(chars)


def _segment(text: str, starts: list[int], ends: list[int], record: str | None) -> Segment:
    if not starts:
        return Segment(text, 0, record=record)
    offset = starts[0]
    pairs = enumerate(zip(starts, ends, strict=True))
    if all(s == offset + i and e == s + 1 for i, (s, e) in pairs):
        return Segment(text, offset, record=record)
    return Segment(text, offset, OffsetRuns(starts), OffsetRuns(ends), record)
