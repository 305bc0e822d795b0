"""Ticket-archive exports read as a stream of replies: only what the business sent to customers.

Each reader yields :class:`Reply` objects for agent-authored public replies and counts what it
skips (customers' messages, internal notes, authors of unknown role, empty or oversized records)
in a :class:`ReadStats`. JSON is read with ``ijson`` (never loaded whole), JSON Lines and CSV a
line or a row at a time, so an archive of any size is read in bounded memory; ``max-file-size``
applies to each record, not to the archive.
"""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, BinaryIO

from ..errors import InputError

#: Input formats of ``apologylint audit`` (``--input-format``).
AUDIT_FORMATS = ("zendesk-tickets", "freshdesk-tickets", "csv", "jsonl", "json")
DEFAULT_AGENT_ROLES = ("agent", "admin")

# Freshdesk's documented source codes (API v2).
_FRESHDESK_TICKET_SOURCES = {
    1: "email",
    2: "portal",
    3: "phone",
    7: "chat",
    9: "feedback-widget",
    10: "outbound-email",
}


@dataclass(frozen=True)
class Reply:
    """One reply the business sent: its text and what the report groups it by."""

    id: str
    text: str
    html: bool = False
    ticket: str | None = None
    author: str | None = None
    author_name: str | None = None
    time: datetime | None = None
    group: str | None = None
    channel: str | None = None
    macro: str | None = None


@dataclass
class ReadStats:
    """What was read and what was skipped, and why."""

    records: int = 0
    replies: int = 0
    customer: int = 0
    internal: int = 0
    unknown_author: int = 0
    empty: int = 0
    oversized: int = 0
    errors: list[InputError] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, int]:
        return {
            "records": self.records,
            "replies": self.replies,
            "customer_messages_skipped": self.customer,
            "internal_notes_skipped": self.internal,
            "unknown_author_skipped": self.unknown_author,
            "empty_skipped": self.empty,
            "oversized_skipped": self.oversized,
            "errors": len(self.errors),
        }


@dataclass(frozen=True)
class Fields:
    """Field names of a generic CSV/JSON Lines/JSON export (dotted paths allowed in JSON)."""

    text: str = "text"
    ticket: str | None = None
    author: str | None = None
    role: str | None = None
    public: str | None = None
    time: str | None = None
    group: str | None = None
    channel: str | None = None
    macro: str | None = None
    id: str | None = None


def format_for(path: str) -> str:
    suffix = Path(path).suffix.lower()
    if suffix == ".csv":
        return "csv"
    if suffix in (".jsonl", ".ndjson"):
        return "jsonl"
    return "zendesk-tickets"


def read_replies(
    paths: Sequence[str],
    input_format: str | None = None,
    *,
    fields: Fields | None = None,
    agent_roles: Iterable[str] = DEFAULT_AGENT_ROLES,
    max_record_size: int | None = 10 * 1024 * 1024,
    stats: ReadStats | None = None,
) -> Iterator[Reply]:
    """Stream the agent-authored public replies of ``paths``; ``stats`` (if given) counts what
    was read and skipped and collects the errors (a bad file is reported, the rest is read)."""
    stats = stats if stats is not None else ReadStats()
    roles = frozenset(r.strip().lower() for r in agent_roles if r.strip())
    fields = fields or Fields()
    fmts = {p: input_format or format_for(p) for p in paths}
    for p, fmt in fmts.items():
        if fmt not in AUDIT_FORMATS:
            raise InputError(
                p, f"unknown input format {fmt!r} (one of: {', '.join(AUDIT_FORMATS)})"
            )
    zendesk = [p for p, f in fmts.items() if f == "zendesk-tickets"]
    users: dict[str, tuple[str, str | None]] = {}
    groups: dict[str, str] = {}
    if zendesk:
        _zendesk_directory(zendesk, users, groups, stats)
    for path in paths:
        fmt = fmts[path]
        reader = _Reader(path, stats, roles, max_record_size)
        try:
            if fmt == "zendesk-tickets":
                yield from reader.zendesk(users, groups)
            elif fmt == "freshdesk-tickets":
                yield from reader.freshdesk()
            else:
                yield from reader.generic(fmt, fields)
        except InputError as exc:
            stats.errors.append(exc)
        except OSError as exc:
            stats.errors.append(InputError(path, exc.strerror or str(exc)))


# -- helpers ------------------------------------------------------------------------------------


def _open(path: str) -> BinaryIO:
    try:
        if os.path.isdir(path):
            raise InputError(path, "is a directory")
        return open(path, "rb")
    except FileNotFoundError:
        raise InputError(path, "no such file or directory") from None
    except PermissionError:
        raise InputError(path, "permission denied") from None


def _json_error(path: str, exc: Exception) -> InputError:
    return InputError(path, f"not valid JSON: {exc}")


def parse_time(value: Any) -> datetime | None:
    """ISO 8601 (``2019-06-03T02:23:47Z``) or Unix seconds; ``None`` when absent or unreadable."""
    if value is None or value == "":
        return None
    try:
        if isinstance(value, (int, float)) or (isinstance(value, str) and value.isdigit()):
            return datetime.fromtimestamp(float(value), tz=timezone.utc)
        text = str(value).strip().replace("Z", "+00:00")
        if " " in text and "T" not in text:
            text = text.replace(" ", "T", 1)
        parsed = datetime.fromisoformat(text)
    except (ValueError, OverflowError, OSError):
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)


def _truthy(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if value is None:
        return True
    return str(value).strip().lower() not in ("false", "0", "no", "n", "private", "internal", "")


def _resolve(obj: Any, name: str) -> Any:
    if isinstance(obj, dict) and name in obj:
        return obj[name]
    for part in name.split("."):
        if isinstance(obj, dict) and part in obj:
            obj = obj[part]
        else:
            return None
    return obj


def _str(value: Any) -> str | None:
    return None if value is None or value == "" else str(value)


def _via_macro(via: Any) -> str | None:
    """A macro named by a Zendesk ``via`` object (``source.rel`` is ``macro``)."""
    if not isinstance(via, dict):
        return None
    source = via.get("source") or {}
    if isinstance(source, dict) and source.get("rel") in ("macro", "macro_reference"):
        origin = source.get("from") or {}
        if isinstance(origin, dict):
            return _str(origin.get("title")) or _str(origin.get("id"))
    return None


class _Reader:
    def __init__(
        self, path: str, stats: ReadStats, roles: frozenset[str], max_size: int | None
    ) -> None:
        self.path = path
        self.stats = stats
        self.roles = roles
        self.max_size = max_size

    def _reply(self, reply: Reply) -> Reply | None:
        """Count ``reply``; ``None`` when it is empty or over the size limit."""
        if not reply.text.strip():
            self.stats.empty += 1
            return None
        if self.max_size is not None and len(reply.text.encode("utf-8", "replace")) > self.max_size:
            self.stats.oversized += 1
            self.stats.errors.append(
                InputError(
                    self.path,
                    f"reply over the {self.max_size:,}-byte limit (max-file-size); not linted",
                    record=reply.id,
                )
            )
            return None
        self.stats.replies += 1
        return reply

    # -- Zendesk --------------------------------------------------------------------------

    def zendesk(
        self, users: dict[str, tuple[str, str | None]], groups: dict[str, str]
    ) -> Iterator[Reply]:
        import ijson

        if Path(self.path).suffix.lower() in (".jsonl", ".ndjson"):
            for obj in self._jsonl_objects():
                yield from self._zendesk_object(obj, users, groups)
            return
        kind = _top_kind(self.path)
        if kind is None:
            raise InputError(
                self.path,
                "not a Zendesk ticket export (expected 'tickets', 'ticket', 'audits' or "
                "'comments', or a list of tickets)",
            )
        if kind in ("users", "groups"):
            return
        with _open(self.path) as f:
            try:
                if kind == "ticket":
                    items: Iterable[Any] = ijson.items(f, "ticket", use_float=True)
                elif kind == "array":
                    items = ijson.items(f, "item", use_float=True)
                else:
                    items = ijson.items(f, f"{kind}.item", use_float=True)
                comments_ticket = Path(self.path).stem
                for obj in items:
                    if kind == "comments":
                        yield from self._zendesk_comment(
                            obj, {"id": comments_ticket}, users, groups, None
                        )
                    else:
                        yield from self._zendesk_object(obj, users, groups)
            except ijson.JSONError as exc:
                raise _json_error(self.path, exc) from None

    def _zendesk_object(
        self, obj: Any, users: dict[str, tuple[str, str | None]], groups: dict[str, str]
    ) -> Iterator[Reply]:
        if not isinstance(obj, dict):
            return
        if "events" in obj and "ticket_id" in obj:  # an audit
            macro = next(
                (
                    _str(e.get("macro_title")) or _str(e.get("macro_id"))
                    for e in obj.get("events") or ()
                    if isinstance(e, dict) and e.get("type") == "AgentMacroReference"
                ),
                None,
            ) or _via_macro(obj.get("via"))
            ticket = {"id": obj.get("ticket_id"), "via": obj.get("via")}
            for event in obj.get("events") or ():
                if isinstance(event, dict) and event.get("type") in ("Comment", "VoiceComment"):
                    comment = {
                        **event,
                        "author_id": event.get("author_id", obj.get("author_id")),
                        "created_at": event.get("created_at", obj.get("created_at")),
                    }
                    yield from self._zendesk_comment(comment, ticket, users, groups, macro)
            return
        if "comments" in obj:  # a ticket with its comments
            for comment in obj.get("comments") or ():
                if isinstance(comment, dict):
                    yield from self._zendesk_comment(comment, obj, users, groups, None)

    def _zendesk_comment(
        self,
        comment: dict[str, Any],
        ticket: dict[str, Any],
        users: dict[str, tuple[str, str | None]],
        groups: dict[str, str],
        macro: str | None,
    ) -> Iterator[Reply]:
        self.stats.records += 1
        tid = _str(ticket.get("id"))
        rid = f"ticket {tid} comment {comment.get('id')}" if tid else f"comment {comment.get('id')}"
        if not _truthy(comment.get("public", True)):
            self.stats.internal += 1
            return
        author = _str(comment.get("author_id"))
        role, name = users.get(author or "", (None, None))
        if role is None:
            if author is not None and author == _str(ticket.get("requester_id")):
                role = "end-user"
            else:
                self.stats.unknown_author += 1
                return
        if role.lower() not in self.roles:
            self.stats.customer += 1
            return
        text, html = comment.get("body") or comment.get("plain_body"), False
        if not text and comment.get("html_body"):
            text, html = comment.get("html_body"), True
        via = ticket.get("via") if isinstance(ticket.get("via"), dict) else {}
        group = _str(ticket.get("group_id"))
        reply = self._reply(
            Reply(
                id=rid,
                text=str(text or ""),
                html=html,
                ticket=tid,
                author=author,
                author_name=name,
                time=parse_time(comment.get("created_at")),
                group=groups.get(group, f"group {group}") if group else None,
                channel=_str(via.get("channel")) if via else None,
                macro=macro or _via_macro(comment.get("via")),
            )
        )
        if reply is not None:
            yield reply

    # -- Freshdesk (experimental: from the documented API v2 shape) ------------------------

    def freshdesk(self) -> Iterator[Reply]:
        import ijson

        if Path(self.path).suffix.lower() in (".jsonl", ".ndjson"):
            objects: Iterable[Any] = self._jsonl_objects()
            yield from self._freshdesk_objects(objects)
            return
        kind = _top_kind(self.path)
        prefix = {"array": "item", "tickets": "tickets.item", "conversations": "conversations.item"}
        if kind not in prefix:
            raise InputError(
                self.path,
                "not a Freshdesk ticket export (expected a list of tickets with "
                "'conversations', or a list of conversations)",
            )
        with _open(self.path) as f:
            try:
                yield from self._freshdesk_objects(ijson.items(f, prefix[kind], use_float=True))
            except ijson.JSONError as exc:
                raise _json_error(self.path, exc) from None

    def _freshdesk_objects(self, objects: Iterable[Any]) -> Iterator[Reply]:
        for obj in objects:
            if not isinstance(obj, dict):
                continue
            if "conversations" in obj:
                if obj.get("description_text") or obj.get("description"):
                    self.stats.records += 1
                    self.stats.customer += 1  # the ticket's first message is the customer's
                for conv in obj.get("conversations") or ():
                    if isinstance(conv, dict):
                        yield from self._freshdesk_conversation(conv, obj)
            elif "body_text" in obj or "body" in obj:
                yield from self._freshdesk_conversation(obj, {"id": obj.get("ticket_id")})

    def _freshdesk_conversation(
        self, conv: dict[str, Any], ticket: dict[str, Any]
    ) -> Iterator[Reply]:
        self.stats.records += 1
        if conv.get("private"):
            self.stats.internal += 1
            return
        if conv.get("incoming"):
            self.stats.customer += 1
            return
        tid = _str(ticket.get("id") or conv.get("ticket_id"))
        text, html = conv.get("body_text"), False
        if not text and conv.get("body"):
            text, html = conv.get("body"), True
        source = ticket.get("source")
        reply = self._reply(
            Reply(
                id=f"ticket {tid} conversation {conv.get('id')}",
                text=str(text or ""),
                html=html,
                ticket=tid,
                author=_str(conv.get("user_id")),
                time=parse_time(conv.get("created_at")),
                group=f"group {ticket['group_id']}" if ticket.get("group_id") else None,
                channel=_FRESHDESK_TICKET_SOURCES.get(source, _str(source))
                if isinstance(source, int)
                else _str(source),
            )
        )
        if reply is not None:
            yield reply

    # -- generic CSV / JSON Lines / JSON -----------------------------------------------------

    def generic(self, fmt: str, fields: Fields) -> Iterator[Reply]:
        if fmt == "csv":
            records: Iterable[tuple[int, Any]] = self._csv_rows()
        elif fmt == "jsonl":
            records = self._jsonl_objects(numbered=True)
        else:
            records = self._json_items()
        seen_text = False
        for n, record in records:
            if not isinstance(record, dict):
                raise InputError(self.path, "a record is not an object", line=n)
            self.stats.records += 1
            if not seen_text:
                if _resolve(record, fields.text) is None and fields.text not in record:
                    keys = ", ".join(list(record)[:12])
                    raise InputError(
                        self.path, f"no field {fields.text!r} (--text-field); fields: {keys}"
                    )
                seen_text = True
            if fields.public and not _truthy(_resolve(record, fields.public)):
                self.stats.internal += 1
                continue
            if fields.role:
                role = _str(_resolve(record, fields.role))
                if role is None:
                    self.stats.unknown_author += 1
                    continue
                if role.strip().lower() not in self.roles:
                    self.stats.customer += 1
                    continue

            def get(name: str | None, record: Any = record) -> str | None:
                return _str(_resolve(record, name)) if name else None

            ticket = get(fields.ticket)
            rid = get(fields.id) or (f"ticket {ticket} line {n}" if ticket else f"line {n}")
            author = get(fields.author)
            text = _resolve(record, fields.text)
            reply = self._reply(
                Reply(
                    id=rid,
                    text="" if text is None else str(text),
                    html=False,
                    ticket=ticket,
                    author=author,
                    author_name=author,
                    time=parse_time(_resolve(record, fields.time)) if fields.time else None,
                    group=get(fields.group),
                    channel=get(fields.channel),
                    macro=get(fields.macro),
                )
            )
            if reply is not None:
                yield reply

    def _csv_rows(self) -> Iterator[tuple[int, dict[str, str]]]:
        try:
            f = open(self.path, encoding="utf-8-sig", newline="", errors="strict")  # noqa: SIM115
        except FileNotFoundError:
            raise InputError(self.path, "no such file or directory") from None
        with f:
            try:
                sample = f.read(64 * 1024)
                f.seek(0)
                try:
                    dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t|")
                except csv.Error:
                    dialect = csv.excel
                # a record may be large; the per-record limit is checked on its text
                csv.field_size_limit(max(self.max_size or 0, 128 * 1024 * 1024))
                reader = csv.DictReader(f, dialect=dialect)
                for row in reader:
                    yield reader.line_num, row
            except UnicodeDecodeError:
                raise InputError(self.path, "not UTF-8 (re-export the CSV as UTF-8)") from None
            except csv.Error as exc:
                raise InputError(self.path, f"not valid CSV: {exc}") from None

    def _jsonl_objects(self, numbered: bool = False) -> Iterator[Any]:
        with _open(self.path) as f:
            for n, raw in enumerate(f, 1):
                if not raw.strip():
                    continue
                if self.max_size is not None and len(raw) > self.max_size * 2 + 4096:
                    # a line this long holds a reply over the limit: skip it unparsed
                    self.stats.records += 1
                    self.stats.oversized += 1
                    self.stats.errors.append(
                        InputError(self.path, "record over the size limit", line=n)
                    )
                    continue
                try:
                    obj = json.loads(raw)
                except (ValueError, UnicodeDecodeError) as exc:
                    self.stats.errors.append(
                        InputError(self.path, f"not valid JSON: {exc}", line=n)
                    )
                    continue
                yield (n, obj) if numbered else obj

    def _json_items(self) -> Iterator[tuple[int, Any]]:
        import ijson

        kind = _top_kind(self.path, generic=True)
        if kind is None:
            raise InputError(
                self.path, "expected a JSON list of records (or an object holding one)"
            )
        prefix = "item" if kind == "array" else f"{kind}.item"
        with _open(self.path) as f:
            try:
                yield from enumerate(ijson.items(f, prefix, use_float=True), 1)
            except ijson.JSONError as exc:
                raise _json_error(self.path, exc) from None


_ZENDESK_KEYS = ("tickets", "ticket", "audits", "comments", "users", "groups")
_FRESHDESK_KEYS = ("conversations",)


def _top_kind(path: str, *, generic: bool = False) -> str | None:
    """What the JSON file holds, from its first top-level key that names a list of records
    (``array`` for a top-level list). Reads only as far as that key."""
    import ijson

    found: str | None = None
    with _open(path) as f:
        try:
            for prefix, event, value in ijson.parse(f):
                if prefix == "" and event == "start_array":
                    return "array"
                if prefix == "" and event == "map_key":
                    if value in ("users", "groups"):
                        found = found or value  # sideloaded; the tickets may follow
                    elif value in _ZENDESK_KEYS or value in _FRESHDESK_KEYS:
                        return str(value)
                elif generic and event == "start_array" and prefix and "." not in prefix:
                    return str(prefix)  # the first top-level key that holds a list
                if prefix == "" and event in ("string", "number", "boolean", "null"):
                    return None
        except ijson.JSONError as exc:
            raise _json_error(path, exc) from None
    return found


def _zendesk_directory(
    paths: Sequence[str],
    users: dict[str, tuple[str, str | None]],
    groups: dict[str, str],
    stats: ReadStats,
) -> None:
    """Users (id → role, name) and groups (id → name) from every Zendesk file that has them
    (a users export, or users and groups sideloaded beside tickets)."""
    import ijson

    for path in paths:
        try:
            if Path(path).suffix.lower() in (".jsonl", ".ndjson"):
                with _open(path) as f:
                    for raw in f:
                        try:
                            obj = json.loads(raw)
                        except ValueError:
                            continue
                        if isinstance(obj, dict) and "role" in obj and "id" in obj:
                            users[str(obj["id"])] = (str(obj["role"]), _str(obj.get("name")))
                continue
            with _open(path) as f:
                for prefix, obj in _items_under(ijson, f, ("users.item", "user", "groups.item")):
                    if not isinstance(obj, dict) or "id" not in obj:
                        continue
                    if prefix == "groups.item":
                        if obj.get("name"):
                            groups[str(obj["id"])] = str(obj["name"])
                    elif obj.get("role"):
                        users[str(obj["id"])] = (str(obj["role"]), _str(obj.get("name")))
        except InputError as exc:
            stats.errors.append(exc)
        except ijson.JSONError:
            pass  # reported when the file is read for replies
    if not users:
        stats.notices.append(
            "no Zendesk users found (give the users export, or sideload users): only comments "
            "by a ticket's requester can be told apart, other authors are skipped as unknown"
        )


def _items_under(ijson: Any, f: BinaryIO, prefixes: Sequence[str]) -> Iterator[tuple[str, Any]]:
    """(prefix, object) for every object under one of ``prefixes``, in one pass."""
    builders: dict[str, Any] = {}
    for prefix, event, value in ijson.parse(f, use_float=True):
        if prefix in prefixes and event in ("start_map", "start_array") and prefix not in builders:
            builders[prefix] = ijson.ObjectBuilder()
        if builders:
            for p, builder in list(builders.items()):
                builder.event(event, value)
                if prefix == p and event in ("end_map", "end_array"):
                    yield p, builder.value
                    del builders[p]
